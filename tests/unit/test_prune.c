/* test_prune.c -- unit tests of retention: the rule, and a prune's rows */
/* SPDX-License-Identifier: MIT */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "accessreview/audit.h"
#include "accessreview/prune.h"
#include "accessreview/review.h"
#include "accessreview/store.h"
#include "support/test_sql.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))
#define DAY 86400
#define NOW 1795132800 /* 2026-11-20T00:00:00Z */

/* ---- the rule (prune_decide) ---- */

/* count snapshots, one a week back from NOW: ids 1..count, oldest first */
static void weekly(struct prune_snapshot *snapshots, size_t count)
{
	memset(snapshots, 0, count * sizeof(*snapshots));
	for (size_t i = 0; i < count; i++) {
		snapshots[i].id = (long long)i + 1;
		snapshots[i].taken = NOW - (time_t)(count - 1 - i) * 7 * DAY;
	}
}

static unsigned int kept(const struct prune_snapshot *snapshots, size_t count)
{
	unsigned int bits = 0;

	/* ids as bits: snapshot 3 kept sets 1 << 3 */
	for (size_t i = 0; i < count; i++)
		if (snapshots[i].keep != 0)
			bits |= 1u << snapshots[i].id;
	return bits;
}

static void test_latest_and_its_baseline_stay(void **state)
{
	struct prune_snapshot snapshots[5];
	struct prune_policy policy = { 8, -1, NOW };

	(void)state;
	weekly(snapshots, COUNT(snapshots));
	prune_decide(snapshots, COUNT(snapshots), NULL, 0, &policy);
	assert_int_equal(kept(snapshots, 5), 1u << 5 | 1u << 4);
	assert_int_equal(snapshots[4].keep, PRUNE_KEEP_LATEST);
	assert_int_equal(snapshots[3].keep, PRUNE_KEEP_BASELINE);
	assert_int_equal(snapshots[3].baseline_of, 5);
}

static void test_last_n_closed_campaigns_stay(void **state)
{
	struct prune_snapshot snapshots[10];
	/* open first, then closed most recently closed first: campaign 4
	 * (on 8), 3 (on 6), 2 (on 4), 1 (on 2) */
	const struct prune_campaign campaigns[] = {
		{ 5, 9, 1 }, { 4, 8, 0 }, { 3, 6, 0 }, { 2, 4, 0 }, { 1, 2, 0 },
	};
	struct prune_policy policy = { 2, -1, NOW };

	(void)state;
	weekly(snapshots, COUNT(snapshots));
	prune_decide(snapshots, COUNT(snapshots), campaigns, COUNT(campaigns),
		     &policy);
	/* latest 10, open 9 (both baselines of the next), closed 8 and 6,
	 * 5 the baseline of 6; 4 and 2 are campaigns past the last two */
	assert_int_equal(kept(snapshots, 10), 1u << 10 | 1u << 9 | 1u << 8 |
						      1u << 7 | 1u << 6 |
						      1u << 5);
	assert_int_equal(snapshots[8].keep,
			 PRUNE_KEEP_OPEN_CAMPAIGN | PRUNE_KEEP_BASELINE);
	assert_int_equal(snapshots[8].open_campaign, 5);
	assert_int_equal(snapshots[5].closed_campaign, 3);
	assert_int_equal(snapshots[3].keep, 0);
}

static void test_keep_zero_keeps_only_open_campaigns(void **state)
{
	struct prune_snapshot snapshots[6];
	const struct prune_campaign campaigns[] = {
		{ 3, 2, 1 }, { 2, 4, 0 }, { 1, 3, 0 },
	};
	struct prune_policy policy = { 0, -1, NOW };

	(void)state;
	weekly(snapshots, COUNT(snapshots));
	prune_decide(snapshots, COUNT(snapshots), campaigns, COUNT(campaigns),
		     &policy);
	assert_int_equal(kept(snapshots, 6),
			 1u << 6 | 1u << 5 | 1u << 2 | 1u << 1);
}

/* A campaign whose snapshot is already gone still counts among the N:
 * "the last N closed campaigns" does not reach further back. */
