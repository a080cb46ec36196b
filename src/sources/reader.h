/* reader.h -- helpers shared by the file readers in src/sources/ */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_SOURCES_READER_H
#define ACCESSREVIEW_SOURCES_READER_H

#include <stdio.h>

#include "accessreview/sources.h"

/* Longest line or value accepted from an export: bounds memory. */
#define READER_MAX_LINE (1024 * 1024)
/* Largest JSON document read whole (bigger ones must be NDJSON). */
#define READER_MAX_DOCUMENT (1024L * 1024 * 1024)

/* Open spec->location for reading; AR_ERR_NOINPUT naming the path. */
enum ar_rc reader_open(const struct source_spec *spec, FILE **out,
		       struct ar_error *err);

#endif
