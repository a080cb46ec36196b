/* attestation.c -- the attest-mfa operation: eligibility, figures, coverage */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "accessreview/attestation.h"
#include "accessreview/audit.h"
#include "accessreview/buf.h"
#include "accessreview/mem.h"
#include "accessreview/store.h"
#include "accessreview/text.h"
#include "signature_int.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

struct attesting {
	struct store *store;
	const struct attestation_request *request;
	struct attestation_result *result;
	char at[21];
	char today[11];
	long long snapshot_id;
	/* the attested account, for kind 'account' */
	char *account_id;
	char *account;
};

/* ---- the system in scope, and who may attest it ---- */

struct scope {
	int found;
	char *state;
	char *owner;
	long long snapshot_id;
	int is_delegate;
};

static enum ar_rc scope_row(void *context, const struct store_row *row,
			    struct ar_error *err)
{
	struct scope *scope = context;

	(void)err;
	scope->found = 1;
	scope->state = ar_strdup(store_row_text(row, "state"));
	scope->owner = ar_strdup_or_null(store_row_text(row, "owner"));
	scope->snapshot_id = store_row_int(row, "snapshot_id", 0);
	scope->is_delegate = store_row_int(row, "is_delegate", 0) > 0;
	return AR_OK;
}

static enum ar_rc judge_scope(const struct attestation_request *request,
			      const struct scope *scope, struct ar_error *err)
{
	int is_owner = scope->owner != NULL &&
		       strcasecmp(scope->owner, request->reviewer) == 0;

	if (!scope->found)
		return ar_error_set(err, AR_ERR_USAGE,
				    "attest-mfa: campaign %lld has no system "
				    "'%s' in its scope",
				    request->campaign_id, request->system);
	if (strcmp(scope->state, "open") != 0)
		return ar_error_set(err, AR_ERR_DATA,
				    "campaign %lld is closed: its "
				    "attestations are final",
				    request->campaign_id);
	if (!is_owner && !scope->is_delegate)
		return ar_error_set(err, AR_ERR_NOPERM,
				    "%s may not attest MFA for %s: only its "
				    "owner (%s) or a delegate may",
				    request->reviewer, request->system,
				    scope->owner ? scope->owner : "none set");
	return AR_OK;
}

static enum ar_rc check_scope(struct attesting *attesting,
			      struct ar_error *err)
{
	const struct attestation_request *request = attesting->request;
	struct store_param params[] = {
		STORE_INT(PARAM_CAMPAIGN, request->campaign_id),
		STORE_TEXT(PARAM_SYSTEM, request->system),
		STORE_TEXT(PARAM_REVIEWER, request->reviewer),
	};
	struct scope scope = { 0, NULL, NULL, 0, 0 };
	long long campaigns = 0;
	enum ar_rc rc;

	rc = store_query_int(attesting->store, QUERY_CAMPAIGN_LATEST, NULL, 0,
			     0, &campaigns, err);
	if (rc == AR_OK && (request->campaign_id <= 0 ||
			    request->campaign_id > campaigns))
		rc = ar_error_set(err, AR_ERR_NOINPUT, "no campaign %lld",
				  request->campaign_id);
	if (rc == AR_OK)
		rc = store_query(attesting->store, QUERY_ATTESTATION_SCOPE,
				 params, COUNT(params), scope_row, &scope, err);
	if (rc == AR_OK)
		rc = judge_scope(request, &scope, err);
	attesting->snapshot_id = scope.snapshot_id;
	free(scope.state);
	free(scope.owner);
	return rc;
}

/* ---- the figures, and what blocks "enforced" ---- */

static enum ar_rc figures_row(void *context, const struct store_row *row,
			      struct ar_error *err)
{
	struct attestation_figures *figures = context;

	(void)err;
	figures->active = store_row_int(row, "active", 0);
	figures->enabled = store_row_int(row, "enabled", 0);
	figures->disabled = store_row_int(row, "disabled", 0);
	figures->unknown = store_row_int(row, "unknown", 0);
	figures->not_applicable = store_row_int(row, "not_applicable", 0);
	figures->attested_accounts = store_row_int(row, "attested_accounts", 0);
	return AR_OK;
}

