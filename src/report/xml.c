/* xml.c -- stream one snapshot out of the store into the XML report */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/xmlwriter.h>

#include "accessreview/mem.h"
#include "accessreview/report.h"
#include "accessreview/store.h"
#include "accessreview/text.h"
#include "report_int.h"

/* Run a query of the snapshot, each row to fn with context. */
static enum ar_rc run_with(struct xml_writer *w, enum store_query_id query,
			   store_row_fn fn, void *context,
			   struct ar_error *err)
{
	struct store_param param = STORE_INT(PARAM_SNAPSHOT, w->snapshot_id);

	return store_query(w->store, query, &param, 1, fn, context, err);
}

static enum ar_rc run(struct xml_writer *w, enum store_query_id query,
		      store_row_fn fn, struct ar_error *err)
{
	return run_with(w, query, fn, w, err);
}

/* ---- header: root attributes and <snapshot> ---- */

struct snapshot_info {
	int found;
	char *taken_at;
};

static enum ar_rc snapshot_row(void *context, const struct store_row *row,
			       struct ar_error *err)
{
	struct snapshot_info *info = context;

	(void)err;
	info->found = 1;
	free(info->taken_at);
	info->taken_at = ar_strdup_or_null(store_row_text(row, "taken_at"));
	return AR_OK;
}

/* The calendar quarter of when: "2026-Q4". */
static void derive_period(time_t when, char *out, size_t size)
{
	struct tm tm;

	gmtime_r(&when, &tm);
	snprintf(out, size, "%04d-Q%d", tm.tm_year + 1900, tm.tm_mon / 3 + 1);
}

static enum ar_rc write_header(struct xml_writer *w,
			       const struct report_options *options,
			       struct ar_error *err)
{
	struct snapshot_info info = { 0, NULL };
	char generated_at[TEXT_TIME_SIZE];
	char period[32];
	time_t when;
	enum ar_rc rc;

	if (options->generated_at == NULL ||
	    text_parse_time(options->generated_at, &when) != 0) {
		rc = ar_error_set(err, AR_ERR_USAGE,
				  "invalid report time '%s'",
				  options->generated_at ? options->generated_at
							: "");
		goto out;
	}
	text_format_time(when, generated_at);
	derive_period(when, period, sizeof(period));
	rc = run_with(w, QUERY_REPORT_SNAPSHOT, snapshot_row, &info, err);
	if (rc == AR_OK && !info.found)
		rc = ar_error_set(err, AR_ERR_DATA, "no snapshot %lld",
				  w->snapshot_id);
	if (rc != AR_OK)
		goto out;

	xml_check(w, xmlTextWriterStartDocument(w->xml, NULL, "UTF-8", NULL));
	/* the namespace first, as people write it (StartElementNS would
	 * put it last) */
	xml_start(w, "accessReview");
	xml_attr(w, "xmlns", REPORT_NAMESPACE);
	xml_attr(w, "version", "1");
	xml_attr_required(w, "period",
		      options->period && options->period[0] ? options->period
							     : period);
	xml_attr(w, "generatedAt", generated_at);
	xml_attr_required(w, "toolVersion", options->tool_version);

	xml_start(w, "snapshot");
	xml_attr_int(w, "id", w->snapshot_id);
	xml_attr_time_text(w, "takenAt", info.taken_at);
	if (options->previous_snapshot_id > 0)
		xml_attr_int(w, "previousId", options->previous_snapshot_id);
	xml_end(w);
	rc = xml_status(w, err);
out:
	free(info.taken_at);
	return rc;
}

/* ---- <summary> ---- */

static enum ar_rc totals_row(void *context, const struct store_row *row,
			     struct ar_error *err)
{
	static const char *const columns[] = {
		"systems", "people", "accounts", "grants", "findings",
		"warnings"
	};
	struct xml_writer *w = context;

	for (size_t i = 0; i < sizeof(columns) / sizeof(columns[0]); i++)
		xml_attr_int(w, columns[i], store_row_int(row, columns[i], 0));
	return xml_status(w, err);
}

static enum ar_rc by_severity_row(void *context, const struct store_row *row,
				  struct ar_error *err)
{
	struct xml_writer *w = context;

