/* buf.h -- growable byte buffer with an optional size cap */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_BUF_H
#define ACCESSREVIEW_BUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Rules (after git's strbuf): `buf` is never NULL and always NUL-terminated;
 * `len` is the real length and the data may hold NUL bytes; AR_BUF_INIT
 * allocates nothing.  `cap` (0 = none) bounds len: an append past it fails
 * with -1 and leaves the buffer unchanged, so a broken export cannot eat the
 * memory budget.
 */
struct ar_buf {
	char *buf;
	size_t len;
	size_t alloc;
	size_t cap;
};

extern char ar_buf_empty[];
#define AR_BUF_INIT { ar_buf_empty, 0, 0, 0 }

void ar_buf_init(struct ar_buf *sb, size_t cap);
/* Append; return 0, or -1 when the cap would be exceeded. */
int ar_buf_add(struct ar_buf *sb, const void *data, size_t length);
int ar_buf_adds(struct ar_buf *sb, const char *text);
int ar_buf_addch(struct ar_buf *sb, int ch);
int ar_buf_addf(struct ar_buf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int ar_buf_vaddf(struct ar_buf *sb, const char *fmt, va_list ap);
/* Empty the buffer but keep its memory. */
void ar_buf_reset(struct ar_buf *sb);
/* Free the memory; the buffer is AR_BUF_INIT again (cap kept). */
void ar_buf_release(struct ar_buf *sb);
/* Hand the string to the caller, who frees it; the buffer is reset. */
char *ar_buf_detach(struct ar_buf *sb, size_t *length);

#endif
