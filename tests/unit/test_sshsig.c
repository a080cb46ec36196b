/* test_sshsig.c -- unit tests of SSHSIG verification, fixtures by ssh-keygen */
/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "accessreview/buf.h"
#include "accessreview/mem.h"
#include "accessreview/sshsig.h"
#include "support/test_files.h"

/* Made once by ssh-keygen: tests/data/sshsig/README says how. */
#define FIXTURES TEST_DATA "/sshsig"
#define MESSAGE FIXTURES "/message.csv"
#define GOOD_SIG FIXTURES "/message.csv.sig"
#define SHA256_SIG FIXTURES "/message.csv.sha256.sig"
#define GIT_SIG FIXTURES "/message.csv.git.sig"
#define RSA_SIG FIXTURES "/message.csv.rsa.sig"
#define NAMESPACE "accessreview"

struct message {
	char *data;
	size_t length;
};

static struct message read_message(void)
{
	struct message message;

	message.data = test_read_file(MESSAGE, &message.length);
	return message;
}

/* The second field of `ssh-keygen -l`: "256 SHA256:... comment (ED25519)" */
static char *expected_fingerprint(const char *path)
{
	char *line = test_read_file(path, NULL);
	char *start = strchr(line, ' ');
	char *fingerprint;

	assert_non_null(start);
	start++;
	fingerprint = ar_strndup(start, strcspn(start, " "));
	free(line);
	return fingerprint;
}

/* Verify armored (named where) over the fixture message. */
static enum ar_rc verify(const char *armored, const char *where,
			 const char *namespace_name, struct sshsig_key *key,
			 struct ar_error *err)
{
	struct message message = read_message();
	enum ar_rc rc = sshsig_verify(message.data, message.length, armored,
				      namespace_name, where, key, err);

	free(message.data);
	return rc;
}

static void expect_refused(const char *armored, const char *where,
			   enum ar_rc code, const char *problem)
{
	struct ar_error err = AR_ERROR_INIT;
	struct sshsig_key key;

	assert_int_equal(verify(armored, where, NAMESPACE, &key, &err), code);
	assert_int_equal(err.code, code);
	if (strstr(err.message, where) == NULL ||
	    strstr(err.message, problem) == NULL)
		fail_msg("expected '%s' naming '%s', got '%s'", problem, where,
			 err.message);
}

/* ---- the blob inside the armor, to damage it on purpose ---- */

struct blob {
	unsigned char data[1024];
	size_t length;
};

static void unarmor(const char *armored, struct blob *blob)
{
	const char *begin = strstr(armored, "-----BEGIN SSH SIGNATURE-----");
	const char *end = strstr(armored, "-----END SSH SIGNATURE-----");

	assert_non_null(begin);
	assert_non_null(end);
	begin += strlen("-----BEGIN SSH SIGNATURE-----");
	assert_int_equal(sodium_base642bin(blob->data, sizeof(blob->data),
					   begin, (size_t)(end - begin),
					   " \r\n", &blob->length, NULL,
					   sodium_base64_VARIANT_ORIGINAL),
			 0);
}

/* Armored as ssh-keygen writes it: lines of 70 characters. */
static char *armor(const struct blob *blob)
{
	struct ar_buf out = AR_BUF_INIT;
	size_t size = sodium_base64_ENCODED_LEN(blob->length,
						sodium_base64_VARIANT_ORIGINAL);
	char *encoded = ar_malloc(size);
	size_t length;

	sodium_bin2base64(encoded, size, blob->data, blob->length,
			  sodium_base64_VARIANT_ORIGINAL);
	length = strlen(encoded);
	ar_buf_adds(&out, "-----BEGIN SSH SIGNATURE-----\n");
	for (size_t i = 0; i < length; i += 70) {
		ar_buf_add(&out, encoded + i, length - i < 70 ? length - i : 70);
		ar_buf_adds(&out, "\n");
	}
	ar_buf_adds(&out, "-----END SSH SIGNATURE-----\n");
	free(encoded);
	return ar_buf_detach(&out, NULL);
}

static struct blob good_blob(void)
{
	char *armored = test_read_file(GOOD_SIG, NULL);
	struct blob blob;

	unarmor(armored, &blob);
	free(armored);
	return blob;
}

/* Where text first occurs in the blob (it must). */
static size_t find(const struct blob *blob, const void *text, size_t length)
{
	for (size_t i = 0; i + length <= blob->length; i++)
		if (memcmp(blob->data + i, text, length) == 0)
			return i;
	fail_msg("the fixture signature has no '%.*s'", (int)length,
		 (const char *)text);
	return 0;
}

/* ---- good signatures ---- */

