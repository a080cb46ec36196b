/* test_presets.c -- unit tests of the status and MFA words presets read */
/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "sources/presets.h"

static void expect_active(const char *word, int expected)
{
	int active = -1;

	if (preset_parse_active(word, &active) != 0)
		fail_msg("'%s' is not read as a status", word);
	if (active != expected)
		fail_msg("'%s' read as %s", word,
			 active ? "active" : "inactive");
}

/* Every word the vendors document, in the case and spelling they use. */
static void test_vendor_status_words(void **state)
{
	static const char *const active[] = {
		"Active", "ACTIVE", "enabled", "PROVISIONED", "LOCKED_OUT",
		"PASSWORD_EXPIRED", "Pending", "locked out", "", NULL,
	};
	static const char *const inactive[] = {
		"Inactive", "Suspended", "Deactivated", "No access", "Archived",
		"blocked", "deactivated", "banned", "ldap_blocked", "STAGED",
		"SUSPENDED", "DEPROVISIONED", "Disabled", "false",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(active) / sizeof(active[0]); i++)
		expect_active(active[i], 1);
	for (size_t i = 0; i < sizeof(inactive) / sizeof(inactive[0]); i++)
		expect_active(inactive[i], 0);
}

/* A word no vendor writes is not guessed at. */
static void test_unknown_status_refused(void **state)
{
	int active = -1;

	(void)state;
	assert_int_equal(preset_parse_active("on holiday", &active), -1);
	assert_int_equal(preset_parse_active("actives", &active), -1);
	assert_int_equal(preset_parse_active("no", &active), 0);
	assert_int_equal(active, 0);
}

static void test_mfa_words(void **state)
{
	enum mfa_status mfa = MFA_UNKNOWN;

	(void)state;
	assert_int_equal(preset_parse_mfa("Not_Enrolled", &mfa), 0);
	assert_int_equal(mfa, MFA_DISABLED);
	assert_int_equal(preset_parse_mfa("enrolled", &mfa), 0);
	assert_int_equal(mfa, MFA_ENABLED);
	assert_int_equal(preset_parse_mfa("N/A", &mfa), 0);
	assert_int_equal(mfa, MFA_NOT_APPLICABLE);
	assert_int_equal(preset_parse_mfa("maybe", &mfa), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vendor_status_words),
		cmocka_unit_test(test_unknown_status_refused),
		cmocka_unit_test(test_mfa_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
