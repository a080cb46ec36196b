/* campaign_close.c -- closing a campaign: undecided items, revocations */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "accessreview/attestation.h"
#include "accessreview/audit.h"
#include "accessreview/buf.h"
#include "accessreview/store.h"
#include "accessreview/text.h"
#include "campaign_int.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

struct undecided {
	struct ar_buf list;
	long count;
};

static enum ar_rc read_undecided(void *context, const struct store_row *row,
				 struct ar_error *err)
{
	struct undecided *undecided = context;

	if (undecided->count++ < 5)
		ar_buf_addf(&undecided->list, "%sitem %s (%s/%s, %s)",
			    undecided->count > 1 ? ", " : "",
			    store_row_text(row, "id"),
			    store_row_text(row, "system"),
			    store_row_text(row, "account"),
			    store_row_text(row, "reviewer"));
	(void)err;
	return AR_OK;
}

static enum ar_rc check_open(struct store *store, long long campaign_id,
			     struct ar_error *err)
{
	struct campaign_status status;
	enum ar_rc rc = campaign_status(store, campaign_id, 0, &status, err);

	if (rc == AR_OK && strcmp(status.state, "open") != 0)
		rc = ar_error_set(err, AR_ERR_DATA,
				  "campaign %lld is already closed (on %s)",
				  campaign_id, status.closed_at);
	campaign_status_release(&status);
	return rc;
}

/* What stands in the way of closing: undecided items (listed in
 * problems) and systems without an MFA attestation (*unattested). */
static enum ar_rc find_open_ends(struct store *store,
				 const struct campaign_close_request *request,
				 long *count, char **unattested,
				 struct ar_buf *problems, struct ar_error *err)
{
	struct store_param params[] = {
		STORE_INT(PARAM_CAMPAIGN, request->campaign_id),
	};
	struct undecided undecided = { AR_BUF_INIT, 0 };
	enum ar_rc rc;

	rc = store_query(store, QUERY_CAMPAIGN_UNDECIDED_ITEMS, params,
			 COUNT(params), read_undecided, &undecided, err);
	*count = undecided.count;
	if (rc == AR_OK && undecided.count > 0)
		ar_buf_addf(problems, "%ld undecided item%s: %s%s (recorded "
			    "as undecided if forced)", undecided.count,
			    undecided.count == 1 ? "" : "s",
			    undecided.list.buf,
			    undecided.count > 5 ? ", ..." : "");
	ar_buf_release(&undecided.list);
	if (rc == AR_OK)
		rc = attestation_missing(store, request->campaign_id,
					 unattested, err);
	if (rc == AR_OK && *unattested != NULL)
		ar_buf_addf(problems, "%sno MFA attestation for %s (the "
			    "owner attests with: accessreview attest-mfa "
			    "%lld SYSTEM --reviewer EMAIL --statement TEXT)",
			    problems->len ? "; " : "", *unattested,
			    request->campaign_id);
	return rc;
}

static enum ar_rc check_open_ends(struct store *store,
				  const struct campaign_close_request *request,
				  long *undecided, char **unattested,
				  struct ar_error *err)
{
	struct ar_buf problems = AR_BUF_INIT;
	enum ar_rc rc = find_open_ends(store, request, undecided, unattested,
				       &problems, err);

	if (rc == AR_OK && problems.len > 0 && !request->force)
		rc = ar_error_set(err, AR_ERR_DATA,
				  "campaign %lld has %s; close anyway with "
				  "--force --reason TEXT",
				  request->campaign_id, problems.buf);
	ar_buf_release(&problems);
	return rc;
}

static enum ar_rc log_close(struct store *store,
			    const struct campaign_close_request *request,
			    long undecided, const char *unattested,
			    struct ar_error *err)
{
	char at[21];
	struct audit_event event = { at, request->campaign_id, "force",
				     request->actor, 0, NULL };
	enum ar_rc rc = AR_OK;

