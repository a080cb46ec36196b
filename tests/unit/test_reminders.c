/* test_reminders.c -- unit tests of the reminder messages (RFC 5322) */
/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "accessreview/reminders.h"
#include "accessreview/text.h"

/* 2026-12-05T09:00:00Z, a Saturday */
#define NOW 1796461200

static struct campaign_reviewer daniel = {
	"daniel.moreau@example.com", "owner", 23, 3, 14, NULL,
};

static void campaign_of(struct campaign_status *campaign, const char *period,
			const char *reason, long days)
{
	memset(campaign, 0, sizeof(*campaign));
	campaign->id = 4;
	campaign->kind = period ? "period" : "event";
	campaign->period = (char *)period;
	campaign->reason = (char *)reason;
	campaign->state = "open";
	campaign->due = "2026-12-31";
	campaign->days_to_due = days;
}

static char *compose(const struct campaign_status *campaign,
		     const struct campaign_reviewer *reviewer,
		     const char *from, enum ar_rc expected,
		     struct ar_error *err)
{
	struct reminder_facts facts = { campaign, reviewer, from,
					"id.1@example.com", NOW, "\r\n" };
	struct ar_buf out = AR_BUF_INIT;

	assert_int_equal(reminder_compose(&facts, &out, err), expected);
	return ar_buf_detach(&out, NULL);
}

/* Every line ends in CRLF, none is longer than 78 in the headers. */
static void assert_well_formed(const char *message)
{
	const char *body = strstr(message, "\r\n\r\n");
	const char *line = message;

	assert_non_null(body);
	while (*line) {
		const char *end = strstr(line, "\r\n");

		assert_non_null(end);
		assert_null(memchr(line, '\n', (size_t)(end - line)));
		assert_null(memchr(line, '\r', (size_t)(end - line)));
		if (line < body)
			assert_true(end - line <= 78);
		line = end + 2;
	}
}

static void test_message_headers_and_counts(void **state)
{
	struct campaign_status campaign;
	struct ar_error err = AR_ERROR_INIT;
	char *message;

	(void)state;
	campaign_of(&campaign, "2026-Q4", NULL, 26);
	message = compose(&campaign, &daniel, "review@example.com", AR_OK,
			  &err);
	assert_well_formed(message);
	assert_non_null(strstr(message, "From: review@example.com\r\n"
					"To: daniel.moreau@example.com\r\n"
					"Subject: Access review 2026-Q4: 20 "
					"items to decide by 2026-12-31\r\n"
					"Date: Sat, 05 Dec 2026 09:00:00 "
					"+0000\r\n"
					"Message-ID: <id.1@example.com>\r\n"));
	assert_non_null(strstr(message, "MIME-Version: 1.0\r\n"));
	assert_non_null(strstr(message, "Content-Type: text/plain; "
					"charset=UTF-8\r\n"));
	assert_non_null(strstr(message, "Content-Transfer-Encoding: 8bit"));
	assert_non_null(strstr(message, "Undecided items:   20\r\n"
					"  privileged:      14 "));
	assert_non_null(strstr(message, "2026-12-31 (26 days left)"));
	assert_non_null(strstr(message, "daniel.moreau@example.com.csv"));
	assert_non_null(strstr(message, "daniel.moreau@example.com.html"));
	free(message);
	campaign_of(&campaign, "2026-Q4", NULL, -1);
	message = compose(&campaign, &daniel, "review@example.com", AR_OK,
			  &err);
	assert_non_null(strstr(message, "by 2026-12-31 (overdue)\r\n"));
	assert_non_null(strstr(message, "2026-12-31 (1 day overdue)"));
	free(message);
}

/* An event's reason is free text: it never starts a header. */
static void test_event_reason_is_encoded(void **state)
{
	struct campaign_status campaign;
	struct ar_error err = AR_ERROR_INIT;
	char *message, *headers;

	(void)state;
	campaign_of(&campaign, NULL,
		    "phishing \xe2\x80\x93 r\xc3\xa9sum\xc3\xa9 sent to "
		    "everyone\r\nBcc: mallory@evil.example, and much more "
		    "text after that",
		    0);
	message = compose(&campaign, &daniel, "review@example.com", AR_OK,
			  &err);
	assert_well_formed(message);
	headers = strndup(message, (size_t)(strstr(message, "\r\n\r\n") -
					    message));
	assert_null(strstr(headers, "Bcc"));
	assert_null(strstr(headers, "mallory"));
	assert_non_null(strstr(headers, "Subject: =?UTF-8?B?"));
	for (const char *p = headers; *p; p++)
		assert_true((unsigned char)*p < 0x80);
	/* the body keeps the reason on one line, truncated */
	assert_null(strstr(message, "\r\nBcc"));
	assert_non_null(strstr(message, "after an event: phishing "
					"\xe2\x80\x93 r\xc3\xa9sum\xc3\xa9"));
	assert_non_null(strstr(message, "(today)"));
	free(headers);
	free(message);
}

static void test_addresses_refused(void **state)
{
	struct campaign_status campaign;
	struct campaign_reviewer injected = daniel;
	struct ar_error err = AR_ERROR_INIT;
	char *message;

	(void)state;
	campaign_of(&campaign, "2026-Q4", NULL, 3);
	injected.reviewer = "daniel.moreau@example.com\r\nBcc: x@evil.example";
	message = compose(&campaign, &injected, "review@example.com",
			  AR_ERR_DATA, &err);
	assert_string_equal(message, "");
	assert_non_null(strstr(err.message, "the reviewer is not a plain "
					    "mail address: it holds a line "
					    "break"));
	free(message);
	err = (struct ar_error)AR_ERROR_INIT;
	message = compose(&campaign, &daniel, "a@example.com, b@example.com",
			  AR_ERR_CONFIG, &err);
	assert_non_null(strstr(err.message, "comma"));
	free(message);
}

static void test_date(void **state)
{
	char date[40];

	(void)state;
	reminder_format_date(NOW, date);
	assert_string_equal(date, "Sat, 05 Dec 2026 09:00:00 +0000");
	reminder_format_date(0, date);
	assert_string_equal(date, "Thu, 01 Jan 1970 00:00:00 +0000");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_message_headers_and_counts),
		cmocka_unit_test(test_event_reason_is_encoded),
		cmocka_unit_test(test_addresses_refused),
		cmocka_unit_test(test_date),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
