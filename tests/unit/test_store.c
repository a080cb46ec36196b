/* test_store.c -- unit tests of the SQLite store and membership resolution */
/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "accessreview/store.h"
#include "store/queries_int.h"
#include "store/store_int.h"
#include "support/test_sql.h"

static int open_store(void **state)
{
	struct ar_error err = AR_ERROR_INIT;
	struct store *store = NULL;
	int version = 0;

	assert_int_equal(store_open(":memory:", STORE_CREATE, &store, &err),
			 AR_OK);
	assert_int_equal(store_migrate(store, &version, &err), AR_OK);
	assert_true(version >= 2);
	*state = store;
	return 0;
}

static int close_store(void **state)
{
	store_close(*state);
	return 0;
}

static long long count(struct store *store, const char *sql,
		       long long snapshot)
{
	return test_sql_int(store, sql, snapshot, NULL);
}

#define GRANTS "SELECT count(*) FROM access_grant WHERE snapshot_id = ?1"
#define GRANTS_VIA GRANTS " AND via IS NOT NULL"
#define WARNINGS "SELECT count(*) FROM warning WHERE snapshot_id = ?1"
#define ACCOUNTS "SELECT count(*) FROM account WHERE snapshot_id = ?1"

static void add_account(struct store *store, long long system_id,
			const char *id, const char *login)
{
	struct ar_error err = AR_ERROR_INIT;
	struct account_record account = { 0 };

	account.id = id;
	account.login = login;
	account.active = 1;
	assert_int_equal(store_add_account(store, system_id, &account, NULL,
					   &err),
			 AR_OK);
}

static void add_group(struct store *store, long long system_id,
		      const char *key, int privileged)
{
	struct ar_error err = AR_ERROR_INIT;
	struct group_record group = { key, key, 0, 1 };

	assert_int_equal(store_add_group(store, system_id, &group, privileged,
					 &err),
			 AR_OK);
}

static void add_member(struct store *store, long long system_id,
		       const char *group, const char *ref,
		       enum member_type type)
{
	struct ar_error err = AR_ERROR_INIT;

	assert_int_equal(store_add_member(store, system_id, group, ref, type,
					  &err),
			 AR_OK);
}

static long long begin_with_system(struct store *store, long long *system_id)
{
	struct ar_error err = AR_ERROR_INIT;
	struct store_system system = { "deploy", "deployment", "owner@x", 1,
				       "uid" };
	long long snapshot = 0;

	assert_int_equal(store_begin_snapshot(store, "2026-11-20T00:00:00Z",
					      &snapshot, &err),
			 AR_OK);
	assert_int_equal(store_add_system(store, &system, system_id, &err),
			 AR_OK);
	return snapshot;
}

static void test_nested_groups_and_loops(void **state)
{
	struct store *store = *state;
	struct ar_error err = AR_ERROR_INIT;
	long long system_id = 0;
	long long snapshot = begin_with_system(store, &system_id);

	add_account(store, system_id, "uid=alice", "alice");
	add_account(store, system_id, "uid=bob", "bob");
	add_group(store, system_id, "platform", 0);
	add_group(store, system_id, "sre", 0);
	add_group(store, system_id, "deployers", 1);
	add_group(store, system_id, "release", 0);
	/* platform > sre; deployers <-> release loop */
	add_member(store, system_id, "platform", "sre", MEMBER_GROUP);
	add_member(store, system_id, "sre", "ALICE", MEMBER_ACCOUNT);
	add_member(store, system_id, "deployers", "release", MEMBER_GROUP);
	add_member(store, system_id, "release", "deployers", MEMBER_GROUP);
	add_member(store, system_id, "release", "uid=bob", MEMBER_ACCOUNT);
	add_member(store, system_id, "release", "ghost", MEMBER_ACCOUNT);
	assert_int_equal(store_resolve_memberships(store, system_id, &err),
			 AR_OK);
	assert_int_equal(store_commit_snapshot(store, &err), AR_OK);
	/* alice: sre direct + platform via sre; bob: release + deployers */
	assert_int_equal(count(store, GRANTS, snapshot), 4);
	assert_int_equal(count(store, GRANTS_VIA, snapshot), 2);
	/* two groups in the loop, one dangling member */
	assert_int_equal(count(store, WARNINGS, snapshot), 3);
}

