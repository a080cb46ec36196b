/* prune_policy.c -- retention's rule: which snapshots a prune keeps */
/* SPDX-License-Identifier: MIT */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "accessreview/prune.h"

#define DAY_SECONDS 86400LL

static struct prune_snapshot *find_snapshot(struct prune_snapshot *snapshots,
					    size_t count, long long id)
{
	size_t low = 0, high = count;

	/* sorted by id: a binary search */
	while (low < high) {
		size_t middle = low + (high - low) / 2;

		if (snapshots[middle].id == id)
			return &snapshots[middle];
		if (snapshots[middle].id < id)
			low = middle + 1;
		else
			high = middle;
	}
	return NULL;
}

static void keep_for_campaigns(struct prune_snapshot *snapshots, size_t count,
			       const struct prune_campaign *campaigns,
			       size_t campaign_count, long long keep_closed)
{
	long long closed_seen = 0;

	for (size_t i = 0; i < campaign_count; i++) {
		const struct prune_campaign *campaign = &campaigns[i];
		struct prune_snapshot *snapshot;
		int kept_closed = 0;

		if (!campaign->open)
			kept_closed = closed_seen++ < keep_closed;
		snapshot = find_snapshot(snapshots, count,
					 campaign->snapshot_id);
		if (snapshot == NULL)
			continue;
		if (campaign->open) {
			snapshot->keep |= PRUNE_KEEP_OPEN_CAMPAIGN;
			if (campaign->id > snapshot->open_campaign)
				snapshot->open_campaign = campaign->id;
		} else if (kept_closed) {
			snapshot->keep |= PRUNE_KEEP_CLOSED_CAMPAIGN;
			if (campaign->id > snapshot->closed_campaign)
				snapshot->closed_campaign = campaign->id;
		}
	}
}

/* Within the age limit: taken DAYS days ago or less (or in the future,
 * a clock set back).  Older than DAYS days is what may go. */
static int is_recent(const struct prune_snapshot *snapshot,
		     const struct prune_policy *policy)
{
	if (policy->older_than_days < 0)
		return 0;
	/* more days than seconds fit in: everything is recent */
	if (policy->older_than_days >= LLONG_MAX / DAY_SECONDS)
		return 1;
	return (long long)(policy->now - snapshot->taken) <=
	       policy->older_than_days * DAY_SECONDS;
}

void prune_decide(struct prune_snapshot *snapshots, size_t snapshot_count,
		  const struct prune_campaign *campaigns,
		  size_t campaign_count, const struct prune_policy *policy)
{
	for (size_t i = 0; i < snapshot_count; i++) {
		snapshots[i].keep = 0;
		snapshots[i].open_campaign = 0;
		snapshots[i].closed_campaign = 0;
		snapshots[i].baseline_of = 0;
		if (is_recent(&snapshots[i], policy))
			snapshots[i].keep |= PRUNE_KEEP_RECENT;
	}
	if (snapshot_count == 0)
		return;
	snapshots[snapshot_count - 1].keep |= PRUNE_KEEP_LATEST;
	keep_for_campaigns(snapshots, snapshot_count, campaigns,
			   campaign_count, policy->keep_campaigns);
	/* the one before each kept for its own sake, not before those kept
	 * only as a baseline: the bit is masked, so the order is free */
	for (size_t i = 1; i < snapshot_count; i++) {
		if ((snapshots[i].keep & ~(unsigned int)PRUNE_KEEP_BASELINE) ==
		    0)
			continue;
		snapshots[i - 1].keep |= PRUNE_KEEP_BASELINE;
		snapshots[i - 1].baseline_of = snapshots[i].id;
	}
}

static void add_reason(char *out, size_t size, size_t *used,
		       const char *text)
{
	int written;

	if (*used >= size)
		return;
	written = snprintf(out + *used, size - *used, "%s%s",
			   *used > 0 ? ", " : "", text);
	if (written > 0)
		*used += (size_t)written;
}

void prune_describe_keep(const struct prune_snapshot *snapshot,
			 const struct prune_policy *policy, char *out,
			 size_t size)
{
	char reason[64];
	size_t used = 0;

	if (size == 0)
		return;
	out[0] = '\0';
	if (snapshot->keep & PRUNE_KEEP_LATEST)
		add_reason(out, size, &used, "latest");
	if (snapshot->keep & PRUNE_KEEP_OPEN_CAMPAIGN) {
		snprintf(reason, sizeof(reason), "open campaign %lld",
			 snapshot->open_campaign);
		add_reason(out, size, &used, reason);
	}
	if (snapshot->keep & PRUNE_KEEP_CLOSED_CAMPAIGN) {
		snprintf(reason, sizeof(reason), "closed campaign %lld",
			 snapshot->closed_campaign);
		add_reason(out, size, &used, reason);
	}
	if (snapshot->keep & PRUNE_KEEP_RECENT) {
		snprintf(reason, sizeof(reason), "taken within %lld days",
			 policy->older_than_days);
		add_reason(out, size, &used, reason);
	}
	if (snapshot->keep & PRUNE_KEEP_BASELINE) {
		snprintf(reason, sizeof(reason), "baseline of snapshot %lld",
			 snapshot->baseline_of);
		add_reason(out, size, &used, reason);
	}
}
