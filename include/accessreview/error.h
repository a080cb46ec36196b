/* error.h -- result codes and the error struct every fallible call fills */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_ERROR_H
#define ACCESSREVIEW_ERROR_H

#include <stddef.h>

/*
 * Result codes, grouped by what the operator must do about them.  Only the
 * CLI layer turns them into exit statuses (src/cli/exit.c).
 */
enum ar_rc {
	AR_OK = 0,
	AR_ERR_USAGE,      /* bad command line (64) */
	AR_ERR_DATA,       /* malformed input data (65) */
	AR_ERR_NOINPUT,    /* an input file is missing or unreadable (66) */
	AR_ERR_CANTCREATE, /* an output cannot be written (73) */
	AR_ERR_TEMPFAIL,   /* try again later: lock held, server down (75) */
	AR_ERR_NOPERM,     /* permission denied, e.g. a rejected bind (77) */
	AR_ERR_CONFIG,     /* bad configuration (78) */
	AR_ERR_INTERNAL    /* a bug or a library failure (70) */
};

/*
 * The first error raised wins: later ar_error_set calls on a filled error
 * are ignored, so the root cause is never overwritten.  Context can be
 * prepended with ar_error_prefix.
 */
struct ar_error {
	enum ar_rc code;
	char message[1024];
	const char *source_file; /* C file that raised it, shown with -v */
	int source_line;
};

#define AR_ERROR_INIT { AR_OK, { 0 }, NULL, 0 }

#define ar_error_set(err, code, ...) \
	ar_error_set_at((err), (code), __FILE__, __LINE__, __VA_ARGS__)

/* Fill err (if still empty) and return code.  err may be NULL. */
enum ar_rc ar_error_set_at(struct ar_error *err, enum ar_rc code,
			   const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Prepend "context: " to an already filled message. */
void ar_error_prefix(struct ar_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Forget a filled error (used after a warning was reported). */
void ar_error_clear(struct ar_error *err);

/* Stable lowercase name of a code: "data", "config", ... */
const char *ar_rc_name(enum ar_rc code);

#endif
