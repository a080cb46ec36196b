/* test_json.c -- unit tests of the JSON export reader and its presets */
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

#include "accessreview/mem.h"
#include "accessreview/sources.h"
#include "accessreview/text.h"
#include "support/export_sink.h"

#define FORMATS TEST_DATA "/formats/json/"
#define BAD TEST_DATA "/formats/bad/"
#define OWN TEST_DATA "/json/"

static void read_json(struct run *run, const char *path, enum source_role role,
		     const char *preset, const struct field_mapping *fields,
		     size_t field_count)
{
	export_read(run, SOURCE_FORMAT_JSON, path, role, preset, fields, field_count);
}

static const struct seen_person *person(const struct seen *seen,
					const char *key)
{
	for (size_t i = 0; i < seen->person_count; i++)
		if (strcmp(seen->people[i].key, key) == 0)
			return &seen->people[i];
	fail_msg("no person '%s'", key);
	return NULL;
}

/* ---- GitHub: members without 2FA ---- */

static void test_github_mfa_list(void **state)
{
	static const char *const logins[] = { "lucas-silva", "ytanaka-fd",
					      "ext-swhitford",
					      "flowdence-release-bot" };
	struct run run;

	(void)state;
	read_json(&run, FORMATS "github-org-members-2fa-disabled.json",
		  SOURCE_ROLE_MFA, NULL, NULL, 0);
	assert_int_equal(run.rc, AR_OK);
	assert_string_equal(run.summary.detected_preset, "github-2fa-disabled");
	assert_int_equal(run.summary.records, 4);
	assert_int_equal(run.summary.has_unlisted_mfa, 1);
	assert_int_equal(run.summary.unlisted_mfa, MFA_ENABLED);
	assert_int_equal(run.seen.account_count, 0);
	assert_int_equal(run.seen.mfa_count, 4);
	for (size_t i = 0; i < 4; i++) {
		assert_string_equal(run.seen.mfas[i].first, logins[i]);
		assert_int_equal(run.seen.mfas[i].mfa, MFA_DISABLED);
	}
	assert_int_equal(run.seen.warning_count, 0);
	free_seen(&run.seen);
}

static void test_github_as_accounts(void **state)
{
	struct run run;
	const struct seen_account *a;

	(void)state;
	read_json(&run, FORMATS "github-org-members-2fa-disabled.json",
		  SOURCE_ROLE_ACCOUNTS, NULL, NULL, 0);
	assert_int_equal(run.rc, AR_OK);
	assert_int_equal(run.summary.has_unlisted_mfa, 0);
	assert_int_equal(run.seen.account_count, 4);
	assert_int_equal(run.seen.mfa_count, 0);
	a = account(&run.seen, "flowdence-release-bot");
	assert_string_equal(a->login, "flowdence-release-bot");
	assert_null(a->email);
	assert_int_equal(a->active, 1);
	assert_int_equal(a->mfa, MFA_DISABLED);
	assert_int_equal(a->is_service, 0); /* a machine user is type User */
	assert_int_equal(run.seen.group_count, 0);
	free_seen(&run.seen);
}

static void test_empty_array(void **state)
{
	struct run run;

	(void)state;
	/* an org where everyone has 2FA returns [] */
	read_json(&run, OWN "empty-array.json", SOURCE_ROLE_MFA, NULL, NULL,
		  0);
	assert_int_equal(run.rc, AR_OK);
	assert_string_equal(run.summary.detected_preset, "github-2fa-disabled");
	assert_int_equal(run.summary.records, 0);
	assert_int_equal(run.summary.has_unlisted_mfa, 1);
	assert_int_equal(emitted(&run.seen), 0);
	free_seen(&run.seen);

	read_json(&run, OWN "empty-array.json", SOURCE_ROLE_ACCOUNTS, NULL,
		  NULL, 0);
	expect_failure(&run, AR_ERR_DATA,
		       OWN "empty-array.json: unrecognised export (no preset "
			   "matches its shape; set preset = or field.* keys)");
	free_seen(&run.seen);

	read_json(&run, OWN "empty-array.json", SOURCE_ROLE_ACCOUNTS, "gitlab",
		  NULL, 0);
	assert_int_equal(run.rc, AR_OK);
	assert_int_equal(run.summary.records, 0);
	free_seen(&run.seen);
}

