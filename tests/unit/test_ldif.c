/* test_ldif.c -- unit tests of the LDIF reader and dn_normalize */
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

#define MAX_ITEMS 64

/* 2026-11-20T00:00:00Z, the day the sample exports were made. */
#define EXPORT_DAY 1795132800

struct member_item {
	char *group;
	char *ref;
	enum member_type type;
};

struct mfa_item {
	char *ref;
	enum mfa_status status;
};

/* Everything a reader emitted, with copied strings. */
struct collected {
	struct person_record persons[MAX_ITEMS];
	size_t person_count;
	struct account_record accounts[MAX_ITEMS];
	size_t account_count;
	struct group_record groups[MAX_ITEMS];
	size_t group_count;
	struct member_item members[MAX_ITEMS];
	size_t member_count;
	struct mfa_item mfa[MAX_ITEMS];
	size_t mfa_count;
	char *warnings[MAX_ITEMS];
	size_t warning_count;
	/* every emitted string, to prove what never leaves the reader */
	char everything[64 * 1024];
	size_t everything_length;
	struct source_summary summary;
	struct ar_error err;
};

static const char *keep(struct collected *c, const char *text)
{
	size_t length;

	if (text == NULL)
		return NULL;
	length = strlen(text);
	assert_true(c->everything_length + length + 1 <= sizeof(c->everything));
	memcpy(c->everything + c->everything_length, text, length + 1);
	c->everything_length += length + 1;
	return c->everything + c->everything_length - length - 1;
}

static enum ar_rc collect_person(void *context,
				 const struct person_record *person,
				 struct ar_error *err)
{
	struct collected *c = context;
	struct person_record *copy;

	(void)err;
	assert_true(c->person_count < MAX_ITEMS);
	copy = &c->persons[c->person_count++];
	*copy = *person;
	copy->key = keep(c, person->key);
	copy->uid = keep(c, person->uid);
	copy->email = keep(c, person->email);
	copy->display_name = keep(c, person->display_name);
	copy->employee_number = keep(c, person->employee_number);
	copy->manager = keep(c, person->manager);
	return AR_OK;
}

static enum ar_rc collect_account(void *context,
				  const struct account_record *account,
				  struct ar_error *err)
{
	struct collected *c = context;
	struct account_record *copy;

	(void)err;
	assert_true(c->account_count < MAX_ITEMS);
	copy = &c->accounts[c->account_count++];
	*copy = *account;
	copy->id = keep(c, account->id);
	copy->login = keep(c, account->login);
	copy->email = keep(c, account->email);
	copy->display_name = keep(c, account->display_name);
	copy->employee_number = keep(c, account->employee_number);
	return AR_OK;
}

static enum ar_rc collect_group(void *context, const struct group_record *group,
				struct ar_error *err)
{
	struct collected *c = context;
	struct group_record *copy;

	(void)err;
	assert_true(c->group_count < MAX_ITEMS);
	copy = &c->groups[c->group_count++];
	*copy = *group;
	copy->key = keep(c, group->key);
	copy->name = keep(c, group->name);
	return AR_OK;
}

static enum ar_rc collect_member(void *context, const char *group_key,
				 const char *ref, enum member_type type,
				 struct ar_error *err)
{
	struct collected *c = context;
	struct member_item *item;

	(void)err;
	assert_true(c->member_count < MAX_ITEMS);
	item = &c->members[c->member_count++];
	item->group = (char *)keep(c, group_key);
	item->ref = (char *)keep(c, ref);
	item->type = type;
	return AR_OK;
}

static enum ar_rc collect_mfa(void *context, const char *ref,
			      enum mfa_status status, struct ar_error *err)
{
	struct collected *c = context;

	(void)err;
	assert_true(c->mfa_count < MAX_ITEMS);
	c->mfa[c->mfa_count].ref = (char *)keep(c, ref);
	c->mfa[c->mfa_count].status = status;
	c->mfa_count++;
	return AR_OK;
}

static void collect_warning(void *context, const char *message)
{
	struct collected *c = context;

	assert_true(c->warning_count < MAX_ITEMS);
	c->warnings[c->warning_count++] = (char *)keep(c, message);
}

static struct collected *collected_new(void)
{
	struct collected *c = ar_calloc(1, sizeof(*c));

	c->err = (struct ar_error)AR_ERROR_INIT;
	return c;
}

/* Read path (under tests/data unless absolute) into a new collection. */
static struct collected *read_as(const char *path, enum source_role role,
				 unsigned int rules, time_t now,
				 enum ar_rc expected)
{
	struct collected *c = collected_new();
	struct record_sink sink = { c,	       collect_person, collect_account,
				    collect_group, collect_member, collect_mfa,
				    collect_warning };
	struct source_spec spec;
	char location[512];
	enum ar_rc rc;

	if (path[0] == '/')
		snprintf(location, sizeof(location), "%s", path);
	else
		snprintf(location, sizeof(location), "%s/%s", TEST_DATA, path);
	memset(&spec, 0, sizeof(spec));
	spec.role = role;
	spec.format = SOURCE_FORMAT_LDIF;
	spec.location = location;
	spec.disabled_rules = rules;
	spec.now = now;
	rc = source_read(&spec, &sink, &c->summary, &c->err);
	if (rc != expected)
		fail_msg("reading %s: got %d, expected %d: %s", path, rc,
			 expected, c->err.message);
	return c;
}

static struct collected *read_ok(const char *path, enum source_role role)
{
	return read_as(path, role, 0, EXPORT_DAY, AR_OK);
}

