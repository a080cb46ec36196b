/* decisions.c -- importing decisions: eligibility, versions, one write */
/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "accessreview/audit.h"
#include "accessreview/campaign.h"
#include "accessreview/mem.h"
#include "accessreview/store.h"
#include "accessreview/text.h"
#include "decisions_int.h"
#include "signature_int.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))
#define SECONDS_PER_DAY 86400

/* An item as stored, for checking one row against it. */
struct item {
	long long id;
	long long campaign_id;
	char *kind;
	char *system;
	char *account;
	char *person;
	int privileged;
	char *reviewer;
	char *role;
	long long version;
	char *decision;
	char *expires;
	char *comment;
	char *decided_by;
	long long decided_on_version;
	char *state;
	char *due;
};

/* A row that passed every check and changes its item. */
struct change {
	const struct decision_row *row;
	long long item_id;
	long long version;           /* the one it was decided on */
	char *previous;              /* the decision it replaces, or NULL */
};

struct import {
	struct store *store;
	const struct decisions_request *request;
	struct decisions_result *result;
	struct decision_file *file;
	long long campaign_id;
	long long campaign_line;     /* the row that fixed the campaign */
	char at[21];
	time_t today;
	struct change *changes;
	size_t change_count;
};

static void item_release(struct item *item)
{
	free(item->kind);
	free(item->system);
	free(item->account);
	free(item->person);
	free(item->reviewer);
	free(item->role);
	free(item->decision);
	free(item->expires);
	free(item->comment);
	free(item->decided_by);
	free(item->state);
	free(item->due);
	memset(item, 0, sizeof(*item));
}

static enum ar_rc read_item(void *context, const struct store_row *row,
			    struct ar_error *err)
{
	struct item *item = context;

#define TEXT(name) ar_strdup_or_null(store_row_text(row, name))
	item->id = store_row_int(row, "id", 0);
	item->campaign_id = store_row_int(row, "campaign_id", 0);
	item->kind = TEXT("kind");
	item->system = TEXT("system");
	item->account = TEXT("account");
	item->person = TEXT("person");
	item->privileged = (int)store_row_int(row, "privileged", 0);
	item->reviewer = TEXT("reviewer");
	item->role = TEXT("reviewer_role");
	item->version = store_row_int(row, "version", 0);
	item->decision = TEXT("decision");
	item->expires = TEXT("expires");
	item->comment = TEXT("comment");
	item->decided_by = TEXT("decided_by");
	item->decided_on_version = store_row_int(row, "decided_on_version", 0);
	item->state = TEXT("state");
	item->due = TEXT("due");
#undef TEXT
	(void)err;
	return AR_OK;
}

static enum ar_rc load_item(struct import *import, long long id,
			    struct item *item, struct ar_error *err)
{
	struct store_param params[] = { STORE_INT(PARAM_ITEM, id) };

	memset(item, 0, sizeof(*item));
	return store_query(import->store, QUERY_DECISION_ITEM, params,
			   COUNT(params), read_item, item, err);
}

#define PROBLEM(import, row, ...) \
	decisions_problem((import)->result, (import)->file->path, \
			  (row)->line, __VA_ARGS__)

/* ---- eligibility ---- */

static int same_text(const char *a, const char *b)
{
	return a && b && strcasecmp(a, b) == 0;
}

static enum ar_rc check_eligible(struct import *import,
				 const struct decision_row *row,
				 const struct item *item, int *eligible,
				 struct ar_error *err)
{
	const char *reviewer = import->request->reviewer;
	struct store_param params[] = {
		STORE_INT(PARAM_CAMPAIGN, item->campaign_id),
		STORE_TEXT(PARAM_SYSTEM, item->system),
		STORE_TEXT(PARAM_REVIEWER, reviewer),
	};
	long long delegate = 0;
	enum ar_rc rc = AR_OK;

	*eligible = 0;
	if (same_text(reviewer, item->person) ||
	    same_text(reviewer, item->account)) {
		PROBLEM(import, row, "item %lld is %s's own account: nobody "
			"decides on their own access", item->id, reviewer);
		return AR_OK;
	}
	if (same_text(reviewer, item->reviewer)) {
		*eligible = 1;
		return AR_OK;
	}
	/* delegates decide for a system's owner, not for a manager or the
	 * fallback reviewer */
	if (strcmp(item->role, "owner") == 0)
		rc = store_query_int(import->store, QUERY_DECISION_IS_DELEGATE,
				     params, COUNT(params), 0, &delegate, err);
	*eligible = delegate > 0;
	if (rc == AR_OK && !*eligible)
		PROBLEM(import, row, "%s may not decide item %lld (%s/%s): "
			"it is assigned to %s (%s)", reviewer, item->id,
			item->system, item->account, item->reviewer,
			item->role);
	return rc;
}

