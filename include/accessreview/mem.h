/* mem.h -- allocation wrappers that never return NULL */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_MEM_H
#define ACCESSREVIEW_MEM_H

#include <stddef.h>

/*
 * On failure these log one line and abort: callers never check for NULL.
 * Free the results with free().
 */
void *ar_malloc(size_t size);
void *ar_calloc(size_t count, size_t size);
void *ar_realloc(void *ptr, size_t size);
char *ar_strdup(const char *text);
char *ar_strndup(const char *text, size_t length);
/* Duplicate text, or return NULL when text is NULL. */
char *ar_strdup_or_null(const char *text);

#endif
