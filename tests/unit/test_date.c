/* test_date.c -- unit tests of the date module: every form, word and edge */
/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "accessreview/date.h"

/* 2026-11-20T14:02:11Z, the moment most forms below write */
#define MOMENT 1795183331
#define MIDNIGHT 1795132800 /* 2026-11-20T00:00:00Z */

static const struct date_options dmy = { DATE_ORDER_DMY, 0, NULL };
static const struct date_options mdy = { DATE_ORDER_MDY, 0, NULL };

static void value_is(const char *text, const struct date_options *options,
		     time_t when)
{
	struct date_result date;
	enum date_kind kind = date_parse(text, options, &date);

	if (kind != DATE_VALUE)
		fail_msg("'%s': kind %d (%s), expected a value", text, kind,
			 date.reason);
	assert_int_equal(date.kind, DATE_VALUE);
	assert_int_equal(date.when, when);
	assert_string_equal(date.reason, "");
}

static void kind_is(const char *text, enum date_kind expected)
{
	struct date_result date;

	date.when = 12345;
	if (date_parse(text, NULL, &date) != expected)
		fail_msg("'%s': kind %d, expected %d", text ? text : "(null)",
			 date.kind, expected);
	assert_int_equal(date.when, 0);
}

static void unknown_because(const char *text,
			    const struct date_options *options,
			    const char *reason)
{
	struct date_result date;

	assert_int_equal(date_parse(text, options, &date), DATE_UNKNOWN);
	assert_int_equal(date.kind, DATE_UNKNOWN);
	assert_int_equal(date.when, 0);
	assert_string_equal(date.reason, reason);
}

/* ---- ISO 8601 ---- */

static void test_iso_date(void **state)
{
	(void)state;
	value_is("2026-11-20", NULL, MIDNIGHT);
	value_is("2024-02-29", NULL, 1709164800); /* a leap day */
}

static void test_iso_date_time_utc(void **state)
{
	(void)state;
	value_is("2026-11-20T14:02:11Z", NULL, MOMENT);
	value_is("2026-11-20t14:02:11z", NULL, MOMENT);
	value_is("2026-11-20T14:02Z", NULL, MOMENT - 11);
}

static void test_iso_date_time_offset(void **state)
{
	(void)state;
	value_is("2026-11-20 14:02:11+01:00", NULL, MOMENT - 3600);
	value_is("2026-11-20T14:02:11-05:30", NULL,
		 MOMENT + 5 * 3600 + 1800);
	value_is("2026-11-20T14:02:11 UTC", NULL, MOMENT);
}

static void test_iso_compact_offset(void **state)
{
	(void)state;
	value_is("2026-11-20T14:02:11+0100", NULL, MOMENT - 3600);
	value_is("2026-11-20T14:02:11+01", NULL, MOMENT - 3600);
}

static void test_iso_fraction(void **state)
{
	(void)state;
	value_is("2026-11-20T14:02:11.123456Z", NULL, MOMENT);
	value_is("2026-11-20T14:02:11.000000+00:00", NULL, MOMENT);
	value_is("2026-11-20 14:02:11,5", NULL, MOMENT);
}

static void test_iso_without_zone(void **state)
{
	(void)state;
	value_is("2026-11-20T14:02:11", NULL, MOMENT);
	value_is("2026-11-20 14:02:11", NULL, MOMENT);
}

/* ---- month names ---- */

static void test_day_month_name_year(void **state)
{
	(void)state;
	value_is("20 Nov 2026", NULL, MIDNIGHT); /* Atlassian */
	value_is("14 Mar 2022", NULL, 1647216000);
	value_is("20 november 2026", NULL, MIDNIGHT);
	value_is("20-Nov-2026", NULL, MIDNIGHT);
}

static void test_day_month_name_year_time(void **state)
{
	(void)state;
	value_is("20 Nov 2026 14:02:11", NULL, MOMENT);
	value_is("Fri, 20 Nov 2026 14:02:11 GMT", NULL, MOMENT);
	value_is("Fri, 20 Nov 2026 14:02:11 +0100", NULL, MOMENT - 3600);
}

