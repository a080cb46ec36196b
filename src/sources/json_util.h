/* json_util.h -- lenient lookups in jansson trees shared by JSON readers */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_SOURCES_JSON_UTIL_H
#define ACCESSREVIEW_SOURCES_JSON_UTIL_H

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

#endif