	text_format_time(request->now, at);
	if (request->force && (undecided > 0 || unattested != NULL))
		rc = audit_append_object(
			store, &event,
			json_pack("{s:s, s:i, s:s}", "reason", request->reason,
				  "undecided", (int)undecided, "unattested",
				  unattested ? unattested : ""),
			err);
	event.event = "close";
	if (rc == AR_OK)
		rc = audit_append_object(
			store, &event,
			json_pack("{s:i, s:b}", "undecided", (int)undecided,
				  "forced",
				  request->force &&
					  (undecided > 0 || unattested)),
			err);
	return rc;
}

enum ar_rc campaign_close_begin(struct store *store,
				const struct campaign_close_request *request,
				long *undecided, struct ar_error *err)
{
	char at[21];
	struct store_param params[] = {
		STORE_INT(PARAM_CAMPAIGN, request->campaign_id),
		STORE_TEXT(PARAM_AT, at),
		STORE_TEXT(PARAM_ACTOR, request->actor),
		STORE_INT(PARAM_FORCED, 0),
		STORE_TEXT(PARAM_REASON, request->reason),
	};
	char *unattested = NULL;
	enum ar_rc rc;

	*undecided = 0;
	if (request->force && (request->reason == NULL || !*request->reason))
		return ar_error_set(err, AR_ERR_USAGE,
				    "--force needs --reason TEXT (it is kept "
				    "in the audit log)");
	text_format_time(request->now, at);
	rc = store_begin_write(store, "close a campaign", err);
	if (rc != AR_OK)
		return rc;
	rc = check_open(store, request->campaign_id, err);
	if (rc == AR_OK)
		rc = check_open_ends(store, request, undecided, &unattested,
				     err);
	params[3].integer = request->force &&
			    (*undecided > 0 || unattested != NULL);
	if (rc == AR_OK)
		rc = store_query(store, QUERY_CAMPAIGN_CLOSE_UPDATE, params,
				 COUNT(params), NULL, NULL, err);
	if (rc == AR_OK)
		rc = log_close(store, request, *undecided, unattested, err);
	if (rc != AR_OK)
		store_rollback(store);
	free(unattested);
	return rc;
}

struct revocations {
	campaign_revocation_fn fn;
	void *context;
};

static enum ar_rc deliver_revocation(void *context,
				     const struct store_row *row,
				     struct ar_error *err)
{
	struct revocations *revocations = context;
	int grant = strcmp(store_row_text(row, "kind"), "grant") == 0;
	struct campaign_revocation revocation = {
		store_row_int(row, "id", 0),
		store_row_text(row, "system"),
		store_row_text(row, "account"),
		store_row_text(row, "account_id"),
		store_row_text(row, "person"),
		store_row_text(row, "person_name"),
		store_row_text(row, "kind"),
		grant ? store_row_text(row, "entitlement") : NULL,
		store_row_text(row, "reviewer"),
		store_row_text(row, "decided_by"),
		store_row_text(row, "decided_at"),
		store_row_text(row, "comment"),
	};

	return revocations->fn(revocations->context, &revocation, err);
}

enum ar_rc campaign_each_revocation(struct store *store, long long campaign_id,
				    campaign_revocation_fn fn, void *context,
				    struct ar_error *err)
{
	struct store_param params[] = { STORE_INT(PARAM_CAMPAIGN, campaign_id) };
	struct revocations revocations = { fn, context };

	return store_query(store, QUERY_CAMPAIGN_REVOCATIONS, params,
			   COUNT(params), deliver_revocation, &revocations,
			   err);
}

enum ar_rc campaign_close_commit(struct store *store,
				 char head[HASH_HEX_SIZE], struct ar_error *err)
{
	enum ar_rc rc = audit_head(store, head, NULL, err);

	if (rc == AR_OK)
		rc = store_commit(store, "close a campaign", err);
	else
		store_rollback(store);
	return rc;
}

void campaign_close_abort(struct store *store)
{
	store_rollback(store);
}