/* Write text to a temporary file; the caller unlinks and frees it. */
static char *temp_ldif(const char *text, size_t length)
{
	char *path = ar_strdup("/tmp/test_ldif_XXXXXX");
	int fd = mkstemp(path);
	FILE *file;

	assert_true(fd >= 0);
	file = fdopen(fd, "wb");
	assert_non_null(file);
	assert_int_equal(fwrite(text, 1, length, file), length);
	assert_int_equal(fclose(file), 0);
	return path;
}

/* Read inline LDIF text. */
static struct collected *read_text(const char *text, enum source_role role,
				   enum ar_rc expected)
{
	char *path = temp_ldif(text, strlen(text));
	struct collected *c = read_as(path, role, 0, EXPORT_DAY, expected);

	unlink(path);
	free(path);
	return c;
}

/* The error message ends with suffix (the path before it varies). */
static void assert_message_ends(const struct collected *c, const char *suffix)
{
	size_t length = strlen(c->err.message);
	size_t suffix_length = strlen(suffix);

	if (length < suffix_length ||
	    strcmp(c->err.message + length - suffix_length, suffix) != 0)
		fail_msg("message '%s' does not end with '%s'", c->err.message,
			 suffix);
}

static const struct person_record *person_by_uid(const struct collected *c,
						 const char *uid)
{
	for (size_t i = 0; i < c->person_count; i++) {
		if (c->persons[i].uid && strcmp(c->persons[i].uid, uid) == 0)
			return &c->persons[i];
	}
	fail_msg("no person with uid '%s'", uid);
	return NULL;
}

static const struct account_record *account_by_id(const struct collected *c,
						  const char *id)
{
	for (size_t i = 0; i < c->account_count; i++) {
		if (strcmp(c->accounts[i].id, id) == 0)
			return &c->accounts[i];
	}
	return NULL;
}

static const struct group_record *group_by_name(const struct collected *c,
						const char *name)
{
	for (size_t i = 0; i < c->group_count; i++) {
		if (strcmp(c->groups[i].name, name) == 0)
			return &c->groups[i];
	}
	fail_msg("no group named '%s'", name);
	return NULL;
}

/* How often group has member ref with this type (-1: any type). */
static int member_count(const struct collected *c, const char *group,
			const char *ref, int type)
{
	int count = 0;

	for (size_t i = 0; i < c->member_count; i++) {
		if (strcmp(c->members[i].group, group) == 0 &&
		    strcmp(c->members[i].ref, ref) == 0 &&
		    (type < 0 || (int)c->members[i].type == type))
			count++;
	}
	return count;
}

static size_t members_of(const struct collected *c, const char *group)
{
	size_t count = 0;

	for (size_t i = 0; i < c->member_count; i++)
		count += strcmp(c->members[i].group, group) == 0;
	return count;
}

static int emitted_contains(const struct collected *c, const void *bytes,
			    size_t length)
{
	return memmem(c->everything, c->everything_length, bytes, length) !=
	       NULL;
}

/* ---- openldap-users.ldif ---- */

static void test_openldap_users_directory(void **state)
{
	static const unsigned char seed[] = { 0x8f, 0x3a, 0x1c, 0x0e, 0x5b,
					      0x7d, 0x29, 0x46, 0xe1, 0xf0 };
	struct collected *c =
		read_ok("formats/ldif/openldap-users.ldif",
			SOURCE_ROLE_DIRECTORY);
	const struct person_record *p;

	(void)state;
	assert_int_equal(c->person_count, 15);
	assert_int_equal(c->account_count, 0);
	assert_int_equal(c->summary.records, 15);
	assert_int_equal(c->summary.declared, 15);
	assert_string_equal(c->summary.incomplete, "");

	p = person_by_uid(c, "jose.nunez");
	assert_string_equal(p->display_name,
			    "Jos\xc3\xa9 N\xc3\xba\xc3\xb1"
			    "ez");
	assert_string_equal(p->key,
			    "uid=jose.nunez,ou=people,dc=example,dc=com");
	assert_string_equal(p->manager,
			    "uid=lucas.silva,ou=people,dc=example,dc=com");
	assert_string_equal(p->employee_number, "10002");
	assert_int_equal(p->disabled, 0);

	/* cn;lang-de is another attribute: the display name stays cn */
	assert_string_equal(person_by_uid(c, "joerg.weiss")->display_name,
			    "Joerg Weiss");
	assert_false(emitted_contains(c, "J\xc3\xb6rg", 3));

	assert_int_equal(person_by_uid(c, "tom.becker")->disabled, 1);
	assert_int_equal(person_by_uid(c, "kwame.asante")->disabled, 1);
	for (size_t i = 0; i < c->person_count; i++) {
		const char *uid = c->persons[i].uid;
		int locked = strcmp(uid, "tom.becker") == 0 ||
			     strcmp(uid, "kwame.asante") == 0;

		assert_int_equal(c->persons[i].disabled, locked);
		assert_int_equal(c->persons[i].last_login, 0);
	}

	assert_int_equal(person_by_uid(c, "amara.okafor")->mfa, MFA_ENABLED);
	assert_int_equal(person_by_uid(c, "mei.lin")->mfa, MFA_ENABLED);
	assert_int_equal(person_by_uid(c, "tom.becker")->mfa, MFA_UNKNOWN);

	assert_string_equal(person_by_uid(c, "priya.raman")->email,
			    "Priya.Raman@Example.com");
	p = person_by_uid(c, "priya.raman.adm");
	assert_string_equal(p->email, "priya.raman@example.com");
	assert_null(p->employee_number);
	assert_null(p->manager);
	assert_string_equal(p->display_name, "Priya Raman (admin)");

	/* the entry after daniel's folded description is read normally */
	p = person_by_uid(c, "fatima.haddad");
	assert_string_equal(p->email, "fatima.haddad@example.com");
	assert_string_equal(person_by_uid(c, "daniel.moreau")->display_name,
			    "Daniel Moreau");

	/* the TOTP seed is neither emitted raw nor decoded */
	assert_false(emitted_contains(c, "jzocDlt9", 8));
	assert_false(emitted_contains(c, seed, sizeof(seed)));

	/* jpegPhoto:< is skipped with a warning naming its line */
	assert_int_equal(c->warning_count, 1);
	assert_non_null(strstr(c->warnings[0], "openldap-users.ldif:109: "
				"URL value for 'jpegPhoto' skipped"));
	assert_string_equal(person_by_uid(c, "sofia.rossi")->email,
			    "sofia.rossi@example.com");
	free(c);
}

