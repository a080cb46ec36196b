/* attestation.h -- an owner's MFA attestation for a system or an account */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_ATTESTATION_H
#define ACCESSREVIEW_ATTESTATION_H

#include <stddef.h>
#include <time.h>

#include "accessreview/error.h"

struct store;

/*
 * ATTESTATION
 *
 * The owner of a system in a campaign's scope (or a delegate) attests
 * that MFA is enforced on it, or not, in a statement; the figures of the
 * campaign's snapshot are frozen with it.  `enforced = yes` is refused
 * while an active account has MFA disabled that no exception or
 * revocation of the campaign (nor an earlier exception still running)
 * covers.  An account whose export does not tell its MFA status may be
 * attested one by one ("enabled" or "not-applicable"): that is recorded
 * as the owner's word, never written into the snapshot.  Signed like a
 * decision file when allowed-signers is set: the signature is over the
 * statement's bytes.  Every attestation is an audit event.
 */

#define ATTESTATION_MAX_STATEMENT 4000

struct attestation_request {
	long long campaign_id;
	const char *system;
	const char *reviewer;        /* --reviewer EMAIL */
	const char *statement;
	int enforced;                /* 1 yes, 0 no, -1 not said */
	const char *account;         /* per-account attestation, or NULL */
	const char *mfa;             /* with account: enabled|not-applicable */
	const char *signature_path;  /* over the statement, or NULL */
	const char *allowed_signers;
	int require_signatures;
	time_t now;
};

struct attestation_figures {
	long active;                 /* active accounts */
	long enabled, disabled, unknown, not_applicable;
	long attested_accounts;      /* unknown ones attested one by one */
};

struct attestation_result {
	long long id;
	struct attestation_figures figures;
	char signer[128];            /* the key's fingerprint, or "" */
	char **uncovered;            /* with AR_ERR_DATA: what blocks "yes" */
	size_t uncovered_count;
};

/*
 * Record the attestation.  AR_ERR_NOINPUT when the campaign does not
 * exist, AR_ERR_USAGE for a system outside its scope, an unknown account
 * or a bad --mfa or --enforced word, AR_ERR_DATA when the campaign is
 * closed, the account's MFA is already known, or "enforced" is claimed
 * over uncovered accounts (listed in result->uncovered), AR_ERR_NOPERM
 * when the reviewer is not the system's owner or delegate or the
 * signature is refused.
 */
enum ar_rc attestation_record(struct store *store,
			      const struct attestation_request *request,
			      struct attestation_result *result,
			      struct ar_error *err);
void attestation_result_release(struct attestation_result *result);

/* The systems of a campaign without an attestation, comma-separated in
 * *missing (NULL when none; free it); for campaign close. */
enum ar_rc attestation_missing(struct store *store, long long campaign_id,
			       char **missing, struct ar_error *err);

#endif
