/* test_decision_file.c -- unit tests of reading a decision file (CSV) */
/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "accessreview/buf.h"
#include "accessreview/decisions.h"
#include "accessreview/mem.h"
#include "review/decisions_int.h"
#include "support/test_files.h"

#define BOM "\xEF\xBB\xBF"
#define HEADER DECISIONS_HEADER "\r\n"
#define ROW(item, decision, comment) \
	item ",1,github,alice,alice@example.com,Owners,yes,,enabled," \
	decision ",," comment "\r\n"

struct fixture {
	char *dir;
	char path[512];
	struct decision_file file;
	struct decisions_result result;
};

static int setup(void **state)
{
	struct fixture *fixture = ar_calloc(1, sizeof(*fixture));

	fixture->dir = test_temp_dir();
	snprintf(fixture->path, sizeof(fixture->path), "%s/decisions.csv",
		 fixture->dir);
	*state = fixture;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fixture = *state;

	decision_file_release(&fixture->file);
	decisions_result_release(&fixture->result);
	test_remove_tree(fixture->dir);
	free(fixture->dir);
	free(fixture);
	return 0;
}

/* Write data as the decision file and read it; AR_OK expected. */
static void read_bytes(struct fixture *fixture, const char *data,
		       size_t length)
{
	struct ar_error err = AR_ERROR_INIT;

	test_write_file(fixture->path, data, length);
	decision_file_release(&fixture->file);
	decisions_result_release(&fixture->result);
	memset(&fixture->result, 0, sizeof(fixture->result));
	if (decision_file_read(&fixture->file, fixture->path, &fixture->result,
			       &err) != AR_OK)
		fail_msg("not read: %s", err.message);
}

static void read_text(struct fixture *fixture, const char *text)
{
	read_bytes(fixture, text, strlen(text));
}

static void expect_no_problem(const struct fixture *fixture)
{
	if (fixture->result.problem_count > 0)
		fail_msg("unexpected problem: %s", fixture->result.problems[0]);
	assert_int_equal(fixture->result.more_problems, 0);
}

/* The only problem is "PATH:LINE: text" (LINE 0: "PATH: text"). */
static void expect_problem(const struct fixture *fixture, long line,
			   const char *text)
{
	char expected[1024];

	if (line > 0)
		snprintf(expected, sizeof(expected), "%s:%ld: %s",
			 fixture->path, line, text);
	else
		snprintf(expected, sizeof(expected), "%s: %s", fixture->path,
			 text);
	if (fixture->result.problem_count != 1)
		fail_msg("%zu problems, expected one: %s",
			 fixture->result.problem_count, expected);
	assert_string_equal(fixture->result.problems[0], expected);
}

static const char *cell(const struct fixture *fixture, size_t row,
			enum decision_column column)
{
	assert_true(row < fixture->file.row_count);
	return fixture->file.rows[row].cells[column];
}

/* ---- good files ---- */

static void test_bom_and_crlf(void **state)
{
	struct fixture *fixture = *state;
	const char *text = BOM HEADER ROW("7", "keep", "owner of the system")
		ROW("8", "revoke", "\"left, in May\"");

	read_text(fixture, text);
	expect_no_problem(fixture);
	assert_int_equal(fixture->result.rows, 2);
	assert_int_equal(fixture->file.row_count, 2);
	assert_int_equal(fixture->file.rows[0].line, 2);
	assert_int_equal(fixture->file.rows[0].item, 7);
	assert_int_equal(fixture->file.rows[0].version, 1);
	assert_string_equal(cell(fixture, 0, COLUMN_ITEM), "7");
	assert_string_equal(cell(fixture, 0, COLUMN_SYSTEM), "github");
	assert_string_equal(cell(fixture, 0, COLUMN_PERSON),
			    "alice@example.com");
	assert_string_equal(cell(fixture, 0, COLUMN_DECISION), "keep");
	assert_string_equal(cell(fixture, 0, COLUMN_EXPIRES), "");
	/* no CR left on the last cell */
	assert_string_equal(cell(fixture, 0, COLUMN_COMMENT),
			    "owner of the system");
	assert_int_equal(fixture->file.rows[1].line, 3);
	assert_string_equal(cell(fixture, 1, COLUMN_DECISION), "revoke");
	assert_string_equal(cell(fixture, 1, COLUMN_COMMENT), "left, in May");
	/* the file's bytes are kept whole, BOM included, for its hash */
	assert_int_equal(fixture->file.length, strlen(text));
	assert_memory_equal(fixture->file.data, text, strlen(text));
}

