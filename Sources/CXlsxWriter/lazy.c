// The libxlsxwriter functions teamwork calls, each forwarding to the library loaded with dlopen on
// first use (see include/CXlsxWriter.h). The declarations come from xlsxwriter.h, so the
// compiler checks every signature here against the installed library's header.
#include "CXlsxWriter.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static void *library;
static const char *load_error;
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
    // The SONAME of Debian 12's libxlsxwriter4, then the development link of any version.
    library = dlopen("libxlsxwriter.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!library) library = dlopen("libxlsxwriter.so", RTLD_NOW | RTLD_LOCAL);
    if (!library) load_error = dlerror();
}

const char *tw_xlsxwriter_unavailable(void) {
    pthread_once(&load_once, load);
    return library ? NULL : (load_error ? load_error : "libxlsxwriter.so not found");
}

static void *symbol(const char *name) {
    if (tw_xlsxwriter_unavailable()) {
        fprintf(stderr, "teamwork: libxlsxwriter fehlt (%s)\n", load_error);
        abort();
    }
    void *address = dlsym(library, name);
    if (!address) {
        fprintf(stderr, "teamwork: libxlsxwriter hat keine Funktion %s – Version zu alt?\n", name);
        abort();
    }
    return address;
}

// The pointer is written at most once per function with the same value; a second thread that
// races the first write only looks it up again.
#define LAZY(ret, name, params, args) \
    ret name params { \
        static ret (*real) params; \
        if (!real) real = (ret (*) params) symbol(#name); \
        return real args; \
    }

LAZY(lxw_workbook *, workbook_new, (const char *filename), (filename))
LAZY(lxw_error, workbook_close, (lxw_workbook *workbook), (workbook))
LAZY(lxw_worksheet *, workbook_add_worksheet, (lxw_workbook *workbook, const char *sheetname), (workbook, sheetname))
LAZY(lxw_format *, workbook_add_format, (lxw_workbook *workbook), (workbook))
LAZY(char *, lxw_strerror, (lxw_error error_num), (error_num))
LAZY(lxw_error, worksheet_write_url_opt, (lxw_worksheet *worksheet, lxw_row_t row_num, lxw_col_t col_num,
     const char *url, lxw_format *format, const char *string, const char *tooltip),
     (worksheet, row_num, col_num, url, format, string, tooltip))
LAZY(lxw_error, worksheet_write_string, (lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col, const char *string,
     lxw_format *format), (worksheet, row, col, string, format))
LAZY(lxw_error, worksheet_write_number, (lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col, double number,
     lxw_format *format), (worksheet, row, col, number, format))
LAZY(lxw_error, worksheet_write_formula_num, (lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col,
     const char *formula, lxw_format *format, double result), (worksheet, row, col, formula, format, result))
LAZY(lxw_error, worksheet_write_datetime, (lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col,
     lxw_datetime *datetime, lxw_format *format), (worksheet, row, col, datetime, format))
LAZY(lxw_error, worksheet_write_comment_opt, (lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col,
     const char *string, lxw_comment_options *options), (worksheet, row, col, string, options))
LAZY(lxw_error, worksheet_set_row, (lxw_worksheet *worksheet, lxw_row_t row, double height, lxw_format *format),
     (worksheet, row, height, format))
LAZY(void, worksheet_set_paper, (lxw_worksheet *worksheet, uint8_t paper_type), (worksheet, paper_type))
LAZY(void, worksheet_set_landscape, (lxw_worksheet *worksheet), (worksheet))
LAZY(lxw_error, worksheet_set_header, (lxw_worksheet *worksheet, const char *string), (worksheet, string))
LAZY(lxw_error, worksheet_set_footer, (lxw_worksheet *worksheet, const char *string), (worksheet, string))
LAZY(lxw_error, worksheet_set_column, (lxw_worksheet *worksheet, lxw_col_t first_col, lxw_col_t last_col,
     double width, lxw_format *format), (worksheet, first_col, last_col, width, format))
LAZY(lxw_error, worksheet_repeat_rows, (lxw_worksheet *worksheet, lxw_row_t first_row, lxw_row_t last_row),
     (worksheet, first_row, last_row))
LAZY(void, worksheet_freeze_panes, (lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col), (worksheet, row, col))
LAZY(void, worksheet_fit_to_pages, (lxw_worksheet *worksheet, uint16_t width, uint16_t height),
     (worksheet, width, height))
LAZY(lxw_error, worksheet_autofilter, (lxw_worksheet *worksheet, lxw_row_t first_row, lxw_col_t first_col,
     lxw_row_t last_row, lxw_col_t last_col), (worksheet, first_row, first_col, last_row, last_col))
LAZY(void, worksheet_activate, (lxw_worksheet *worksheet), (worksheet))
LAZY(void, format_set_align, (lxw_format *format, uint8_t alignment), (format, alignment))
LAZY(void, format_set_underline, (lxw_format *format, uint8_t style), (format, style))
LAZY(void, format_set_top, (lxw_format *format, uint8_t style), (format, style))
LAZY(void, format_set_bottom, (lxw_format *format, uint8_t style), (format, style))
LAZY(void, format_set_text_wrap, (lxw_format *format), (format))
LAZY(void, format_set_pattern, (lxw_format *format, uint8_t index), (format, index))
LAZY(void, format_set_num_format, (lxw_format *format, const char *num_format), (format, num_format))
LAZY(void, format_set_italic, (lxw_format *format), (format))
LAZY(void, format_set_bold, (lxw_format *format), (format))
LAZY(void, format_set_indent, (lxw_format *format, uint8_t level), (format, level))
LAZY(void, format_set_font_size, (lxw_format *format, double size), (format, size))
LAZY(void, format_set_font_color, (lxw_format *format, lxw_color_t color), (format, color))
LAZY(void, format_set_bg_color, (lxw_format *format, lxw_color_t color), (format, color))