static void test_campaign_on_pruned_snapshot_counts(void **state)
{
	struct prune_snapshot snapshots[4];
	const struct prune_campaign campaigns[] = {
		{ 2, 99, 0 }, { 1, 1, 0 },
	};
	struct prune_policy policy = { 1, -1, NOW };

	(void)state;
	weekly(snapshots, COUNT(snapshots));
	prune_decide(snapshots, COUNT(snapshots), campaigns, COUNT(campaigns),
		     &policy);
	assert_int_equal(kept(snapshots, 4), 1u << 4 | 1u << 3);
}

/* Baselines do not chain: the one before a baseline goes. */
static void test_baselines_do_not_chain(void **state)
{
	struct prune_snapshot snapshots[4];
	struct prune_policy policy = { 8, -1, NOW };

	(void)state;
	weekly(snapshots, COUNT(snapshots));
	prune_decide(snapshots, COUNT(snapshots), NULL, 0, &policy);
	assert_int_equal(snapshots[1].keep, 0);
}

/* --older-than 14: snapshots of 0, 7 and 14 days ago stay, with the one
 * of 21 days ago as the oldest one's baseline; exactly DAYS days old is
 * not older than DAYS. */
static void test_older_than_keeps_the_recent_ones(void **state)
{
	struct prune_snapshot snapshots[6];
	struct prune_policy policy = { 8, 14, NOW };

	(void)state;
	weekly(snapshots, COUNT(snapshots));
	prune_decide(snapshots, COUNT(snapshots), NULL, 0, &policy);
	assert_int_equal(kept(snapshots, 6),
			 1u << 6 | 1u << 5 | 1u << 4 | 1u << 3);
	assert_int_equal(snapshots[3].keep,
			 PRUNE_KEEP_RECENT | PRUNE_KEEP_BASELINE);
	assert_int_equal(snapshots[2].keep, PRUNE_KEEP_BASELINE);
	assert_int_equal(snapshots[2].baseline_of, 4);
	policy.older_than_days = 0;
	prune_decide(snapshots, COUNT(snapshots), NULL, 0, &policy);
	assert_int_equal(kept(snapshots, 6), 1u << 6 | 1u << 5);
	/* no overflow: as many days as --older-than takes keeps all */
	policy.older_than_days = LLONG_MAX;
	prune_decide(snapshots, COUNT(snapshots), NULL, 0, &policy);
	assert_int_equal(kept(snapshots, 6), 0x7eu);
}

static void test_nothing_to_decide(void **state)
{
	struct prune_policy policy = { 8, -1, NOW };

	(void)state;
	prune_decide(NULL, 0, NULL, 0, &policy);
}

static void test_reasons_are_described(void **state)
{
	struct prune_snapshot snapshot = { 0 };
	struct prune_policy policy = { 8, 30, NOW };
	char why[256];

	(void)state;
	snapshot.keep = PRUNE_KEEP_LATEST | PRUNE_KEEP_OPEN_CAMPAIGN |
			PRUNE_KEEP_CLOSED_CAMPAIGN | PRUNE_KEEP_RECENT |
			PRUNE_KEEP_BASELINE;
	snapshot.open_campaign = 4;
	snapshot.closed_campaign = 3;
	snapshot.baseline_of = 9;
	prune_describe_keep(&snapshot, &policy, why, sizeof(why));
	assert_string_equal(why, "latest, open campaign 4, closed campaign 3, "
				 "taken within 30 days, baseline of "
				 "snapshot 9");
	snapshot.keep = 0;
	prune_describe_keep(&snapshot, &policy, why, sizeof(why));
	assert_string_equal(why, "");
	prune_describe_keep(&snapshot, &policy, why, 8);
}

/* ---- a prune on a store ---- */

struct fixture {
	struct store *store;
};

static int setup(void **state)
{
	static struct fixture fixture;
	struct ar_error err = AR_ERROR_INIT;
	int version;

	memset(&fixture, 0, sizeof(fixture));
	assert_int_equal(store_open(":memory:", STORE_CREATE, &fixture.store,
				    &err),
			 AR_OK);
	assert_int_equal(store_migrate(fixture.store, &version, &err), AR_OK);
	*state = &fixture;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fixture = *state;

	store_close(fixture->store);
	return 0;
}