	xml_start(w, "bySeverity");
	xml_attr_required(w, "severity", store_row_text(row, "severity"));
	xml_attr_int(w, "count", store_row_int(row, "count", 0));
	xml_end(w);
	return xml_status(w, err);
}

static enum ar_rc by_code_row(void *context, const struct store_row *row,
			      struct ar_error *err)
{
	struct xml_writer *w = context;

	xml_start(w, "byCode");
	xml_attr_required(w, "code", store_row_text(row, "code"));
	xml_attr_required(w, "severity", store_row_text(row, "severity"));
	xml_attr_int(w, "count", store_row_int(row, "count", 0));
	xml_end(w);
	return xml_status(w, err);
}

static enum ar_rc write_summary(struct xml_writer *w, struct ar_error *err)
{
	enum ar_rc rc;

	xml_start(w, "summary");
	rc = run(w, QUERY_REPORT_TOTALS, totals_row, err);
	if (rc == AR_OK)
		rc = run(w, QUERY_REPORT_FINDINGS_BY_SEVERITY, by_severity_row,
			 err);
	if (rc == AR_OK)
		rc = run(w, QUERY_REPORT_FINDINGS_BY_CODE, by_code_row, err);
	xml_end(w);
	return rc == AR_OK ? xml_status(w, err) : rc;
}

/* ---- <sources> ---- */

static enum ar_rc source_row(void *context, const struct store_row *row,
			     struct ar_error *err)
{
	struct xml_writer *w = context;

	xml_start(w, "source");
	xml_attr(w, "system", store_row_text(row, "system"));
	xml_attr_required(w, "role", store_row_text(row, "role"));
	xml_attr_required(w, "format", store_row_text(row, "format"));
	xml_attr(w, "preset", store_row_text(row, "preset"));
	xml_attr_required(w, "location", store_row_text(row, "location"));
	xml_attr(w, "sha256", store_row_text(row, "sha256"));
	xml_attr_column_int(w, row, "bytes", "bytes");
	xml_attr_int(w, "records", store_row_int(row, "records", 0));
	if (store_row_int(row, "declared", -1) >= 0)
		xml_attr_int(w, "declared", store_row_int(row, "declared", -1));
	xml_attr(w, "incomplete", store_row_text(row, "incomplete"));
	xml_attr_time_text(w, "readAt", store_row_text(row, "read_at"));
	xml_end(w);
	return xml_status(w, err);
}

static enum ar_rc write_sources(struct xml_writer *w, struct ar_error *err)
{
	enum ar_rc rc;

	xml_start(w, "sources");
	rc = run(w, QUERY_REPORT_SOURCES, source_row, err);
	xml_end(w);
	return rc == AR_OK ? xml_status(w, err) : rc;
}

/* ---- <systems> and the <accounts> lists ---- */

/* lastLogin: Unix seconds, 0 = unknown (left out), -1 = never. */
static void attr_last_login(struct xml_writer *w, long long last_login)
{
	char formatted[TEXT_TIME_SIZE];

	if (last_login > 0) {
		text_format_time((time_t)last_login, formatted);
		xml_attr(w, "lastLogin", formatted);
	} else if (last_login == -1) {
		xml_attr_bool(w, "never", 1);
	}
}

/* <person> when the account is linked, else <unmatched/>. */
static void write_person(struct xml_writer *w, const struct store_row *row)
{
	const char *key = store_row_text(row, "person_key");

	xml_start(w, key != NULL ? "person" : "unmatched");
	if (key != NULL) {
		xml_attr_required(w, "key", key);
		xml_attr(w, "uid", store_row_text(row, "person_uid"));
		xml_attr(w, "email", store_row_text(row, "person_email"));
		xml_attr(w, "displayName", store_row_text(row, "person_name"));
		xml_attr_bool(w, "disabled",
			  store_row_int(row, "person_disabled", 0));
	}
	xml_end(w);
}

