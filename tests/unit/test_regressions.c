/* test_regressions.c -- replay saved fuzz crashes and hostile files */
/* SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../fuzz/targets.h"

/*
 * Every input that once crashed, leaked or misbehaved under a libFuzzer
 * harness is kept in tests/fuzz/regressions/HARNESS/ and replayed here
 * through the same target (tests/fuzz/targets.h), so `make check
 * SANITIZE=1` catches a fix that regresses without needing clang's
 * libFuzzer.  Each must be accepted or refused as bad input naming the
 * file; anything else fails.
 */
#define REGRESSIONS "tests/fuzz/regressions"

static void replay(const struct fuzz_target *target, const char *path)
{
	struct ar_error err = AR_ERROR_INIT;
	enum ar_rc rc = fuzz_run(target, path, NULL, &err);

	if (rc != AR_OK)
		fail_msg("%s: %s: %s: %s", target->name, path, ar_rc_name(rc),
			 err.message);
}

static void test_replay(void **state)
{
	const struct fuzz_target *target = *state;
	char dir_path[256];
	DIR *dir;
	struct dirent *entry;
	int replayed = 0;

	snprintf(dir_path, sizeof(dir_path), "%s/%s", REGRESSIONS,
		 target->name);
	dir = opendir(dir_path);
	if (dir == NULL) {
		skip(); /* nothing saved for this harness yet */
		return;
	}
	while ((entry = readdir(dir)) != NULL) {
		char path[512];

		if (entry->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir_path,
			 entry->d_name);
		replay(target, path);
		replayed++;
	}
	closedir(dir);
	print_message("%s: %d input(s) replayed\n", target->name, replayed);
}

/*
 * The shared hostile files must be refused (not merely survived) by the
 * reader that would meet them, in the roles listed: a `:<` URL on `mail`
 * is fatal where mail identifies people, a warning where it is unused.
 */
#define DIRECTORY (1u << SOURCE_ROLE_DIRECTORY)
#define ACCOUNTS (1u << SOURCE_ROLE_ACCOUNTS)
#define EVERY_ROLE 0xfu

struct hostile {
	const char *target;
	const char *path;
	unsigned int roles;          /* which roles must refuse it (1: the
					file, for a target not an export) */
};

static const struct hostile hostile_files[] = {
	{ "ldif", TEST_DATA "/formats/bad/nul-byte.ldif", EVERY_ROLE },
	{ "ldif", TEST_DATA "/formats/bad/url-value.ldif", DIRECTORY },
	{ "ldif", TEST_DATA "/formats/bad/huge-line.ldif", EVERY_ROLE },
	{ "scim", TEST_DATA "/formats/bad/deep-nesting.json", EVERY_ROLE },
	{ "scim", TEST_DATA "/formats/bad/truncated.json", EVERY_ROLE },
	{ "scim", TEST_DATA "/formats/bad/not-a-listresponse.json",
	  EVERY_ROLE },
	{ "json_detect", TEST_DATA "/formats/bad/deep-nesting.json",
	  EVERY_ROLE },
	{ "json_detect", TEST_DATA "/formats/bad/truncated.json",
	  EVERY_ROLE },
	{ "csv_google_workspace", TEST_DATA "/formats/bad/invalid-utf8.csv",
	  EVERY_ROLE },
	{ "csv_detect", TEST_DATA "/formats/bad/invalid-utf8.csv",
	  EVERY_ROLE },
	{ "sshsig", TEST_DATA "/sshsig/message.csv.git.sig", 1 },
	{ "sshsig", TEST_DATA "/sshsig/message.csv.rsa.sig", 1 },
	{ "allowed_signers", "tests/fuzz/corpus/allowed_signers/bad-options",
	  1 },
	{ "decision_file", "tests/fuzz/corpus/decision_file/problems.csv", 1 },
};

/*
 * Files the targets must accept outright: the signatures ssh-keygen made
 * over the sshsig target's fixed message (so that message is the
 * fixture's bytes, and mutations start from a verifying seed), the
 * message itself as a decision file, a file of allowed signers.
 */
static const struct hostile accepted_files[] = {
	{ "sshsig", TEST_DATA "/sshsig/message.csv.sig", 0 },
	{ "sshsig", TEST_DATA "/sshsig/message.csv.sha256.sig", 0 },
	{ "decision_file", TEST_DATA "/sshsig/message.csv", 0 },
	{ "decision_file",
	  "tests/fuzz/corpus/decision_file/worksheet-bom-crlf.csv", 0 },
	{ "allowed_signers", "tests/fuzz/corpus/allowed_signers/options", 0 },
	{ "allowed_signers", "tests/fuzz/corpus/allowed_signers/ca-rsa-crlf",
	  0 },
};

static void test_hostile_files_refused(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(hostile_files) / sizeof(hostile_files[0]);
	     i++) {
		const struct fuzz_target *target =
			fuzz_target_find(hostile_files[i].target);
		struct ar_error err = AR_ERROR_INIT;
		unsigned int refused = 0;
		enum ar_rc rc;

		assert_non_null(target);
		rc = fuzz_run(target, hostile_files[i].path, &refused, &err);
		if (rc != AR_OK)
			fail_msg("%s: %s: %s", hostile_files[i].path,
				 ar_rc_name(rc), err.message);
		/* fuzz_run accepts a refusal: insist on one */
		if ((refused & hostile_files[i].roles) !=
		    hostile_files[i].roles)
			fail_msg("%s read by %s: refused in roles 0x%x, "
				 "expected 0x%x",
				 hostile_files[i].path, target->name, refused,
				 hostile_files[i].roles);
	}
}

static void test_seeds_accepted(void **state)
{
	(void)state;
	for (size_t i = 0;
	     i < sizeof(accepted_files) / sizeof(accepted_files[0]); i++) {
		const struct fuzz_target *target =
			fuzz_target_find(accepted_files[i].target);
		struct ar_error err = AR_ERROR_INIT;
		unsigned int refused = 0;
		enum ar_rc rc;

		assert_non_null(target);
		rc = fuzz_run(target, accepted_files[i].path, &refused, &err);
		if (rc != AR_OK || refused != 0)
			fail_msg("%s read by %s: %s, refused 0x%x: %s",
				 accepted_files[i].path, target->name,
				 ar_rc_name(rc), refused, err.message);
	}
}

int main(void)
{
	struct CMUnitTest tests[sizeof(fuzz_targets) / sizeof(fuzz_targets[0]) +
				2];
	size_t count = 0;

	for (size_t i = 0; i < sizeof(fuzz_targets) / sizeof(fuzz_targets[0]);
	     i++) {
		struct CMUnitTest test = {
			fuzz_targets[i].name, test_replay, NULL, NULL,
			(void *)&fuzz_targets[i],
		};

		tests[count++] = test;
	}
	tests[count++] = (struct CMUnitTest)cmocka_unit_test(
		test_hostile_files_refused);
	tests[count++] = (struct CMUnitTest)cmocka_unit_test(
		test_seeds_accepted);
	return _cmocka_run_group_tests("regressions", tests, count, NULL,
				       NULL);
}
