/* date.c -- every date and time form the exports write, as Unix seconds */
/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "accessreview/date.h"

/*
 * THE FORM TABLE
 *
 * Each built-in form is one row: a pattern of the tokens below, matched
 * against the whole (trimmed) text, first row first.  The first row that
 * matches decides: its fields are checked (no 30 February, no hour 25)
 * and turned into seconds, or the value is DATE_UNKNOWN with the reason.
 *
 *   Y  a year, exactly 4 digits
 *   M  D  h  month, day, hour: 1 or 2 digits (exactly 2 in compact rows)
 *   m  minutes, exactly 2 digits
 *   S  optional ":ss" seconds, then an optional fraction (".123", ",5")
 *   s  optional "ss" seconds without a colon, then an optional fraction
 *   P  Q  the first and second field of a slash date: which one is the
 *         day is decided afterwards (a field over 12, else the order)
 *   b  an English month name or its abbreviation ("Nov", "Sept.")
 *   w  an optional weekday name ("Fri,") and the blanks after it
 *   p  an optional AM or PM after blanks (12-hour clock)
 *   z  an optional zone after optional blanks: Z, UTC, GMT, +hh, +hhmm,
 *      +hh:mm (UTC and GMT may carry an offset: "GMT+1"); without one
 *      the source's fixed offset applies
 *   T  'T' or blanks between the date and the time;  t  an optional 'T'
 *   ' '  one or more blanks;  ','  an optional comma
 *   [...]  an optional part, skipped whole when it does not match
 *
 * Any other character stands for itself.  Everything is ASCII and
 * case-insensitive; no locale is consulted.
 */

#define DATE_MAX_TEXT 64
#define SECONDS_PER_DAY 86400LL
/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z */
#define DATE_MIN_SECONDS (-62135596800LL)
#define DATE_MAX_SECONDS 253402300799LL
/* seconds from here on would be past the year 5000: milliseconds */
#define UNIX_MILLISECONDS_FROM 100000000000LL
#define FILETIME_TICKS_PER_SECOND 10000000LL
#define FILETIME_UNIX_OFFSET 11644473600LL
/* the widest offsets in use are +14:00 and -12:00; ISO allows +-18 */
#define MAX_OFFSET_HOURS 18

struct date_form {
	const char *pattern;
	int exact;                   /* fields have exactly 2 digits */
};

static const struct date_form date_forms[] = {
	/* 2026-11-20, 2026-11-20T14:02:11.123456Z, ...+01:00, ...+0100 */
	{ "Y-M-D[Th:mSz]", 0 },
	/* 20261120, 20261120140211Z, 20261120140211.0Z, ...-0500 */
	{ "YMD[thmsz]", 1 },
	/* 2026/11/20 14:02:11 (Google Workspace) */
	{ "Y/M/D[Th:mSpz]", 0 },
	/* 20 Nov 2026, 20 Nov 2026 14:02:11, Fri, 20 Nov 2026 14:02 GMT */
	{ "wD b Y[Th:mSpz]", 0 },
	/* 20-Nov-2026 */
	{ "D-b-Y[Th:mSpz]", 0 },
	/* Nov 20, 2026, November 20, 2026, 2:02 PM */
	{ "wb D, Y[,Th:mSpz]", 0 },
	/* 20.11.2026 14:02 (day first wherever dots are used) */
	{ "D.M.Y[Th:mSz]", 0 },
	/* 20/11/2026 14:02:11, 11/20/2026 */
	{ "P/Q/Y[Th:mSpz]", 0 },
};

/* Compared whole, in any case; any "Never ..." phrase counts too. */
static const char *const never_words[] = {
	"Never", "Never accessed", "Never logged in", "no_information",
	"N/A", "null", "-",
};

static const char *const month_names[12] = {
	"January", "February", "March",     "April",   "May",      "June",
	"July",    "August",   "September", "October", "November", "December",
};

static const char *const weekday_names[7] = {
	"Monday", "Tuesday", "Wednesday", "Thursday",
	"Friday", "Saturday", "Sunday",
};

/* What a form found, before it is checked. */
struct fields {
	int year, month, day, hour, minute, second;
	int first, second_field;     /* P and Q */
	int slashed;                 /* first/second_field still to order */
	int meridiem;                /* 0 none, 1 AM, 2 PM */
	int zoned;
	int zone_sign, zone_hours, zone_minutes;
};

struct scan {
	const char *p;               /* the next character of the text */
	int exact;
	struct fields fields;
};

/* ---- results ---- */

