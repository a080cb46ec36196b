/* campaign_status.c -- how far a campaign is: per reviewer, due date */
/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "accessreview/buf.h"
#include "accessreview/mem.h"
#include "accessreview/store.h"
#include "campaign_int.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))
#define SECONDS_PER_DAY 86400

static enum ar_rc read_counts(void *context, const struct store_row *row,
			      struct ar_error *err)
{
	struct campaign_counts *counts = context;

	counts->items = store_row_int(row, "items", 0);
	counts->grants = store_row_int(row, "grants", 0);
	counts->reviewers = store_row_int(row, "reviewers", 0);
	counts->decided = store_row_int(row, "decided", 0);
	counts->undecided_privileged =
		store_row_int(row, "undecided_privileged", 0);
	counts->context = store_row_int(row, "context", 0);
	counts->fallback = store_row_int(row, "fallback", 0);
	(void)err;
	return AR_OK;
}

enum ar_rc campaign_count(struct store *store, long long campaign_id,
			  struct campaign_counts *counts,
			  struct ar_error *err)
{
	struct store_param params[] = { STORE_INT(PARAM_CAMPAIGN, campaign_id) };

	memset(counts, 0, sizeof(*counts));
	return store_query(store, QUERY_CAMPAIGN_COUNTS, params, COUNT(params),
			   read_counts, counts, err);
}

/* ---- the digest of an assignment ---- */

struct digest {
	struct ar_buf text;
	long items;
};

/* Length-prefixed, so that no two item lists serialise alike. */
static void add_field(struct ar_buf *text, const char *value)
{
	if (value == NULL)
		ar_buf_adds(text, "-;");
	else
		ar_buf_addf(text, "%zu:%s;", strlen(value), value);
}

static enum ar_rc add_item(void *context, const struct store_row *row,
			   struct ar_error *err)
{
	static const char *const frozen[] = {
		"id", "kind", "system", "account", "account_id", "person",
		"entitlement", "privileged", "reviewer", "reviewer_role",
	};
	struct digest *digest = context;

	for (size_t i = 0; i < COUNT(frozen); i++)
		add_field(&digest->text, store_row_text(row, frozen[i]));
	ar_buf_addch(&digest->text, '\n');
	digest->items++;
	(void)err;
	return AR_OK;
}

enum ar_rc campaign_assignment_digest(struct store *store,
				      long long campaign_id,
				      const char *reviewer,
				      char hex[HASH_HEX_SIZE], long *items,
				      struct ar_error *err)
{
	struct store_param params[] = {
		STORE_INT(PARAM_CAMPAIGN, campaign_id),
		STORE_TEXT(PARAM_REVIEWER, reviewer),
	};
	struct digest digest = { AR_BUF_INIT, 0 };
	enum ar_rc rc;

	rc = store_query(store, QUERY_CAMPAIGN_ITEMS_OF_REVIEWER, params,
			 COUNT(params), add_item, &digest, err);
	hash_buffer_sha256(digest.text.buf, digest.text.len, hex);
	*items = digest.items;
	ar_buf_release(&digest.text);
	return rc;
}

/* ---- status ---- */

static char *copy_column(const struct store_row *row, const char *name)
{
	return ar_strdup_or_null(store_row_text(row, name));
}

static enum ar_rc read_campaign(void *context, const struct store_row *row,
				struct ar_error *err)
{
	struct campaign_status *status = context;

	status->id = store_row_int(row, "id", 0);
	status->snapshot_id = store_row_int(row, "snapshot_id", 0);
	status->kind = copy_column(row, "kind");
	status->period = copy_column(row, "period");
	status->reason = copy_column(row, "reason");
	status->state = copy_column(row, "state");
	status->opened_at = copy_column(row, "opened_at");
	status->opened_by = copy_column(row, "opened_by");
	status->due = copy_column(row, "due");
	status->closed_at = copy_column(row, "closed_at");
	status->forced = (int)store_row_int(row, "forced", 0);
	(void)err;
	return AR_OK;
}

static enum ar_rc read_reviewer(void *context, const struct store_row *row,
				struct ar_error *err)
{
	struct campaign_status *status = context;
	struct campaign_reviewer *reviewer;

	status->reviewers = ar_realloc(status->reviewers,
				       (status->reviewer_count + 1) *
					       sizeof(*status->reviewers));
	reviewer = &status->reviewers[status->reviewer_count++];
	reviewer->reviewer = copy_column(row, "reviewer");
	reviewer->roles = copy_column(row, "roles");
	reviewer->items = store_row_int(row, "items", 0);
	reviewer->decided = store_row_int(row, "decided", 0);
	reviewer->undecided_privileged =
		store_row_int(row, "undecided_privileged", 0);
	reviewer->reminded_at = NULL;
	(void)err;
	return AR_OK;
}

