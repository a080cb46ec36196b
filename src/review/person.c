/* person.c -- the person view: one person's accounts in every system */
/* SPDX-License-Identifier: MIT */
#include "accessreview/person.h"
#include "accessreview/review.h"
#include "accessreview/store.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

struct person_pass {
	const struct person_view *view;
	long entries;
	long accounts;
};

static enum ar_rc deliver_entry(void *context, const struct store_row *row,
				struct ar_error *err)
{
	struct person_pass *pass = context;
	struct person_entry entry = {
		store_row_text(row, "source_key"),
		store_row_text(row, "uid"),
		store_row_text(row, "email"),
		store_row_text(row, "display_name"),
		(int)store_row_int(row, "disabled", 0),
	};

	pass->entries++;
	return pass->view->entry(pass->view->context, &entry, err);
}

static enum ar_rc deliver_account(void *context, const struct store_row *row,
				  struct ar_error *err)
{
	struct person_pass *pass = context;
	struct person_account account = {
		store_row_text(row, "system"),
		store_row_text(row, "external_id"),
		store_row_text(row, "login"),
		store_row_text(row, "email"),
		(int)store_row_int(row, "active", 0),
		store_row_text(row, "mfa"),
		store_row_text(row, "last_login"),
		store_row_text(row, "entitlements"),
		store_row_text(row, "findings"),
	};

	pass->accounts++;
	return pass->view->account(pass->view->context, &account, err);
}

static enum ar_rc list_person(struct store *store, long long snapshot_id,
			      const char *who, struct person_pass *pass,
			      struct ar_error *err)
{
	struct store_param params[] = {
		STORE_INT(PARAM_SNAPSHOT, snapshot_id),
		STORE_TEXT(PARAM_PERSON, who),
	};
	enum ar_rc rc;

	rc = store_query(store, QUERY_PERSON_FIND, params, COUNT(params),
			 deliver_entry, pass, err);
	if (rc == AR_OK)
		rc = store_query(store, QUERY_PERSON_ACCOUNTS, params,
				 COUNT(params), deliver_account, pass, err);
	if (rc == AR_OK && pass->entries == 0 && pass->accounts == 0)
		rc = ar_error_set(err, AR_ERR_NOINPUT,
				  "no person or account '%s' in snapshot %lld",
				  who, snapshot_id);
	return rc;
}

enum ar_rc review_person(struct store *store, long long requested,
			 const char *who, const struct person_view *view,
			 long long *snapshot_id, struct ar_error *err)
{
	struct person_pass pass = { view, 0, 0 };
	enum ar_rc rc = store_begin_read(store, err);

	if (rc == AR_OK)
		rc = review_choose_snapshot(store, requested, snapshot_id,
					    err);
	if (rc == AR_OK)
		rc = list_person(store, *snapshot_id, who, &pass, err);
	store_end_read(store);
	return rc;
}