/* ---- GitLab ---- */

static void test_gitlab(void **state)
{
	struct run run;
	const struct seen_account *a;

	(void)state;
	read_json(&run, FORMATS "gitlab-users.json", SOURCE_ROLE_ACCOUNTS, NULL,
		  NULL, 0);
	assert_int_equal(run.rc, AR_OK);
	assert_string_equal(run.summary.detected_preset, "gitlab");
	assert_int_equal(run.summary.records, 9);
	assert_int_equal(run.seen.account_count, 9);

	a = account(&run.seen, "1");
	assert_string_equal(a->login, "root");
	assert_string_equal(a->display_name, "Administrator");
	assert_string_equal(a->email, "admin@example.com");
	assert_int_equal(a->active, 1);
	assert_int_equal(a->mfa, MFA_DISABLED);
	assert_int_equal(a->last_login, at("2026-03-02"));
	assert_true(is_member(&run.seen, "admin", "1"));
	assert_true(is_member(&run.seen, "admin", "2"));
	assert_int_equal(group(&run.seen, "admin")->privileged, 1);

	a = account(&run.seen, "23"); /* blocked */
	assert_string_equal(a->login, "tbecker");
	assert_int_equal(a->active, 0);
	assert_int_equal(a->mfa, MFA_ENABLED);
	a = account(&run.seen, "31"); /* deactivated */
	assert_int_equal(a->active, 0);
	a = account(&run.seen, "52"); /* locked is not disabled */
	assert_int_equal(a->active, 1);
	assert_int_equal(a->last_login, at("2026-11-17"));

	a = account(&run.seen, "47");
	assert_int_equal(a->is_service, 1);
	assert_int_equal(a->mfa, MFA_NOT_APPLICABLE);
	assert_int_equal(a->last_login, at("2026-11-20"));

	assert_true(is_member(&run.seen, "auditor", "61"));
	assert_int_equal(group(&run.seen, "auditor")->privileged, 0);
	assert_int_equal(run.seen.group_count, 2);
	assert_int_equal(run.seen.member_count, 3);
	free_seen(&run.seen);
}

static void test_gitlab_as_directory(void **state)
{
	struct run run;
	const struct seen_person *p;

	(void)state;
	read_json(&run, FORMATS "gitlab-users.json", SOURCE_ROLE_DIRECTORY,
		  NULL, NULL, 0);
	assert_int_equal(run.rc, AR_OK);
	assert_int_equal(run.seen.account_count, 0);
	assert_int_equal(run.seen.group_count, 0);
	assert_int_equal(run.seen.person_count, 9);
	p = person(&run.seen, "23");
	assert_string_equal(p->uid, "tbecker");
	assert_string_equal(p->email, "tom.becker@example.com");
	assert_int_equal(p->disabled, 1);
	assert_int_equal(person(&run.seen, "14")->disabled, 0);
	free_seen(&run.seen);
}

static void test_gitlab_bad_flag_emits_nothing(void **state)
{
	struct run run;

	(void)state;
	read_json(&run, OWN "gitlab-bad-flag.json", SOURCE_ROLE_ACCOUNTS, NULL,
		  NULL, 0);
	expect_failure(&run, AR_ERR_DATA,
		       OWN "gitlab-bad-flag.json: record 2: "
			   "'two_factor_enabled' is not true or false");
	free_seen(&run.seen);
}

/* ---- Zendesk ---- */