static enum ar_rc uncovered_row(void *context, const struct store_row *row,
				struct ar_error *err)
{
	struct attestation_result *result = context;

	(void)err;
	result->uncovered = ar_realloc(result->uncovered,
				       (result->uncovered_count + 1) *
					       sizeof(*result->uncovered));
	result->uncovered[result->uncovered_count++] =
		ar_strdup(store_row_text(row, "account"));
	return AR_OK;
}

static enum ar_rc check_figures(struct attesting *attesting,
				struct ar_error *err)
{
	const struct attestation_request *request = attesting->request;
	struct attestation_result *result = attesting->result;
	struct store_param params[] = {
		STORE_INT(PARAM_CAMPAIGN, request->campaign_id),
		STORE_TEXT(PARAM_SYSTEM, request->system),
		STORE_INT(PARAM_SNAPSHOT, attesting->snapshot_id),
		STORE_TEXT(PARAM_TODAY, attesting->today),
	};
	enum ar_rc rc;

	rc = store_query(attesting->store, QUERY_ATTESTATION_FIGURES, params,
			 3, figures_row, &result->figures, err);
	if (rc != AR_OK || request->account != NULL || request->enforced != 1)
		return rc;
	rc = store_query(attesting->store, QUERY_ATTESTATION_UNCOVERED, params,
			 COUNT(params), uncovered_row, result, err);
	if (rc == AR_OK && result->uncovered_count > 0)
		rc = ar_error_set(err, AR_ERR_DATA,
				  "%s: MFA cannot be attested as enforced: "
				  "%zu active account%s without MFA, not "
				  "covered by an exception or a revocation",
				  request->system, result->uncovered_count,
				  result->uncovered_count == 1 ? "" : "s");
	return rc;
}

/* ---- one account whose export does not tell ---- */

struct account_lookup {
	int found;
	char *account_id;
	char *account;
	char *mfa;
	int active;
	int mfa_supported;
};

static enum ar_rc account_row(void *context, const struct store_row *row,
			      struct ar_error *err)
{
	struct account_lookup *lookup = context;

	(void)err;
	lookup->found = 1;
	lookup->account_id = ar_strdup(store_row_text(row, "account_id"));
	lookup->account = ar_strdup(store_row_text(row, "account"));
	lookup->mfa = ar_strdup(store_row_text(row, "mfa"));
	lookup->active = (int)store_row_int(row, "active", 0);
	lookup->mfa_supported = (int)store_row_int(row, "mfa_supported", 1);
	return AR_OK;
}

static enum ar_rc judge_account(const struct attestation_request *request,
				const struct account_lookup *lookup,
				struct ar_error *err)
{
	if (!lookup->found)
		return ar_error_set(err, AR_ERR_USAGE,
				    "attest-mfa: %s has no account '%s' in "
				    "the campaign's snapshot",
				    request->system, request->account);
	if (!lookup->active)
		return ar_error_set(err, AR_ERR_DATA,
				    "%s/%s is inactive: nothing to attest",
				    request->system, lookup->account);
	if (strcmp(lookup->mfa, "unknown") != 0 || !lookup->mfa_supported)
		return ar_error_set(err, AR_ERR_DATA,
				    "%s/%s: the export already says its MFA "
				    "is %s; only an unknown status can be "
				    "attested",
				    request->system, lookup->account,
				    lookup->mfa_supported ? lookup->mfa
							  : "not supported");
	return AR_OK;
}

static enum ar_rc check_account(struct attesting *attesting,
				struct ar_error *err)
{
	const struct attestation_request *request = attesting->request;
	struct store_param params[] = {
		STORE_TEXT(PARAM_SYSTEM, request->system),
		STORE_INT(PARAM_SNAPSHOT, attesting->snapshot_id),
		STORE_TEXT(PARAM_ACCOUNT, request->account),
	};
	struct account_lookup lookup = { 0, NULL, NULL, NULL, 0, 1 };
	enum ar_rc rc;

	if (request->account == NULL)
		return AR_OK;
	rc = store_query(attesting->store, QUERY_ATTESTATION_ACCOUNT, params,
			 COUNT(params), account_row, &lookup, err);
	if (rc == AR_OK)
		rc = judge_account(request, &lookup, err);
	if (rc == AR_OK) {
		attesting->account_id = lookup.account_id;
		attesting->account = lookup.account;
	} else {
		free(lookup.account_id);
		free(lookup.account);
	}
	free(lookup.mfa);
	return rc;
}