/* ---- the decision itself ---- */

static int is_blank(const char *text)
{
	for (; text && *text; text++)
		if (!isspace((unsigned char)*text))
			return 0;
	return 1;
}

static int check_expiry(struct import *import, const struct decision_row *row,
			const struct item *item, const char *expires)
{
	time_t day, due;

	if (!campaign_parse_day(expires, &day)) {
		PROBLEM(import, row, "expires '%s' is not a day (YYYY-MM-DD)",
			expires);
		return 0;
	}
	if (day <= import->today) {
		PROBLEM(import, row, "expires %s is not in the future",
			expires);
		return 0;
	}
	if (campaign_parse_day(item->due, &due) &&
	    day > due + (time_t)DECISIONS_MAX_EXCEPTION_DAYS * SECONDS_PER_DAY) {
		PROBLEM(import, row, "expires %s is more than %d days after "
			"the campaign's due date %s", expires,
			DECISIONS_MAX_EXCEPTION_DAYS, item->due);
		return 0;
	}
	return 1;
}

static int check_decision(struct import *import, const struct decision_row *row,
			  const struct item *item)
{
	const char *decision = row->cells[COLUMN_DECISION];
	const char *expires = row->cells[COLUMN_EXPIRES];
	const char *comment = row->cells[COLUMN_COMMENT];

	if (strcmp(decision, "keep") && strcmp(decision, "revoke") &&
	    strcmp(decision, "exception")) {
		PROBLEM(import, row, "decision '%s' is not keep, revoke or "
			"exception", decision);
		return 0;
	}
	if (strlen(comment) > DECISIONS_MAX_COMMENT) {
		PROBLEM(import, row, "comment of %zu bytes, at most %d",
			strlen(comment), DECISIONS_MAX_COMMENT);
		return 0;
	}
	if (strcmp(decision, "exception") == 0) {
		if (*expires == '\0' || is_blank(comment)) {
			PROBLEM(import, row, "an exception needs expires "
				"(YYYY-MM-DD) and a comment saying why");
			return 0;
		}
		return check_expiry(import, row, item, expires);
	}
	if (*expires != '\0') {
		PROBLEM(import, row, "expires is only for an exception, not "
			"for '%s'", decision);
		return 0;
	}
	if (strcmp(decision, "keep") == 0 && item->privileged &&
	    is_blank(comment)) {
		PROBLEM(import, row, "keeping privileged access (%s/%s) needs "
			"a comment saying why", item->system, item->account);
		return 0;
	}
	return 1;
}

/* The row says what the item already holds, decided by this reviewer. */
static int same_as_stored(const struct import *import,
			  const struct decision_row *row,
			  const struct item *item)
{
	const char *expires = row->cells[COLUMN_EXPIRES];
	const char *comment = row->cells[COLUMN_COMMENT];

	return item->decision &&
	       strcmp(item->decision, row->cells[COLUMN_DECISION]) == 0 &&
	       strcmp(item->expires ? item->expires : "", expires) == 0 &&
	       strcmp(item->comment ? item->comment : "", comment) == 0 &&
	       same_text(item->decided_by, import->request->reviewer);
}

/* 1 to change, 0 for no change, -1 for a stale row (reported). */
static int check_version(struct import *import, const struct decision_row *row,
			 const struct item *item)
{
	int same = same_as_stored(import, row, item);

	if (row->version == item->version)
		return same ? 0 : 1;
	/* a re-import of the worksheet this decision came from */
	if (same && row->version == item->decided_on_version)
		return 0;
	PROBLEM(import, row, "item %lld is at version %lld, this row has "
		"version %lld: it was decided since this worksheet was "
		"written (by %s); take a fresh worksheet", item->id,
		item->version, row->version,
		item->decided_by ? item->decided_by : "someone else");
	return -1;
}

/* ---- one row ---- */

static int check_place(struct import *import, const struct decision_row *row,
		       const struct item *item)
{
	if (item->id == 0) {
		PROBLEM(import, row, "item %lld is in no campaign", row->item);
		return 0;
	}
	if (import->campaign_id == 0) {
		import->campaign_id = item->campaign_id;
		import->campaign_line = row->line;
	}
	if (item->campaign_id != import->campaign_id) {
		PROBLEM(import, row, "item %lld belongs to campaign %lld, the "
			"file's first decision (line %lld) to campaign %lld",
			item->id, item->campaign_id, import->campaign_line,
			import->campaign_id);
		return 0;
	}
	if (strcmp(item->state, "open") != 0) {
		PROBLEM(import, row, "campaign %lld is closed: its decisions "
			"are final", item->campaign_id);
		return 0;
	}
	if (strcmp(row->cells[COLUMN_SYSTEM], item->system) != 0 ||
	    strcmp(row->cells[COLUMN_ACCOUNT], item->account) != 0) {
		PROBLEM(import, row, "item %lld is %s/%s, the row says %s/%s "
			"(was the row edited or moved?)", item->id,
			item->system, item->account, row->cells[COLUMN_SYSTEM],
			row->cells[COLUMN_ACCOUNT]);
		return 0;
	}
	return 1;
}

