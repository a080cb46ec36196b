/* reminder_message.c -- one reviewer's reminder as an RFC 5322 message */
/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "accessreview/reminders.h"
#include "accessreview/text.h"
#include "accessreview/worksheets.h"

/* RFC 5322 2.1.1: lines SHOULD stay within 78 characters. */
#define HEADER_WIDTH 78
/* UTF-8 bytes per encoded word: "Subject: =?UTF-8?B?" + 52 + "?=" fits */
#define ENCODED_CHUNK 39
/* An event's reason is the operator's free text: bounded in the message */
#define SUBJECT_REASON_CHARS 60
#define BODY_REASON_CHARS 200

/* ---- text that came from outside ---- */

/* Bytes in the UTF-8 sequence at p, or 0 when it is not one. */
static size_t sequence_length(const char *p)
{
	unsigned char lead = (unsigned char)*p;
	size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;

	if (strnlen(p, length) < length || !text_is_utf8(p, length))
		return 0;
	return length;
}

/*
 * Copy text, at most max characters, as plain UTF-8 on one line: a
 * control character (a line break above all) becomes a blank, a byte
 * that is not UTF-8 a '?', so nothing from the text can start a header.
 */
static void add_plain(struct ar_buf *out, const char *text, size_t max)
{
	size_t count = 0;

	while (*text && count++ < max) {
		unsigned char c = (unsigned char)*text;
		size_t length = sequence_length(text);

		if (c < 0x20 || c == 0x7f) {
			ar_buf_addch(out, ' ');
			text++;
		} else if (length == 0) {
			ar_buf_addch(out, '?');
			text++;
		} else {
			ar_buf_add(out, text, length);
			text += length;
		}
	}
	if (*text)
		ar_buf_adds(out, "...");
}

static int is_printable_ascii(const char *text)
{
	for (; *text; text++)
		if ((unsigned char)*text < 0x20 || (unsigned char)*text > 0x7e)
			return 0;
	return 1;
}

/* ---- headers ---- */

/* Printable ASCII, folded at blanks to stay within HEADER_WIDTH. */
static void add_folded_header(struct ar_buf *out, const char *name,
			      const char *value, const char *line_end)
{
	size_t start = strlen(name) + 1, line = start;

	ar_buf_addf(out, "%s:", name);
	while (*value) {
		size_t length = strcspn(value, " ");

		if (length > 0) {
			if (line > start && line + 1 + length > HEADER_WIDTH) {
				ar_buf_adds(out, line_end);
				line = 0;
			}
			ar_buf_addch(out, ' ');
			ar_buf_add(out, value, length);
			line += 1 + length;
		}
		value += length + (value[length] == ' ');
	}
	ar_buf_adds(out, line_end);
}

/*
 * RFC 2047 encoded words ("=?UTF-8?B?...?="), one per folded line, each
 * holding whole characters: a reader joins adjacent encoded words
 * without the folding blank between them.
 */
static void add_encoded_header(struct ar_buf *out, const char *name,
			       const char *value, const char *line_end)
{
	char encoded[sodium_base64_ENCODED_LEN(
		ENCODED_CHUNK, sodium_base64_VARIANT_ORIGINAL)];

	ar_buf_addf(out, "%s:", name);
	for (int first = 1; *value; first = 0) {
		size_t chunk = 0, length;

		while (value[chunk] &&
		       (length = sequence_length(value + chunk)) > 0 &&
		       chunk + length <= ENCODED_CHUNK)
			chunk += length;
		if (chunk == 0)
			break; /* add_plain made it UTF-8: not reached */
		sodium_bin2base64(encoded, sizeof(encoded),
				  (const unsigned char *)value, chunk,
				  sodium_base64_VARIANT_ORIGINAL);
		if (!first)
			ar_buf_adds(out, line_end);
		ar_buf_addf(out, " =?UTF-8?B?%s?=", encoded);
		value += chunk;
	}
	ar_buf_adds(out, line_end);
}

static void add_header(struct ar_buf *out, const char *name,
		       const char *value, const char *line_end)
{
	if (is_printable_ascii(value))
		add_folded_header(out, name, value, line_end);
	else
		add_encoded_header(out, name, value, line_end);
}

void reminder_format_date(time_t when, char out[40])
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed",
					    "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
					      "May", "Jun", "Jul", "Aug",
					      "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;

	/* not strftime: %a and %b follow the locale, RFC 5322 does not */
	gmtime_r(&when, &tm);
	snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000",
		 days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
		 tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void add_subject(struct ar_buf *out, const struct reminder_facts *facts,
			long undecided)
{
	const struct campaign_status *campaign = facts->campaign;
	struct ar_buf subject = AR_BUF_INIT;

	ar_buf_adds(&subject, "Access review ");
	if (campaign->period) {
		ar_buf_adds(&subject, campaign->period);
	} else {
		ar_buf_adds(&subject, "(");
		add_plain(&subject, campaign->reason ? campaign->reason
						     : "event",
			  SUBJECT_REASON_CHARS);
		ar_buf_adds(&subject, ")");
	}
	ar_buf_addf(&subject, ": %ld item%s to decide by %s%s", undecided,
		    undecided == 1 ? "" : "s", campaign->due,
		    campaign->days_to_due < 0 ? " (overdue)" : "");
	add_header(out, "Subject", subject.buf, facts->line_end);
	ar_buf_release(&subject);
}

