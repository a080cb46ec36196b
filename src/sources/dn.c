/* dn.c -- normalising distinguished names so that equal DNs compare equal */
/* SPDX-License-Identifier: MIT */

/*
 * Group members, managers and entry keys are DNs written by different
 * tools: slapd prints "uid=priya.raman,ou=people,...", an older tool
 * "uid=Priya.Raman, ou=People,...", a groupOfUniqueNames adds an optional
 * "#'0101'B" UID.  dn_normalize() turns all of them into one canonical
 * string:
 *
 *   - attribute types lowercased; blanks around ',', '=' and '+' removed;
 *   - values unescaped (RFC 4514 "\," and "\2C" forms, RFC 2253 quoted
 *     strings), ASCII-lowercased (the naming attributes in use, uid, cn,
 *     ou, dc, are caseIgnore), leading and trailing blanks dropped and
 *     inner runs of blanks collapsed (RFC 4518 insignificant space), then
 *     escaped again in one canonical way;
 *   - the AVAs of a multi-valued RDN ("cn=a+uid=b") sorted;
 *   - "#hex" BER values kept as lowercase hex.
 *
 * Non-ASCII letters are not case-folded: that needs Unicode tables, and
 * the exports we read print such values identically.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "accessreview/buf.h"
#include "accessreview/mem.h"
#include "accessreview/sources.h"
#include "accessreview/text.h"

struct dn_cursor {
	const char *at;
	const char *end;
};

/* The AVAs of one RDN, each rendered as "type=value". */
struct rdn_parts {
	char **items;
	size_t count;
	size_t alloc;
};

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static void skip_blanks(struct dn_cursor *cursor)
{
	while (cursor->at < cursor->end && is_blank(*cursor->at))
		cursor->at++;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* 1 when the character at index is preceded by an odd run of '\'. */
static int is_escaped(const char *text, size_t index)
{
	size_t backslashes = 0;

	while (index > backslashes && text[index - backslashes - 1] == '\\')
		backslashes++;
	return backslashes % 2 == 1;
}

/*
 * Length of dn without a trailing "#'0101'B" (RFC 4517 nameAndOptionalUID,
 * as written in uniqueMember values).
 */
static size_t strip_optional_uid(const char *dn, size_t length)
{
	size_t i;

	if (length < 4 || dn[length - 1] != 'B' || dn[length - 2] != '\'')
		return length;
	i = length - 3;
	while (i > 0 && (dn[i] == '0' || dn[i] == '1'))
		i--;
	if (i < 2 || dn[i] != '\'' || dn[i - 1] != '#' || is_escaped(dn, i - 1))
		return length;
	return i - 1;
}

/* Attribute type: a keystring or a numeric OID, lowercased into out. */
static int parse_type(struct dn_cursor *cursor, struct ar_buf *out)
{
	const char *start = cursor->at;

	while (cursor->at < cursor->end &&
	       (isalnum((unsigned char)*cursor->at) || *cursor->at == '-' ||
		*cursor->at == '.'))
		cursor->at++;
	if (cursor->at == start)
		return -1;
	for (const char *p = start; p < cursor->at; p++)
		ar_buf_addch(out, tolower((unsigned char)*p));
	return 0;
}

/* After a '\': one escaped character or two hex digits, into raw. */
static int parse_escape(struct dn_cursor *cursor, struct ar_buf *raw)
{
	int high, low;

	if (cursor->at >= cursor->end)
		return -1;
	if (cursor->end - cursor->at >= 2) {
		high = hex_value(cursor->at[0]);
		low = hex_value(cursor->at[1]);
		if (high >= 0 && low >= 0) {
			ar_buf_addch(raw, high * 16 + low);
			cursor->at += 2;
			return 0;
		}
	}
	ar_buf_addch(raw, *cursor->at);
	cursor->at++;
	return 0;
}

/* RFC 2253 "quoted value": everything up to the closing quote. */
static int parse_quoted(struct dn_cursor *cursor, struct ar_buf *raw)
{
	cursor->at++;
	while (cursor->at < cursor->end && *cursor->at != '"') {
		if (*cursor->at == '\\') {
			cursor->at++;
			if (parse_escape(cursor, raw) != 0)
				return -1;
		} else {
			ar_buf_addch(raw, *cursor->at);
			cursor->at++;
		}
	}
	if (cursor->at >= cursor->end)
		return -1;
	cursor->at++;
	skip_blanks(cursor);
	return 0;
}

/* "#04024869": a BER-encoded value, kept as lowercase hex. */
static int parse_hex_value(struct dn_cursor *cursor, struct ar_buf *out)
{
	const char *start = ++cursor->at;

	while (cursor->at < cursor->end && hex_value(*cursor->at) >= 0)
		cursor->at++;
	if (cursor->at == start || (cursor->at - start) % 2 != 0)
		return -1;
	ar_buf_addch(out, '#');
	for (const char *p = start; p < cursor->at; p++)
		ar_buf_addch(out, tolower((unsigned char)*p));
	skip_blanks(cursor);
	return 0;
}

/* An unquoted value up to an unescaped ',', ';', '+' or the end. */
static int parse_plain(struct dn_cursor *cursor, struct ar_buf *raw)
{
	while (cursor->at < cursor->end && *cursor->at != ',' &&
	       *cursor->at != ';' && *cursor->at != '+') {
		if (*cursor->at == '\\') {
			cursor->at++;
			if (parse_escape(cursor, raw) != 0)
				return -1;
		} else {
			ar_buf_addch(raw, *cursor->at);
			cursor->at++;
		}
	}
	return 0;
}

static int needs_backslash(unsigned char c, int first)
{
	/* c != 0: strchr would find the terminating NUL */
	return (c != 0 && strchr(",+\"\\<>;=", c) != NULL) ||
	       (first && c == '#');
}

/*
 * Write the unescaped value in canonical form: trimmed, blank runs
 * collapsed, ASCII-lowercased, specials escaped with '\', control bytes
 * (and every high byte when the value is not UTF-8) as "\xx".
 */
static void render_value(const struct ar_buf *raw, struct ar_buf *out)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *text = (const unsigned char *)raw->buf;
	size_t start = 0, end = raw->len;
	int utf8 = text_is_utf8(raw->buf, raw->len);

	while (start < end && is_blank((char)text[start]))
		start++;
	while (end > start && is_blank((char)text[end - 1]))
		end--;
	for (size_t i = start; i < end; i++) {
		unsigned char c = text[i];

		if (is_blank((char)c)) {
			if (!is_blank((char)text[i - 1]))
				ar_buf_addch(out, ' ');
		} else if (needs_backslash(c, i == start)) {
			ar_buf_addch(out, '\\');
			ar_buf_addch(out, c);
		} else if (c < 0x20 || c == 0x7f || (c >= 0x80 && !utf8)) {
			ar_buf_addch(out, '\\');
			ar_buf_addch(out, digits[c >> 4]);
			ar_buf_addch(out, digits[c & 0xf]);
		} else {
			ar_buf_addch(out, tolower(c));
		}
	}
}

