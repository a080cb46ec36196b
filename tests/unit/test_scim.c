/* test_scim.c -- unit tests of the SCIM 2.0 reader */
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

#include "accessreview/sources.h"

#define SCIM_DIR TEST_DATA "/formats/scim/"
#define BAD_DIR TEST_DATA "/formats/bad/"
#define OWN_DIR TEST_DATA "/scim/"
#define MAX_RECORDS 64

struct copied_person {
	char *key, *uid, *email, *display_name, *employee_number, *manager;
	int disabled;
	enum mfa_status mfa;
	time_t last_login;
};

struct copied_account {
	char *id, *login, *email, *display_name, *employee_number;
	int active, is_service;
	enum mfa_status mfa;
	time_t last_login;
};

struct copied_group {
	char *key, *name;
	int privileged, members_known;
};

struct copied_member {
	char *group_key, *ref;
	enum member_type type;
};

struct copied_mfa {
	char *ref;
	enum mfa_status status;
};

/* Everything a reader emitted, copied because records are borrowed. */
struct collected {
	struct copied_person persons[MAX_RECORDS];
	struct copied_account accounts[MAX_RECORDS];
	struct copied_group groups[MAX_RECORDS];
	struct copied_member members[MAX_RECORDS];
	struct copied_mfa mfas[MAX_RECORDS];
	char *warnings[MAX_RECORDS];
	size_t person_count, account_count, group_count, member_count,
		mfa_count, warning_count;
	int fail_after;  /* accounts accepted before the sink fails; 0 never */
};

static char *copy(const char *text)
{
	return text != NULL ? strdup(text) : NULL;
}

static enum ar_rc collect_person(void *context,
				 const struct person_record *person,
				 struct ar_error *err)
{
	struct collected *c = context;
	struct copied_person *out;

	(void)err;
	assert_true(c->person_count < MAX_RECORDS);
	out = &c->persons[c->person_count++];
	out->key = copy(person->key);
	out->uid = copy(person->uid);
	out->email = copy(person->email);
	out->display_name = copy(person->display_name);
	out->employee_number = copy(person->employee_number);
	out->manager = copy(person->manager);
	out->disabled = person->disabled;
	out->mfa = person->mfa;
	out->last_login = person->last_login;
	return AR_OK;
}

static enum ar_rc collect_account(void *context,
				  const struct account_record *account,
				  struct ar_error *err)
{
	struct collected *c = context;
	struct copied_account *out;

	if (c->fail_after > 0 && (int)c->account_count >= c->fail_after)
		return ar_error_set(err, AR_ERR_INTERNAL, "sink full");
	assert_true(c->account_count < MAX_RECORDS);
	out = &c->accounts[c->account_count++];
	out->id = copy(account->id);
	out->login = copy(account->login);
	out->email = copy(account->email);
	out->display_name = copy(account->display_name);
	out->employee_number = copy(account->employee_number);
	out->active = account->active;
	out->is_service = account->is_service;
	out->mfa = account->mfa;
	out->last_login = account->last_login;
	return AR_OK;
}

static enum ar_rc collect_group(void *context,
				const struct group_record *group,
				struct ar_error *err)
{
	struct collected *c = context;
	struct copied_group *out;

	(void)err;
	assert_true(c->group_count < MAX_RECORDS);
	out = &c->groups[c->group_count++];
	out->key = copy(group->key);
	out->name = copy(group->name);
	out->privileged = group->privileged;
	out->members_known = group->members_known;
	return AR_OK;
}

static enum ar_rc collect_member(void *context, const char *group_key,
				 const char *ref, enum member_type type,
				 struct ar_error *err)
{
	struct collected *c = context;
	struct copied_member *out;

	(void)err;
	assert_true(c->member_count < MAX_RECORDS);
	out = &c->members[c->member_count++];
	out->group_key = copy(group_key);
	out->ref = copy(ref);
	out->type = type;
	return AR_OK;
}

static enum ar_rc collect_mfa(void *context, const char *account_ref,
			      enum mfa_status status, struct ar_error *err)
{
	struct collected *c = context;
	struct copied_mfa *out;

	(void)err;
	assert_true(c->mfa_count < MAX_RECORDS);
	out = &c->mfas[c->mfa_count++];
	out->ref = copy(account_ref);
	out->status = status;
	return AR_OK;
}

static void collect_warning(void *context, const char *message)
{
	struct collected *c = context;

	assert_true(c->warning_count < MAX_RECORDS);
	c->warnings[c->warning_count++] = copy(message);
}

static size_t total_emitted(const struct collected *c)
{
	return c->person_count + c->account_count + c->group_count +
	       c->member_count + c->mfa_count;
}

