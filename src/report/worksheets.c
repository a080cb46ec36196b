/* worksheets.c -- each reviewer's decision CSV and read-only HTML view */
/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "accessreview/audit.h"
#include "accessreview/buf.h"
#include "accessreview/campaign.h"
#include "accessreview/decisions.h"
#include "accessreview/mem.h"
#include "accessreview/output.h"
#include "accessreview/spreadsheet.h"
#include "accessreview/store.h"
#include "accessreview/text.h"
#include "accessreview/worksheets.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))
#define WORKSHEET_MODE 0640

void worksheets_file_name(const char *reviewer, char *out, size_t size)
{
	size_t i = 0;

	/* a leading dot would hide the file, and ".." would climb */
	if (reviewer[0] == '.' && size > 1)
		out[i++] = '_';
	for (; *reviewer && i + 1 < size; reviewer++) {
		unsigned char c = (unsigned char)*reviewer;

		out[i++] = isalnum(c) || strchr("._@+-", c) ? (char)c : '_';
	}
	out[i] = '\0';
}

/* ---- one reviewer's items, as CSV and HTML ---- */

struct sheet {
	const struct campaign_status *campaign;
	const char *reviewer;
	struct ar_buf csv;
	struct ar_buf html;
	char *current_system;
	long items;
};

static void html_text(struct ar_buf *out, const char *text)
{
	for (; text && *text; text++) {
		switch (*text) {
		case '<': ar_buf_adds(out, "&lt;"); break;
		case '>': ar_buf_adds(out, "&gt;"); break;
		case '&': ar_buf_adds(out, "&amp;"); break;
		case '"': ar_buf_adds(out, "&quot;"); break;
		case '\'': ar_buf_adds(out, "&#39;"); break;
		default: ar_buf_addch(out, *text);
		}
	}
}

static void html_cell(struct ar_buf *out, const char *text)
{
	ar_buf_adds(out, "<td>");
	html_text(out, text);
	ar_buf_adds(out, "</td>");
}

static const char worksheet_style[] =
	"body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}"
	"table{border-collapse:collapse;width:100%;margin-bottom:2em}"
	"th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;"
	"vertical-align:top}th{background:#f3f3f3}"
	"tr.privileged td{background:#fff3e0}"
	"tr.privileged td.kind{font-weight:bold;color:#b34700}"
	".instructions{background:#eef5ff;border:1px solid #9bc;"
	"padding:1em;margin-bottom:2em}"
	"@media print{.instructions{border:1px solid #000}}";

static void html_begin(struct sheet *sheet, const char *csv_name)
{
	const struct campaign_status *campaign = sheet->campaign;
	struct ar_buf *out = &sheet->html;

	ar_buf_adds(out, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
			 "<meta charset=\"utf-8\"><title>Access review: ");
	html_text(out, sheet->reviewer);
	ar_buf_addf(out, "</title><style>%s</style></head><body>\n<h1>",
		    worksheet_style);
	ar_buf_addf(out, "Access review %s, campaign %lld</h1>\n",
		    campaign->period ? campaign->period : "(event)",
		    campaign->id);
	ar_buf_adds(out, "<div class=\"instructions\"><p>Reviewer: <b>");
	html_text(out, sheet->reviewer);
	ar_buf_addf(out, "</b>. Due: <b>%s</b>.</p>", campaign->due);
	if (campaign->reason) {
		ar_buf_adds(out, "<p>Reason: ");
		html_text(out, campaign->reason);
		ar_buf_adds(out, "</p>");
	}
	ar_buf_adds(out, "<p>This page is read-only. Decide in <code>");
	html_text(out, csv_name);
	ar_buf_adds(out,
		    "</code>: set <b>decision</b> of each row to "
		    "<code>keep</code>, <code>revoke</code> or "
		    "<code>exception</code>. An exception needs "
		    "<b>expires</b> (YYYY-MM-DD) and a <b>comment</b>; keeping "
		    "a privileged grant needs a comment. Do not change the "
		    "item or version columns. Save as CSV (UTF-8) and send it "
		    "back, or import it with <code>accessreview decisions "
		    "import FILE --reviewer ");
	html_text(out, sheet->reviewer);
	ar_buf_adds(out, "</code>.</p></div>\n");
}

