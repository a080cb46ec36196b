/* json_util.c -- lenient lookups in jansson trees shared by JSON readers */
/* SPDX-License-Identifier: MIT */
#include <strings.h>

#include "accessreview/text.h"
#include "json_util.h"

json_t *json_get_nocase(json_t *object, const char *key)
{
	const char *candidate;
	json_t *value;

	if (!json_is_object(object))
		return NULL;
	value = json_object_get(object, key);
	if (value != NULL)
		return value;
	json_object_foreach (object, candidate, value) {
		if (strcasecmp(candidate, key) == 0)
			return value;
	}
	return NULL;
}

const char *json_get_string_nocase(json_t *object, const char *key)
{
	return json_string_value(json_get_nocase(object, key));
}

int json_bool_lenient(json_t *value)
{
	if (json_is_boolean(value))
		return json_is_true(value);
	if (json_is_string(value))
		return text_parse_bool(json_string_value(value));
	return -1;
}

enum ar_rc json_parse_failed(struct ar_error *err, const char *path, int line,
			     const json_error_t *error)
{
	if (json_error_code(error) == json_error_out_of_memory)
		return ar_error_set(err, AR_ERR_INTERNAL,
				    "%s: out of memory while parsing JSON",
				    path);
	if (line <= 0)
		line = error->line;
	return ar_error_set(err, AR_ERR_DATA, "%s:%d: %s (column %d)", path,
			    line, error->text, error->column);
}
