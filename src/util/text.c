/* text.c -- small string helpers shared by every parser */
/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <string.h>

#include "accessreview/date.h"
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

int text_parse_time(const char *text, time_t *out)
{
	struct date_result date;

	if (date_parse(text, NULL, &date) != DATE_VALUE)
		return -1;
	*out = date.when;
	return 0;
}

_Static_assert(TEXT_TIME_SIZE == DATE_ISO_SIZE,
	       "text_format_time writes what date_format_iso writes");

void text_format_time(time_t when, char out[TEXT_TIME_SIZE])
{
	date_format_iso(when, out);
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