static void release(struct collected *c)
{
	for (size_t i = 0; i < c->person_count; i++) {
		struct copied_person *p = &c->persons[i];

		free(p->key), free(p->uid), free(p->email);
		free(p->display_name), free(p->employee_number);
		free(p->manager);
	}
	for (size_t i = 0; i < c->account_count; i++) {
		struct copied_account *a = &c->accounts[i];

		free(a->id), free(a->login), free(a->email);
		free(a->display_name), free(a->employee_number);
	}
	for (size_t i = 0; i < c->group_count; i++)
		free(c->groups[i].key), free(c->groups[i].name);
	for (size_t i = 0; i < c->member_count; i++)
		free(c->members[i].group_key), free(c->members[i].ref);
	for (size_t i = 0; i < c->mfa_count; i++)
		free(c->mfas[i].ref);
	for (size_t i = 0; i < c->warning_count; i++)
		free(c->warnings[i]);
	free(c);
}

static struct collected *new_collected(void)
{
	struct collected *c = calloc(1, sizeof(*c));

	assert_non_null(c);
	return c;
}

/* Read `path` in `role` into c; the summary and error are the caller's. */
static enum ar_rc read_into(const char *path, enum source_role role,
			    struct collected *c,
			    struct source_summary *summary,
			    struct ar_error *err)
{
	struct record_sink sink = {
		.context = c,
		.person = collect_person,
		.account = collect_account,
		.group = collect_group,
		.member = collect_member,
		.mfa = collect_mfa,
		.warning = collect_warning,
	};
	struct source_spec spec = {
		.system = role == SOURCE_ROLE_DIRECTORY ? NULL : "deploy",
		.role = role,
		.format = SOURCE_FORMAT_SCIM,
		.location = path,
	};

	return source_read_scim(&spec, &sink, summary, err);
}

static const struct copied_account *account_by_login(
	const struct collected *c, const char *login)
{
	for (size_t i = 0; i < c->account_count; i++) {
		if (c->accounts[i].login != NULL &&
		    strcmp(c->accounts[i].login, login) == 0)
			return &c->accounts[i];
	}
	fail_msg("no account '%s'", login);
	return NULL;
}

static const struct copied_account *account_by_id(const struct collected *c,
						  const char *id)
{
	for (size_t i = 0; i < c->account_count; i++) {
		if (strcmp(c->accounts[i].id, id) == 0)
			return &c->accounts[i];
	}
	fail_msg("no account id '%s'", id);
	return NULL;
}

static const struct copied_group *group_by_name(const struct collected *c,
						const char *name)
{
	for (size_t i = 0; i < c->group_count; i++) {
		if (strcmp(c->groups[i].name, name) == 0)
			return &c->groups[i];
	}
	fail_msg("no group '%s'", name);
	return NULL;
}

static size_t count_members(const struct collected *c, const char *group_key)
{
	size_t count = 0;

	for (size_t i = 0; i < c->member_count; i++)
		count += strcmp(c->members[i].group_key, group_key) == 0;
	return count;
}

static const struct copied_member *member_of(const struct collected *c,
					     const char *group_key,
					     const char *ref)
{
	for (size_t i = 0; i < c->member_count; i++) {
		if (strcmp(c->members[i].group_key, group_key) == 0 &&
		    strcmp(c->members[i].ref, ref) == 0)
			return &c->members[i];
	}
	fail_msg("no member '%s' in '%s'", ref, group_key);
	return NULL;
}

/* Expect a data error whose message holds `needle` and nothing emitted. */
static void expect_refused(const char *path, enum source_role role,
			   enum ar_rc code, const char *needle)
{
	struct collected *c = new_collected();
	struct source_summary summary;
	struct ar_error err = AR_ERROR_INIT;

	assert_int_equal(read_into(path, role, c, &summary, &err), code);
	assert_int_equal(err.code, code);
	if (strstr(err.message, needle) == NULL)
		fail_msg("message '%s' lacks '%s'", err.message, needle);
	assert_int_equal(total_emitted(c), 0);
	assert_int_equal(c->warning_count, 0);
	release(c);
}