static void test_zendesk(void **state)
{
	struct run run;
	const struct seen_account *a;

	(void)state;
	read_json(&run, FORMATS "zendesk-users.json", SOURCE_ROLE_ACCOUNTS,
		  NULL, NULL, 0);
	assert_int_equal(run.rc, AR_OK);
	assert_string_equal(run.summary.detected_preset, "zendesk");
	/* 7 users, 2 of them customers */
	assert_int_equal(run.seen.account_count, 5);
	assert_int_equal(run.summary.records, 5);
	assert_int_equal(run.summary.declared, 5);
	assert_string_equal(run.summary.incomplete, "");

	a = account(&run.seen, "384001937221");
	assert_string_equal(a->login, "fatima.haddad@example.com");
	assert_string_equal(a->email, "fatima.haddad@example.com");
	assert_string_equal(a->display_name, "Fatima Haddad");
	assert_int_equal(a->mfa, MFA_ENABLED);
	assert_int_equal(a->active, 1);
	assert_int_equal(a->last_login, at("2026-11-19T16:02:44Z"));
	assert_true(is_member(&run.seen, "admin", "384001937221"));
	assert_int_equal(group(&run.seen, "admin")->privileged, 1);
	assert_int_equal(group(&run.seen, "agent")->privileged, 0);

	assert_int_equal(account(&run.seen, "384001937305")->mfa,
			 MFA_DISABLED);
	a = account(&run.seen, "384001937598"); /* suspended */
	assert_int_equal(a->active, 0);
	a = account(&run.seen, "384001937677"); /* light agent, never */
	assert_int_equal(a->last_login, -1);
	assert_true(is_member(&run.seen, "agent", "384001937677"));
	assert_int_equal(run.seen.member_count, 5);
	free_seen(&run.seen);
}

static void test_zendesk_next_page(void **state)
{
	struct run run;

	(void)state;
	read_json(&run, OWN "zendesk-next-page.json", SOURCE_ROLE_ACCOUNTS,
		  NULL, NULL, 0);
	assert_int_equal(run.rc, AR_OK);
	assert_int_equal(run.seen.account_count, 1);
	assert_int_equal(account(&run.seen, "1")->mfa, MFA_UNKNOWN);
	assert_int_equal(run.summary.declared, 119);
	assert_string_equal(run.summary.incomplete,
			    "next_page is set: the export holds one page of "
			    "several");
	free_seen(&run.seen);
}

/* ---- Datadog ---- */

static void test_datadog(void **state)
{
	struct run run;
	const struct seen_account *a;
	const char *admin_role = "d1eaca4a-25fd-50b6-981b-08a15ac8bea1";
	const char *rachel = "dea1aef1-d77b-5972-9e54-41f2c5954ca0";

	(void)state;
	read_json(&run, FORMATS "datadog-users.json", SOURCE_ROLE_ACCOUNTS,
		  NULL, NULL, 0);
	assert_int_equal(run.rc, AR_OK);
	assert_string_equal(run.summary.detected_preset, "datadog");
	assert_int_equal(run.seen.account_count, 7);
	assert_int_equal(run.summary.declared, 7);
	assert_string_equal(run.summary.incomplete, "");

	a = account(&run.seen, "877e5957-a239-56a8-83e1-177844fd03ce");
	assert_string_equal(a->login, "amara.okafor@example.com");
	assert_string_equal(a->email, "amara.okafor@example.com");
	assert_string_equal(a->display_name, "Amara Okafor");
	assert_int_equal(a->mfa, MFA_ENABLED);
	assert_int_equal(a->active, 1);
	assert_int_equal(a->last_login, 0);

	a = account(&run.seen, "9acc5f6b-02ae-5469-9513-389e3023293e");
	assert_int_equal(a->active, 0);
	assert_int_equal(a->mfa, MFA_DISABLED);
	a = account(&run.seen, "4d1c4365-2f57-5ea3-a2d6-3c97f7f630dc");
	assert_int_equal(a->active, 1); /* pending: invited */
	assert_int_equal(a->last_login, -1);
	a = account(&run.seen, "207d529c-3891-5f6d-a8d2-d5411e747e92");
	assert_int_equal(a->is_service, 1);
	assert_int_equal(a->mfa, MFA_NOT_APPLICABLE);

	assert_int_equal(run.seen.group_count, 4);
	assert_string_equal(group(&run.seen, admin_role)->name,
			    "Datadog Admin Role");
	assert_int_equal(group(&run.seen, admin_role)->privileged, 1);
	assert_int_equal(
		group(&run.seen, "db2f1b67-4444-5452-b4f0-614ad74e3c46")
			->privileged,
		0);
	assert_true(is_member(&run.seen, admin_role, rachel));
	assert_true(is_member(&run.seen,
			      "db2f1b67-4444-5452-b4f0-614ad74e3c46", rachel));
	assert_int_equal(run.seen.member_count, 9);
	free_seen(&run.seen);
}