/* One "type=value" into out. */
static int parse_ava(struct dn_cursor *cursor, struct ar_buf *out)
{
	struct ar_buf raw = AR_BUF_INIT;
	int rc = -1;

	skip_blanks(cursor);
	if (parse_type(cursor, out) != 0)
		goto out;
	skip_blanks(cursor);
	if (cursor->at >= cursor->end || *cursor->at != '=')
		goto out;
	cursor->at++;
	ar_buf_addch(out, '=');
	skip_blanks(cursor);
	if (cursor->at < cursor->end && *cursor->at == '#') {
		rc = parse_hex_value(cursor, out);
		goto out;
	}
	if (cursor->at < cursor->end && *cursor->at == '"')
		rc = parse_quoted(cursor, &raw);
	else
		rc = parse_plain(cursor, &raw);
	if (rc == 0)
		render_value(&raw, out);
out:
	ar_buf_release(&raw);
	return rc;
}

static int compare_items(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void parts_release(struct rdn_parts *parts)
{
	for (size_t i = 0; i < parts->count; i++)
		free(parts->items[i]);
	free(parts->items);
	memset(parts, 0, sizeof(*parts));
}

/* One RDN, its AVAs sorted so that "cn=a+uid=b" equals "uid=b+cn=a". */
static int parse_rdn(struct dn_cursor *cursor, struct ar_buf *out)
{
	struct rdn_parts parts = { NULL, 0, 0 };
	struct ar_buf ava = AR_BUF_INIT;
	int rc = 0;

	for (;;) {
		if (parse_ava(cursor, &ava) != 0) {
			rc = -1;
			goto out;
		}
		if (parts.count == parts.alloc) {
			parts.alloc = parts.alloc ? parts.alloc * 2 : 4;
			parts.items = ar_realloc(parts.items,
						 parts.alloc * sizeof(char *));
		}
		parts.items[parts.count++] = ar_buf_detach(&ava, NULL);
		if (cursor->at >= cursor->end || *cursor->at != '+')
			break;
		cursor->at++;
	}
	qsort(parts.items, parts.count, sizeof(char *), compare_items);
	for (size_t i = 0; i < parts.count; i++) {
		if (i > 0)
			ar_buf_addch(out, '+');
		ar_buf_adds(out, parts.items[i]);
	}
out:
	ar_buf_release(&ava);
	parts_release(&parts);
	return rc;
}

char *dn_normalize(const char *dn)
{
	struct ar_buf out = AR_BUF_INIT;
	struct dn_cursor cursor;
	char *result = NULL;

	cursor.at = dn;
	cursor.end = dn + strip_optional_uid(dn, strlen(dn));
	skip_blanks(&cursor);
	if (cursor.at >= cursor.end)
		goto out;
	for (;;) {
		if (parse_rdn(&cursor, &out) != 0)
			goto out;
		skip_blanks(&cursor);
		if (cursor.at >= cursor.end)
			break;
		/* ';' separated RDNs in RFC 1779, still accepted by slapd */
		if (*cursor.at != ',' && *cursor.at != ';')
			goto out;
		cursor.at++;
		ar_buf_addch(&out, ',');
	}
	result = ar_buf_detach(&out, NULL);
out:
	ar_buf_release(&out);
	return result;
}