/* Both lists are ordered by reviewer, but a reminder of a reviewer who
 * has no items any more is possible: look each one up. */
static enum ar_rc read_reminder(void *context, const struct store_row *row,
				struct ar_error *err)
{
	struct campaign_status *status = context;
	const char *name = store_row_text(row, "reviewer");

	for (size_t i = 0; name && i < status->reviewer_count; i++) {
		struct campaign_reviewer *reviewer = &status->reviewers[i];

		if (strcmp(reviewer->reviewer, name) == 0) {
			free(reviewer->reminded_at);
			reviewer->reminded_at = copy_column(row, "at");
			break;
		}
	}
	(void)err;
	return AR_OK;
}

/* Whole days from today to the due day: 0 on the day, -1 the day after. */
static long days_until(const char *due, time_t now)
{
	time_t day;

	if (!campaign_parse_day(due, &day))
		return 0;
	return (long)((day - campaign_midnight(now)) / SECONDS_PER_DAY);
}

enum ar_rc campaign_find(struct store *store, long long requested,
			 long long *campaign_id, struct ar_error *err)
{
	enum ar_rc rc = AR_OK;

	*campaign_id = requested;
	if (requested <= 0)
		rc = store_query_int(store, QUERY_CAMPAIGN_LATEST, NULL, 0, 0,
				     campaign_id, err);
	if (rc == AR_OK && *campaign_id == 0)
		rc = ar_error_set(err, AR_ERR_NOINPUT,
				  "no campaign yet (open one: accessreview "
				  "campaign open PERIOD)");
	return rc;
}

static enum ar_rc load_status(struct store *store, long long campaign_id,
			      time_t now, struct campaign_status *status,
			      struct ar_error *err)
{
	struct store_param params[] = { STORE_INT(PARAM_CAMPAIGN, campaign_id) };
	struct campaign_counts counts = { 0 };
	enum ar_rc rc;

	rc = store_query(store, QUERY_CAMPAIGN_GET, params, COUNT(params),
			 read_campaign, status, err);
	if (rc == AR_OK && status->id == 0)
		return ar_error_set(err, AR_ERR_NOINPUT, "no campaign %lld",
				    campaign_id);
	if (rc == AR_OK)
		rc = campaign_count(store, campaign_id, &counts, err);
	if (rc == AR_OK)
		rc = store_query(store, QUERY_CAMPAIGN_REVIEWERS, params,
				 COUNT(params), read_reviewer, status, err);
	if (rc == AR_OK)
		rc = store_query(store, QUERY_CAMPAIGN_REMINDERS, params,
				 COUNT(params), read_reminder, status, err);
	status->items = counts.items;
	status->decided = counts.decided;
	status->undecided_privileged = counts.undecided_privileged;
	status->context = counts.context;
	status->days_to_due = status->due ? days_until(status->due, now) : 0;
	return rc;
}

enum ar_rc campaign_status(struct store *store, long long requested,
			   time_t now, struct campaign_status *status,
			   struct ar_error *err)
{
	long long campaign_id = 0;
	enum ar_rc rc;

	memset(status, 0, sizeof(*status));
	rc = store_begin_read(store, err);
	if (rc != AR_OK)
		return rc;
	rc = campaign_find(store, requested, &campaign_id, err);
	if (rc == AR_OK)
		rc = load_status(store, campaign_id, now, status, err);
	store_end_read(store);
	if (rc != AR_OK)
		campaign_status_release(status);
	return rc;
}

void campaign_status_release(struct campaign_status *status)
{
	for (size_t i = 0; i < status->reviewer_count; i++) {
		free(status->reviewers[i].reviewer);
		free(status->reviewers[i].roles);
		free(status->reviewers[i].reminded_at);
	}
	free(status->reviewers);
	free(status->kind);
	free(status->period);
	free(status->reason);
	free(status->state);
	free(status->opened_at);
	free(status->opened_by);
	free(status->due);
	free(status->closed_at);
	memset(status, 0, sizeof(*status));
}

int campaign_reviewer_is_overdue(const struct campaign_status *status,
				 const struct campaign_reviewer *reviewer)
{
	return status->state && strcmp(status->state, "open") == 0 &&
	       status->days_to_due < 0 && reviewer->decided < reviewer->items;
}