/* One snapshot with a row in every table a snapshot owns. */
static void snapshot(struct store *store, int day)
{
	struct ar_error err = AR_ERROR_INIT;
	struct store_system system = { "github", "source_control", "o", 1,
				       "email" };
	struct store_source source = { 0, "accounts", "scim", NULL, "x.json",
				       NULL, 10, 2, -1, NULL,
				       "2026-11-01T00:00:00Z" };
	struct person_record person = { "amara", "amara", "amara@example.com",
					"Amara", NULL, NULL, 0, MFA_UNKNOWN,
					0 };
	struct account_record amara = { "amara", "amara", "amara@example.com",
					 "Amara", NULL, 1, MFA_ENABLED, 0, 0 };
	struct account_record orphan = { "ghost", "ghost", NULL, NULL, NULL,
					  1, MFA_DISABLED, 0, 0 };
	struct group_record owners = { "Owners", "Owners", 1, 1 };
	struct review_options options = { 0, 0, NOW, 90 };
	char taken_at[32];
	long long snapshot_id, system_id, previous;

	snprintf(taken_at, sizeof(taken_at), "2026-11-%02dT00:00:00Z", day);
	assert_int_equal(store_begin_snapshot(store, taken_at, &snapshot_id,
					      &err),
			 AR_OK);
	assert_int_equal(store_add_system(store, &system, &system_id, &err),
			 AR_OK);
	source.system_id = system_id;
	assert_int_equal(store_add_source(store, &source, &err), AR_OK);
	assert_int_equal(store_add_person(store, &person, &err), AR_OK);
	assert_int_equal(store_add_account(store, system_id, &amara, NULL,
					   &err),
			 AR_OK);
	assert_int_equal(store_add_account(store, system_id, &orphan, NULL,
					   &err),
			 AR_OK);
	assert_int_equal(store_add_group(store, system_id, &owners, 1, &err),
			 AR_OK);
	assert_int_equal(store_add_member(store, system_id, "Owners", "amara",
					  MEMBER_ACCOUNT, &err),
			 AR_OK);
	assert_int_equal(store_add_warning(store, system_id, "a warning",
					   &err),
			 AR_OK);
	assert_int_equal(store_resolve_memberships(store, system_id, &err),
			 AR_OK);
	assert_int_equal(review_correlate(store, snapshot_id, &err), AR_OK);
	assert_int_equal(store_previous_snapshot(store, snapshot_id, &previous,
						 &err),
			 AR_OK);
	options.snapshot_id = snapshot_id;
	options.previous_snapshot_id = previous;
	assert_int_equal(review_compute_findings(store, &options, &err),
			 AR_OK);
	assert_int_equal(store_commit_snapshot(store, &err), AR_OK);
}

/* A closed campaign on snapshot_id, with the 'open' row audit verify
 * wants; its items are not needed here. */
static void closed_campaign(struct store *store, long long snapshot_id)
{
	struct ar_error err = AR_ERROR_INIT;
	struct audit_event open = { "2026-11-02T00:00:00Z", 1, "open", "test",
				    0, "{}" };

	test_sql_int(store,
		     "INSERT INTO campaign (id, kind, period, snapshot_id, "
		     "opened_at, opened_by, due, state, closed_at) VALUES "
		     "(1, 'period', '2026-Q4', ?1, '2026-11-02T00:00:00Z', "
		     "'test', '2026-12-31', 'closed', '2026-11-03T00:00:00Z')",
		     snapshot_id, NULL);
	assert_int_equal(audit_append(store, &open, &err), AR_OK);
}

/* Rows of the tables with a snapshot_id column (every one a future
 * migration adds too), for one snapshot; the campaign's is not its. */
