/* review.h -- correlation of accounts with people, and findings */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_REVIEW_H
#define ACCESSREVIEW_REVIEW_H

#include <time.h>

#include "accessreview/error.h"

struct store;

/* How bad a finding is; fail-on compares against it. */
enum severity {
	SEVERITY_INFO = 0,
	SEVERITY_LOW,
	SEVERITY_MEDIUM,
	SEVERITY_HIGH,
	SEVERITY_CRITICAL,
	SEVERITY_NONE               /* fail-on = none: never fail */
};

/* "info", ..., "none"; and back (case-insensitive), -1 when unknown. */
const char *review_severity_name(enum severity severity);
int review_severity_from_name(const char *name, enum severity *out);

/* The stable finding codes of the brief, used in every output. */
enum finding_code {
	FINDING_ORPHAN_ACCOUNT = 0,
	FINDING_TERMINATED_WITH_ACCESS,
	FINDING_MFA_DISABLED,
	FINDING_MFA_UNKNOWN,
	FINDING_PRIVILEGED_ACCESS,
	FINDING_DORMANT_ACCOUNT,
	FINDING_NEW_ACCESS,
	FINDING_REVOCATION_NOT_APPLIED,
	FINDING_EXCEPTION_EXPIRED,
	FINDING_DUPLICATE_ACCOUNT,
	FINDING_SHARED_ACCOUNT,
	FINDING_INCOMPLETE_EXPORT,
	FINDING_CODE_COUNT
};

const char *finding_code_name(enum finding_code code);
/* The code named name; -1 when there is none (out may be NULL). */
int finding_code_from_name(const char *name, enum finding_code *out);
enum severity finding_code_severity(enum finding_code code);

/*
 * CORRELATION
 *
 * Links every account of the snapshot to a person of the same snapshot's
 * directory: first by the system's `match` key (email and uid compared
 * case-insensitively, employeeNumber exactly), then, for accounts still
 * unlinked, the login against uid and the login or email against mail.
 * An account that matches two or more people is linked to none and
 * flagged shared-account; one that matches none is an orphan.
 */
enum ar_rc review_correlate(struct store *store, long long snapshot_id,
			    struct ar_error *err);

struct review_options {
	long long snapshot_id;
	long long previous_snapshot_id;  /* 0 = none: no new-access */
	time_t now;
	int inactive_days;
};

/* Replace the snapshot's findings with freshly computed ones. */
enum ar_rc review_compute_findings(struct store *store,
				   const struct review_options *options,
				   struct ar_error *err);

/*
 * The snapshot a command is about: requested (> 0), else the latest.
 * AR_ERR_NOINPUT "no snapshot N" when it does not exist, or "no snapshot
 * yet" when there is none at all: the same message for every command.
 */
enum ar_rc review_choose_snapshot(struct store *store, long long requested,
				  long long *snapshot_id,
				  struct ar_error *err);

/* ---- listing findings (accessreview findings) ---- */

enum finding_change {
	FINDINGS_ALL = 0,
	FINDINGS_NEW,                /* raised since the previous snapshot */
	FINDINGS_RESOLVED            /* in the previous snapshot, gone now */
};

/* NULL or 0 fields match everything. */
struct finding_filter {
	long long snapshot_id;       /* 0 = the latest */
	const char *system;
	const char *code;
	enum severity min_severity;  /* SEVERITY_INFO = every finding */
	const char *person;          /* uid or email */
	enum finding_change change;
};

/* One finding as listed; strings borrowed for the callback only. */
struct finding_row {
	const char *code;
	const char *severity;
	const char *system;          /* NULL for the directory */
	const char *account;         /* the account's id */
	const char *login;           /* login, else email, else id */
	const char *person;          /* the person's key (DN), or NULL */
	const char *person_name;     /* uid, else email, else key */
	const char *detail;
};

typedef enum ar_rc (*finding_row_fn)(void *context,
				     const struct finding_row *row,
				     struct ar_error *err);

/* The findings the filter selects, most severe first, in one read
 * transaction; *snapshot_id is the snapshot listed. */
enum ar_rc review_list_findings(struct store *store,
				const struct finding_filter *filter,
				finding_row_fn fn, void *context,
				long long *snapshot_id, struct ar_error *err);

/* ---- what changed (accessreview diff) ---- */

struct change_row {
	const char *change;          /* added removed changed granted revoked */
	const char *system;
	const char *account;
	const char *login;
	const char *detail;          /* entitlement, or what changed */
};

typedef enum ar_rc (*change_row_fn)(void *context,
				    const struct change_row *row,
				    struct ar_error *err);

/*
 * Accounts and grants that changed from snapshot *old_id to *new_id; both
 * 0 means the latest against the one before it (AR_ERR_NOINPUT when
 * there are fewer than two).  The ids used are written back.
 */
enum ar_rc review_diff(struct store *store, long long *old_id,
		       long long *new_id, change_row_fn fn, void *context,
		       struct ar_error *err);

/* Number of findings at or above severity (SEVERITY_NONE gives 0). */
enum ar_rc review_count_at_or_above(struct store *store, long long snapshot_id,
				    enum severity severity, long long *count,
				    struct ar_error *err);

#endif
