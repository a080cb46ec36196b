/* test_allowed_signers.c -- unit tests of the allowed_signers file reader */
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

#include "accessreview/buf.h"
#include "accessreview/mem.h"
#include "accessreview/sshsig.h"
#include "support/test_files.h"

/* The keys of tests/data/sshsig (made by ssh-keygen, see its README). */
#define FIXTURES TEST_DATA "/sshsig"
#define FILE_NAME "allowed_signers"
#define NAMESPACE "accessreview"
#define REVIEWER "reviewer@example.com"
#define NOW 1795132800 /* 2026-11-20T00:00:00Z */
#define DAY 86400

struct keys {
	struct sshsig_key signer, other;
	char *signer_line;           /* "ssh-ed25519 AAAA..." */
	char *other_line;
	char *rsa_line;
};

static int load_keys(void **state)
{
	struct keys *keys = ar_calloc(1, sizeof(*keys));

	test_public_key(FIXTURES "/signer.pub", &keys->signer);
	test_public_key(FIXTURES "/other.pub", &keys->other);
	keys->signer_line = test_public_key_line(FIXTURES "/signer.pub");
	keys->other_line = test_public_key_line(FIXTURES "/other.pub");
	keys->rsa_line = test_public_key_line(FIXTURES "/rsa.pub");
	*state = keys;
	return 0;
}

static int free_keys(void **state)
{
	struct keys *keys = *state;

	free(keys->signer_line);
	free(keys->other_line);
	free(keys->rsa_line);
	free(keys);
	return 0;
}

/*
 * The file from lines, where "KEY", "OTHER" and "RSA" stand for the
 * fixtures' public keys ("ssh-ed25519 AAAA...").
 */
static char *file_text(const struct keys *keys, const char *const *lines)
{
	struct ar_buf text = AR_BUF_INIT;

	for (size_t i = 0; lines[i] != NULL; i++) {
		const char *line = lines[i];

		while (*line) {
			if (strncmp(line, "KEY", 3) == 0) {
				ar_buf_adds(&text, keys->signer_line);
				line += 3;
			} else if (strncmp(line, "OTHER", 5) == 0) {
				ar_buf_adds(&text, keys->other_line);
				line += 5;
			} else if (strncmp(line, "RSA", 3) == 0) {
				ar_buf_adds(&text, keys->rsa_line);
				line += 3;
			} else {
				ar_buf_add(&text, line++, 1);
			}
		}
		ar_buf_adds(&text, "\n");
	}
	return ar_buf_detach(&text, NULL);
}

static struct allowed_signers *parse(const struct keys *keys,
				     const char *const *lines)
{
	struct ar_error err = AR_ERROR_INIT;
	struct allowed_signers *signers = NULL;
	char *text = file_text(keys, lines);

	if (allowed_signers_parse(text, FILE_NAME, &signers, &err) != AR_OK)
		fail_msg("refused: %s", err.message);
	free(text);
	assert_non_null(signers);
	return signers;
}

/* Parse one line and check the signer key for a principal. */
static int check_line(const struct keys *keys, const char *line,
		      const char *principal, const char *namespace_name,
		      long now)
{
	const char *lines[] = { line, NULL };
	struct allowed_signers *signers = parse(keys, lines);
	int allowed = allowed_signers_check(signers, principal, namespace_name,
					    &keys->signer, (time_t)now);

	allowed_signers_free(signers);
	return allowed;
}

#define ALLOWED(line, principal) \
	check_line(keys, (line), (principal), NAMESPACE, NOW)

static void expect_refused(const struct keys *keys, const char *const *lines,
			   const char *message)
{
	struct ar_error err = AR_ERROR_INIT;
	struct allowed_signers *signers = (struct allowed_signers *)1;
	char *text = file_text(keys, lines);

	assert_int_equal(allowed_signers_parse(text, FILE_NAME, &signers,
					       &err),
			 AR_ERR_CONFIG);
	assert_null(signers);
	assert_int_equal(err.code, AR_ERR_CONFIG);
	assert_string_equal(err.message, message);
	free(text);
}

/* ---- principals ---- */

