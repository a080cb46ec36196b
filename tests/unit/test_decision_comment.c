/* test_decision_comment.c -- unit tests: does a decision comment say why */
/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "accessreview/decisions.h"

#define GIVES(text) decisions_comment_gives_reason(text)

static void test_words_of_assent(void **state)
{
	(void)state;
	assert_false(GIVES(NULL));
	assert_false(GIVES(""));
	assert_false(GIVES("ok"));
	assert_false(GIVES("reviewed"));
	assert_false(GIVES("  approved  "));
	assert_false(GIVES("n/a"));
	assert_false(GIVES(" \t\r\n "));
	/* long, but one word */
	assert_false(GIVES("releaseduty1"));
}

static void test_reasons(void **state)
{
	(void)state;
	assert_true(GIVES("owner of the system"));
	assert_true(GIVES("release duty"));       /* 12 characters */
	assert_true(GIVES("on-call rota"));
	assert_true(GIVES("release\tduty"));
	/* measured once trimmed */
	assert_true(GIVES("   release duty \r\n"));
	assert_false(GIVES("release dut"));       /* 11 */
	assert_false(GIVES("  release dut  "));
}

static void test_non_ascii_words(void **state)
{
	(void)state;
	/* non-ASCII letters make words */
	assert_true(GIVES("Zugriff n\xc3\xb6tig"));            /* 13 */
	assert_true(GIVES("\xc3\xa9quipe d\xc3\xa9ploiement"));
	/* システム管理者 の担当です: 7 + 1 + 5 characters, two words */
	assert_true(GIVES("\xe3\x82\xb7\xe3\x82\xb9\xe3\x83\x86\xe3\x83\xa0"
			  "\xe7\xae\xa1\xe7\x90\x86\xe8\x80\x85 "
			  "\xe3\x81\xae\xe6\x8b\x85\xe5\xbd\x93\xe3\x81\xa7"
			  "\xe3\x81\x99"));
	/* characters, not bytes: "für Prüfung" is 11 (13 bytes) */
	assert_false(GIVES("f\xc3\xbcr Pr\xc3\xbc" "fung"));
	/* 日本語 のテスト: 8 characters in 22 bytes */
	assert_false(GIVES("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e "
			   "\xe3\x81\xae\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88"));
	/* one long word, whatever its script */
	assert_false(GIVES("Verantwortungsbereich\xc3\xa4"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_of_assent),
		cmocka_unit_test(test_reasons),
		cmocka_unit_test(test_non_ascii_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
