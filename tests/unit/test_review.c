/* test_review.c -- unit tests of correlation and every snapshot finding */
/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "accessreview/review.h"
#include "accessreview/store.h"
#include "support/test_sql.h"

#define NOW 1795132800 /* 2026-11-20T00:00:00Z */
#define DAY 86400

struct fixture {
	struct store *store;
	long long system_id;
	long long snapshot_id;
};

static int setup(void **state)
{
	static struct fixture fixture;
	struct ar_error err = AR_ERROR_INIT;
	int version;

	memset(&fixture, 0, sizeof(fixture));
	assert_int_equal(store_open(":memory:", STORE_CREATE, &fixture.store,
				    &err),
			 AR_OK);
	assert_int_equal(store_migrate(fixture.store, &version, &err), AR_OK);
	*state = &fixture;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fixture = *state;

	store_close(fixture->store);
	return 0;
}

static void person(struct fixture *f, const char *uid, const char *email,
		   int disabled)
{
	struct ar_error err = AR_ERROR_INIT;
	struct person_record record = { 0 };

	record.key = uid;
	record.uid = uid;
	record.email = email;
	record.display_name = uid;
	record.disabled = disabled;
	assert_int_equal(store_add_person(f->store, &record, &err), AR_OK);
}

static void account(struct fixture *f, const char *login, const char *email,
		    enum mfa_status mfa, time_t last_login)
{
	struct ar_error err = AR_ERROR_INIT;
	struct account_record record = { 0 };

	record.id = login;
	record.login = login;
	record.email = email;
	record.active = 1;
	record.mfa = mfa;
	record.last_login = last_login;
	assert_int_equal(store_add_account(f->store, f->system_id, &record,
					   NULL, &err),
			 AR_OK);
}

static void grant(struct fixture *f, const char *group, const char *login,
		  int privileged)
{
	struct ar_error err = AR_ERROR_INIT;
	struct group_record record = { group, group, 0, 1 };

	assert_int_equal(store_add_group(f->store, f->system_id, &record,
					 privileged, &err),
			 AR_OK);
	assert_int_equal(store_add_member(f->store, f->system_id, group, login,
					  MEMBER_ACCOUNT, &err),
			 AR_OK);
}

static void begin(struct fixture *f)
{
	struct ar_error err = AR_ERROR_INIT;
	struct store_system system = { "github", "source_control", "o", 1,
				       "email" };

	assert_int_equal(store_begin_snapshot(f->store, "2026-11-20T00:00:00Z",
					      &f->snapshot_id, &err),
			 AR_OK);
	assert_int_equal(store_add_system(f->store, &system, &f->system_id,
					  &err),
			 AR_OK);
}

static void finish(struct fixture *f, long long previous)
{
	struct ar_error err = AR_ERROR_INIT;
	struct review_options options = { f->snapshot_id, previous, NOW, 90 };

	assert_int_equal(store_resolve_memberships(f->store, f->system_id,
						   &err),
			 AR_OK);
	assert_int_equal(review_correlate(f->store, f->snapshot_id, &err),
			 AR_OK);
	assert_int_equal(review_compute_findings(f->store, &options, &err),
			 AR_OK);
	assert_int_equal(store_commit_snapshot(f->store, &err), AR_OK);
}

static long long findings(struct fixture *f, enum finding_code code)
{
	return test_sql_int(f->store,
			    "SELECT count(*) FROM finding "
			    "WHERE snapshot_id = ?1 AND code = ?2",
			    f->snapshot_id, finding_code_name(code));
}

/* A small company: one of every situation. */
static void company(struct fixture *f)
{
	person(f, "amara", "amara@example.com", 0);
	person(f, "tom", "tom@example.com", 1);
	person(f, "priya", "Priya@Example.com", 0);
	person(f, "priya.adm", "priya@example.com", 0);
	person(f, "lucas", "lucas@example.com", 0);
	account(f, "amara", "AMARA@example.com", MFA_ENABLED, NOW - DAY);
	account(f, "tom", "tom@example.com", MFA_ENABLED, NOW - DAY);
	account(f, "rachel", "rachel@example.com", MFA_ENABLED, NOW - DAY);
	account(f, "priya", "priya@example.com", MFA_ENABLED, NOW - DAY);
	account(f, "lucas", "lucas@example.com", MFA_DISABLED, NOW - DAY);
	account(f, "lucas2", "Lucas@example.com", MFA_UNKNOWN, NOW - 200 * DAY);
	account(f, "support", "support@example.com", MFA_ENABLED, -1);
	grant(f, "Owners", "amara", 1);
}