static void test_datadog_partial(void **state)
{
	struct run run;

	(void)state;
	read_json(&run, OWN "datadog-partial.json", SOURCE_ROLE_ACCOUNTS, NULL,
		  NULL, 0);
	assert_int_equal(run.rc, AR_OK);
	assert_int_equal(run.seen.account_count, 1);
	assert_int_equal(run.summary.declared, 50);
	assert_string_equal(run.summary.incomplete,
			    "meta.page.total_count says 50 users, the export "
			    "holds 1");
	/* a role missing from included is named by its id */
	assert_string_equal(group(&run.seen, "r-unknown")->name, "r-unknown");
	free_seen(&run.seen);
}

/* ---- generic mapping ---- */

static const struct field_mapping generic_fields[] = {
	{ "id", "uid" },          { "login", "user" },
	{ "email", "mail" },      { "name", "full_name" },
	{ "active", "enabled" },  { "mfa", "otp" },
	{ "last-login", "seen" }, { "groups", "teams" },
	{ "employee-number", "badge" },
};

static void test_generic_mapping(void **state)
{
	struct run run;
	const struct seen_account *a;
	size_t count = sizeof(generic_fields) / sizeof(generic_fields[0]);

	(void)state;
	read_json(&run, OWN "generic-users.json", SOURCE_ROLE_ACCOUNTS, NULL,
		  generic_fields, count);
	assert_int_equal(run.rc, AR_OK);
	assert_string_equal(run.summary.detected_preset, "");
	assert_int_equal(run.seen.account_count, 3);

	a = account(&run.seen, "7");
	assert_string_equal(a->login, "alice");
	assert_string_equal(a->email, "alice@example.com");
	assert_string_equal(a->display_name, "Alice Example");
	assert_string_equal(a->employee_number, "00042");
	assert_int_equal(a->active, 1);
	assert_int_equal(a->mfa, MFA_ENABLED);
	assert_int_equal(a->last_login, at("2026-11-19T08:00:00Z"));

	a = account(&run.seen, "b-2");
	assert_null(a->email);
	assert_int_equal(a->active, 0);
	assert_int_equal(a->mfa, MFA_DISABLED);
	assert_int_equal(a->last_login, -1);

	a = account(&run.seen, "9");
	assert_int_equal(a->active, 0);
	assert_int_equal(a->mfa, MFA_UNKNOWN);
	assert_int_equal(a->last_login, 0);

	assert_int_equal(run.seen.group_count, 3);
	assert_true(is_member(&run.seen, "admins", "7"));
	assert_true(is_member(&run.seen, "developers", "7"));
	assert_true(is_member(&run.seen, "developers", "b-2"));
	assert_true(is_member(&run.seen, "ops", "b-2"));
	free_seen(&run.seen);

	read_json(&run, FORMATS "zendesk-users.json", SOURCE_ROLE_ACCOUNTS,
		  "", generic_fields, count);
	assert_int_equal(run.rc, AR_OK); /* detection comes first */
	assert_string_equal(run.summary.detected_preset, "zendesk");
	free_seen(&run.seen);
}