static enum date_kind set_kind(struct date_result *out, enum date_kind kind,
			       time_t when)
{
	out->kind = kind;
	out->when = kind == DATE_VALUE ? when : 0;
	if (kind != DATE_UNKNOWN)
		out->reason[0] = '\0';
	return kind;
}

static enum date_kind unknown(struct date_result *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static enum date_kind unknown(struct date_result *out, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(out->reason, sizeof(out->reason), fmt, args);
	va_end(args);
	return set_kind(out, DATE_UNKNOWN, 0);
}

/* ---- the calendar (Howard Hinnant's algorithms, proleptic Gregorian) ---- */

static long long days_from_civil(int year, int month, int day)
{
	int y = year - (month <= 2);
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (long long)era * 146097 + doe - 719468;
}

static void civil_from_days(long long days, int *year, int *month, int *day)
{
	long long z = days + 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;

	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = (int)(yoe + era * 400 + (*month <= 2));
}

static int is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30,
				      31, 31, 30, 31, 30, 31 };

	return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

/* ---- tokens ---- */

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int read_digits(struct scan *scan, int min, int max, int *out)
{
	int value = 0, count = 0;

	while (count < max && isdigit((unsigned char)scan->p[count])) {
		value = value * 10 + (scan->p[count] - '0');
		count++;
	}
	if (count < min)
		return -1;
	scan->p += count;
	*out = value;
	return 0;
}

static int read_field(struct scan *scan, int *out)
{
	return read_digits(scan, scan->exact ? 2 : 1, 2, out);
}

static int skip_blanks(struct scan *scan)
{
	const char *start = scan->p;

	while (is_blank(*scan->p))
		scan->p++;
	return scan->p == start ? -1 : 0;
}

static void skip_fraction(struct scan *scan)
{
	if ((*scan->p == '.' || *scan->p == ',') &&
	    isdigit((unsigned char)scan->p[1])) {
		scan->p++;
		while (isdigit((unsigned char)*scan->p))
			scan->p++;
	}
}

/* A name of the list, whole or cut to its first 3 letters; index or -1. */
static int read_name(struct scan *scan, const char *const *names,
		     int count)
{
	for (int i = 0; i < count; i++) {
		size_t full = strlen(names[i]);
		size_t length = 0;

		if (strncasecmp(scan->p, names[i], full) == 0)
			length = full;
		else if (strncasecmp(scan->p, names[i], 4) == 0 &&
			 strncasecmp(names[i], "Sept", 4) == 0)
			length = 4;
		else if (strncasecmp(scan->p, names[i], 3) == 0)
			length = 3;
		if (length == 0 || isalpha((unsigned char)scan->p[length]))
			continue;
		scan->p += length;
		if (length < full && *scan->p == '.')
			scan->p++;
		return i;
	}
	return -1;
}

static int read_month_name(struct scan *scan)
{
	int month = read_name(scan, month_names, 12);

	if (month < 0)
		return -1;
	scan->fields.month = month + 1;
	return 0;
}

/* Nothing, or a weekday, an optional comma and blanks: "Fri, ". */
static int read_weekday(struct scan *scan)
{
	if (read_name(scan, weekday_names, 7) < 0)
		return 0;
	if (*scan->p == ',')
		scan->p++;
	return skip_blanks(scan);
}

static int read_meridiem(struct scan *scan)
{
	const char *p = scan->p;
	int pm;

	while (is_blank(*p))
		p++;
	if (toupper((unsigned char)p[0]) != 'A' &&
	    toupper((unsigned char)p[0]) != 'P')
		return 0;
	pm = toupper((unsigned char)p[0]) == 'P';
	if (toupper((unsigned char)p[1]) == 'M')
		p += 2;
	else if (p[1] == '.' && toupper((unsigned char)p[2]) == 'M' &&
		 p[3] == '.')
		p += 4;
	else
		return 0;
	if (isalpha((unsigned char)*p))
		return 0;
	scan->fields.meridiem = pm ? 2 : 1;
	scan->p = p;
	return 0;
}

/* "+hh", "+hhmm", "+hh:mm"; min_digits 1 after UTC/GMT ("GMT+1"). */
static int read_offset(struct scan *scan, int min_digits)
{
	struct fields *f = &scan->fields;

	f->zone_sign = *scan->p == '-' ? -1 : 1;
	scan->p++;
	if (read_digits(scan, min_digits, 2, &f->zone_hours) != 0)
		return -1;
	f->zone_minutes = 0;
	if (*scan->p == ':') {
		scan->p++;
		return read_digits(scan, 2, 2, &f->zone_minutes);
	}
	if (isdigit((unsigned char)*scan->p))
		return read_digits(scan, 2, 2, &f->zone_minutes);
	return 0;
}

