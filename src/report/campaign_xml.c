/* campaign_xml.c -- a campaign's scope, reviewers and signals in the report */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "accessreview/attestation.h"
#include "accessreview/campaign.h"
#include "accessreview/decisions.h"
#include "accessreview/mem.h"
#include "accessreview/store.h"
#include "report_int.h"

/*
 * After the snapshot's sections come, for `report --campaign ID`:
 *   <campaign>     what was reviewed and how: scope, completion, each
 *                  reviewer's tally, quality signals, the decision files
 *                  imported and the audit log's head (small: one row per
 *                  system, reviewer or file)
 *   <reviewItems>  every item with its decision (a long list)
 *   <revocations>  what the operators must remove (a long list)
 *   <reviewContext> inactive accounts listed for context (a long list)
 *   <exceptions>   the exceptions that matter to the campaign
 *   <previousRevocations> the last closed campaign's revocations and
 *                  whether this campaign's snapshot shows them applied
 * The HTML renderer streams the lists chunk by chunk.
 */

/* A reviewer who kept every one of more items than this is flagged. */
#define ALL_KEPT_MIN_ITEMS 20
/* A file whose decisions came faster than this after the worksheets
 * were issued, per changed item, is flagged as rubber-stamping. */
#define RUBBER_STAMP_SECONDS_PER_ITEM 2

struct reviewer_tally {
	char *reviewer;
	char *roles;
	long items, decided, kept, revoked, exceptions;
	long fallback_decided, delegate_decided;
	long weak_reasons;           /* privileged kept without a reason */
};

/* An import whose decisions came too fast to have been considered. */
struct fast_import {
	long long id;
	char *reviewer;
	long changed;
	long long seconds;
};

struct campaign_tally {
	struct reviewer_tally *reviewers;
	size_t count;
	struct fast_import *fast;
	size_t fast_count;
	long items, decided, kept, revoked, exceptions, privileged;
	long privileged_undecided, fallback, context;
	int forced;
	char *force_reason;
	char *unattested;            /* systems without MFA attestation */
};

static struct store_param campaign_param(long long campaign_id)
{
	return (struct store_param)STORE_INT(PARAM_CAMPAIGN, campaign_id);
}

/* ---- the tally: one pass over reviewers, one over items ---- */

static enum ar_rc reviewer_row(void *context, const struct store_row *row,
			       struct ar_error *err)
{
	struct campaign_tally *tally = context;
	struct reviewer_tally *reviewer;

	(void)err;
	tally->reviewers = ar_realloc(tally->reviewers,
				      (tally->count + 1) *
					      sizeof(*tally->reviewers));
	reviewer = &tally->reviewers[tally->count++];
	memset(reviewer, 0, sizeof(*reviewer));
	reviewer->reviewer = ar_strdup(store_row_text(row, "reviewer"));
	reviewer->roles = ar_strdup_or_null(store_row_text(row, "roles"));
	reviewer->items = store_row_int(row, "items", 0);
	reviewer->decided = store_row_int(row, "decided", 0);
	reviewer->kept = store_row_int(row, "kept", 0);
	reviewer->revoked = store_row_int(row, "revoked", 0);
	reviewer->exceptions = store_row_int(row, "exceptions", 0);
	reviewer->fallback_decided = store_row_int(row, "fallback_decided", 0);
	reviewer->delegate_decided = store_row_int(row, "delegate_decided", 0);
	return AR_OK;
}

static int compare_reviewer(const void *key, const void *element)
{
	const struct reviewer_tally *reviewer = element;

	return strcmp(key, reviewer->reviewer);
}

static enum ar_rc tally_item_row(void *context, const struct store_row *row,
				 struct ar_error *err)
{
	struct campaign_tally *tally = context;
	const char *name = store_row_text(row, "reviewer");
	struct reviewer_tally *reviewer;

