/* error.c -- filling and formatting struct ar_error */
/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "accessreview/error.h"

char *ar_location_format(const struct ar_location *where, char *out,
			 size_t size)
{
	const char *path = where && where->path ? where->path : "";

	if (size == 0)
		return out;
	if (where != NULL && where->line > 0)
		snprintf(out, size, "%s:%ld", path, where->line);
	else if (where != NULL && where->record > 0)
		snprintf(out, size, "%s: record %ld", path, where->record);
	else
		snprintf(out, size, "%s", path);
	return out;
}

/* Claim an empty err for a new error; 0 when it is already filled. */
static int claim(struct ar_error *err, enum ar_rc code, const char *file,
		 int line)
{
	if (err == NULL || err->code != AR_OK)
		return 0;
	memset(err, 0, sizeof(*err));
	err->code = code;
	err->source_file = file;
	err->source_line = line;
	return 1;
}

enum ar_rc ar_error_set_at(struct ar_error *err, enum ar_rc code,
			   const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (!claim(err, code, file, line))
		return code;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return code;
}

enum ar_rc ar_error_at_location(struct ar_error *err, enum ar_rc code,
				const struct ar_location *where,
				const char *file, int line, const char *fmt,
				...)
{
	char place[sizeof(err->path) + 32];
	size_t used;
	va_list ap;

	if (!claim(err, code, file, line))
		return code;
	if (where != NULL) {
		snprintf(err->path, sizeof(err->path), "%s",
			 where->path ? where->path : "");
		err->line = where->line;
		err->record = where->record;
	}
	ar_location_format(where, place, sizeof(place));
	snprintf(err->message, sizeof(err->message), "%s%s", place,
		 place[0] ? ": " : "");
	used = strlen(err->message);
	va_start(ap, fmt);
	vsnprintf(err->message + used, sizeof(err->message) - used, fmt, ap);
	va_end(ap);
	return code;
}

enum ar_rc ar_error_errno_at(struct ar_error *err, enum ar_rc code,
			     int errnum, const char *file, int line,
			     const char *fmt, ...)
{
	size_t used;
	va_list ap;

	if (!claim(err, code, file, line))
		return code;
	err->system_errno = errnum;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	used = strlen(err->message);
	if (errnum != 0)
		snprintf(err->message + used, sizeof(err->message) - used,
			 ": %s", strerror(errnum));
	return code;
}

void ar_error_set_library_code(struct ar_error *err, int library_code)
{
	if (err != NULL && err->code != AR_OK)
		err->library_code = library_code;
}

void ar_error_prefix(struct ar_error *err, const char *fmt, ...)
{
	char joined[sizeof(err->message)];
	size_t used;
	va_list ap;

	if (err == NULL || err->code == AR_OK)
		return;
	va_start(ap, fmt);
	vsnprintf(joined, sizeof(joined), fmt, ap);
	va_end(ap);
	used = strlen(joined);
	/* the cause stays readable even when the prefix is long */
	if (used + 2 < sizeof(joined)) {
		memcpy(joined + used, ": ", 3);
		used += 2;
		snprintf(joined + used, sizeof(joined) - used, "%.*s",
			 (int)(sizeof(joined) - used - 1), err->message);
	}
	memcpy(err->message, joined, sizeof(joined));
}

void ar_error_clear(struct ar_error *err)
{
	if (err == NULL)
		return;
	memset(err, 0, sizeof(*err));
}

const char *ar_rc_name(enum ar_rc code)
{
	switch (code) {
	case AR_OK: return "ok";
	case AR_ERR_USAGE: return "usage";
	case AR_ERR_DATA: return "data";
	case AR_ERR_NOINPUT: return "no-input";
	case AR_ERR_CANTCREATE: return "cant-create";
	case AR_ERR_TEMPFAIL: return "temp-fail";
	case AR_ERR_NOPERM: return "no-permission";
	case AR_ERR_CONFIG: return "config";
	case AR_ERR_INTERNAL: return "internal";
	}
	return "unknown";
}
