/* test_audit.c -- unit tests of the audit hash chain in a real database */
/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "accessreview/audit.h"
#include "accessreview/mem.h"
#include "accessreview/store.h"
#include "support/test_files.h"
#include "support/test_sql.h"

#define ROWS 5

struct fixture {
	char *dir;
	char path[512];
	struct store *store;
	char head[HASH_HEX_SIZE];    /* after the ROWS appended */
};

static struct store *open_file(const char *path, int flags)
{
	struct ar_error err = AR_ERROR_INIT;
	struct store *store = NULL;

	if (store_open(path, flags, &store, &err) != AR_OK)
		fail_msg("cannot open '%s': %s", path, err.message);
	return store;
}

static void append(struct store *store, const char *at, const char *event,
		   long long item, const char *detail)
{
	struct ar_error err = AR_ERROR_INIT;
	struct audit_event row = { at, 1, event, "lena@example.com", item,
				   detail };

	assert_int_equal(store_begin_write(store, "testing", &err), AR_OK);
	if (audit_append(store, &row, &err) != AR_OK)
		fail_msg("append: %s", err.message);
	assert_int_equal(store_commit(store, "testing", &err), AR_OK);
}

/* A database file with ROWS rows of log, closed and opened again. */
static int setup(void **state)
{
	struct fixture *fixture = ar_calloc(1, sizeof(*fixture));
	struct ar_error err = AR_ERROR_INIT;
	struct store *store;
	long long rows = 0;
	int version = 0;

	fixture->dir = test_temp_dir();
	snprintf(fixture->path, sizeof(fixture->path), "%s/audit.db",
		 fixture->dir);
	store = open_file(fixture->path, STORE_CREATE);
	assert_int_equal(store_migrate(store, &version, &err), AR_OK);
	assert_int_equal(audit_head(store, fixture->head, &rows, &err), AR_OK);
	assert_string_equal(fixture->head, AUDIT_GENESIS_HASH);
	assert_int_equal(rows, 0);
	append(store, "2026-12-01T09:00:00Z", "open", 0, "{\"period\":\"Q4\"}");
	append(store, "2026-12-02T10:00:00Z", "decision", 11,
	       "{\"decision\":\"keep\",\"version\":2}");
	append(store, "2026-12-02T10:00:00Z", "decision", 12,
	       "{\"decision\":\"revoke\",\"version\":2}");
	append(store, "2026-12-02T10:00:01Z", "import", 0, "{\"rows\":2}");
	append(store, "2026-12-03T08:00:00Z", "close", 0, "{}");
	assert_int_equal(audit_head(store, fixture->head, &rows, &err), AR_OK);
	assert_int_equal(rows, ROWS);
	store_close(store);
	fixture->store = open_file(fixture->path, STORE_READ_WRITE);
	*state = fixture;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fixture = *state;

	store_close(fixture->store);
	test_remove_tree(fixture->dir);
	free(fixture->dir);
	free(fixture);
	return 0;
}

static void sql(struct fixture *fixture, const char *statement)
{
	test_sql_int(fixture->store, statement, 0, NULL);
}

static void expect_broken(struct fixture *fixture, const char *message)
{
	struct ar_error err = AR_ERROR_INIT;
	struct audit_verification result;

	assert_int_equal(audit_verify(fixture->store, &result, &err),
			 AR_ERR_DATA);
	assert_int_equal(err.code, AR_ERR_DATA);
	assert_string_equal(err.message, message);
}

/* ---- a whole chain ---- */

static void test_chain_verifies(void **state)
{
	struct fixture *fixture = *state;
	struct ar_error err = AR_ERROR_INIT;
	struct audit_verification result;
	char head[HASH_HEX_SIZE];
	long long rows = 0;

	assert_int_equal(audit_verify(fixture->store, &result, &err), AR_OK);
	assert_string_equal(err.message, "");
	assert_int_equal(result.rows, ROWS);
	assert_string_equal(result.head, fixture->head);
	assert_int_equal(strlen(result.head), 64);
	assert_int_equal(audit_head(fixture->store, head, &rows, &err), AR_OK);
	assert_string_equal(head, result.head);
	/* each row links to the one before, the first to the genesis hash */
	assert_int_equal(test_sql_int(fixture->store,
				      "SELECT count(*) FROM audit_log a "
				      "JOIN audit_log b ON b.id = a.id + 1 "
				      "WHERE b.previous_hash = a.hash",
				      0, NULL),
			 ROWS - 1);
	assert_int_equal(test_sql_int(fixture->store,
				      "SELECT previous_hash = ?2 FROM audit_log "
				      "WHERE id = 1",
				      0, AUDIT_GENESIS_HASH),
			 1);
	/* and a read-only connection verifies it the same */
	{
		struct store *reader = open_file(fixture->path,
						 STORE_READ_ONLY);

		assert_int_equal(audit_verify(reader, &result, &err), AR_OK);
		assert_string_equal(result.head, fixture->head);
		store_close(reader);
	}
}

