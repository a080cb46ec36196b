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

/* Which access an element is about: the same attributes everywhere. */
static const struct xml_column access_columns[] = {
	{ "kind", "kind", XML_TEXT_REQUIRED },
	{ "system", "system", XML_TEXT_REQUIRED },
	{ "account", "account", XML_TEXT_REQUIRED },
	{ "accountId", "account_id", XML_TEXT_REQUIRED },
	{ "person", "person", XML_TEXT },
	{ "entitlement", "entitlement", XML_TEXT },
};

static const struct xml_column item_columns[] = {
	{ "personName", "person_name", XML_TEXT },
	{ "privileged", "privileged", XML_BOOL },
	{ "findings", "findings", XML_TEXT },
	{ "mfa", "mfa", XML_TEXT_REQUIRED },
	{ "reviewer", "reviewer", XML_TEXT_REQUIRED },
	{ "reviewerRole", "reviewer_role", XML_TEXT_REQUIRED },
	{ "version", "version", XML_INT },
	{ "decision", "decision", XML_TEXT },
	{ "expires", "expires", XML_TEXT },
	{ "comment", "comment", XML_TEXT },
	{ "decidedBy", "decided_by", XML_TEXT },
	{ "decidedAt", "decided_at", XML_TIME },
	{ "history", "history", XML_TEXT },
	{ "mfaAttested", "mfa_attested", XML_TEXT },
	{ "mfaAttestedBy", "mfa_attested_by", XML_TEXT },
	{ "mfaAttestedAt", "mfa_attested_at", XML_TIME },
};

static const struct xml_column exception_columns[] = {
	{ "item", "item_id", XML_INT },
	{ "campaign", "campaign_id", XML_INT },
	{ "period", "period", XML_TEXT },
	{ "decidedBy", "decided_by", XML_TEXT_REQUIRED },
	{ "grantedAt", "granted_at", XML_TIME },
	{ "expires", "expires", XML_TEXT_REQUIRED },
	{ "expired", "expired", XML_BOOL },
	{ "replacedBy", "replaced_by", XML_INT },
	{ "justification", "justification", XML_TEXT },
};

static const struct xml_column previous_revocation_columns[] = {
	{ "item", "id", XML_INT },
	{ "campaign", "campaign_id", XML_INT },
	{ "decidedBy", "decided_by", XML_TEXT_REQUIRED },
	{ "decidedAt", "decided_at", XML_TIME },
	{ "outcome", "outcome", XML_TEXT_REQUIRED },
};

static const struct xml_column context_columns[] = {
	{ "system", "system", XML_TEXT_REQUIRED },
	{ "account", "account", XML_TEXT_REQUIRED },
	{ "person", "person", XML_TEXT },
	{ "note", "note", XML_TEXT_REQUIRED },
};

/* One element per row: the access, then the element's own columns. */
static enum ar_rc access_element(struct xml_writer *w, const char *name,
				 const struct store_row *row,
				 const struct xml_column *columns,
				 size_t count, struct ar_error *err)
{
	xml_start(w, name);
	xml_attr_columns(w, row, access_columns,
			 XML_COLUMN_COUNT(access_columns));
	xml_attr_columns(w, row, columns, count);
	xml_end(w);
	return xml_status(w, err);
}

static enum ar_rc item_row(void *context, const struct store_row *row,
			   struct ar_error *err)
{
	struct xml_writer *w = context;

	xml_start(w, "item");
	xml_attr_int(w, "id", store_row_int(row, "id", 0));
	xml_attr_columns(w, row, access_columns,
			 XML_COLUMN_COUNT(access_columns));
	xml_attr_columns(w, row, item_columns, XML_COLUMN_COUNT(item_columns));
	if (report_item_kept_without_reason(row))
		xml_attr_bool(w, "keptWithoutReason", 1);
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
	xml_attr_columns(w, row, context_columns,
			 XML_COLUMN_COUNT(context_columns));
	xml_end(w);
	return xml_status(w, err);
}

static enum ar_rc exception_row(void *context, const struct store_row *row,
				struct ar_error *err)
{
	return access_element(context, "exception", row, exception_columns,
			      XML_COLUMN_COUNT(exception_columns), err);
}

static enum ar_rc previous_revocation_row(void *context,
					  const struct store_row *row,
					  struct ar_error *err)
{
	return access_element(context, "revocation", row,
			      previous_revocation_columns,
			      XML_COLUMN_COUNT(previous_revocation_columns),
			      err);
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