static void test_listresponse_accounts(void **state)
{
	struct collected *c = new_collected();
	struct source_summary summary;
	struct ar_error err = AR_ERROR_INIT;
	const struct copied_account *a;

	(void)state;
	assert_int_equal(read_into(SCIM_DIR "listresponse-users.json",
				   SOURCE_ROLE_ACCOUNTS, c, &summary, &err),
			 AR_OK);
	assert_int_equal(c->account_count, 12);
	assert_int_equal(c->person_count + c->group_count + c->member_count,
			 0);
	assert_int_equal(summary.records, 12);
	assert_int_equal(summary.declared, 25);
	assert_string_equal(summary.incomplete,
			    "12 of 25 records delivered (totalResults)");

	a = account_by_login(c, "tom.becker@example.com");
	assert_int_equal(a->active, 0); /* "False" as a string */
	a = account_by_login(c, "kwame.asante@example.com");
	assert_int_equal(a->active, 0);
	a = account_by_login(c, "amara.okafor@example.com");
	assert_int_equal(a->active, 1);
	assert_string_equal(a->id, "57c93476-0d55-57a2-a9b8-f299a353acca");
	assert_string_equal(a->display_name, "Amara Okafor");
	assert_int_equal(a->mfa, MFA_UNKNOWN);
	assert_int_equal(a->last_login, 0);
	assert_int_equal(a->is_service, 0);

	/* UserName, DisplayName, Emails/Value/Primary, Active */
	a = account_by_id(c, "abb0768e-75d3-5e2d-9e41-fccadcc185a0");
	assert_string_equal(a->login, "daniel.moreau@example.com");
	assert_string_equal(a->display_name, "Daniel Moreau");
	assert_string_equal(a->email, "daniel.moreau@example.com");
	assert_int_equal(a->active, 1);

	a = account_by_login(c, "oliver.grant@example.com");
	assert_string_equal(a->email, "oliver.grant@example.com");
	a = account_by_login(c, "lucas.silva@example.com");
	assert_string_equal(a->email, "lucas.silva@example.com");
	a = account_by_login(c, "praman");
	assert_string_equal(a->email, "Priya.Raman@Example.COM");
	a = account_by_login(c, "yuki.tanaka");
	assert_null(a->email);
	assert_int_equal(a->is_service, 0); /* Contractor */
	a = account_by_login(c, "ci-deploy");
	assert_int_equal(a->is_service, 1);
	assert_string_equal(a->email, "platform-team@example.com");
	assert_int_equal(c->warning_count, 0);
	release(c);
}

static void test_listresponse_directory(void **state)
{
	struct collected *c = new_collected();
	struct source_summary summary;
	struct ar_error err = AR_ERROR_INIT;
	int found = 0;

	(void)state;
	assert_int_equal(read_into(SCIM_DIR "listresponse-users.json",
				   SOURCE_ROLE_DIRECTORY, c, &summary, &err),
			 AR_OK);
	assert_int_equal(c->person_count, 12);
	assert_int_equal(c->account_count, 0);
	assert_int_equal(summary.records, 12);
	for (size_t i = 0; i < c->person_count; i++) {
		struct copied_person *p = &c->persons[i];

		if (strcmp(p->uid, "tom.becker@example.com") == 0) {
			assert_string_equal(
				p->key, "53efbbf6-54f8-5f3f-a37d-2f95f998dd10");
			assert_int_equal(p->disabled, 1);
			assert_string_equal(p->email, "tom.becker@example.com");
			found++;
		} else if (strcmp(p->uid, "rachel.vance@example.com") == 0) {
			assert_int_equal(p->disabled, 0);
			assert_null(p->employee_number);
			assert_null(p->manager);
			assert_int_equal(p->mfa, MFA_UNKNOWN);
			found++;
		}
	}
	assert_int_equal(found, 2);
	release(c);
}

static void test_page2_and_both_pages(void **state)
{
	struct collected *c = new_collected();
	struct source_summary summary;
	struct ar_error err = AR_ERROR_INIT;
	size_t distinct = 0;

	(void)state;
	assert_int_equal(read_into(SCIM_DIR "listresponse-users-page2.json",
				   SOURCE_ROLE_ACCOUNTS, c, &summary, &err),
			 AR_OK);
	assert_int_equal(c->account_count, 5);
	assert_int_equal(summary.records, 5);
	assert_int_equal(summary.declared, 25);
	assert_string_equal(summary.incomplete,
			    "5 of 25 records delivered (totalResults)");
	assert_string_equal(account_by_login(c, "joerg.weiss@example.com")
				    ->display_name,
			    "J\xc3\xb6rg Wei\xc3\x9f");

	/* page 1 into the same sink: fatima comes twice, the store dedups */
	assert_int_equal(read_into(SCIM_DIR "listresponse-users.json",
				   SOURCE_ROLE_ACCOUNTS, c, &summary, &err),
			 AR_OK);
	assert_int_equal(c->account_count, 17);
	for (size_t i = 0; i < c->account_count; i++) {
		size_t j = 0;

		while (strcmp(c->accounts[j].id, c->accounts[i].id) != 0)
			j++;
		distinct += j == i;
	}
	assert_int_equal(distinct, 16);
	release(c);
}