static long long rows_of(struct store *store, long long snapshot_id)
{
	static const char *const tables[] = {
		"system", "source", "person", "account", "entitlement",
		"access_grant", "finding", "warning",
	};
	char sql[128];
	long long total = 0;

	assert_int_equal(test_sql_int(store,
				      "SELECT count(*) FROM sqlite_master m "
				      "JOIN pragma_table_info(m.name) c "
				      "WHERE m.type = 'table' AND c.name = "
				      "'snapshot_id' AND m.name NOT IN "
				      "('campaign')",
				      0, NULL),
			 (long long)COUNT(tables));
	for (size_t i = 0; i < COUNT(tables); i++) {
		long long rows;

		snprintf(sql, sizeof(sql),
			 "SELECT count(*) FROM %s WHERE snapshot_id = ?1",
			 tables[i]);
		rows = test_sql_int(store, sql, snapshot_id, NULL);
		/* every table has a row of every snapshot */
		if (rows == 0)
			return -(long long)i - 1;
		total += rows;
	}
	return total;
}

static void six_snapshots(struct store *store)
{
	for (int day = 1; day <= 6; day++)
		snapshot(store, day);
	closed_campaign(store, 2);
}

static void run_prune(struct store *store, int dry_run,
		      struct prune_plan *plan)
{
	struct ar_error err = AR_ERROR_INIT;
	struct prune_request request = { { 8, -1, NOW }, dry_run, "test" };

	assert_int_equal(prune_begin(store, &request, plan, &err), AR_OK);
	assert_int_equal(prune_commit(store, &request, plan, NULL, 0, &err),
			 AR_OK);
	assert_int_equal(prune_vacuum(store, plan, &err), AR_OK);
}

static long long sum(const long long rows[PRUNE_TABLE_COUNT])
{
	long long total = 0;

	for (int i = 0; i < PRUNE_TABLE_COUNT; i++)
		total += rows[i];
	return total;
}

static void test_prune_removes_every_row_of_what_goes(void **state)
{
	struct fixture *f = *state;
	struct ar_error err = AR_ERROR_INIT, verify_err = AR_ERROR_INIT;
	struct prune_plan plan;
	struct audit_verification verified;
	long long before[7], latest = 0, previous = 0;

	six_snapshots(f->store);
	for (int id = 1; id <= 6; id++)
		before[id] = rows_of(f->store, id);
	assert_true(before[3] > 0);
	run_prune(f->store, 0, &plan);
	/* kept: 6 latest, 5 its baseline, 2 the campaign's, 1 its baseline */
	assert_int_equal(plan.pruned, 2);
	assert_int_equal(sum(plan.rows), before[3] + before[4]);
	assert_int_equal(plan.rows[PRUNE_SYSTEMS], 2);
	assert_int_equal(plan.rows[PRUNE_WARNINGS], 2);
	for (int id = 1; id <= 6; id++)
		assert_int_equal(rows_of(f->store, id),
				 id == 3 || id == 4 ? -1 : before[id]);
	assert_int_equal(test_sql_int(f->store,
				      "SELECT count(*) FROM snapshot WHERE "
				      "pruned_at IS NOT NULL",
				      0, NULL),
			 2);
	assert_int_equal(test_sql_int(f->store, "PRAGMA foreign_keys", 0,
				      NULL),
			 1);
	assert_int_equal(test_sql_int(f->store, "SELECT count(*) FROM "
						"pragma_foreign_key_check",
				      0, NULL),
			 0);
	/* the previous of 5 is now 2; pruned ones are never picked */
	assert_int_equal(store_previous_snapshot(f->store, 5, &previous, &err),
			 AR_OK);
	assert_int_equal(previous, 2);
	assert_int_equal(store_latest_snapshot(f->store, &latest, &err), AR_OK);
	assert_int_equal(latest, 6);
	assert_int_equal(review_choose_snapshot(f->store, 3, &latest, &err),
			 AR_ERR_NOINPUT);
	assert_string_equal(err.message, "snapshot 3 was pruned on "
					 "2026-11-20T00:00:00Z (accessreview "
					 "prune)");
	/* the prune is the log's second row, and the chain verifies */
	assert_int_equal(audit_verify(f->store, &verified, &verify_err), AR_OK);
	assert_int_equal(verified.rows, 2);
	assert_string_equal(plan.head, verified.head);
	assert_int_equal(test_sql_int(f->store,
				      "SELECT json_extract(detail, '$.first') "
				      "* 10 + json_extract(detail, '$.last') "
				      "FROM audit_log WHERE event = 'prune'",
				      0, NULL),
			 34);
	prune_plan_release(&plan);
}

