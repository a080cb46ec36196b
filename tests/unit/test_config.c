/* test_config.c -- unit tests of the INI configuration loader */
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
	struct collect_system *github, *sheet;

	(void)state;
	assert_string_equal(config->database, "tests/data/config/var/test.db");
	assert_string_equal(config->reports, "tests/data/config/out");
	assert_int_equal(config->collect.inactive_days, 60);
	assert_int_equal(config->fail_on, SEVERITY_CRITICAL);
	assert_int_equal(config->collect.directory.format, SOURCE_FORMAT_LDIF);
	assert_string_equal(config->collect.directory.location,
			    "tests/data/config/people.ldif");
	assert_int_equal(config->collect.disabled_rules,
			 DISABLED_PWD_ACCOUNT_LOCKED_TIME |
				 DISABLED_NS_ACCOUNT_LOCK);
	assert_int_equal(config->collect.system_count, 2);
	github = &config->collect.systems[0];
	assert_string_equal(github->name, "github");
	assert_string_equal(github->category, "source_control");
	assert_string_equal(github->match, "uid");
	assert_true(github->groups.location != NULL);
	assert_true(github->mfa.location != NULL);
	assert_int_equal(github->mfa.format, SOURCE_FORMAT_JSON);
	assert_int_equal(github->privileged.count, 2);
	assert_true(collect_system_is_privileged(github, "OWNERS"));
	assert_true(collect_system_is_privileged(github, "admin"));
	assert_false(collect_system_is_privileged(github, "developers"));
	sheet = &config->collect.systems[1];
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
		     "bad-category.conf:4: 'category' must be source_control, "
		     "marketplace_admin, support, deployment or logs, not "
		     "'payroll'");
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
	assert_int_equal(review_severity_from_name("HIGH", &severity), 0);
	assert_int_equal(severity, SEVERITY_HIGH);
	assert_int_equal(review_severity_from_name("urgent", &severity), -1);
	assert_string_equal(review_severity_name(SEVERITY_CRITICAL), "critical");
}

/* ---- LDAP sources ---- */

