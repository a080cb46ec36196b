/* export.c -- the evidence export operation: a campaign's signed bundle */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "accessreview/audit.h"
#include "accessreview/embedded.h"
#include "accessreview/evidence.h"
#include "accessreview/mem.h"
#include "accessreview/report.h"
#include "accessreview/revocations.h"
#include "accessreview/store.h"
#include "accessreview/text.h"
#include "evidence_int.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

struct exporting {
	struct store *store;
	const struct evidence_export_request *request;
	struct evidence_export_result *result;
	struct bundle bundle;
	char at[21];
	long long snapshot_id;
	char *period;
	char *state;
	char *closed_at;
	char *taken_at;
	long long previous_campaign;
};

/* ---- the campaign ---- */

static enum ar_rc campaign_row(void *context, const struct store_row *row,
			       struct ar_error *err)
{
	struct exporting *x = context;

	(void)err;
	x->snapshot_id = store_row_int(row, "snapshot_id", 0);
	x->period = ar_strdup_or_null(store_row_text(row, "period"));
	x->state = ar_strdup(store_row_text(row, "state"));
	x->closed_at = ar_strdup_or_null(store_row_text(row, "closed_at"));
	x->taken_at = ar_strdup_or_null(store_row_text(row, "taken_at"));
	return AR_OK;
}

static enum ar_rc previous_row(void *context, const struct store_row *row,
			       struct ar_error *err)
{
	struct exporting *x = context;

	(void)err;
	x->previous_campaign = store_row_int(row, "campaign_id", 0);
	snprintf(x->result->previous_manifest_sha256, HASH_HEX_SIZE, "%s",
		 store_row_text(row, "manifest_sha256"));
	return AR_OK;
}

static enum ar_rc find_campaign(struct exporting *x, struct ar_error *err)
{
	struct store_param param = STORE_INT(PARAM_CAMPAIGN,
					     x->request->campaign_id);
	enum ar_rc rc;

	rc = store_query(x->store, QUERY_EVIDENCE_CAMPAIGN, &param, 1,
			 campaign_row, x, err);
	if (rc == AR_OK && x->state == NULL)
		rc = ar_error_set(err, AR_ERR_NOINPUT, "no campaign %lld",
				  x->request->campaign_id);
	if (rc == AR_OK)
		rc = store_query(x->store, QUERY_EVIDENCE_PREVIOUS_MANIFEST,
				 &param, 1, previous_row, x, err);
	return rc;
}

/* ---- the reports and the schema ---- */

static enum ar_rc write_reports(struct exporting *x, const char *stem,
				long long campaign_id, struct ar_error *err)
{
	struct report_files files;
	char name[64];
	char *xml, *html;
	enum ar_rc rc;

	memset(&files, 0, sizeof(files));
	snprintf(name, sizeof(name), "%s.xml", stem);
	xml = bundle_path(&x->bundle, name);
	snprintf(name, sizeof(name), "%s.html", stem);
	html = bundle_path(&x->bundle, name);
	files.snapshot_id = campaign_id ? 0 : x->snapshot_id;
	files.campaign_id = campaign_id;
	files.now = x->request->now;
	files.xml_path = xml;
	files.html_path = html;
	rc = report_write_files(x->store, &files, err);
	free(xml);
	free(html);
	return rc;
}

static enum ar_rc write_schema(struct exporting *x, struct ar_error *err)
{
	const char *xsd = embedded_file_content("accessreview.xsd");

	return bundle_write(&x->bundle, "accessreview.xsd", xsd, strlen(xsd),
			    err);
}

/* ---- decisions, as reviewers signed them ---- */

static void safe_name(const char *text, char *out, size_t size)
{
	size_t i = 0;

	for (; text && *text && i + 1 < size; text++)
		out[i++] = (strchr("._@+-", *text) ||
			    (*text >= 'a' && *text <= 'z') ||
			    (*text >= 'A' && *text <= 'Z') ||
			    (*text >= '0' && *text <= '9'))
				   ? *text
				   : '_';
	out[i] = '\0';
}