static void test_month_name_day_year(void **state)
{
	(void)state;
	value_is("Nov 20, 2026", NULL, MIDNIGHT);
	value_is("November 20 2026", NULL, MIDNIGHT);
	value_is("Sept. 3, 2026", NULL, 1788393600);
	value_is("Nov 20, 2026, 2:02:11 PM", NULL, MOMENT);
	value_is("Nov 20, 2026 12:00 AM", NULL, MIDNIGHT);
}

/* ---- slash dates ---- */

static void test_year_slash(void **state)
{
	(void)state;
	value_is("2026/11/20 14:02:11", NULL, MOMENT); /* Google */
	value_is("2026/11/20", NULL, MIDNIGHT);
}

static void test_day_first_slash(void **state)
{
	(void)state;
	/* 20 is no month: day first whatever the order */
	value_is("20/11/2026 14:02:11", NULL, MOMENT);
	value_is("20/11/2026 14:02:11", &mdy, MOMENT);
	value_is("20/11/2026 2:02:11 pm", &dmy, MOMENT);
}

static void test_month_first_slash(void **state)
{
	(void)state;
	value_is("11/20/2026", NULL, MIDNIGHT);
	value_is("11/20/2026", &dmy, MIDNIGHT);
	value_is("11/20/2026 14:02:11", NULL, MOMENT);
}

static void test_slash_order(void **state)
{
	(void)state;
	unknown_because("05/11/2026", NULL,
			"could be 5 November or 11 May: no day/month order "
			"(dmy or mdy) is set");
	value_is("05/11/2026", &dmy, 1793836800); /* 2026-11-05 */
	value_is("05/11/2026", &mdy, 1778457600); /* 2026-05-11 */
	/* the same number twice reads the same either way */
	value_is("11/11/2026", NULL, 1794355200);
	unknown_because("13/14/2026", &dmy, "neither 13 nor 14 is a month");
	unknown_because("0/11/2026", &dmy, "a day or month 0 does not exist");
}

static void test_dotted(void **state)
{
	(void)state;
	value_is("20.11.2026", NULL, MIDNIGHT);
	value_is("20.11.2026 14:02:11", NULL, MOMENT);
}

/* ---- LDAP generalized time and ISO basic ---- */

static void test_generalized_time(void **state)
{
	(void)state;
	value_is("20261120140211Z", NULL, MOMENT);
	value_is("20261120140211.0Z", NULL, MOMENT);
	value_is("20261120140211.123456Z", NULL, MOMENT);
	value_is("20261120150211+0100", NULL, MOMENT);
	value_is("20261120090211-0500", NULL, MOMENT);
	value_is("202611201402Z", NULL, MOMENT - 11);
	value_is("20261120", NULL, MIDNIGHT);
	unknown_because("20261320140211Z", NULL, "month 13 does not exist");
	unknown_because("2026112014", NULL, "no known date form matches");
}

/* ---- numbers: Unix time and FILETIME ---- */

static void test_unix_seconds(void **state)
{
	struct date_result date;

	(void)state;
	assert_int_equal(date_from_unix(MOMENT, &date), DATE_VALUE);
	assert_int_equal(date.when, MOMENT);
	assert_int_equal(date_from_unix(1, &date), DATE_VALUE);
	assert_int_equal(date.when, 1);
	/* the last value read as seconds, in the year 5138 */
	assert_int_equal(date_from_unix(99999999999LL, &date), DATE_VALUE);
	assert_int_equal(date.when, 99999999999LL);
	assert_int_equal(date_from_unix(0, &date), DATE_UNKNOWN);
	assert_string_equal(date.reason,
			    "Unix time 0 is a placeholder, not a date");
	assert_int_equal(date_from_unix(-5, &date), DATE_UNKNOWN);
	assert_string_equal(date.reason, "a negative Unix time");
	/* text is never read as a number */
	unknown_because("1795183331", NULL, "no known date form matches");
}

