/* findings.c -- the finding rules: stable codes, severities, queries */
/* SPDX-License-Identifier: MIT */
#include <string.h>
#include <strings.h>

#include "accessreview/review.h"
#include "accessreview/store.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

static const char *const severity_names[] = {
	[SEVERITY_INFO] = "info", [SEVERITY_LOW] = "low",
	[SEVERITY_MEDIUM] = "medium", [SEVERITY_HIGH] = "high",
	[SEVERITY_CRITICAL] = "critical", [SEVERITY_NONE] = "none",
};

const char *review_severity_name(enum severity severity)
{
	if ((size_t)severity < sizeof(severity_names) / sizeof(*severity_names))
		return severity_names[severity];
	return "unknown";
}

int review_severity_from_name(const char *name, enum severity *out)
{
	for (size_t i = 0; i < sizeof(severity_names) / sizeof(*severity_names);
	     i++) {
		if (strcasecmp(name, severity_names[i]) == 0) {
			*out = (enum severity)i;
			return 0;
		}
	}
	return -1;
}

struct finding_rule {
	const char *name;
	enum severity severity;
};

/* The table of the brief; the order is the enum's. */
static const struct finding_rule rules[FINDING_CODE_COUNT] = {
	[FINDING_ORPHAN_ACCOUNT] = { "orphan-account", SEVERITY_HIGH },
	[FINDING_TERMINATED_WITH_ACCESS] = { "terminated-with-access",
					     SEVERITY_CRITICAL },
	[FINDING_MFA_DISABLED] = { "mfa-disabled", SEVERITY_HIGH },
	[FINDING_MFA_UNKNOWN] = { "mfa-unknown", SEVERITY_MEDIUM },
	[FINDING_PRIVILEGED_ACCESS] = { "privileged-access", SEVERITY_INFO },
	[FINDING_DORMANT_ACCOUNT] = { "dormant-account", SEVERITY_MEDIUM },
	[FINDING_NEW_ACCESS] = { "new-access", SEVERITY_INFO },
	[FINDING_REVOCATION_NOT_APPLIED] = { "revocation-not-applied",
					     SEVERITY_CRITICAL },
	[FINDING_EXCEPTION_EXPIRED] = { "exception-expired", SEVERITY_HIGH },
	[FINDING_DUPLICATE_ACCOUNT] = { "duplicate-account", SEVERITY_MEDIUM },
	[FINDING_SHARED_ACCOUNT] = { "shared-account", SEVERITY_MEDIUM },
	[FINDING_INCOMPLETE_EXPORT] = { "incomplete-export", SEVERITY_HIGH },
};

/* Which named query (sql/review.sql) raises which code, in order: a
 * leaver removed from the directory is found before the orphans, which
 * leave those accounts out.  The campaign findings look back at earlier
 * campaigns' decisions. */
static const struct {
	enum finding_code code;
	enum store_query_id query;
} queries[] = {
	{ FINDING_TERMINATED_WITH_ACCESS,
	  QUERY_FINDING_REMOVED_FROM_DIRECTORY },
	{ FINDING_ORPHAN_ACCOUNT, QUERY_FINDING_ORPHAN_ACCOUNT },
	{ FINDING_TERMINATED_WITH_ACCESS, QUERY_FINDING_TERMINATED_WITH_ACCESS },
	{ FINDING_MFA_DISABLED, QUERY_FINDING_MFA_DISABLED },
	{ FINDING_MFA_UNKNOWN, QUERY_FINDING_MFA_UNKNOWN },
	{ FINDING_MFA_UNKNOWN, QUERY_FINDING_MFA_UNKNOWN_SYSTEM },
	{ FINDING_PRIVILEGED_ACCESS, QUERY_FINDING_PRIVILEGED_ACCESS },
	{ FINDING_DORMANT_ACCOUNT, QUERY_FINDING_DORMANT_ACCOUNT },
	{ FINDING_NEW_ACCESS, QUERY_FINDING_NEW_ACCOUNT },
	{ FINDING_NEW_ACCESS, QUERY_FINDING_NEW_GRANT },
	{ FINDING_REVOCATION_NOT_APPLIED, QUERY_FINDING_REVOCATION_NOT_APPLIED },
	{ FINDING_EXCEPTION_EXPIRED, QUERY_FINDING_EXCEPTION_EXPIRED },
	{ FINDING_DUPLICATE_ACCOUNT, QUERY_FINDING_DUPLICATE_ACCOUNT },
	{ FINDING_SHARED_ACCOUNT, QUERY_FINDING_SHARED_ACCOUNT },
	{ FINDING_INCOMPLETE_EXPORT, QUERY_FINDING_INCOMPLETE_EXPORT },
};

const char *finding_code_name(enum finding_code code)
{
	if ((unsigned)code < FINDING_CODE_COUNT)
		return rules[code].name;
	return "unknown";
}

int finding_code_from_name(const char *name, enum finding_code *out)
{
	for (int code = 0; code < FINDING_CODE_COUNT; code++) {
		if (strcmp(rules[code].name, name) == 0) {
			if (out != NULL)
				*out = (enum finding_code)code;
			return 0;
		}
	}
	return -1;
}

enum severity finding_code_severity(enum finding_code code)
{
	if ((unsigned)code < FINDING_CODE_COUNT)
		return rules[code].severity;
	return SEVERITY_INFO;
}

enum ar_rc review_compute_findings(struct store *store,
				   const struct review_options *options,
				   struct ar_error *err)
{
	long long dormant_before =
		(long long)options->now - options->inactive_days * 86400LL;
	struct store_param params[] = {
		STORE_INT(PARAM_SNAPSHOT, options->snapshot_id),
		STORE_INT(PARAM_PREVIOUS, options->previous_snapshot_id),
		STORE_INT(PARAM_NOW, (long long)options->now),
		STORE_INT(PARAM_DORMANT_BEFORE, dormant_before),
		STORE_TEXT(PARAM_CODE, NULL),
		STORE_TEXT(PARAM_SEVERITY, NULL),
	};
	enum ar_rc rc;

	rc = store_query(store, QUERY_FINDINGS_CLEAR, params, 1, NULL, NULL, err);
	for (size_t i = 0; rc == AR_OK && i < COUNT(queries); i++) {
		enum finding_code code = queries[i].code;

		params[4].text = finding_code_name(code);
		params[5].text = review_severity_name(finding_code_severity(code));
		rc = store_query_family(store, queries[i].query, params,
					COUNT(params), err);
	}
	return rc;
}

enum ar_rc review_count_at_or_above(struct store *store, long long snapshot_id,
				    enum severity severity, long long *count,
				    struct ar_error *err)
{
	/* info ranks 0 like "low - 1": fail-on = info counts everything */
	static const int rank[] = {
		[SEVERITY_INFO] = 0, [SEVERITY_LOW] = 1,
		[SEVERITY_MEDIUM] = 2, [SEVERITY_HIGH] = 3,
		[SEVERITY_CRITICAL] = 4,
	};
	struct store_param params[2] = { STORE_INT(PARAM_SNAPSHOT, snapshot_id),
					 STORE_INT(PARAM_RANK, 0) };

	*count = 0;
	if (severity == SEVERITY_NONE)
		return AR_OK;
	params[1].integer = rank[severity];
	return store_query_int(store, QUERY_FINDINGS_AT_OR_ABOVE, params, 2, 0,
			       count, err);
}
