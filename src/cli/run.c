/* run.c -- "accessreview run": the cron entry point */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accessreview/log.h"
#include "accessreview/mem.h"
#include "accessreview/review.h"
#include "cli.h"

int cli_findings_failed;

static const struct cli_option_help run_options[] = {
	{ "--now TIMESTAMP", "review as of this time (reproducible reports)" },
	{ "-h, --help", "show this help" },
	{ NULL, NULL },
};

const struct cli_command_help cli_run_help = {
	"run [--now TIMESTAMP]",
	"Collect every source into a new snapshot, compute findings and write\n"
	"the XML and HTML reports into [review] reports.  Exits 1 when a\n"
	"finding reaches [review] fail-on.",
	run_options,
};

/* reports/access-review-2026-Q4.xml and .html */
static char *report_path(const struct config *config, time_t now,
			 const char *extension)
{
	char period[16];
	size_t size = strlen(config->reports) + 48;
	char *path = ar_malloc(size);

	cli_period_of(now, period);
	snprintf(path, size, "%s/access-review-%s.%s", config->reports, period,
		 extension);
	return path;
}

static enum ar_rc write_reports(struct cli_context *context,
				long long snapshot_id, time_t now,
				struct ar_error *err)
{
	char *xml = report_path(context->config, now, "xml");
	char *html = report_path(context->config, now, "html");
	enum ar_rc rc;

	rc = cli_write_reports(context, snapshot_id, now, xml, html, err);
	if (rc == AR_OK)
		printf("report: %s\nreport: %s\n", xml, html);
	free(xml);
	free(html);
	return rc;
}

static const struct option run_long_options[] = {
	{ "now", required_argument, NULL, 'n' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

enum ar_rc cli_run(struct cli_context *context, int argc, char **argv,
		   struct ar_error *err)
{
	const char *now_text = NULL;
	long long snapshot_id = 0, failing = 0;
	enum severity fail_on = context->config->fail_on;
	time_t now;
	enum ar_rc rc;
	int option;

	optind = 0;
	while ((option = getopt_long(argc, argv, "+h", run_long_options,
				     NULL)) != -1) {
		if (option == 'n')
			now_text = optarg;
		else if (option == 'h')
			return cli_show_help(&cli_run_help);
		else
			return cli_usage_error(err, "run", "unknown option",
					       NULL);
	}
	if (optind < argc)
		return cli_usage_error(err, "run", "unexpected argument",
				       argv[optind]);
	rc = cli_parse_now(now_text, &now, err);
	if (rc == AR_OK)
		rc = cli_make_directory(context->config->reports, err);
	if (rc == AR_OK)
		rc = cli_collect_snapshot(context, now, NULL, 0, &snapshot_id,
					  err);
	if (rc == AR_OK)
		printf("snapshot %lld collected\n", snapshot_id);
	if (rc == AR_OK)
		rc = write_reports(context, snapshot_id, now, err);
	if (rc == AR_OK)
		rc = review_count_at_or_above(context->store, snapshot_id,
					      fail_on, &failing, err);
	if (rc == AR_OK && failing > 0) {
		printf("%lld finding%s at or above '%s'\n", failing,
		       failing == 1 ? "" : "s", review_severity_name(fail_on));
		cli_findings_failed = 1;
	}
	return rc;
}