static int read_zone(struct scan *scan)
{
	const char *start = scan->p;

	while (is_blank(*scan->p))
		scan->p++;
	if (*scan->p == 'Z' || *scan->p == 'z') {
		scan->p++;
	} else if (strncasecmp(scan->p, "UTC", 3) == 0 ||
		   strncasecmp(scan->p, "GMT", 3) == 0) {
		scan->p += 3;
		if ((*scan->p == '+' || *scan->p == '-') &&
		    read_offset(scan, 1) != 0)
			return -1;
	} else if (*scan->p == '+' || *scan->p == '-') {
		if (read_offset(scan, 2) != 0)
			return -1;
	} else {
		scan->p = start; /* no zone: the blanks are not ours */
		return 0;
	}
	scan->fields.zoned = 1;
	return 0;
}

static int read_seconds(struct scan *scan, int colon)
{
	if (colon && *scan->p != ':')
		return 0;
	if (!colon && !isdigit((unsigned char)*scan->p))
		return 0;
	scan->p += colon;
	if (read_digits(scan, 2, 2, &scan->fields.second) != 0)
		return -1;
	skip_fraction(scan);
	return 0;
}

static int read_token(struct scan *scan, char token)
{
	struct fields *f = &scan->fields;

	switch (token) {
	case 'Y':
		return read_digits(scan, 4, 4, &f->year);
	case 'M':
		return read_field(scan, &f->month);
	case 'D':
		return read_field(scan, &f->day);
	case 'h':
		return read_field(scan, &f->hour);
	case 'm':
		return read_digits(scan, 2, 2, &f->minute);
	case 'S':
		return read_seconds(scan, 1);
	case 's':
		return read_seconds(scan, 0);
	case 'P':
		f->slashed = 1;
		return read_field(scan, &f->first);
	case 'Q':
		return read_field(scan, &f->second_field);
	case 'b':
		return read_month_name(scan);
	case 'w':
		return read_weekday(scan);
	case 'p':
		return read_meridiem(scan);
	case 'z':
		return read_zone(scan);
	case ' ':
		return skip_blanks(scan);
	case ',':
		scan->p += *scan->p == ',';
		return 0;
	case 't':
		scan->p += *scan->p == 'T' || *scan->p == 't';
		return 0;
	case 'T':
		if (*scan->p != 'T' && *scan->p != 't')
			return skip_blanks(scan);
		scan->p++;
		return 0;
	default:
		if (*scan->p != token)
			return -1;
		scan->p++;
		return 0;
	}
}

/* 0 when the form takes the whole text, its fields in scan->fields. */
static int match_form(const struct date_form *form, const char *text,
		      struct scan *scan)
{
	struct scan saved;
	int in_option = 0;

	memset(scan, 0, sizeof(*scan));
	scan->p = text;
	scan->exact = form->exact;
	for (const char *token = form->pattern; *token; token++) {
		if (*token == '[') {
			saved = *scan;
			in_option = 1;
		} else if (*token == ']') {
			in_option = 0;
		} else if (read_token(scan, *token) != 0) {
			if (!in_option)
				return -1;
			/* the optional part does not match: as if absent */
			*scan = saved;
			in_option = 0;
			token = strchr(token, ']');
		}
	}
	return *scan->p == '\0' ? 0 : -1;
}

/* ---- checking what a form found ---- */

/* Decide which slash field is the day. */
static enum date_kind order_fields(struct fields *f,
				   const struct date_options *options,
				   struct date_result *out)
{
	int first = f->first, second = f->second_field;
	int dmy;

	if (first == 0 || second == 0)
		return unknown(out, "a day or month 0 does not exist");
	if (first > 12 && second > 12)
		return unknown(out, "neither %d nor %d is a month", first,
			       second);
	if (first > 12 || second > 12 || first == second)
		dmy = first > 12 || first == second;
	else if (options->order != DATE_ORDER_NONE)
		dmy = options->order == DATE_ORDER_DMY;
	else
		return unknown(out,
			       "could be %d %s or %d %s: no day/month "
			       "order (dmy or mdy) is set",
			       first, month_names[second - 1], second,
			       month_names[first - 1]);
	f->day = dmy ? first : second;
	f->month = dmy ? second : first;
	return DATE_VALUE;
}

