/* buf.c -- growable byte buffer with an optional size cap */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accessreview/buf.h"
#include "accessreview/mem.h"

char ar_buf_empty[1];

void ar_buf_init(struct ar_buf *sb, size_t cap)
{
	sb->buf = ar_buf_empty;
	sb->len = 0;
	sb->alloc = 0;
	sb->cap = cap;
}

static int grow(struct ar_buf *sb, size_t extra)
{
	size_t want;

	if (sb->cap && (extra > sb->cap || sb->len > sb->cap - extra))
		return -1;
	want = sb->len + extra + 1;
	if (want <= sb->alloc)
		return 0;
	if (want < sb->alloc * 2)
		want = sb->alloc * 2;
	if (want < 64)
		want = 64;
	if (sb->alloc == 0) {
		sb->buf = ar_malloc(want);
		sb->buf[0] = '\0';
	} else {
		sb->buf = ar_realloc(sb->buf, want);
	}
	sb->alloc = want;
	return 0;
}

int ar_buf_add(struct ar_buf *sb, const void *data, size_t length)
{
	if (grow(sb, length) != 0)
		return -1;
	if (length)
		memcpy(sb->buf + sb->len, data, length);
	sb->len += length;
	sb->buf[sb->len] = '\0';
	return 0;
}

int ar_buf_adds(struct ar_buf *sb, const char *text)
{
	return ar_buf_add(sb, text, strlen(text));
}

int ar_buf_addch(struct ar_buf *sb, int ch)
{
	char byte = (char)ch;

	return ar_buf_add(sb, &byte, 1);
}

int ar_buf_vaddf(struct ar_buf *sb, const char *fmt, va_list ap)
{
	va_list copy;
	int needed;

	va_copy(copy, ap);
	needed = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (needed < 0 || grow(sb, (size_t)needed) != 0)
		return -1;
	vsnprintf(sb->buf + sb->len, (size_t)needed + 1, fmt, ap);
	sb->len += (size_t)needed;
	return 0;
}

int ar_buf_addf(struct ar_buf *sb, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = ar_buf_vaddf(sb, fmt, ap);
	va_end(ap);
	return rc;
}

void ar_buf_reset(struct ar_buf *sb)
{
	sb->len = 0;
	if (sb->alloc)
		sb->buf[0] = '\0';
}

void ar_buf_release(struct ar_buf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	sb->buf = ar_buf_empty;
	sb->len = 0;
	sb->alloc = 0;
}

char *ar_buf_detach(struct ar_buf *sb, size_t *length)
{
	char *text;

	if (sb->alloc == 0)
		text = ar_strdup("");
	else
		text = sb->buf;
	if (length)
		*length = sb->len;
	sb->buf = ar_buf_empty;
	sb->len = 0;
	sb->alloc = 0;
	return text;
}
