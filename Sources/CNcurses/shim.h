#ifndef TEAMWORK_CNCURSES_SHIM_H
#define TEAMWORK_CNCURSES_SHIM_H
// Swift 6 cannot use ncurses' mutable globals (stdscr, LINES, COLS) or its macros
// (COLOR_PAIR, A_BOLD, …) directly: these static inline wrappers make them callable.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>

static inline WINDOW *tw_stdscr(void) { return stdscr; }
static inline int tw_lines(void) { return LINES; }
static inline int tw_cols(void) { return COLS; }
static inline int tw_colors(void) { return COLORS; }
static inline int tw_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t tw_a_bold(void) { return A_BOLD; }
static inline attr_t tw_a_reverse(void) { return A_REVERSE; }
static inline attr_t tw_a_underline(void) { return A_UNDERLINE; }
static inline attr_t tw_a_dim(void) { return A_DIM; }
static inline attr_t tw_a_normal(void) { return A_NORMAL; }
static inline int tw_key_resize(void) { return KEY_RESIZE; }
static inline int tw_err(void) { return ERR; }

/// Draws one (possibly wide) character with attributes and colour pair at (y, x).
static inline int tw_put(int y, int x, const wchar_t *text, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attrs, pair, NULL) != OK) return ERR;
    return mvadd_wch(y, x, &cell);
}

static inline int tw_get_wch(wint_t *out) { return get_wch(out); }
#endif