static void test_exact_principal(void **state)
{
	struct keys *keys = *state;
	const char *lines[] = { REVIEWER " KEY", NULL };
	struct allowed_signers *signers = parse(keys, lines);

	assert_true(allowed_signers_check(signers, REVIEWER, NAMESPACE,
					  &keys->signer, NOW));
	/* another principal, another key */
	assert_false(allowed_signers_check(signers, "alice@example.com",
					   NAMESPACE, &keys->signer, NOW));
	assert_false(allowed_signers_check(signers, REVIEWER, NAMESPACE,
					   &keys->other, NOW));
	/* a pattern is whole, not a prefix or a suffix */
	assert_false(allowed_signers_check(signers, "reviewer@example.co",
					   NAMESPACE, &keys->signer, NOW));
	assert_false(allowed_signers_check(signers, "xreviewer@example.com",
					   NAMESPACE, &keys->signer, NOW));
	assert_false(allowed_signers_check(NULL, REVIEWER, NAMESPACE,
					   &keys->signer, NOW));
	allowed_signers_free(signers);
}

static void test_principal_patterns(void **state)
{
	struct keys *keys = *state;

	assert_true(ALLOWED("*@example.com KEY", REVIEWER));
	assert_false(ALLOWED("*@example.org KEY", REVIEWER));
	assert_true(ALLOWED("?eviewer@example.com KEY", REVIEWER));
	assert_false(ALLOWED("?reviewer@example.com KEY", REVIEWER));
	assert_true(ALLOWED("*@*.com KEY", REVIEWER));
	assert_true(ALLOWED("*@* KEY", REVIEWER));
	/* a list, in any position; a quoted list */
	assert_true(ALLOWED("alice@example.com," REVIEWER " KEY", REVIEWER));
	assert_true(ALLOWED(REVIEWER ",alice@example.com KEY", REVIEWER));
	assert_true(ALLOWED("\"alice@example.com," REVIEWER "\" KEY",
			    REVIEWER));
	assert_false(ALLOWED("alice@example.com,bob@example.com KEY",
			     REVIEWER));
}

static void test_principal_case(void **state)
{
	struct keys *keys = *state;

	/* e-mail addresses: case does not matter (sshsig.h) */
	assert_true(ALLOWED("Reviewer@Example.COM KEY", REVIEWER));
	assert_true(ALLOWED(REVIEWER " KEY", "REVIEWER@EXAMPLE.COM"));
	assert_true(ALLOWED("*@EXAMPLE.com KEY", REVIEWER));
}

static void test_principal_negation(void **state)
{
	struct keys *keys = *state;

	assert_false(ALLOWED("*@example.com,!" REVIEWER " KEY", REVIEWER));
	assert_true(ALLOWED("*@example.com,!" REVIEWER " KEY",
			    "alice@example.com"));
	/* a negation refuses wherever it stands in the list */
	assert_false(ALLOWED("!" REVIEWER ",*@example.com KEY", REVIEWER));
	assert_false(ALLOWED("!*@example.com," REVIEWER " KEY", REVIEWER));
	assert_false(ALLOWED("!REVIEWER@example.com,* KEY", REVIEWER));
	/* a negation alone allows nothing */
	assert_false(ALLOWED("!alice@example.com KEY", REVIEWER));
}

/* ---- options ---- */

static void test_namespaces(void **state)
{
	struct keys *keys = *state;

	assert_true(ALLOWED(REVIEWER " namespaces=\"accessreview\" KEY",
			    REVIEWER));
	assert_false(ALLOWED(REVIEWER " namespaces=\"git\" KEY", REVIEWER));
	assert_true(ALLOWED(REVIEWER " namespaces=\"git,accessreview\" KEY",
			    REVIEWER));
	assert_true(ALLOWED(REVIEWER " namespaces=\"git,access*\" KEY",
			    REVIEWER));
	assert_false(ALLOWED(REVIEWER " namespaces=\"*,!accessreview\" KEY",
			     REVIEWER));
	assert_true(ALLOWED(REVIEWER " namespaces=accessreview KEY",
			    REVIEWER));
	/* option names in any case (ssh-keygen(1)) */
	assert_true(ALLOWED(REVIEWER " NameSpaces=\"accessreview\" KEY",
			    REVIEWER));
	assert_false(check_line(keys, REVIEWER " namespaces=\"git\" KEY",
				REVIEWER, "git-other", NOW));
	assert_true(check_line(keys, REVIEWER " namespaces=\"git\" KEY",
			       REVIEWER, "git", NOW));
	/* no namespaces= allows any */
	assert_true(check_line(keys, REVIEWER " KEY", REVIEWER, "file", NOW));
}

