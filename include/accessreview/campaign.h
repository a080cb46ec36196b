/* campaign.h -- review campaigns: open, status, close */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_CAMPAIGN_H
#define ACCESSREVIEW_CAMPAIGN_H

#include <stddef.h>
#include <time.h>

#include "accessreview/collect.h"
#include "accessreview/error.h"
#include "accessreview/hash.h"

struct store;

/*
 * CAMPAIGNS
 *
 * A campaign freezes one snapshot into review items: one per active
 * account of each system in scope (its entitlements and findings listed)
 * and one per privileged grant.  Inactive accounts are context, not
 * items.  Each item has one reviewer: the system's owner, or with
 * `reviewer = manager` the person's manager; nobody reviews their own
 * account, which goes to the fallback reviewer.  Every step is one write
 * transaction and appends to the audit log (audit.h).
 */

/* How reviewers are chosen (from the configuration). */
struct campaign_settings {
	const struct collect_plan *plan;  /* systems: reviewer, delegates */
	const char *fallback_reviewer;    /* NULL when unset */
};

struct campaign_request {
	const char *period;          /* "2026-Q4"; NULL for an event */
	const char *reason;          /* an event campaign's reason */
	char *const *systems;        /* scope; none = every system */
	size_t system_count;
	const char *due;             /* YYYY-MM-DD; NULL for the default */
	long long snapshot_id;       /* 0 = the latest */
	int reopen;                  /* the period's campaign is closed */
	time_t now;
	const char *actor;           /* who runs it (a login) */
};

/* Default time to the due date, from the day a campaign opens. */
#define CAMPAIGN_PERIOD_DAYS 30
#define CAMPAIGN_EVENT_DAYS 14

struct campaign_opened {
	long long campaign_id;
	long long snapshot_id;
	long items;
	long grants;                 /* of the items, privileged grants */
	long reviewers;
	long context;                /* inactive accounts listed */
	long fallback;               /* items routed to the fallback */
	char due[11];
};

/*
 * Open a campaign.  AR_ERR_DATA when the period already has a campaign
 * (open, or closed without reopen); AR_ERR_USAGE for a malformed period,
 * due date or unknown system; AR_ERR_CONFIG naming the items nobody may
 * review (no owner, or an own account and no fallback reviewer).
 */
enum ar_rc campaign_open(struct store *store,
			 const struct campaign_settings *settings,
			 const struct campaign_request *request,
			 struct campaign_opened *opened, struct ar_error *err);

/* "2026-Q4": four digits, "-Q", 1 to 4. */
int campaign_period_is_valid(const char *period);
/* YYYY-MM-DD, a real day: its midnight UTC in *day. */
int campaign_parse_day(const char *text, time_t *day);

/* The campaign to use: requested, or the latest when requested is 0;
 * AR_ERR_NOINPUT when there is none. */
enum ar_rc campaign_find(struct store *store, long long requested,
			 long long *campaign_id, struct ar_error *err);

struct campaign_reviewer {
	char *reviewer;
	char *roles;                 /* "owner", "fallback,owner", ... */
	long items;
	long decided;
	long undecided_privileged;
	char *reminded_at;           /* the last reminder; NULL for none */
};

struct campaign_status {
	long long id;
	long long snapshot_id;
	char *kind;                  /* period, event */
	char *period;                /* NULL for an event */
	char *reason;                /* NULL for a period */
	char *state;                 /* open, closed */
	char *opened_at;
	char *opened_by;
	char *due;
	char *closed_at;
	int forced;
	long items;
	long decided;
	long undecided_privileged;
	long context;
	long days_to_due;            /* negative once overdue */
	struct campaign_reviewer *reviewers;
	size_t reviewer_count;
};

/* The campaign's status (id 0 = the latest campaign); AR_ERR_NOINPUT
 * when there is none. */
enum ar_rc campaign_status(struct store *store, long long campaign_id,
			   time_t now, struct campaign_status *status,
			   struct ar_error *err);
void campaign_status_release(struct campaign_status *status);
/* Open, past due, and not everything decided. */
int campaign_reviewer_is_overdue(const struct campaign_status *status,
				 const struct campaign_reviewer *reviewer);

/*
 * Reminding is three steps like closing, so that each reminder's audit
 * row commits with the reminders (reminders.h does all three):
 * campaign_remind_begin opens the write transaction and loads the
 * campaign's status, refusing a closed campaign (AR_ERR_DATA); then one
 * campaign_log_reminder per reminder delivered ('remind': the reviewer,
 * the undecided counts, how it went); then commit or abort.  The
 * reviewers to remind are those with undecided items.
 */
struct campaign_reminder {
	const char *reviewer;
	long undecided;
	long undecided_privileged;
	const char *delivery;        /* "file" or "sendmail" */
	const char *file;            /* the message's file name, or NULL */
	const char *message_id;      /* without the angle brackets */
	time_t now;
	const char *actor;
};

enum ar_rc campaign_remind_begin(struct store *store, long long campaign_id,
				 time_t now, struct campaign_status *status,
				 struct ar_error *err);
enum ar_rc campaign_log_reminder(struct store *store,
				 const struct campaign_status *status,
				 const struct campaign_reminder *reminder,
				 struct ar_error *err);
enum ar_rc campaign_remind_commit(struct store *store, struct ar_error *err);
void campaign_remind_abort(struct store *store);
/* Items the reviewer has not decided yet. */
long campaign_reviewer_undecided(const struct campaign_reviewer *reviewer);

struct campaign_close_request {
	long long campaign_id;
	int force;                   /* close with undecided items */
	const char *reason;          /* required with force */
	time_t now;
	const char *actor;
};

struct campaign_revocation {
	long long item_id;
	const char *system;
	const char *account;
	const char *account_id;
	const char *person;          /* NULL for an orphan account */
	const char *person_name;
	const char *kind;            /* account, grant */
	const char *entitlement;     /* the grant; NULL for an account */
	const char *reviewer;
	const char *decided_by;
	const char *decided_at;
	const char *comment;
};

typedef enum ar_rc (*campaign_revocation_fn)(
	void *context, const struct campaign_revocation *revocation,
	struct ar_error *err);

/*
 * Closing is three steps, so that the revocation list is written while
 * the close is still uncommitted (revocations.h does all three):
 * campaign_close_begin opens the write transaction, refuses undecided
 * items unless forced (AR_ERR_DATA naming them), marks the campaign
 * closed and logs it; then campaign_each_revocation; then commit or
 * abort.
 */
enum ar_rc campaign_close_begin(struct store *store,
				const struct campaign_close_request *request,
				long *undecided, struct ar_error *err);
enum ar_rc campaign_each_revocation(struct store *store, long long campaign_id,
				    campaign_revocation_fn fn, void *context,
				    struct ar_error *err);
enum ar_rc campaign_close_commit(struct store *store,
				 char head[HASH_HEX_SIZE], struct ar_error *err);
void campaign_close_abort(struct store *store);

#endif
