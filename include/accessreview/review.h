/* review.h -- correlation of accounts with people, and findings */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_REVIEW_H
#define ACCESSREVIEW_REVIEW_H

#include <time.h>

#include "accessreview/error.h"
#include "accessreview/store.h"

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

/* Number of findings at or above severity (SEVERITY_NONE gives 0). */
enum ar_rc review_count_at_or_above(struct store *store, long long snapshot_id,
				    enum severity severity, long long *count,
				    struct ar_error *err);

#endif