static enum date_kind check_clock(struct fields *f, struct date_result *out)
{
	if (f->meridiem != 0) {
		if (f->hour < 1 || f->hour > 12)
			return unknown(out, "hour %d does not exist on a "
				       "12-hour clock", f->hour);
		f->hour = f->hour % 12 + (f->meridiem == 2 ? 12 : 0);
	}
	if (f->hour > 23)
		return unknown(out, "hour %d does not exist", f->hour);
	if (f->minute > 59)
		return unknown(out, "minute %d does not exist", f->minute);
	/* 60 is a leap second: counted as the next minute's first */
	if (f->second > 60)
		return unknown(out, "second %d does not exist", f->second);
	if (f->zoned && (f->zone_hours > MAX_OFFSET_HOURS ||
			 f->zone_minutes > 59))
		return unknown(out, "zone offset %c%02d:%02d does not exist",
			       f->zone_sign < 0 ? '-' : '+', f->zone_hours,
			       f->zone_minutes);
	return DATE_VALUE;
}

static enum date_kind check_calendar(const struct fields *f,
				     struct date_result *out)
{
	if (f->year == 0)
		return unknown(out, "year 0 does not exist");
	if (f->year < 0)
		return unknown(out, "the year is outside 1 to 9999");
	if (f->month < 1 || f->month > 12)
		return unknown(out, "month %d does not exist", f->month);
	if (f->day < 1)
		return unknown(out, "day 0 does not exist");
	if (f->day > days_in_month(f->year, f->month))
		return unknown(out, "%s %d has no day %d",
			       month_names[f->month - 1], f->year, f->day);
	return DATE_VALUE;
}

static enum date_kind judge(struct fields *f,
			    const struct date_options *options,
			    struct date_result *out)
{
	long long when;
	long offset;

	if (f->slashed && order_fields(f, options, out) != DATE_VALUE)
		return DATE_UNKNOWN;
	if (check_calendar(f, out) != DATE_VALUE ||
	    check_clock(f, out) != DATE_VALUE)
		return DATE_UNKNOWN;
	offset = f->zoned ? f->zone_sign * (f->zone_hours * 3600L +
					    f->zone_minutes * 60L)
			  : options->utc_offset;
	when = days_from_civil(f->year, f->month, f->day) * SECONDS_PER_DAY +
	       f->hour * 3600LL + f->minute * 60LL + f->second - offset;
	if (when < DATE_MIN_SECONDS || when > DATE_MAX_SECONDS)
		return unknown(out, "outside the years 1 to 9999 in UTC");
	return set_kind(out, DATE_VALUE, (time_t)when);
}

/* ---- a custom strptime(3) format ---- */

static int match_custom(const char *text, const char *format,
			struct fields *f)
{
	struct tm tm;
	const char *end;
	long offset, year;

	memset(&tm, 0, sizeof(tm));
	tm.tm_mday = 1;
	tm.tm_year = 1970 - 1900;
	end = strptime(text, format, &tm);
	if (end == NULL || *end != '\0')
		return -1;
	memset(f, 0, sizeof(*f));
	year = (long)tm.tm_year + 1900;
	/* -1: outside the years 1 to 9999 (strptime takes any %Y) */
	f->year = year >= 0 && year <= 9999 ? (int)year : -1;
	f->month = tm.tm_mon + 1;
	f->day = tm.tm_mday;
	f->hour = tm.tm_hour;
	f->minute = tm.tm_min;
	f->second = tm.tm_sec;
	if (strstr(format, "%z") != NULL) {
		offset = tm.tm_gmtoff;
		f->zoned = 1;
		f->zone_sign = offset < 0 ? -1 : 1;
		offset = labs(offset);
		f->zone_hours = (int)(offset / 3600);
		f->zone_minutes = (int)(offset % 3600 / 60);
	}
	return 0;
}

/* ---- the public functions ---- */

static int is_never(const char *text)
{
	size_t count = sizeof(never_words) / sizeof(never_words[0]);

	for (size_t i = 0; i < count; i++)
		if (strcasecmp(text, never_words[i]) == 0)
			return 1;
	/* "Never signed in", "never used": the export's own phrase */
	return strncasecmp(text, "never", 5) == 0 && is_blank(text[5]);
}

/* Copy text without surrounding blanks and line ends; -1 if too long. */
static int trim_into(const char *text, char out[DATE_MAX_TEXT + 1])
{
	static const char blanks[] = " \t\r\n";
	size_t length;

	text += strspn(text, blanks);
	length = strlen(text);
	while (length > 0 && strchr(blanks, text[length - 1]) != NULL)
		length--;
	if (length > DATE_MAX_TEXT)
		return -1;
	memcpy(out, text, length);
	out[length] = '\0';
	return 0;
}

