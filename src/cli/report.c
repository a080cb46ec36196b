/* report.c -- "accessreview report": write the XML or HTML report */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accessreview/report.h"
#include "accessreview/text.h"
#include "cli.h"

static const struct cli_option_help report_options[] = {
	{ "--format xml|html", "report format (required)" },
	{ "-o, --output FILE", "write to FILE (atomically) instead of stdout" },
	{ "--snapshot ID", "report a snapshot other than the latest" },
	{ "--now TIMESTAMP", "generation time written in the report" },
	{ "-h, --help", "show this help" },
	{ NULL, NULL },
};

const struct cli_command_help cli_report_help = {
	"report --format xml|html [-o FILE] [--snapshot ID] [--now TIMESTAMP]",
	"Write the access-review report of a snapshot.  The XML validates\n"
	"against templates/accessreview.xsd; the HTML is rendered from it.",
	report_options,
};

enum ar_rc cli_build_report(struct cli_context *context, long long snapshot_id,
			    const char *format, time_t now, struct ar_buf *out,
			    struct ar_error *err)
{
	struct report_options options = { 0 };
	struct ar_buf xml = AR_BUF_INIT;
	char generated_at[21];
	char period[16];
	enum ar_rc rc;

	text_format_time(now, generated_at);
	cli_period_of(now, period);
	options.snapshot_id = snapshot_id;
	options.period = period;
	options.generated_at = generated_at;
	options.tool_version = ACCESSREVIEW_VERSION;
	rc = store_previous_snapshot(context->store, snapshot_id,
				     &options.previous_snapshot_id, err);
	if (rc == AR_OK)
		rc = report_build_xml(context->store, &options, &xml, err);
	/* a report that does not match its own schema is a bug: never ship */
	if (rc == AR_OK)
		rc = report_validate_xml(xml.buf, xml.len, err);
	if (rc == AR_OK && strcmp(format, "html") == 0)
		rc = report_render_html(xml.buf, xml.len, out, err);
	else if (rc == AR_OK && ar_buf_add(out, xml.buf, xml.len) != 0)
		rc = ar_error_set(err, AR_ERR_INTERNAL, "report too large");
	ar_buf_release(&xml);
	return rc;
}

static enum ar_rc write_stdout(const struct ar_buf *report,
			       struct ar_error *err)
{
	if (fwrite(report->buf, 1, report->len, stdout) != report->len ||
	    fflush(stdout) != 0)
		return ar_error_set(err, AR_ERR_CANTCREATE,
				    "cannot write the report to stdout");
	return AR_OK;
}

static const struct option report_long_options[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "output", required_argument, NULL, 'o' },
	{ "snapshot", required_argument, NULL, 's' },
	{ "now", required_argument, NULL, 'n' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

enum ar_rc cli_report(struct cli_context *context, int argc, char **argv,
		      struct ar_error *err)
{
	const char *format = NULL, *output = NULL, *now_text = NULL;
	long long snapshot_id = 0;
	struct ar_buf report = AR_BUF_INIT;
	time_t now;
	enum ar_rc rc;
	int option;

	optind = 0;
	while ((option = getopt_long(argc, argv, "+o:h", report_long_options,
				     NULL)) != -1) {
		switch (option) {
		case 'f': format = optarg; break;
		case 'o': output = optarg; break;
		case 's': snapshot_id = strtoll(optarg, NULL, 10); break;
		case 'n': now_text = optarg; break;
		case 'h': return cli_show_help(&cli_report_help);
		default:
			return cli_usage_error(err, "report", "unknown option",
					       NULL);
		}
	}
	if (format == NULL || (strcmp(format, "xml") != 0 &&
			       strcmp(format, "html") != 0))
		return cli_usage_error(err, "report",
				       "--format must be xml or html", format);
	if (optind < argc)
		return cli_usage_error(err, "report", "unexpected argument",
				       argv[optind]);
	rc = cli_parse_now(now_text, &now, err);
	if (rc == AR_OK && snapshot_id == 0)
		rc = store_latest_snapshot(context->store, &snapshot_id, err);
	if (rc == AR_OK && snapshot_id == 0)
		rc = ar_error_set(err, AR_ERR_NOINPUT,
				  "no snapshot yet (run 'accessreview "
				  "collect' first)");
	if (rc == AR_OK)
		rc = cli_build_report(context, snapshot_id, format, now,
				      &report, err);
	if (rc == AR_OK && output != NULL)
		rc = cli_write_file(output, report.buf, report.len, 0640, err);
	else if (rc == AR_OK)
		rc = write_stdout(&report, err);
	ar_buf_release(&report);
	return rc;
}
