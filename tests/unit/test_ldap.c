/* test_ldap.c -- unit tests of the LDAP reader's checks and entry mapping */
/* SPDX-License-Identifier: MIT */

/*
 * What needs no server: URL locality, password-file and password-env
 * checks (made before anything goes on the wire), unreachable servers,
 * and the shared entry mapping's LDAP-only features (attribute.*
 * overrides, attribute.mfa, disabled-filter marks, ranged attributes).
 * Everything that needs a directory runs against a real slapd in
 * tests/e2e/ldap.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "accessreview/mem.h"
#include "accessreview/sources.h"
#include "accessreview/url.h"
#include "sources/entry.h"

#define SECRET "correct horse battery staple"

struct seen {
	int persons;
	int accounts;
	struct person_record last;
	char last_key[256];
};

static enum ar_rc on_person(void *context, const struct person_record *p,
			    struct ar_error *err)
{
	struct seen *seen = context;

	(void)err;
	seen->persons++;
	seen->last = *p;
	snprintf(seen->last_key, sizeof(seen->last_key), "%s", p->key);
	seen->last.key = seen->last_key;
	seen->last.uid = seen->last.email = seen->last.display_name = NULL;
	seen->last.employee_number = seen->last.manager = NULL;
	return AR_OK;
}

static enum ar_rc on_account(void *context, const struct account_record *a,
			     struct ar_error *err)
{
	struct seen *seen = context;

	(void)a;
	(void)err;
	seen->accounts++;
	return AR_OK;
}

static void test_url_is_local(void **state)
{
	(void)state;
	assert_true(url_ldap_is_local("ldapi://%2Fvar%2Frun%2Fldapi"));
	assert_true(url_ldap_is_local("ldap://localhost"));
	assert_true(url_ldap_is_local("ldap://LOCALHOST:389/"));
	assert_true(url_ldap_is_local("ldap://127.0.0.1:3389"));
	assert_true(url_ldap_is_local("ldaps://[::1]:636"));
	assert_true(url_ldap_is_local("ldap:///"));
	assert_false(url_ldap_is_local("ldap://ldap.example.com"));
	assert_false(url_ldap_is_local("ldap://127.0.0.10"));
	assert_false(url_ldap_is_local("ldap://localhost.evil.com"));
	assert_false(url_ldap_is_local("ldap://[::1"));
	assert_false(url_ldap_is_local("ldif:people.ldif"));
}

/* A spec for a server that is not there: the checks come first. */
static void spec_for(struct source_spec *spec, struct ldap_settings *ldap,
		     const char *url)
{
	memset(spec, 0, sizeof(*spec));
	memset(ldap, 0, sizeof(*ldap));
	spec->role = SOURCE_ROLE_DIRECTORY;
	spec->format = SOURCE_FORMAT_LDAP;
	spec->location = url;
	spec->ldap = ldap;
	ldap->base = "dc=example,dc=com";
	ldap->timeout = 2;
	ldap->network_timeout = 2;
	ldap->page_size = 100;
}

static enum ar_rc read_with(const struct source_spec *spec,
			    struct ar_error *err)
{
	struct seen seen = { 0 };
	struct record_sink sink = { .context = &seen, .person = on_person };
	struct source_summary summary;

	return source_read(spec, &sink, &summary, err);
}

static void write_secret(const char *path, const char *text, mode_t mode)
{
	FILE *file = fopen(path, "w");

	assert_non_null(file);
	fputs(text, file);
	fclose(file);
	assert_int_equal(chmod(path, mode), 0);
}

/* A port nobody listens on: bound, never listened to, then closed. */
static int closed_port(void)
{
	struct sockaddr_in address;
	socklen_t length = sizeof(address);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	int port;

	assert_true(fd >= 0);
	memset(&address, 0, sizeof(address));
	address.sin_family = AF_INET;
	address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&address, length), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&address,
				     &length),
			 0);
	port = ntohs(address.sin_port);
	close(fd);
	return port;
}

static void test_password_file_checked_first(void **state)
{
	char path[] = "/tmp/test_ldap.XXXXXX";
	struct ar_error err = AR_ERROR_INIT;
	struct ldap_settings ldap;
	struct source_spec spec;
	char url[64];
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	/* a server that is not there: the file is refused before */
	snprintf(url, sizeof(url), "ldap://127.0.0.1:%d", closed_port());
	spec_for(&spec, &ldap, url);
	ldap.bind_dn = "cn=reader,dc=example,dc=com";
	ldap.password_file = path;
	write_secret(path, SECRET "\n", 0644);
	assert_int_equal(read_with(&spec, &err), AR_ERR_CONFIG);
	assert_non_null(strstr(err.message, "mode 0644"));
	assert_non_null(strstr(err.message, "chmod 600"));
	assert_null(strstr(err.message, "horse"));
	ar_error_clear(&err);
	write_secret(path, SECRET "\n", 0640);
	assert_int_equal(read_with(&spec, &err), AR_ERR_CONFIG);
	ar_error_clear(&err);
	/* empty: an unauthenticated bind in disguise */
	write_secret(path, "\n", 0600);
	assert_int_equal(read_with(&spec, &err), AR_ERR_CONFIG);
	assert_non_null(strstr(err.message, "is empty"));
	ar_error_clear(&err);
	/* a good file gets as far as the network: unreachable is 75 */
	write_secret(path, SECRET "\n", 0600);
	assert_int_equal(read_with(&spec, &err), AR_ERR_TEMPFAIL);
	assert_non_null(strstr(err.message, "Can't contact LDAP server"));
	assert_null(strstr(err.message, "horse"));
	ar_error_clear(&err);
	unlink(path);
	assert_int_equal(read_with(&spec, &err), AR_ERR_CONFIG);
	assert_non_null(strstr(err.message, "cannot open password-file"));
}