/* ---- the request's own words ---- */

static int is_blank(const char *text)
{
	while (*text == ' ' || *text == '\t' || *text == '\n' ||
	       *text == '\r')
		text++;
	return *text == '\0';
}

static enum ar_rc check_request(const struct attestation_request *request,
				struct ar_error *err)
{
	const char *statement = request->statement;

	if (statement == NULL || is_blank(statement))
		return ar_error_set(err, AR_ERR_USAGE,
				    "attest-mfa: --statement TEXT is "
				    "required (what you attest, in your "
				    "words)");
	if (strlen(statement) > ATTESTATION_MAX_STATEMENT)
		return ar_error_set(err, AR_ERR_USAGE,
				    "attest-mfa: a statement of %zu bytes, "
				    "at most %d", strlen(statement),
				    ATTESTATION_MAX_STATEMENT);
	if (!text_is_utf8(statement, strlen(statement)))
		return ar_error_set(err, AR_ERR_USAGE,
				    "attest-mfa: the statement is not UTF-8");
	if (request->account != NULL && request->enforced != -1)
		return ar_error_set(err, AR_ERR_USAGE,
				    "attest-mfa: --enforced is for a system, "
				    "--mfa for an --account");
	if (request->account != NULL &&
	    (request->mfa == NULL || (strcmp(request->mfa, "enabled") != 0 &&
				      strcmp(request->mfa,
					     "not-applicable") != 0)))
		return ar_error_set(err, AR_ERR_USAGE,
				    "attest-mfa: --account needs --mfa "
				    "enabled or --mfa not-applicable");
	if (request->account == NULL && request->mfa != NULL)
		return ar_error_set(err, AR_ERR_USAGE,
				    "attest-mfa: --mfa needs --account "
				    "ACCOUNT");
	return AR_OK;
}

/* ---- writing it ---- */

static json_t *figures_object(const struct attestation_figures *figures)
{
	return json_pack("{s:i, s:i, s:i, s:i, s:i, s:i}",
			 "active", (int)figures->active,
			 "enabled", (int)figures->enabled,
			 "disabled", (int)figures->disabled,
			 "unknown", (int)figures->unknown,
			 "not_applicable", (int)figures->not_applicable,
			 "attested_accounts",
			 (int)figures->attested_accounts);
}

static enum ar_rc insert_attestation(struct attesting *attesting,
				     const char *signature,
				     struct ar_error *err)
{
	const struct attestation_request *request = attesting->request;
	struct attestation_result *result = attesting->result;
	json_t *object = figures_object(&result->figures);
	char *figures = json_dumps(object, JSON_COMPACT | JSON_SORT_KEYS);
	int is_account = request->account != NULL;
	struct store_param params[] = {
		STORE_INT(PARAM_CAMPAIGN, request->campaign_id),
		STORE_TEXT(PARAM_SYSTEM, request->system),
		STORE_TEXT(PARAM_KIND, is_account ? "account" : "system"),
		STORE_TEXT(PARAM_ACCOUNT_ID, attesting->account_id),
		STORE_TEXT(PARAM_ACCOUNT, attesting->account),
		STORE_TEXT(PARAM_MFA, request->mfa),
		/* text for a nullable integer: the column's affinity
		 * stores "1" as 1 */
		STORE_TEXT(PARAM_ENFORCED,
			   request->enforced < 0
				   ? NULL
				   : request->enforced ? "1" : "0"),
		STORE_TEXT(PARAM_STATEMENT, request->statement),
		STORE_TEXT(PARAM_FIGURES, figures),
		STORE_TEXT(PARAM_REVIEWER, request->reviewer),
		STORE_TEXT(PARAM_AT, attesting->at),
		STORE_TEXT(PARAM_SIGNATURE, signature),
		STORE_TEXT(PARAM_SIGNER,
			   *result->signer ? result->signer : NULL),
	};
	enum ar_rc rc;