enum date_kind date_parse(const char *text, const struct date_options *options,
			  struct date_result *out)
{
	static const struct date_options defaults = DATE_OPTIONS_INIT;
	char value[DATE_MAX_TEXT + 1];
	struct scan scan;
	struct fields custom;

	memset(out, 0, sizeof(*out));
	if (options == NULL)
		options = &defaults;
	if (text == NULL)
		return set_kind(out, DATE_EMPTY, 0);
	if (trim_into(text, value) != 0)
		return unknown(out, "longer than %d characters",
			       DATE_MAX_TEXT);
	if (value[0] == '\0')
		return set_kind(out, DATE_EMPTY, 0);
	if (is_never(value))
		return set_kind(out, DATE_NEVER, 0);
	if (options->utc_offset > MAX_OFFSET_HOURS * 3600L ||
	    options->utc_offset < -MAX_OFFSET_HOURS * 3600L)
		return unknown(out, "the UTC offset for dates without a zone "
			       "is out of range");
	if (options->format != NULL && *options->format != '\0' &&
	    match_custom(value, options->format, &custom) == 0)
		return judge(&custom, options, out);
	for (size_t i = 0; i < sizeof(date_forms) / sizeof(date_forms[0]); i++)
		if (match_form(&date_forms[i], value, &scan) == 0)
			return judge(&scan.fields, options, out);
	return unknown(out, "no known date form matches");
}

enum date_kind date_from_unix(long long number, struct date_result *out)
{
	long long seconds = number;

	memset(out, 0, sizeof(*out));
	if (number == 0)
		return unknown(out, "Unix time 0 is a placeholder, not a date");
	if (number < 0)
		return unknown(out, "a negative Unix time");
	if (number >= UNIX_MILLISECONDS_FROM)
		seconds = number / 1000;
	if (seconds > DATE_MAX_SECONDS)
		return unknown(out, "past the year 9999");
	return set_kind(out, DATE_VALUE, (time_t)seconds);
}

enum date_kind date_from_filetime(long long ticks, struct date_result *out)
{
	long long seconds;

	memset(out, 0, sizeof(*out));
	/* 0 and the largest value both mean "never" (MS-ADTS) */
	if (ticks == 0 || ticks == INT64_MAX)
		return set_kind(out, DATE_NEVER, 0);
	if (ticks < 0)
		return unknown(out, "a negative FILETIME");
	seconds = ticks / FILETIME_TICKS_PER_SECOND - FILETIME_UNIX_OFFSET;
	if (seconds > DATE_MAX_SECONDS)
		return unknown(out, "past the year 9999");
	return set_kind(out, DATE_VALUE, (time_t)seconds);
}

char *date_format_iso(time_t when, char out[DATE_ISO_SIZE])
{
	long long seconds = (long long)when;
	long long days, rest;
	int year, month, day;

	if (seconds < DATE_MIN_SECONDS)
		seconds = DATE_MIN_SECONDS;
	if (seconds > DATE_MAX_SECONDS)
		seconds = DATE_MAX_SECONDS;
	days = seconds / SECONDS_PER_DAY;
	rest = seconds % SECONDS_PER_DAY;
	if (rest < 0) {
		days--;
		rest += SECONDS_PER_DAY;
	}
	civil_from_days(days, &year, &month, &day);
	if (snprintf(out, DATE_ISO_SIZE, "%04d-%02d-%02dT%02d:%02d:%02dZ",
		     year, month, day, (int)(rest / 3600),
		     (int)(rest % 3600 / 60), (int)(rest % 60)) < 0)
		out[0] = '\0';
	return out;
}

int date_parse_order(const char *text, enum date_order *order)
{
	if (text != NULL && strcasecmp(text, "dmy") == 0)
		*order = DATE_ORDER_DMY;
	else if (text != NULL && strcasecmp(text, "mdy") == 0)
		*order = DATE_ORDER_MDY;
	else
		return -1;
	return 0;
}

int date_parse_utc_offset(const char *text, long *seconds)
{
	struct scan scan;
	struct date_result check = { DATE_EMPTY, 0, { 0 } };

	if (text == NULL)
		return -1;
	memset(&scan, 0, sizeof(scan));
	scan.p = text;
	if (read_zone(&scan) != 0 || !scan.fields.zoned || *scan.p != '\0' ||
	    check_clock(&scan.fields, &check) != DATE_VALUE)
		return -1;
	*seconds = scan.fields.zone_sign * (scan.fields.zone_hours * 3600L +
					    scan.fields.zone_minutes * 60L);
	return 0;
}
