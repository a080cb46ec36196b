/* spreadsheet.h -- CSV cells that a spreadsheet opens as text, never formulas */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_SPREADSHEET_H
#define ACCESSREVIEW_SPREADSHEET_H

#include "accessreview/buf.h"

/*
 * Every CSV the tool writes goes through here.  A cell starting with '=',
 * '+', '-', '@', a tab or a carriage return would run as a formula in
 * Excel, LibreOffice or Google Sheets (formula injection): it is written
 * with a leading apostrophe, which they show as text.  Cells are quoted
 * by libcsv when they need it.  Rows end in CRLF, and a file starts with
 * the UTF-8 byte order mark, so spreadsheets pick the right encoding.
 */
#define SPREADSHEET_BOM "\xEF\xBB\xBF"

/* Append one cell (NULL = empty), with the comma before it unless first. */
void spreadsheet_add_cell(struct ar_buf *out, const char *text, int first);
/* End the row. */
void spreadsheet_end_row(struct ar_buf *out);

/* 1 when text is a cell the writer would have prefixed. */
int spreadsheet_is_formula(const char *text);
/*
 * Undo the prefix on a cell read back: "'=SUM(A1)" is "=SUM(A1)" again;
 * any other text is returned as is.  Returns a pointer into text.
 */
const char *spreadsheet_strip_prefix(const char *text);

#endif
