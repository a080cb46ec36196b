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
 * Where in an input a problem is: a file (or URL), and a line or a record
 * number (1-based; 0 when unknown).  Readers keep one per item they read
 * and pass it to ar_error_at and to warnings, instead of formatting
 * "path:line" themselves.
 */
struct ar_location {
	const char *path;
	long line;
	long record;
};

#define AR_LOCATION_LINE(path, line) \
	((struct ar_location){ (path), (line), 0 })
#define AR_LOCATION_RECORD(path, record) \
	((struct ar_location){ (path), 0, (record) })
#define AR_LOCATION_FILE(path) ((struct ar_location){ (path), 0, 0 })

/*
 * Format a location as people read it: "path:12", "path: record 3" or
 * "path" (empty for a NULL path).  Returns out.
 */
char *ar_location_format(const struct ar_location *where, char *out,
			 size_t size);

/*
 * The first error raised wins: later ar_error_set calls on a filled error
 * are ignored, so the root cause is never overwritten.  Context can be
 * prepended with ar_error_prefix.
 *
 * `message` is the whole text as printed ("path:12: problem"); the other
 * fields hold the same facts for machines (JSON logs, tests).
 */
struct ar_error {
	enum ar_rc code;
	char message[1024];
	char path[512];          /* the input, "" when not about an input */
	long line;               /* 1-based line of the input, 0 if none */
	long record;             /* 1-based record of the input, 0 if none */
	int system_errno;        /* errno of a failed system call, else 0 */
	int library_code;        /* a library's own code (SQLite, libldap) */
	const char *source_file; /* C file that raised it, shown with -v */
	int source_line;
};

#define AR_ERROR_INIT { AR_OK, { 0 }, { 0 }, 0, 0, 0, 0, NULL, 0 }

#define ar_error_set(err, code, ...) \
	ar_error_set_at((err), (code), __FILE__, __LINE__, __VA_ARGS__)

/* "where: problem", with the location kept in the struct. */
#define ar_error_at(err, code, where, ...) \
	ar_error_at_location((err), (code), (where), __FILE__, __LINE__, \
			     __VA_ARGS__)

/* "problem: strerror(errnum)", with errnum kept. */
#define ar_error_errno(err, code, errnum, ...) \
	ar_error_errno_at((err), (code), (errnum), __FILE__, __LINE__, \
			  __VA_ARGS__)

/* Fill err (if still empty) and return code.  err may be NULL. */
enum ar_rc ar_error_set_at(struct ar_error *err, enum ar_rc code,
			   const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
enum ar_rc ar_error_at_location(struct ar_error *err, enum ar_rc code,
				const struct ar_location *where,
				const char *file, int line, const char *fmt,
				...) __attribute__((format(printf, 6, 7)));
enum ar_rc ar_error_errno_at(struct ar_error *err, enum ar_rc code,
			     int errnum, const char *file, int line,
			     const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Record a library's result code on an already filled error. */
void ar_error_set_library_code(struct ar_error *err, int library_code);

/* Prepend "context: " to an already filled message. */
void ar_error_prefix(struct ar_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Forget a filled error (used after a warning was reported). */
void ar_error_clear(struct ar_error *err);

/* Stable lowercase name of a code: "data", "config", ... */
const char *ar_rc_name(enum ar_rc code);

#endif