static void test_unix_milliseconds(void **state)
{
	struct date_result date;

	(void)state;
	assert_int_equal(date_from_unix(1795183331123LL, &date), DATE_VALUE);
	assert_int_equal(date.when, MOMENT);
	assert_int_equal(date_from_unix(100000000000LL, &date), DATE_VALUE);
	assert_int_equal(date.when, 100000000);
	assert_int_equal(date_from_unix(253402300799999LL, &date),
			 DATE_VALUE);
	assert_int_equal(date.when, 253402300799LL);
	assert_int_equal(date_from_unix(253402300800000LL, &date),
			 DATE_UNKNOWN);
	assert_string_equal(date.reason, "past the year 9999");
	assert_int_equal(date_from_unix(INT64_MAX, &date), DATE_UNKNOWN);
}

static void test_filetime(void **state)
{
	struct date_result date;

	(void)state;
	/* the sample AD export's lastLogonTimestamp and accountExpires */
	assert_int_equal(date_from_filetime(134393767653372911LL, &date),
			 DATE_VALUE);
	assert_int_equal(date.when, 1794903165); /* 2026-11-17T08:12:45Z */
	assert_int_equal(date_from_filetime(134352864000000000LL, &date),
			 DATE_VALUE);
	assert_int_equal(date.when, 1790812800); /* 2026-10-01 */
	/* 1970-01-01 itself, and before it: values, the caller judges */
	assert_int_equal(date_from_filetime(116444736000000000LL, &date),
			 DATE_VALUE);
	assert_int_equal(date.when, 0);
	assert_int_equal(date_from_filetime(1, &date), DATE_VALUE);
	assert_int_equal(date.when, -11644473600LL);
}

static void test_filetime_edges(void **state)
{
	struct date_result date;

	(void)state;
	assert_int_equal(date_from_filetime(0, &date), DATE_NEVER);
	assert_int_equal(date.when, 0);
	assert_int_equal(date_from_filetime(INT64_MAX, &date), DATE_NEVER);
	assert_int_equal(date_from_filetime(INT64_MAX - 1, &date),
			 DATE_UNKNOWN);
	assert_string_equal(date.reason, "past the year 9999");
	assert_int_equal(date_from_filetime(-1, &date), DATE_UNKNOWN);
	assert_string_equal(date.reason, "a negative FILETIME");
	assert_int_equal(date_from_filetime(INT64_MIN, &date), DATE_UNKNOWN);
}

/* ---- never, empty ---- */

