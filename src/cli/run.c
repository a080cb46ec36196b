/* run.c -- "accessreview run": the cron entry point */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "accessreview/run.h"
#include "cli.h"

struct run_args {
	struct cli_time now;
};

static const struct cli_option run_options[] = {
	CLI_OPTION(CLI_TIME, 0, "now", "TIMESTAMP", struct run_args, now,
		   "review as of this time (reproducible reports)"),
	CLI_OPTIONS_END,
};

static enum ar_rc run_run(struct cli_context *context, void *args,
			  struct ar_error *err)
{
	struct run_args *run = args;
	struct run_request request = { 0 };
	struct run_result result;
	enum ar_rc rc;

	request.plan = &context->config->collect;
	request.collect.now = cli_now(&run->now);
	request.collect.events = cli_collect_events(context);
	request.reports = context->config->reports;
	request.fail_on = context->config->fail_on;
	rc = report_run(context->store, &request, &result, err);
	if (rc == AR_OK) {
		printf("snapshot %lld collected\nreport: %s\nreport: %s\n",
		       result.collect.snapshot_id, result.xml_path,
		       result.html_path);
		if (result.failing > 0) {
			printf("%lld finding%s at or above [review] "
			       "fail-on = %s\n",
			       result.failing, result.failing == 1 ? "" : "s",
			       review_severity_name(request.fail_on));
			context->findings_failed = 1;
		}
	}
	run_result_release(&result);
	return rc;
}

const struct cli_command cli_run_command = {
	"run", "run [--now TIMESTAMP]",
	"Collect every source into a new snapshot, compute findings and write\n"
	"the XML and HTML reports into [review] reports.  Exits 1 when a\n"
	"finding reaches [review] fail-on.",
	run_options, sizeof(struct run_args), 0, 0,
	CLI_NEEDS_DATABASE | CLI_TAKES_LOCK, run_run,
};