static void test_password_env(void **state)
{
	struct ar_error err = AR_ERROR_INIT;
	struct ldap_settings ldap;
	struct source_spec spec;
	char url[64];

	(void)state;
	snprintf(url, sizeof(url), "ldap://127.0.0.1:%d", closed_port());
	spec_for(&spec, &ldap, url);
	ldap.bind_dn = "cn=reader,dc=example,dc=com";
	ldap.password_env = "TEST_LDAP_SECRET";
	unsetenv("TEST_LDAP_SECRET");
	assert_int_equal(read_with(&spec, &err), AR_ERR_CONFIG);
	assert_non_null(strstr(err.message, "'TEST_LDAP_SECRET' is not set"));
	ar_error_clear(&err);
	setenv("TEST_LDAP_SECRET", "", 1);
	assert_int_equal(read_with(&spec, &err), AR_ERR_CONFIG);
	ar_error_clear(&err);
	setenv("TEST_LDAP_SECRET", SECRET, 1);
	assert_int_equal(read_with(&spec, &err), AR_ERR_TEMPFAIL);
	assert_null(strstr(err.message, "horse"));
	unsetenv("TEST_LDAP_SECRET");
}

static void test_unreachable_is_tempfail(void **state)
{
	struct ar_error err = AR_ERROR_INIT;
	struct ldap_settings ldap;
	struct source_spec spec;
	char url[64];
	time_t start = time(NULL);

	(void)state;
	snprintf(url, sizeof(url), "ldaps://127.0.0.1:%d", closed_port());
	spec_for(&spec, &ldap, url);
	assert_int_equal(read_with(&spec, &err), AR_ERR_TEMPFAIL);
	assert_non_null(strstr(err.message, "cannot connect"));
	assert_true(time(NULL) - start <= 2);
	ar_error_clear(&err);
	spec_for(&spec, &ldap, "ldapi://%2Fnonexistent%2Fldapi");
	assert_int_equal(read_with(&spec, &err), AR_ERR_TEMPFAIL);
	ar_error_clear(&err);
	spec_for(&spec, &ldap, "ldap://a.example ldap://b.example");
	assert_int_equal(read_with(&spec, &err), AR_ERR_CONFIG);
	ar_error_clear(&err);
	spec_for(&spec, &ldap, "http://example.com");
	assert_int_equal(read_with(&spec, &err), AR_ERR_CONFIG);
}

/* policy: the reader refuses a clear simple bind even if asked to. */
static void test_plaintext_refused(void **state)
{
	struct ar_error err = AR_ERROR_INIT;
	struct ldap_settings ldap;
	struct source_spec spec;

	(void)state;
	spec_for(&spec, &ldap, "ldap://ldap.example.com");
	ldap.bind_dn = "cn=reader,dc=example,dc=com";
	ldap.password_env = "TEST_LDAP_SECRET";
	setenv("TEST_LDAP_SECRET", SECRET, 1);
	assert_int_equal(read_with(&spec, &err), AR_ERR_CONFIG);
	assert_non_null(strstr(err.message, "without TLS"));
	unsetenv("TEST_LDAP_SECRET");
}

static void test_lookup_with_overrides(void **state)
{
	const char *names[ENTRY_ATTR_COUNT];
	const char *range;
	size_t range_length;

	(void)state;
	memcpy(names, entry_attribute_names, sizeof(names));
	names[ENTRY_ATTR_UID] = "sAMAccountName";
	names[ENTRY_ATTR_MFA] = "mfaEnrolled";
	/* an override comes first: sAMAccountName is now the uid */
	assert_int_equal(entry_lookup_attribute(names, "SAMACCOUNTNAME", 14,
						&range, &range_length),
			 ENTRY_ATTR_UID);
	assert_int_equal(entry_lookup_attribute(names, "mfaenrolled", 11,
						&range, &range_length),
			 ENTRY_ATTR_MFA);
	/* not requested any more under its default name */
	assert_int_equal(entry_lookup_attribute(names, "uid", 3, &range,
						&range_length),
			 -1);
	assert_int_equal(entry_lookup_attribute(names, "member;range=0-1499",
						19, &range, &range_length),
			 ENTRY_ATTR_MEMBER);
	assert_int_equal(range_length, 6);
	assert_memory_equal(range, "0-1499", 6);
	assert_int_equal(entry_lookup_attribute(names, "cn;lang-de", 10,
						&range, &range_length),
			 -1);
	/* the reader-set attributes have no type of their own */
	assert_null(entry_attribute_names[ENTRY_ATTR_MFA]);
	assert_null(entry_attribute_names[ENTRY_ATTR_DISABLED]);
}

