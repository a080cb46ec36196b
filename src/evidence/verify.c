/* verify.c -- checking a bundle offline: MANIFEST, signature, schema, chain */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "accessreview/audit.h"
#include "accessreview/embedded.h"
#include "accessreview/evidence.h"
#include "accessreview/mem.h"
#include "accessreview/output.h"
#include "accessreview/report.h"
#include "accessreview/text.h"
#include "evidence_int.h"

/* A MANIFEST of a million files would be odd; ours hold a few dozen. */
#define MANIFEST_MAX (16 * 1024 * 1024)
#define SMALL_FILE_MAX (64 * 1024)
#define AUDIT_LOG_MAX ((size_t)1 << 30)

struct verifying {
	const struct evidence_verify_request *request;
	struct evidence_verification *result;
};

static void check(struct evidence_verification *result, const char *name,
		  int ok, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void check(struct evidence_verification *result, const char *name,
		  int ok, const char *fmt, ...)
{
	struct evidence_check *entry;
	char why[1024] = "";
	va_list args;

	if (!ok && fmt != NULL) {
		va_start(args, fmt);
		vsnprintf(why, sizeof(why), fmt, args);
		va_end(args);
	}
	result->checks = ar_realloc(result->checks, (result->count + 1) *
							     sizeof(*entry));
	entry = &result->checks[result->count++];
	entry->name = ar_strdup(name);
	entry->ok = ok;
	entry->why = ok ? NULL : ar_strdup(why);
	if (!ok)
		result->failed++;
}

/* A check that failed with an ar_error: its message is the why. */
static void check_rc(struct evidence_verification *result, const char *name,
		     enum ar_rc rc, struct ar_error *err)
{
	check(result, name, rc == AR_OK, "%s", err->message);
	ar_error_clear(err);
}

static enum ar_rc read_text(const char *directory, const char *name,
			    size_t max, struct ar_buf *out,
			    struct ar_error *err)
{
	char *path = output_path(directory, name, NULL);
	enum ar_rc rc = bundle_read_file(path, max, out, err);

	free(path);
	if (rc == AR_OK)
		ar_buf_addch(out, '\0');
	return rc;
}

/* ---- the MANIFEST ---- */

struct manifest {
	char **names;
	char **hashes;
	size_t count;
};

static void manifest_release(struct manifest *manifest)
{
	bundle_free_names(manifest->names, manifest->count);
	bundle_free_names(manifest->hashes, manifest->count);
}

static int safe_name(const char *name)
{
	return *name != '\0' && *name != '/' && strstr(name, "..") == NULL &&
	       strchr(name, '\\') == NULL;
}

static enum ar_rc parse_manifest(char *text, const char *where,
				 struct manifest *manifest,
				 struct ar_error *err)
{
	long line = 0;

	for (char *next, *cursor = text; *cursor; cursor = next) {
		char *end = strchr(cursor, '\n');

		line++;
		if (end == NULL)
			return ar_error_set(err, AR_ERR_DATA,
					    "%s:%ld: no line end", where, line);
		*end = '\0';
		next = end + 1;
		if (strlen(cursor) < 67 || cursor[64] != ' ' ||
		    cursor[65] != ' ' || !safe_name(cursor + 66))
			return ar_error_set(err, AR_ERR_DATA,
					    "%s:%ld: not 'SHA256  NAME'",
					    where, line);
		cursor[64] = '\0';
		manifest->names = ar_realloc(manifest->names,
					     (manifest->count + 1) *
						     sizeof(char *));
		manifest->hashes = ar_realloc(manifest->hashes,
					      (manifest->count + 1) *
						      sizeof(char *));
		manifest->names[manifest->count] = ar_strdup(cursor + 66);
		manifest->hashes[manifest->count++] = ar_strdup(cursor);
	}
	return AR_OK;
}

static int listed(const struct manifest *manifest, const char *name)
{
	for (size_t i = 0; i < manifest->count; i++)
		if (strcmp(manifest->names[i], name) == 0)
			return 1;
	return 0;
}

/* Every listed file is there with its hash, and nothing else is. */
static void check_files(struct evidence_verification *result,
			const char *directory, const char *label,
			const struct manifest *manifest, struct ar_error *err)
{
	char **present = NULL;
	size_t present_count = 0;
	char hex[HASH_HEX_SIZE], name[600];
	long long bytes;

	for (size_t i = 0; i < manifest->count; i++) {
		char *path = output_path(directory, manifest->names[i], NULL);
		enum ar_rc rc = hash_file_sha256(path, hex, &bytes, err);

		snprintf(name, sizeof(name), "%s%s", label, manifest->names[i]);
		if (rc != AR_OK)
			check(result, name, 0, "listed in the MANIFEST, "
			      "missing or unreadable");
		else
			check(result, name,
			      strcmp(hex, manifest->hashes[i]) == 0,
			      "its SHA-256 is not the MANIFEST's (the file "
			      "was changed)");
		ar_error_clear(err);
		free(path);
	}
	if (bundle_list_files(directory, &present, &present_count, err) !=
	    AR_OK) {
		check_rc(result, "files", AR_ERR_DATA, err);
		return;
	}
	for (size_t i = 0; i < present_count; i++) {
		snprintf(name, sizeof(name), "%s%s", label, present[i]);
		if (!listed(manifest, present[i]))
			check(result, name, 0, "not in the MANIFEST (a file "
			      "was added)");
	}
	bundle_free_names(present, present_count);
}

static enum ar_rc load_manifest(const char *directory, struct ar_buf *text,
				struct manifest *manifest,
				struct ar_error *err)
{
	enum ar_rc rc = read_text(directory, EVIDENCE_MANIFEST, MANIFEST_MAX,
				  text, err);

	char *copy;

	if (rc != AR_OK)
		return rc;
	/* parsed in a copy: text stays the signed bytes */
	copy = ar_strdup(text->buf);
	rc = parse_manifest(copy, EVIDENCE_MANIFEST, manifest, err);
	free(copy);
	return rc;
}

/* ---- the signature ---- */

static void check_signature(struct verifying *v, const struct ar_buf *text,
			    struct ar_error *err)
{
	const char *directory = v->request->directory;
	struct ar_buf key_text = AR_BUF_INIT, signature = AR_BUF_INIT;
	struct minisign_public_key key;
	enum ar_rc rc;

	if (v->request->public_key != NULL)
		rc = bundle_read_file(v->request->public_key, SMALL_FILE_MAX,
				      &key_text, err);
	else
		rc = read_text(directory, EVIDENCE_PUBLIC_KEY, SMALL_FILE_MAX,
			       &key_text, err);
	if (rc == AR_OK && v->request->public_key != NULL)
		ar_buf_addch(&key_text, '\0');
	if (rc == AR_OK)
		rc = minisign_parse_public(key_text.buf, "public key", &key,
					   err);
	if (rc == AR_OK)
		rc = read_text(directory, EVIDENCE_SIGNATURE, SMALL_FILE_MAX,
			       &signature, err);
	if (rc == AR_OK)
		/* the MANIFEST's bytes, without the NUL read_text added */
		rc = minisign_verify(&key, text->buf, text->len - 1,
				     signature.buf, EVIDENCE_SIGNATURE, NULL,
				     err);
	check_rc(v->result, EVIDENCE_SIGNATURE, rc, err);
	ar_buf_release(&key_text);
	ar_buf_release(&signature);
}

/* ---- schema and reports ---- */

static void check_schema(struct verifying *v, struct ar_error *err)
{
	const char *ours = embedded_file_content("accessreview.xsd");
	struct ar_buf bundled = AR_BUF_INIT;
	enum ar_rc rc = read_text(v->request->directory, "accessreview.xsd",
				  MANIFEST_MAX, &bundled, err);

	if (rc == AR_OK)
		check(v->result, "accessreview.xsd",
		      strcmp(bundled.buf, ours) == 0,
		      "not this tool's schema (accessreview %s)",
		      ACCESSREVIEW_VERSION);
	else
		check_rc(v->result, "accessreview.xsd", rc, err);
	ar_buf_release(&bundled);
}

static void check_report(struct verifying *v, const char *name,
			 struct ar_error *err)
{
	char *path = output_path(v->request->directory, name, NULL);

	check_rc(v->result, name, report_validate_file(path, err), err);
	free(path);
}

/* ---- the audit log ---- */

static enum ar_rc audit_line(const char *line, long number,
			     char previous[HASH_HEX_SIZE], long long *id,
			     struct ar_error *err)
{
	json_t *row = json_loads(line, 0, NULL);
	struct audit_row audit = { 0 };
	char computed[HASH_HEX_SIZE];
	const char *stored;
	enum ar_rc rc = AR_OK;

	if (!json_is_object(row)) {
		json_decref(row);
		return ar_error_set(err, AR_ERR_DATA,
				    "audit-log.jsonl:%ld: not a JSON object",
				    number);
	}
	audit.id = json_integer_value(json_object_get(row, "id"));
	audit.at = json_string_value(json_object_get(row, "at"));
	audit.campaign_id = json_integer_value(json_object_get(row,
							       "campaign"));
	audit.event = json_string_value(json_object_get(row, "event"));
	audit.actor = json_string_value(json_object_get(row, "actor"));
	audit.item_id = json_integer_value(json_object_get(row, "item"));
	audit.detail = json_string_value(json_object_get(row, "detail"));
	audit.previous = json_string_value(json_object_get(row,
							   "previous_hash"));
	stored = json_string_value(json_object_get(row, "hash"));
	audit_row_hash(&audit, computed);
	if (audit.id != *id + 1 || audit.previous == NULL ||
	    strcmp(audit.previous, previous) != 0)
		rc = ar_error_set(err, AR_ERR_DATA,
				  "audit-log.jsonl:%ld: row %lld does not "
				  "follow row %lld", number, audit.id, *id);
	else if (stored == NULL || strcmp(stored, computed) != 0)
		rc = ar_error_set(err, AR_ERR_DATA,
				  "audit-log.jsonl:%ld: row %lld's hash does "
				  "not match its content", number, audit.id);
	if (rc == AR_OK) {
		memcpy(previous, computed, HASH_HEX_SIZE);
		*id = audit.id;
	}
	json_decref(row);
	return rc;
}

static enum ar_rc check_chain(const char *directory, struct ar_error *err)
{
	struct ar_buf log = AR_BUF_INIT, head = AR_BUF_INIT;
	char previous[HASH_HEX_SIZE] = AUDIT_GENESIS_HASH, expected[80];
	long long id = 0;
	long number = 0;
	enum ar_rc rc = read_text(directory, "audit-log.jsonl", AUDIT_LOG_MAX,
				  &log, err);

	for (char *next, *line = log.buf; rc == AR_OK && line && *line;
	     line = next) {
		char *end = strchr(line, '\n');

		next = end ? end + 1 : line + strlen(line);
		if (end)
			*end = '\0';
		rc = audit_line(line, ++number, previous, &id, err);
	}
	if (rc == AR_OK)
		rc = read_text(directory, "audit-head.txt", SMALL_FILE_MAX,
			       &head, err);
	snprintf(expected, sizeof(expected), "%s %lld\n", previous, id);
	if (rc == AR_OK && strcmp(head.buf, expected) != 0)
		rc = ar_error_set(err, AR_ERR_DATA,
				  "audit-head.txt is not the chain's head "
				  "(%lld rows, head %s)", id, previous);
	ar_buf_release(&log);
	ar_buf_release(&head);
	return rc;
}

/* ---- the receipt and the previous bundle ---- */

static json_t *load_receipt(const char *directory, struct ar_error *err)
{
	struct ar_buf text = AR_BUF_INIT;
	json_t *receipt = NULL;

	if (read_text(directory, "receipt.json", MANIFEST_MAX, &text, err) ==
	    AR_OK)
		receipt = json_loads(text.buf, 0, NULL);
	ar_buf_release(&text);
	if (receipt != NULL && !json_is_object(receipt)) {
		json_decref(receipt);
		receipt = NULL;
	}
	if (receipt == NULL && err->code == AR_OK)
		ar_error_set(err, AR_ERR_DATA, "receipt.json is not a JSON "
			     "object");
	return receipt;
}

static void check_previous(struct verifying *v, json_t *receipt,
			   struct ar_error *err)
{
	const char *previous = v->request->previous;
	json_t *link = json_object_get(receipt, "previous_bundle");
	const char *recorded =
		json_string_value(json_object_get(link, "manifest_sha256"));
	char *path = output_path(previous, EVIDENCE_MANIFEST, NULL);
	struct ar_buf text = AR_BUF_INIT;
	struct manifest manifest = { NULL, NULL, 0 };
	char hex[HASH_HEX_SIZE];
	long long bytes;

	if (hash_file_sha256(path, hex, &bytes, err) != AR_OK)
		check_rc(v->result, "previous bundle", AR_ERR_NOINPUT, err);
	else
		check(v->result, "previous bundle",
		      recorded != NULL && strcmp(recorded, hex) == 0,
		      "%s/MANIFEST has SHA-256 %s, the receipt records %s",
		      previous, hex,
		      recorded ? recorded : "no previous bundle");
	if (load_manifest(previous, &text, &manifest, err) == AR_OK)
		check_files(v->result, previous, "previous: ", &manifest, err);
	else
		check_rc(v->result, "previous: MANIFEST", AR_ERR_DATA, err);
	manifest_release(&manifest);
	ar_buf_release(&text);
	free(path);
}

enum ar_rc evidence_verify(const struct evidence_verify_request *request,
			   struct evidence_verification *result,
			   struct ar_error *err)
{
	struct verifying v = { request, result };
	struct manifest manifest = { NULL, NULL, 0 };
	struct ar_buf text = AR_BUF_INIT;
	struct stat status;
	json_t *receipt;
	enum ar_rc rc;

	memset(result, 0, sizeof(*result));
	if (stat(request->directory, &status) != 0 || !S_ISDIR(status.st_mode))
		return ar_error_errno(err, AR_ERR_NOINPUT, errno,
				      "cannot open the bundle '%s'",
				      request->directory);
	rc = load_manifest(request->directory, &text, &manifest, err);
	check_rc(result, EVIDENCE_MANIFEST, rc, err);
	if (rc == AR_OK) {
		check_signature(&v, &text, err);
		check_files(result, request->directory, "", &manifest, err);
	}
	check_schema(&v, err);
	check_report(&v, "campaign-report.xml", err);
	check_report(&v, "snapshot-report.xml", err);
	check_rc(result, "audit chain", check_chain(request->directory, err),
		 err);
	receipt = load_receipt(request->directory, err);
	check_rc(result, "receipt.json", receipt ? AR_OK : AR_ERR_DATA, err);
	if (request->previous != NULL)
		check_previous(&v, receipt, err);
	json_decref(receipt);
	manifest_release(&manifest);
	ar_buf_release(&text);
	if (result->failed > 0)
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: %zu of %zu checks failed",
				    request->directory, result->failed,
				    result->count);
	return AR_OK;
}

void evidence_verification_release(struct evidence_verification *result)
{
	for (size_t i = 0; i < result->count; i++) {
		free(result->checks[i].name);
		free(result->checks[i].why);
	}
	free(result->checks);
	memset(result, 0, sizeof(*result));
}
