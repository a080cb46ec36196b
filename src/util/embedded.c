/* embedded.c -- look up SQL and templates compiled into the binary */
/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "accessreview/embedded.h"

const char *embedded_file_content(const char *name)
{
	for (const struct embedded_file *f = embedded_files; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f->content;
	return NULL;
}
