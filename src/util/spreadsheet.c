/* spreadsheet.c -- CSV cells that a spreadsheet opens as text, never formulas */
/* SPDX-License-Identifier: MIT */
#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "accessreview/mem.h"
#include "accessreview/spreadsheet.h"

int spreadsheet_is_formula(const char *text)
{
	return text != NULL && text[0] != '\0' &&
	       strchr("=+-@\t\r", text[0]) != NULL;
}

void spreadsheet_add_cell(struct ar_buf *out, const char *text, int first)
{
	const char *cell = text ? text : "";
	size_t length = strlen(cell);
	char *neutral = NULL;
	char *quoted;
	size_t quoted_size;

	if (!first)
		ar_buf_addch(out, ',');
	if (spreadsheet_is_formula(cell)) {
		neutral = ar_malloc(length + 2);
		neutral[0] = '\'';
		memcpy(neutral + 1, cell, length + 1);
		cell = neutral;
		length++;
	}
	/* libcsv quotes every cell and doubles inner quotes: a cell with a
	 * comma, quote or line break stays one cell */
	quoted_size = length * 2 + 2;
	quoted = ar_malloc(quoted_size);
	ar_buf_add(out, quoted, csv_write(quoted, quoted_size, cell, length));
	free(quoted);
	free(neutral);
}

void spreadsheet_end_row(struct ar_buf *out)
{
	ar_buf_adds(out, "\r\n");
}

const char *spreadsheet_strip_prefix(const char *text)
{
	if (text != NULL && text[0] == '\'' && spreadsheet_is_formula(text + 1))
		return text + 1;
	return text;
}
