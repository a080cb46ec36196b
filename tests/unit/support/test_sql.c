/* test_sql.c -- raw SQL against a test's store, for counting what it wrote */
/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store/store_int.h"
#include "test_sql.h"

long long test_sql_int(struct store *store, const char *sql, long long number,
		       const char *text)
{
	sqlite3_stmt *stmt = NULL;
	long long value = -1;
	int code;

	assert_int_equal(sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL),
			 SQLITE_OK);
	if (sqlite3_bind_parameter_count(stmt) >= 1)
		sqlite3_bind_int64(stmt, 1, number);
	if (text != NULL && sqlite3_bind_parameter_count(stmt) >= 2)
		sqlite3_bind_text(stmt, 2, text, -1, SQLITE_TRANSIENT);
	code = sqlite3_step(stmt);
	assert_true(code == SQLITE_ROW || code == SQLITE_DONE);
	if (code == SQLITE_ROW)
		value = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return value;
}