static void add_headers(struct ar_buf *out, const struct reminder_facts *facts,
			long undecided)
{
	const char *end = facts->line_end;
	char date[40];

	reminder_format_date(facts->now, date);
	ar_buf_addf(out, "From: %s%s", facts->from, end);
	ar_buf_addf(out, "To: %s%s", facts->reviewer->reviewer, end);
	add_subject(out, facts, undecided);
	ar_buf_addf(out, "Date: %s%s", date, end);
	ar_buf_addf(out, "Message-ID: <%s>%s", facts->message_id, end);
	/* RFC 3834: no vacation replies to a machine */
	ar_buf_addf(out, "Auto-Submitted: auto-generated%s", end);
	ar_buf_addf(out, "MIME-Version: 1.0%s", end);
	ar_buf_addf(out, "Content-Type: text/plain; charset=UTF-8%s", end);
	ar_buf_addf(out, "Content-Transfer-Encoding: 8bit%s", end);
	ar_buf_adds(out, end);
}

/* ---- the body ---- */

static void add_line(struct ar_buf *out, const char *line_end,
		     const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add_line(struct ar_buf *out, const char *line_end,
		     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ar_buf_vaddf(out, fmt, ap);
	va_end(ap);
	ar_buf_adds(out, line_end);
}

static void add_campaign_line(struct ar_buf *out,
			      const struct reminder_facts *facts)
{
	const struct campaign_status *campaign = facts->campaign;

	if (campaign->period) {
		add_line(out, facts->line_end,
			 "Campaign:          %lld, access review %s",
			 campaign->id, campaign->period);
		return;
	}
	ar_buf_addf(out, "Campaign:          %lld, after an event: ",
		    campaign->id);
	add_plain(out, campaign->reason ? campaign->reason : "(no reason)",
		  BODY_REASON_CHARS);
	ar_buf_adds(out, facts->line_end);
}

static void add_due_line(struct ar_buf *out, const struct reminder_facts *facts)
{
	long days = facts->campaign->days_to_due;
	const char *due = facts->campaign->due;

	if (days > 0)
		add_line(out, facts->line_end,
			 "Due date:          %s (%ld day%s left)", due, days,
			 days == 1 ? "" : "s");
	else if (days == 0)
		add_line(out, facts->line_end,
			 "Due date:          %s (today)", due);
	else
		add_line(out, facts->line_end,
			 "Due date:          %s (%ld day%s overdue)", due,
			 -days, days == -1 ? "" : "s");
}

static void add_body(struct ar_buf *out, const struct reminder_facts *facts,
		     long undecided)
{
	const char *end = facts->line_end;
	const char *from = facts->from;
	char name[256];

	worksheets_file_name(facts->reviewer->reviewer, name, sizeof(name));
	add_line(out, end, "Hello,");
	ar_buf_adds(out, end);
	add_line(out, end, "access review items are waiting for your "
			   "decision.");
	ar_buf_adds(out, end);
	add_campaign_line(out, facts);
	add_line(out, end, "Undecided items:   %ld", undecided);
	add_line(out, end, "  privileged:      %ld (an administrator role, "
			   "or an account holding one)",
		 facts->reviewer->undecided_privileged);
	add_due_line(out, facts);
	ar_buf_adds(out, end);
	add_line(out, end, "Your worksheets, as the review team sent them "
			   "to you:");
	add_line(out, end, "  %s.csv   the decision file to fill in", name);
	add_line(out, end, "  %s.html  a read-only view of the same items",
		 name);
	ar_buf_adds(out, end);
	add_line(out, end, "To return your decisions, open %s.csv in a", name);
	add_line(out, end, "spreadsheet and set each row's \"decision\" to "
			   "keep, revoke or");
	add_line(out, end, "exception (an exception needs \"expires\" and a "
			   "\"comment\"; keeping");
	add_line(out, end, "privileged access needs a comment).  Save it as "
			   "CSV (UTF-8), the");
	add_line(out, end, "other columns as they are, and send it back to "
			   "%s.", from);
	add_line(out, end, "If you no longer have it, ask %s for a new", from);
	add_line(out, end, "one: it shows what you have decided already.");
	ar_buf_adds(out, end);
	add_line(out, end, "This message gives counts only: the accounts are "
			   "in your worksheet.");
	ar_buf_adds(out, end);
	add_line(out, end, "-- ");
	add_line(out, end, "accessreview");
}

enum ar_rc reminder_compose(const struct reminder_facts *facts,
			    struct ar_buf *out, struct ar_error *err)
{
	const char *problem;
	long undecided = campaign_reviewer_undecided(facts->reviewer);

	problem = text_mail_address_problem(facts->from);
	if (problem != NULL)
		return ar_error_set(err, AR_ERR_CONFIG,
				    "the sender is not a plain mail address: "
				    "%s", problem);
	problem = text_mail_address_problem(facts->reviewer->reviewer);
	if (problem != NULL)
		return ar_error_set(err, AR_ERR_DATA,
				    "the reviewer is not a plain mail "
				    "address: %s", problem);
	add_headers(out, facts, undecided);
	add_body(out, facts, undecided);
	return AR_OK;
}