static void start_account(struct xml_writer *w, const struct store_row *row)
{
	xml_start(w, "account");
	xml_attr_required(w, "id", store_row_text(row, "external_id"));
	xml_attr(w, "login", store_row_text(row, "login"));
	xml_attr(w, "email", store_row_text(row, "email"));
	xml_attr(w, "displayName", store_row_text(row, "display_name"));
	xml_attr(w, "employeeNumber", store_row_text(row, "employee_number"));
	xml_attr_bool(w, "active", store_row_int(row, "active", 0));
	xml_attr_required(w, "mfa", store_row_text(row, "mfa"));
	attr_last_login(w, store_row_int(row, "last_login", 0));
	xml_attr_bool(w, "service", store_row_int(row, "is_service", 0));
	xml_attr_bool(w, "privileged", store_row_int(row, "privileged", 0));
	xml_attr_int(w, "matchCount", store_row_int(row, "match_count", 0));
	write_person(w, row);
}

static enum ar_rc account_row(void *context, const struct store_row *row,
			      struct ar_error *err)
{
	struct xml_writer *w = context;
	long long account = store_row_int(row, "account_row", 0);

	if (!w->in_account || account != w->account_row) {
		if (w->in_account)
			xml_end(w);
		start_account(w, row);
		w->in_account = 1;
		w->account_row = account;
	}
	if (store_row_text(row, "entitlement_key") != NULL) {
		xml_start(w, "entitlement");
		xml_attr_required(w, "name",
				  store_row_text(row, "entitlement_name"));
		xml_attr_required(w, "key",
				  store_row_text(row, "entitlement_key"));
		xml_attr_bool(w, "privileged",
			  store_row_int(row, "entitlement_privileged", 0));
		xml_attr(w, "via", store_row_text(row, "via"));
		xml_end(w);
	}
	return xml_status(w, err);
}

static void write_counts(struct xml_writer *w, const struct store_row *row)
{
	xml_start(w, "counts");
	xml_attr_int(w, "accounts", store_row_int(row, "accounts", 0));
	xml_attr_int(w, "active", store_row_int(row, "active", 0));
	xml_attr_int(w, "privileged", store_row_int(row, "privileged", 0));
	xml_attr_int(w, "mfaEnabled", store_row_int(row, "mfa_enabled", 0));
	xml_attr_int(w, "mfaDisabled", store_row_int(row, "mfa_disabled", 0));
	xml_attr_int(w, "mfaUnknown", store_row_int(row, "mfa_unknown", 0));
	xml_attr_int(w, "mfaNotApplicable",
		 store_row_int(row, "mfa_not_applicable", 0));
	xml_attr_int(w, "findings", store_row_int(row, "findings", 0));
	xml_end(w);
}

static enum ar_rc system_row(void *context, const struct store_row *row,
			     struct ar_error *err)
{
	struct xml_writer *w = context;

	xml_start(w, "system");
	xml_attr_required(w, "name", store_row_text(row, "name"));
	xml_attr_required(w, "category", store_row_text(row, "category"));
	xml_attr(w, "owner", store_row_text(row, "owner"));
	xml_attr_bool(w, "mfaSupported",
		      store_row_int(row, "mfa_supported", 1));
	write_counts(w, row);
	xml_end(w);
	return xml_status(w, err);
}

static enum ar_rc write_systems(struct xml_writer *w, struct ar_error *err)
{
	enum ar_rc rc;

	xml_start(w, "systems");
	rc = run(w, QUERY_REPORT_SYSTEMS, system_row, err);
	xml_end(w);
	return rc == AR_OK ? xml_status(w, err) : rc;
}

/* One <accounts system="..."> per system, after the findings: the list
 * a reader (or the HTML renderer) can stream past. */
static enum ar_rc accounts_of_system_row(void *context,
					 const struct store_row *row,
					 struct ar_error *err)
{
	struct xml_writer *w = context;
	struct store_param param = STORE_INT(PARAM_SYSTEM,
					     store_row_int(row, "id", 0));
	enum ar_rc rc;

	xml_start(w, "accounts");
	xml_attr_required(w, "system", store_row_text(row, "name"));
	w->in_account = 0;
	rc = store_query(w->store, QUERY_REPORT_ACCOUNTS, &param, 1, account_row,
			 w, err);
	if (w->in_account)
		xml_end(w);
	w->in_account = 0;
	xml_end(w);
	return rc == AR_OK ? xml_status(w, err) : rc;
}

/* ---- <findings> and <warnings> ---- */

static enum ar_rc finding_row(void *context, const struct store_row *row,
			      struct ar_error *err)
{
	struct xml_writer *w = context;

