/* collect.c -- "accessreview collect": every source into one new snapshot */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "accessreview/collect.h"
#include "cli.h"

struct collect_args {
	struct cli_time now;
};

static const struct cli_option collect_options[] = {
	CLI_OPTION(CLI_TIME, 0, "now", "TIMESTAMP", struct collect_args, now,
		   "take the snapshot as of this time (tests)"),
	CLI_OPTIONS_END,
};

static enum ar_rc run_collect(struct cli_context *context, void *args,
			      struct ar_error *err)
{
	struct collect_args *collect = args;
	struct collect_options options = { 0 };
	struct collect_result result;
	enum ar_rc rc;

	options.now = cli_now(&collect->now);
	options.systems = context->operands;
	options.system_count = (size_t)context->operand_count;
	options.events = cli_collect_events(context);
	rc = collect_snapshot(context->store, &context->config->collect,
			      &options, &result, err);
	if (rc == AR_OK)
		printf("snapshot %lld collected\n", result.snapshot_id);
	return rc;
}

const struct cli_command cli_collect_command = {
	"collect", "collect [--now TIMESTAMP] [SYSTEM...]",
	"Read the directory and every configured system (or only the named\n"
	"ones) into one new snapshot, then correlate and compute findings.\n"
	"Nothing is written unless every source reads cleanly.",
	collect_options, sizeof(struct collect_args), 0, -1,
	CLI_NEEDS_CONFIG | CLI_NEEDS_DATABASE | CLI_TAKES_LOCK, run_collect,
};
