/* test_config.c -- unit tests of the INI configuration loader */
/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "accessreview/config.h"

static struct config *load_ok(const char *name)
{
	char path[256];
	struct ar_error err = AR_ERROR_INIT;
	struct config *config = NULL;

	snprintf(path, sizeof(path), TEST_DATA "/config/%s", name);
	assert_int_equal(config_load(path, &config, &err), AR_OK);
	return config;
}

static void expect_error(const char *name, enum ar_rc code,
			 const char *needle)
{
	char path[256];
	struct ar_error err = AR_ERROR_INIT;
	struct config *config = NULL;

	snprintf(path, sizeof(path), TEST_DATA "/config/%s", name);
	assert_int_equal(config_load(path, &config, &err), code);
	assert_null(config);
	if (strstr(err.message, needle) == NULL)
		fail_msg("'%s' does not contain '%s'", err.message, needle);
}

static void test_valid_configuration(void **state)
{
	struct config *config = load_ok("valid.conf");
	struct config_system *github, *sheet;

	(void)state;
	assert_string_equal(config->database, "tests/data/config/var/test.db");
	assert_string_equal(config->reports, "tests/data/config/out");
	assert_int_equal(config->inactive_days, 60);
	assert_int_equal(config->fail_on, SEVERITY_CRITICAL);
	assert_int_equal(config->directory.format, SOURCE_FORMAT_LDIF);
	assert_string_equal(config->directory.location,
			    "tests/data/config/people.ldif");
	assert_int_equal(config->disabled_rules,
			 DISABLED_PWD_ACCOUNT_LOCKED_TIME |
				 DISABLED_NS_ACCOUNT_LOCK);
	assert_int_equal(config->system_count, 2);
	github = &config->systems[0];
	assert_string_equal(github->name, "github");
	assert_string_equal(github->category, "source_control");
	assert_string_equal(github->match, "uid");
	assert_true(github->has_groups);
	assert_true(github->has_mfa);
	assert_int_equal(github->mfa.format, SOURCE_FORMAT_JSON);
	assert_int_equal(github->privileged_count, 2);
	assert_true(config_is_privileged(github, "OWNERS"));
	assert_true(config_is_privileged(github, "admin"));
	assert_false(config_is_privileged(github, "developers"));
	sheet = &config->systems[1];
	assert_string_equal(sheet->accounts.location, "/abs/sheet.csv");
	assert_string_equal(sheet->preset, "atlassian");
	assert_int_equal(sheet->field_count, 1);
	assert_string_equal(sheet->fields[0].field, "email");
	assert_string_equal(sheet->fields[0].column,
			    "Email Address [Required]");
	assert_false(sheet->mfa_supported);
	assert_string_equal(sheet->match, "email");
	config_free(config);
}

static void test_unknown_key_names_file_and_line(void **state)
{
	(void)state;
	expect_error("unknown-key.conf", AR_ERR_CONFIG,
		     "unknown-key.conf:3: unknown key 'databse' in [review]");
}

static void test_duplicate_system(void **state)
{
	(void)state;
	expect_error("duplicate-system.conf", AR_ERR_CONFIG,
		     "duplicate-system.conf:7: duplicate system \"a\"");
}

static void test_inline_password_refused(void **state)
{
	(void)state;
	expect_error("inline-password.conf", AR_ERR_CONFIG,
		     "inline-password.conf:3: passwords are never accepted "
		     "inline (key 'password')");
}

static void test_bad_values(void **state)
{
	(void)state;
	expect_error("bad-category.conf", AR_ERR_CONFIG,
		     "bad-category.conf:4: unknown category 'payroll'");
	expect_error("bad-source.conf", AR_ERR_CONFIG,
		     "bad-source.conf:2: 'source': unknown source format 'ftp'");
	expect_error("syntax.conf", AR_ERR_CONFIG, "syntax.conf:2:");
}

static void test_missing_file(void **state)
{
	(void)state;
	expect_error("no-such.conf", AR_ERR_NOINPUT,
		     "cannot open configuration");
}

static void test_choose_path(void **state)
{
	(void)state;
	setenv("ACCESSREVIEW_CONFIG", "/etc/from-env.conf", 1);
	assert_string_equal(config_choose_path("given.conf"), "given.conf");
	assert_string_equal(config_choose_path(NULL), "/etc/from-env.conf");
	unsetenv("ACCESSREVIEW_CONFIG");
	assert_string_equal(config_choose_path(NULL), "accessreview.conf");
}

static void test_severity_names(void **state)
{
	enum severity severity;

	(void)state;
	assert_int_equal(severity_from_name("HIGH", &severity), 0);
	assert_int_equal(severity, SEVERITY_HIGH);
	assert_int_equal(severity_from_name("urgent", &severity), -1);
	assert_string_equal(severity_name(SEVERITY_CRITICAL), "critical");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_configuration),
		cmocka_unit_test(test_unknown_key_names_file_and_line),
		cmocka_unit_test(test_duplicate_system),
		cmocka_unit_test(test_inline_password_refused),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_choose_path),
		cmocka_unit_test(test_severity_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
