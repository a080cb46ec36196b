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

/*
 * The writer is driven from store_query callbacks: each section is one
 * query whose rows go straight into libxml2's xmlTextWriter, which hands
 * the bytes to the caller's report_write_fn through a small output
 * buffer.  Nothing proportional to the snapshot is held here.
 *
 * libxml2 calls return a negative number on failure; rather than test
 * each one, `failed` remembers the first failure and every callback ends
 * with writer_status(), which turns it into an error.
 */
struct writer {
	xmlTextWriterPtr xml;
	struct report_sink *sink;
	struct ar_buf scratch;       /* report_xml_safe's copies */
	struct store *store;
	long long snapshot_id;
	int failed;
	/* report_accounts rows come one per grant: the account open now */
	long long account_row;
	int in_account;
};

/* ---- writing primitives ---- */

static void check(struct writer *w, int libxml_result)
{
	if (libxml_result < 0)
		w->failed = 1;
}

static enum ar_rc writer_status(struct writer *w, struct ar_error *err)
{
	if (!w->failed && !w->sink->failed)
		return AR_OK;
	if (w->sink->failed)
		return ar_error_set(err, AR_ERR_CANTCREATE,
				    "cannot write the XML report: output "
				    "failed or reached its size limit");
	return ar_error_set(err, AR_ERR_INTERNAL,
			    "cannot write the XML report: libxml2 failed");
}

static void start(struct writer *w, const char *name)
{
	check(w, xmlTextWriterStartElement(w->xml, BAD_CAST name));
}

static void end(struct writer *w)
{
	check(w, xmlTextWriterEndElement(w->xml));
}

static void text(struct writer *w, const char *value)
{
	if (value != NULL)
		check(w, xmlTextWriterWriteString(
				 w->xml,
				 BAD_CAST report_xml_safe(&w->scratch, value)));
}

/* Optional attributes are left out when NULL or empty. */
static void attr(struct writer *w, const char *name, const char *value)
{
	if (value != NULL && value[0] != '\0')
		check(w, xmlTextWriterWriteAttribute(
				 w->xml, BAD_CAST name,
				 BAD_CAST report_xml_safe(&w->scratch, value)));
}

/* Required attributes are written even when empty. */
static void attr_required(struct writer *w, const char *name,
			  const char *value)
{
	if (value == NULL || value[0] == '\0')
		check(w, xmlTextWriterWriteAttribute(w->xml, BAD_CAST name,
						     BAD_CAST ""));
	else
		attr(w, name, value);
}

static void attr_int(struct writer *w, const char *name, long long value)
{
	char number[32];

	snprintf(number, sizeof(number), "%lld", value);
	attr(w, name, number);
}

static void attr_bool(struct writer *w, const char *name, int value)
{
	attr(w, name, value ? "true" : "false");
}

/* A column as an integer attribute, left out when NULL. */
static void attr_column_int(struct writer *w, const struct store_row *row,
			    const char *name, const char *column)
{
	if (store_row_text(row, column) != NULL)
		attr_int(w, name, store_row_int(row, column, 0));
}

/* A column that may hold a timestamp: normalised when it parses, as is
 * otherwise, so odd input shows rather than vanishes. */
static void attr_time_text(struct writer *w, const char *name,
			   const char *value)
{
	char formatted[21];
	time_t when;

	if (value != NULL && text_parse_time(value, &when) == 0) {
		text_format_time(when, formatted);
		value = formatted;
	}
	attr_required(w, name, value);
}

/* Run a query of the snapshot, each row to fn with context. */
static enum ar_rc run_with(struct writer *w, enum store_query_id query,
			   store_row_fn fn, void *context,
			   struct ar_error *err)
{
	struct store_param param = STORE_INT(PARAM_SNAPSHOT, w->snapshot_id);

	return store_query(w->store, query, &param, 1, fn, context, err);
}