/* Write text to a fresh temporary configuration; its path into path. */
static void write_config(char path[64], const char *text)
{
	FILE *file;
	int fd;

	snprintf(path, 64, "/tmp/test_config.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	file = fdopen(fd, "w");
	assert_non_null(file);
	fputs(text, file);
	fclose(file);
}

static struct config *load_text_ok(const char *text)
{
	char path[64];
	struct ar_error err = AR_ERROR_INIT;
	struct config *config = NULL;

	write_config(path, text);
	if (config_load(path, &config, &err) != AR_OK)
		fail_msg("%s", err.message);
	unlink(path);
	return config;
}

/* Loading text fails with code and a message containing needle. */
static void expect_text_error(const char *text, enum ar_rc code,
			      const char *needle)
{
	char path[64];
	struct ar_error err = AR_ERROR_INIT;
	struct config *config = NULL;

	write_config(path, text);
	assert_int_equal(config_load(path, &config, &err), code);
	unlink(path);
	assert_null(config);
	if (strstr(err.message, needle) == NULL)
		fail_msg("'%s' does not contain '%s'", err.message, needle);
}

/* A NUL inside a line would let inih see "database = var/x.db" and drop
 * the rest silently: the line is refused at file:line instead. */
static void test_nul_in_line_refused(void **state)
{
	static const char text[] = "[review]\n"
				   "database = var/x.db\0evil\n"
				   "[directory]\n"
				   "source = ldif:people.ldif\n";
	char path[64], expected[96];
	struct ar_error err = AR_ERROR_INIT;
	struct config *config = NULL;
	FILE *file;
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "/tmp/test_config.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	file = fdopen(fd, "w");
	assert_non_null(file);
	assert_int_equal(fwrite(text, 1, sizeof(text) - 1, file),
			 sizeof(text) - 1);
	fclose(file);
	assert_int_equal(config_load(path, &config, &err), AR_ERR_CONFIG);
	unlink(path);
	assert_null(config);
	snprintf(expected, sizeof(expected), "%s:2: line holds a NUL byte",
		 path);
	if (strstr(err.message, expected) == NULL)
		fail_msg("'%s' does not contain '%s'", err.message, expected);
}

/* The database must outlive the run and be a file the checks of the
 * store can apply to: empty and in-memory names are refused at the line. */
static void test_database_must_be_a_file(void **state)
{
	(void)state;
	expect_text_error("[review]\ndatabase =\n"
			  "[directory]\nsource = ldif:p.ldif\n",
			  AR_ERR_CONFIG, ":2: 'database' needs a path");
	expect_text_error("[review]\ndatabase = \"\"\n"
			  "[directory]\nsource = ldif:p.ldif\n",
			  AR_ERR_CONFIG, ":2: 'database' needs a path");
	expect_text_error("[review]\n\ndatabase = :memory:\n"
			  "[directory]\nsource = ldif:p.ldif\n",
			  AR_ERR_CONFIG,
			  ":3: 'database' must be a file path, not ':memory:'");
	expect_text_error("[review]\ndatabase = file::memory:?cache=shared\n"
			  "[directory]\nsource = ldif:p.ldif\n",
			  AR_ERR_CONFIG, ":2: 'database' must be a file path");
}

static void test_ldap_directory_keys(void **state)
{
	struct config *config = load_text_ok(
		"[directory]\n"
		"source = ldaps://ldap.example.com\n"
		"base = ou=people,dc=example,dc=com\n"
		"scope = one\n"
		"filter = (&(objectClass=person)(!(cn=svc-*)))\n"
		"group-base = ou=groups,dc=example,dc=com\n"
		"group-filter = (cn=github-*)\n"
		"bind-dn = cn=reader,dc=example,dc=com\n"
		"password-file = /etc/accessreview/ldap.secret\n"
		"ca-file = /etc/ssl/ca.pem\n"
		"timeout = 5\n"
		"network-timeout = 2\n"
		"page-size = 100\n"
		"referrals = yes\n"
		"attribute.uid = sAMAccountName\n"
		"attribute.mfa = 1.3.6.1.4.1.99999.1\n"
		"disabled-filter = (employeeType=leaver)\n");
	const struct ldap_settings *ldap = &config->collect.directory_ldap;

	(void)state;
	assert_int_equal(config->collect.directory.format, SOURCE_FORMAT_LDAP);
	assert_string_equal(config->collect.directory.location,
			    "ldaps://ldap.example.com");
	assert_string_equal(ldap->base, "ou=people,dc=example,dc=com");
	assert_int_equal(ldap->scope, SOURCE_LDAP_SCOPE_ONE);
	assert_string_equal(ldap->filter,
			    "(&(objectClass=person)(!(cn=svc-*)))");
	assert_string_equal(ldap->group_filter, "(cn=github-*)");
	assert_string_equal(ldap->password_file,
			    "/etc/accessreview/ldap.secret");
	assert_int_equal(ldap->starttls, 0); /* ldaps: TLS from the start */
	assert_int_equal(ldap->timeout, 5);
	assert_int_equal(ldap->network_timeout, 2);
	assert_int_equal(ldap->page_size, 100);
	assert_int_equal(ldap->referrals, 1);
	assert_string_equal(ldap->attributes.uid, "sAMAccountName");
	assert_string_equal(ldap->attributes.mfa, "1.3.6.1.4.1.99999.1");
	assert_null(ldap->attributes.mail);
	assert_string_equal(ldap->disabled_filter, "(employeeType=leaver)");
	assert_string_equal(config->collect.directory_ldap.base,
			    "ou=people,dc=example,dc=com");
	config_free(config);
}

static void test_ldap_defaults(void **state)
{
	struct config *remote = load_text_ok(
		"[directory]\nsource = ldap://ldap.example.com:389\n"
		"base = dc=example,dc=com\n");
	struct config *local = load_text_ok(
		"[directory]\nsource = ldap://127.0.0.1:3389/\n"
		"base = dc=example,dc=com\n"
		"bind-dn = cn=r,dc=example,dc=com\npassword-env = LDAP_PW\n");
	struct config *socket = load_text_ok(
		"[directory]\nsource = ldapi://%2Fvar%2Frun%2Fslapd%2Fldapi\n"
		"base = dc=example,dc=com\nsasl = external\n");

	(void)state;
	/* StartTLS by default to anything but this machine */
	assert_int_equal(remote->collect.directory_ldap.starttls, 1);
	assert_int_equal(local->collect.directory_ldap.starttls, 0);
	assert_int_equal(socket->collect.directory_ldap.starttls, 0);
	assert_int_equal(remote->collect.directory_ldap.page_size, 500);
	assert_int_equal(remote->collect.directory_ldap.timeout, 30);
	assert_int_equal(remote->collect.directory_ldap.network_timeout, 10);
	assert_int_equal(remote->collect.directory_ldap.referrals, 0);
	assert_int_equal(remote->collect.directory_ldap.allow_plaintext, 0);
	assert_int_equal(remote->collect.directory_ldap.scope, SOURCE_LDAP_SCOPE_SUB);
	assert_null(remote->collect.directory_ldap.bind_dn);
	assert_string_equal(local->collect.directory_ldap.password_env, "LDAP_PW");
	assert_int_equal(socket->collect.directory_ldap.sasl_external, 1);
	config_free(remote);
	config_free(local);
	config_free(socket);
}

/* A system's bare "ldap" is the directory's server, bind and all. */
static void test_ldap_system_inherits(void **state)
{
	struct config *config = load_text_ok(
		"[directory]\n"
		"source = ldaps://ldap.example.com\n"
		"base = ou=people,dc=example,dc=com\n"
		"filter = (objectClass=inetOrgPerson)\n"
		"group-filter = (cn=staff)\n"
		"bind-dn = cn=reader,dc=example,dc=com\n"
		"password-file = secret\n"
		"ca-file = ca.pem\n"
		"page-size = 200\n"
		"[system \"github\"]\n"
		"category = source_control\n"
		"source = ldap\n"
		"group-filter = (cn=github-*)\n"
		"privileged = github-admins\n"
		"[system \"deploy\"]\n"
		"category = deployment\n"
		"groups = ldap\n"
		"base = ou=staff,dc=example,dc=com\n"
		"page-size = 50\n");
	const struct collect_system *github = &config->collect.systems[0];
	const struct collect_system *deploy = &config->collect.systems[1];

	(void)state;
	assert_int_equal(github->accounts.format, SOURCE_FORMAT_LDAP);
	assert_string_equal(github->accounts.location,
			    "ldaps://ldap.example.com");
	assert_string_equal(github->ldap.base, "ou=people,dc=example,dc=com");
	assert_string_equal(github->ldap.filter,
			    "(objectClass=inetOrgPerson)");
	assert_string_equal(github->ldap.group_filter, "(cn=github-*)");
	assert_string_equal(github->ldap.bind_dn,
			    "cn=reader,dc=example,dc=com");
	assert_string_equal(github->ldap.password_file, "/tmp/secret");
	assert_string_equal(github->ldap.ca_file, "/tmp/ca.pem");
	assert_int_equal(github->ldap.page_size, 200);
	/* its own base: its own people query, no inherited filter; group
	 * keys are never inherited */
	assert_string_equal(deploy->groups.location,
			    "ldaps://ldap.example.com");
	assert_string_equal(deploy->ldap.base, "ou=staff,dc=example,dc=com");
	assert_null(deploy->ldap.filter);
	assert_null(deploy->ldap.group_filter);
	assert_int_equal(deploy->ldap.page_size, 50);
	assert_string_equal(deploy->ldap.bind_dn,
			    "cn=reader,dc=example,dc=com");
	config_free(config);
}

static void test_ldap_errors(void **state)
{
	static const char head[] = "[directory]\nsource = ldaps://h\n";
	static const struct {
		const char *text;
		const char *needle;
	} cases[] = {
		{ "", "[directory]: an LDAP source needs 'base'" },
		{ "base = x\nbind-dn = cn=r\n",
		  "'bind-dn' needs one of 'password-file' and 'password-env'" },
		{ "base = x\nbind-dn = cn=r\npassword-file = a\n"
		  "password-env = B\n",
		  "'bind-dn' needs one of" },
		{ "base = x\npassword-env = B\n",
		  "a password without 'bind-dn'" },
		{ "base = x\nbind-dn = cn=r\npassword-env = B\n"
		  "sasl = external\n",
		  "'bind-dn' and 'sasl = external' exclude each other" },
		{ "base = x\nsasl = external\n",
		  "'sasl = external' needs ldapi://, or TLS with" },
		{ "base = x\ncert-file = c.pem\n",
		  "'cert-file' and 'key-file' go together" },
		{ "base = x\nstarttls = yes\n",
		  "'starttls' applies to ldap:// only" },
		{ "scope = deep\n", ":3: 'scope' must be sub, one or base" },
		{ "filter = cn=x\n", ":3: 'filter' must be an LDAP filter" },
		{ "group-filter = (cn=a)(cn=b)\n",
		  ":3: 'group-filter' must be an LDAP filter" },
		{ "disabled-filter = (cn=a\n",
		  ":3: 'disabled-filter' must be an LDAP filter" },
		{ "attribute.uid = sam account\n",
		  ":3: 'attribute.uid' must be an attribute type" },
		{ "attribute.phone = x\n", ":3: unknown attribute 'phone'" },
		{ "sasl = gssapi\n", ":3: 'sasl' must be external" },
		{ "password-env = 1PW\n",
		  ":3: 'password-env' must name an environment variable" },
		{ "page-size = 200000\n",
		  ":3: 'page-size' must be a number of entries from 0 to "
		  "100000, not '200000'" },
		{ "timeout = 0\n",
		  ":3: 'timeout' must be a number of seconds from 1 to 3600" },
		{ "starttls = maybe\n", ":3: 'starttls' must be yes or no" },
		{ "bind-password = hunter2\n",
		  ":3: passwords are never accepted inline" },
	};
	char text[512];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "%s%s", head, cases[i].text);
		expect_text_error(text, AR_ERR_CONFIG, cases[i].needle);
	}
	/* a URL list, and the password never shown back */
	expect_text_error("[directory]\nsource = ldap://a ldap://b\n",
			  AR_ERR_CONFIG, "one LDAP URL only");
}

