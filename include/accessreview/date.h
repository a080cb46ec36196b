/* date.h -- every date and time form the exports write, as Unix seconds */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_DATE_H
#define ACCESSREVIEW_DATE_H

#include <time.h>

/*
 * DATES
 *
 * One parser for every date a reader meets: console exports (CSV, JSON),
 * directory attributes (generalized time, AD FILETIME) and the command
 * line.  A value is judged, never guessed at:
 *
 *   DATE_VALUE    a point in time, as Unix seconds UTC (`when`)
 *   DATE_NEVER    the export says it never happened ("Never logged in",
 *                 "no_information", "N/A", FILETIME 0 ...)
 *   DATE_EMPTY    nothing there (empty or blank text)
 *   DATE_UNKNOWN  something that is not a date we can trust: no form
 *                 matches, an impossible date (30 February, month 13,
 *                 hour 25), a day/month order nobody gave; `reason`
 *                 says which, for a warning or an error
 *
 * Text forms are rows of a table (src/util/date.c), tried in order, each
 * taking the whole text (blanks around it are ignored).  Every
 * DATE_VALUE lies between 0001-01-01T00:00:00Z and
 * 9999-12-31T23:59:59Z, so date_format_iso always fits DATE_ISO_SIZE and
 * date_parse reads back what it wrote.  Nothing here allocates or keeps
 * state; the functions are safe to call from any thread.
 */

enum date_kind {
	DATE_VALUE = 0,
	DATE_NEVER,
	DATE_EMPTY,
	DATE_UNKNOWN
};

/* Which slash field is the day in "05/11/2026" (05/11 is ambiguous). */
enum date_order {
	DATE_ORDER_NONE = 0,         /* ambiguous slash dates are unknown */
	DATE_ORDER_DMY,              /* 05/11/2026 = 5 November */
	DATE_ORDER_MDY               /* 05/11/2026 = 11 May */
};

/*
 * How to read one source's dates.  All zero (DATE_OPTIONS_INIT, or a
 * memset source_spec) is the default: no day/month order, zone-less
 * values in UTC, no custom format.
 */
struct date_options {
	enum date_order order;
	long utc_offset;             /* seconds east of UTC, for values
				      * without a zone: +3600 = UTC+01:00 */
	const char *format;          /* strptime(3) format tried before the
				      * built-in forms, or NULL; %z in it
				      * gives the zone, else utc_offset */
};

#define DATE_OPTIONS_INIT { DATE_ORDER_NONE, 0, NULL }

#define DATE_REASON_SIZE 128

struct date_result {
	enum date_kind kind;
	time_t when;                 /* DATE_VALUE only, else 0 */
	/* DATE_UNKNOWN: why, without the value itself ("February 2026 has
	 * no day 30"), so callers quote the value as they see fit */
	char reason[DATE_REASON_SIZE];
};

/*
 * Judge text (may be NULL: DATE_EMPTY) with options (NULL: the
 * defaults).  Fills *out and returns out->kind.
 */
enum date_kind date_parse(const char *text, const struct date_options *options,
			  struct date_result *out);

/*
 * A number of a JSON field: Unix seconds, or milliseconds when it is
 * 10^11 or more (seconds would be past the year 5000).  0 and negative
 * numbers are DATE_UNKNOWN: no console writes 1970 as a last use, and 0
 * is the usual placeholder.  Returns out->kind.
 */
enum date_kind date_from_unix(long long number, struct date_result *out);

/*
 * An Active Directory FILETIME (100 ns ticks since 1601-01-01 UTC, as in
 * lastLogonTimestamp, accountExpires): 0 and INT64_MAX mean never,
 * negative ticks are DATE_UNKNOWN.  Times before 1970 are values (with a
 * negative `when`): whether they make sense is the caller's to judge.
 * Returns out->kind.
 */
enum date_kind date_from_filetime(long long ticks, struct date_result *out);

/* The last second a DATE_VALUE can be, 9999-12-31T23:59:59Z: the widest
 * year the report's xs:dateTime pattern (\d{4}) takes. */
#define DATE_LAST_SECOND 253402300799LL

/* Room for "2026-11-20T14:02:11Z" and its NUL. */
#define DATE_ISO_SIZE 21

/*
 * Format Unix seconds as ISO 8601 UTC ("2026-11-20T14:02:11Z") into out;
 * returns out.  Times outside the years 1 to 9999 are clamped to them.
 */
char *date_format_iso(time_t when, char out[DATE_ISO_SIZE]);

/*
 * For configuration keys: "dmy" or "mdy" (any case) into *order; an
 * offset "+01:00", "-0530", "+01", "Z" or "UTC" into *seconds.  Return 0,
 * or -1 when the text is neither.
 */
int date_parse_order(const char *text, enum date_order *order);
int date_parse_utc_offset(const char *text, long *seconds);

#endif