	(void)err;
	if (store_row_int(row, "privileged", 0)) {
		tally->privileged++;
		if (store_row_text(row, "decision") == NULL)
			tally->privileged_undecided++;
	}
	if (strcmp(store_row_text(row, "reviewer_role"), "fallback") == 0)
		tally->fallback++;
	if (!report_item_kept_without_reason(row) || name == NULL)
		return AR_OK;
	/* both lists come from the same rows in the same collation */
	reviewer = bsearch(name, tally->reviewers, tally->count,
			   sizeof(*tally->reviewers), compare_reviewer);
	if (reviewer != NULL)
		reviewer->weak_reasons++;
	return AR_OK;
}

static int is_rubber_stamp(const struct store_row *row)
{
	long long changed = store_row_int(row, "changed", 0);

	return changed > 0 &&
	       store_row_text(row, "seconds_after_worksheets") != NULL &&
	       store_row_int(row, "seconds_after_worksheets", 0) <
		       changed * RUBBER_STAMP_SECONDS_PER_ITEM;
}

static enum ar_rc tally_import_row(void *context, const struct store_row *row,
				   struct ar_error *err)
{
	struct campaign_tally *tally = context;
	struct fast_import *fast;

	(void)err;
	if (!is_rubber_stamp(row))
		return AR_OK;
	tally->fast = ar_realloc(tally->fast, (tally->fast_count + 1) *
						      sizeof(*tally->fast));
	fast = &tally->fast[tally->fast_count++];
	fast->id = store_row_int(row, "id", 0);
	fast->reviewer = ar_strdup(store_row_text(row, "reviewer"));
	fast->changed = (long)store_row_int(row, "changed", 0);
	fast->seconds = store_row_int(row, "seconds_after_worksheets", 0);
	return AR_OK;
}

static enum ar_rc campaign_row(void *context, const struct store_row *row,
			       struct ar_error *err)
{
	struct campaign_tally *tally = context;

	(void)err;
	tally->forced = (int)store_row_int(row, "forced", 0);
	free(tally->force_reason);
	tally->force_reason =
		ar_strdup_or_null(store_row_text(row, "force_reason"));
	return AR_OK;
}

static enum ar_rc tally_campaign(struct store *store, long long campaign_id,
				 struct campaign_tally *tally,
				 struct ar_error *err)
{
	struct store_param param = campaign_param(campaign_id);
	long long context = 0;
	enum ar_rc rc;

	rc = store_query(store, QUERY_CAMPAIGN_GET, &param, 1, campaign_row,
			 tally, err);
	if (rc == AR_OK)
		rc = store_query(store, QUERY_REPORT_CAMPAIGN_REVIEWERS, &param,
				 1, reviewer_row, tally, err);
	if (rc == AR_OK)
		rc = store_query(store, QUERY_REPORT_CAMPAIGN_ITEMS, &param, 1,
				 tally_item_row, tally, err);
	if (rc == AR_OK)
		rc = store_query(store, QUERY_REPORT_CAMPAIGN_IMPORTS, &param, 1,
				 tally_import_row, tally, err);
	if (rc == AR_OK)
		rc = attestation_missing(store, campaign_id, &tally->unattested,
					 err);
	if (rc == AR_OK)
		rc = store_query_int(store, QUERY_REPORT_CAMPAIGN_CONTEXT_COUNT,
				     &param, 1, 0, &context, err);
	tally->context = (long)context;
	for (size_t i = 0; i < tally->count; i++) {
		tally->items += tally->reviewers[i].items;
		tally->decided += tally->reviewers[i].decided;
		tally->kept += tally->reviewers[i].kept;
		tally->revoked += tally->reviewers[i].revoked;
		tally->exceptions += tally->reviewers[i].exceptions;
	}
	return rc;
}

static void tally_release(struct campaign_tally *tally)
{
	for (size_t i = 0; i < tally->count; i++) {
		free(tally->reviewers[i].reviewer);
		free(tally->reviewers[i].roles);
	}
	free(tally->reviewers);
	for (size_t i = 0; i < tally->fast_count; i++)
		free(tally->fast[i].reviewer);
	free(tally->fast);
	free(tally->force_reason);
	free(tally->unattested);
}

