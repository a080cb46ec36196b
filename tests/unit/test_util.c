/* test_util.c -- unit tests of buffers, text helpers, redaction, hashing */
/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "accessreview/buf.h"
#include "accessreview/error.h"
#include "accessreview/hash.h"
#include "accessreview/log.h"
#include "accessreview/process.h"
#include "accessreview/text.h"

static void test_buffer_grows_and_detaches(void **state)
{
	struct ar_buf sb = AR_BUF_INIT;
	char *text;
	size_t length;

	(void)state;
	assert_string_equal(sb.buf, "");
	for (int i = 0; i < 1000; i++)
		assert_int_equal(ar_buf_addf(&sb, "%d,", i % 10), 0);
	assert_int_equal(sb.len, 2000);
	assert_int_equal(ar_buf_add(&sb, "a\0b", 3), 0);
	assert_int_equal(sb.len, 2003);
	text = ar_buf_detach(&sb, &length);
	assert_int_equal(length, 2003);
	assert_string_equal(sb.buf, "");
	free(text);
}

static void test_buffer_cap(void **state)
{
	struct ar_buf sb;

	(void)state;
	ar_buf_init(&sb, 8);
	assert_int_equal(ar_buf_adds(&sb, "12345678"), 0);
	assert_int_equal(ar_buf_addch(&sb, 'x'), -1);
	assert_int_equal(sb.len, 8);
	assert_string_equal(sb.buf, "12345678");
	ar_buf_release(&sb);
}

static void test_utf8(void **state)
{
	(void)state;
	assert_true(text_is_utf8("Jos\xc3\xa9", 5));
	assert_false(text_is_utf8("J\xfcrgen", 7));
	assert_false(text_is_utf8("\xc0\xaf", 2));           /* overlong */
	assert_false(text_is_utf8("\xed\xa0\x80", 3));       /* surrogate */
	assert_false(text_is_utf8("a\0b", 3));               /* NUL */
	assert_false(text_is_utf8("\xe2\x82", 2));           /* truncated */
	assert_true(text_is_utf8("\xf0\x9f\x98\x80", 4));
}

static void test_times(void **state)
{
	time_t when = 0;
	char text[21];

	(void)state;
	assert_int_equal(text_parse_time("2026-11-20T00:00:00Z", &when), 0);
	assert_int_equal(when, 1795132800);
	assert_int_equal(text_parse_time("2026-11-20", &when), 0);
	assert_int_equal(when, 1795132800);
	assert_int_equal(text_parse_time("2026/11/20 01:00:00", &when), 0);
	assert_int_equal(when, 1795132800 + 3600);
	assert_int_equal(text_parse_time("2026-11-20T02:00:00.123+02:00",
					 &when),
			 0);
	assert_int_equal(when, 1795132800);
	assert_int_equal(text_parse_time("20261002170512Z", &when), 0);
	text_format_time(when, text);
	assert_string_equal(text, "2026-10-02T17:05:12Z");
	assert_int_equal(text_parse_time("N/A", &when), -1);
	assert_int_equal(text_parse_time("2026-13-01", &when), -1);
	assert_int_equal(text_parse_time("no_information", &when), -1);
}

static void test_booleans(void **state)
{
	(void)state;
	assert_int_equal(text_parse_bool("False"), 0);
	assert_int_equal(text_parse_bool("TRUE"), 1);
	assert_int_equal(text_parse_bool("yes"), 1);
	assert_int_equal(text_parse_bool("maybe"), -1);
	assert_int_equal(text_parse_bool(NULL), -1);
}

static void test_redaction(void **state)
{
	char out[256];

	(void)state;
	log_redact("bind failed: password=hunter2 user=amara", out,
		   sizeof(out));
	assert_string_equal(out,
			    "bind failed: password=[redacted] user=amara");
	log_redact("Authorization: Bearer abc.def", out, sizeof(out));
	assert_null(strstr(out, "abc.def"));
	log_redact("{\"api_token\": \"s3cr3t\", \"n\": 1}", out, sizeof(out));
	assert_null(strstr(out, "s3cr3t"));
	assert_non_null(strstr(out, "\"n\": 1"));
	log_redact("client_secret = xyz", out, sizeof(out));
	assert_string_equal(out, "client_secret = [redacted]");
	log_redact("nothing secret here", out, sizeof(out));
	assert_string_equal(out, "nothing secret here");
	log_redact("aws-credential-report.csv: 7 records", out, sizeof(out));
	assert_string_equal(out, "aws-credential-report.csv: 7 records");
	log_redact("expected NAME = VALUE, key = value", out, sizeof(out));
	assert_string_equal(out, "expected NAME = VALUE, key = [redacted]");
	log_redact("Cookie: session=abc", out, sizeof(out));
	assert_null(strstr(out, "session=abc"));
	assert_true(log_key_is_secret("X-API-Key", 9));
	assert_true(log_key_is_secret("credentials", 11));
	assert_false(log_key_is_secret("keyboard", 8));
	assert_false(log_key_is_secret("user", 4));
}