static enum ar_rc run(struct writer *w, enum store_query_id query,
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

static enum ar_rc write_header(struct writer *w,
			       const struct report_options *options,
			       struct ar_error *err)
{
	struct snapshot_info info = { 0, NULL };
	char generated_at[21];
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

	check(w, xmlTextWriterStartDocument(w->xml, NULL, "UTF-8", NULL));
	/* the namespace first, as people write it (StartElementNS would
	 * put it last) */
	start(w, "accessReview");
	attr(w, "xmlns", REPORT_NAMESPACE);
	attr(w, "version", "1");
	attr_required(w, "period",
		      options->period && options->period[0] ? options->period
							     : period);
	attr(w, "generatedAt", generated_at);
	attr_required(w, "toolVersion", options->tool_version);

	start(w, "snapshot");
	attr_int(w, "id", w->snapshot_id);
	attr_time_text(w, "takenAt", info.taken_at);
	if (options->previous_snapshot_id > 0)
		attr_int(w, "previousId", options->previous_snapshot_id);
	end(w);
	rc = writer_status(w, err);
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
	struct writer *w = context;

	for (size_t i = 0; i < sizeof(columns) / sizeof(columns[0]); i++)
		attr_int(w, columns[i], store_row_int(row, columns[i], 0));
	return writer_status(w, err);
}

static enum ar_rc by_severity_row(void *context, const struct store_row *row,
				  struct ar_error *err)
{
	struct writer *w = context;

	start(w, "bySeverity");
	attr_required(w, "severity", store_row_text(row, "severity"));
	attr_int(w, "count", store_row_int(row, "count", 0));
	end(w);
	return writer_status(w, err);
}

static enum ar_rc by_code_row(void *context, const struct store_row *row,
			      struct ar_error *err)
{
	struct writer *w = context;

	start(w, "byCode");
	attr_required(w, "code", store_row_text(row, "code"));
	attr_required(w, "severity", store_row_text(row, "severity"));
	attr_int(w, "count", store_row_int(row, "count", 0));
	end(w);
	return writer_status(w, err);
}

static enum ar_rc write_summary(struct writer *w, struct ar_error *err)
{
	enum ar_rc rc;

	start(w, "summary");
	rc = run(w, QUERY_REPORT_TOTALS, totals_row, err);
	if (rc == AR_OK)
		rc = run(w, QUERY_REPORT_FINDINGS_BY_SEVERITY, by_severity_row,
			 err);
	if (rc == AR_OK)
		rc = run(w, QUERY_REPORT_FINDINGS_BY_CODE, by_code_row, err);
	end(w);
	return rc == AR_OK ? writer_status(w, err) : rc;
}

/* ---- <sources> ---- */

static enum ar_rc source_row(void *context, const struct store_row *row,
			     struct ar_error *err)
{
	struct writer *w = context;

	start(w, "source");
	attr(w, "system", store_row_text(row, "system"));
	attr_required(w, "role", store_row_text(row, "role"));
	attr_required(w, "format", store_row_text(row, "format"));
	attr(w, "preset", store_row_text(row, "preset"));
	attr_required(w, "location", store_row_text(row, "location"));
	attr(w, "sha256", store_row_text(row, "sha256"));
	attr_column_int(w, row, "bytes", "bytes");
	attr_int(w, "records", store_row_int(row, "records", 0));
	if (store_row_int(row, "declared", -1) >= 0)
		attr_int(w, "declared", store_row_int(row, "declared", -1));
	attr(w, "incomplete", store_row_text(row, "incomplete"));
	attr_time_text(w, "readAt", store_row_text(row, "read_at"));
	end(w);
	return writer_status(w, err);
}

static enum ar_rc write_sources(struct writer *w, struct ar_error *err)
{
	enum ar_rc rc;

	start(w, "sources");
	rc = run(w, QUERY_REPORT_SOURCES, source_row, err);
	end(w);
	return rc == AR_OK ? writer_status(w, err) : rc;
}

/* ---- <systems> and the <accounts> lists ---- */

/* lastLogin: Unix seconds, 0 = unknown (left out), -1 = never. */
static void attr_last_login(struct writer *w, long long last_login)
{
	char formatted[21];

	if (last_login > 0) {
		text_format_time((time_t)last_login, formatted);
		attr(w, "lastLogin", formatted);
	} else if (last_login == -1) {
		attr_bool(w, "never", 1);
	}
}

/* <person> when the account is linked, else <unmatched/>. */
static void write_person(struct writer *w, const struct store_row *row)
{
	const char *key = store_row_text(row, "person_key");

	start(w, key != NULL ? "person" : "unmatched");
	if (key != NULL) {
		attr_required(w, "key", key);
		attr(w, "uid", store_row_text(row, "person_uid"));
		attr(w, "email", store_row_text(row, "person_email"));
		attr(w, "displayName", store_row_text(row, "person_name"));
		attr_bool(w, "disabled",
			  store_row_int(row, "person_disabled", 0));
	}
	end(w);
}

static void start_account(struct writer *w, const struct store_row *row)
{
	start(w, "account");
	attr_required(w, "id", store_row_text(row, "external_id"));
	attr(w, "login", store_row_text(row, "login"));
	attr(w, "email", store_row_text(row, "email"));
	attr(w, "displayName", store_row_text(row, "display_name"));
	attr(w, "employeeNumber", store_row_text(row, "employee_number"));
	attr_bool(w, "active", store_row_int(row, "active", 0));
	attr_required(w, "mfa", store_row_text(row, "mfa"));
	attr_last_login(w, store_row_int(row, "last_login", 0));
	attr_bool(w, "service", store_row_int(row, "is_service", 0));
	attr_bool(w, "privileged", store_row_int(row, "privileged", 0));
	attr_int(w, "matchCount", store_row_int(row, "match_count", 0));
	write_person(w, row);
}

static enum ar_rc account_row(void *context, const struct store_row *row,
			      struct ar_error *err)
{
	struct writer *w = context;
	long long account = store_row_int(row, "account_row", 0);

	if (!w->in_account || account != w->account_row) {
		if (w->in_account)
			end(w);
		start_account(w, row);
		w->in_account = 1;
		w->account_row = account;
	}
	if (store_row_text(row, "entitlement_key") != NULL) {
		start(w, "entitlement");
		attr_required(w, "name", store_row_text(row, "entitlement_name"));
		attr_required(w, "key", store_row_text(row, "entitlement_key"));
		attr_bool(w, "privileged",
			  store_row_int(row, "entitlement_privileged", 0));
		attr(w, "via", store_row_text(row, "via"));
		end(w);
	}
	return writer_status(w, err);
}

static void write_counts(struct writer *w, const struct store_row *row)
{
	start(w, "counts");
	attr_int(w, "accounts", store_row_int(row, "accounts", 0));
	attr_int(w, "active", store_row_int(row, "active", 0));
	attr_int(w, "privileged", store_row_int(row, "privileged", 0));
	attr_int(w, "mfaEnabled", store_row_int(row, "mfa_enabled", 0));
	attr_int(w, "mfaDisabled", store_row_int(row, "mfa_disabled", 0));
	attr_int(w, "mfaUnknown", store_row_int(row, "mfa_unknown", 0));
	attr_int(w, "mfaNotApplicable",
		 store_row_int(row, "mfa_not_applicable", 0));
	attr_int(w, "findings", store_row_int(row, "findings", 0));
	end(w);
}

static enum ar_rc system_row(void *context, const struct store_row *row,
			     struct ar_error *err)
{
	struct writer *w = context;

	start(w, "system");
	attr_required(w, "name", store_row_text(row, "name"));
	attr_required(w, "category", store_row_text(row, "category"));
	attr(w, "owner", store_row_text(row, "owner"));
	attr_bool(w, "mfaSupported", store_row_int(row, "mfa_supported", 1));
	write_counts(w, row);
	end(w);
	return writer_status(w, err);
}

static enum ar_rc write_systems(struct writer *w, struct ar_error *err)
{
	enum ar_rc rc;

	start(w, "systems");
	rc = run(w, QUERY_REPORT_SYSTEMS, system_row, err);
	end(w);
	return rc == AR_OK ? writer_status(w, err) : rc;
}

/* One <accounts system="..."> per system, after the findings: the list
 * a reader (or the HTML renderer) can stream past. */
static enum ar_rc accounts_of_system_row(void *context,
					 const struct store_row *row,
					 struct ar_error *err)
{
	struct writer *w = context;
	struct store_param param = STORE_INT(PARAM_SYSTEM,
					     store_row_int(row, "id", 0));
	enum ar_rc rc;

	start(w, "accounts");
	attr_required(w, "system", store_row_text(row, "name"));
	w->in_account = 0;
	rc = store_query(w->store, QUERY_REPORT_ACCOUNTS, &param, 1, account_row,
			 w, err);
	if (w->in_account)
		end(w);
	w->in_account = 0;
	end(w);
	return rc == AR_OK ? writer_status(w, err) : rc;
}

/* ---- <findings> and <warnings> ---- */

static enum ar_rc finding_row(void *context, const struct store_row *row,
			      struct ar_error *err)
{
	struct writer *w = context;

	start(w, "finding");
	attr_required(w, "code", store_row_text(row, "code"));
	attr_required(w, "severity", store_row_text(row, "severity"));
	attr(w, "system", store_row_text(row, "system"));
	attr(w, "account", store_row_text(row, "account"));
	attr(w, "person", store_row_text(row, "person"));
	attr(w, "login", store_row_text(row, "account_login"));
	attr(w, "personName", store_row_text(row, "person_name"));
	text(w, store_row_text(row, "detail"));
	end(w);
	return writer_status(w, err);
}

static enum ar_rc warning_row(void *context, const struct store_row *row,
			      struct ar_error *err)
{
	struct writer *w = context;

	start(w, "warning");
	attr(w, "system", store_row_text(row, "system"));
	text(w, store_row_text(row, "message"));
	end(w);
	return writer_status(w, err);
}

static enum ar_rc write_list(struct writer *w, const char *element,
			     enum store_query_id query, store_row_fn fn,
			     struct ar_error *err)
{
	enum ar_rc rc;

	start(w, element);
	rc = run(w, query, fn, err);
	end(w);
	return rc == AR_OK ? writer_status(w, err) : rc;
}

/* ---- the document ---- */

/*
 * NEEDSWORK: the sections are read by separate queries outside one read
 * transaction.  Committed snapshots never change, so this only matters
 * if `prune` deletes the snapshot while its report is being written.
 */

static enum ar_rc write_document(struct writer *w,
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
	if (rc == AR_OK) {
		/* closes accessReview and flushes into the buffer */
		check(w, xmlTextWriterEndDocument(w->xml));
		check(w, xmlTextWriterFlush(w->xml));
		rc = writer_status(w, err);
	}
	return rc;
}

enum ar_rc report_write_xml(struct store *store,
			    const struct report_options *options,
			    report_write_fn write, void *context,
			    struct ar_error *err)
{
	struct report_sink sink = { write, context, 0 };
	struct writer w = { NULL, &sink, AR_BUF_INIT, store, 0, 0, 0, 0 };
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
	check(&w, xmlTextWriterSetIndent(w.xml, 1));
	check(&w, xmlTextWriterSetIndentString(w.xml, BAD_CAST " "));
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