static void test_validity(void **state)
{
	struct keys *keys = *state;
	const char *after = REVIEWER " valid-after=\"20261120\" KEY";
	const char *before = REVIEWER " valid-before=\"20261120Z\" KEY";
	const char *both =
		REVIEWER " valid-after=\"202611190800Z\",valid-before="
			 "\"20261121080000Z\" KEY";

	/* both bounds inclusive, as ssh-keygen -Y verify has them */
	assert_true(check_line(keys, after, REVIEWER, NAMESPACE, NOW));
	assert_false(check_line(keys, after, REVIEWER, NAMESPACE, NOW - 1));
	assert_true(check_line(keys, after, REVIEWER, NAMESPACE, NOW + DAY));
	assert_true(check_line(keys, before, REVIEWER, NAMESPACE, NOW));
	assert_false(check_line(keys, before, REVIEWER, NAMESPACE, NOW + 1));
	assert_true(check_line(keys, before, REVIEWER, NAMESPACE, NOW - DAY));
	/* YYYYMMDDHHMM and YYYYMMDDHHMMSS */
	assert_false(check_line(keys, both, REVIEWER, NAMESPACE,
				NOW - 16 * 3600 - 1));
	assert_true(check_line(keys, both, REVIEWER, NAMESPACE,
			       NOW - 16 * 3600));
	assert_true(check_line(keys, both, REVIEWER, NAMESPACE,
			       NOW + DAY + 8 * 3600));
	assert_false(check_line(keys, both, REVIEWER, NAMESPACE,
				NOW + DAY + 8 * 3600 + 1));
}

static void test_first_usable_line_wins(void **state)
{
	struct keys *keys = *state;
	const char *lines[] = {
		REVIEWER " valid-before=\"20261001\" KEY",
		REVIEWER " namespaces=\"git\" KEY",
		REVIEWER " OTHER",
		"*@example.com valid-after=\"20261101\" KEY",
		NULL,
	};
	struct allowed_signers *signers = parse(keys, lines);

	/* the expired line and the git-only line do not stop the search */
	assert_true(allowed_signers_check(signers, REVIEWER, NAMESPACE,
					  &keys->signer, NOW));
	assert_true(allowed_signers_check(signers, REVIEWER, NAMESPACE,
					  &keys->other, NOW));
	/* 2026-10-21: the first line expired, the last not yet valid */
	assert_false(allowed_signers_check(signers, REVIEWER, NAMESPACE,
					   &keys->signer, NOW - 30 * DAY));
	allowed_signers_free(signers);
}

static void test_comments_and_blank_lines(void **state)
{
	struct keys *keys = *state;
	const char *lines[] = {
		"# reviewers' keys",
		"",
		"   ",
		"\t# indented comment",
		REVIEWER " KEY\r",
		"\r",
		"alice@example.com OTHER trailing comment words",
		NULL,
	};
	struct allowed_signers *signers = parse(keys, lines);

	assert_true(allowed_signers_check(signers, REVIEWER, NAMESPACE,
					  &keys->signer, NOW));
	assert_true(allowed_signers_check(signers, "alice@example.com",
					  NAMESPACE, &keys->other, NOW));
	/* a comment line lists nobody, even a '#' principal */
	assert_false(allowed_signers_check(signers, "#", NAMESPACE,
					   &keys->signer, NOW));
	allowed_signers_free(signers);
}

static void test_empty_file(void **state)
{
	struct ar_error err = AR_ERROR_INIT;
	struct allowed_signers *signers = NULL;
	struct keys *keys = *state;

	assert_int_equal(allowed_signers_parse("", FILE_NAME, &signers, &err),
			 AR_OK);
	assert_false(allowed_signers_check(signers, REVIEWER, NAMESPACE,
					   &keys->signer, NOW));
	allowed_signers_free(signers);
}

static void test_unknown_option(void **state)
{
	struct keys *keys = *state;
	const char *lines[] = { "# keys", "", REVIEWER " foo=\"bar\" KEY",
				NULL };
	const char *flag[] = { REVIEWER " no-touch-required,cert KEY", NULL };
	const char *later[] = { REVIEWER " namespaces=\"a,b\",foo KEY", NULL };
	const char *valueless[] = { REVIEWER " namespaces KEY", NULL };

	expect_refused(keys, lines,
		       FILE_NAME ":3: unknown option 'foo'");
	expect_refused(keys, flag,
		       FILE_NAME ":1: unknown option 'no-touch-required'");
	expect_refused(keys, later, FILE_NAME ":1: unknown option 'foo'");
	expect_refused(keys, valueless,
		       FILE_NAME ":1: unknown option 'namespaces'");
}

