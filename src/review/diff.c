/* diff.c -- accounts and grants that changed between two snapshots */
/* SPDX-License-Identifier: MIT */
#include "accessreview/review.h"
#include "accessreview/store.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

struct changes {
	change_row_fn fn;
	void *context;
};

static enum ar_rc deliver_change(void *context, const struct store_row *row,
				 struct ar_error *err)
{
	struct changes *changes = context;
	struct change_row change = {
		store_row_text(row, "change"),
		store_row_text(row, "system"),
		store_row_text(row, "id"),
		store_row_text(row, "login"),
		store_row_text(row, "detail"),
	};

	return changes->fn(changes->context, &change, err);
}

static enum ar_rc choose_pair(struct store *store, long long *old_id,
			      long long *new_id, struct ar_error *err)
{
	enum ar_rc rc;

	if (*old_id > 0 || *new_id > 0) {
		rc = review_choose_snapshot(store, *old_id, old_id, err);
		if (rc == AR_OK)
			rc = review_choose_snapshot(store, *new_id, new_id,
						    err);
		return rc;
	}
	rc = review_choose_snapshot(store, 0, new_id, err);
	if (rc == AR_OK)
		rc = store_previous_snapshot(store, *new_id, old_id, err);
	if (rc == AR_OK && *old_id == 0)
		rc = ar_error_set(err, AR_ERR_NOINPUT,
				  "diff needs two snapshots; there is only "
				  "one");
	return rc;
}

enum ar_rc review_diff(struct store *store, long long *old_id,
		       long long *new_id, change_row_fn fn, void *context,
		       struct ar_error *err)
{
	struct changes changes = { fn, context };
	enum ar_rc rc = store_begin_read(store, err);

	if (rc == AR_OK)
		rc = choose_pair(store, old_id, new_id, err);
	if (rc == AR_OK) {
		struct store_param params[] = {
			STORE_INT(PARAM_OLD, *old_id),
			STORE_INT(PARAM_NEW, *new_id),
		};

		rc = store_query(store, QUERY_DIFF_ACCOUNTS, params,
				 COUNT(params), deliver_change, &changes, err);
		if (rc == AR_OK)
			rc = store_query(store, QUERY_DIFF_GRANTS, params,
					 COUNT(params), deliver_change,
					 &changes, err);
	}
	store_end_read(store);
	return rc;
}