/* policy: no password in clear over the network */
static void test_ldap_plaintext_refused(void **state)
{
	static const char bind[] = "base = dc=x\nbind-dn = cn=r\n"
				   "password-env = PW\n";
	char text[256];
	struct config *config;

	(void)state;
	snprintf(text, sizeof(text),
		 "[review]\n[directory]\nsource = ldap://ldap.example.com\n"
		 "%sstarttls = no\n", bind);
	expect_text_error(text, AR_ERR_CONFIG,
			  ":3: [directory]: a simple bind without TLS to a "
			  "remote server is refused");
	/* knowingly allowed, or local, or encrypted: fine */
	snprintf(text, sizeof(text),
		 "[directory]\nsource = ldap://ldap.example.com\n"
		 "%sstarttls = no\nallow-plaintext = yes\n", bind);
	config_free(load_text_ok(text));
	snprintf(text, sizeof(text),
		 "[directory]\nsource = ldap://[::1]:389\n%s", bind);
	config = load_text_ok(text);
	assert_int_equal(config->collect.directory_ldap.starttls, 0);
	config_free(config);
	snprintf(text, sizeof(text),
		 "[directory]\nsource = ldap://ldap.example.com\n%s", bind);
	config_free(load_text_ok(text));
}

static void test_ldap_system_errors(void **state)
{
	(void)state;
	expect_text_error("[directory]\nsource = ldif:a.ldif\n"
			  "[system \"s\"]\ncategory = logs\n"
			  "source = ldap\n",
			  AR_ERR_CONFIG,
			  ":4: [system \"s\"]: 'ldap' means the "
			  "[directory]'s LDAP server, but [directory] has no "
			  "LDAP source");
	expect_text_error("[directory]\nsource = ldaps://a\nbase = x\n"
			  "[system \"s\"]\ncategory = logs\n"
			  "source = ldap\ngroups = ldaps://b\n",
			  AR_ERR_CONFIG, "one LDAP server per system");
	expect_text_error("[directory]\nsource = ldif:a.ldif\n"
			  "[system \"s\"]\ncategory = logs\n"
			  "source = ldaps://b\npassword = x\n",
			  AR_ERR_CONFIG,
			  ":6: passwords are never accepted inline");
	/* a bare "ldap" is a system's word only */
	expect_text_error("[directory]\nsource = ldap\n", AR_ERR_CONFIG,
			  "'source' must be FORMAT:PATH");
}