	xml_start(w, "finding");
	xml_attr_required(w, "code", store_row_text(row, "code"));
	xml_attr_required(w, "severity", store_row_text(row, "severity"));
	xml_attr(w, "system", store_row_text(row, "system"));
	xml_attr(w, "account", store_row_text(row, "account"));
	xml_attr(w, "person", store_row_text(row, "person"));
	xml_attr(w, "login", store_row_text(row, "account_login"));
	xml_attr(w, "personName", store_row_text(row, "person_name"));
	xml_text(w, store_row_text(row, "detail"));
	xml_end(w);
	return xml_status(w, err);
}

static enum ar_rc warning_row(void *context, const struct store_row *row,
			      struct ar_error *err)
{
	struct xml_writer *w = context;

	xml_start(w, "warning");
	xml_attr(w, "system", store_row_text(row, "system"));
	xml_text(w, store_row_text(row, "message"));
	xml_end(w);
	return xml_status(w, err);
}

static enum ar_rc write_list(struct xml_writer *w, const char *element,
			     enum store_query_id query, store_row_fn fn,
			     struct ar_error *err)
{
	enum ar_rc rc;

	xml_start(w, element);
	rc = run(w, query, fn, err);
	xml_end(w);
	return rc == AR_OK ? xml_status(w, err) : rc;
}

/* ---- the document ---- */

/*
 * NEEDSWORK: the sections are read by separate queries outside one read
 * transaction.  Committed snapshots never change, so this only matters
 * if `prune` deletes the snapshot while its report is being written.
 */

static enum ar_rc write_document(struct xml_writer *w,
				 const struct report_options *options,
				 struct ar_error *err)
{
	enum ar_rc rc;

	rc = write_header(w, options, err);
	if (rc == AR_OK)
		rc = write_summary(w, err);
	if (rc == AR_OK)
		rc = write_sources(w, err);
	if (rc == AR_OK)
		rc = write_systems(w, err);
	if (rc == AR_OK)
		rc = write_list(w, "findings", QUERY_REPORT_FINDINGS, finding_row,
				err);
	if (rc == AR_OK)
		rc = run(w, QUERY_REPORT_SYSTEM_NAMES, accounts_of_system_row, err);
	if (rc == AR_OK)
		rc = write_list(w, "warnings", QUERY_REPORT_WARNINGS, warning_row,
				err);
	if (rc == AR_OK && options->campaign_id > 0)
		rc = report_write_campaign(w, options->campaign_id, err);
	if (rc == AR_OK) {
		/* closes accessReview and flushes into the buffer */
		xml_check(w, xmlTextWriterEndDocument(w->xml));
		xml_check(w, xmlTextWriterFlush(w->xml));
		rc = xml_status(w, err);
	}
	return rc;
}

enum ar_rc report_write_xml(struct store *store,
			    const struct report_options *options,
			    report_write_fn write, void *context,
			    struct ar_error *err)
{
	struct report_sink sink = { write, context, 0 };
	struct xml_writer w = { NULL, &sink, AR_BUF_INIT, store, 0, 0, 0, 0 };
	struct report_diag diag;
	xmlOutputBufferPtr output;
	enum ar_rc rc;

	report_diag_begin(&diag);
	w.snapshot_id = options->snapshot_id;
	output = report_output_open(&sink);
	/* once the writer exists it owns output and closes it */
	w.xml = output ? xmlNewTextWriter(output) : NULL;
	if (w.xml == NULL) {
		if (output != NULL)
			xmlOutputBufferClose(output);
		rc = ar_error_set(err, AR_ERR_INTERNAL,
				  "cannot create the XML writer");
		goto out;
	}
	xml_check(&w, xmlTextWriterSetIndent(w.xml, 1));
	xml_check(&w, xmlTextWriterSetIndentString(w.xml, BAD_CAST " "));
	rc = write_document(&w, options, err);
out:
	if (w.xml != NULL)
		xmlFreeTextWriter(w.xml);
	ar_buf_release(&w.scratch);
	report_diag_end(&diag);
	return rc;
}

enum ar_rc report_build_xml(struct store *store,
			    const struct report_options *options,
			    struct ar_buf *out, struct ar_error *err)
{
	return report_write_xml(store, options, report_write_to_buf, out,
				err);
}