static void test_lf_no_final_newline_and_blank_rows(void **state)
{
	struct fixture *fixture = *state;

	/* header in another case with blanks, blank and empty-cell rows */
	read_text(fixture,
		  "\n Item ,VERSION,system,account,person,entitlement,"
		  "privileged,findings,mfa,decision,expires,comment\n"
		  "\n,,,,,,,,,,,\n"
		  "3,2,github,bob,,,,,,keep,,\"two\nlines\"\n"
		  "4,1,github,carol,,,,,,,,");
	expect_no_problem(fixture);
	assert_int_equal(fixture->file.row_count, 2);
	assert_int_equal(fixture->file.rows[0].line, 5);
	assert_int_equal(fixture->file.rows[0].version, 2);
	assert_string_equal(cell(fixture, 0, COLUMN_COMMENT), "two\nlines");
	/* the row after a quoted line break knows its own line */
	assert_int_equal(fixture->file.rows[1].line, 7);
	assert_string_equal(cell(fixture, 1, COLUMN_DECISION), "");
}

static void test_formula_cells_are_data(void **state)
{
	struct fixture *fixture = *state;

	read_text(fixture,
		  HEADER ROW("1", "keep", "'=SUM(A1:A9)")
		  ROW("2", "keep", "\"=HYPERLINK(\"\"http://x\"\")\"")
		  ROW("3", "keep", "'+1 more")
		  ROW("4", "keep", "@admin -1")
		  ROW("5", "keep", "'-1") ROW("6", "keep", "'plain"));
	expect_no_problem(fixture);
	assert_int_equal(fixture->file.row_count, 6);
	/* the worksheet's guard comes off; nothing is evaluated or refused */
	assert_string_equal(cell(fixture, 0, COLUMN_COMMENT), "=SUM(A1:A9)");
	assert_string_equal(cell(fixture, 1, COLUMN_COMMENT),
			    "=HYPERLINK(\"http://x\")");
	assert_string_equal(cell(fixture, 2, COLUMN_COMMENT), "+1 more");
	assert_string_equal(cell(fixture, 3, COLUMN_COMMENT), "@admin -1");
	assert_string_equal(cell(fixture, 4, COLUMN_COMMENT), "-1");
	/* an apostrophe before text the writer never guards stays */
	assert_string_equal(cell(fixture, 5, COLUMN_COMMENT), "'plain");
}

/* ---- shape ---- */

static void test_missing_column(void **state)
{
	struct fixture *fixture = *state;

	read_text(fixture, HEADER ROW("1", "keep", "x")
		  "2,1,github,bob,,,,,,keep,\r\n");
	expect_problem(fixture, 3, "11 cells, a worksheet row has 12");
	assert_int_equal(fixture->file.row_count, 1);
}

static void test_extra_column(void **state)
{
	struct fixture *fixture = *state;

	read_text(fixture, HEADER "1,1,github,alice,,,,,,keep,,x,surplus\r\n");
	expect_problem(fixture, 2, "13 cells, a worksheet row has 12");
	assert_int_equal(fixture->file.row_count, 0);
	/* text only past the twelfth column is not a blank row */
	read_text(fixture, HEADER ",,,,,,,,,,,,revoke\r\n");
	expect_problem(fixture, 2, "13 cells, a worksheet row has 12");
}

