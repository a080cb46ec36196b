/* decisions_int.h -- a decision file's rows, shared by the import files */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_DECISIONS_INT_H
#define ACCESSREVIEW_DECISIONS_INT_H

#include <stddef.h>

#include "accessreview/decisions.h"

enum decision_column {
	COLUMN_ITEM, COLUMN_VERSION, COLUMN_SYSTEM, COLUMN_ACCOUNT,
	COLUMN_PERSON, COLUMN_ENTITLEMENT, COLUMN_PRIVILEGED,
	COLUMN_FINDINGS, COLUMN_MFA, COLUMN_DECISION, COLUMN_EXPIRES,
	COLUMN_COMMENT, COLUMN_COUNT
};

struct decision_row {
	long line;                   /* where the row starts in the file */
	char *cells[COLUMN_COUNT];   /* the formula guard already stripped */
	long long item;
	long long version;
};

struct decision_file {
	const char *path;
	char *data;                  /* the whole file */
	size_t length;
	struct decision_row *rows;
	size_t row_count;
	size_t row_capacity;         /* rows allocated, grown by doubling */
};

/* Problems are collected, not returned one by one: a refused file lists
 * every bad row at once. */
void decisions_problem(struct decisions_result *result, const char *path,
		       long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * Read and parse the file: size, NUL, UTF-8, CSV syntax, the header, the
 * cell count, item and version numbers, duplicate items.  Problems go to
 * result; the return is AR_OK unless the file cannot be read at all.
 */
enum ar_rc decision_file_read(struct decision_file *file, const char *path,
			      struct decisions_result *result,
			      struct ar_error *err);
void decision_file_release(struct decision_file *file);

#endif
