/* table.h -- aligned text columns for terminal and pipe output */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_CLI_TABLE_H
#define ACCESSREVIEW_CLI_TABLE_H

#include <stddef.h>
#include <stdio.h>

/*
 * Rows are kept until cli_table_print, which sizes each column to its
 * widest cell so that long emails never push the columns out of line.
 * On a terminal, columns but the last are capped at `cap` characters and
 * cut with an ellipsis; on a pipe nothing is ever cut.  Control
 * characters in cells are escaped (cli_printable) before they are kept.
 */
struct cli_table {
	size_t columns;
	char **cells;                /* rows * columns, owned */
	size_t rows;
	size_t alloc;
};

void cli_table_init(struct cli_table *table, size_t columns);
/* Add a row of table->columns cells (NULL shows as "-"). */
void cli_table_add(struct cli_table *table, const char *const *cells);
/* Print every row; a terminal caps columns at cap characters. */
void cli_table_print(const struct cli_table *table, FILE *out, int terminal,
		     size_t cap);
void cli_table_release(struct cli_table *table);

#endif