static enum ar_rc import_row(void *context, const struct store_row *row,
			     struct ar_error *err)
{
	struct exporting *x = context;
	const char *content = store_row_text(row, "content");
	const char *signature = store_row_text(row, "signature");
	char reviewer[128], name[192];
	enum ar_rc rc = AR_OK;

	safe_name(store_row_text(row, "reviewer"), reviewer, sizeof(reviewer));
	snprintf(name, sizeof(name), "decisions/%04lld-%s.csv",
		 store_row_int(row, "id", 0), reviewer);
	if (content != NULL)
		rc = bundle_write(&x->bundle, name, content, strlen(content),
				  err);
	strncat(name, ".sig", sizeof(name) - strlen(name) - 1);
	if (rc == AR_OK && signature != NULL)
		rc = bundle_write(&x->bundle, name, signature,
				  strlen(signature), err);
	return rc;
}

static enum ar_rc write_decisions(struct exporting *x, struct ar_error *err)
{
	struct store_param param = STORE_INT(PARAM_CAMPAIGN,
					     x->request->campaign_id);
	json_t *imports = json_array();
	enum ar_rc rc;

	rc = store_query(x->store, QUERY_EVIDENCE_IMPORTS, &param, 1,
			 import_row, x, err);
	if (rc == AR_OK)
		rc = bundle_rows_json(x->store, QUERY_REPORT_CAMPAIGN_IMPORTS,
				      &param, 1, imports, err);
	if (rc == AR_OK)
		return bundle_write_json(&x->bundle, "decisions.json",
					 json_pack("{s:s, s:o}", "files",
						   "decisions/NNNN-REVIEWER.csv"
						   " (and .csv.sig when signed"
						   ": ssh-keygen -Y verify -n "
						   "accessreview)",
						   "imports", imports),
					 err);
	json_decref(imports);
	return rc;
}

/* ---- attestations, exceptions, revocations ---- */

static enum ar_rc write_rows(struct exporting *x, const char *name,
			     enum store_query_id query, struct ar_error *err)
{
	struct store_param param = STORE_INT(PARAM_CAMPAIGN,
					     x->request->campaign_id);
	json_t *rows = json_array();
	enum ar_rc rc = bundle_rows_json(x->store, query, &param, 1, rows, err);

	if (rc == AR_OK)
		return bundle_write_json(&x->bundle, name, rows, err);
	json_decref(rows);
	return rc;
}

static enum ar_rc write_revocations(struct exporting *x, struct ar_error *err)
{
	struct ar_buf csv = AR_BUF_INIT, json = AR_BUF_INIT;
	long count = 0;
	enum ar_rc rc;

	rc = revocations_render(x->store, x->request->campaign_id,
				x->closed_at, &csv, &json, &count, err);
	if (rc == AR_OK)
		rc = bundle_write(&x->bundle, "revocations.csv", csv.buf,
				  csv.len, err);
	if (rc == AR_OK)
		rc = bundle_write(&x->bundle, "revocations.json", json.buf,
				  json.len, err);
	ar_buf_release(&csv);
	ar_buf_release(&json);
	return rc;
}

/* ---- the audit log ---- */

struct audit_export {
	struct ar_buf lines;
	long long rows;
	char head[HASH_HEX_SIZE];
};

static json_t *number_or_null(long long value)
{
	return value ? json_integer(value) : json_null();
}

static enum ar_rc audit_line(void *context, const struct store_row *row,
			     struct ar_error *err)
{
	struct audit_export *audit = context;
	json_t *line = json_pack(
		"{s:I, s:s, s:o, s:s, s:s, s:o, s:s, s:s, s:s}",
		"id", (json_int_t)store_row_int(row, "id", 0),
		"at", store_row_text(row, "at"),
		"campaign",
		number_or_null(store_row_int(row, "campaign_id", 0)),
		"event", store_row_text(row, "event"),
		"actor", store_row_text(row, "actor"),
		"item", number_or_null(store_row_int(row, "item_id", 0)),
		"detail", store_row_text(row, "detail"),
		"previous_hash", store_row_text(row, "previous_hash"),
		"hash", store_row_text(row, "hash"));
	char *text = line ? json_dumps(line, JSON_COMPACT | JSON_SORT_KEYS)
			  : NULL;