static void add(struct entry *entry, enum entry_attribute attribute,
		const char *text)
{
	assert_int_equal(entry_add(entry, attribute, ar_strdup(text), 0), 0);
}

/* attribute.mfa decides alone; disabled-filter marks mean gone. */
static void test_mapper_configured_mfa_and_disabled(void **state)
{
	struct entry_mapper_options options = { "the entries read", 1, 1 };
	struct seen seen = { 0 };
	struct record_sink sink = { .context = &seen, .person = on_person,
				    .account = on_account };
	struct source_spec spec = { .role = SOURCE_ROLE_DIRECTORY,
				    .format = SOURCE_FORMAT_LDAP };
	struct source_summary summary;
	struct ar_error err = AR_ERROR_INIT;
	struct entry_mapper *mapper;
	struct entry entry = { 0 };

	(void)state;
	memset(&summary, 0, sizeof(summary));
	mapper = entry_mapper_new(&spec, &sink, &summary, "ldap://x",
				  &options);
	entry.dn = ar_strdup("uid=a,dc=x");
	add(&entry, ENTRY_ATTR_OBJECT_CLASS, "inetOrgPerson");
	add(&entry, ENTRY_ATTR_MFA, "TRUE");
	/* an OTP token no longer counts: the configured attribute rules */
	assert_int_equal(entry_mapper_add(mapper, &entry, &err), AR_OK);
	assert_int_equal(seen.last.mfa, MFA_ENABLED);
	assert_int_equal(seen.last.disabled, 0);
	entry_reset(&entry);
	entry.dn = ar_strdup("uid=b,dc=x");
	add(&entry, ENTRY_ATTR_OBJECT_CLASS, "person");
	add(&entry, ENTRY_ATTR_OATH_TOTP_TOKEN, "cn=t,dc=x");
	add(&entry, ENTRY_ATTR_MFA, "disabled");
	add(&entry, ENTRY_ATTR_DISABLED, "TRUE");
	assert_int_equal(entry_mapper_add(mapper, &entry, &err), AR_OK);
	assert_int_equal(seen.last.mfa, MFA_DISABLED);
	assert_int_equal(seen.last.disabled, 1);
	entry_reset(&entry);
	entry.dn = ar_strdup("uid=c,dc=x");
	add(&entry, ENTRY_ATTR_OBJECT_CLASS, "person");
	assert_int_equal(entry_mapper_add(mapper, &entry, &err), AR_OK);
	assert_int_equal(seen.last.mfa, MFA_DISABLED);
	/* the same entry again (two searches overlap): skipped quietly */
	entry_reset(&entry);
	entry.dn = ar_strdup("UID=c, DC=x");
	add(&entry, ENTRY_ATTR_OBJECT_CLASS, "person");
	assert_int_equal(entry_mapper_add(mapper, &entry, &err), AR_OK);
	assert_int_equal(seen.persons, 3);
	assert_int_equal(summary.records, 3);
	assert_int_equal(entry_mapper_finish(mapper, &err), AR_OK);
	entry_release(&entry);
	entry_mapper_free(mapper);
}

/* Errors of an entry without input lines name the entry's DN. */
static void test_mapper_messages_name_the_dn(void **state)
{
	struct seen seen = { 0 };
	struct record_sink sink = { .context = &seen, .person = on_person };
	struct source_spec spec = { .role = SOURCE_ROLE_DIRECTORY,
				    .format = SOURCE_FORMAT_LDAP };
	struct source_summary summary;
	struct ar_error err = AR_ERROR_INIT;
	struct entry_mapper *mapper;
	struct entry entry = { 0 };

	(void)state;
	memset(&summary, 0, sizeof(summary));
	mapper = entry_mapper_new(&spec, &sink, &summary, "ldap://x", NULL);
	entry.dn = ar_strdup("cn=Svc,dc=x");
	add(&entry, ENTRY_ATTR_OBJECT_CLASS, "user");
	add(&entry, ENTRY_ATTR_USER_ACCOUNT_CONTROL, "512x");
	assert_int_equal(entry_mapper_add(mapper, &entry, &err), AR_ERR_DATA);
	assert_string_equal(err.message,
			    "ldap://x: entry 'cn=Svc,dc=x': "
			    "'userAccountControl' value '512x' is not a "
			    "number");
	entry_release(&entry);
	entry_mapper_free(mapper);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_is_local),
		cmocka_unit_test(test_password_file_checked_first),
		cmocka_unit_test(test_password_env),
		cmocka_unit_test(test_unreachable_is_tempfail),
		cmocka_unit_test(test_plaintext_refused),
		cmocka_unit_test(test_lookup_with_overrides),
		cmocka_unit_test(test_mapper_configured_mfa_and_disabled),
		cmocka_unit_test(test_mapper_messages_name_the_dn),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
