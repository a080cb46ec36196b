/* exceptions.c -- the exception register, judged at a given time */
/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "accessreview/exceptions.h"
#include "accessreview/store.h"
#include "accessreview/campaign.h"

#define SECONDS_PER_DAY 86400

struct walk {
	time_t today;
	long expiring_days;
	exception_fn fn;
	void *context;
};

const char *exception_state_name(enum exception_state state)
{
	static const char *const names[] = { "active", "expiring", "expired",
					     "replaced" };

	return (unsigned)state < sizeof(names) / sizeof(names[0])
		       ? names[state]
		       : "?";
}

static enum ar_rc deliver(void *context, const struct store_row *row,
			  struct ar_error *err)
{
	struct walk *walk = context;
	int grant = strcmp(store_row_text(row, "kind"), "grant") == 0;
	struct exception_entry entry = {
		store_row_int(row, "item_id", 0),
		store_row_int(row, "campaign_id", 0),
		store_row_text(row, "period"),
		store_row_text(row, "system"),
		store_row_text(row, "kind"),
		store_row_text(row, "account"),
		store_row_text(row, "person"),
		grant ? store_row_text(row, "entitlement") : NULL,
		store_row_text(row, "reviewer"),
		store_row_text(row, "decided_by"),
		store_row_text(row, "justification"),
		store_row_text(row, "granted_at"),
		store_row_text(row, "expires"),
		0, EXCEPTION_ACTIVE,
	};
	time_t expires = 0;

	/* an unreadable expiry is one that has passed: it needs a look */
	if (entry.expires == NULL ||
	    !campaign_parse_day(entry.expires, &expires))
		expires = walk->today;
	entry.days_left = (long)((expires - walk->today) / SECONDS_PER_DAY);
	if (store_row_text(row, "replaced_by") != NULL)
		entry.state = EXCEPTION_REPLACED;
	else if (entry.days_left <= 0)
		entry.state = EXCEPTION_EXPIRED;
	else if (entry.days_left <= walk->expiring_days)
		entry.state = EXCEPTION_EXPIRING;
	return walk->fn(walk->context, &entry, err);
}

enum ar_rc exceptions_each(struct store *store, time_t now,
			   long expiring_days, int all, exception_fn fn,
			   void *context, struct ar_error *err)
{
	struct store_param params[] = { STORE_INT(PARAM_ALL, all ? 1 : 0) };
	struct walk walk = { now - now % SECONDS_PER_DAY, expiring_days, fn,
			     context };
	enum ar_rc rc = store_begin_read(store, err);

	if (rc != AR_OK)
		return rc;
	rc = store_query(store, QUERY_EXCEPTIONS_REGISTER, params, 1, deliver,
			 &walk, err);
	store_end_read(store);
	return rc;
}