static void test_rollback_leaves_previous_snapshot(void **state)
{
	struct store *store = *state;
	struct ar_error err = AR_ERROR_INIT;
	long long system_id = 0, latest = 0, first, second;

	first = begin_with_system(store, &system_id);
	add_account(store, system_id, "a", "a");
	assert_int_equal(store_commit_snapshot(store, &err), AR_OK);
	second = begin_with_system(store, &system_id);
	add_account(store, system_id, "b", "b");
	store_rollback_snapshot(store);
	assert_int_equal(store_latest_snapshot(store, &latest, &err), AR_OK);
	assert_int_equal(latest, first);
	assert_int_equal(count(store, "SELECT count(*) FROM snapshot WHERE id = ?1",
			       second), 0);
	assert_int_equal(count(store, ACCOUNTS, first), 1);
}

static void test_duplicate_account_ids_are_skipped(void **state)
{
	struct store *store = *state;
	struct ar_error err = AR_ERROR_INIT;
	struct account_record account = { 0 };
	long long system_id = 0;
	long long snapshot = begin_with_system(store, &system_id);
	int added = -1;

	account.id = "same";
	assert_int_equal(store_add_account(store, system_id, &account, &added,
					   &err),
			 AR_OK);
	assert_int_equal(added, 1);
	assert_int_equal(store_add_account(store, system_id, &account, &added,
					   &err),
			 AR_OK);
	assert_int_equal(added, 0);
	assert_int_equal(store_commit_snapshot(store, &err), AR_OK);
	assert_int_equal(count(store, ACCOUNTS, snapshot), 1);
}

/* A last login the report could not write never enters the store, so no
 * value of an export can fail every later report; the edges pass. */
static void test_last_login_out_of_range_refused(void **state)
{
	static const long long refused[] = { -2, 253402300800LL,
					      922337203685LL * 10000000 };
	static const long long kept[] = { -1, 0, 1, 253402300799LL };
	struct store *store = *state;
	struct ar_error committed = AR_ERROR_INIT;
	struct account_record account = { 0 };
	struct person_record person = { 0 };
	long long system_id = 0;
	long long snapshot = begin_with_system(store, &system_id);
	char id[32];

	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		struct ar_error err = AR_ERROR_INIT;

		account.id = account.login = "far";
		account.last_login = (time_t)refused[i];
		assert_int_equal(store_add_account(store, system_id, &account,
						   NULL, &err),
				 AR_ERR_DATA);
		assert_non_null(strstr(err.message, "account 'far': last "
					"login"));
		assert_non_null(strstr(err.message, "outside the years 1970 "
					"to 9999"));
		person.key = "far";
		person.last_login = account.last_login;
		assert_int_equal(store_add_person(store, &person, &err),
				 AR_ERR_DATA);
	}
	for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
		struct ar_error err = AR_ERROR_INIT;

		snprintf(id, sizeof(id), "kept%zu", i);
		account.id = account.login = id;
		account.last_login = (time_t)kept[i];
		assert_int_equal(store_add_account(store, system_id, &account,
						   NULL, &err),
				 AR_OK);
	}
	assert_int_equal(store_commit_snapshot(store, &committed), AR_OK);
	assert_int_equal(count(store, ACCOUNTS, snapshot), 4);
}

/* Every named query compiles against the migrated schema: a typo in
 * sql/ fails here, not at a customer's run. */
static void test_every_query_prepares(void **state)
{
	struct store *store = *state;
	struct ar_error setup = AR_ERROR_INIT;

	/* the staging queries need the connection's temporary tables */
	assert_int_equal(store_exec_named(store, QUERY_STAGING_CREATE, &setup),
			 AR_OK);
	for (int query = 0; query < QUERY_COUNT; query++) {
		struct ar_error err = AR_ERROR_INIT;
		sqlite3_stmt *stmt = NULL;

		/* statements of several parts run through sqlite3_exec */
		if (query == QUERY_STAGING_CREATE ||
		    query == QUERY_CONNECTION_SETUP)
			continue;
		if (store_statement(store, (enum store_query_id)query, &stmt,
				    &err) != AR_OK)
			fail_msg("query %s: %s", store_queries[query].name,
				 err.message);
	}
}

