/* test_sql.h -- raw SQL against a test's store, for counting what it wrote */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_TEST_SQL_H
#define ACCESSREVIEW_TEST_SQL_H

struct store;

/*
 * The first column of the first row of sql as an integer (-1 when there
 * is no row), with ?1 bound to number and ?2 to text (when not NULL).
 * Test-only SQL lives in the tests, never in the binary's sql/ files;
 * a failing statement fails the test.
 */
long long test_sql_int(struct store *store, const char *sql, long long number,
		       const char *text);

#endif
