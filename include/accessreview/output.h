/* output.h -- output files written whole or not at all */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_OUTPUT_H
#define ACCESSREVIEW_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "accessreview/error.h"

/*
 * A report, worksheet or bundle file is written to "NAME.tmpXXXXXX"
 * beside its final name, synced, and renamed over NAME only when
 * complete: a kill or a full disk never leaves a truncated file under
 * the final name.  "-" is standard output.  An existing destination that
 * is not a regular file (a FIFO, /dev/null) is written directly, never
 * replaced; a symbolic link or a directory there is refused.
 */
struct output_file {
	FILE *file;
	char *path;
	char *temp;                  /* NULL when written directly */
	int direct;                  /* stdout or a non-regular file */
	int failed;                  /* errno of the first failed write */
};

/* AR_ERR_CANTCREATE when the file cannot be created. */
enum ar_rc output_open(const char *path, struct output_file *out,
		       struct ar_error *err);
/* A write callback (report_write_fn): 0, or -1 once a write failed. */
int output_write(void *context, const char *data, size_t length);
/* Flush, set mode, sync, rename into place; releases out either way. */
enum ar_rc output_commit(struct output_file *out, int mode,
			 struct ar_error *err);
/* Flush and sync but keep the temporary name: for several files that
 * must appear together (output_publish later, or output_abort). */
enum ar_rc output_finish(struct output_file *out, int mode,
			 struct ar_error *err);
/* Rename a finished file into place; releases out. */
enum ar_rc output_publish(struct output_file *out, struct ar_error *err);
/* Discard the temporary file; releases out. */
void output_abort(struct output_file *out);

/* Write data to path through an output_file. */
enum ar_rc output_write_file(const char *path, const void *data,
			     size_t length, int mode, struct ar_error *err);
/* "DIRECTORY/NAME" with extension (NULL for none) appended; free it. */
char *output_path(const char *directory, const char *name,
		  const char *extension);
/* Create a directory (and parents) if missing, mode 0750. */
enum ar_rc output_make_directory(const char *path, struct ar_error *err);
/* Create the directory that will hold path. */
enum ar_rc output_make_directory_of(const char *path, struct ar_error *err);

#endif