static void test_duplicate_ids(void **state)
{
	struct collected *c = new_collected();
	struct source_summary summary;
	struct ar_error err = AR_ERROR_INIT;

	(void)state;
	assert_int_equal(read_into(OWN_DIR "duplicate-ids.json",
				   SOURCE_ROLE_ACCOUNTS, c, &summary, &err),
			 AR_OK);
	assert_int_equal(c->account_count, 2);
	assert_string_equal(c->accounts[0].login, "first.one");
	assert_int_equal(c->accounts[0].active, 1);
	assert_string_equal(c->accounts[1].login, "second.one");
	assert_int_equal(c->accounts[1].active, 1); /* "TRUE" */
	/* a group may share an id with a user */
	assert_int_equal(c->group_count, 1);
	assert_string_equal(c->groups[0].key, "u-1");
	assert_int_equal(c->groups[0].members_known, 1);
	assert_int_equal(c->member_count, 0);
	assert_int_equal(summary.records, 3);
	assert_int_equal(summary.declared, -1);
	assert_string_equal(summary.incomplete, "");
	assert_int_equal(c->warning_count, 1);
	assert_non_null(strstr(c->warnings[0],
			       "duplicate-ids.json: record 3 (id u-1): id "
			       "already seen"));
	release(c);
}

static void test_groups(void **state)
{
	struct collected *c = new_collected();
	struct source_summary summary;
	struct ar_error err = AR_ERROR_INIT;
	const struct copied_group *admins, *release_managers, *developers;
	const struct copied_group *auditors, *contractors;
	const struct copied_member *m;

	(void)state;
	assert_int_equal(read_into(SCIM_DIR "listresponse-groups.json",
				   SOURCE_ROLE_GROUPS, c, &summary, &err),
			 AR_OK);
	assert_int_equal(c->group_count, 5);
	assert_int_equal(c->account_count, 0);
	assert_int_equal(summary.records, 5);
	assert_int_equal(summary.declared, 5);
	assert_string_equal(summary.incomplete, "");

	admins = group_by_name(c, "Admins");
	release_managers = group_by_name(c, "Release Managers");
	developers = group_by_name(c, "Developers");
	auditors = group_by_name(c, "Auditors");
	contractors = group_by_name(c, "Contractors");
	assert_string_equal(admins->key,
			    "7118dd1b-b7e3-5528-91b3-1adb6eff47b0");
	assert_int_equal(admins->members_known, 1);
	assert_int_equal(admins->privileged, 0);
	assert_int_equal(count_members(c, admins->key), 3);
	m = member_of(c, admins->key, release_managers->key);
	assert_int_equal(m->type, MEMBER_GROUP);
	m = member_of(c, admins->key, "57c93476-0d55-57a2-a9b8-f299a353acca");
	assert_int_equal(m->type, MEMBER_ACCOUNT);
	assert_int_equal(count_members(c, release_managers->key), 2);

	/* Oliver Grant has no type: his $ref says /Users/ */
	assert_int_equal(count_members(c, developers->key), 6);
	m = member_of(c, developers->key,
		      "9deedbbc-3ee4-50c7-803f-72c52f7c8cee");
	assert_int_equal(m->type, MEMBER_ACCOUNT);

	assert_int_equal(auditors->members_known, 0);
	assert_int_equal(count_members(c, auditors->key), 0);
	assert_int_equal(contractors->members_known, 1);
	assert_int_equal(count_members(c, contractors->key), 0);
	assert_int_equal(c->member_count, 11);

	assert_int_equal(c->warning_count, 1);
	assert_string_equal(c->warnings[0],
			    SCIM_DIR "listresponse-groups.json: group "
				     "'Auditors' has no members attribute: "
				     "membership unknown");
	release(c);
}

static void test_groups_inferred(void **state)
{
	struct collected *c = new_collected();
	struct source_summary summary;
	struct ar_error err = AR_ERROR_INIT;

	(void)state;
	assert_int_equal(read_into(OWN_DIR "groups-inferred.json",
				   SOURCE_ROLE_GROUPS, c, &summary, &err),
			 AR_OK);
	assert_int_equal(c->group_count, 2);
	assert_string_equal(c->groups[0].name, "Parent"); /* DisplayName */
	assert_string_equal(c->groups[1].name, "g-child"); /* no name: id */
	assert_int_equal(count_members(c, "g-parent"), 4);
	assert_int_equal(member_of(c, "g-parent", "g-child")->type,
			 MEMBER_GROUP);
	assert_int_equal(member_of(c, "g-parent", "u-7")->type,
			 MEMBER_ACCOUNT);
	assert_int_equal(member_of(c, "g-parent", "u-8")->type,
			 MEMBER_ACCOUNT);
	assert_int_equal(member_of(c, "g-parent", "u-9")->type,
			 MEMBER_ACCOUNT);
	assert_int_equal(member_of(c, "g-child", "u-7")->type,
			 MEMBER_ACCOUNT);
	assert_int_equal(c->warning_count, 0);
	release(c);
}

static void test_ndjson_refused(void **state)
{
	(void)state;
	expect_refused(SCIM_DIR "users.ndjson", SOURCE_ROLE_ACCOUNTS,
		       AR_ERR_DATA, "users.ndjson:7: ");
	expect_refused(SCIM_DIR "users.ndjson", SOURCE_ROLE_DIRECTORY,
		       AR_ERR_DATA, "users.ndjson:7: ");
}

