/* findings.c -- "accessreview findings": list a snapshot's findings */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "accessreview/review.h"
#include "accessreview/spreadsheet.h"
#include "cli.h"
#include "table.h"

/* Columns on a terminal are cut at this width, never on a pipe. */
#define TERMINAL_COLUMN_CAP 32

struct findings_args {
	const char *format;
	long long snapshot;
	const char *system;
	const char *code;
	const char *min_severity;
	const char *person;
	int new_only;
	int resolved;
};

static const struct cli_option findings_options[] = {
	CLI_OPTION(CLI_CHOICE, 0, "format", "text|json|csv",
		   struct findings_args, format,
		   "aligned text (default), JSON lines or CSV"),
	CLI_OPTION(CLI_ID, 0, "snapshot", "ID", struct findings_args, snapshot,
		   "a snapshot other than the latest"),
	CLI_OPTION(CLI_STRING, 0, "system", "NAME", struct findings_args,
		   system, "only this system's findings"),
	CLI_OPTION(CLI_STRING, 0, "code", "CODE", struct findings_args, code,
		   "only this finding code (orphan-account, ...)"),
	CLI_OPTION(CLI_CHOICE, 0, "min-severity",
		   "info|low|medium|high|critical", struct findings_args,
		   min_severity, "only findings at least this severe"),
	CLI_OPTION(CLI_STRING, 0, "person", "UID|EMAIL", struct findings_args,
		   person, "only this person's findings"),
	CLI_OPTION(CLI_FLAG, 0, "new", NULL, struct findings_args, new_only,
		   "only findings raised since the previous snapshot"),
	CLI_OPTION(CLI_FLAG, 0, "resolved", NULL, struct findings_args,
		   resolved, "findings of the previous snapshot gone now"),
	CLI_OPTIONS_END,
};

struct listing {
	const char *format;
	struct cli_table table;
	struct ar_buf line;
	long count;
};

static void set_optional(json_t *object, const char *key, const char *value)
{
	json_object_set_new(object, key, value ? json_string(value)
					       : json_null());
}

static enum ar_rc print_json(const struct finding_row *row,
			     struct ar_error *err)
{
	json_t *object = json_object();
	char *line;

	set_optional(object, "code", row->code);
	set_optional(object, "severity", row->severity);
	set_optional(object, "system", row->system);
	set_optional(object, "account", row->account);
	set_optional(object, "login", row->login);
	set_optional(object, "person", row->person);
	set_optional(object, "person_name", row->person_name);
	set_optional(object, "detail", row->detail);
	line = json_dumps(object, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(object);
	if (line == NULL)
		return ar_error_set(err, AR_ERR_INTERNAL,
				    "cannot encode a finding as JSON");
	puts(line);
	free(line);
	return AR_OK;
}

static const char *const csv_header[] = {
	"severity", "code", "system", "account", "login", "person", "detail",
};

static void print_csv(struct ar_buf *line, const char *const *cells)
{
	ar_buf_reset(line);
	for (size_t i = 0; i < sizeof(csv_header) / sizeof(*csv_header); i++)
		spreadsheet_add_cell(line, cells[i], i == 0);
	spreadsheet_end_row(line);
	fwrite(line->buf, 1, line->len, stdout);
}

static enum ar_rc take_finding(void *context, const struct finding_row *row,
			       struct ar_error *err)
{
	struct listing *listing = context;
	const char *csv_cells[] = { row->severity, row->code, row->system,
				    row->account,  row->login, row->person_name,
				    row->detail };
	const char *text_cells[] = { row->severity, row->code, row->system,
				     row->login,    row->person_name,
				     row->detail };

	listing->count++;
	if (strcmp(listing->format, "json") == 0)
		return print_json(row, err);
	if (strcmp(listing->format, "csv") == 0)
		print_csv(&listing->line, csv_cells);
	else
		cli_table_add(&listing->table, text_cells);
	return AR_OK;
}

static enum ar_rc fill_filter(const struct findings_args *args,
			      struct finding_filter *filter,
			      struct ar_error *err)
{
	memset(filter, 0, sizeof(*filter));
	if (args->new_only && args->resolved)
		return ar_error_set(err, AR_ERR_USAGE,
				    "findings: --new and --resolved exclude "
				    "each other");
	if (args->code != NULL && finding_code_from_name(
					  args->code, NULL) != 0)
		return ar_error_set(err, AR_ERR_USAGE,
				    "findings: --code: unknown finding code "
				    "'%s'", args->code);
	filter->snapshot_id = args->snapshot;
	filter->system = args->system;
	filter->code = args->code;
	filter->person = args->person;
	filter->min_severity = SEVERITY_INFO;
	if (args->min_severity != NULL)
		review_severity_from_name(args->min_severity,
					  &filter->min_severity);
	filter->change = args->new_only	   ? FINDINGS_NEW
			 : args->resolved ? FINDINGS_RESOLVED
					  : FINDINGS_ALL;
	return AR_OK;
}

static void start_listing(struct listing *listing)
{
	static const char *const header[] = { "SEVERITY", "CODE", "SYSTEM",
					      "ACCOUNT", "PERSON", "DETAIL" };
	const char *cells[6];

	if (strcmp(listing->format, "csv") == 0) {
		fputs(SPREADSHEET_BOM, stdout);
		print_csv(&listing->line, csv_header);
	}
	for (size_t i = 0; i < 6; i++)
		cells[i] = header[i];
	cli_table_add(&listing->table, cells);
}

static enum ar_rc run_findings(struct cli_context *context, void *args,
			       struct ar_error *err)
{
	struct findings_args *findings = args;
	struct listing listing = { 0 };
	struct finding_filter filter;
	long long snapshot_id = 0;
	enum ar_rc rc;

	listing.format = findings->format ? findings->format : "text";
	cli_table_init(&listing.table, 6);
	rc = fill_filter(findings, &filter, err);
	if (rc == AR_OK) {
		start_listing(&listing);
		rc = review_list_findings(context->store, &filter,
					  take_finding, &listing, &snapshot_id,
					  err);
	}
	if (rc == AR_OK && strcmp(listing.format, "text") == 0) {
		if (listing.count > 0)
			cli_table_print(&listing.table, stdout,
					isatty(STDOUT_FILENO),
					TERMINAL_COLUMN_CAP);
		printf("%ld finding%s in snapshot %lld\n", listing.count,
		       listing.count == 1 ? "" : "s", snapshot_id);
	}
	cli_table_release(&listing.table);
	ar_buf_release(&listing.line);
	return rc;
}

const struct cli_command cli_findings_command = {
	"findings",
	"findings [--system NAME] [--code CODE] [--min-severity LEVEL] "
	"[--person UID|EMAIL] [--new|--resolved] [--format text|json|csv] "
	"[--snapshot ID]",
	"List the findings of the latest snapshot (or --snapshot ID), most\n"
	"severe first, filtered by system, code, severity or person; --new\n"
	"and --resolved compare with the snapshot before it.",
	findings_options, sizeof(struct findings_args), 0, 0,
	CLI_NEEDS_DATABASE | CLI_READ_ONLY, run_findings,
};