	json_decref(line);
	if (text == NULL)
		return ar_error_set(err, AR_ERR_INTERNAL,
				    "cannot export audit row %s",
				    store_row_text(row, "id"));
	ar_buf_addf(&audit->lines, "%s\n", text);
	free(text);
	audit->rows++;
	snprintf(audit->head, HASH_HEX_SIZE, "%s", store_row_text(row, "hash"));
	return AR_OK;
}

static enum ar_rc write_audit(struct exporting *x, struct ar_error *err)
{
	struct audit_export audit = { AR_BUF_INIT, 0, AUDIT_GENESIS_HASH };
	struct ar_buf head = AR_BUF_INIT;
	enum ar_rc rc;

	rc = store_query(x->store, QUERY_AUDIT_ROWS, NULL, 0, audit_line,
			 &audit, err);
	if (rc == AR_OK)
		rc = bundle_write(&x->bundle, "audit-log.jsonl",
				  audit.lines.buf ? audit.lines.buf : "",
				  audit.lines.len, err);
	ar_buf_addf(&head, "%s %lld\n", audit.head, audit.rows);
	if (rc == AR_OK)
		rc = bundle_write(&x->bundle, "audit-head.txt", head.buf,
				  head.len, err);
	ar_buf_release(&audit.lines);
	ar_buf_release(&head);
	return rc;
}

/* ---- the receipt ---- */

static json_t *configuration_json(const struct evidence_export_request *r,
				  struct ar_error *err, enum ar_rc *rc)
{
	char hex[HASH_HEX_SIZE] = "";
	long long bytes = 0;
	json_t *secrets = json_array();

	if (r->config_path != NULL)
		*rc = hash_file_sha256(r->config_path, hex, &bytes, err);
	for (size_t i = 0; i < r->secret_path_count; i++)
		json_array_append_new(secrets, json_string(r->secret_paths[i]));
	return json_pack("{s:s?, s:s?, s:o}", "path", r->config_path,
			 "sha256", *hex ? hex : NULL,
			 "secret_files_named_not_copied", secrets);
}

static json_t *campaign_json(const struct exporting *x)
{
	return json_pack("{s:I, s:s?, s:s, s:s?, s:I, s:s?}", "id",
			 (json_int_t)x->request->campaign_id, "period",
			 x->period, "state", x->state, "closed_at",
			 x->closed_at, "snapshot",
			 (json_int_t)x->snapshot_id, "snapshot_taken_at",
			 x->taken_at);
}

static enum ar_rc write_receipt(struct exporting *x, struct ar_error *err)
{
	struct store_param param = STORE_INT(PARAM_SNAPSHOT, x->snapshot_id);
	json_t *inputs = json_array();
	enum ar_rc rc = AR_OK;
	json_t *configuration = configuration_json(x->request, err, &rc);
	const char *previous_manifest = x->result->previous_manifest_sha256;
	json_t *previous = *previous_manifest
				   ? json_pack("{s:I, s:s}", "campaign",
					       (json_int_t)x->previous_campaign,
					       "manifest_sha256",
					       previous_manifest)
				   : json_null();