/* ---- <campaign> ---- */

static void write_campaign_attributes(struct xml_writer *w,
				      const struct store_row *row)
{
	xml_attr_int(w, "id", store_row_int(row, "id", 0));
	xml_attr_required(w, "kind", store_row_text(row, "kind"));
	xml_attr(w, "period", store_row_text(row, "period"));
	xml_attr(w, "reason", store_row_text(row, "reason"));
	xml_attr_int(w, "snapshot", store_row_int(row, "snapshot_id", 0));
	xml_attr_required(w, "state", store_row_text(row, "state"));
	xml_attr_time_text(w, "openedAt", store_row_text(row, "opened_at"));
	xml_attr_required(w, "openedBy", store_row_text(row, "opened_by"));
	xml_attr_required(w, "due", store_row_text(row, "due"));
	if (store_row_text(row, "closed_at") != NULL)
		xml_attr_time_text(w, "closedAt",
				   store_row_text(row, "closed_at"));
	xml_attr(w, "closedBy", store_row_text(row, "closed_by"));
	if (store_row_int(row, "forced", 0))
		xml_attr_bool(w, "forced", 1);
	xml_attr(w, "forceReason", store_row_text(row, "force_reason"));
	xml_attr_column_int(w, row, "reopens", "reopens");
}

static enum ar_rc start_campaign_row(void *context,
				     const struct store_row *row,
				     struct ar_error *err)
{
	struct xml_writer *w = context;

	xml_start(w, "campaign");
	write_campaign_attributes(w, row);
	return xml_status(w, err);
}

static enum ar_rc scope_row(void *context, const struct store_row *row,
			    struct ar_error *err)
{
	struct xml_writer *w = context;

	xml_start(w, "system");
	xml_attr_required(w, "name", store_row_text(row, "system"));
	xml_attr_required(w, "category", store_row_text(row, "category"));
	xml_attr(w, "owner", store_row_text(row, "owner"));
	xml_attr_required(w, "reviewer", store_row_text(row, "reviewer_rule"));
	xml_end(w);
	return xml_status(w, err);
}

static void write_completion(struct xml_writer *w,
			     const struct campaign_tally *tally)
{
	xml_start(w, "completion");
	xml_attr_int(w, "items", tally->items);
	xml_attr_int(w, "decided", tally->decided);
	xml_attr_int(w, "kept", tally->kept);
	xml_attr_int(w, "revoked", tally->revoked);
	xml_attr_int(w, "exceptions", tally->exceptions);
	xml_attr_int(w, "undecided", tally->items - tally->decided);
	xml_attr_int(w, "privileged", tally->privileged);
	xml_attr_int(w, "privilegedUndecided", tally->privileged_undecided);
	xml_attr_int(w, "fallback", tally->fallback);
	xml_attr_int(w, "context", tally->context);
	xml_end(w);
}

static void write_reviewers(struct xml_writer *w,
			    const struct campaign_tally *tally)
{
	xml_start(w, "reviewers");
	for (size_t i = 0; i < tally->count; i++) {
		const struct reviewer_tally *r = &tally->reviewers[i];

		xml_start(w, "reviewer");
		xml_attr_required(w, "email", r->reviewer);
		xml_attr_required(w, "roles", r->roles);
		xml_attr_int(w, "items", r->items);
		xml_attr_int(w, "decided", r->decided);
		xml_attr_int(w, "kept", r->kept);
		xml_attr_int(w, "revoked", r->revoked);
		xml_attr_int(w, "exceptions", r->exceptions);
		xml_attr_int(w, "fallbackDecided", r->fallback_decided);
		xml_attr_int(w, "delegateDecided", r->delegate_decided);
		xml_attr_int(w, "keptWithoutReason", r->weak_reasons);
		xml_end(w);
	}
	xml_end(w);
}

static void write_signal(struct xml_writer *w, const char *kind,
			 const char *reviewer, long count, const char *text)
{
	xml_start(w, "signal");
	xml_attr_required(w, "kind", kind);
	xml_attr(w, "reviewer", reviewer);
	xml_attr_int(w, "count", count);
	xml_text(w, text);
	xml_end(w);
}

