/* json_util.h -- lenient lookups in jansson trees shared by JSON readers */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_SOURCES_JSON_UTIL_H
#define ACCESSREVIEW_SOURCES_JSON_UTIL_H

#include <stdio.h>

#include <jansson.h>

#include "accessreview/error.h"

/*
 * The value under `key` in `object`, matching the key ASCII
 * case-insensitively (SCIM attribute names are case-insensitive, RFC 7643
 * s2.1).  An exact match wins over a case-folded one.  Returns a borrowed
 * reference (valid while `object` lives), or NULL when `object` is not an
 * object or has no such key.  Cost: one hash lookup, then a scan of the
 * object's keys when the exact spelling is absent.
 */
json_t *json_get_nocase(json_t *object, const char *key);

/*
 * The string under `key` (case-insensitive), or NULL when it is absent,
 * null or not a string.  Borrowed from `object`.
 */
const char *json_get_string_nocase(json_t *object, const char *key);

/*
 * 1 or 0 for a JSON boolean or a string that text_parse_bool accepts
 * ("true", "False", ...: some exporters send booleans as strings); -1 for
 * anything else, including NULL and null.
 */
int json_bool_lenient(json_t *value);

/*
 * Fill `err` from a failed jansson load of `path` and return the code:
 * AR_ERR_DATA "PATH:LINE: <jansson text> (column C)" for bad input (line
 * 0 means the line jansson reports), AR_ERR_INTERNAL when jansson ran out
 * of memory.
 */
enum ar_rc json_parse_failed(struct ar_error *err, const char *path, int line,
			     const json_error_t *error);

/*
 * JSON STREAM
 *
 * Walks a JSON document too big to hold as one jansson tree (a
 * ListResponse of 100,000 users takes several times its size in memory).
 * The caller scans the outer structure byte by byte ('[', ',', ':', ...)
 * with json_stream_peek/json_stream_skip and lets jansson parse each inner
 * value with json_stream_value, so memory is bounded by the largest single
 * value.  jansson reports how many bytes a value used, so the bytes it read
 * ahead are handed back to the scanner.  Line and column are worked out
 * only when an error is reported, by reading the file again up to the
 * error's offset.
 */
struct json_stream {
	FILE *file;
	const char *path;
	char *buffer;           /* JSON_STREAM_CHUNK bytes, owned */
	size_t start, end;      /* unread bytes: buffer[start, end) */
	size_t handed;          /* bytes given to jansson in this value */
	long long offset;       /* file offset of buffer[start] */
	long long base;         /* where the document starts (line 1) */
	int read_errno;         /* non-zero once reading the file failed */
	size_t load_flags;      /* more jansson flags for values (0), such
				 * as JSON_REJECT_DUPLICATES */
};

/*
 * Start reading `file` (named `path` in messages; both borrowed) at byte
 * `offset`, e.g. after a byte order mark.  Release with
 * json_stream_release.
 */
void json_stream_init(struct json_stream *stream, FILE *file,
		      const char *path, long long offset);
void json_stream_release(struct json_stream *stream);

/* The next byte that is not JSON whitespace, left unread; EOF at the end
 * or when reading failed. */
int json_stream_peek(struct json_stream *stream);

/* Consume the byte json_stream_peek returned. */
void json_stream_skip(struct json_stream *stream);

/*
 * Parse the next value of any type into *out (a new reference the caller
 * releases).  On bad input AR_ERR_DATA "PATH:LINE: <jansson text> (column
 * C)" with the position in the whole file; AR_ERR_NOINPUT when reading
 * failed.
 */
enum ar_rc json_stream_value(struct json_stream *stream, json_t **out,
			     struct ar_error *err);

/*
 * Report that `what` was expected at the next byte: AR_ERR_DATA
 * "PATH:LINE: WHAT expected (column C)", "premature end of input" at the
 * end of the file, or AR_ERR_NOINPUT when reading failed.
 */
enum ar_rc json_stream_expected(struct json_stream *stream, const char *what,
				struct ar_error *err);

#endif