static void test_openldap_users_accounts(void **state)
{
	struct collected *c = read_ok("formats/ldif/openldap-users.ldif",
				      SOURCE_ROLE_ACCOUNTS);
	const struct account_record *a;

	(void)state;
	assert_int_equal(c->person_count, 0);
	assert_int_equal(c->account_count, 15);
	assert_int_equal(c->group_count, 0);
	a = account_by_id(c, "uid=tom.becker,ou=people,dc=example,dc=com");
	assert_non_null(a);
	assert_string_equal(a->login, "tom.becker");
	assert_int_equal(a->active, 0);
	a = account_by_id(c, "uid=amara.okafor,ou=people,dc=example,dc=com");
	assert_non_null(a);
	assert_int_equal(a->active, 1);
	assert_int_equal(a->mfa, MFA_ENABLED);
	assert_string_equal(a->email, "amara.okafor@example.com");
	assert_string_equal(a->employee_number, "10001");
	assert_string_equal(a->display_name, "Amara Okafor");
	free(c);
}

/* ---- openldap-groups.ldif ---- */

static void test_openldap_groups(void **state)
{
	struct collected *c = read_ok("formats/ldif/openldap-groups.ldif",
				      SOURCE_ROLE_GROUPS);
	const char *deployers = "cn=deployers,ou=groups,dc=example,dc=com";
	const char *releasers =
		"cn=release-managers,ou=groups,dc=example,dc=com";
	const char *platform = "cn=platform,ou=groups,dc=example,dc=com";

	(void)state;
	assert_int_equal(c->group_count, 8);
	assert_int_equal(c->summary.records, 8);
	assert_int_equal(c->summary.declared, -1);
	assert_string_equal(c->summary.incomplete, "");
	assert_int_equal(c->warning_count, 0);
	assert_string_equal(group_by_name(c, "platform")->key, platform);
	assert_int_equal(group_by_name(c, "platform")->members_known, 1);

	/* nesting and the loop are kept as group members both ways */
	assert_int_equal(member_count(c, platform,
				      "cn=sre,ou=groups,dc=example,dc=com",
				      MEMBER_GROUP),
			 1);
	assert_int_equal(member_count(c, deployers, releasers, MEMBER_GROUP),
			 1);
	assert_int_equal(member_count(c, releasers, deployers, MEMBER_GROUP),
			 1);

	/* the respaced DN, the optional UID and memberUid all give uids */
	assert_int_equal(member_count(c,
				      "cn=security,ou=groups,dc=example,dc=com",
				      "priya.raman", MEMBER_ACCOUNT),
			 1);
	assert_int_equal(
		member_count(c, "cn=support-admins,ou=groups,dc=example,dc=com",
			     "fatima.haddad", MEMBER_ACCOUNT),
		1);
	assert_int_equal(member_count(c,
				      "cn=marketplace-admins,ou=groups,"
				      "dc=example,dc=com",
				      "joerg.weiss", MEMBER_ACCOUNT),
			 1);
	assert_int_equal(c->member_count, 21);
	assert_int_equal(members_of(c, "cn=sre,ou=groups,dc=example,dc=com"),
			 2);

	/* a groups source implies no accounts (see the accounts role) */
	assert_int_equal(c->account_count, 0);
	free(c);
}

static void test_openldap_groups_as_accounts(void **state)
{
	/* a file of groups only: membership defines the accounts */
	static const char *const implied[] = {
		"oliver.grant",	 "yuki.tanaka",	   "daniel.moreau",
		"hannah.schmidt", "amara.okafor",   "priya.raman",
		"tom.becker",	 "priya.raman.adm", "rachel.vance",
		"fatima.haddad", "sofia.rossi",	   "mei.lin",
		"joerg.weiss",	 "kwame.asante"
	};
	struct collected *c = read_ok("formats/ldif/openldap-groups.ldif",
				      SOURCE_ROLE_ACCOUNTS);

	(void)state;
	assert_int_equal(c->group_count, 8);
	assert_int_equal(c->member_count, 21);
	assert_int_equal(c->account_count, 14);
	assert_non_null(account_by_id(c, "rachel.vance"));
	/* every member that is no group becomes one implied account */
	assert_int_equal(c->account_count,
			 sizeof(implied) / sizeof(implied[0]));
	for (size_t i = 0; i < sizeof(implied) / sizeof(implied[0]); i++) {
		const struct account_record *a = account_by_id(c, implied[i]);

		if (a == NULL)
			fail_msg("no implied account '%s'", implied[i]);
		assert_string_equal(a->login, implied[i]);
		assert_int_equal(a->active, 1);
		assert_int_equal(a->mfa, MFA_UNKNOWN);
	}
	assert_int_equal(c->warning_count, 0);
	free(c);
}