/* ---- dates (src/util/date.c): numbers where the field is numeric ---- */

static void test_generic_dates(void **state)
{
	static const struct field_mapping fields[] = {
		{ "login", "user" },
		{ "last-login", "seen" },
	};
	static const char *const at_14_02_11[] = {
		"seconds", "milliseconds", "fraction", "text",
	};
	size_t count = sizeof(fields) / sizeof(fields[0]);
	struct run run;

	(void)state;
	read_json(&run, OWN "generic-dates.json", SOURCE_ROLE_ACCOUNTS, NULL,
		  fields, count);
	assert_int_equal(run.rc, AR_OK);
	for (size_t i = 0; i < sizeof(at_14_02_11) / sizeof(at_14_02_11[0]);
	     i++)
		assert_int_equal(account(&run.seen, at_14_02_11[i])->last_login,
				 at("2026-11-20T14:02:11Z"));
	assert_int_equal(account(&run.seen, "never")->last_login, -1);
	assert_int_equal(account(&run.seen, "no-information")->last_login,
			 -1);
	assert_int_equal(account(&run.seen, "null")->last_login, 0);
	free_seen(&run.seen);

	export_strict = 1;
	read_json(&run, OWN "generic-bad-date.json", SOURCE_ROLE_ACCOUNTS,
		  NULL, fields, count);
	export_strict = 0;
	expect_failure(&run, AR_ERR_DATA,
		       OWN "generic-bad-date.json: record 2: '2026-02-30' in "
			   "'seen' is not a date (February 2026 has no day "
			   "30)");
	free_seen(&run.seen);
	/* without strict: a warning, and the last use is unknown */
	read_json(&run, OWN "generic-bad-date.json", SOURCE_ROLE_ACCOUNTS,
		  NULL, fields, count);
	assert_int_equal(run.rc, AR_OK);
	assert_int_equal(run.seen.warning_count, 1);
	assert_non_null(strstr(run.seen.warnings[0],
			       "generic-bad-date.json: record 2: "
			       "'2026-02-30' in 'seen' is not a date "
			       "(February 2026 has no day 30): read as not "
			       "told"));
	free_seen(&run.seen);
}

/* ---- hostile and broken input ---- */

static void test_hostile_documents(void **state)
{
	struct run run;

	(void)state;
	read_json(&run, BAD "deep-nesting.json", SOURCE_ROLE_ACCOUNTS, NULL,
		  NULL, 0);
	assert_int_equal(run.rc, AR_ERR_DATA);
	assert_non_null(strstr(run.err.message,
			       BAD "deep-nesting.json:1: maximum parsing "
				   "depth reached"));
	assert_int_equal(emitted(&run.seen), 0);
	free_seen(&run.seen);

	read_json(&run, BAD "truncated.json", SOURCE_ROLE_ACCOUNTS, NULL, NULL,
		  0);
	assert_int_equal(run.rc, AR_ERR_DATA);
	assert_non_null(strstr(run.err.message,
			       BAD "truncated.json:1: premature end of "
				   "input"));
	assert_int_equal(emitted(&run.seen), 0);
	free_seen(&run.seen);

	read_json(&run, BAD "not-a-listresponse.json", SOURCE_ROLE_ACCOUNTS,
		  NULL, NULL, 0);
	expect_failure(&run, AR_ERR_DATA,
		       BAD "not-a-listresponse.json: unrecognised export (no "
			   "preset matches its shape; set preset = or "
			   "field.* keys)");
	free_seen(&run.seen);

	read_json(&run, OWN "duplicate-key.json", SOURCE_ROLE_MFA, NULL, NULL,
		  0);
	assert_int_equal(run.rc, AR_ERR_DATA);
	assert_non_null(strstr(run.err.message,
			       OWN "duplicate-key.json:1: duplicate object "
				   "key"));
	assert_int_equal(emitted(&run.seen), 0);
	free_seen(&run.seen);
}

