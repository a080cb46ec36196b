/* campaign_int.h -- what the campaign files of src/review/ share */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_CAMPAIGN_INT_H
#define ACCESSREVIEW_CAMPAIGN_INT_H

#include <time.h>

#include "accessreview/campaign.h"
#include "accessreview/hash.h"

struct store;

struct campaign_counts {
	long items;
	long grants;
	long reviewers;
	long decided;
	long undecided_privileged;
	long context;
	long fallback;               /* items routed to the fallback */
};

enum ar_rc campaign_count(struct store *store, long long campaign_id,
			  struct campaign_counts *counts,
			  struct ar_error *err);

/*
 * SHA-256 over what was assigned to one reviewer (each item's id, kind,
 * system, account, person and grant, in a stable order): logged at open,
 * so that moving an item to another reviewer afterwards does not verify.
 */
enum ar_rc campaign_assignment_digest(struct store *store,
				      long long campaign_id,
				      const char *reviewer,
				      char digest[HASH_HEX_SIZE], long *items,
				      struct ar_error *err);

void campaign_format_day(time_t when, char out[11]);
time_t campaign_midnight(time_t when);

#endif