/* ---- activedirectory-export.ldif ---- */

static void test_active_directory_people(void **state)
{
	struct collected *c =
		read_ok("formats/ldif/activedirectory-export.ldif",
			SOURCE_ROLE_DIRECTORY);
	const struct person_record *p;

	(void)state;
	/* 8 users; BUILD01$ and the two groups are not people */
	assert_int_equal(c->person_count, 8);
	assert_int_equal(c->summary.records, 11);
	assert_int_equal(c->summary.declared, 11);
	assert_string_equal(c->summary.incomplete, "");
	assert_false(emitted_contains(c, "BUILD01", 7));

	p = person_by_uid(c, "aokafor");
	assert_string_equal(p->key, "cn=amara okafor,ou=staff,ou=flowdence,"
				    "dc=corp,dc=example,dc=com");
	assert_string_equal(p->email, "amara.okafor@example.com");
	assert_string_equal(p->display_name, "Amara Okafor");
	assert_int_equal(p->last_login, 1794903165); /* 2026-11-17 08:12:45 */
	assert_int_equal(p->disabled, 0);
	assert_int_equal(p->mfa, MFA_UNKNOWN);

	/* userAccountControl 514, 66050 and 66048 */
	assert_int_equal(person_by_uid(c, "tbecker")->disabled, 1);
	assert_int_equal(person_by_uid(c, "kasante")->disabled, 1);
	assert_int_equal(person_by_uid(c, "dmoreau")->disabled, 0);
	assert_int_equal(person_by_uid(c, "ext-swhitford")->disabled, 1);
	assert_int_equal(person_by_uid(c, "ytanaka")->disabled, 0);
	assert_int_equal(person_by_uid(c, "ytanaka")->last_login, 1785402948);
	assert_int_equal(person_by_uid(c, "icarvalho")->last_login, -1);
	assert_int_equal(person_by_uid(c, "icarvalho")->disabled, 0);
	/* no mail: the UPN */
	assert_string_equal(person_by_uid(c, "svc-backup")->email,
			    "svc-backup@corp.example.com");
	assert_int_equal(c->warning_count, 0);
	free(c);
}

static void test_active_directory_expiry_is_relative(void **state)
{
	/* 2026-09-01: sam's accountExpires (2026-10-01) is still ahead */
	struct collected *c =
		read_as("formats/ldif/activedirectory-export.ldif",
			SOURCE_ROLE_DIRECTORY, 0, 1788220800, AR_OK);

	(void)state;
	assert_int_equal(person_by_uid(c, "ext-swhitford")->disabled, 0);
	assert_int_equal(person_by_uid(c, "tbecker")->disabled, 1);
	free(c);
}

static void test_active_directory_accounts_and_groups(void **state)
{
	struct collected *c =
		read_ok("formats/ldif/activedirectory-export.ldif",
			SOURCE_ROLE_ACCOUNTS);
	const char *deploy = "cn=gg-deploy-prod,ou=groups,ou=flowdence,"
			     "dc=corp,dc=example,dc=com";
	const char *tom = "cn=tom becker,ou=staff,ou=flowdence,dc=corp,"
			  "dc=example,dc=com";

	(void)state;
	/* the members are accounts of the file: no implied ones */
	assert_int_equal(c->account_count, 8);
	assert_int_equal(c->group_count, 2);
	assert_int_equal(account_by_id(c, tom)->active, 0);
	assert_string_equal(account_by_id(c, tom)->login, "tbecker");
	assert_int_equal(members_of(c, deploy), 3);
	assert_int_equal(member_count(c, deploy, tom, MEMBER_ACCOUNT), 1);
	assert_int_equal(c->member_count, 5);
	/* member;range=0-1499: only part of the membership */
	assert_non_null(strstr(c->summary.incomplete, "0-1499"));
	assert_non_null(strstr(c->summary.incomplete, "gg-deploy-prod"));
	assert_int_equal(c->warning_count, 0);
	free(c);
}

static void test_active_directory_groups_role(void **state)
{
	struct collected *c =
		read_ok("formats/ldif/activedirectory-export.ldif",
			SOURCE_ROLE_GROUPS);
	const char *daniel = "cn=daniel moreau,ou=staff,ou=flowdence,"
			     "dc=corp,dc=example,dc=com";

	(void)state;
	assert_int_equal(c->person_count, 0);
	assert_int_equal(c->group_count, 2);
	assert_int_equal(c->member_count, 5);
	/* a groups source refers to the accounts source's accounts: it
	 * implies none of its own */
	assert_int_equal(c->account_count, 0);
	assert_int_equal(member_count(c, "cn=gg-deploy-prod,ou=groups,"
				      "ou=flowdence,dc=corp,dc=example,dc=com",
				      daniel, MEMBER_ACCOUNT),
			 1);
	assert_non_null(strstr(c->summary.incomplete, "0-1499"));
	free(c);
}

/* ---- freeipa-users.ldif ---- */

