/* campaign_lists_xml.c -- a campaign's long lists in the XML report */
/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "accessreview/campaign.h"
#include "accessreview/decisions.h"
#include "accessreview/store.h"
#include "report_int.h"

/*
 * <reviewItems>, <revocations>, <reviewContext>, <exceptions> and
 * <previousRevocations>: each one query streamed row by row, so a
 * campaign of a million items is never held in memory.
 */

/* Privileged access kept with a comment that gives no reason. */
int report_item_kept_without_reason(const struct store_row *row)
{
	const char *decision = store_row_text(row, "decision");

	return store_row_int(row, "privileged", 0) && decision != NULL &&
	       strcmp(decision, "keep") == 0 &&
	       !decisions_comment_gives_reason(store_row_text(row, "comment"));
}

static enum ar_rc item_row(void *context, const struct store_row *row,
			   struct ar_error *err)
{
	struct xml_writer *w = context;

	xml_start(w, "item");
	xml_attr_int(w, "id", store_row_int(row, "id", 0));
	xml_attr_required(w, "kind", store_row_text(row, "kind"));
	xml_attr_required(w, "system", store_row_text(row, "system"));
	xml_attr_required(w, "account", store_row_text(row, "account"));
	xml_attr_required(w, "accountId", store_row_text(row, "account_id"));
	xml_attr(w, "person", store_row_text(row, "person"));
	xml_attr(w, "personName", store_row_text(row, "person_name"));
	xml_attr(w, "entitlement", store_row_text(row, "entitlement"));
	xml_attr_bool(w, "privileged", store_row_int(row, "privileged", 0));
	xml_attr(w, "findings", store_row_text(row, "findings"));
	xml_attr_required(w, "mfa", store_row_text(row, "mfa"));
	xml_attr_required(w, "reviewer", store_row_text(row, "reviewer"));
	xml_attr_required(w, "reviewerRole",
			  store_row_text(row, "reviewer_role"));
	xml_attr_int(w, "version", store_row_int(row, "version", 1));
	xml_attr(w, "decision", store_row_text(row, "decision"));
	xml_attr(w, "expires", store_row_text(row, "expires"));
	xml_attr(w, "comment", store_row_text(row, "comment"));
	xml_attr(w, "decidedBy", store_row_text(row, "decided_by"));
	if (store_row_text(row, "decided_at") != NULL)
		xml_attr_time_text(w, "decidedAt",
				   store_row_text(row, "decided_at"));
	if (report_item_kept_without_reason(row))
		xml_attr_bool(w, "keptWithoutReason", 1);
	xml_attr(w, "history", store_row_text(row, "history"));
	xml_attr(w, "mfaAttested", store_row_text(row, "mfa_attested"));
	xml_attr(w, "mfaAttestedBy", store_row_text(row, "mfa_attested_by"));
	if (store_row_text(row, "mfa_attested_at") != NULL)
		xml_attr_time_text(w, "mfaAttestedAt",
				   store_row_text(row, "mfa_attested_at"));
	xml_end(w);
	return xml_status(w, err);
}

static enum ar_rc revocation_item(void *context,
				  const struct campaign_revocation *revocation,
				  struct ar_error *err)
{
	struct xml_writer *w = context;

	xml_start(w, "revocation");
	xml_attr_int(w, "item", revocation->item_id);
	xml_attr_required(w, "kind", revocation->kind);
	xml_attr_required(w, "system", revocation->system);
	xml_attr_required(w, "account", revocation->account);
	xml_attr_required(w, "accountId", revocation->account_id);
	xml_attr(w, "person", revocation->person);
	xml_attr(w, "personName", revocation->person_name);
	xml_attr(w, "entitlement", revocation->entitlement);
	xml_attr_required(w, "reviewer", revocation->reviewer);
	xml_attr_required(w, "decidedBy", revocation->decided_by);
	xml_attr_time_text(w, "decidedAt", revocation->decided_at);
	xml_attr(w, "comment", revocation->comment);
	xml_end(w);
	return xml_status(w, err);
}

static enum ar_rc context_row(void *context, const struct store_row *row,
			      struct ar_error *err)
{
	struct xml_writer *w = context;

