/* embedded.h -- SQL and templates compiled into the binary */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_EMBEDDED_H
#define ACCESSREVIEW_EMBEDDED_H

struct embedded_file {
	const char *name;     /* base name: "0001_init.sql", "report.xsl" */
	const char *content;  /* the whole file, NUL-terminated */
};

/* Terminated by an entry whose name is NULL; sorted by name. */
extern const struct embedded_file embedded_files[];

/* The content of the embedded file with this name, or NULL. */
const char *embedded_file_content(const char *name);

#endif