static void test_empty_log(void **state)
{
	struct fixture *fixture = *state;
	struct ar_error err = AR_ERROR_INIT;
	struct audit_verification result;

	sql(fixture, "DELETE FROM audit_log");
	assert_int_equal(audit_verify(fixture->store, &result, &err), AR_OK);
	assert_int_equal(result.rows, 0);
	assert_string_equal(result.head, AUDIT_GENESIS_HASH);
}

static void test_append_continues_the_chain(void **state)
{
	struct fixture *fixture = *state;
	struct ar_error err = AR_ERROR_INIT;
	struct audit_verification result;
	struct audit_event row = { "2026-12-04T08:00:00Z", 1, "force",
				   "lena@example.com", 0, NULL };

	append(fixture->store, "2026-12-04T08:00:00Z", "remind", 0, "{}");
	assert_int_equal(audit_verify(fixture->store, &result, &err), AR_OK);
	assert_int_equal(result.rows, ROWS + 1);
	assert_string_not_equal(result.head, fixture->head);
	/* a detail given as an object: compact, keys sorted */
	assert_int_equal(store_begin_write(fixture->store, "testing", &err),
			 AR_OK);
	assert_int_equal(audit_append_object(fixture->store, &row,
					     json_pack("{s:s,s:i}", "reason",
						       "late", "items", 3),
					     &err),
			 AR_OK);
	assert_int_equal(store_commit(fixture->store, "testing", &err), AR_OK);
	assert_int_equal(test_sql_int(fixture->store,
				      "SELECT detail = ?2 FROM audit_log "
				      "WHERE id = 7",
				      0, "{\"items\":3,\"reason\":\"late\"}"),
			 1);
	assert_int_equal(audit_verify(fixture->store, &result, &err), AR_OK);
	assert_int_equal(result.rows, ROWS + 2);
	/* a detail jansson could not build */
	assert_int_equal(audit_append_object(fixture->store, &row, NULL, &err),
			 AR_ERR_INTERNAL);
	assert_string_equal(err.message,
			    "audit log: cannot build the detail of 'force'");
}

/* ---- tampering with SQL ---- */

static void test_changed_detail(void **state)
{
	struct fixture *fixture = *state;

	sql(fixture, "UPDATE audit_log SET detail = "
		     "'{\"decision\":\"keep\",\"version\":2}' WHERE id = 3");
	expect_broken(fixture,
		      "audit row 3 (decision): its hash does not match its "
		      "content (the row was changed)");
}

static void test_every_field_is_hashed(void **state)
{
	struct fixture *fixture = *state;
	static const char *const changes[] = {
		"UPDATE audit_log SET at = '2026-12-02T10:00:01Z' WHERE id = 2",
		"UPDATE audit_log SET campaign_id = 2 WHERE id = 2",
		"UPDATE audit_log SET campaign_id = NULL WHERE id = 2",
		"UPDATE audit_log SET actor = 'mallory@x' WHERE id = 2",
		"UPDATE audit_log SET item_id = 12 WHERE id = 2",
		"UPDATE audit_log SET item_id = NULL WHERE id = 2",
		"UPDATE audit_log SET detail = detail || ' ' WHERE id = 2",
	};

	for (size_t i = 0; i < sizeof(changes) / sizeof(changes[0]); i++) {
		sql(fixture, "SAVEPOINT tamper");
		sql(fixture, changes[i]);
		expect_broken(fixture,
			      "audit row 2 (decision): its hash does not "
			      "match its content (the row was changed)");
		sql(fixture, "ROLLBACK TO tamper");
		sql(fixture, "RELEASE tamper");
	}
	/* the event name is hashed too, and named as it now reads */
	sql(fixture, "UPDATE audit_log SET event = 'remind' WHERE id = 2");
	expect_broken(fixture,
		      "audit row 2 (remind): its hash does not match its "
		      "content (the row was changed)");
}