	xml_start(w, "context");
	xml_attr_required(w, "system", store_row_text(row, "system"));
	xml_attr_required(w, "account", store_row_text(row, "account"));
	xml_attr(w, "person", store_row_text(row, "person"));
	xml_attr_required(w, "note", store_row_text(row, "note"));
	xml_end(w);
	return xml_status(w, err);
}

static enum ar_rc exception_row(void *context, const struct store_row *row,
				struct ar_error *err)
{
	struct xml_writer *w = context;

	xml_start(w, "exception");
	xml_attr_int(w, "item", store_row_int(row, "item_id", 0));
	xml_attr_int(w, "campaign", store_row_int(row, "campaign_id", 0));
	xml_attr(w, "period", store_row_text(row, "period"));
	xml_attr_required(w, "kind", store_row_text(row, "kind"));
	xml_attr_required(w, "system", store_row_text(row, "system"));
	xml_attr_required(w, "account", store_row_text(row, "account"));
	xml_attr_required(w, "accountId", store_row_text(row, "account_id"));
	xml_attr(w, "person", store_row_text(row, "person"));
	xml_attr(w, "entitlement", store_row_text(row, "entitlement"));
	xml_attr_required(w, "decidedBy", store_row_text(row, "decided_by"));
	xml_attr_time_text(w, "grantedAt", store_row_text(row, "granted_at"));
	xml_attr_required(w, "expires", store_row_text(row, "expires"));
	xml_attr_bool(w, "expired", store_row_int(row, "expired", 0));
	xml_attr_column_int(w, row, "replacedBy", "replaced_by");
	xml_attr(w, "justification", store_row_text(row, "justification"));
	xml_end(w);
	return xml_status(w, err);
}

static enum ar_rc previous_revocation_row(void *context,
					  const struct store_row *row,
					  struct ar_error *err)
{
	struct xml_writer *w = context;

	xml_start(w, "revocation");
	xml_attr_int(w, "item", store_row_int(row, "id", 0));
	xml_attr_int(w, "campaign", store_row_int(row, "campaign_id", 0));
	xml_attr_required(w, "kind", store_row_text(row, "kind"));
	xml_attr_required(w, "system", store_row_text(row, "system"));
	xml_attr_required(w, "account", store_row_text(row, "account"));
	xml_attr_required(w, "accountId", store_row_text(row, "account_id"));
	xml_attr(w, "person", store_row_text(row, "person"));
	xml_attr(w, "entitlement", store_row_text(row, "entitlement"));
	xml_attr_required(w, "decidedBy", store_row_text(row, "decided_by"));
	xml_attr_time_text(w, "decidedAt", store_row_text(row, "decided_at"));
	xml_attr_required(w, "outcome", store_row_text(row, "outcome"));
	xml_end(w);
	return xml_status(w, err);
}

static enum ar_rc write_list(struct xml_writer *w, const char *element,
			     enum store_query_id query, long long campaign_id,
			     store_row_fn fn, struct ar_error *err)
{
	struct store_param param = STORE_INT(PARAM_CAMPAIGN, campaign_id);
	enum ar_rc rc;

	xml_start(w, element);
	rc = store_query(w->store, query, &param, 1, fn, w, err);
	xml_end(w);
	return rc == AR_OK ? xml_status(w, err) : rc;
}

enum ar_rc report_write_campaign_lists(struct xml_writer *w,
				       long long campaign_id,
				       struct ar_error *err)
{
	enum ar_rc rc;

	rc = write_list(w, "reviewItems", QUERY_REPORT_CAMPAIGN_ITEMS,
			campaign_id, item_row, err);
	if (rc != AR_OK)
		return rc;
	xml_start(w, "revocations");
	rc = campaign_each_revocation(w->store, campaign_id, revocation_item, w,
				      err);
	xml_end(w);
	if (rc != AR_OK)
		return rc;
	rc = write_list(w, "reviewContext", QUERY_REPORT_CAMPAIGN_CONTEXT,
			campaign_id, context_row, err);
	if (rc == AR_OK)
		rc = write_list(w, "exceptions",
				QUERY_REPORT_CAMPAIGN_EXCEPTIONS, campaign_id,
				exception_row, err);
	if (rc == AR_OK)
		rc = write_list(w, "previousRevocations",
				QUERY_REPORT_CAMPAIGN_PREVIOUS_REVOCATIONS,
				campaign_id, previous_revocation_row, err);
	return rc;
}