static void test_ndjson_valid(void **state)
{
	struct collected *c = new_collected();
	struct source_summary summary;
	struct ar_error err = AR_ERROR_INIT;
	const struct copied_account *a;

	(void)state;
	assert_int_equal(read_into(OWN_DIR "users-valid.ndjson",
				   SOURCE_ROLE_ACCOUNTS, c, &summary, &err),
			 AR_OK);
	assert_int_equal(c->account_count, 2);
	a = account_by_login(c, "jose.nunez");
	assert_string_equal(a->display_name, "Jos\xc3\xa9 N\xc3\xba\xc3\xb1"
					     "ez");
	assert_int_equal(a->active, 0);
	a = account_by_login(c, "svc-backup");
	assert_int_equal(a->is_service, 1);
	assert_int_equal(a->active, 1);
	assert_null(a->email);
	assert_int_equal(c->group_count, 1);
	assert_string_equal(c->groups[0].name, "Backup operators");
	assert_int_equal(member_of(c, "g-1", "n-2")->type, MEMBER_ACCOUNT);
	assert_int_equal(summary.records, 3);
	assert_int_equal(summary.declared, -1);
	assert_string_equal(summary.incomplete, "");
	release(c);
}

static void test_idcs_mfa(void **state)
{
	struct collected *c = new_collected();
	struct source_summary summary;
	struct ar_error err = AR_ERROR_INIT;

	(void)state;
	assert_int_equal(read_into(SCIM_DIR
				   "idcs-users-with-mfa-extension.json",
				   SOURCE_ROLE_ACCOUNTS, c, &summary, &err),
			 AR_OK);
	assert_int_equal(c->account_count, 4);
	assert_int_equal(account_by_login(c, "amara.okafor@example.com")->mfa,
			 MFA_ENABLED);
	assert_int_equal(account_by_login(c, "lucas.silva@example.com")->mfa,
			 MFA_DISABLED); /* UN_ENROLLED */
	assert_int_equal(account_by_login(c, "oliver.grant@example.com")->mfa,
			 MFA_DISABLED); /* IGNORED */
	assert_int_equal(account_by_login(c, "mei.lin@example.com")->mfa,
			 MFA_UNKNOWN); /* no extension */
	assert_string_equal(summary.incomplete, "");
	release(c);

	/* as a system's MFA list: only the statuses it knows */
	c = new_collected();
	assert_int_equal(read_into(SCIM_DIR
				   "idcs-users-with-mfa-extension.json",
				   SOURCE_ROLE_MFA, c, &summary, &err),
			 AR_OK);
	assert_int_equal(c->account_count, 0);
	assert_int_equal(c->mfa_count, 3);
	assert_string_equal(c->mfas[0].ref,
			    "3f9a0c5e7b2d4e61a8c4f0b2d6e8a1c3");
	assert_int_equal(c->mfas[0].status, MFA_ENABLED);
	assert_int_equal(c->mfas[1].status, MFA_DISABLED);
	assert_int_equal(c->mfas[2].status, MFA_DISABLED);
	assert_int_equal(summary.records, 3);
	release(c);
}

static void test_rfc7643_user(void **state)
{
	struct collected *c = new_collected();
	struct source_summary summary;
	struct ar_error err = AR_ERROR_INIT;
	const char *id = "440bc684-363a-5e87-9c0b-c33904afdee9";
	const char *release_managers = "6ac9d547-e0ae-5e12-b1e2-018478165506";
	const char *admins = "7118dd1b-b7e3-5528-91b3-1adb6eff47b0";

	(void)state;
	assert_int_equal(read_into(SCIM_DIR "rfc7643-user-full.json",
				   SOURCE_ROLE_ACCOUNTS, c, &summary, &err),
			 AR_OK);
	assert_int_equal(c->account_count, 1);
	assert_string_equal(c->accounts[0].id, id);
	assert_string_equal(c->accounts[0].login,
			    "hannah.schmidt@example.com");
	assert_string_equal(c->accounts[0].email,
			    "hannah.schmidt@example.com");
	assert_string_equal(c->accounts[0].display_name, "Hannah Schmidt");
	assert_string_equal(c->accounts[0].employee_number, "10010");
	assert_int_equal(c->accounts[0].is_service, 0);
	/* read-only groups: direct and indirect (via nesting) */
	assert_int_equal(c->member_count, 2);
	assert_int_equal(member_of(c, release_managers, id)->type,
			 MEMBER_ACCOUNT);
	assert_int_equal(member_of(c, admins, id)->type, MEMBER_ACCOUNT);
	assert_int_equal(c->group_count, 2);
	assert_string_equal(group_by_name(c, "Admins")->key, admins);
	assert_string_equal(group_by_name(c, "Release Managers")->key,
			    release_managers);
	assert_int_equal(summary.records, 1);
	assert_int_equal(summary.declared, -1);
	release(c);

	c = new_collected();
	assert_int_equal(read_into(SCIM_DIR "rfc7643-user-full.json",
				   SOURCE_ROLE_DIRECTORY, c, &summary, &err),
			 AR_OK);
	assert_int_equal(c->person_count, 1);
	assert_int_equal(c->group_count + c->member_count, 0);
	assert_string_equal(c->persons[0].key, id);
	assert_string_equal(c->persons[0].employee_number, "10010");
	assert_string_equal(c->persons[0].manager,
			    "abb0768e-75d3-5e2d-9e41-fccadcc185a0");
	assert_string_equal(c->persons[0].email, "hannah.schmidt@example.com");
	assert_int_equal(c->persons[0].disabled, 0);
	release(c);
}

