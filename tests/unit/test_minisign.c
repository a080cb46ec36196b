/* test_minisign.c -- unit tests of minisign keys and signatures */
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
#include "accessreview/error.h"
#include "accessreview/minisign.h"

static const char message[] = "0123abcd  campaign-report.xml\n";

static void make_keys(struct minisign_secret_key *secret,
		      struct minisign_public_key *public_key)
{
	assert_true(sodium_init() >= 0);
	minisign_generate(secret, public_key);
}

static void sign(const struct minisign_secret_key *secret,
		 struct ar_buf *signature)
{
	minisign_sign(secret, message, strlen(message),
		      "timestamp:1796461200\tfile:MANIFEST", signature);
}

/* Keys written and read back are the same keys. */
static void test_key_files_round_trip(void **state)
{
	struct minisign_secret_key secret, secret_again;
	struct minisign_public_key public_key, public_again;
	struct ar_buf text = AR_BUF_INIT;
	struct ar_error err = AR_ERROR_INIT;
	char id[17];

	(void)state;
	make_keys(&secret, &public_key);
	minisign_format_public(&public_key, &text);
	minisign_key_id_text(public_key.key_id, id);
	assert_non_null(strstr(text.buf, id));
	assert_int_equal(minisign_parse_public(text.buf, "pub", &public_again,
					       &err),
			 AR_OK);
	assert_memory_equal(&public_key, &public_again, sizeof(public_key));
	ar_buf_reset(&text);
	minisign_format_secret(&secret, &text);
	assert_int_equal(minisign_parse_secret(text.buf, "key", &secret_again,
					       &err),
			 AR_OK);
	assert_memory_equal(&secret, &secret_again, sizeof(secret));
	ar_buf_release(&text);
}

/* A signature verifies, and gives its trusted comment back. */
static void test_sign_and_verify(void **state)
{
	struct minisign_secret_key secret;
	struct minisign_public_key public_key;
	struct ar_buf signature = AR_BUF_INIT, comment = AR_BUF_INIT;
	struct ar_error err = AR_ERROR_INIT;

	(void)state;
	make_keys(&secret, &public_key);
	sign(&secret, &signature);
	assert_non_null(strstr(signature.buf, "trusted comment: timestamp:"));
	assert_int_equal(minisign_verify(&public_key, message, strlen(message),
					 signature.buf, "sig", &comment, &err),
			 AR_OK);
	assert_string_equal(comment.buf, "timestamp:1796461200\tfile:MANIFEST");
	ar_buf_release(&signature);
	ar_buf_release(&comment);
}

/* A changed message, another key, a changed trusted comment: refused,
 * each with what is wrong. */
static void test_refusals(void **state)
{
	struct minisign_secret_key secret, other_secret;
	struct minisign_public_key public_key, other_public;
	struct ar_buf signature = AR_BUF_INIT;
	struct ar_error err = AR_ERROR_INIT;
	char *changed;

	(void)state;
	make_keys(&secret, &public_key);
	make_keys(&other_secret, &other_public);
	sign(&secret, &signature);
	assert_int_equal(minisign_verify(&public_key, "x", 1, signature.buf,
					 "sig", NULL, &err),
			 AR_ERR_NOPERM);
	assert_non_null(strstr(err.message, "the signed file was changed"));
	ar_error_clear(&err);
	assert_int_equal(minisign_verify(&other_public, message,
					 strlen(message), signature.buf, "sig",
					 NULL, &err),
			 AR_ERR_NOPERM);
	assert_non_null(strstr(err.message, "another key"));
	ar_error_clear(&err);
	changed = strstr(signature.buf, "file:MANIFEST");
	changed[5] = 'X';
	assert_int_equal(minisign_verify(&public_key, message, strlen(message),
					 signature.buf, "sig", NULL, &err),
			 AR_ERR_NOPERM);
	assert_non_null(strstr(err.message, "trusted comment"));
	ar_error_clear(&err);
	ar_buf_release(&signature);
}

/* What is not a key or a signature is a data error naming the file. */
static void test_hostile_text(void **state)
{
	static const char *const inputs[] = {
		"", "\n", "untrusted comment: x\n", "untrusted comment: x\n!!!\n",
		"untrusted comment: x\nRWQ=\n", "no comment\nRWQAAAA\n",
	};
	struct minisign_public_key public_key;
	struct minisign_secret_key secret;
	struct ar_error err = AR_ERROR_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		assert_int_equal(minisign_parse_public(inputs[i], "bad.pub",
						       &public_key, &err),
				 AR_ERR_DATA);
		assert_non_null(strstr(err.message, "bad.pub"));
		ar_error_clear(&err);
		assert_int_equal(minisign_parse_secret(inputs[i], "bad.key",
						       &secret, &err),
				 AR_ERR_DATA);
		ar_error_clear(&err);
		memset(&public_key, 0, sizeof(public_key));
		assert_int_equal(minisign_verify(&public_key, "m", 1,
						 inputs[i], "bad.minisig",
						 NULL, &err),
				 AR_ERR_DATA);
		assert_non_null(strstr(err.message, "bad.minisig"));
		ar_error_clear(&err);
	}
}

/* An encrypted key is refused saying why; a damaged one by checksum. */
static void test_secret_key_checks(void **state)
{
	struct minisign_secret_key secret, again;
	struct minisign_public_key public_key;
	struct ar_buf text = AR_BUF_INIT;
	struct ar_error err = AR_ERROR_INIT;
	unsigned char blob[158];
	size_t length = 0;
	char *line, encoded[256];

	(void)state;
	make_keys(&secret, &public_key);
	minisign_format_secret(&secret, &text);
	line = strchr(text.buf, '\n') + 1;
	assert_int_equal(sodium_base642bin(blob, sizeof(blob), line,
					   strcspn(line, "\n"), NULL, &length,
					   NULL,
					   sodium_base64_VARIANT_ORIGINAL),
			 0);
	memcpy(blob + 2, "Sc", 2);
	sodium_bin2base64(encoded, sizeof(encoded), blob, length,
			  sodium_base64_VARIANT_ORIGINAL);
	ar_buf_reset(&text);
	ar_buf_addf(&text, "untrusted comment: x\n%s\n", encoded);
	assert_int_equal(minisign_parse_secret(text.buf, "k", &again, &err),
			 AR_ERR_DATA);
	assert_non_null(strstr(err.message, "encrypted with a passphrase"));
	ar_error_clear(&err);
	memcpy(blob + 2, "\0\0", 2);
	blob[100] ^= 1;
	sodium_bin2base64(encoded, sizeof(encoded), blob, length,
			  sodium_base64_VARIANT_ORIGINAL);
	ar_buf_reset(&text);
	ar_buf_addf(&text, "untrusted comment: x\n%s\n", encoded);
	assert_int_equal(minisign_parse_secret(text.buf, "k", &again, &err),
			 AR_ERR_DATA);
	assert_non_null(strstr(err.message, "checksum"));
	ar_buf_release(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_files_round_trip),
		cmocka_unit_test(test_sign_and_verify),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_hostile_text),
		cmocka_unit_test(test_secret_key_checks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