static void write_reviewer_signals(struct xml_writer *w,
				   const struct reviewer_tally *r)
{
	char text[256];

	if (r->decided > ALL_KEPT_MIN_ITEMS && r->kept == r->decided) {
		snprintf(text, sizeof(text),
			 "kept all %ld decided items: check the review "
			 "was more than a confirmation", r->decided);
		write_signal(w, "all-kept", r->reviewer, r->decided, text);
	}
	if (r->weak_reasons > 0) {
		snprintf(text, sizeof(text),
			 "kept %ld privileged grants or accounts with a "
			 "comment that gives no reason", r->weak_reasons);
		write_signal(w, "privileged-kept-without-reason", r->reviewer,
			     r->weak_reasons, text);
	}
	if (r->fallback_decided > 0) {
		snprintf(text, sizeof(text),
			 "decided %ld items as the fallback reviewer (no "
			 "owner, or the owner's own account)",
			 r->fallback_decided);
		write_signal(w, "fallback-decided", r->reviewer,
			     r->fallback_decided, text);
	}
	if (r->delegate_decided > 0) {
		snprintf(text, sizeof(text),
			 "%ld items decided by a delegate on this "
			 "reviewer's behalf", r->delegate_decided);
		write_signal(w, "delegate-decided", r->reviewer,
			     r->delegate_decided, text);
	}
}

static void write_signals(struct xml_writer *w,
			  const struct campaign_tally *tally)
{
	char text[512];
	long undecided = tally->items - tally->decided;

	xml_start(w, "signals");
	for (size_t i = 0; i < tally->count; i++)
		write_reviewer_signals(w, &tally->reviewers[i]);
	for (size_t i = 0; i < tally->fast_count; i++) {
		const struct fast_import *fast = &tally->fast[i];

		snprintf(text, sizeof(text),
			 "decision file %lld changed %ld decisions %lld "
			 "seconds after the worksheets were issued (under "
			 "%d s an item)", fast->id, fast->changed,
			 fast->seconds, RUBBER_STAMP_SECONDS_PER_ITEM);
		write_signal(w, "rubber-stamping", fast->reviewer,
			     fast->changed, text);
	}
	if (tally->unattested != NULL) {
		snprintf(text, sizeof(text),
			 "no MFA attestation for %s", tally->unattested);
		write_signal(w, "mfa-not-attested", NULL, 0, text);
	}
	if (tally->forced) {
		snprintf(text, sizeof(text),
			 "closed with %ld undecided items: %s", undecided,
			 tally->force_reason ? tally->force_reason : "");
		write_signal(w, "forced-close", NULL, undecided, text);
	}
	xml_end(w);
}

static const struct xml_column import_columns[] = {
	{ "id", "id", XML_INT },
	{ "reviewer", "reviewer", XML_TEXT_REQUIRED },
	{ "file", "file_name", XML_TEXT_REQUIRED },
	{ "sha256", "sha256", XML_TEXT_REQUIRED },
	{ "signer", "signer_fingerprint", XML_TEXT },
	{ "importedAt", "imported_at", XML_TIME },
	{ "rows", "rows", XML_INT },
	{ "changed", "changed", XML_INT },
	{ "secondsAfterWorksheets", "seconds_after_worksheets", XML_INT },
};

static enum ar_rc import_row(void *context, const struct store_row *row,
			     struct ar_error *err)
{
	struct xml_writer *w = context;

	xml_start(w, "import");
	xml_attr_columns(w, row, import_columns,
			 XML_COLUMN_COUNT(import_columns));
	xml_end(w);
	return xml_status(w, err);
}

