/* text.h -- small string helpers shared by every parser */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_TEXT_H
#define ACCESSREVIEW_TEXT_H

#include <stddef.h>
#include <time.h>

/* Return 1 when data[0..length) is well-formed UTF-8 with no NUL byte. */
int text_is_utf8(const char *data, size_t length);
/* ASCII case-insensitive equality; NULL equals only NULL. */
int text_equal_nocase(const char *a, const char *b);
/* ASCII case-insensitive prefix test. */
int text_starts_nocase(const char *text, const char *prefix);
/* Lowercase ASCII letters in place; returns text. */
char *text_lower(char *text);
/* Remove leading and trailing blanks in place; returns text. */
char *text_trim(char *text);
/* 1 for true/yes/1/on, 0 for false/no/0/off (any case), -1 otherwise. */
int text_parse_bool(const char *text);

/*
 * Parse a timestamp into Unix seconds (UTC): date_parse (date.h) with its
 * defaults, so any form it knows ("2026-11-19T08:41:07Z", "2026-11-19",
 * "20261002170512Z", "20 Nov 2026", ...), zone-less values in UTC.
 * Returns 0 on success, -1 for anything but a DATE_VALUE (never-words
 * and empty text included).
 */
int text_parse_time(const char *text, time_t *out);
/* Room for the widest time written, "9999-12-31T23:59:59Z" and its NUL:
 * date_format_iso clamps to the years 1 to 9999, so nothing is cut. */
#define TEXT_TIME_SIZE 21

/* Format Unix seconds as "2026-11-19T08:41:07Z" into out[TEXT_TIME_SIZE]
 * (date_format_iso). */
void text_format_time(time_t when, char out[TEXT_TIME_SIZE]);

/*
 * Why text cannot stand alone as a mail address in a header, or NULL when
 * it can: local@domain in printable ASCII with one '@', no blank, no
 * control character (CR or LF would end the header), no comma (another
 * recipient), no angle brackets or other specials ("()<>[]:;\\\""), at
 * most 254 characters (RFC 5321).  The reason reads after "is not a
 * plain mail address: ".
 */
const char *text_mail_address_problem(const char *text);

#endif
