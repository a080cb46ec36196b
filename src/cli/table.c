/* table.c -- aligned text columns for terminal and pipe output */
/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "accessreview/buf.h"
#include "accessreview/mem.h"
#include "cli.h"
#include "table.h"

void cli_table_init(struct cli_table *table, size_t columns)
{
	memset(table, 0, sizeof(*table));
	table->columns = columns;
}

void cli_table_add(struct cli_table *table, const char *const *cells)
{
	struct ar_buf scratch = AR_BUF_INIT;

	if (table->rows == table->alloc) {
		table->alloc = table->alloc ? table->alloc * 2 : 64;
		table->cells = ar_realloc(table->cells, table->alloc *
							 table->columns *
							 sizeof(char *));
	}
	for (size_t c = 0; c < table->columns; c++) {
		const char *text = cells[c] && *cells[c] ? cells[c] : "-";

		table->cells[table->rows * table->columns + c] =
			ar_strdup(cli_printable(&scratch, text));
	}
	table->rows++;
	ar_buf_release(&scratch);
}

/* Characters, not bytes: UTF-8 continuation bytes take no column. */
static size_t display_width(const char *text)
{
	size_t width = 0;

	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		width += (*p & 0xC0) != 0x80;
	return width;
}

/* Print at most width characters of text, "..." when it is cut. */
static void print_cut(FILE *out, const char *text, size_t width)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t shown = 0;

	if (display_width(text) <= width) {
		fputs(text, out);
		return;
	}
	while (*p && shown < width - 1) {
		do
			fputc(*p++, out);
		while ((*p & 0xC0) == 0x80);
		shown++;
	}
	fputs("\xE2\x80\xA6", out); /* an ellipsis */
}

void cli_table_print(const struct cli_table *table, FILE *out, int terminal,
		     size_t cap)
{
	size_t *widths = ar_calloc(table->columns, sizeof(size_t));

	for (size_t r = 0; r < table->rows; r++)
		for (size_t c = 0; c < table->columns; c++) {
			size_t w = display_width(
				table->cells[r * table->columns + c]);

			if (terminal && w > cap)
				w = cap;
			if (w > widths[c])
				widths[c] = w;
		}
	for (size_t r = 0; r < table->rows; r++) {
		for (size_t c = 0; c < table->columns; c++) {
			const char *cell = table->cells[r * table->columns + c];
			int last = c + 1 == table->columns;

			if (last) {
				fputs(cell, out);
				break;
			}
			print_cut(out, cell, terminal ? cap : (size_t)-1);
			for (size_t pad = display_width(cell) < widths[c]
						  ? widths[c] - display_width(cell)
						  : 0;
			     pad > 0; pad--)
				fputc(' ', out);
			fputs("  ", out);
		}
		fputc('\n', out);
	}
	free(widths);
}

void cli_table_release(struct cli_table *table)
{
	for (size_t i = 0; i < table->rows * table->columns; i++)
		free(table->cells[i]);
	free(table->cells);
	memset(table, 0, sizeof(*table));
}