static void test_header_checked(void **state)
{
	struct fixture *fixture = *state;
	char expected[1024];

	snprintf(expected, sizeof(expected),
		 "the header is not a worksheet's (expected %s)",
		 DECISIONS_HEADER);
	/* a column missing from the header: one problem, not one per row */
	read_text(fixture, "item,version,system,account,person,entitlement,"
			   "privileged,findings,mfa,decision,comment\r\n"
		  ROW("1", "keep", "x") ROW("2", "keep", "y"));
	expect_problem(fixture, 1, expected);
	assert_int_equal(fixture->file.row_count, 0);
	/* columns swapped */
	read_text(fixture, "version,item,system,account,person,entitlement,"
			   "privileged,findings,mfa,decision,expires,comment\n");
	expect_problem(fixture, 1, expected);
	/* a data row where the header should be, after blank lines */
	read_text(fixture, "\r\n\r\n" ROW("1", "keep", "x"));
	expect_problem(fixture, 3, expected);
	/* a header past its twelfth column */
	read_text(fixture, DECISIONS_HEADER ",extra\n");
	expect_problem(fixture, 1, expected);
}

static void test_empty_file(void **state)
{
	struct fixture *fixture = *state;

	read_text(fixture, "");
	expect_problem(fixture, 0, "empty file (no worksheet header)");
	read_text(fixture, BOM "\r\n\r\n");
	expect_problem(fixture, 0, "empty file (no worksheet header)");
	/* a header alone is a file with no rows, not a problem */
	read_text(fixture, BOM HEADER);
	expect_no_problem(fixture);
	assert_int_equal(fixture->result.rows, 0);
}

static void test_item_and_version_numbers(void **state)
{
	struct fixture *fixture = *state;

	read_text(fixture, HEADER "abc,1,,,,,,,,keep,,\r\n");
	expect_problem(fixture, 2, "item 'abc' is not an item number");
	read_text(fixture, HEADER "-3,1,,,,,,,,keep,,\r\n");
	expect_problem(fixture, 2, "item '-3' is not an item number");
	read_text(fixture, HEADER "'=1,1,,,,,,,,keep,,\r\n");
	expect_problem(fixture, 2, "item '=1' is not an item number");
	read_text(fixture, HEADER "99999999999999999999,1,,,,,,,,keep,,\r\n");
	expect_problem(fixture, 2,
		       "item '99999999999999999999' is not an item number");
	read_text(fixture, HEADER "5,0,,,,,,,,keep,,\r\n");
	expect_problem(fixture, 2, "version '0' is not a version number");
	read_text(fixture, HEADER "5,1.5,,,,,,,,keep,,\r\n");
	expect_problem(fixture, 2, "version '1.5' is not a version number");
	/* blanks around a number are a spreadsheet's, not an error */
	read_text(fixture, HEADER " 5 , 2 ,,,,,,,,keep,,\r\n");
	expect_no_problem(fixture);
	assert_int_equal(fixture->file.rows[0].item, 5);
	assert_int_equal(fixture->file.rows[0].version, 2);
}

static void test_duplicate_items(void **state)
{
	struct fixture *fixture = *state;

	read_text(fixture, HEADER ROW("1", "keep", "x") ROW("2", "keep", "y")
		  ROW("1", "revoke", "z") ROW("3", "keep", "")
		  ROW("1", "keep", "w"));
	assert_int_equal(fixture->result.problem_count, 2);
	assert_int_equal(fixture->file.row_count, 5);
	{
		char expected[1024];

		snprintf(expected, sizeof(expected),
			 "%s:4: item 1 again (first on line 2): one row per "
			 "item", fixture->path);
		assert_string_equal(fixture->result.problems[0], expected);
		snprintf(expected, sizeof(expected),
			 "%s:6: item 1 again (first on line 2): one row per "
			 "item", fixture->path);
		assert_string_equal(fixture->result.problems[1], expected);
	}
}

/* 100,000 rows of one item: sorted, not compared pairwise, so this is
 * quick; the list stops at 100 problems and counts the rest. */