static void write_figures(struct xml_writer *w, const char *json)
{
	static const struct {
		const char *key, *attribute;
	} fields[] = {
		{ "active", "active" }, { "enabled", "enabled" },
		{ "disabled", "disabled" }, { "unknown", "unknown" },
		{ "not_applicable", "notApplicable" },
		{ "attested_accounts", "attestedAccounts" },
	};
	json_t *figures = json ? json_loads(json, 0, NULL) : NULL;

	xml_start(w, "figures");
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		xml_attr_int(w, fields[i].attribute,
			     json_integer_value(
				     json_object_get(figures, fields[i].key)));
	xml_end(w);
	json_decref(figures);
}

static const struct xml_column attestation_columns[] = {
	{ "id", "id", XML_INT },
	{ "system", "system", XML_TEXT_REQUIRED },
	{ "kind", "kind", XML_TEXT_REQUIRED },
	{ "account", "account", XML_TEXT },
	{ "accountId", "account_id", XML_TEXT },
	{ "mfa", "mfa", XML_TEXT },
	{ "attestedBy", "attested_by", XML_TEXT_REQUIRED },
	{ "attestedAt", "attested_at", XML_TIME },
	{ "signer", "signer_fingerprint", XML_TEXT },
};

static enum ar_rc attestation_row(void *context, const struct store_row *row,
				  struct ar_error *err)
{
	struct xml_writer *w = context;

	xml_start(w, "attestation");
	xml_attr_columns(w, row, attestation_columns,
			 XML_COLUMN_COUNT(attestation_columns));
	/* a system's attestation says yes or no; an account's neither */
	if (store_row_text(row, "enforced") != NULL)
		xml_attr_bool(w, "enforced", store_row_int(row, "enforced", 0));
	write_figures(w, store_row_text(row, "figures"));
	xml_start(w, "statement");
	xml_text(w, store_row_text(row, "statement"));
	xml_end(w);
	xml_end(w);
	return xml_status(w, err);
}

static enum ar_rc audit_row(void *context, const struct store_row *row,
			    struct ar_error *err)
{
	struct xml_writer *w = context;

	xml_start(w, "audit");
	xml_attr_int(w, "entries", store_row_int(row, "entries", 0));
	xml_attr(w, "head", store_row_text(row, "head"));
	xml_end(w);
	return xml_status(w, err);
}

static enum ar_rc write_campaign(struct xml_writer *w, long long campaign_id,
				 const struct campaign_tally *tally,
				 struct ar_error *err)
{
	struct store_param param = campaign_param(campaign_id);
	enum ar_rc rc;

	rc = store_query(w->store, QUERY_CAMPAIGN_GET, &param, 1,
			 start_campaign_row, w, err);
	if (rc != AR_OK)
		return rc;
	xml_start(w, "scope");
	rc = store_query(w->store, QUERY_REPORT_CAMPAIGN_SCOPE, &param, 1,
			 scope_row, w, err);
	xml_end(w);
	if (rc != AR_OK)
		return rc;
	write_completion(w, tally);
	write_reviewers(w, tally);
	write_signals(w, tally);
	xml_start(w, "imports");
	rc = store_query(w->store, QUERY_REPORT_CAMPAIGN_IMPORTS, &param, 1,
			 import_row, w, err);
	xml_end(w);
	if (rc != AR_OK)
		return rc;
	xml_start(w, "attestations");
	rc = store_query(w->store, QUERY_ATTESTATION_LIST, &param, 1,
			 attestation_row, w, err);
	xml_end(w);
	if (rc == AR_OK)
		rc = store_query(w->store, QUERY_REPORT_CAMPAIGN_AUDIT, &param,
				 1, audit_row, w, err);
	xml_end(w);
	return rc == AR_OK ? xml_status(w, err) : rc;
}

enum ar_rc report_write_campaign(struct xml_writer *w, long long campaign_id,
				 struct ar_error *err)
{
	struct campaign_tally tally;
	enum ar_rc rc;

	memset(&tally, 0, sizeof(tally));
	rc = tally_campaign(w->store, campaign_id, &tally, err);
	if (rc == AR_OK)
		rc = write_campaign(w, campaign_id, &tally, err);
	if (rc == AR_OK)
		rc = report_write_campaign_lists(w, campaign_id, err);
	tally_release(&tally);
	return rc;
}