static void test_never_words(void **state)
{
	static const char *const words[] = {
		"Never", "Never accessed", "Never logged in", "no_information",
		"N/A", "null", "-",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		kind_is(words[i], DATE_NEVER);
}

static void test_never_words_any_case(void **state)
{
	static const char *const words[] = {
		"NEVER", "never accessed", "NEVER LOGGED IN", "No_Information",
		"n/a", "NULL", " - ", "Never signed in", "never\tused",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		kind_is(words[i], DATE_NEVER);
	/* a word that only starts like one is no never-word */
	unknown_because("Neverland", NULL, "no known date form matches");
	unknown_because("not_supported", NULL, "no known date form matches");
}

static void test_empty(void **state)
{
	(void)state;
	kind_is("", DATE_EMPTY);
	kind_is("  \t\r\n", DATE_EMPTY);
	kind_is(NULL, DATE_EMPTY);
}

/* ---- impossible dates ---- */

static void test_impossible_day(void **state)
{
	(void)state;
	unknown_because("2026-02-30", NULL, "February 2026 has no day 30");
	unknown_because("2026-02-29", NULL, "February 2026 has no day 29");
	unknown_because("1900-02-29", NULL, "February 1900 has no day 29");
	unknown_because("31 Apr 2026", NULL, "April 2026 has no day 31");
	unknown_because("2026-11-00", NULL, "day 0 does not exist");
	unknown_because("31/11/2026", &dmy, "November 2026 has no day 31");
}

static void test_impossible_month(void **state)
{
	(void)state;
	unknown_because("2026-13-01", NULL, "month 13 does not exist");
	unknown_because("2026-00-01", NULL, "month 0 does not exist");
	unknown_because("2026/13/01 10:00:00", NULL,
			"month 13 does not exist");
}

static void test_impossible_time(void **state)
{
	(void)state;
	unknown_because("2026-11-20T25:00:00Z", NULL,
			"hour 25 does not exist");
	unknown_because("2026-11-20T24:00:00Z", NULL,
			"hour 24 does not exist");
	unknown_because("2026-11-20T14:60:00Z", NULL,
			"minute 60 does not exist");
	unknown_because("2026-11-20T14:02:61Z", NULL,
			"second 61 does not exist");
	unknown_because("Nov 20, 2026 13:00 PM", NULL,
			"hour 13 does not exist on a 12-hour clock");
	unknown_because("2026-11-20T14:02:11+19:00", NULL,
			"zone offset +19:00 does not exist");
	unknown_because("0000-01-01", NULL, "year 0 does not exist");
	/* a leap second counts as the next minute's first */
	value_is("2026-11-20T14:02:60Z", NULL, MOMENT + 49);
}

static void test_not_dates(void **state)
{
	static const char *const texts[] = {
		"yesterday", "2026-11", "2026-11-20T", "2026-11-20 14",
		"26-11-20",  "2026-11-20T14:02:11Q", "Nov 2026", "20 Foo 2026",
		"2026-11-20T14:02:11+1:00",
	};
	char long_text[200];

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		unknown_because(texts[i], NULL, "no known date form matches");
	memset(long_text, '1', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	unknown_because(long_text, NULL, "longer than 64 characters");
}

/* ---- options ---- */

static void test_fixed_offset(void **state)
{
	struct date_options plus_one = { DATE_ORDER_NONE, 3600, NULL };
	struct date_options minus_five = { DATE_ORDER_MDY, -5 * 3600, NULL };
	struct date_options absurd = { DATE_ORDER_NONE, 19 * 3600, NULL };

	(void)state;
	/* zone-less values are taken at the offset */
	value_is("2026-11-20 14:02:11", &plus_one, MOMENT - 3600);
	value_is("2026/11/20 14:02:11", &plus_one, MOMENT - 3600);
	value_is("20 Nov 2026", &plus_one, MIDNIGHT - 3600);
	value_is("11/20/2026 9:02:11 AM", &minus_five, MOMENT);
	/* a zone in the value wins */
	value_is("2026-11-20T14:02:11Z", &plus_one, MOMENT);
	value_is("2026-11-20T14:02:11+02:00", &plus_one, MOMENT - 7200);
	value_is("20261120140211Z", &minus_five, MOMENT);
	unknown_because("2026-11-20", &absurd,
			"the UTC offset for dates without a zone is out of "
			"range");
}

static void test_custom_format(void **state)
{
	struct date_options custom = { DATE_ORDER_NONE, 0,
				       "%d.%m.%Y um %H:%M" };
	struct date_options zoned = { DATE_ORDER_NONE, 3600,
				      "%Y%m%d %H%M%S %z" };
	struct date_options offset = { DATE_ORDER_NONE, 3600, "%Y%m%d-%H%M" };

	(void)state;
	value_is("20.11.2026 um 14:02", &custom, MOMENT - 11);
	/* the format is tried first; the built-in forms still apply */
	value_is("2026-11-20T14:02:11Z", &custom, MOMENT);
	unknown_because("30.02.2026 um 14:02", &custom,
			"February 2026 has no day 30");
	value_is("20261120 140211 -0100", &zoned, MOMENT + 3600);
	value_is("20261120-1402", &offset, MOMENT - 11 - 3600);
}

static void test_parse_order_and_offset(void **state)
{
	enum date_order order = DATE_ORDER_NONE;
	long seconds = 1;

	(void)state;
	assert_int_equal(date_parse_order("dmy", &order), 0);
	assert_int_equal(order, DATE_ORDER_DMY);
	assert_int_equal(date_parse_order("MDY", &order), 0);
	assert_int_equal(order, DATE_ORDER_MDY);
	assert_int_equal(date_parse_order("ymd", &order), -1);
	assert_int_equal(date_parse_order(NULL, &order), -1);
	assert_int_equal(order, DATE_ORDER_MDY);

	assert_int_equal(date_parse_utc_offset("+01:00", &seconds), 0);
	assert_int_equal(seconds, 3600);
	assert_int_equal(date_parse_utc_offset("-0530", &seconds), 0);
	assert_int_equal(seconds, -19800);
	assert_int_equal(date_parse_utc_offset("UTC", &seconds), 0);
	assert_int_equal(seconds, 0);
	assert_int_equal(date_parse_utc_offset("GMT+2", &seconds), 0);
	assert_int_equal(seconds, 7200);
	assert_int_equal(date_parse_utc_offset("Z", &seconds), 0);
	assert_int_equal(seconds, 0);
	assert_int_equal(date_parse_utc_offset("+25:00", &seconds), -1);
	assert_int_equal(date_parse_utc_offset("Europe/Paris", &seconds), -1);
	assert_int_equal(date_parse_utc_offset("", &seconds), -1);
	assert_int_equal(date_parse_utc_offset("+01:00x", &seconds), -1);
}

/* ---- output ---- */

static void test_format_iso(void **state)
{
	char out[DATE_ISO_SIZE];

	(void)state;
	assert_string_equal(date_format_iso(MOMENT, out),
			    "2026-11-20T14:02:11Z");
	assert_string_equal(date_format_iso(0, out), "1970-01-01T00:00:00Z");
	assert_string_equal(date_format_iso(-1, out), "1969-12-31T23:59:59Z");
	assert_string_equal(date_format_iso(951782400, out),
			    "2000-02-29T00:00:00Z");
	/* clamped to the years 1 to 9999 */
	assert_string_equal(date_format_iso((time_t)INT64_MAX, out),
			    "9999-12-31T23:59:59Z");
	assert_string_equal(date_format_iso((time_t)INT64_MIN, out),
			    "0001-01-01T00:00:00Z");
}

static void test_round_trip(void **state)
{
	static const char *const texts[] = {
		"2026-11-20", "20261120140211.0Z", "20 Nov 2026 14:02:11",
		"Nov 20, 2026", "2026/11/20 14:02:11", "20/11/2026 14:02:11",
		"11/20/2026", "2026-11-20 14:02:11+01:00",
		"0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
		"1969-07-20T20:17:40Z", "2000-02-29T12:00:00Z",
	};
	char out[DATE_ISO_SIZE];
	struct date_result first, second;

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		assert_int_equal(date_parse(texts[i], NULL, &first),
				 DATE_VALUE);
		date_format_iso(first.when, out);
		assert_int_equal(date_parse(out, NULL, &second), DATE_VALUE);
		assert_int_equal(second.when, first.when);
	}
	/* every day of a leap and a common year, at noon */
	for (time_t day = 1704067200; day < 1767225600; day += 86400) {
		date_format_iso(day + 43200, out);
		assert_int_equal(date_parse(out, NULL, &second), DATE_VALUE);
		assert_int_equal(second.when, day + 43200);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iso_date),
		cmocka_unit_test(test_iso_date_time_utc),
		cmocka_unit_test(test_iso_date_time_offset),
		cmocka_unit_test(test_iso_compact_offset),
		cmocka_unit_test(test_iso_fraction),
		cmocka_unit_test(test_iso_without_zone),
		cmocka_unit_test(test_day_month_name_year),
		cmocka_unit_test(test_day_month_name_year_time),
		cmocka_unit_test(test_month_name_day_year),
		cmocka_unit_test(test_year_slash),
		cmocka_unit_test(test_day_first_slash),
		cmocka_unit_test(test_month_first_slash),
		cmocka_unit_test(test_slash_order),
		cmocka_unit_test(test_dotted),
		cmocka_unit_test(test_generalized_time),
		cmocka_unit_test(test_unix_seconds),
		cmocka_unit_test(test_unix_milliseconds),
		cmocka_unit_test(test_filetime),
		cmocka_unit_test(test_filetime_edges),
		cmocka_unit_test(test_never_words),
		cmocka_unit_test(test_never_words_any_case),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_impossible_day),
		cmocka_unit_test(test_impossible_month),
		cmocka_unit_test(test_impossible_time),
		cmocka_unit_test(test_not_dates),
		cmocka_unit_test(test_fixed_offset),
		cmocka_unit_test(test_custom_format),
		cmocka_unit_test(test_parse_order_and_offset),
		cmocka_unit_test(test_format_iso),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
