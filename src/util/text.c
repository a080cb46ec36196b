/* text.c -- small string helpers shared by every parser */
/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "accessreview/text.h"

int text_is_utf8(const char *data, size_t length)
{
	const unsigned char *s = (const unsigned char *)data;
	size_t i = 0;

	while (i < length) {
		unsigned char c = s[i];
		size_t need;
		unsigned int code;

		if (c == 0)
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			need = 1;
			code = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			need = 2;
			code = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			need = 3;
			code = c & 0x07;
		} else {
			return 0;
		}
		if (length - i <= need)
			return 0;
		for (size_t k = 1; k <= need; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			code = (code << 6) | (s[i + k] & 0x3F);
		}
		/* overlong forms, surrogates and values past U+10FFFF */
		if ((need == 2 && code < 0x800) ||
		    (need == 3 && (code < 0x10000 || code > 0x10FFFF)) ||
		    (code >= 0xD800 && code <= 0xDFFF))
			return 0;
		i += need + 1;
	}
	return 1;
}

int text_equal_nocase(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcasecmp(a, b) == 0;
}

int text_starts_nocase(const char *text, const char *prefix)
{
	return strncasecmp(text, prefix, strlen(prefix)) == 0;
}

char *text_lower(char *text)
{
	for (char *p = text; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return text;
}

char *text_trim(char *text)
{
	char *start = text;
	size_t length;

	while (*start == ' ' || *start == '\t')
		start++;
	length = strlen(start);
	while (length > 0 && (start[length - 1] == ' ' ||
			      start[length - 1] == '\t' ||
			      start[length - 1] == '\r' ||
			      start[length - 1] == '\n'))
		length--;
	memmove(text, start, length);
	text[length] = '\0';
	return text;
}

int text_parse_bool(const char *text)
{
	static const char *const yes[] = { "true", "yes", "1", "on" };
	static const char *const no[] = { "false", "no", "0", "off" };

	if (text == NULL)
		return -1;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(text, yes[i]) == 0)
			return 1;
		if (strcasecmp(text, no[i]) == 0)
			return 0;
	}
	return -1;
}

/* Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm). */
static long long days_from_civil(int year, int month, int day)
{
	int y = year - (month <= 2);
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (long long)era * 146097 + doe - 719468;
}

static int read_digits(const char **p, int count, int *out)
{
	int value = 0;

	for (int i = 0; i < count; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		value = value * 10 + ((*p)[i] - '0');
	}
	*p += count;
	*out = value;
	return 0;
}

static int parse_offset(const char *p, long *seconds)
{
	int sign, hours, minutes = 0;

	*seconds = 0;
	if (*p == '\0' || ((*p == 'Z' || *p == 'z') && p[1] == '\0'))
		return 0;
	if (*p != '+' && *p != '-')
		return -1;
	sign = *p == '-' ? -1 : 1;
	p++;
	if (read_digits(&p, 2, &hours) != 0)
		return -1;
	if (*p == ':')
		p++;
	if (*p && read_digits(&p, 2, &minutes) != 0)
		return -1;
	if (*p != '\0')
		return -1;
	*seconds = sign * (hours * 3600L + minutes * 60L);
	return 0;
}

static int valid_fields(int month, int day, int hour, int minute, int second)
{
	return month >= 1 && month <= 12 && day >= 1 && day <= 31 &&
	       hour <= 23 && minute <= 59 && second <= 60;
}

static int parse_generalized(const char *p, time_t *out)
{
	int year, month, day, hour, minute, second;
	long offset;

	if (read_digits(&p, 4, &year) || read_digits(&p, 2, &month) ||
	    read_digits(&p, 2, &day) || read_digits(&p, 2, &hour) ||
	    read_digits(&p, 2, &minute) || read_digits(&p, 2, &second))
		return -1;
	if (*p == '.')
		while (*++p && isdigit((unsigned char)*p))
			;
	if (parse_offset(p, &offset) != 0 ||
	    !valid_fields(month, day, hour, minute, second) || year == 0)
		return -1;
	*out = (time_t)(days_from_civil(year, month, day) * 86400LL +
			hour * 3600 + minute * 60 + second - offset);
	return 0;
}

int text_parse_time(const char *text, time_t *out)
{
	const char *p = text;
	int year, month, day, hour = 0, minute = 0, second = 0;
	long offset = 0;

	if (text == NULL)
		return -1;
	if (strlen(text) >= 14 && isdigit((unsigned char)text[4]))
		return parse_generalized(text, out);
	if (read_digits(&p, 4, &year) != 0 || (*p != '-' && *p != '/'))
		return -1;
	p++;
	if (read_digits(&p, 2, &month) != 0 || (*p != '-' && *p != '/'))
		return -1;
	p++;
	if (read_digits(&p, 2, &day) != 0)
		return -1;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (read_digits(&p, 2, &hour) || *p++ != ':' ||
		    read_digits(&p, 2, &minute))
			return -1;
		if (*p == ':') {
			p++;
			if (read_digits(&p, 2, &second))
				return -1;
		}
		if (*p == '.')
			while (*++p && isdigit((unsigned char)*p))
				;
		if (parse_offset(p, &offset) != 0)
			return -1;
	} else if (*p != '\0') {
		return -1;
	}
	if (!valid_fields(month, day, hour, minute, second))
		return -1;
	*out = (time_t)(days_from_civil(year, month, day) * 86400LL +
			hour * 3600 + minute * 60 + second - offset);
	return 0;
}

void text_format_time(time_t when, char out[21])
{
	struct tm tm;

	gmtime_r(&when, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* RFC 5321's limit on a path, which an address must fit in. */
#define MAIL_ADDRESS_MAX 254

/* RFC 5322 atext, plus the dots of a dot-atom. */
static int is_address_character(unsigned char c)
{
	return isalnum(c) || (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~.", c));
}

static const char *address_character_problem(unsigned char c)
{
	if (c < 0x20 || c == 0x7f)
		return "it holds a line break or another control character";
	if (c >= 0x80)
		return "it holds a non-ASCII character";
	if (c == ' ')
		return "it holds a blank";
	if (c == ',' || c == ';')
		return "it holds a comma or semicolon (a second recipient)";
	if (c == '<' || c == '>')
		return "it holds angle brackets (give the bare address)";
	return "it holds a character that is special in a mail header";
}

const char *text_mail_address_problem(const char *text)
{
	const char *at = NULL;

	if (text == NULL || *text == '\0')
		return "it is empty";
	for (const char *p = text; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '@' && at == NULL)
			at = p;
		else if (c == '@')
			return "it holds more than one '@'";
		else if (!is_address_character(c))
			return address_character_problem(c);
	}
	if (at == NULL || at == text || at[1] == '\0')
		return "it is not of the form name@domain";
	if (strlen(text) > MAIL_ADDRESS_MAX)
		return "it is longer than 254 characters";
	return NULL;
}