static void test_every_snapshot_finding(void **state)
{
	struct fixture *f = *state;

	begin(f);
	company(f);
	finish(f, 0);
	/* rachel and the generic support mailbox match nobody */
	assert_int_equal(findings(f, FINDING_ORPHAN_ACCOUNT), 2);
	assert_int_equal(findings(f, FINDING_TERMINATED_WITH_ACCESS), 1);
	assert_int_equal(findings(f, FINDING_MFA_DISABLED), 1);
	assert_int_equal(findings(f, FINDING_MFA_UNKNOWN), 1);
	assert_int_equal(findings(f, FINDING_PRIVILEGED_ACCESS), 1);
	/* lucas2 200 days ago; support never logged in */
	assert_int_equal(findings(f, FINDING_DORMANT_ACCOUNT), 2);
	assert_int_equal(findings(f, FINDING_DUPLICATE_ACCOUNT), 2);
	/* priya matches two people; support is generic */
	assert_int_equal(findings(f, FINDING_SHARED_ACCOUNT), 2);
	assert_int_equal(findings(f, FINDING_NEW_ACCESS), 0);
	assert_int_equal(findings(f, FINDING_INCOMPLETE_EXPORT), 0);
}

static void test_new_access_against_previous_snapshot(void **state)
{
	struct fixture *f = *state;
	long long previous;

	begin(f);
	person(f, "amara", "amara@example.com", 0);
	account(f, "amara", "amara@example.com", MFA_ENABLED, NOW - DAY);
	finish(f, 0);
	previous = f->snapshot_id;
	begin(f);
	person(f, "amara", "amara@example.com", 0);
	person(f, "lucas", "lucas@example.com", 0);
	account(f, "amara", "amara@example.com", MFA_ENABLED, NOW - DAY);
	account(f, "lucas", "lucas@example.com", MFA_ENABLED, NOW - DAY);
	grant(f, "Owners", "amara", 1);
	finish(f, previous);
	/* lucas is a new account; amara newly holds Owners */
	assert_int_equal(findings(f, FINDING_NEW_ACCESS), 2);
}

static void test_incomplete_export(void **state)
{
	struct fixture *f = *state;
	struct ar_error err = AR_ERROR_INIT;
	struct store_source source = { 0 };

	begin(f);
	source.system_id = f->system_id;
	source.role = "accounts";
	source.format = "scim";
	source.location = "users.json";
	source.records = 12;
	source.declared = 25;
	source.incomplete = "12 of 25 records delivered";
	source.read_at = "2026-11-20T00:00:00Z";
	assert_int_equal(store_add_source(f->store, &source, &err), AR_OK);
	finish(f, 0);
	assert_int_equal(findings(f, FINDING_INCOMPLETE_EXPORT), 1);
}

static void test_fail_on_counts(void **state)
{
	struct fixture *f = *state;
	struct ar_error err = AR_ERROR_INIT;
	long long critical = 0, none = 0, info = 0;

	begin(f);
	company(f);
	finish(f, 0);
	assert_int_equal(review_count_at_or_above(f->store, f->snapshot_id,
						  SEVERITY_CRITICAL, &critical,
						  &err),
			 AR_OK);
	assert_int_equal(critical, 1);
	review_count_at_or_above(f->store, f->snapshot_id, SEVERITY_NONE,
				 &none, &err);
	assert_int_equal(none, 0);
	review_count_at_or_above(f->store, f->snapshot_id, SEVERITY_INFO,
				 &info, &err);
	assert_int_equal(info, 12);
}

static void test_code_names_are_stable(void **state)
{
	(void)state;
	assert_string_equal(finding_code_name(FINDING_ORPHAN_ACCOUNT),
			    "orphan-account");
	assert_string_equal(finding_code_name(FINDING_INCOMPLETE_EXPORT),
			    "incomplete-export");
	assert_int_equal(finding_code_severity(FINDING_TERMINATED_WITH_ACCESS),
			 SEVERITY_CRITICAL);
	assert_string_equal(finding_code_name(FINDING_CODE_COUNT), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_snapshot_finding,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_new_access_against_previous_snapshot, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_incomplete_export, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_fail_on_counts, setup,
						teardown),
		cmocka_unit_test(test_code_names_are_stable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
