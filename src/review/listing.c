/* listing.c -- the findings of a snapshot, filtered, and the snapshot to use */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "accessreview/review.h"
#include "accessreview/store.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

static enum ar_rc read_pruned_at(void *context, const struct store_row *row,
				 struct ar_error *err)
{
	const char *pruned_at = store_row_text(row, "pruned_at");

	(void)err;
	if (pruned_at != NULL)
		snprintf(context, 21, "%s", pruned_at);
	return AR_OK;
}

/* No such snapshot, or one that `prune` emptied: say which. */
static enum ar_rc missing_snapshot(struct store *store, long long requested,
				   struct ar_error *err)
{
	struct store_param params[] = { STORE_INT(PARAM_SNAPSHOT, requested) };
	char pruned_at[21] = "";
	enum ar_rc rc = store_query(store, QUERY_SNAPSHOT_PRUNED_AT, params,
				    COUNT(params), read_pruned_at, pruned_at,
				    err);

	if (rc != AR_OK)
		return rc;
	if (pruned_at[0] != '\0')
		return ar_error_set(err, AR_ERR_NOINPUT,
				    "snapshot %lld was pruned on %s "
				    "(accessreview prune)",
				    requested, pruned_at);
	return ar_error_set(err, AR_ERR_NOINPUT, "no snapshot %lld",
			    requested);
}

enum ar_rc review_choose_snapshot(struct store *store, long long requested,
				  long long *snapshot_id,
				  struct ar_error *err)
{
	struct store_param params[] = { STORE_INT(PARAM_SNAPSHOT, requested) };
	long long found = 0;
	enum ar_rc rc;

	*snapshot_id = 0;
	if (requested <= 0) {
		rc = store_latest_snapshot(store, snapshot_id, err);
		if (rc == AR_OK && *snapshot_id == 0)
			rc = ar_error_set(err, AR_ERR_NOINPUT,
					  "no snapshot yet (run 'accessreview "
					  "collect' first)");
		return rc;
	}
	rc = store_query_int(store, QUERY_SNAPSHOT_EXISTS, params,
			     COUNT(params), 0, &found, err);
	if (rc == AR_OK && !found)
		rc = missing_snapshot(store, requested, err);
	if (rc == AR_OK)
		*snapshot_id = requested;
	return rc;
}

struct listing {
	finding_row_fn fn;
	void *context;
};

static enum ar_rc deliver_finding(void *context, const struct store_row *row,
				  struct ar_error *err)
{
	struct listing *listing = context;
	struct finding_row finding = {
		store_row_text(row, "code"),
		store_row_text(row, "severity"),
		store_row_text(row, "system"),
		store_row_text(row, "account"),
		store_row_text(row, "login"),
		store_row_text(row, "person"),
		store_row_text(row, "person_name"),
		store_row_text(row, "detail"),
	};

	return listing->fn(listing->context, &finding, err);
}

/* info ranks 0 like "low - 1": the least rank lists everything */
static int severity_rank(enum severity severity)
{
	static const int ranks[] = {
		[SEVERITY_INFO] = 0, [SEVERITY_LOW] = 1,
		[SEVERITY_MEDIUM] = 2, [SEVERITY_HIGH] = 3,
		[SEVERITY_CRITICAL] = 4, [SEVERITY_NONE] = 5,
	};

	return (size_t)severity < COUNT(ranks) ? ranks[severity] : 0;
}

/* New: this snapshot's, absent from the previous.  Resolved: the
 * previous snapshot's, absent from this one. */
static enum ar_rc list_filtered(struct store *store,
				const struct finding_filter *filter,
				long long snapshot_id, struct listing *listing,
				struct ar_error *err)
{
	long long previous = 0, listed = snapshot_id, other = 0;
	enum ar_rc rc = AR_OK;

	if (filter->change != FINDINGS_ALL)
		rc = store_previous_snapshot(store, snapshot_id, &previous,
					     err);
	if (rc == AR_OK && filter->change == FINDINGS_NEW) {
		other = previous;
		/* no previous snapshot: everything is new */
		if (previous == 0)
			other = -1;
	} else if (rc == AR_OK && filter->change == FINDINGS_RESOLVED) {
		if (previous == 0)
			return AR_OK;
		listed = previous;
		other = snapshot_id;
	}
	if (rc == AR_OK) {
		struct store_param params[] = {
			STORE_INT(PARAM_SNAPSHOT, listed),
			STORE_INT(PARAM_OTHER, other),
			STORE_TEXT(PARAM_SYSTEM, filter->system),
			STORE_TEXT(PARAM_CODE, filter->code),
			STORE_INT(PARAM_RANK,
				  severity_rank(filter->min_severity)),
			STORE_TEXT(PARAM_PERSON, filter->person),
		};

		rc = store_query(store, QUERY_FINDINGS_FILTERED, params,
				 COUNT(params), deliver_finding, listing, err);
	}
	return rc;
}

enum ar_rc review_list_findings(struct store *store,
				const struct finding_filter *filter,
				finding_row_fn fn, void *context,
				long long *snapshot_id, struct ar_error *err)
{
	struct listing listing = { fn, context };
	enum ar_rc rc = store_begin_read(store, err);

	if (rc == AR_OK)
		rc = review_choose_snapshot(store, filter->snapshot_id,
					    snapshot_id, err);
	if (rc == AR_OK)
		rc = list_filtered(store, filter, *snapshot_id, &listing,
				   err);
	store_end_read(store);
	return rc;
}