static void html_section(struct sheet *sheet, const char *system)
{
	struct ar_buf *out = &sheet->html;

	if (sheet->current_system && strcmp(sheet->current_system, system) == 0)
		return;
	if (sheet->current_system)
		ar_buf_adds(out, "</tbody></table>\n");
	free(sheet->current_system);
	sheet->current_system = ar_strdup(system);
	ar_buf_adds(out, "<h2>");
	html_text(out, system);
	ar_buf_adds(out, "</h2>\n<table class=\"worksheet\"><thead><tr>"
			 "<th>Item</th><th>Account</th><th>Person</th>"
			 "<th>Review</th><th>Access</th><th>Findings</th>"
			 "<th>MFA</th><th>Decision</th>"
			 "</tr></thead><tbody>\n");
}

static void html_row(struct sheet *sheet, const struct store_row *row)
{
	struct ar_buf *out = &sheet->html;
	int privileged = store_row_int(row, "privileged", 0) != 0;
	int grant = strcmp(store_row_text(row, "kind"), "grant") == 0;
	const char *person = store_row_text(row, "person");
	const char *name = store_row_text(row, "person_name");
	const char *decision = store_row_text(row, "decision");

	html_section(sheet, store_row_text(row, "system"));
	ar_buf_addf(out, "<tr%s>", privileged ? " class=\"privileged\"" : "");
	html_cell(out, store_row_text(row, "id"));
	html_cell(out, store_row_text(row, "account"));
	ar_buf_adds(out, "<td>");
	html_text(out, person ? person : "(no person: orphan account)");
	if (name) {
		ar_buf_adds(out, "<br>");
		html_text(out, name);
	}
	ar_buf_addf(out, "</td><td class=\"kind\">%s</td>",
		    grant ? "privileged grant" : privileged
		    ? "account (privileged)" : "account");
	html_cell(out, store_row_text(row, "entitlement"));
	html_cell(out, store_row_text(row, "findings"));
	html_cell(out, store_row_text(row, "mfa"));
	html_cell(out, decision ? decision : "");
	ar_buf_adds(out, "</tr>\n");
}

static void html_end(struct sheet *sheet)
{
	if (sheet->current_system)
		ar_buf_adds(&sheet->html, "</tbody></table>\n");
	ar_buf_adds(&sheet->html, "</body></html>\n");
}

static void csv_row(struct sheet *sheet, const struct store_row *row)
{
	static const char *const columns[] = {
		"id", "version", "system", "account", "person", "entitlement",
	};
	struct ar_buf *out = &sheet->csv;

	for (size_t i = 0; i < COUNT(columns); i++)
		spreadsheet_add_cell(out, store_row_text(row, columns[i]),
				     i == 0);
	spreadsheet_add_cell(out, store_row_int(row, "privileged", 0)
					  ? "yes" : "no", 0);
	spreadsheet_add_cell(out, store_row_text(row, "findings"), 0);
	spreadsheet_add_cell(out, store_row_text(row, "mfa"), 0);
	spreadsheet_add_cell(out, store_row_text(row, "decision"), 0);
	spreadsheet_add_cell(out, store_row_text(row, "expires"), 0);
	spreadsheet_add_cell(out, store_row_text(row, "comment"), 0);
	spreadsheet_end_row(out);
}

static enum ar_rc add_item(void *context, const struct store_row *row,
			   struct ar_error *err)
{
	struct sheet *sheet = context;

	csv_row(sheet, row);
	html_row(sheet, row);
	sheet->items++;
	(void)err;
	return AR_OK;
}

/* ---- writing the files ---- */

struct issue {
	struct store *store;
	const struct worksheets_request *request;
	struct campaign_status campaign;
	struct output_file *outputs;
	size_t output_count;
	char at[21];
	long items;
};

static enum ar_rc stage_file(struct issue *issue, const char *path,
			     const struct ar_buf *content,
			     struct ar_error *err)
{
	struct output_file *out;
	enum ar_rc rc;

	issue->outputs = ar_realloc(issue->outputs,
				    (issue->output_count + 1) *
					    sizeof(*issue->outputs));
	out = &issue->outputs[issue->output_count];
	rc = output_open(path, out, err);
	if (rc != AR_OK)
		return rc;
	issue->output_count++;
	/* a failed write is remembered in out and reported by finish */
	output_write(out, content->buf, content->len);
	return output_finish(out, WORKSHEET_MODE, err);
}

static enum ar_rc log_worksheet(struct issue *issue, const char *reviewer,
				const struct sheet *sheet, const char *csv_name,
				struct ar_error *err)
{
	struct audit_event event = { issue->at, issue->campaign.id,
				     "worksheet", issue->request->actor, 0,
				     NULL };
	char digest[HASH_HEX_SIZE];

