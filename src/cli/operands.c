/* operands.c -- operands several commands share: a campaign id */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>

#include "cli.h"

enum ar_rc cli_campaign_id(const struct cli_context *context,
			   const char *command, long long *id,
			   struct ar_error *err)
{
	const char *text;
	char *end = NULL;

	*id = 0;
	if (context->operand_count == 0)
		return AR_OK;
	text = context->operands[0];
	errno = 0;
	*id = strtoll(text, &end, 10);
	if (*text == '\0' || *end != '\0' || errno != 0 || *id <= 0)
		return ar_error_set(err, AR_ERR_USAGE,
				    "%s: '%s' is not a campaign id", command,
				    text);
	return AR_OK;
}