/* ---- [retention] ---- */

static void test_retention(void **state)
{
	static const char head[] =
		"[directory]\nsource = ldif:people.ldif\n";
	char text[256];
	struct config *config;

	(void)state;
	config = load_text_ok(head);
	assert_int_equal(config->keep_campaigns, 8);
	config_free(config);
	snprintf(text, sizeof(text), "%s[retention]\nkeep-campaigns = 0\n",
		 head);
	config = load_text_ok(text);
	assert_int_equal(config->keep_campaigns, 0);
	config_free(config);
	snprintf(text, sizeof(text), "%s[retention]\nkeep-campaigns = -1\n",
		 head);
	expect_text_error(text, AR_ERR_CONFIG,
			  ":4: 'keep-campaigns' must be a number of campaigns "
			  "from 0 to 1000, not '-1'");
	snprintf(text, sizeof(text), "%s[retention]\nkeep-campaign = 4\n",
		 head);
	expect_text_error(text, AR_ERR_CONFIG,
			  ":4: unknown key 'keep-campaign' in [retention]; "
			  "did you mean 'keep-campaigns'?");
	snprintf(text, sizeof(text), "%s[retain]\nkeep-campaigns = 4\n",
		 head);
	expect_text_error(text, AR_ERR_CONFIG,
			  "unknown section [retain] (the sections are "
			  "[review], [directory], [system \"NAME\"], [mail], "
			  "[evidence] and [retention])");
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
		cmocka_unit_test(test_ldap_directory_keys),
		cmocka_unit_test(test_ldap_defaults),
		cmocka_unit_test(test_ldap_system_inherits),
		cmocka_unit_test(test_ldap_errors),
		cmocka_unit_test(test_ldap_plaintext_refused),
		cmocka_unit_test(test_ldap_system_errors),
		cmocka_unit_test(test_retention),
		cmocka_unit_test(test_nul_in_line_refused),
		cmocka_unit_test(test_database_must_be_a_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
