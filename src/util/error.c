/* error.c -- filling and formatting struct ar_error */
/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "accessreview/error.h"

enum ar_rc ar_error_set_at(struct ar_error *err, enum ar_rc code,
			   const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || err->code != AR_OK)
		return code;
	err->code = code;
	err->source_file = file;
	err->source_line = line;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return code;
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
	err->code = AR_OK;
	err->message[0] = '\0';
	err->source_file = NULL;
	err->source_line = 0;
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