static void test_bad_times(void **state)
{
	struct keys *keys = *state;
	const char *short_date[] = { REVIEWER " valid-after=\"2026\" KEY",
				     NULL };
	const char *month[] = { REVIEWER " valid-after=\"20261301\" KEY",
				NULL };
	const char *day[] = { REVIEWER " valid-before=\"20260230Z\" KEY",
			      NULL };
	const char *hour[] = { REVIEWER " valid-before=\"202611202460\" KEY",
			       NULL };
	const char *junk[] = { REVIEWER " valid-before=\"20261120X\" KEY",
			       NULL };

	expect_refused(keys, short_date,
		       FILE_NAME ":1: valid-after is not YYYYMMDD[HHMM[SS]]: "
				 "'2026'");
	/* ssh-keygen refuses these too; timegm would move them on */
	expect_refused(keys, month,
		       FILE_NAME ":1: valid-after is not YYYYMMDD[HHMM[SS]]: "
				 "'20261301'");
	expect_refused(keys, day,
		       FILE_NAME ":1: valid-before is not YYYYMMDD[HHMM[SS]]: "
				 "'20260230Z'");
	expect_refused(keys, hour,
		       FILE_NAME ":1: valid-before is not YYYYMMDD[HHMM[SS]]: "
				 "'202611202460'");
	expect_refused(keys, junk,
		       FILE_NAME ":1: valid-before is not YYYYMMDD[HHMM[SS]]: "
				 "'20261120X'");
}

static void test_repeated_option(void **state)
{
	struct keys *keys = *state;
	const char *namespaces[] = {
		REVIEWER " namespaces=\"git\",namespaces=\"accessreview\" KEY",
		NULL,
	};
	const char *times[] = {
		REVIEWER " valid-after=\"20261101\",Valid-After=\"20261201\" KEY",
		NULL,
	};

	/* as ssh-keygen: 'multiple "namespaces" clauses' */
	expect_refused(keys, namespaces,
		       FILE_NAME ":1: repeated option 'namespaces'");
	expect_refused(keys, times,
		       FILE_NAME ":1: repeated option 'Valid-After'");
}

static void test_malformed_lines(void **state)
{
	struct keys *keys = *state;
	const char *principal_only[] = { "# keys", REVIEWER, NULL };
	const char *no_key[] = { REVIEWER " ssh-ed25519", NULL };
	const char *options_no_key[] = {
		REVIEWER " KEY", REVIEWER " namespaces=\"x\" ssh-ed25519", NULL,
	};

	expect_refused(keys, principal_only,
		       FILE_NAME ":2: expected PRINCIPALS [OPTIONS] KEYTYPE "
				 "KEY");
	expect_refused(keys, no_key,
		       FILE_NAME ":1: expected PRINCIPALS [OPTIONS] KEYTYPE "
				 "KEY");
	expect_refused(keys, options_no_key,
		       FILE_NAME ":2: expected PRINCIPALS [OPTIONS] KEYTYPE "
				 "KEY");
}

static void test_cert_authority_never_matches(void **state)
{
	struct keys *keys = *state;

	assert_false(ALLOWED("*@example.com cert-authority KEY", REVIEWER));
	assert_false(ALLOWED(REVIEWER " cert-authority,namespaces="
				      "\"accessreview\" KEY",
			     REVIEWER));
	assert_false(ALLOWED(REVIEWER " CERT-AUTHORITY KEY", REVIEWER));
}

/* One line "PRINCIPAL TYPE BASE64" with a fixture key's base64. */
static int check_typed(const struct keys *keys, const char *type,
		       const char *key_line)
{
	struct ar_buf line = AR_BUF_INIT;
	int allowed;

	ar_buf_addf(&line, "%s %s %s", REVIEWER, type,
		    strchr(key_line, ' ') + 1);
	allowed = check_line(keys, line.buf, REVIEWER, NAMESPACE, NOW);
	ar_buf_release(&line);
	return allowed;
}