static void test_many_duplicates_are_quick(void **state)
{
	struct fixture *fixture = *state;
	struct ar_buf text = AR_BUF_INIT;
	const long rows = 100000;
	clock_t started;
	double seconds;

	ar_buf_adds(&text, HEADER);
	for (long i = 0; i < rows; i++)
		ar_buf_adds(&text, "1,1,,,,,,,,,,\n");
	started = clock();
	read_bytes(fixture, text.buf, text.len);
	seconds = (double)(clock() - started) / CLOCKS_PER_SEC;
	assert_int_equal(fixture->file.row_count, rows);
	assert_int_equal(fixture->result.problem_count, 100);
	assert_int_equal(fixture->result.more_problems, rows - 1 - 100);
	if (seconds > 5.0)
		fail_msg("%ld duplicate rows took %.1f s", rows, seconds);
	ar_buf_release(&text);
}

static void test_problems_are_capped(void **state)
{
	struct fixture *fixture = *state;
	struct ar_buf text = AR_BUF_INIT;
	char expected[1024];

	ar_buf_adds(&text, HEADER);
	for (int i = 0; i < 150; i++)
		ar_buf_adds(&text, "x,1,,,,,,,,,,\r\n");
	read_bytes(fixture, text.buf, text.len);
	assert_int_equal(fixture->result.problem_count, 100);
	assert_int_equal(fixture->result.more_problems, 50);
	snprintf(expected, sizeof(expected),
		 "%s:101: item 'x' is not an item number", fixture->path);
	assert_string_equal(fixture->result.problems[99], expected);
	ar_buf_release(&text);
}

/* ---- bytes ---- */

static void test_nul_byte(void **state)
{
	struct fixture *fixture = *state;
	static const char data[] = HEADER ROW("1", "keep", "a\0b")
		ROW("2", "keep", "c");

	read_bytes(fixture, data, sizeof(data) - 1);
	expect_problem(fixture, 2, "NUL byte (not a text file)");
	/* refused before any parsing */
	assert_int_equal(fixture->file.row_count, 0);
}

static void test_invalid_utf8(void **state)
{
	struct fixture *fixture = *state;

	/* "Jürgen" in Latin-1, as a spreadsheet saves "CSV" */
	read_text(fixture, HEADER ROW("1", "keep", "x")
		  ROW("2", "keep", "J\xfcrgen's team") ROW("3", "keep", "y"));
	expect_problem(fixture, 3,
		       "not UTF-8 (save the worksheet as \"CSV UTF-8\")");
	assert_int_equal(fixture->file.row_count, 0);
	/* every bad line is named, an overlong form and a surrogate too */
	read_text(fixture, HEADER ROW("1", "keep", "\xc0\xaf")
		  ROW("2", "keep", "ok \xc3\xa9") ROW("3", "keep", "\xed\xa0\x80"));
	assert_int_equal(fixture->result.problem_count, 2);
	assert_non_null(strstr(fixture->result.problems[0], ":2: not UTF-8"));
	assert_non_null(strstr(fixture->result.problems[1], ":4: not UTF-8"));
}

static void test_oversized_file(void **state)
{
	struct fixture *fixture = *state;
	struct ar_error err = AR_ERROR_INIT;
	char expected[1024];

	/* sparse: the size is refused before a byte is read */
	test_write_file(fixture->path, HEADER, strlen(HEADER));
	assert_int_equal(truncate(fixture->path, DECISIONS_MAX_FILE + 1), 0);
	assert_int_equal(decision_file_read(&fixture->file, fixture->path,
					    &fixture->result, &err),
			 AR_ERR_DATA);
	snprintf(expected, sizeof(expected),
		 "%s: 16777217 bytes, more than a decision file may have "
		 "(16777216)", fixture->path);
	assert_string_equal(err.message, expected);
	assert_null(fixture->file.data);
	/* at the cap it is read (and refused for its NUL bytes) */
	ar_error_clear(&err);
	assert_int_equal(truncate(fixture->path, DECISIONS_MAX_FILE), 0);
	assert_int_equal(decision_file_read(&fixture->file, fixture->path,
					    &fixture->result, &err),
			 AR_OK);
	assert_int_equal(fixture->file.length, DECISIONS_MAX_FILE);
	assert_non_null(strstr(fixture->result.problems[0],
			       ":2: NUL byte (not a text file)"));
}