static void test_good_signature_and_fingerprint(void **state)
{
	struct ar_error err = AR_ERROR_INIT;
	char *armored = test_read_file(GOOD_SIG, NULL);
	char *expected = expected_fingerprint(FIXTURES "/signer.fingerprint");
	char fingerprint[SSHSIG_FINGERPRINT_SIZE];
	struct sshsig_key key, listed;

	(void)state;
	assert_int_equal(verify(armored, GOOD_SIG, NAMESPACE, &key, &err),
			 AR_OK);
	assert_string_equal(err.message, "");
	/* the signer is the key of signer.pub, named as ssh-keygen -l does */
	test_public_key(FIXTURES "/signer.pub", &listed);
	assert_memory_equal(key.ed25519, listed.ed25519,
			    SSHSIG_ED25519_KEY_BYTES);
	sshsig_fingerprint(&key, fingerprint);
	assert_string_equal(fingerprint, expected);
	/* "SHA256:" and 43 characters of unpadded base64 */
	assert_int_equal(strlen(fingerprint), 7 + 43);
	free(expected);
	free(armored);
}

static void test_fingerprint_of_another_key(void **state)
{
	char *expected = expected_fingerprint(FIXTURES "/other.fingerprint");
	char fingerprint[SSHSIG_FINGERPRINT_SIZE];
	struct sshsig_key key;

	(void)state;
	test_public_key(FIXTURES "/other.pub", &key);
	sshsig_fingerprint(&key, fingerprint);
	assert_string_equal(fingerprint, expected);
	free(expected);
}

static void test_sha256_signature(void **state)
{
	struct ar_error err = AR_ERROR_INIT;
	char *armored = test_read_file(SHA256_SIG, NULL);
	struct sshsig_key key, listed;
	struct blob blob;

	(void)state;
	/* the fixture really is the sha256 kind, not a second sha512 one */
	unarmor(armored, &blob);
	find(&blob, "\0\0\0\6sha256", 10);
	assert_int_equal(verify(armored, SHA256_SIG, NAMESPACE, &key, &err),
			 AR_OK);
	test_public_key(FIXTURES "/signer.pub", &listed);
	assert_memory_equal(key.ed25519, listed.ed25519,
			    SSHSIG_ED25519_KEY_BYTES);
	free(armored);
}

static void test_armor_with_crlf_and_text_around(void **state)
{
	struct ar_error err = AR_ERROR_INIT;
	char *armored = test_read_file(GOOD_SIG, NULL);
	struct ar_buf text = AR_BUF_INIT;
	struct sshsig_key key;

	(void)state;
	/* a mail client's CRLF and a line before the block */
	ar_buf_adds(&text, "signature follows\r\n");
	for (const char *c = armored; *c; c++) {
		if (*c == '\n')
			ar_buf_adds(&text, "\r");
		ar_buf_add(&text, c, 1);
	}
	assert_int_equal(verify(text.buf, GOOD_SIG, NAMESPACE, &key, &err),
			 AR_OK);
	ar_buf_release(&text);
	free(armored);
}

/* ---- signatures that do not verify: AR_ERR_NOPERM ---- */

static void test_changed_message(void **state)
{
	struct ar_error err = AR_ERROR_INIT;
	char *armored = test_read_file(GOOD_SIG, NULL);
	struct message message = read_message();
	struct sshsig_key key;
	char *keep = strstr(message.data, "keep");

	(void)state;
	assert_non_null(keep);
	keep[0] = 'K'; /* one byte */
	assert_int_equal(sshsig_verify(message.data, message.length, armored,
				       NAMESPACE, GOOD_SIG, &key, &err),
			 AR_ERR_NOPERM);
	assert_string_equal(err.message,
			    GOOD_SIG ": the signature does not match the file "
				     "(it was changed after signing, or signed "
				     "something else)");
	/* one byte fewer, too */
	ar_error_clear(&err);
	keep[0] = 'k';
	assert_int_equal(sshsig_verify(message.data, message.length - 1,
				       armored, NAMESPACE, GOOD_SIG, &key,
				       &err),
			 AR_ERR_NOPERM);
	assert_non_null(strstr(err.message, "does not match"));
	free(message.data);
	free(armored);
}

static void test_wrong_namespace(void **state)
{
	struct ar_error err = AR_ERROR_INIT;
	char *git = test_read_file(GIT_SIG, NULL);
	char *good = test_read_file(GOOD_SIG, NULL);
	struct sshsig_key key;

	(void)state;
	/* signed with -n git, checked for accessreview */
	assert_int_equal(verify(git, GIT_SIG, NAMESPACE, &key, &err),
			 AR_ERR_NOPERM);
	assert_string_equal(err.message,
			    GIT_SIG ": signed for another namespace, not "
				    "'accessreview' (sign with ssh-keygen -Y "
				    "sign -n accessreview)");
	/* and the other way round, and a namespace that is only a prefix */
	ar_error_clear(&err);
	assert_int_equal(verify(good, GOOD_SIG, "git", &key, &err),
			 AR_ERR_NOPERM);
	assert_non_null(strstr(err.message, "not 'git'"));
	ar_error_clear(&err);
	assert_int_equal(verify(good, GOOD_SIG, "access", &key, &err),
			 AR_ERR_NOPERM);
	ar_error_clear(&err);
	assert_int_equal(verify(git, GIT_SIG, "git", &key, &err), AR_OK);
	free(git);
	free(good);
}