	if (rc == AR_OK)
		rc = bundle_rows_json(x->store, QUERY_REPORT_SOURCES, &param, 1,
				      inputs, err);
	if (rc == AR_OK)
		return bundle_write_json(
			&x->bundle, "receipt.json",
			json_pack("{s:s, s:s, s:o, s:o, s:o, s:b, s:o, s:s}",
				  "tool", "accessreview", "tool_version",
				  ACCESSREVIEW_VERSION, "campaign",
				  campaign_json(x), "configuration",
				  configuration, "inputs", inputs,
				  "inputs_included", x->request->include_inputs,
				  "previous_bundle", previous, "generated_at",
				  x->at),
			err);
	json_decref(inputs);
	json_decref(configuration);
	json_decref(previous);
	return rc;
}

/* ---- the inputs themselves (personal data), on request ---- */

static enum ar_rc copy_input(void *context, const struct store_row *row,
			     struct ar_error *err)
{
	struct exporting *x = context;
	const char *location = store_row_text(row, "location");
	const char *base = location ? strrchr(location, '/') : NULL;
	struct ar_buf data = AR_BUF_INIT;
	char name[256];
	enum ar_rc rc;

	/* an LDAP search has no file to copy: its hash is in the receipt */
	if (location == NULL || strstr(location, "://") != NULL)
		return AR_OK;
	snprintf(name, sizeof(name), "inputs/%s", base ? base + 1 : location);
	rc = bundle_read_file(location, (size_t)1 << 31, &data, err);
	if (rc == AR_OK)
		rc = bundle_write(&x->bundle, name, data.buf ? data.buf : "",
				  data.len, err);
	ar_buf_release(&data);
	return rc;
}

static enum ar_rc write_inputs(struct exporting *x, struct ar_error *err)
{
	struct store_param param = STORE_INT(PARAM_SNAPSHOT, x->snapshot_id);

	if (!x->request->include_inputs)
		return AR_OK;
	return store_query(x->store, QUERY_REPORT_SOURCES, &param, 1,
			   copy_input, x, err);
}

/* ---- MANIFEST and signature ---- */

static enum ar_rc sign_manifest(struct exporting *x,
				const struct minisign_secret_key *key,
				struct ar_error *err)
{
	struct ar_buf manifest = AR_BUF_INIT, signature = AR_BUF_INIT;
	char **names = NULL;
	char comment[160];
	size_t count = 0;
	enum ar_rc rc;

	rc = bundle_list_files(x->bundle.staging, &names, &count, err);
	if (rc == AR_OK)
		rc = bundle_manifest(x->bundle.staging, names, count, &manifest,
				     err);
	if (rc == AR_OK)
		rc = bundle_write(&x->bundle, EVIDENCE_MANIFEST, manifest.buf,
				  manifest.len, err);
	snprintf(comment, sizeof(comment),
		 "timestamp:%lld\tfile:" EVIDENCE_MANIFEST "\tcampaign:%lld",
		 (long long)x->request->now, x->request->campaign_id);
	if (rc == AR_OK) {
		minisign_sign(key, manifest.buf, manifest.len, comment,
			      &signature);
		rc = bundle_write(&x->bundle, EVIDENCE_SIGNATURE,
				  signature.buf, signature.len, err);
	}
	hash_buffer_sha256(manifest.buf ? manifest.buf : "", manifest.len,
			   x->result->manifest_sha256);
	x->result->files = count;
	bundle_free_names(names, count);
	ar_buf_release(&manifest);
	ar_buf_release(&signature);
	return rc;
}

static enum ar_rc write_public_key(struct exporting *x,
				   const struct minisign_secret_key *key,
				   struct ar_error *err)
{
	struct minisign_public_key public_key;
	struct ar_buf text = AR_BUF_INIT;
	enum ar_rc rc;

	minisign_public_of(key, &public_key);
	minisign_key_id_text(public_key.key_id, x->result->key_id);
	minisign_format_public(&public_key, &text);
	rc = bundle_write(&x->bundle, EVIDENCE_PUBLIC_KEY, text.buf, text.len,
			  err);
	ar_buf_release(&text);
	return rc;
}

/* The export is recorded (for the next bundle's chain) in the same
 * transaction that sees the directory renamed into place: both or
 * neither. */
