/* audit.c -- appending to and verifying the hash-chained audit log */
/* SPDX-License-Identifier: MIT */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "accessreview/audit.h"
#include "accessreview/store.h"
#include "campaign_int.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* Domain separation: a hash of this log is never a hash of anything else. */
static const char audit_domain[] = "accessreview-audit-v1";

/* One field: its length as 8 bytes big-endian, then its bytes.  NULL and
 * "" differ (a NULL has length 2^64 - 1 and no bytes). */
static void hash_field(crypto_hash_sha256_state *state, const char *text)
{
	uint64_t length = text ? strlen(text) : UINT64_MAX;
	unsigned char prefix[8];

	for (int i = 0; i < 8; i++)
		prefix[i] = (unsigned char)(length >> (56 - 8 * i));
	crypto_hash_sha256_update(state, prefix, sizeof(prefix));
	if (text)
		crypto_hash_sha256_update(state, (const unsigned char *)text,
					  length);
}

static void hash_number(crypto_hash_sha256_state *state, long long number)
{
	char text[32];

	if (number == 0) {
		hash_field(state, NULL);
		return;
	}
	snprintf(text, sizeof(text), "%lld", number);
	hash_field(state, text);
}

void audit_row_hash(const struct audit_row *row, char hex[HASH_HEX_SIZE])
{
	crypto_hash_sha256_state state;
	unsigned char digest[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_init(&state);
	hash_field(&state, audit_domain);
	hash_number(&state, row->id);
	hash_field(&state, row->at);
	hash_number(&state, row->campaign_id);
	hash_field(&state, row->event);
	hash_field(&state, row->actor);
	hash_number(&state, row->item_id);
	hash_field(&state, row->detail);
	hash_field(&state, row->previous);
	crypto_hash_sha256_final(&state, digest);
	sodium_bin2hex(hex, HASH_HEX_SIZE, digest, sizeof(digest));
}

struct head {
	long long id;
	char hash[HASH_HEX_SIZE];
};

static enum ar_rc read_head(void *context, const struct store_row *row,
			    struct ar_error *err)
{
	struct head *head = context;
	const char *hash = store_row_text(row, "hash");

	head->id = store_row_int(row, "id", 0);
	snprintf(head->hash, sizeof(head->hash), "%s", hash ? hash : "");
	(void)err;
	return AR_OK;
}

enum ar_rc audit_head(struct store *store, char hex[HASH_HEX_SIZE],
		      long long *rows, struct ar_error *err)
{
	struct head head = { 0, AUDIT_GENESIS_HASH };
	enum ar_rc rc = store_query(store, QUERY_AUDIT_HEAD, NULL, 0,
				    read_head, &head, err);

	memcpy(hex, head.hash, HASH_HEX_SIZE);
	if (rows)
		*rows = head.id;
	return rc;
}

enum ar_rc audit_append(struct store *store, const struct audit_event *event,
			struct ar_error *err)
{
	struct head head = { 0, AUDIT_GENESIS_HASH };
	struct audit_row row;
	char hash[HASH_HEX_SIZE];
	enum ar_rc rc;

	rc = store_query(store, QUERY_AUDIT_HEAD, NULL, 0, read_head, &head,
			 err);
	if (rc != AR_OK)
		return rc;
	/* ids are dense and increasing: the row's id is part of its hash */
	row = (struct audit_row){ head.id + 1, event->at, event->campaign_id,
				  event->event, event->actor, event->item_id,
				  event->detail, head.hash };
	audit_row_hash(&row, hash);
	{
		struct store_param params[] = {
			STORE_TEXT(PARAM_AT, event->at),
			STORE_INT(PARAM_CAMPAIGN, event->campaign_id),
			STORE_TEXT(PARAM_EVENT, event->event),
			STORE_TEXT(PARAM_ACTOR, event->actor),
			STORE_INT(PARAM_ITEM, event->item_id),
			STORE_TEXT(PARAM_DETAIL, event->detail),
			STORE_TEXT(PARAM_PREVIOUS, head.hash),
			STORE_TEXT(PARAM_HASH, hash),
		};

		rc = store_query(store, QUERY_AUDIT_INSERT, params,
				 COUNT(params), NULL, NULL, err);
	}
	if (rc == AR_OK && store_last_insert_id(store) != row.id)
		rc = ar_error_set(err, AR_ERR_DATA,
				  "audit log: row %lld was written as %lld "
				  "(rows were deleted from its end?)",
				  row.id, store_last_insert_id(store));
	return rc;
}

enum ar_rc audit_append_object(struct store *store,
			       const struct audit_event *event,
			       json_t *detail, struct ar_error *err)
{
	struct audit_event copy = *event;
	char *text;
	enum ar_rc rc;

	if (detail == NULL)
		return ar_error_set(err, AR_ERR_INTERNAL,
				    "audit log: cannot build the detail of "
				    "'%s'", event->event);
	text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(detail);
	if (text == NULL)
		return ar_error_set(err, AR_ERR_INTERNAL,
				    "audit log: cannot serialise the detail "
				    "of '%s'", event->event);
	copy.detail = text;
	rc = audit_append(store, &copy, err);
	free(text);
	return rc;
}

/* ---- verification ---- */

struct chain {
	long long expected_id;
	char previous[HASH_HEX_SIZE];
};

static enum ar_rc check_row(void *context, const struct store_row *data,
			    struct ar_error *err)
{
	struct chain *chain = context;
	struct audit_row row = {
		store_row_int(data, "id", 0),
		store_row_text(data, "at"),
		store_row_int(data, "campaign_id", 0),
		store_row_text(data, "event"),
		store_row_text(data, "actor"),
		store_row_int(data, "item_id", 0),
		store_row_text(data, "detail"),
		store_row_text(data, "previous_hash"),
	};
	const char *stored = store_row_text(data, "hash");
	char computed[HASH_HEX_SIZE];

	if (row.id != chain->expected_id)
		return ar_error_set(err, AR_ERR_DATA,
				    "audit row %lld: expected row %lld next "
				    "(rows deleted or renumbered)",
				    row.id, chain->expected_id);
	if (row.previous == NULL || strcmp(row.previous, chain->previous))
		return ar_error_set(err, AR_ERR_DATA,
				    "audit row %lld: its previous hash is not "
				    "row %lld's hash (a row before it was "
				    "changed, deleted or moved)",
				    row.id, row.id - 1);
	audit_row_hash(&row, computed);
	if (stored == NULL || strcmp(stored, computed))
		return ar_error_set(err, AR_ERR_DATA,
				    "audit row %lld (%s): its hash does not "
				    "match its content (the row was changed)",
				    row.id, row.event ? row.event : "?");
	memcpy(chain->previous, computed, HASH_HEX_SIZE);
	chain->expected_id++;
	return AR_OK;
}

/* The logged decision detail says the same as the item row. */
static int detail_matches(const char *detail, const char *decision,
			  long long version)
{
	json_t *root = detail ? json_loads(detail, 0, NULL) : NULL;
	const char *logged = json_string_value(json_object_get(root,
							       "decision"));
	json_int_t logged_version =
		json_integer_value(json_object_get(root, "version"));
	int same = logged && decision && strcmp(logged, decision) == 0 &&
		   logged_version == version;

	json_decref(root);
	return same;
}

static enum ar_rc check_decision(void *context, const struct store_row *row,
				 struct ar_error *err)
{
	long long item = store_row_int(row, "id", 0);

	(void)context;
	if (!detail_matches(store_row_text(row, "logged"),
			    store_row_text(row, "decision"),
			    store_row_int(row, "version", 0)))
		return ar_error_set(err, AR_ERR_DATA,
				    "review item %lld: its decision '%s' "
				    "(version %lld) is not the last decision "
				    "the audit log holds for it",
				    item, store_row_text(row, "decision"),
				    store_row_int(row, "version", 0));
	return AR_OK;
}

static enum ar_rc check_campaign(void *context, const struct store_row *row,
				 struct ar_error *err)
{
	(void)context;
	return ar_error_set(err, AR_ERR_DATA,
			    "campaign %lld has no 'open' row in the audit log "
			    "(rows were deleted)",
			    store_row_int(row, "id", 0));
}

/* The items of a reviewer are still the ones the log froze at opening:
 * none added, removed, reassigned or renamed since. */
static enum ar_rc check_assignment(void *context, const struct store_row *row,
				   struct ar_error *err)
{
	struct store *store = context;
	const char *reviewer = store_row_text(row, "reviewer");
	const char *logged = store_row_text(row, "items_sha256");
	long long campaign = store_row_int(row, "campaign_id", 0);
	char digest[HASH_HEX_SIZE];
	long items = 0;
	enum ar_rc rc;

	if (reviewer == NULL || logged == NULL)
		return ar_error_set(err, AR_ERR_DATA,
				    "audit row %lld: an assignment without "
				    "its reviewer or digest",
				    store_row_int(row, "id", 0));
	rc = campaign_assignment_digest(store, campaign, reviewer, digest,
					&items, err);
	if (rc == AR_OK && strcmp(digest, logged) != 0)
		rc = ar_error_set(err, AR_ERR_DATA,
				  "campaign %lld: the items of %s (%ld now, "
				  "%lld when opened) are not the ones the "
				  "audit log froze at opening (row %lld)",
				  campaign, reviewer, items,
				  store_row_int(row, "items", 0),
				  store_row_int(row, "id", 0));
	return rc;
}

static enum ar_rc check_unassigned(void *context, const struct store_row *row,
				   struct ar_error *err)
{
	(void)context;
	return ar_error_set(err, AR_ERR_DATA,
			    "campaign %lld: items of %s, whom the audit log "
			    "never assigned any (added after opening)",
			    store_row_int(row, "campaign_id", 0),
			    store_row_text(row, "reviewer"));
}

enum ar_rc audit_verify(struct store *store,
			struct audit_verification *result,
			struct ar_error *err)
{
	struct chain chain = { 1, AUDIT_GENESIS_HASH };
	enum ar_rc rc = store_begin_read(store, err);

	memset(result, 0, sizeof(*result));
	if (rc != AR_OK)
		return rc;
	rc = store_query(store, QUERY_AUDIT_ROWS, NULL, 0, check_row, &chain,
			 err);
	if (rc == AR_OK)
		rc = store_query(store, QUERY_AUDIT_DECISIONS_UNLOGGED, NULL, 0,
				 check_decision, NULL, err);
	if (rc == AR_OK)
		rc = store_query(store, QUERY_AUDIT_CAMPAIGNS_UNLOGGED, NULL, 0,
				 check_campaign, NULL, err);
	if (rc == AR_OK)
		rc = store_query(store, QUERY_AUDIT_ASSIGNMENTS, NULL, 0,
				 check_assignment, store, err);
	if (rc == AR_OK)
		rc = store_query(store, QUERY_AUDIT_REVIEWERS_UNASSIGNED, NULL,
				 0, check_unassigned, NULL, err);
	store_end_read(store);
	result->rows = chain.expected_id - 1;
	memcpy(result->head, chain.previous, HASH_HEX_SIZE);
	return rc;
}
