/* report.c -- "accessreview report": write the XML or HTML report */
/* SPDX-License-Identifier: MIT */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accessreview/mem.h"
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

static void fill_options(struct report_options *options,
			 long long snapshot_id, time_t now,
			 char generated_at[21], char period[16])
{
	memset(options, 0, sizeof(*options));
	text_format_time(now, generated_at);
	cli_period_of(now, period);
	options->snapshot_id = snapshot_id;
	options->period = period;
	options->generated_at = generated_at;
	options->tool_version = ACCESSREVIEW_VERSION;
}

/* The XML, checked against its own schema before it is renamed into
 * place: a report that does not match it is a bug and never ships. */
static enum ar_rc write_validated_xml(struct cli_context *context,
				      const struct report_options *options,
				      const char *path, struct ar_error *err)
{
	struct cli_output out;
	enum ar_rc rc = cli_output_open(path, &out, err);

	if (rc != AR_OK)
		return rc;
	rc = report_write_xml(context->store, options, cli_output_write, &out,
			      err);
	if (rc == AR_OK && fflush(out.file) != 0)
		rc = ar_error_set(err, AR_ERR_CANTCREATE, "cannot write '%s'",
				  path);
	if (rc == AR_OK)
		rc = report_validate_file(out.temp, err);
	if (rc == AR_OK)
		return cli_output_commit(&out, 0640, err);
	cli_output_abort(&out);
	return rc;
}

static enum ar_rc write_html(const char *xml_path, const char *html_path,
			     struct ar_error *err)
{
	struct cli_output out;
	enum ar_rc rc = cli_output_open(html_path, &out, err);

	if (rc != AR_OK)
		return rc;
	rc = report_write_html_file(xml_path, cli_output_write, &out, err);
	if (rc == AR_OK)
		return cli_output_commit(&out, 0640, err);
	cli_output_abort(&out);
	return rc;
}

static enum ar_rc copy_to_stdout(const char *path, struct ar_error *err)
{
	char chunk[65536];
	FILE *file = fopen(path, "rb");
	size_t got;
	enum ar_rc rc = AR_OK;

	if (file == NULL)
		return ar_error_set(err, AR_ERR_CANTCREATE, "cannot reopen '%s'",
				    path);
	while ((got = fread(chunk, 1, sizeof(chunk), file)) > 0) {
		if (fwrite(chunk, 1, got, stdout) != got) {
			rc = ar_error_set(err, AR_ERR_CANTCREATE,
					  "cannot write to standard output");
			break;
		}
	}
	fclose(file);
	return rc;
}

/* A private name for an XML that is only a step towards the HTML or
 * stdout: beside the final file, else in $TMPDIR. */
static char *scratch_path(const char *near, struct ar_error *err)
{
	const char *directory = getenv("TMPDIR");
	char *copy = near ? ar_strdup(near) : NULL;
	char *path;
	size_t size;
	int fd;

	if (copy != NULL)
		directory = dirname(copy);
	else if (directory == NULL || *directory == '\0')
		directory = "/tmp";
	size = strlen(directory) + 32;
	path = ar_malloc(size);
	snprintf(path, size, "%s/.accessreview-XXXXXX", directory);
	fd = mkstemp(path);
	free(copy);
	if (fd < 0) {
		ar_error_set(err, AR_ERR_CANTCREATE,
			     "cannot create a temporary file in '%s'", path);
		free(path);
		return NULL;
	}
	close(fd);
	return path;
}

enum ar_rc cli_write_reports(struct cli_context *context,
			     long long snapshot_id, time_t now,
			     const char *xml_path, const char *html_path,
			     struct ar_error *err)
{
	struct report_options options;
	char generated_at[21], period[16];
	int xml_to_stdout = xml_path != NULL && strcmp(xml_path, "-") == 0;
	int html_to_file = html_path != NULL && strcmp(html_path, "-") != 0;
	char *scratch = NULL;
	enum ar_rc rc;

	fill_options(&options, snapshot_id, now, generated_at, period);
	rc = store_previous_snapshot(context->store, snapshot_id,
				     &options.previous_snapshot_id, err);
	if (rc == AR_OK && (xml_path == NULL || xml_to_stdout)) {
		scratch = scratch_path(html_to_file ? html_path : NULL, err);
		if (scratch == NULL)
			rc = err->code;
		xml_path = scratch;
	}
	if (rc == AR_OK)
		rc = write_validated_xml(context, &options, xml_path, err);
	if (rc == AR_OK && xml_to_stdout)
		rc = copy_to_stdout(xml_path, err);
	if (rc == AR_OK && html_path != NULL)
		rc = write_html(xml_path, html_path, err);
	if (scratch != NULL)
		unlink(scratch);
	free(scratch);
	return rc;
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
	if (output == NULL)
		output = "-";
	if (rc == AR_OK && strcmp(format, "xml") == 0)
		rc = cli_write_reports(context, snapshot_id, now, output, NULL,
				       err);
	else if (rc == AR_OK)
		rc = cli_write_reports(context, snapshot_id, now, NULL, output,
				       err);
	return rc;
}