static void test_names_and_emails(void **state)
{
	struct collected *c = new_collected();
	struct source_summary summary;
	struct ar_error err = AR_ERROR_INIT;

	(void)state;
	assert_int_equal(read_into(OWN_DIR "names.json", SOURCE_ROLE_DIRECTORY,
				   c, &summary, &err),
			 AR_OK);
	assert_int_equal(c->person_count, 4);
	assert_string_equal(c->persons[0].display_name, "Dr. Ada Lovelace");
	assert_string_equal(c->persons[0].email, "ada@example.com"); /* Work */
	assert_string_equal(c->persons[1].display_name, "Grace Hopper");
	assert_string_equal(c->persons[1].email, "grace@example.com");
	assert_string_equal(c->persons[2].display_name, "Cher");
	assert_string_equal(c->persons[2].email, "cher@example.org");
	assert_null(c->persons[3].display_name);
	assert_null(c->persons[3].email);
	assert_string_equal(c->persons[3].employee_number, "00042");
	assert_string_equal(c->persons[3].manager, "n-parts");
	release(c);
}

static void test_hostile_json(void **state)
{
	(void)state;
	/* jansson stops at depth 2048: no stack overflow */
	expect_refused(BAD_DIR "deep-nesting.json", SOURCE_ROLE_ACCOUNTS,
		       AR_ERR_DATA, "deep-nesting.json:1: maximum parsing depth");
	expect_refused(BAD_DIR "truncated.json", SOURCE_ROLE_ACCOUNTS,
		       AR_ERR_DATA, "truncated.json:1: premature end of input");
	expect_refused(OWN_DIR "invalid-utf8.json", SOURCE_ROLE_ACCOUNTS,
		       AR_ERR_DATA, "invalid-utf8.json:1: unable to decode");
}

static void test_error_body(void **state)
{
	(void)state;
	expect_refused(BAD_DIR "not-a-listresponse.json", SOURCE_ROLE_ACCOUNTS,
		       AR_ERR_DATA,
		       "not-a-listresponse.json: SCIM error 401: Bearer "
		       "token expired");
	expect_refused(OWN_DIR "error-status-number.json",
		       SOURCE_ROLE_GROUPS, AR_ERR_DATA,
		       "SCIM error 403: Insufficient privileges");
}

static void test_bad_records(void **state)
{
	(void)state;
	expect_refused(OWN_DIR "bad-boolean.json", SOURCE_ROLE_ACCOUNTS,
		       AR_ERR_DATA,
		       "bad-boolean.json: record 3 (id b-3): 'active' is not a "
		       "boolean");
	expect_refused(OWN_DIR "missing-id.json", SOURCE_ROLE_DIRECTORY,
		       AR_ERR_DATA, "missing-id.json: record 2: 'id' is missing");
	expect_refused(OWN_DIR "bad-types.json", SOURCE_ROLE_ACCOUNTS,
		       AR_ERR_DATA,
		       "bad-types.json: record 2 (id t-2): 'userName' is not a "
		       "string");
	expect_refused(OWN_DIR "not-scim.json", SOURCE_ROLE_ACCOUNTS,
		       AR_ERR_DATA,
		       "not-scim.json: not a SCIM ListResponse, resource array "
		       "or resource");
	/* a JSON export of another kind: ids are numbers */
	expect_refused(TEST_DATA "/formats/json/gitlab-users.json",
		       SOURCE_ROLE_ACCOUNTS, AR_ERR_DATA,
		       "gitlab-users.json: record 1: 'id' is not a string");
}

static void test_missing_file(void **state)
{
	(void)state;
	expect_refused(OWN_DIR "no-such-file.json", SOURCE_ROLE_ACCOUNTS,
		       AR_ERR_NOINPUT, "no-such-file.json");
}