static void add_change(struct import *import, const struct decision_row *row,
		       const struct item *item)
{
	struct change *change;

	import->changes = ar_realloc(import->changes,
				     (import->change_count + 1) *
					     sizeof(*import->changes));
	change = &import->changes[import->change_count++];
	change->row = row;
	change->item_id = item->id;
	change->version = item->version;
	change->previous = ar_strdup_or_null(item->decision);
}

static enum ar_rc check_row(struct import *import, struct decision_row *row,
			    struct ar_error *err)
{
	struct item item;
	int eligible = 0, version;
	enum ar_rc rc;

	text_trim(row->cells[COLUMN_DECISION]);
	text_lower(row->cells[COLUMN_DECISION]);
	text_trim(row->cells[COLUMN_EXPIRES]);
	text_trim(row->cells[COLUMN_COMMENT]);
	if (*row->cells[COLUMN_DECISION] == '\0') {
		import->result->skipped++;
		return AR_OK;
	}
	rc = load_item(import, row->item, &item, err);
	if (rc == AR_OK && check_place(import, row, &item))
		rc = check_eligible(import, row, &item, &eligible, err);
	if (rc == AR_OK && eligible && check_decision(import, row, &item)) {
		version = check_version(import, row, &item);
		if (version > 0)
			add_change(import, row, &item);
		else if (version == 0)
			import->result->unchanged++;
	}
	item_release(&item);
	return rc;
}

/* ---- writing ---- */

static enum ar_rc record_import(struct import *import, const char *signature,
				struct ar_error *err)
{
	const struct decisions_request *request = import->request;
	struct decisions_result *result = import->result;
	struct store_param params[] = {
		STORE_INT(PARAM_CAMPAIGN, import->campaign_id),
		STORE_TEXT(PARAM_REVIEWER, request->reviewer),
		STORE_TEXT(PARAM_FILE, request->path),
		STORE_TEXT(PARAM_SHA256, result->sha256),
		STORE_TEXT(PARAM_SIGNATURE, signature),
		STORE_TEXT(PARAM_SIGNER, *result->signer ? result->signer : NULL),
		STORE_TEXT(PARAM_AT, import->at),
		STORE_INT(PARAM_ROWS, result->rows),
		STORE_INT(PARAM_CHANGED, (long long)import->change_count),
		/* NUL-free UTF-8: decision_file_read checked every line */
		STORE_TEXT(PARAM_CONTENT, import->file->data),
	};
	struct audit_event event = { import->at, import->campaign_id, "import",
				     request->reviewer, 0, NULL };
	enum ar_rc rc;

	rc = store_query(import->store, QUERY_DECISION_IMPORT_INSERT, params,
			 COUNT(params), NULL, NULL, err);
	result->import_id = store_last_insert_id(import->store);
	if (rc == AR_OK)
		rc = audit_append_object(
			import->store, &event,
			json_pack("{s:I, s:s, s:s, s:s?, s:i, s:i}", "import",
				  (json_int_t)result->import_id, "file",
				  request->path, "sha256", result->sha256,
				  "signer",
				  *result->signer ? result->signer : NULL,
				  "rows", (int)result->rows, "changed",
				  (int)import->change_count),
			err);
	return rc;
}

static enum ar_rc apply_change(struct import *import,
			       const struct change *change,
			       struct ar_error *err)
{
	const struct decision_row *row = change->row;
	const char *reviewer = import->request->reviewer;
	struct store_param params[] = {
		STORE_TEXT(PARAM_DECISION, row->cells[COLUMN_DECISION]),
		STORE_TEXT(PARAM_EXPIRES, row->cells[COLUMN_EXPIRES]),
		STORE_TEXT(PARAM_COMMENT, row->cells[COLUMN_COMMENT]),
		STORE_TEXT(PARAM_REVIEWER, reviewer),
		STORE_TEXT(PARAM_AT, import->at),
		STORE_INT(PARAM_VERSION, change->version),
		STORE_INT(PARAM_IMPORT, import->result->import_id),
		STORE_INT(PARAM_ITEM, change->item_id),
	};
	struct audit_event event = { import->at, import->campaign_id,
				     "decision", reviewer, change->item_id,
				     NULL };
	enum ar_rc rc;

