/* campaign_remind.c -- whom to remind of a campaign, and the audit rows */
/* SPDX-License-Identifier: MIT */
#include <string.h>

#include <jansson.h>

#include "accessreview/audit.h"
#include "accessreview/store.h"
#include "accessreview/text.h"
#include "campaign_int.h"

enum ar_rc campaign_remind_begin(struct store *store, long long campaign_id,
				 time_t now, struct campaign_status *status,
				 struct ar_error *err)
{
	enum ar_rc rc;

	memset(status, 0, sizeof(*status));
	rc = store_begin_write(store, "remind reviewers", err);
	if (rc != AR_OK)
		return rc;
	rc = campaign_status(store, campaign_id, now, status, err);
	if (rc == AR_OK && strcmp(status->state, "open") != 0)
		rc = ar_error_set(err, AR_ERR_DATA,
				  "campaign %lld is closed (on %s): nobody is "
				  "reminded of a closed campaign",
				  status->id, status->closed_at);
	if (rc != AR_OK) {
		campaign_status_release(status);
		store_rollback(store);
	}
	return rc;
}

enum ar_rc campaign_log_reminder(struct store *store,
				 const struct campaign_status *status,
				 const struct campaign_reminder *reminder,
				 struct ar_error *err)
{
	char at[21];
	struct audit_event event = { at, status->id, "remind",
				     reminder->actor, 0, NULL };

	text_format_time(reminder->now, at);
	return audit_append_object(
		store, &event,
		json_pack("{s:s, s:I, s:I, s:s, s:s?, s:s}", "reviewer",
			  reminder->reviewer, "undecided",
			  (json_int_t)reminder->undecided,
			  "undecided_privileged",
			  (json_int_t)reminder->undecided_privileged,
			  "delivery", reminder->delivery, "file",
			  reminder->file, "message_id", reminder->message_id),
		err);
}

enum ar_rc campaign_remind_commit(struct store *store, struct ar_error *err)
{
	return store_commit(store, "remind reviewers", err);
}

void campaign_remind_abort(struct store *store)
{
	store_rollback(store);
}

long campaign_reviewer_undecided(const struct campaign_reviewer *reviewer)
{
	return reviewer->items - reviewer->decided;
}