/* Write bytes to a new temporary file; return its name (free it). */
static char *temporary_bytes(const void *data, size_t length)
{
	char *name = strdup("/tmp/test_scim_XXXXXX");
	FILE *file;
	int fd;

	assert_non_null(name);
	fd = mkstemp(name);
	assert_true(fd >= 0);
	file = fdopen(fd, "wb");
	assert_non_null(file);
	assert_int_equal(fwrite(data, 1, length, file), length);
	assert_int_equal(fclose(file), 0);
	return name;
}

/* head, then `filler` letters x, then tail, in a temporary file. */
static char *temporary_file(const char *head, size_t filler, const char *tail)
{
	size_t head_length = strlen(head);
	size_t tail_length = strlen(tail);
	char *data = malloc(head_length + filler + tail_length + 1);
	char *name;

	assert_non_null(data);
	memcpy(data, head, head_length);
	memset(data + head_length, 'x', filler);
	memcpy(data + head_length + filler, tail, tail_length);
	name = temporary_bytes(data, head_length + filler + tail_length);
	free(data);
	return name;
}

/* Read a temporary file holding `text`; expect a data error with needle. */
static void expect_text_refused(const char *text, size_t length,
				const char *needle)
{
	char *name = temporary_bytes(text, length);

	expect_refused(name, SOURCE_ROLE_ACCOUNTS, AR_ERR_DATA, needle);
	unlink(name);
	free(name);
}

#define REFUSED_TEXT(text, needle) \
	expect_text_refused(text, sizeof(text) - 1, needle)

static void test_document_syntax(void **state)
{
	(void)state;
	REFUSED_TEXT("[{\"id\":\"a\",\"userName\":\"a\"} {\"id\":\"b\"}]",
		     ":1: ',' or ']' expected (column 28)");
	REFUSED_TEXT("{\"totalResults\": 1,\n \"Resources\": [],\n}",
		     ":3: string expected (column 1)");
	REFUSED_TEXT("{\"Resources\" 1}", ":1: ':' expected (column 14)");
	REFUSED_TEXT("{\"totalResults\": 2 \"Resources\": []}",
		     ":1: ',' or '}' expected (column 20)");
	REFUSED_TEXT("[{\"id\":\"a\",\"userName\":\"a\"}]\n[]\n",
		     ":2: end of file expected (column 1)");
	REFUSED_TEXT("[{\"id\":\"a\",\"userName\":\"a\"},",
		     ":1: premature end of input");
	REFUSED_TEXT("[\0]", ":1: ");
	REFUSED_TEXT("[{\"id\":\"a\",\"userName\":\"\0\"}]", ":1: ");
	REFUSED_TEXT("[1e]", ":1: ");
	REFUSED_TEXT("{\"Resources\": [{\"id\": \"a\", \"userName\": \"a\"}],"
		     " \"totalResults\": -1}",
		     "'totalResults' is not a non-negative integer");
	REFUSED_TEXT("{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:"
		     "ListResponse\"], \"Resources\": {}}",
		     "'Resources' is not an array");
	REFUSED_TEXT("[[]]", "record 1: not a JSON object");
	REFUSED_TEXT("   \n\n", ":3: premature end of input");
}

/* Counts accounts and checks every display name; for big exports. */
struct counting_sink {
	long accounts;
	long wrong;
};

static enum ar_rc count_account(void *context,
				const struct account_record *account,
				struct ar_error *err)
{
	struct counting_sink *counts = context;

	(void)err;
	counts->accounts++;
	if (account->display_name == NULL ||
	    strcmp(account->display_name, "J\xc3\xb6rg \xe2\x82\xac "
					  "Wei\xc3\x9f") != 0)
		counts->wrong++;
	return AR_OK;
}

/*
 * Thousands of users with multi-byte names and numbers at the end of
 * objects, so jansson's read-ahead falls across the stream's chunk
 * boundaries at many different offsets.
 */
#define BIG_USER                                                            \
	"{\"id\":\"%05d\",\"userName\":\"u%d\","                                 \
	"\"displayName\":\"J\\u00f6rg \xe2\x82\xac Wei\xc3\x9f\",\"x\":%d}%s"

