#ifndef TEAMWORK_CXLSXWRITER_H
#define TEAMWORK_CXLSXWRITER_H
// libxlsxwriter (Debian libxlsxwriter-dev): writes .xlsx files with formulas, formats, comments.
// Only TeamworkXLSX's Workbook.swift calls it. The library is loaded on first use (lazy.c), not
// linked: it brings libminizip, libz and libcrypto, whose loading and relocation every start of
// teamwork would otherwise pay for.
#include <xlsxwriter.h>

/// NULL when libxlsxwriter can be used, else why not (English, from dlopen) – checked before
/// workbook_new, the first call of every export.
const char *tw_xlsxwriter_unavailable(void);

#endif
