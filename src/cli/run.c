/* run.c -- "accessreview run": the cron entry point */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "accessreview/run.h"
#include "cli.h"

struct run_args {
	struct cli_time now;
	int quiet;
};

static const struct cli_option run_options[] = {
	CLI_OPTION(CLI_TIME, 0, "now", "TIMESTAMP", struct run_args, now,
		   "review as of this time (reproducible reports)"),
	CLI_OPTION(CLI_FLAG, 0, "quiet", NULL, struct run_args, quiet,
		   "one summary line; warnings only counted"),
	CLI_OPTIONS_END,
};

static const char *plural(long long count)
{
	return count == 1 ? "" : "s";
}

/* The whole run as one line, what cron mails every week:
 * "snapshot 7: 412 accounts, 12 findings at or above high (30 in all),
 * 0 warnings; reports/access-review-2026-Q4.html" */
static void print_summary(const struct run_request *request,
			  const struct run_result *result)
{
	struct ar_buf scratch = AR_BUF_INIT;

	printf("snapshot %lld: %lld account%s, ", result->collect.snapshot_id,
	       result->accounts, plural(result->accounts));
	if (request->fail_on == SEVERITY_NONE)
		printf("%lld finding%s (fail-on none)", result->findings,
		       plural(result->findings));
	else
		printf("%lld finding%s at or above %s (%lld in all)",
		       result->failing, plural(result->failing),
		       review_severity_name(request->fail_on),
		       result->findings);
	printf(", %ld warning%s; %s\n", result->collect.warnings,
	       plural(result->collect.warnings),
	       cli_printable(&scratch, result->html_path));
	ar_buf_release(&scratch);
}

static void print_report_paths(const struct run_request *request,
			       const struct run_result *result)
{
	struct ar_buf scratch = AR_BUF_INIT;

	printf("snapshot %lld collected\n", result->collect.snapshot_id);
	printf("report: %s\n", cli_printable(&scratch, result->xml_path));
	printf("report: %s\n", cli_printable(&scratch, result->html_path));
	if (result->failing > 0)
		printf("%lld finding%s at or above [review] fail-on = %s\n",
		       result->failing, plural(result->failing),
		       review_severity_name(request->fail_on));
	ar_buf_release(&scratch);
}

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
	/* cron mails whatever is written: with --quiet the warnings are a
	 * count in the summary (each is in the report), unless -v asks */
	if (run->quiet && !context->verbose)
		request.collect.events.warning = NULL;
	request.reports = context->config->reports;
	request.fail_on = context->config->fail_on;
	rc = report_run(context->store, &request, &result, err);
	if (rc == AR_OK && run->quiet)
		print_summary(&request, &result);
	else if (rc == AR_OK)
		print_report_paths(&request, &result);
	if (rc == AR_OK && result.failing > 0)
		context->findings_failed = 1;
	run_result_release(&result);
	return rc;
}

const struct cli_command cli_run_command = {
	"run", "run [--now TIMESTAMP] [--quiet]",
	"Collect every source into a new snapshot, compute findings and write\n"
	"the XML and HTML reports into [review] reports.  Exits 1 when a\n"
	"finding reaches [review] fail-on.  Never prompts: the entry point\n"
	"for cron and systemd timers.",
	run_options, sizeof(struct run_args), 0, 0,
	CLI_NEEDS_DATABASE | CLI_TAKES_LOCK, run_run,
};