static void test_forced_preset_that_does_not_fit(void **state)
{
	struct run run;

	(void)state;
	read_json(&run, FORMATS "gitlab-users.json", SOURCE_ROLE_ACCOUNTS,
		  "zendesk", NULL, 0);
	expect_failure(&run, AR_ERR_DATA,
		       FORMATS "gitlab-users.json: not a zendesk export "
			       "(expected an object with a users array)");
	free_seen(&run.seen);

	read_json(&run, FORMATS "github-org-members-2fa-disabled.json",
		  SOURCE_ROLE_ACCOUNTS, "gitlab", NULL, 0);
	expect_failure(&run, AR_ERR_DATA,
		       FORMATS "github-org-members-2fa-disabled.json: record "
			       "1: no 'username'");
	free_seen(&run.seen);

	read_json(&run, FORMATS "zendesk-users.json", SOURCE_ROLE_ACCOUNTS,
		  "datadog", NULL, 0);
	expect_failure(&run, AR_ERR_DATA,
		       FORMATS "zendesk-users.json: not a datadog export "
			       "(expected a JSON:API object with a data "
			       "array)");
	free_seen(&run.seen);

	read_json(&run, FORMATS "zendesk-users.json", SOURCE_ROLE_ACCOUNTS,
		  "aws-iam", NULL, 0);
	expect_failure(&run, AR_ERR_CONFIG,
		       FORMATS "zendesk-users.json: preset 'aws-iam' reads CSV "
			       "exports, not JSON");
	free_seen(&run.seen);
}

static void test_empty_and_missing(void **state)
{
	struct run run;

	(void)state;
	read_json(&run, OWN "blank.json", SOURCE_ROLE_ACCOUNTS, NULL, NULL, 0);
	expect_failure(&run, AR_ERR_DATA, OWN "blank.json: empty export");
	free_seen(&run.seen);

	read_json(&run, TEST_DATA "/csv/empty.csv", SOURCE_ROLE_ACCOUNTS, NULL,
		  NULL, 0);
	expect_failure(&run, AR_ERR_DATA,
		       TEST_DATA "/csv/empty.csv: empty export");
	free_seen(&run.seen);

	read_json(&run, OWN "no-such-file.json", SOURCE_ROLE_ACCOUNTS, NULL,
		  NULL, 0);
	assert_int_equal(run.rc, AR_ERR_NOINPUT);
	assert_non_null(strstr(run.err.message, "no-such-file.json"));
	assert_int_equal(emitted(&run.seen), 0);
	free_seen(&run.seen);
}

/* ---- streamed document shapes ---- */

