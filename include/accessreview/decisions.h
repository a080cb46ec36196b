/* decisions.h -- importing a reviewer's decision file (worksheet CSV) */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_DECISIONS_H
#define ACCESSREVIEW_DECISIONS_H

#include <stddef.h>
#include <time.h>

#include "accessreview/error.h"
#include "accessreview/hash.h"

struct store;

/*
 * DECISIONS
 *
 * A decision file is a worksheet (worksheets.h) with the decision,
 * expires and comment columns filled in.  decisions_import checks every
 * row before it writes anything: the file's shape, each row's decision,
 * the reviewer's eligibility for the item, and the item's version.  Any
 * problem refuses the whole file (AR_ERR_DATA, every problem listed as
 * "FILE:LINE: problem"); otherwise one write transaction applies every
 * changed decision (UPDATE ... WHERE id = ? AND version = ?, so two
 * imports at once never lose an update), records the import with the
 * file's SHA-256 and signature, and appends to the audit log.
 */

#define DECISIONS_HEADER \
	"item,version,system,account,person,entitlement,privileged," \
	"findings,mfa,decision,expires,comment"

/* Caps that keep a hostile file from exhausting memory. */
#define DECISIONS_MAX_FILE (16 * 1024 * 1024)
#define DECISIONS_MAX_CELL (64 * 1024)
#define DECISIONS_MAX_COMMENT 4000
/* An exception ends at most this long after the campaign's due date. */
#define DECISIONS_MAX_EXCEPTION_DAYS 365

struct decisions_request {
	const char *path;            /* the decision file */
	const char *reviewer;        /* --reviewer EMAIL */
	const char *signature_path;  /* --signature FILE.sig, or NULL */
	const char *allowed_signers; /* [review] allowed-signers, or NULL */
	int require_signatures;      /* [review] require-signatures */
	time_t now;
};

struct decisions_result {
	long long campaign_id;
	long long import_id;         /* 0 when nothing changed */
	long rows;                   /* data rows in the file */
	long skipped;                /* rows without a decision */
	long changed;                /* decisions written */
	long unchanged;              /* already recorded (a re-import) */
	char sha256[HASH_HEX_SIZE];  /* of the file */
	char signer[128];            /* the signing key's fingerprint */
	char **problems;             /* "FILE:LINE: problem", when refused */
	size_t problem_count;
	long more_problems;          /* beyond the ones listed */
};

enum ar_rc decisions_import(struct store *store,
			    const struct decisions_request *request,
			    struct decisions_result *result,
			    struct ar_error *err);
void decisions_result_release(struct decisions_result *result);

/*
 * Whether a comment gives a reason rather than a word of assent: at least
 * DECISIONS_REASON_MIN_LENGTH characters and two words once trimmed
 * ("owner of the system" is one, "ok", "reviewed" and "approved" are
 * not).  The campaign report flags privileged access kept without one.
 */
#define DECISIONS_REASON_MIN_LENGTH 12
int decisions_comment_gives_reason(const char *comment);

#endif
