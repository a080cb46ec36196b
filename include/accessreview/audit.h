/* audit.h -- the append-only, hash-chained log of campaign events */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_AUDIT_H
#define ACCESSREVIEW_AUDIT_H

#include "accessreview/error.h"
#include "accessreview/hash.h"

struct store;

/*
 * AUDIT LOG
 *
 * Every campaign event (open, assignment, worksheet, import, decision,
 * force, close) is one row.  Each row's hash is the SHA-256 of a
 * canonical serialisation of the row (its id, time, campaign, event,
 * actor, item, detail) and of the previous row's hash, so changing,
 * deleting or reordering rows breaks the chain at that row.  Deleting the
 * newest rows keeps the chain whole: the head hash (printed by `campaign
 * close` and `audit verify`) is what an auditor compares, and verify also
 * checks every decision in the campaign tables against its last logged
 * decision.
 */

#define AUDIT_GENESIS_HASH \
	"0000000000000000000000000000000000000000000000000000000000000000"

struct audit_event {
	const char *at;              /* ISO 8601 UTC */
	long long campaign_id;       /* 0 for none */
	const char *event;           /* open, assignment, worksheet, ... */
	const char *actor;           /* who: a reviewer's email, a login */
	long long item_id;           /* 0 for none */
	const char *detail;          /* canonical JSON (audit_detail_*) */
};

/* A stored row, as audit_verify and an exported log (the evidence
 * bundle's audit-log.jsonl) hold it. */
struct audit_row {
	long long id;
	const char *at;
	long long campaign_id;       /* 0 for none */
	const char *event;
	const char *actor;
	long long item_id;           /* 0 for none */
	const char *detail;
	const char *previous;        /* the previous row's hash */
};

/* The row's hash: SHA-256 over a domain string and each field,
 * length-prefixed, then the previous hash. */
void audit_row_hash(const struct audit_row *row, char hex[HASH_HEX_SIZE]);

/* Append one row.  Call inside the operation's write transaction. */
enum ar_rc audit_append(struct store *store, const struct audit_event *event,
			struct ar_error *err);

/* audit_append with the detail given as a JSON object (taken over, and
 * serialised compactly with sorted keys).  A NULL object (jansson's
 * result when building it failed) is AR_ERR_INTERNAL. */
struct json_t;
enum ar_rc audit_append_object(struct store *store,
			       const struct audit_event *event,
			       struct json_t *detail, struct ar_error *err);

struct audit_verification {
	long long rows;
	char head[HASH_HEX_SIZE];    /* the newest row's hash */
};

/*
 * Recompute the chain.  AR_ERR_DATA naming the first row that does not
 * match ("audit row 7: ..."), or the first decided item whose decision is
 * not the one the log holds, or a campaign with no 'open' row.
 */
enum ar_rc audit_verify(struct store *store,
			struct audit_verification *result,
			struct ar_error *err);

/* The current head (AUDIT_GENESIS_HASH for an empty log). */
enum ar_rc audit_head(struct store *store, char head[HASH_HEX_SIZE],
		      long long *rows, struct ar_error *err);

#endif
