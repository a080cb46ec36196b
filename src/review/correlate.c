/* correlate.c -- link each account to a person of the directory */
/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "accessreview/review.h"
#include "accessreview/store.h"

struct correlate_pass {
	struct store *store;
	long long snapshot_id;
};

static enum store_query_id match_query(const char *match_key)
{
	if (match_key != NULL && strcmp(match_key, "uid") == 0)
		return QUERY_CORRELATE_UID;
	if (match_key != NULL && strcmp(match_key, "employeeNumber") == 0)
		return QUERY_CORRELATE_EMPLOYEE_NUMBER;
	return QUERY_CORRELATE_EMAIL;
}

static enum ar_rc correlate_system(void *context, const struct store_row *row,
				   struct ar_error *err)
{
	static const enum store_query_id after_key[] = {
		QUERY_CORRELATE_FALLBACK, QUERY_CORRELATE_UNLINK_AMBIGUOUS,
	};
	struct correlate_pass *pass = context;
	struct store_param params[] = {
		STORE_INT(PARAM_SNAPSHOT, pass->snapshot_id),
		STORE_INT(PARAM_SYSTEM, store_row_int(row, "id", 0)),
	};
	enum ar_rc rc;

	rc = store_query_family(pass->store,
				match_query(store_row_text(row, "match_key")),
				params, 2, err);
	for (size_t i = 0; rc == AR_OK && i < 2; i++)
		rc = store_query_family(pass->store, after_key[i], params, 2,
					err);
	return rc;
}

enum ar_rc review_correlate(struct store *store, long long snapshot_id,
			    struct ar_error *err)
{
	struct correlate_pass pass = { store, snapshot_id };
	struct store_param params[] = { STORE_INT(PARAM_SNAPSHOT, snapshot_id) };

	/* Collect the systems first: updating while a SELECT on the same
	 * tables is open is allowed by SQLite, and the set is small. */
	return store_query(store, QUERY_SYSTEMS_OF_SNAPSHOT, params, 1,
			   correlate_system, &pass, err);
}