static void test_errors_keep_the_first_cause(void **state)
{
	struct ar_error err = AR_ERROR_INIT;

	(void)state;
	assert_int_equal(ar_error_set(&err, AR_ERR_DATA, "first %d", 1),
			 AR_ERR_DATA);
	ar_error_set(&err, AR_ERR_CONFIG, "second");
	assert_int_equal(err.code, AR_ERR_DATA);
	ar_error_prefix(&err, "system '%s'", "github");
	assert_string_equal(err.message, "system 'github': first 1");
	assert_string_equal(ar_rc_name(AR_ERR_TEMPFAIL), "temp-fail");
}

static void test_sha256(void **state)
{
	char hex[HASH_HEX_SIZE];
	long long bytes = 0;
	struct ar_error err = AR_ERROR_INIT;

	(void)state;
	hash_buffer_sha256("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
				 "b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(hash_file_sha256("/nonexistent", hex, &bytes, &err),
			 AR_ERR_NOINPUT);
	assert_non_null(strstr(err.message, "/nonexistent"));
}

static void test_mail_addresses(void **state)
{
	static const struct {
		const char *address;
		const char *problem;     /* a word of the reason; NULL: fine */
	} cases[] = {
		{ "lena.hoffmann@example.com", NULL },
		{ "o'brien+review@mail.example.co.uk", NULL },
		{ "a@example.com\r\nBcc: x@evil.example", "line break" },
		{ "a@example.com\rx", "line break" },
		{ "a@example.com\tx", "control" },
		{ "a@example.com, b@example.com", "comma" },
		{ "a@example.com;b@example.com", "comma" },
		{ "<a@example.com>", "angle brackets" },
		{ "Lena <a@example.com>", "blank" },
		{ "\"a\"@example.com", "special" },
		{ "ren\xc3\xa9@example.com", "non-ASCII" },
		{ "a@b@example.com", "more than one" },
		{ "lena", "name@domain" },
		{ "@example.com", "name@domain" },
		{ "lena@", "name@domain" },
		{ "", "empty" },
	};
	char long_address[300];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *problem =
			text_mail_address_problem(cases[i].address);

		if (cases[i].problem == NULL) {
			assert_null(problem);
		} else {
			assert_non_null(problem);
			assert_non_null(strstr(problem, cases[i].problem));
		}
	}
	memset(long_address, 'a', sizeof(long_address));
	memcpy(long_address + 250, "@example.com", 13);
	assert_non_null(strstr(text_mail_address_problem(long_address),
			       "254"));
	assert_non_null(text_mail_address_problem(NULL));
}

static void test_process_feed(void **state)
{
	char *cat[] = { "/bin/sh", "-c", "cat >/dev/null; exit 3", NULL };
	char *deaf[] = { "/bin/sh", "-c", "exit 75", NULL };
	char *killed[] = { "/bin/sh", "-c", "kill -9 $$", NULL };
	char *missing[] = { "/nonexistent/sendmail", "-t", NULL };
	static char data[1 << 20]; /* more than a pipe holds */
	struct process_result result;
	struct ar_error err = AR_ERROR_INIT;

	(void)state;
	memset(data, 'x', sizeof(data));
	assert_int_equal(process_feed(cat, data, sizeof(data), &result, &err),
			 AR_OK);
	assert_int_equal(result.status, 3);
	assert_int_equal(result.written, sizeof(data));
	/* exits without reading: a result, not a SIGPIPE for us */
	assert_int_equal(process_feed(deaf, data, sizeof(data), &result,
				      &err),
			 AR_OK);
	assert_int_equal(result.status, 75);
	assert_true(result.written < sizeof(data));
	assert_int_equal(process_feed(killed, "", 0, &result, &err), AR_OK);
	assert_int_equal(result.signal, 9);
	assert_int_equal(result.status, 128 + 9);
	assert_int_equal(process_feed(missing, "x", 1, &result, &err),
			 AR_ERR_CONFIG);
	assert_non_null(strstr(err.message, "cannot run "
					    "'/nonexistent/sendmail'"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buffer_grows_and_detaches),
		cmocka_unit_test(test_buffer_cap),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_booleans),
		cmocka_unit_test(test_redaction),
		cmocka_unit_test(test_errors_keep_the_first_cause),
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_mail_addresses),
		cmocka_unit_test(test_process_feed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