static void test_dry_run_counts_what_a_prune_removes(void **state)
{
	struct fixture *f = *state;
	struct prune_plan dry, real;
	long long total = 0;

	six_snapshots(f->store);
	for (int id = 1; id <= 6; id++)
		total += rows_of(f->store, id);
	run_prune(f->store, 1, &dry);
	assert_int_equal(dry.pruned, 2);
	assert_int_equal(dry.bytes_after, dry.bytes_before);
	for (int id = 1; id <= 6; id++)
		total -= rows_of(f->store, id);
	assert_int_equal(total, 0);
	assert_int_equal(test_sql_int(f->store, "SELECT count(*) FROM "
						"audit_log",
				      0, NULL),
			 1);
	run_prune(f->store, 0, &real);
	assert_memory_equal(dry.rows, real.rows, sizeof(dry.rows));
	prune_plan_release(&dry);
	prune_plan_release(&real);
}

/* A row of a kept snapshot pointing into a pruned one (no collect makes
 * one): the foreign key check finds it before the commit, and nothing
 * is pruned. */
static void test_dangling_row_stops_the_prune(void **state)
{
	struct fixture *f = *state;
	struct ar_error err = AR_ERROR_INIT;
	struct prune_request request = { { 8, -1, NOW }, 0, "test" };
	struct prune_plan plan;
	long long total = 0;

	six_snapshots(f->store);
	test_sql_int(f->store,
		     "INSERT INTO warning (snapshot_id, system_id, message) "
		     "SELECT 6, id, 'odd' FROM system WHERE snapshot_id = ?1",
		     3, NULL);
	for (int id = 1; id <= 6; id++)
		total += rows_of(f->store, id);
	assert_int_equal(prune_begin(f->store, &request, &plan, &err), AR_OK);
	assert_int_equal(plan.pruned, 2);
	assert_int_equal(prune_commit(f->store, &request, &plan, NULL, 0,
				      &err),
			 AR_ERR_INTERNAL);
	assert_non_null(strstr(err.message, "prune: warning row "));
	assert_non_null(strstr(err.message, " would point at a deleted "
					    "system row; nothing was pruned"));
	for (int id = 1; id <= 6; id++)
		total -= rows_of(f->store, id);
	assert_int_equal(total, 0);
	assert_int_equal(test_sql_int(f->store, "SELECT count(*) FROM "
						"snapshot WHERE pruned_at IS "
						"NOT NULL",
				      0, NULL),
			 0);
	assert_int_equal(test_sql_int(f->store, "PRAGMA foreign_keys", 0,
				      NULL),
			 1);
	prune_plan_release(&plan);
}

/* Nothing to prune: no event, no VACUUM. */
static void test_nothing_to_prune_logs_nothing(void **state)
{
	struct fixture *f = *state;
	struct prune_plan plan;

	snapshot(f->store, 1);
	snapshot(f->store, 2);
	run_prune(f->store, 0, &plan);
	assert_int_equal(plan.pruned, 0);
	assert_int_equal(plan.snapshot_count, 2);
	assert_int_equal(test_sql_int(f->store, "SELECT count(*) FROM "
						"audit_log",
				      0, NULL),
			 0);
	prune_plan_release(&plan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_latest_and_its_baseline_stay),
		cmocka_unit_test(test_last_n_closed_campaigns_stay),
		cmocka_unit_test(test_keep_zero_keeps_only_open_campaigns),
		cmocka_unit_test(test_campaign_on_pruned_snapshot_counts),
		cmocka_unit_test(test_baselines_do_not_chain),
		cmocka_unit_test(test_older_than_keeps_the_recent_ones),
		cmocka_unit_test(test_nothing_to_decide),
		cmocka_unit_test(test_reasons_are_described),
		cmocka_unit_test_setup_teardown(
			test_prune_removes_every_row_of_what_goes, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_dry_run_counts_what_a_prune_removes, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_dangling_row_stops_the_prune, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_nothing_to_prune_logs_nothing, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
