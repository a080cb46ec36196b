/* report.c -- "accessreview report": write the XML or HTML report */
/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "accessreview/report.h"
#include "cli.h"

struct report_args {
	const char *format;
	const char *output;
	long long snapshot;
	long long campaign;
	struct cli_time now;
};

static const struct cli_option report_options[] = {
	CLI_OPTION(CLI_CHOICE, 0, "format", "xml|html", struct report_args,
		   format, "report format (required)"),
	CLI_OPTION(CLI_STRING, 'o', "output", "FILE", struct report_args,
		   output, "write to FILE (atomically) instead of stdout"),
	CLI_OPTION(CLI_ID, 0, "snapshot", "ID", struct report_args, snapshot,
		   "report a snapshot other than the latest"),
	CLI_OPTION(CLI_ID, 0, "campaign", "ID", struct report_args, campaign,
		   "the campaign's report: its snapshot, decisions, "
		   "reviewers and signals"),
	CLI_OPTION(CLI_TIME, 0, "now", "TIMESTAMP", struct report_args, now,
		   "generation time written in the report"),
	CLI_OPTIONS_END,
};

static enum ar_rc run_report(struct cli_context *context, void *args,
			     struct ar_error *err)
{
	struct report_args *report = args;
	struct report_files files;
	const char *output = report->output ? report->output : "-";

	if (report->format == NULL)
		return ar_error_set(err, AR_ERR_USAGE,
				    "report: --format xml or --format html "
				    "is required");
	memset(&files, 0, sizeof(files));
	if (report->campaign > 0 && report->snapshot > 0)
		return ar_error_set(err, AR_ERR_USAGE,
				    "report: --campaign reports the snapshot "
				    "the campaign froze; leave out --snapshot");
	files.snapshot_id = report->snapshot;
	files.campaign_id = report->campaign;
	files.now = cli_now(&report->now);
	if (strcmp(report->format, "xml") == 0)
		files.xml_path = output;
	else
		files.html_path = output;
	return report_write_files(context->store, &files, err);
}

const struct cli_command cli_report_command = {
	"report",
	"report --format xml|html [-o FILE] [--snapshot ID | --campaign ID] "
	"[--now TIMESTAMP]",
	"Write the access-review report of a snapshot, or of a campaign: its\n"
	"snapshot plus every decision, reviewer and quality signal.  The XML\n"
	"validates against templates/accessreview.xsd; the HTML is rendered\n"
	"from it.",
	report_options, sizeof(struct report_args), 0, 0,
	CLI_NEEDS_DATABASE | CLI_READ_ONLY, run_report,
};
