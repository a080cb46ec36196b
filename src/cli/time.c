/* time.c -- the review's notion of "now": --now or the clock */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "accessreview/text.h"
#include "cli.h"

enum ar_rc cli_parse_now(const char *text, time_t *now, struct ar_error *err)
{
	if (text == NULL) {
		*now = time(NULL);
		return AR_OK;
	}
	if (text_parse_time(text, now) != 0)
		return ar_error_set(err, AR_ERR_USAGE,
				    "--now: '%s' is not a timestamp "
				    "(2026-11-20T09:00:00Z)", text);
	return AR_OK;
}

void cli_period_of(time_t when, char out[16])
{
	struct tm tm;

	gmtime_r(&when, &tm);
	snprintf(out, 16, "%04d-Q%d", (tm.tm_year + 1900) % 10000,
		 (tm.tm_mon / 3 + 1) % 10);
}