static void test_missing_parameter_is_an_error(void **state)
{
	struct ar_error err = AR_ERROR_INIT;

	assert_int_equal(store_query(*state, QUERY_SNAPSHOT_PREVIOUS, NULL, 0,
				     NULL, NULL, &err),
			 AR_ERR_INTERNAL);
	assert_string_equal(err.message, "query 'snapshot_previous' run "
					 "without its parameter ':snapshot'");
}

static void test_unused_parameter_is_an_error(void **state)
{
	struct ar_error err = AR_ERROR_INIT;
	struct store_param params[] = { STORE_INT(PARAM_SNAPSHOT, 1),
					STORE_INT(PARAM_SYSTEM, 2) };

	assert_int_equal(store_query(*state, QUERY_SNAPSHOT_PREVIOUS, params,
				     2, NULL, NULL, &err),
			 AR_ERR_INTERNAL);
	assert_string_equal(err.message, "query 'snapshot_previous' has no "
					 "parameter ':system'");
}

static enum ar_rc ask_for_missing_column(void *context,
					 const struct store_row *row,
					 struct ar_error *err)
{
	(void)context;
	(void)err;
	assert_null(store_row_text(row, "no_such_column"));
	return AR_OK;
}

static void test_missing_column_is_an_error(void **state)
{
	struct ar_error err = AR_ERROR_INIT;

	assert_int_equal(store_query(*state, QUERY_SNAPSHOT_LATEST, NULL, 0,
				     ask_for_missing_column, NULL, &err),
			 AR_ERR_INTERNAL);
	assert_string_equal(err.message, "query 'snapshot_latest' has no "
					 "column 'no_such_column'");
}

static void test_missing_database_file(void **state)
{
	struct ar_error err = AR_ERROR_INIT;
	struct store *store = NULL;

	(void)state;
	assert_int_equal(store_open("/nonexistent/x.db", STORE_READ_ONLY,
				    &store, &err),
			 AR_ERR_NOINPUT);
	assert_non_null(strstr(err.message, "accessreview init"));
}

static void test_second_writer_is_busy(void **state)
{
	char path[] = "/tmp/accessreview-store-XXXXXX";
	struct ar_error err = AR_ERROR_INIT;
	struct store *first = NULL, *second = NULL;
	long long snapshot = 0;
	int version, fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(store_open(path, STORE_CREATE, &first, &err), AR_OK);
	assert_int_equal(store_migrate(first, &version, &err), AR_OK);
	assert_int_equal(store_open(path, STORE_READ_WRITE, &second, &err),
			 AR_OK);
	assert_int_equal(store_begin_snapshot(first, "2026-11-20T00:00:00Z",
					      &snapshot, &err),
			 AR_OK);
	/* SQLite's busy timeout is 5 s; the error must be temp-fail */
	assert_int_equal(store_begin_snapshot(second, "2026-11-20T00:00:00Z",
					      &snapshot, &err),
			 AR_ERR_TEMPFAIL);
	store_rollback_snapshot(first);
	store_close(second);
	store_close(first);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_nested_groups_and_loops,
						open_store, close_store),
		cmocka_unit_test_setup_teardown(
			test_rollback_leaves_previous_snapshot, open_store,
			close_store),
		cmocka_unit_test_setup_teardown(
			test_duplicate_account_ids_are_skipped, open_store,
			close_store),
		cmocka_unit_test_setup_teardown(
			test_last_login_out_of_range_refused, open_store,
			close_store),
		cmocka_unit_test_setup_teardown(test_every_query_prepares,
						open_store, close_store),
		cmocka_unit_test_setup_teardown(test_missing_parameter_is_an_error,
						open_store, close_store),
		cmocka_unit_test_setup_teardown(test_unused_parameter_is_an_error,
						open_store, close_store),
		cmocka_unit_test_setup_teardown(test_missing_column_is_an_error,
						open_store, close_store),
		cmocka_unit_test(test_missing_database_file),
		cmocka_unit_test(test_second_writer_is_busy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