static void test_big_listresponse(void **state)
{
	struct counting_sink counts = { 0, 0 };
	struct record_sink sink = { .context = &counts,
				    .account = count_account };
	struct source_spec spec = { .role = SOURCE_ROLE_ACCOUNTS,
				    .format = SOURCE_FORMAT_SCIM };
	struct source_summary summary;
	struct ar_error err = AR_ERROR_INIT;
	size_t size = 4 * 1024 * 1024;
	char *data = malloc(size);
	size_t used;
	char *name;

	(void)state;
	assert_non_null(data);
	used = (size_t)snprintf(data, size,
				"{\"schemas\":[\"urn:ietf:params:scim:api:"
				"messages:2.0:ListResponse\"],\"Resources\":[");
	for (int i = 0; i < 20000; i++)
		used += (size_t)snprintf(data + used, size - used, BIG_USER, i, i,
					 i * 7919 % 100003,
					 i + 1 < 20000 ? (i % 3 ? ",\n" : ",")
						       : "");
	used += (size_t)snprintf(data + used, size - used,
				 "],\"totalResults\":20000}");
	assert_true(used < size);
	name = temporary_bytes(data, used);
	spec.location = name;
	assert_int_equal(source_read_scim(&spec, &sink, &summary, &err), AR_OK);
	assert_int_equal(counts.accounts, 20000);
	assert_int_equal(counts.wrong, 0);
	assert_int_equal(summary.records, 20000);
	assert_int_equal(summary.declared, 20000);
	assert_string_equal(summary.incomplete, "");
	unlink(name);
	free(name);
	free(data);
}

static void test_ndjson_hostile(void **state)
{
	struct collected *c = new_collected();
	struct source_summary summary;
	struct ar_error err = AR_ERROR_INIT;
	char *name;

	(void)state;
	/* one line longer than the 1 MiB line limit */
	name = temporary_file("{\"id\":\"a\",\"userName\":\"a\"}\n{\"id\":\"",
			      1024 * 1024 + 16, "\"}\n");
	assert_int_equal(read_into(name, SOURCE_ROLE_ACCOUNTS, c, &summary,
				   &err),
			 AR_ERR_DATA);
	assert_non_null(strstr(err.message, ":2: line longer than"));
	assert_int_equal(total_emitted(c), 0);
	unlink(name);
	free(name);

	/* an array line, then an error body line */
	name = temporary_file("{\"id\":\"a\",\"userName\":\"a\"}\n[1]\n", 0,
			      "");
	ar_error_clear(&err);
	assert_int_equal(read_into(name, SOURCE_ROLE_ACCOUNTS, c, &summary,
				   &err),
			 AR_ERR_DATA);
	assert_non_null(strstr(err.message, ":2: not a JSON object"));
	unlink(name);
	free(name);
	name = temporary_file("{\"id\":\"a\",\"userName\":\"a\"}\n", 0,
			      "{\"status\":\"429\",\"detail\":\"Too many\"}\n");
	ar_error_clear(&err);
	assert_int_equal(read_into(name, SOURCE_ROLE_ACCOUNTS, c, &summary,
				   &err),
			 AR_ERR_DATA);
	assert_non_null(strstr(err.message, ":2: SCIM error 429: Too many"));
	unlink(name);
	free(name);

	/* two pretty-printed documents: not NDJSON, refused on line 2 */
	name = temporary_file("{\"id\": \"a\",\n \"userName\": \"a\"}\n{\n", 0,
			      "\"id\": \"b\"}\n");
	ar_error_clear(&err);
	assert_int_equal(read_into(name, SOURCE_ROLE_ACCOUNTS, c, &summary,
				   &err),
			 AR_ERR_DATA);
	assert_non_null(strstr(err.message, ":3: end of file expected"));
	unlink(name);
	free(name);

	/* an empty file */
	name = temporary_file("", 0, "");
	ar_error_clear(&err);
	assert_int_equal(read_into(name, SOURCE_ROLE_ACCOUNTS, c, &summary,
				   &err),
			 AR_ERR_DATA);
	unlink(name);
	free(name);
	assert_int_equal(total_emitted(c), 0);
	assert_int_equal(c->warning_count, 0);
	release(c);
}

static void test_sink_failure_stops(void **state)
{
	struct collected *c = new_collected();
	struct source_summary summary;
	struct ar_error err = AR_ERROR_INIT;

	(void)state;
	c->fail_after = 2;
	assert_int_equal(read_into(SCIM_DIR "listresponse-users.json",
				   SOURCE_ROLE_ACCOUNTS, c, &summary, &err),
			 AR_ERR_INTERNAL);
	assert_string_equal(err.message, "sink full");
	assert_int_equal(c->account_count, 2);
	release(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_listresponse_accounts),
		cmocka_unit_test(test_listresponse_directory),
		cmocka_unit_test(test_page2_and_both_pages),
		cmocka_unit_test(test_duplicate_ids),
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_groups_inferred),
		cmocka_unit_test(test_ndjson_refused),
		cmocka_unit_test(test_ndjson_valid),
		cmocka_unit_test(test_idcs_mfa),
		cmocka_unit_test(test_rfc7643_user),
		cmocka_unit_test(test_names_and_emails),
		cmocka_unit_test(test_hostile_json),
		cmocka_unit_test(test_error_body),
		cmocka_unit_test(test_bad_records),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_ndjson_hostile),
		cmocka_unit_test(test_document_syntax),
		cmocka_unit_test(test_big_listresponse),
		cmocka_unit_test(test_sink_failure_stops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