static void test_other_key_types_never_match(void **state)
{
	struct keys *keys = *state;

	/* read, but nothing in them is a key we can compare */
	assert_false(ALLOWED(REVIEWER " RSA", REVIEWER));
	assert_false(ALLOWED(REVIEWER " ssh-ed25519 AAAA", REVIEWER));
	assert_false(ALLOWED(REVIEWER " ssh-ed25519 !!!not-base64!!!",
			     REVIEWER));
	/* the Ed25519 key's bytes under another type name */
	assert_false(check_typed(keys, "sk-ssh-ed25519@openssh.com",
				 keys->signer_line));
	assert_false(check_typed(keys, "ssh-rsa", keys->signer_line));
	/* the RSA key's bytes under the name ssh-ed25519 */
	assert_false(check_typed(keys, "ssh-ed25519", keys->rsa_line));
	/* and the real thing, built the same way */
	assert_true(check_typed(keys, "ssh-ed25519", keys->signer_line));
}

/* ---- allowed_signers_load ---- */

static void test_load_files(void **state)
{
	struct keys *keys = *state;
	struct ar_error err = AR_ERROR_INIT;
	struct allowed_signers *signers = NULL;
	char *dir = test_temp_dir();
	char path[512], message[1024];
	const char *lines[] = { REVIEWER " KEY", NULL };
	char *text = file_text(keys, lines);
	char *big;

	snprintf(path, sizeof(path), "%s/allowed_signers", dir);
	test_write_file(path, text, strlen(text));
	assert_int_equal(allowed_signers_load(path, &signers, &err), AR_OK);
	assert_true(allowed_signers_check(signers, REVIEWER, NAMESPACE,
					  &keys->signer, NOW));
	allowed_signers_free(signers);

	/* a NUL byte: not a text file */
	test_write_file(path, "x\0y", 3);
	assert_int_equal(allowed_signers_load(path, &signers, &err),
			 AR_ERR_CONFIG);
	assert_null(signers);
	snprintf(message, sizeof(message),
		 "%s: not an allowed_signers file (binary, or larger than "
		 "1048576 bytes)", path);
	assert_string_equal(err.message, message);

	/* over 1 MiB of comments */
	ar_error_clear(&err);
	big = ar_malloc(1024 * 1024 + 2);
	memset(big, '#', 1024 * 1024 + 1);
	test_write_file(path, big, 1024 * 1024 + 1);
	assert_int_equal(allowed_signers_load(path, &signers, &err),
			 AR_ERR_CONFIG);
	assert_string_equal(err.message, message);
	/* exactly 1 MiB is fine */
	ar_error_clear(&err);
	test_write_file(path, big, 1024 * 1024);
	assert_int_equal(allowed_signers_load(path, &signers, &err), AR_OK);
	allowed_signers_free(signers);
	free(big);

	/* a line number counts from the file's first line */
	ar_error_clear(&err);
	test_write_file(path, "# a\n\nx\n", 7);
	assert_int_equal(allowed_signers_load(path, &signers, &err),
			 AR_ERR_CONFIG);
	snprintf(message, sizeof(message),
		 "%s:3: expected PRINCIPALS [OPTIONS] KEYTYPE KEY", path);
	assert_string_equal(err.message, message);

	/* missing */
	ar_error_clear(&err);
	unlink(path);
	assert_int_equal(allowed_signers_load(path, &signers, &err),
			 AR_ERR_CONFIG);
	assert_null(signers);
	assert_non_null(strstr(err.message, "cannot open allowed-signers"));
	assert_non_null(strstr(err.message, path));
	test_remove_tree(dir);
	free(dir);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_principal),
		cmocka_unit_test(test_principal_patterns),
		cmocka_unit_test(test_principal_case),
		cmocka_unit_test(test_principal_negation),
		cmocka_unit_test(test_namespaces),
		cmocka_unit_test(test_validity),
		cmocka_unit_test(test_first_usable_line_wins),
		cmocka_unit_test(test_comments_and_blank_lines),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_unknown_option),
		cmocka_unit_test(test_bad_times),
		cmocka_unit_test(test_repeated_option),
		cmocka_unit_test(test_malformed_lines),
		cmocka_unit_test(test_cert_authority_never_matches),
		cmocka_unit_test(test_other_key_types_never_match),
		cmocka_unit_test(test_load_files),
	};

	return cmocka_run_group_tests(tests, load_keys, free_keys);
}