static enum ar_rc publish(struct exporting *x, struct ar_error *err)
{
	struct store_param params[] = {
		STORE_INT(PARAM_CAMPAIGN, x->request->campaign_id),
		STORE_TEXT(PARAM_SHA256, x->result->manifest_sha256),
		STORE_TEXT(PARAM_AT, x->at),
		STORE_TEXT(PARAM_DIRECTORY, x->request->directory),
	};
	enum ar_rc rc = store_begin_write(x->store, "record an export", err);

	if (rc == AR_OK)
		rc = store_query(x->store, QUERY_EVIDENCE_EXPORT_INSERT, params,
				 COUNT(params), NULL, NULL, err);
	if (rc == AR_OK)
		rc = bundle_commit(&x->bundle, err);
	else
		bundle_abort(&x->bundle);
	if (rc == AR_OK)
		return store_commit(x->store, "record an export", err);
	store_rollback(x->store);
	return rc;
}

/* ---- the operation ---- */

static enum ar_rc write_contents(struct exporting *x, struct ar_error *err)
{
	enum ar_rc rc = write_reports(x, "campaign-report",
				      x->request->campaign_id, err);

	if (rc == AR_OK)
		rc = write_reports(x, "snapshot-report", 0, err);
	if (rc == AR_OK)
		rc = write_schema(x, err);
	if (rc == AR_OK)
		rc = store_begin_read(x->store, err);
	if (rc != AR_OK)
		return rc;
	rc = write_decisions(x, err);
	if (rc == AR_OK)
		rc = write_rows(x, "attestations.json",
				QUERY_EVIDENCE_ATTESTATIONS, err);
	if (rc == AR_OK)
		rc = write_rows(x, "exceptions.json",
				QUERY_REPORT_CAMPAIGN_EXCEPTIONS, err);
	if (rc == AR_OK)
		rc = write_rows(x, "previous-revocations.json",
				QUERY_REPORT_CAMPAIGN_PREVIOUS_REVOCATIONS,
				err);
	if (rc == AR_OK)
		rc = write_revocations(x, err);
	if (rc == AR_OK)
		rc = write_audit(x, err);
	if (rc == AR_OK)
		rc = write_receipt(x, err);
	if (rc == AR_OK)
		rc = write_inputs(x, err);
	store_end_read(x->store);
	if (rc == AR_OK)
		rc = evidence_write_controls(&x->bundle, err);
	return rc;
}

static void exporting_release(struct exporting *x)
{
	free(x->period);
	free(x->state);
	free(x->closed_at);
	free(x->taken_at);
}

enum ar_rc evidence_export(struct store *store,
			   const struct evidence_export_request *request,
			   struct evidence_export_result *result,
			   struct ar_error *err)
{
	struct exporting x = { store, request, result, { NULL, NULL },
			       { 0 }, 0, NULL, NULL, NULL, NULL, 0 };
	struct minisign_secret_key key;
	enum ar_rc rc;

	memset(result, 0, sizeof(*result));
	text_format_time(request->now, x.at);
	if (request->secret_key == NULL)
		return ar_error_set(err, AR_ERR_CONFIG,
				    "evidence export: [evidence] secret-key "
				    "is not set (make a key with "
				    "'accessreview keygen -o DIR' and name "
				    "its file there)");
	rc = evidence_load_secret_key(request->secret_key, &key, err);
	if (rc == AR_OK)
		rc = find_campaign(&x, err);
	if (rc == AR_OK)
		rc = bundle_begin(&x.bundle, request->directory, err);
	if (rc == AR_OK) {
		rc = write_contents(&x, err);
		if (rc == AR_OK)
			rc = write_public_key(&x, &key, err);
		if (rc == AR_OK)
			rc = sign_manifest(&x, &key, err);
		if (rc == AR_OK)
			rc = publish(&x, err);
		else
			bundle_abort(&x.bundle);
	}
	sodium_memzero(&key, sizeof(key));
	exporting_release(&x);
	return rc;
}
