/* prune.h -- retention: which snapshots go, and removing them */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_PRUNE_H
#define ACCESSREVIEW_PRUNE_H

#include <stddef.h>
#include <time.h>

#include "accessreview/error.h"
#include "accessreview/hash.h"

struct store;

/*
 * RETENTION
 *
 * A store that a weekly cron job fills grows forever; `prune` removes the
 * snapshots nobody needs any more and everything they hold (systems,
 * sources, people, accounts, entitlements, grants, findings, warnings).
 *
 * Kept, whatever the options say:
 *   - the latest snapshot (the next collect's baseline);
 *   - the snapshot of every open campaign, and of the last N closed ones
 *     (most recently closed first; N is [retention] keep-campaigns,
 *     default 8, or --keep);
 *   - with --older-than DAYS, every snapshot taken DAYS days ago or less;
 *   - the snapshot just before each one kept for the reasons above (its
 *     baseline): new-access findings say "since snapshot N", and the
 *     report's previousId, `findings --new|--resolved` and `diff` compare
 *     a snapshot with the one before it.  Keeping that one means pruning
 *     never changes what is said about a kept snapshot.
 * Everything else goes.
 *
 * A pruned snapshot keeps its row in `snapshot` with pruned_at set
 * (0007_retention.sql), so a campaign still names the snapshot it froze;
 * nothing picks it any more.  Campaign tables (items, decisions,
 * attestations, imports) and the audit log are never touched: items copy
 * what the reviewer saw, and the audit chain stays whole.  The prune
 * itself is one audit event ("prune") in its transaction: the pruned
 * snapshots, the rows removed per table, the report files removed, the
 * policy and the audit head before it.
 *
 * One write transaction (BEGIN IMMEDIATE), and the caller holds the
 * database lock as collect and run do.  Foreign keys are not enforced
 * during it (SQLite would scan every account for each person deleted:
 * account.person_id has no index); rows are deleted children first and
 * PRAGMA foreign_key_check must come back empty before the commit.
 * VACUUM, which cannot run inside a transaction, gives the space back
 * after the commit.
 */

/* Why a snapshot is kept (bits); 0 means it goes. */
enum prune_keep {
	PRUNE_KEEP_LATEST = 1 << 0,
	PRUNE_KEEP_OPEN_CAMPAIGN = 1 << 1,
	PRUNE_KEEP_CLOSED_CAMPAIGN = 1 << 2,
	PRUNE_KEEP_RECENT = 1 << 3,      /* within --older-than DAYS */
	PRUNE_KEEP_BASELINE = 1 << 4     /* the one before a kept one */
};

struct prune_snapshot {
	long long id;
	char taken_at[21];           /* ISO 8601 UTC */
	time_t taken;
	unsigned int keep;           /* enum prune_keep bits */
	long long open_campaign;     /* the newest open campaign on it */
	long long closed_campaign;   /* the newest kept closed one on it */
	long long baseline_of;       /* PRUNE_KEEP_BASELINE: of this one */
};

/* A campaign as retention sees it. */
struct prune_campaign {
	long long id;
	long long snapshot_id;
	int open;
};

struct prune_policy {
	long long keep_campaigns;    /* closed campaigns whose snapshots stay */
	long long older_than_days;   /* -1: no age limit */
	time_t now;
};

/*
 * Decide which snapshots go.  snapshots are the live ones in increasing
 * id order; campaigns the open ones in any order and the closed ones most
 * recently closed first (campaigns on already pruned snapshots are
 * allowed and count among the N).  Sets each snapshot's keep bits,
 * campaigns and baseline_of.  Pure: no store, no clock.
 */
void prune_decide(struct prune_snapshot *snapshots, size_t snapshot_count,
		  const struct prune_campaign *campaigns,
		  size_t campaign_count, const struct prune_policy *policy);

/* Why a snapshot is kept, "latest, open campaign 3, baseline of
 * snapshot 7", into out (size bytes); "" when it goes. */
void prune_describe_keep(const struct prune_snapshot *snapshot,
			 const struct prune_policy *policy, char *out,
			 size_t size);

/* The tables a snapshot's rows live in, in the order they are deleted
 * (children first), as the counts below are indexed. */
enum prune_table {
	PRUNE_GRANTS,
	PRUNE_FINDINGS,
	PRUNE_WARNINGS,
	PRUNE_SOURCES,
	PRUNE_ACCOUNTS,
	PRUNE_ENTITLEMENTS,
	PRUNE_PEOPLE,
	PRUNE_SYSTEMS,
	PRUNE_TABLE_COUNT
};

/* "grants", "findings", ...: the printed and logged name of a table. */
const char *prune_table_name(enum prune_table table);

struct prune_request {
	struct prune_policy policy;
	int dry_run;                 /* count, change nothing */
	const char *actor;           /* who runs it, for the audit log */
};

struct prune_plan {
	struct prune_snapshot *snapshots;  /* every live one, by id */
	size_t snapshot_count;
	size_t pruned;                     /* of them, how many go */
	long long rows[PRUNE_TABLE_COUNT]; /* what goes with them */
	long long bytes_before;            /* the database's size */
	long long bytes_after;             /* after VACUUM (= before on a
					    * dry run or when nothing went) */
	char head[HASH_HEX_SIZE];          /* audit head: before the prune,
					    * then after its event */
	int dry_run;
};

/*
 * The prune is three steps, so that the report files the caller removes
 * are named in the audit event (report_prune in run.h does all of them):
 *
 * prune_begin opens the write transaction, reads the live snapshots and
 * the campaigns, decides, and counts (dry run) or deletes (else) what
 * goes.  On error nothing is left open.
 *
 * prune_commit appends the audit event naming files (basenames of the
 * report files that go; may be empty), checks the foreign keys
 * (AR_ERR_INTERNAL naming the first row left pointing at a deleted one)
 * and commits; plan->head becomes the new head.  On a dry run, or when
 * nothing goes, it only ends the transaction and logs nothing.  On error
 * everything is rolled back.
 *
 * prune_abort rolls back (harmless after a commit).
 *
 * prune_vacuum, after the commit, runs VACUUM and a WAL checkpoint and
 * sets plan->bytes_after; it does nothing on a dry run or when nothing
 * went.  VACUUM needs free disk space of about the database's size.
 */
enum ar_rc prune_begin(struct store *store,
		       const struct prune_request *request,
		       struct prune_plan *plan, struct ar_error *err);
enum ar_rc prune_commit(struct store *store,
			const struct prune_request *request,
			struct prune_plan *plan, const char *const *files,
			size_t file_count, struct ar_error *err);
void prune_abort(struct store *store);
enum ar_rc prune_vacuum(struct store *store, struct prune_plan *plan,
			struct ar_error *err);
void prune_plan_release(struct prune_plan *plan);

#endif