static void test_cell_over_the_cap(void **state)
{
	struct fixture *fixture = *state;
	struct ar_buf text = AR_BUF_INIT;
	char *comment = ar_malloc(DECISIONS_MAX_CELL + 2);

	/* a comment of exactly the cap is read (decisions.c caps comments
	 * lower, naming the row) */
	memset(comment, 'a', DECISIONS_MAX_CELL);
	comment[DECISIONS_MAX_CELL] = '\0';
	ar_buf_addf(&text, HEADER "1,1,,,,,,,,keep,,%s\r\n", comment);
	read_bytes(fixture, text.buf, text.len);
	expect_no_problem(fixture);
	assert_int_equal(strlen(cell(fixture, 0, COLUMN_COMMENT)),
			 DECISIONS_MAX_CELL);
	/* one byte more, on line 3, quoted or not */
	ar_buf_release(&text);
	comment[DECISIONS_MAX_CELL] = 'a';
	comment[DECISIONS_MAX_CELL + 1] = '\0';
	ar_buf_addf(&text, HEADER ROW("1", "keep", "x")
		    "2,1,,,,,,,,keep,,%s\r\n", comment);
	read_bytes(fixture, text.buf, text.len);
	expect_problem(fixture, 3, "a cell longer than 65536 bytes");
	ar_buf_release(&text);
	ar_buf_addf(&text, HEADER "2,1,,,,,,,,keep,,\"%s\"\r\n", comment);
	read_bytes(fixture, text.buf, text.len);
	expect_problem(fixture, 2, "a cell longer than 65536 bytes");
	ar_buf_release(&text);
	free(comment);
}

/* ---- CSV syntax ---- */

static void test_bad_quotes(void **state)
{
	struct fixture *fixture = *state;

	read_text(fixture, HEADER ROW("1", "keep", "x")
		  "2,1,,,,,,,,keep,,say \"hi\"\r\n");
	expect_problem(fixture, 3,
		       "malformed CSV (a quote inside an unquoted cell or "
		       "after a closing quote)");
	read_text(fixture, HEADER "2,1,,,,,,,,keep,,\"closed\" then\r\n");
	expect_problem(fixture, 2,
		       "malformed CSV (a quote inside an unquoted cell or "
		       "after a closing quote)");
	read_text(fixture, HEADER ROW("1", "keep", "x")
		  "2,1,,,,,,,,keep,,\"never closed\r\nmore\r\n");
	expect_problem(fixture, 3,
		       "a quoted cell is not closed at the end of the file");
}

static void test_missing_and_odd_paths(void **state)
{
	struct fixture *fixture = *state;
	struct ar_error err = AR_ERROR_INIT;
	char expected[1024];

	assert_int_equal(decision_file_read(&fixture->file, fixture->path,
					    &fixture->result, &err),
			 AR_ERR_NOINPUT);
	assert_non_null(strstr(err.message, fixture->path));
	assert_non_null(strstr(err.message, "cannot open"));
	ar_error_clear(&err);
	assert_int_equal(decision_file_read(&fixture->file, fixture->dir,
					    &fixture->result, &err),
			 AR_ERR_NOINPUT);
	snprintf(expected, sizeof(expected), "'%s' is not a regular file",
		 fixture->dir);
	assert_string_equal(err.message, expected);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		TEST(test_bom_and_crlf),
		TEST(test_lf_no_final_newline_and_blank_rows),
		TEST(test_formula_cells_are_data),
		TEST(test_missing_column),
		TEST(test_extra_column),
		TEST(test_header_checked),
		TEST(test_empty_file),
		TEST(test_item_and_version_numbers),
		TEST(test_duplicate_items),
		TEST(test_many_duplicates_are_quick),
		TEST(test_problems_are_capped),
		TEST(test_nul_byte),
		TEST(test_invalid_utf8),
		TEST(test_oversized_file),
		TEST(test_cell_over_the_cap),
		TEST(test_bad_quotes),
		TEST(test_missing_and_odd_paths),
#undef TEST
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