static void test_signature_bytes_changed(void **state)
{
	struct blob blob = good_blob();
	char *armored;

	(void)state;
	/* the last byte of the Ed25519 signature */
	blob.data[blob.length - 1] ^= 0x01;
	armored = armor(&blob);
	expect_refused(armored, "flipped.sig", AR_ERR_NOPERM,
		       "the signature does not match the file");
	free(armored);
}

static void test_another_key_inside(void **state)
{
	struct blob blob = good_blob();
	struct sshsig_key signer, other;
	size_t at;
	char *armored;

	(void)state;
	/* swap the public key: the signature no longer belongs to it */
	test_public_key(FIXTURES "/signer.pub", &signer);
	test_public_key(FIXTURES "/other.pub", &other);
	at = find(&blob, signer.ed25519, SSHSIG_ED25519_KEY_BYTES);
	memcpy(blob.data + at, other.ed25519, SSHSIG_ED25519_KEY_BYTES);
	armored = armor(&blob);
	expect_refused(armored, "swapped.sig", AR_ERR_NOPERM,
		       "the signature does not match the file");
	free(armored);
}

/* ---- signatures that cannot be read: AR_ERR_DATA, naming the file ---- */

static void test_truncated_armor(void **state)
{
	char *armored = test_read_file(GOOD_SIG, NULL);
	char *end = strstr(armored, "-----END");
	char *cut;

	(void)state;
	/* no END line */
	*end = '\0';
	expect_refused(armored, "noend.sig", AR_ERR_DATA,
		       "noend.sig: not an SSH signature (no \"-----BEGIN SSH "
		       "SIGNATURE-----\" ... \"-----END SSH SIGNATURE-----\" "
		       "block)");
	/* nothing at all, or no armor */
	expect_refused("", "empty.sig", AR_ERR_DATA, "not an SSH signature");
	expect_refused(NULL, "null.sig", AR_ERR_DATA, "not an SSH signature");
	expect_refused("not a signature\n", "junk.sig", AR_ERR_DATA,
		       "not an SSH signature");
	expect_refused("-----END SSH SIGNATURE-----\n"
		       "-----BEGIN SSH SIGNATURE-----\n",
		       "backwards.sig", AR_ERR_DATA, "not an SSH signature");
	expect_refused("-----BEGIN SSH SIGNATURE-----\n"
		       "-----END SSH SIGNATURE-----\n",
		       "hollow.sig", AR_ERR_DATA, "bad magic");
	/* the END marker sharing the BEGIN line's dashes (found by the
	 * sshsig fuzz target: the body's length went negative) */
	expect_refused("-----BEGIN SSH SIGNATURE-----END SSH SIGNATURE-----\n",
		       "overlap.sig", AR_ERR_DATA, "overlap.sig: not an SSH "
						   "signature");
	expect_refused("-----BEGIN SSH SIGNATURE-----END SSH SIGNATURE-----\n"
		       "U1NIU0lH\n-----END SSH SIGNATURE-----\n",
		       "overlap.sig", AR_ERR_DATA, "overlap.sig: ");
	free(armored);

	/* the base64 cut after its second line, the END line kept: the
	 * padding is gone (bad base64) or the fields stop short */
	armored = test_read_file(GOOD_SIG, NULL);
	cut = strchr(strchr(strchr(armored, '\n') + 1, '\n') + 1, '\n') + 1;
	memmove(cut, strstr(armored, "-----END"),
		strlen(strstr(armored, "-----END")) + 1);
	expect_refused(armored, "cut.sig", AR_ERR_DATA, "cut.sig: ");
	free(armored);
}

static void test_truncated_blob(void **state)
{
	struct blob blob = good_blob();
	char *armored;

	(void)state;
	/* valid base64 of a blob one byte short */
	blob.length--;
	armored = armor(&blob);
	expect_refused(armored, "short.sig", AR_ERR_DATA,
		       "short.sig: the SSH signature is truncated or has "
		       "trailing bytes");
	free(armored);
	/* cut inside the namespace field */
	blob.length = 60;
	armored = armor(&blob);
	expect_refused(armored, "short.sig", AR_ERR_DATA,
		       "short.sig: the SSH signature is truncated or has "
		       "trailing bytes");
	free(armored);
	/* a byte after the last field */
	blob = good_blob();
	blob.data[blob.length++] = 0;
	armored = armor(&blob);
	expect_refused(armored, "long.sig", AR_ERR_DATA,
		       "truncated or has trailing bytes");
	free(armored);
}

