#ifndef TEAMWORK_CXLSXWRITER_SHIM_H
#define TEAMWORK_CXLSXWRITER_SHIM_H
// libxlsxwriter (Debian libxlsxwriter-dev): writes .xlsx files with formulas, formats, comments.
// Only TeamworkXLSX's Workbook.swift calls it.
#include <xlsxwriter.h>
#endif
