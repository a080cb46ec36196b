/* worksheets.c -- "accessreview worksheets": each reviewer's files */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "accessreview/worksheets.h"
#include "cli.h"

struct worksheets_args {
	const char *output;
	struct cli_time now;
};

static const struct cli_option worksheets_options[] = {
	CLI_OPTION(CLI_STRING, 'o', "output", "DIR", struct worksheets_args,
		   output, "directory for the worksheets (required)"),
	CLI_OPTION(CLI_TIME, 0, "now", "TIMESTAMP", struct worksheets_args,
		   now, "the time recorded in the audit log"),
	CLI_OPTIONS_END,
};

static enum ar_rc run_worksheets(struct cli_context *context, void *args,
				 struct ar_error *err)
{
	struct worksheets_args *options = args;
	struct worksheets_request request = { 0 };
	struct worksheets_result result;
	enum ar_rc rc;

	rc = cli_campaign_id(context, "worksheets", &request.campaign_id, err);
	if (rc != AR_OK)
		return rc;
	if (options->output == NULL)
		return ar_error_set(err, AR_ERR_USAGE,
				    "worksheets: -o DIR is required");
	request.directory = options->output;
	request.now = cli_now(&options->now);
	request.actor = cli_actor();
	rc = worksheets_write(context->store, &request, &result, err);
	if (rc == AR_OK)
		printf("%ld worksheets (%ld items) for campaign %lld in %s\n",
		       result.worksheets, result.items, result.campaign_id,
		       options->output);
	return rc;
}

const struct cli_command cli_worksheets_command = {
	"worksheets", "worksheets ID -o DIR",
	"Write DIR/<reviewer>.csv (the decision file to fill in) and\n"
	"DIR/<reviewer>.html (a read-only view) for each reviewer of a\n"
	"campaign.  Decisions already made are filled in.",
	worksheets_options, sizeof(struct worksheets_args), 1, 1,
	CLI_NEEDS_DATABASE, run_worksheets,
};