static void test_freeipa(void **state)
{
	struct collected *c = read_ok("formats/ldif/freeipa-users.ldif",
				      SOURCE_ROLE_DIRECTORY);

	(void)state;
	assert_int_equal(c->person_count, 8);
	assert_int_equal(c->summary.declared, -1);
	assert_int_equal(person_by_uid(c, "amara.okafor")->mfa, MFA_ENABLED);
	assert_int_equal(person_by_uid(c, "tom.becker")->mfa, MFA_ENABLED);
	assert_int_equal(person_by_uid(c, "yuki.tanaka")->mfa, MFA_ENABLED);
	assert_int_equal(person_by_uid(c, "daniel.moreau")->mfa, MFA_DISABLED);
	assert_int_equal(person_by_uid(c, "hannah.schmidt")->mfa,
			 MFA_DISABLED);
	assert_int_equal(person_by_uid(c, "mei.lin")->mfa, MFA_UNKNOWN);
	assert_int_equal(person_by_uid(c, "oliver.grant")->mfa, MFA_UNKNOWN);
	assert_int_equal(person_by_uid(c, "lucas.silva")->mfa, MFA_UNKNOWN);

	assert_int_equal(person_by_uid(c, "tom.becker")->disabled, 1);
	assert_int_equal(person_by_uid(c, "yuki.tanaka")->disabled, 1);
	assert_int_equal(person_by_uid(c, "amara.okafor")->disabled, 0);
	assert_int_equal(person_by_uid(c, "lucas.silva")->disabled, 0);
	/* no last-login attribute and not AD: unknown, not never */
	assert_int_equal(person_by_uid(c, "lucas.silva")->last_login, 0);
	free(c);
}

static void test_freeipa_rules_respected(void **state)
{
	/* only pwdAccountLockedTime configured: nsAccountLock is ignored */
	struct collected *c =
		read_as("formats/ldif/freeipa-users.ldif",
			SOURCE_ROLE_DIRECTORY,
			DISABLED_PWD_ACCOUNT_LOCKED_TIME, EXPORT_DAY, AR_OK);

	(void)state;
	assert_int_equal(person_by_uid(c, "tom.becker")->disabled, 0);
	assert_int_equal(person_by_uid(c, "yuki.tanaka")->disabled, 0);
	free(c);
}

static void test_freeipa_as_mfa_list(void **state)
{
	struct collected *c = read_ok("formats/ldif/freeipa-users.ldif",
				      SOURCE_ROLE_MFA);

	(void)state;
	assert_int_equal(c->person_count, 0);
	assert_int_equal(c->account_count, 0);
	/* only the five whose status is known */
	assert_int_equal(c->mfa_count, 5);
	for (size_t i = 0; i < c->mfa_count; i++) {
		if (strcmp(c->mfa[i].ref, "daniel.moreau") == 0)
			assert_int_equal(c->mfa[i].status, MFA_DISABLED);
		assert_true(strcmp(c->mfa[i].ref, "mei.lin") != 0);
	}
	free(c);
}

/* ---- refused files ---- */

static void test_changes_refused(void **state)
{
	struct collected *c = read_as("formats/ldif/changes.ldif",
				      SOURCE_ROLE_DIRECTORY, 0, EXPORT_DAY,
				      AR_ERR_DATA);

	(void)state;
	assert_message_ends(c, "changes.ldif:5: changetype in a content LDIF");
	assert_int_equal(c->person_count, 0);
	free(c);
}

static void test_nul_byte_refused(void **state)
{
	struct collected *c = read_as("formats/bad/nul-byte.ldif",
				      SOURCE_ROLE_DIRECTORY, 0, EXPORT_DAY,
				      AR_ERR_DATA);

	(void)state;
	assert_message_ends(c, "nul-byte.ldif:8: NUL byte in line");
	assert_int_equal(c->person_count, 0);
	assert_false(emitted_contains(c, "amara", 5));
	free(c);
}

static void test_url_value_refused(void **state)
{
	struct collected *c = read_as("formats/bad/url-value.ldif",
				      SOURCE_ROLE_DIRECTORY, 0, EXPORT_DAY,
				      AR_ERR_DATA);

	(void)state;
	assert_message_ends(c, "url-value.ldif:8: URL value for 'mail' "
			       "refused (not followed)");
	assert_int_equal(c->person_count, 0);
	free(c);
}

static void test_huge_line_refused(void **state)
{
	struct collected *c = read_as("formats/bad/huge-line.ldif",
				      SOURCE_ROLE_DIRECTORY, 0, EXPORT_DAY,
				      AR_ERR_DATA);

	(void)state;
	assert_message_ends(c,
			    "huge-line.ldif:9: line longer than 1048576 bytes");
	assert_int_equal(c->person_count, 0);
	free(c);
}

static void test_missing_file(void **state)
{
	struct collected *c = read_as("ldif/no-such-file.ldif",
				      SOURCE_ROLE_DIRECTORY, 0, EXPORT_DAY,
				      AR_ERR_NOINPUT);

	(void)state;
	assert_non_null(strstr(c->err.message, "no-such-file.ldif"));
	free(c);
}

/* ---- our fixtures ---- */

static void test_folded_crlf(void **state)
{
	struct collected *c = read_ok("ldif/folded.ldif",
				      SOURCE_ROLE_DIRECTORY);
	const struct person_record *p;

	(void)state;
	assert_int_equal(c->person_count, 2);
	p = person_by_uid(c, "ana.folded");
	assert_string_equal(p->key,
			    "uid=ana.folded,ou=people,dc=example,dc=com");
	assert_string_equal(p->display_name, "Ana Folded");
	assert_string_equal(p->email, "ana@example.com");
	assert_string_equal(p->employee_number, "2001");
	/* the UTF-8 sequence split by the fold is whole again */
	assert_string_equal(person_by_uid(c, "bea")->display_name,
			    "Beatriz Mu\xc3\xb1oz");
	/* the continued comment is a comment, userPassword is dropped */
	assert_false(emitted_contains(c, "attacker", 8));
	assert_false(emitted_contains(c, "e1NTSEF9", 8));
	assert_false(emitted_contains(c, "{SSHA}", 6));
	assert_false(emitted_contains(c, "Anne", 4));
	assert_int_equal(c->warning_count, 1);
	assert_non_null(strstr(c->warnings[0], "folded.ldif:15: URL value "
				"for 'jpegPhoto' skipped (not followed)"));
	free(c);
}

