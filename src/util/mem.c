/* mem.c -- allocation wrappers: one place that handles running out of memory */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accessreview/mem.h"

static void out_of_memory(size_t size)
{
	fprintf(stderr, "accessreview: fatal: out of memory (%zu bytes)\n",
		size);
	abort();
}

void *ar_malloc(size_t size)
{
	void *ptr = malloc(size ? size : 1);

	if (ptr == NULL)
		out_of_memory(size);
	return ptr;
}

void *ar_calloc(size_t count, size_t size)
{
	void *ptr = calloc(count ? count : 1, size ? size : 1);

	if (ptr == NULL)
		out_of_memory(count * size);
	return ptr;
}

void *ar_realloc(void *ptr, size_t size)
{
	void *grown = realloc(ptr, size ? size : 1);

	if (grown == NULL)
		out_of_memory(size);
	return grown;
}

char *ar_strndup(const char *text, size_t length)
{
	char *copy = ar_malloc(length + 1);

	memcpy(copy, text, length);
	copy[length] = '\0';
	return copy;
}

char *ar_strdup(const char *text)
{
	return ar_strndup(text, strlen(text));
}

char *ar_strdup_or_null(const char *text)
{
	return text ? ar_strdup(text) : NULL;
}