static void test_changed_hashes(void **state)
{
	struct fixture *fixture = *state;

	/* a row's own hash rewritten: that row, then its successor */
	sql(fixture, "UPDATE audit_log SET hash = "
		     "(SELECT hash FROM audit_log WHERE id = 1) WHERE id = 4");
	expect_broken(fixture,
		      "audit row 4 (import): its hash does not match its "
		      "content (the row was changed)");
	sql(fixture, "UPDATE audit_log SET hash = previous_hash WHERE id = 4");
	expect_broken(fixture,
		      "audit row 4 (import): its hash does not match its "
		      "content (the row was changed)");
	/* a previous hash rewritten */
	sql(fixture, "UPDATE audit_log SET hash = (SELECT previous_hash FROM "
		     "audit_log WHERE id = 5) WHERE id = 4");
	sql(fixture, "UPDATE audit_log SET previous_hash = '"
		     AUDIT_GENESIS_HASH "' WHERE id = 5");
	expect_broken(fixture,
		      "audit row 5: its previous hash is not row 4's hash (a "
		      "row before it was changed, deleted or moved)");
}

static void test_deleted_row(void **state)
{
	struct fixture *fixture = *state;

	sql(fixture, "DELETE FROM audit_log WHERE id = 2");
	expect_broken(fixture,
		      "audit row 3: expected row 2 next (rows deleted or "
		      "renumbered)");
}

static void test_deleted_first_row(void **state)
{
	struct fixture *fixture = *state;

	sql(fixture, "DELETE FROM audit_log WHERE id = 1");
	expect_broken(fixture,
		      "audit row 2: expected row 1 next (rows deleted or "
		      "renumbered)");
}

static void test_deleted_and_renumbered(void **state)
{
	struct fixture *fixture = *state;

	/* the ids closed up after a deletion: the links give it away */
	sql(fixture, "DELETE FROM audit_log WHERE id = 2");
	sql(fixture, "UPDATE audit_log SET id = id - 1 WHERE id > 2");
	expect_broken(fixture,
		      "audit row 2: its previous hash is not row 1's hash (a "
		      "row before it was changed, deleted or moved)");
}

static void test_deleted_last_row_changes_the_head(void **state)
{
	struct fixture *fixture = *state;
	struct ar_error err = AR_ERROR_INIT;
	struct audit_verification result;

	/* the chain stays whole (audit.h): the head is what tells */
	sql(fixture, "DELETE FROM audit_log WHERE id = 5");
	assert_int_equal(audit_verify(fixture->store, &result, &err), AR_OK);
	assert_int_equal(result.rows, ROWS - 1);
	assert_string_not_equal(result.head, fixture->head);
}

static void test_reordered_rows(void **state)
{
	struct fixture *fixture = *state;

	/* rows 2 and 3 swap places */
	sql(fixture, "UPDATE audit_log SET id = 100 WHERE id = 2");
	sql(fixture, "UPDATE audit_log SET id = 2 WHERE id = 3");
	sql(fixture, "UPDATE audit_log SET id = 3 WHERE id = 100");
	expect_broken(fixture,
		      "audit row 2: its previous hash is not row 1's hash (a "
		      "row before it was changed, deleted or moved)");
}

static void test_reordered_contents(void **state)
{
	struct fixture *fixture = *state;

	/* the ids stay, the decisions of rows 2 and 3 trade places */
	sql(fixture, "UPDATE audit_log SET item_id = 99 WHERE id = 2");
	sql(fixture, "UPDATE audit_log SET item_id = 11 WHERE id = 3");
	sql(fixture, "UPDATE audit_log SET item_id = 12 WHERE id = 2");
	expect_broken(fixture,
		      "audit row 2 (decision): its hash does not match its "
		      "content (the row was changed)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		TEST(test_chain_verifies),
		TEST(test_empty_log),
		TEST(test_append_continues_the_chain),
		TEST(test_changed_detail),
		TEST(test_every_field_is_hashed),
		TEST(test_changed_hashes),
		TEST(test_deleted_row),
		TEST(test_deleted_first_row),
		TEST(test_deleted_and_renumbered),
		TEST(test_deleted_last_row_changes_the_head),
		TEST(test_reordered_rows),
		TEST(test_reordered_contents),
#undef TEST
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