static void test_accounts_and_groups(void **state)
{
	struct collected *c = read_ok("ldif/accounts-and-groups.ldif",
				      SOURCE_ROLE_ACCOUNTS);
	const char *ann = "uid=ann,ou=people,dc=example,dc=com";
	const char *bob = "uid=bob,ou=people,dc=example,dc=com";
	const char *ops = "cn=ops,ou=groups,dc=example,dc=com";
	const char *admins = "cn=admins,ou=groups,dc=example,dc=com";
	const char *host = "cn=build host,ou=servers,dc=example,dc=com";
	const struct account_record *a;

	(void)state;
	assert_int_equal(c->summary.records, 6);
	assert_int_equal(c->group_count, 2);
	/* ann, bob, implied carol, dave and the computer */
	assert_int_equal(c->account_count, 5);
	assert_string_equal(account_by_id(c, ann)->login, "Ann");
	assert_int_equal(account_by_id(c, bob)->active, 0);
	a = account_by_id(c, "carol");
	assert_non_null(a);
	assert_string_equal(a->login, "carol");
	assert_int_equal(a->active, 1);
	assert_null(a->email);
	assert_non_null(account_by_id(c, "dave"));
	a = account_by_id(c, host);
	assert_non_null(a);
	assert_int_equal(a->is_service, 1);
	assert_string_equal(a->login, "build host");

	/* bob listed twice (respaced) counts once */
	assert_int_equal(member_count(c, ops, bob, MEMBER_ACCOUNT), 1);
	assert_int_equal(member_count(c, ops, "carol", MEMBER_ACCOUNT), 1);
	assert_int_equal(member_count(c, ops, admins, MEMBER_GROUP), 1);
	assert_int_equal(member_count(c, ops, host, MEMBER_ACCOUNT), 1);
	assert_int_equal(members_of(c, ops), 4);
	/* memberUid ANN is ann's entry, carol the same implied account */
	assert_int_equal(member_count(c, admins, ann, MEMBER_ACCOUNT), 1);
	assert_int_equal(member_count(c, admins, "carol", MEMBER_ACCOUNT), 1);
	assert_int_equal(member_count(c, admins, "dave", MEMBER_ACCOUNT), 1);
	assert_int_equal(members_of(c, admins), 3);
	/* dangling members are reported once each (carol, dave) */
	assert_int_equal(c->warning_count, 2);
	assert_non_null(strstr(c->warnings[0], "accounts-and-groups.ldif:15: "
				"member 'uid=carol,ou=people,dc=example,"
				"dc=com'"));
	assert_non_null(strstr(c->warnings[1], "accounts-and-groups.ldif:24: "
				"member 'dave' of group 'cn=admins,"));
	free(c);
}

static void test_accounts_and_groups_groups_role(void **state)
{
	struct collected *c = read_ok("ldif/accounts-and-groups.ldif",
				      SOURCE_ROLE_GROUPS);

	(void)state;
	/* persons are not accounts here: members are implied by uid */
	assert_int_equal(member_count(c, "cn=ops,ou=groups,dc=example,dc=com",
				      "bob", MEMBER_ACCOUNT),
			 1);
	assert_int_equal(
		member_count(c, "cn=admins,ou=groups,dc=example,dc=com", "ann",
			     MEMBER_ACCOUNT),
		1);
	assert_int_equal(c->account_count, 0);
	assert_int_equal(c->warning_count, 0);
	free(c);
}

/* ---- inline hostile and edge inputs ---- */

static void test_empty_file(void **state)
{
	struct collected *c = read_text("", SOURCE_ROLE_DIRECTORY, AR_OK);

	(void)state;
	assert_int_equal(c->summary.records, 0);
	assert_int_equal(c->person_count, 0);
	free(c);
}

static void test_invalid_utf8_refused(void **state)
{
	struct collected *c = read_text("dn: uid=j,dc=example,dc=com\n"
					"objectClass: person\n"
					"cn: J\xfcrgen\n",
					SOURCE_ROLE_DIRECTORY, AR_ERR_DATA);

	(void)state;
	assert_message_ends(c, ":3: line is not valid UTF-8");
	free(c);
}

static void test_base64_hostile_values(void **state)
{
	struct collected *c;

	(void)state;
	/* "a\0b": C strings would see "a" */
	c = read_text("dn: uid=j,dc=example,dc=com\nobjectClass: person\n"
		      "mail:: YQBi\n",
		      SOURCE_ROLE_DIRECTORY, AR_ERR_DATA);
	assert_message_ends(c, ":3: value of 'mail' contains a NUL byte");
	free(c);
	c = read_text("dn: uid=j,dc=example,dc=com\nobjectClass: person\n"
		      "cn:: /w==\n",
		      SOURCE_ROLE_DIRECTORY, AR_ERR_DATA);
	assert_message_ends(c, ":3: value of 'cn' is not valid UTF-8");
	free(c);
	c = read_text("dn: uid=j,dc=example,dc=com\nobjectClass: person\n"
		      "uid:: not*base64\n",
		      SOURCE_ROLE_DIRECTORY, AR_ERR_DATA);
	assert_message_ends(c, ":3: value of 'uid' is not valid base64");
	free(c);
	/* binary values of attributes we do not use are fine */
	c = read_text("dn:: dWlkPWosZGM9ZXhhbXBsZSxkYz1jb20=\n"
		      "objectClass: person\nuid: j\nobjectGUID:: /wCq\n",
		      SOURCE_ROLE_DIRECTORY, AR_OK);
	assert_int_equal(c->person_count, 1);
	assert_string_equal(c->persons[0].key, "uid=j,dc=example,dc=com");
	free(c);
}