	hash_buffer_sha256(sheet->csv.buf, sheet->csv.len, digest);
	return audit_append_object(
		issue->store, &event,
		json_pack("{s:s, s:s, s:i, s:s}", "reviewer", reviewer, "file",
			  csv_name, "items", (int)sheet->items, "sha256",
			  digest),
		err);
}

static enum ar_rc write_sheet(struct issue *issue, const char *reviewer,
			      struct ar_error *err)
{
	struct store_param params[] = {
		STORE_INT(PARAM_CAMPAIGN, issue->campaign.id),
		STORE_TEXT(PARAM_REVIEWER, reviewer),
	};
	struct sheet sheet = { &issue->campaign, reviewer, AR_BUF_INIT,
			       AR_BUF_INIT, NULL, 0 };
	char name[256];
	char *csv_path, *html_path, *csv_name;
	enum ar_rc rc;

	worksheets_file_name(reviewer, name, sizeof(name));
	csv_path = output_path(issue->request->directory, name, ".csv");
	html_path = output_path(issue->request->directory, name, ".html");
	csv_name = strrchr(csv_path, '/') + 1;
	ar_buf_adds(&sheet.csv, SPREADSHEET_BOM DECISIONS_HEADER "\r\n");
	html_begin(&sheet, csv_name);
	rc = store_query(issue->store, QUERY_CAMPAIGN_ITEMS_OF_REVIEWER, params,
			 COUNT(params), add_item, &sheet, err);
	html_end(&sheet);
	if (rc == AR_OK)
		rc = stage_file(issue, csv_path, &sheet.csv, err);
	if (rc == AR_OK)
		rc = stage_file(issue, html_path, &sheet.html, err);
	if (rc == AR_OK)
		rc = log_worksheet(issue, reviewer, &sheet, csv_name, err);
	issue->items += sheet.items;
	ar_buf_release(&sheet.csv);
	ar_buf_release(&sheet.html);
	free(sheet.current_system);
	free(csv_path);
	free(html_path);
	return rc;
}

static enum ar_rc write_all(struct issue *issue, struct ar_error *err)
{
	enum ar_rc rc = AR_OK;

	for (size_t i = 0; rc == AR_OK && i < issue->campaign.reviewer_count;
	     i++)
		rc = write_sheet(issue, issue->campaign.reviewers[i].reviewer,
				 err);
	return rc;
}

static enum ar_rc publish_all(struct issue *issue, struct ar_error *err)
{
	enum ar_rc rc = AR_OK;

	for (size_t i = 0; i < issue->output_count; i++) {
		if (rc == AR_OK)
			rc = output_publish(&issue->outputs[i], err);
		else
			output_abort(&issue->outputs[i]);
	}
	issue->output_count = 0;
	return rc;
}

static void abort_all(struct issue *issue)
{
	for (size_t i = 0; i < issue->output_count; i++)
		output_abort(&issue->outputs[i]);
	issue->output_count = 0;
}

enum ar_rc worksheets_write(struct store *store,
			    const struct worksheets_request *request,
			    struct worksheets_result *result,
			    struct ar_error *err)
{
	struct issue issue = { store, request, { 0 }, NULL, 0, { 0 }, 0 };
	enum ar_rc rc;

	memset(result, 0, sizeof(*result));
	text_format_time(request->now, issue.at);
	rc = output_make_directory(request->directory, err);
	if (rc == AR_OK)
		rc = store_begin_write(store, "issue worksheets", err);
	if (rc != AR_OK)
		return rc;
	rc = campaign_status(store, request->campaign_id, request->now,
			     &issue.campaign, err);
	if (rc == AR_OK && strcmp(issue.campaign.state, "open") != 0)
		rc = ar_error_set(err, AR_ERR_DATA,
				  "campaign %lld is closed: no more "
				  "worksheets", issue.campaign.id);
	if (rc == AR_OK)
		rc = write_all(&issue, err);
	if (rc == AR_OK)
		rc = store_commit(store, "issue worksheets", err);
	else
		store_rollback(store);
	if (rc == AR_OK)
		rc = publish_all(&issue, err);
	abort_all(&issue);
	result->campaign_id = issue.campaign.id;
	result->worksheets = (long)issue.campaign.reviewer_count;
	result->items = issue.items;
	campaign_status_release(&issue.campaign);
	free(issue.outputs);
	return rc;
}