static void test_bad_base64(void **state)
{
	char *armored = test_read_file(GOOD_SIG, NULL);
	char *body = strchr(armored, '\n') + 1;

	(void)state;
	body[10] = '!';
	expect_refused(armored, "garbled.sig", AR_ERR_DATA,
		       "garbled.sig: the SSH signature is not valid base64");
	free(armored);
	/* base64url is another alphabet */
	armored = test_read_file(GOOD_SIG, NULL);
	for (char *c = armored; *c; c++)
		if (*c == '+')
			*c = '-';
	expect_refused(armored, "url.sig", AR_ERR_DATA, "not valid base64");
	free(armored);
}

static void test_wrong_magic_and_version(void **state)
{
	struct blob blob = good_blob();
	char *armored;

	(void)state;
	assert_memory_equal(blob.data, "SSHSIG", 6);
	blob.data[5] = 'H';
	armored = armor(&blob);
	expect_refused(armored, "magic.sig", AR_ERR_DATA,
		       "magic.sig: not an SSHSIG signature (bad magic)");
	free(armored);
	/* version 2 */
	blob = good_blob();
	blob.data[9] = 2;
	armored = armor(&blob);
	expect_refused(armored, "version.sig", AR_ERR_DATA,
		       "version.sig: SSHSIG version 2, only 1 is known");
	free(armored);
}

static void test_unknown_hash_algorithm(void **state)
{
	struct blob blob = good_blob();
	char *armored;

	(void)state;
	memcpy(blob.data + find(&blob, "sha512", 6), "sha384", 6);
	armored = armor(&blob);
	expect_refused(armored, "sha384.sig", AR_ERR_DATA,
		       "sha384.sig: hash algorithm is not sha256 or sha512");
	free(armored);
}

static void test_rsa_key_refused(void **state)
{
	char *armored = test_read_file(RSA_SIG, NULL);

	(void)state;
	expect_refused(armored, RSA_SIG, AR_ERR_DATA,
		       RSA_SIG ": key type 'ssh-rsa' is not supported (use an "
			       "Ed25519 key: ssh-keygen -t ed25519)");
	free(armored);
}

static void test_key_type_in_message_is_printable(void **state)
{
	struct blob blob = good_blob();
	char *armored;

	(void)state;
	/* "ssh-ed25519" spelt with a control byte: shown as '?' */
	blob.data[find(&blob, "ssh-ed25519", 11) + 3] = '\x1b';
	armored = armor(&blob);
	expect_refused(armored, "escape.sig", AR_ERR_DATA,
		       "key type 'ssh?ed25519' is not supported");
	free(armored);
}

static void test_malformed_inner_signature(void **state)
{
	struct blob blob = good_blob();
	size_t first = find(&blob, "ssh-ed25519", 11);
	char *armored;

	(void)state;
	/* the second "ssh-ed25519" names the signature's own type */
	for (size_t i = first + 11; i + 11 <= blob.length; i++)
		if (memcmp(blob.data + i, "ssh-ed25519", 11) == 0) {
			blob.data[i + 10] = '8';
			break;
		}
	armored = armor(&blob);
	expect_refused(armored, "inner.sig", AR_ERR_DATA,
		       "inner.sig: malformed Ed25519 signature");
	free(armored);
}

static void test_oversized_input(void **state)
{
	char *armored = test_read_file(GOOD_SIG, NULL);
	size_t size = 64 * 1024 + 2;
	char *big = ar_malloc(size + strlen(armored) + 1);

	(void)state;
	/* a valid signature after 64 KiB of filler is still refused */
	memset(big, '#', size);
	strcpy(big + size, armored);
	expect_refused(big, "big.sig", AR_ERR_DATA,
		       "big.sig: too long for an SSH signature");
	free(big);
	free(armored);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_signature_and_fingerprint),
		cmocka_unit_test(test_fingerprint_of_another_key),
		cmocka_unit_test(test_sha256_signature),
		cmocka_unit_test(test_armor_with_crlf_and_text_around),
		cmocka_unit_test(test_changed_message),
		cmocka_unit_test(test_wrong_namespace),
		cmocka_unit_test(test_signature_bytes_changed),
		cmocka_unit_test(test_another_key_inside),
		cmocka_unit_test(test_truncated_armor),
		cmocka_unit_test(test_truncated_blob),
		cmocka_unit_test(test_bad_base64),
		cmocka_unit_test(test_wrong_magic_and_version),
		cmocka_unit_test(test_unknown_hash_algorithm),
		cmocka_unit_test(test_rsa_key_refused),
		cmocka_unit_test(test_key_type_in_message_is_printable),
		cmocka_unit_test(test_malformed_inner_signature),
		cmocka_unit_test(test_oversized_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