static void test_structure_errors(void **state)
{
	struct collected *c;

	(void)state;
	c = read_text("version: 2\n\ndn: uid=j,dc=x\n", SOURCE_ROLE_DIRECTORY,
		      AR_ERR_DATA);
	assert_message_ends(c, ":1: unsupported LDIF version '2'");
	free(c);
	c = read_text("\n objectClass: person\n", SOURCE_ROLE_DIRECTORY,
		      AR_ERR_DATA);
	assert_message_ends(c, ":2: continuation line with nothing to "
			       "continue");
	free(c);
	c = read_text("uid: j\nmail: j@example.com\n", SOURCE_ROLE_DIRECTORY,
		      AR_ERR_DATA);
	assert_message_ends(c, ":1: record starts with 'uid', not 'dn:'");
	free(c);
	c = read_text("dn: uid=j,dc=x\nobjectClass: person\nno colon here\n",
		      SOURCE_ROLE_DIRECTORY, AR_ERR_DATA);
	assert_message_ends(c, ":3: expected 'attribute: value'");
	free(c);
	c = read_text("dn: uid=j,dc=x\nobjectClass: person\n"
		      "dn: uid=k,dc=x\n",
		      SOURCE_ROLE_DIRECTORY, AR_ERR_DATA);
	assert_message_ends(c, ":3: second 'dn:' in one entry (blank line "
			       "missing?)");
	free(c);
	c = read_text("dn: not a dn\nobjectClass: person\n",
		      SOURCE_ROLE_DIRECTORY, AR_ERR_DATA);
	assert_message_ends(c, ":1: 'not a dn' is not a DN");
	free(c);
	c = read_text("dn: cn=u,dc=x\nobjectClass: user\n"
		      "userAccountControl: 512x\n",
		      SOURCE_ROLE_DIRECTORY, AR_ERR_DATA);
	assert_message_ends(c, ":3: 'userAccountControl' value '512x' is not "
			       "a number");
	free(c);
	c = read_text("dn: cn=g,dc=x\nobjectClass: groupOfNames\n"
		      "member: nonsense\n",
		      SOURCE_ROLE_GROUPS, AR_ERR_DATA);
	assert_message_ends(c, ":3: member 'nonsense' is not a DN");
	free(c);
	c = read_text("dn:< file:///etc/passwd\n", SOURCE_ROLE_DIRECTORY,
		      AR_ERR_DATA);
	assert_message_ends(c, ":1: URL value for 'dn' refused (not "
			       "followed)");
	free(c);
}

static void test_long_folded_line_refused(void **state)
{
	size_t half = 700 * 1024;
	char *text = ar_malloc(2 * half + 64);
	struct collected *c;
	char *path;
	size_t used;

	(void)state;
	used = (size_t)sprintf(text, "dn: uid=j,dc=x\ndescription: ");
	memset(text + used, 'x', half);
	used += half;
	memcpy(text + used, "\n ", 2);
	used += 2;
	memset(text + used, 'y', half);
	used += half;
	text[used++] = '\n';
	path = temp_ldif(text, used);
	c = read_as(path, SOURCE_ROLE_DIRECTORY, 0, EXPORT_DAY, AR_ERR_DATA);
	assert_message_ends(c, ":2: folded line longer than 1048576 bytes");
	unlink(path);
	free(path);
	free(text);
	free(c);
}

static void test_paging_result_and_count(void **state)
{
	struct collected *c;

	(void)state;
	/* a size limit stops the pull: what came is kept, but incomplete */
	c = read_text("dn: uid=j,dc=x\nobjectClass: person\nuid: j\n\n"
		      "# search result\nsearch: 2\n"
		      "result: 4 Size limit exceeded\n\n"
		      "# numEntries: 1\n",
		      SOURCE_ROLE_DIRECTORY, AR_OK);
	assert_int_equal(c->person_count, 1);
	assert_non_null(strstr(c->summary.incomplete,
			       "line 7: the search ended with 'result: 4 Size "
			       "limit exceeded'"));
	free(c);
	/* numEntries says more than the file holds */
	c = read_text("dn: uid=j,dc=x\nobjectClass: person\nuid: j\n\n"
		      "# numEntries: 3\n",
		      SOURCE_ROLE_DIRECTORY, AR_OK);
	assert_int_equal(c->summary.declared, 3);
	assert_non_null(strstr(c->summary.incomplete,
			       "numEntries says 3 entries, the file holds 1"));
	free(c);
	/* junk in a record without dn */
	c = read_text("search: 2\nresult: 0 Success\nmail: x@example.com\n",
		      SOURCE_ROLE_DIRECTORY, AR_ERR_DATA);
	assert_message_ends(c, ":3: 'mail' in a record without 'dn:'");
	free(c);
}

static void test_duplicate_entry(void **state)
{
	struct collected *c =
		read_text("dn: uid=j,dc=x\nobjectClass: person\nuid: j\n"
			  "mail: first@example.com\n\n"
			  "dn: UID=J, DC=X\nobjectClass: person\nuid: j\n"
			  "mail: second@example.com\n",
			  SOURCE_ROLE_DIRECTORY, AR_OK);

	(void)state;
	assert_int_equal(c->person_count, 1);
	assert_string_equal(c->persons[0].email, "first@example.com");
	assert_int_equal(c->warning_count, 1);
	assert_non_null(strstr(c->warnings[0], ":6: entry 'uid=j,dc=x' "
						"appears twice"));
	free(c);
}