	rc = store_query(attesting->store, QUERY_ATTESTATION_INSERT, params,
			 COUNT(params), NULL, NULL, err);
	if (rc == AR_OK)
		result->id = store_last_insert_id(attesting->store);
	json_decref(object);
	free(figures);
	return rc;
}

static enum ar_rc log_attestation(struct attesting *attesting,
				  struct ar_error *err)
{
	const struct attestation_request *request = attesting->request;
	const struct attestation_result *result = attesting->result;
	struct audit_event event = { attesting->at, request->campaign_id,
				     "attest", request->reviewer, 0, NULL };
	json_t *detail = json_pack("{s:I, s:s, s:s, s:o, s:s}",
				   "attestation", (json_int_t)result->id,
				   "system", request->system,
				   "statement", request->statement,
				   "figures", figures_object(&result->figures),
				   "signer", result->signer);

	if (request->account != NULL) {
		json_object_set_new(detail, "account",
				    json_string(attesting->account));
		json_object_set_new(detail, "mfa", json_string(request->mfa));
	} else if (request->enforced >= 0) {
		json_object_set_new(detail, "enforced",
				    json_boolean(request->enforced));
	}
	return audit_append_object(attesting->store, &event, detail, err);
}

static enum ar_rc check_signature(const struct attestation_request *request,
				  char **signature,
				  struct attestation_result *result,
				  struct ar_error *err)
{
	struct review_signature_request signed_statement = {
		"the statement", request->signature_path,
		request->allowed_signers, request->require_signatures,
		request->reviewer, request->now,
	};

	return review_check_signature(&signed_statement, request->statement,
				      strlen(request->statement), signature,
				      result->signer, err);
}

static enum ar_rc check_and_write(struct attesting *attesting,
				  const char *signature, struct ar_error *err)
{
	enum ar_rc rc = store_begin_write(attesting->store, "attest MFA", err);

	if (rc != AR_OK)
		return rc;
	rc = check_scope(attesting, err);
	if (rc == AR_OK)
		rc = check_account(attesting, err);
	if (rc == AR_OK)
		rc = check_figures(attesting, err);
	if (rc == AR_OK)
		rc = insert_attestation(attesting, signature, err);
	if (rc == AR_OK)
		rc = log_attestation(attesting, err);
	if (rc == AR_OK)
		rc = store_commit(attesting->store, "attest MFA", err);
	else
		store_rollback(attesting->store);
	return rc;
}

enum ar_rc attestation_record(struct store *store,
			      const struct attestation_request *request,
			      struct attestation_result *result,
			      struct ar_error *err)
{
	struct attesting attesting = { store, request, result, { 0 }, { 0 },
				       0, NULL, NULL };
	char *signature = NULL;
	enum ar_rc rc;

	memset(result, 0, sizeof(*result));
	text_format_time(request->now, attesting.at);
	memcpy(attesting.today, attesting.at, 10);
	rc = check_request(request, err);
	if (rc == AR_OK)
		rc = check_signature(request, &signature, result, err);
	if (rc == AR_OK)
		rc = check_and_write(&attesting, signature, err);
	free(signature);
	free(attesting.account_id);
	free(attesting.account);
	return rc;
}

void attestation_result_release(struct attestation_result *result)
{
	for (size_t i = 0; i < result->uncovered_count; i++)
		free(result->uncovered[i]);
	free(result->uncovered);
	result->uncovered = NULL;
	result->uncovered_count = 0;
}

static enum ar_rc missing_row(void *context, const struct store_row *row,
			      struct ar_error *err)
{
	struct ar_buf *missing = context;

	(void)err;
	ar_buf_addf(missing, "%s%s", missing->len ? ", " : "",
		    store_row_text(row, "system"));
	return AR_OK;
}

enum ar_rc attestation_missing(struct store *store, long long campaign_id,
			       char **missing, struct ar_error *err)
{
	struct store_param params[] = { STORE_INT(PARAM_CAMPAIGN, campaign_id) };
	struct ar_buf list = AR_BUF_INIT;
	enum ar_rc rc;

	*missing = NULL;
	rc = store_query(store, QUERY_ATTESTATION_MISSING, params,
			 COUNT(params), missing_row, &list, err);
	if (rc == AR_OK && list.len > 0)
		*missing = ar_strdup(list.buf);
	ar_buf_release(&list);
	return rc;
}