/* Write text to a new temporary file; its path is returned in path. */
static void write_temp(char *path, size_t size, const char *text)
{
	FILE *file;
	int fd;

	snprintf(path, size, "%s", "/tmp/test_json-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	file = fdopen(fd, "w");
	assert_non_null(file);
	assert_int_equal(fputs(text, file) >= 0, 1);
	assert_int_equal(fclose(file), 0);
}

static void test_streamed_shapes(void **state)
{
	static const char datadog_included_first[] =
		"{\"included\": [{\"type\": \"roles\", \"id\": \"r1\", "
		"\"attributes\": {\"name\": \"Datadog Admin Role\"}}],\n"
		"\"data\": [{\"type\": \"users\", \"id\": \"u1\", "
		"\"attributes\": {\"email\": \"a@example.com\"}, "
		"\"relationships\": {\"roles\": {\"data\": [{\"type\": "
		"\"roles\", \"id\": \"r1\"}]}}}],\n\"meta\": {}}\n";
	static const char datadog_empty[] =
		"{\"data\": [], \"meta\": {\"page\": {\"total_count\": 0}}}";
	static const char both_lists[] =
		"{\"data\": [{\"type\": \"users\", \"id\": \"u1\", "
		"\"attributes\": {}}], \"users\": []}";
	static const char zendesk_then_data[] =
		"{\"users\": [{\"id\": 1, \"role\": \"agent\"}], "
		"\"data\": [1, 2], \"count\": 1, \"next_page\": null}";
	static const char duplicate_member[] =
		"{\"users\": [], \"count\": 0, \"count\": 1}";
	/* record 1 lacks `state`, but the syntax error later wins */
	static const char bad_item_then_syntax[] =
		"[{\"username\": \"a\"},\n{\"username\": \"b\", "
		"\"state\": \"active\"},\n{x}]\n";
	char path[64];
	struct run run;

	(void)state;
	write_temp(path, sizeof(path), datadog_included_first);
	read_json(&run, path, SOURCE_ROLE_ACCOUNTS, NULL, NULL, 0);
	assert_int_equal(run.rc, AR_OK);
	assert_string_equal(run.summary.detected_preset, "datadog");
	assert_int_equal(run.summary.records, 1);
	assert_string_equal(group(&run.seen, "r1")->name,
			    "Datadog Admin Role");
	assert_true(group(&run.seen, "r1")->privileged);
	free_seen(&run.seen);
	unlink(path);

	write_temp(path, sizeof(path), datadog_empty);
	read_json(&run, path, SOURCE_ROLE_ACCOUNTS, NULL, NULL, 0);
	assert_int_equal(run.rc, AR_OK);
	assert_string_equal(run.summary.detected_preset, "datadog");
	assert_int_equal(run.summary.records, 0);
	free_seen(&run.seen);
	unlink(path);

	write_temp(path, sizeof(path), both_lists);
	read_json(&run, path, SOURCE_ROLE_ACCOUNTS, NULL, NULL, 0);
	assert_int_equal(run.rc, AR_ERR_DATA);
	assert_non_null(strstr(run.err.message, "both a 'data' and a "
						"'users' list"));
	assert_int_equal(emitted(&run.seen), 0);
	free_seen(&run.seen);
	unlink(path);

	write_temp(path, sizeof(path), zendesk_then_data);
	read_json(&run, path, SOURCE_ROLE_ACCOUNTS, NULL, NULL, 0);
	assert_int_equal(run.rc, AR_OK);
	assert_string_equal(run.summary.detected_preset, "zendesk");
	assert_int_equal(run.summary.records, 1);
	free_seen(&run.seen);
	unlink(path);

	write_temp(path, sizeof(path), duplicate_member);
	read_json(&run, path, SOURCE_ROLE_ACCOUNTS, NULL, NULL, 0);
	assert_int_equal(run.rc, AR_ERR_DATA);
	assert_non_null(strstr(run.err.message,
			       "duplicate object key 'count'"));
	free_seen(&run.seen);
	unlink(path);

	write_temp(path, sizeof(path), bad_item_then_syntax);
	read_json(&run, path, SOURCE_ROLE_ACCOUNTS, "gitlab", NULL, 0);
	assert_int_equal(run.rc, AR_ERR_DATA);
	assert_non_null(strstr(run.err.message, ":3: "));
	assert_null(strstr(run.err.message, "record 1"));
	assert_int_equal(emitted(&run.seen), 0);
	free_seen(&run.seen);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_github_mfa_list),
		cmocka_unit_test(test_github_as_accounts),
		cmocka_unit_test(test_empty_array),
		cmocka_unit_test(test_gitlab),
		cmocka_unit_test(test_gitlab_as_directory),
		cmocka_unit_test(test_gitlab_bad_flag_emits_nothing),
		cmocka_unit_test(test_zendesk),
		cmocka_unit_test(test_zendesk_next_page),
		cmocka_unit_test(test_datadog),
		cmocka_unit_test(test_datadog_partial),
		cmocka_unit_test(test_generic_mapping),
		cmocka_unit_test(test_generic_dates),
		cmocka_unit_test(test_hostile_documents),
		cmocka_unit_test(test_forced_preset_that_does_not_fit),
		cmocka_unit_test(test_empty_and_missing),
		cmocka_unit_test(test_streamed_shapes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