static void test_range_complete(void **state)
{
	struct collected *c =
		read_text("dn: cn=g,dc=x\nobjectClass: group\ncn: g\n"
			  "member;range=1500-*: cn=a,dc=x\n"
			  "member;binary: cn=b,dc=x\n",
			  SOURCE_ROLE_GROUPS, AR_OK);

	(void)state;
	assert_string_equal(c->summary.incomplete, "");
	/* the last chunk counts; another option is another attribute */
	assert_int_equal(c->member_count, 1);
	assert_string_equal(c->members[0].ref, "cn=a,dc=x");
	free(c);
}

static void test_contacts_and_others_skipped(void **state)
{
	struct collected *c =
		read_text("dn: cn=c,dc=x\nobjectClass: person\n"
			  "objectClass: contact\nmail: c@example.com\n\n"
			  "dn: ou=people,dc=x\n"
			  "objectClass: organizationalUnit\n",
			  SOURCE_ROLE_DIRECTORY, AR_OK);

	(void)state;
	assert_int_equal(c->person_count, 0);
	assert_int_equal(c->summary.records, 2);
	free(c);
}

/* ---- dn_normalize ---- */

static void assert_dn(const char *dn, const char *expected)
{
	char *normal = dn_normalize(dn);

	if (expected == NULL) {
		if (normal != NULL)
			fail_msg("'%s' gave '%s', expected NULL", dn, normal);
		return;
	}
	if (normal == NULL)
		fail_msg("'%s' gave NULL, expected '%s'", dn, expected);
	assert_string_equal(normal, expected);
	free(normal);
}

static void test_dn_normalize(void **state)
{
	(void)state;
	assert_dn("uid=Priya.Raman, ou=People,dc=example,dc=com",
		  "uid=priya.raman,ou=people,dc=example,dc=com");
	assert_dn("  UID = x , OU = Y  ", "uid=x,ou=y");
	assert_dn("uid=fatima.haddad,ou=people,dc=example,dc=com#'0101'B",
		  "uid=fatima.haddad,ou=people,dc=example,dc=com");
	assert_dn("uid=x#''B", "uid=x");
	assert_dn("cn=Smith\\, John,ou=x", "cn=smith\\, john,ou=x");
	assert_dn("cn=Smith\\2C John,ou=x", "cn=smith\\, john,ou=x");
	assert_dn("cn=\"Smith, John\",ou=x", "cn=smith\\, john,ou=x");
	assert_dn("cn=a+uid=b,dc=x", "cn=a+uid=b,dc=x");
	assert_dn("uid=B + cn=A,dc=x", "cn=a+uid=b,dc=x");
	assert_dn("cn=A   B ,dc=x", "cn=a b,dc=x");
	assert_dn("cn=foo#bar,dc=x", "cn=foo#bar,dc=x");
	assert_dn("cn=\\#x,dc=x", "cn=\\#x,dc=x");
	assert_dn("cn=a\\#'01'B", "cn=a#'01'b");
	assert_dn("1.3.6.1.4.1.1466.0=#04024869,DC=x",
		  "1.3.6.1.4.1.1466.0=#04024869,dc=x");
	assert_dn("cn=Jos\\C3\\A9,dc=x", "cn=jos\xc3\xa9,dc=x");
	assert_dn("cn=bad\\FF,dc=x", "cn=bad\\ff,dc=x");
	assert_dn("cn=x\\00y", "cn=x\\00y");
	assert_dn("cn=a=b", "cn=a\\=b");
	assert_dn("cn=,dc=x", "cn=,dc=x");
	assert_dn("uid=a;dc=x", "uid=a,dc=x");
	assert_dn("", NULL);
	assert_dn("   ", NULL);
	assert_dn("nonsense", NULL);
	assert_dn("uid=x,", NULL);
	assert_dn("=x", NULL);
	assert_dn("uid=x,dc", NULL);
	assert_dn("cn=x\\", NULL);
	assert_dn("cn=\"open", NULL);
	assert_dn("cn=#zz", NULL);
	assert_dn("cn=#abc", NULL);
	assert_dn("c n=x", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_openldap_users_directory),
		cmocka_unit_test(test_openldap_users_accounts),
		cmocka_unit_test(test_openldap_groups),
		cmocka_unit_test(test_openldap_groups_as_accounts),
		cmocka_unit_test(test_active_directory_people),
		cmocka_unit_test(test_active_directory_expiry_is_relative),
		cmocka_unit_test(test_active_directory_accounts_and_groups),
		cmocka_unit_test(test_active_directory_groups_role),
		cmocka_unit_test(test_freeipa),
		cmocka_unit_test(test_freeipa_rules_respected),
		cmocka_unit_test(test_freeipa_as_mfa_list),
		cmocka_unit_test(test_changes_refused),
		cmocka_unit_test(test_nul_byte_refused),
		cmocka_unit_test(test_url_value_refused),
		cmocka_unit_test(test_huge_line_refused),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_folded_crlf),
		cmocka_unit_test(test_accounts_and_groups),
		cmocka_unit_test(test_accounts_and_groups_groups_role),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_invalid_utf8_refused),
		cmocka_unit_test(test_base64_hostile_values),
		cmocka_unit_test(test_structure_errors),
		cmocka_unit_test(test_long_folded_line_refused),
		cmocka_unit_test(test_paging_result_and_count),
		cmocka_unit_test(test_duplicate_entry),
		cmocka_unit_test(test_range_complete),
		cmocka_unit_test(test_contacts_and_others_skipped),
		cmocka_unit_test(test_dn_normalize),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