	rc = store_query(import->store, QUERY_DECISION_UPDATE, params,
			 COUNT(params), NULL, NULL, err);
	/* checked inside this transaction, so only a bug gets here */
	if (rc == AR_OK && store_changes(import->store) != 1)
		return ar_error_set(err, AR_ERR_TEMPFAIL,
				    "%s:%ld: item %lld changed while this "
				    "file was imported; nothing was written, "
				    "import it again",
				    import->file->path, row->line,
				    change->item_id);
	if (rc == AR_OK)
		rc = audit_append_object(
			import->store, &event,
			json_pack("{s:s, s:s?, s:s?, s:I, s:s?, s:I}",
				  "decision", row->cells[COLUMN_DECISION],
				  "expires",
				  *row->cells[COLUMN_EXPIRES]
					  ? row->cells[COLUMN_EXPIRES] : NULL,
				  "comment",
				  *row->cells[COLUMN_COMMENT]
					  ? row->cells[COLUMN_COMMENT] : NULL,
				  "version", (json_int_t)change->version + 1,
				  "previous", change->previous,
				  "import",
				  (json_int_t)import->result->import_id),
			err);
	return rc;
}

static enum ar_rc write_changes(struct import *import, const char *signature,
				struct ar_error *err)
{
	enum ar_rc rc = record_import(import, signature, err);

	for (size_t i = 0; rc == AR_OK && i < import->change_count; i++)
		rc = apply_change(import, &import->changes[i], err);
	import->result->changed = rc == AR_OK ? (long)import->change_count : 0;
	return rc;
}

/* ---- decisions_import ---- */

static enum ar_rc refuse(struct import *import, struct ar_error *err)
{
	size_t problems = import->result->problem_count +
			  (size_t)import->result->more_problems;

	return ar_error_set(err, AR_ERR_DATA,
			    "%s: %zu problem%s, nothing was imported",
			    import->file->path, problems,
			    problems == 1 ? "" : "s");
}

static enum ar_rc check_and_write(struct import *import, const char *signature,
				  struct ar_error *err)
{
	enum ar_rc rc = store_begin_write(import->store, "import decisions",
					  err);

	for (size_t i = 0; rc == AR_OK && i < import->file->row_count; i++)
		if (import->file->rows[i].item != 0)
			rc = check_row(import, &import->file->rows[i], err);
	if (rc == AR_OK && import->result->problem_count > 0)
		rc = refuse(import, err);
	import->result->campaign_id = import->campaign_id;
	if (rc == AR_OK && import->change_count > 0)
		rc = write_changes(import, signature, err);
	if (rc == AR_OK && import->change_count > 0)
		rc = store_commit(import->store, "import decisions", err);
	else
		store_rollback(import->store);
	if (rc != AR_OK)
		import->result->changed = 0;
	return rc;
}

static enum ar_rc check_signature(const struct decisions_request *request,
				  const struct decision_file *file,
				  char **signature,
				  struct decisions_result *result,
				  struct ar_error *err)
{
	struct review_signature_request signed_file = {
		request->path, request->signature_path,
		request->allowed_signers, request->require_signatures,
		request->reviewer, request->now,
	};

	return review_check_signature(&signed_file, file->data, file->length,
				      signature, result->signer, err);
}

enum ar_rc decisions_import(struct store *store,
			    const struct decisions_request *request,
			    struct decisions_result *result,
			    struct ar_error *err)
{
	struct decision_file file;
	struct import import = { store, request, result, &file, 0, 0,
				 { 0 }, 0, NULL, 0 };
	char *signature = NULL;
	enum ar_rc rc;

	memset(result, 0, sizeof(*result));
	text_format_time(request->now, import.at);
	import.today = request->now - request->now % SECONDS_PER_DAY;
	rc = decision_file_read(&file, request->path, result, err);
	if (rc == AR_OK)
		hash_buffer_sha256(file.data, file.length, result->sha256);
	if (rc == AR_OK)
		rc = check_signature(request, &file, &signature, result, err);
	if (rc == AR_OK && result->problem_count > 0)
		rc = refuse(&import, err);
	if (rc == AR_OK)
		rc = check_and_write(&import, signature, err);
	for (size_t i = 0; i < import.change_count; i++)
		free(import.changes[i].previous);
	free(import.changes);
	free(signature);
	decision_file_release(&file);
	return rc;
}

void decisions_result_release(struct decisions_result *result)
{
	for (size_t i = 0; i < result->problem_count; i++)
		free(result->problems[i]);
	free(result->problems);
	result->problems = NULL;
	result->problem_count = 0;
}
