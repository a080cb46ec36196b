/* ldif.c -- LDIF exports (ldapsearch, Active Directory, FreeIPA) as records */
/* SPDX-License-Identifier: MIT */

/*
 * LDIF READER
 *
 * Layers, bottom up:
 *   physical lines  read in 64 KiB chunks, each capped at READER_MAX_LINE;
 *                   a NUL byte anywhere is refused with its line number;
 *   logical lines   continuation lines (one leading space) unfolded,
 *                   comments (and their continuations) skipped but
 *                   inspected for ldapsearch's "# numEntries: N" trailer,
 *                   every logical line checked to be UTF-8;
 *   records         runs of logical lines between blank lines: an entry
 *                   ("dn:" first), a "version: 1" line, or the non-entry
 *                   records ldapsearch writes between and after pages
 *                   ("search:", "result:", "control:", "pagedresults:",
 *                   "ref:"), of which only "result:" matters;
 *   entries         only the attributes this reader uses are decoded and
 *                   kept; all others are dropped undecoded, which is how
 *                   oathSecret and userPassword values never reach memory
 *                   we hand on.
 *
 * Person entries are emitted as soon as they are read.  Group entries are
 * kept (key, name, normalised member list) until the end of the file,
 * because only then is it known which member DNs are groups, which are
 * accounts of this file and which are "implied" accounts (see
 * resolve_member).  Memory is therefore bounded by the size of the group
 * memberships plus one set of entry DNs; each entry is capped at
 * LDIF_MAX_ENTRY bytes.
 *
 * A ":<" value is never fetched (libldap's ldif_parse_line2 would open
 * the URL, so it is not used at all): refused for an attribute we use,
 * skipped with a warning otherwise.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "accessreview/buf.h"
#include "accessreview/mem.h"
#include "accessreview/sources.h"
#include "accessreview/text.h"
#include "reader.h"

/* The biggest entry kept, so that a hostile group cannot eat memory. */
#define LDIF_MAX_ENTRY (64L * 1024 * 1024)
#define CHUNK_SIZE (64 * 1024)

/* Active Directory FILETIME: 100 ns ticks since 1601-01-01 UTC. */
#define FILETIME_TICKS_PER_SECOND 10000000LL
#define FILETIME_UNIX_OFFSET 11644473600LL

/* userAccountControl bits (MS-ADTS 2.2.16). */
#define UAC_ACCOUNT_DISABLED 0x2
#define UAC_INTERDOMAIN_TRUST 0x800
#define UAC_WORKSTATION_TRUST 0x1000
#define UAC_SERVER_TRUST 0x2000

#define DISABLED_ALL_RULES                                                   \
	(DISABLED_PWD_ACCOUNT_LOCKED_TIME | DISABLED_NS_ACCOUNT_LOCK |       \
	 DISABLED_USER_ACCOUNT_CONTROL)

/* The attributes this reader uses; every other one is skipped. */
enum attribute {
	ATTR_OBJECT_CLASS = 0,
	ATTR_UID,
	ATTR_SAM_ACCOUNT_NAME,
	ATTR_MAIL,
	ATTR_USER_PRINCIPAL_NAME,
	ATTR_DISPLAY_NAME,
	ATTR_CN,
	ATTR_EMPLOYEE_NUMBER,
	ATTR_EMPLOYEE_ID,
	ATTR_MANAGER,
	ATTR_PWD_ACCOUNT_LOCKED_TIME,
	ATTR_NS_ACCOUNT_LOCK,
	ATTR_USER_ACCOUNT_CONTROL,
	ATTR_ACCOUNT_EXPIRES,
	ATTR_OATH_TOTP_TOKEN,
	ATTR_OATH_HOTP_TOKEN,
	ATTR_IPA_USER_AUTH_TYPE,
	ATTR_LAST_LOGON_TIMESTAMP,
	ATTR_PWD_LAST_SET,
	ATTR_MEMBER,
	ATTR_UNIQUE_MEMBER,
	ATTR_MEMBER_UID,
	ATTR_COUNT
};

static const char *const attribute_names[ATTR_COUNT] = {
	[ATTR_OBJECT_CLASS] = "objectClass",
	[ATTR_UID] = "uid",
	[ATTR_SAM_ACCOUNT_NAME] = "sAMAccountName",
	[ATTR_MAIL] = "mail",
	[ATTR_USER_PRINCIPAL_NAME] = "userPrincipalName",
	[ATTR_DISPLAY_NAME] = "displayName",
	[ATTR_CN] = "cn",
	[ATTR_EMPLOYEE_NUMBER] = "employeeNumber",
	[ATTR_EMPLOYEE_ID] = "employeeID",
	[ATTR_MANAGER] = "manager",
	[ATTR_PWD_ACCOUNT_LOCKED_TIME] = "pwdAccountLockedTime",
	[ATTR_NS_ACCOUNT_LOCK] = "nsAccountLock",
	[ATTR_USER_ACCOUNT_CONTROL] = "userAccountControl",
	[ATTR_ACCOUNT_EXPIRES] = "accountExpires",
	[ATTR_OATH_TOTP_TOKEN] = "oathTOTPToken",
	[ATTR_OATH_HOTP_TOKEN] = "oathHOTPToken",
	[ATTR_IPA_USER_AUTH_TYPE] = "ipaUserAuthType",
	[ATTR_LAST_LOGON_TIMESTAMP] = "lastLogonTimestamp",
	[ATTR_PWD_LAST_SET] = "pwdLastSet",
	[ATTR_MEMBER] = "member",
	[ATTR_UNIQUE_MEMBER] = "uniqueMember",
	[ATTR_MEMBER_UID] = "memberUid",
};

/* Attributes of the records ldapsearch prints that are not entries. */
static const char *const result_record_names[] = {
	"search", "result", "control", "pagedresults", "ref", "matchedDN",
	"text", NULL
};

static const char *const group_classes[] = {
	"groupOfNames", "groupOfUniqueNames", "posixGroup", "group", NULL
};
static const char *const person_classes[] = {
	"person", "organizationalPerson", "inetOrgPerson", "posixAccount",
	"user", NULL
};

enum value_kind { VALUE_PLAIN, VALUE_BASE64, VALUE_URL };

/* One logical line split at its colon; pointers into the line buffer. */
struct ldif_line {
	const char *name;
	size_t name_length;
	enum value_kind kind;
	const char *value;
	size_t value_length;
	long number;
};

struct entry_value {
	enum attribute attribute;
	char *text;                  /* decoded, NUL-free UTF-8 */
	long line;
};

struct entry {
	char *dn;
	long line;                   /* of the "dn:" line */
	struct entry_value *values;
	size_t count;
	size_t alloc;
	size_t bytes;
	long partial_range_line;     /* a member;range=X-Y with Y not '*' */
	char partial_range[64];
};

/* What the file says an entry DN is, for resolving group members. */
enum entry_kind {
	ENTRY_OTHER = 0,
	ENTRY_GROUP,
	ENTRY_ACCOUNT,               /* emitted as an account by this reader */
	ENTRY_COMPUTER
};

struct map_slot {
	char *key;                   /* NULL = free */
	char *value;
	enum entry_kind kind;
};

/* Open addressing string map; keys and values are owned. */
struct string_map {
	struct map_slot *slots;
	size_t size;                 /* 0 or a power of two */
	size_t count;
};

/* A group entry kept until the end: members as tag, text, NUL. */
struct group {
	char *key;
	char *name;
	struct ar_buf members;
};

#define MEMBER_TAG_DN 'D'
#define MEMBER_TAG_UID 'U'

enum record_kind { RECORD_NONE = 0, RECORD_ENTRY, RECORD_RESULT };

struct ldif_reader {
	const struct source_spec *spec;
	const struct record_sink *sink;
	struct source_summary *summary;
	const char *path;
	FILE *file;

	char chunk[CHUNK_SIZE];
	size_t chunk_start;
	size_t chunk_end;
	int at_eof;
	struct ar_buf physical;      /* current physical line */
	long physical_number;
	int pending;                 /* `physical` read but not consumed */
	struct ar_buf logical;       /* current unfolded line */
	long logical_number;

	enum record_kind record_kind;
	struct entry entry;
	long entries_read;

	struct string_map entries;   /* normalised DN -> kind */
	struct string_map uids;      /* lowercased uid -> account DN */
	struct string_map implied;   /* implied account ids emitted */
	struct group *groups;
	size_t group_count;
	size_t group_alloc;
};

/* ---- errors and warnings ---- */

static enum ar_rc data_error(struct ldif_reader *reader, long line,
			     struct ar_error *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static enum ar_rc data_error(struct ldif_reader *reader, long line,
			     struct ar_error *err, const char *fmt, ...)
{
	char problem[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(problem, sizeof(problem), fmt, ap);
	va_end(ap);
	return ar_error_set(err, AR_ERR_DATA, "%s:%ld: %s", reader->path,
			    line, problem);
}

static void warn(struct ldif_reader *reader, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void warn(struct ldif_reader *reader, long line, const char *fmt, ...)
{
	char problem[512];
	char message[1024];
	va_list ap;

	if (reader->sink->warning == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(problem, sizeof(problem), fmt, ap);
	va_end(ap);
	snprintf(message, sizeof(message), "%s:%ld: %s", reader->path, line,
		 problem);
	reader->sink->warning(reader->sink->context, message);
}

/* The first reason wins, as with errors. */
static void set_incomplete(struct ldif_reader *reader, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void set_incomplete(struct ldif_reader *reader, const char *fmt, ...)
{
	struct source_summary *summary = reader->summary;
	va_list ap;

	if (summary->incomplete[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(summary->incomplete, sizeof(summary->incomplete), fmt, ap);
	va_end(ap);
}

/* ---- string map ---- */

static uint64_t hash_string(const char *text)
{
	uint64_t hash = 14695981039346656037ULL;

	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		hash ^= *p;
		hash *= 1099511628211ULL;
	}
	return hash;
}

static struct map_slot *map_probe(struct map_slot *slots, size_t size,
				  const char *key)
{
	size_t i = (size_t)hash_string(key) & (size - 1);

	while (slots[i].key != NULL && strcmp(slots[i].key, key) != 0)
		i = (i + 1) & (size - 1);
	return &slots[i];
}

static void map_grow(struct string_map *map)
{
	size_t size = map->size ? map->size * 2 : 64;
	struct map_slot *slots = ar_calloc(size, sizeof(*slots));

	for (size_t i = 0; i < map->size; i++) {
		if (map->slots[i].key != NULL)
			*map_probe(slots, size, map->slots[i].key) =
				map->slots[i];
	}
	free(map->slots);
	map->slots = slots;
	map->size = size;
}

static struct map_slot *map_find(const struct string_map *map,
				 const char *key)
{
	struct map_slot *slot;

	if (map->size == 0)
		return NULL;
	slot = map_probe(map->slots, map->size, key);
	return slot->key ? slot : NULL;
}

/* Find key, or add it; *added tells which. */
static struct map_slot *map_add(struct string_map *map, const char *key,
				int *added)
{
	struct map_slot *slot;

	if ((map->count + 1) * 10 >= map->size * 7)
		map_grow(map);
	slot = map_probe(map->slots, map->size, key);
	*added = slot->key == NULL;
	if (*added) {
		slot->key = ar_strdup(key);
		slot->value = NULL;
		slot->kind = ENTRY_OTHER;
		map->count++;
	}
	return slot;
}

static void map_release(struct string_map *map)
{
	for (size_t i = 0; i < map->size; i++) {
		free(map->slots[i].key);
		free(map->slots[i].value);
	}
	free(map->slots);
	memset(map, 0, sizeof(*map));
}

/* ---- physical lines ---- */

/* Refill the chunk; *got = 0 at end of file. */
static enum ar_rc fill_chunk(struct ldif_reader *reader, int *got,
			     struct ar_error *err)
{
	size_t count;

	*got = 0;
	if (reader->at_eof)
		return AR_OK;
	count = fread(reader->chunk, 1, sizeof(reader->chunk), reader->file);
	if (count == 0) {
		if (ferror(reader->file))
			return ar_error_set(err, AR_ERR_NOINPUT,
					    "cannot read '%s': %s",
					    reader->path, strerror(errno));
		reader->at_eof = 1;
		return AR_OK;
	}
	reader->chunk_start = 0;
	reader->chunk_end = count;
	*got = 1;
	return AR_OK;
}

static enum ar_rc line_too_long(struct ldif_reader *reader, long line,
				struct ar_error *err)
{
	return data_error(reader, line, err, "line longer than %d bytes",
			  READER_MAX_LINE);
}

/* Read the next physical line into reader->physical; *got = 0 at EOF. */
static enum ar_rc read_physical(struct ldif_reader *reader, int *got,
				struct ar_error *err)
{
	struct ar_buf *line = &reader->physical;
	int started = 0;
	enum ar_rc rc = AR_OK;

	ar_buf_reset(line);
	for (;;) {
		const char *begin, *newline;
		size_t available, take;
		int filled;

		if (reader->chunk_start == reader->chunk_end) {
			rc = fill_chunk(reader, &filled, err);
			if (rc != AR_OK || !filled)
				break;
		}
		started = 1;
		begin = reader->chunk + reader->chunk_start;
		available = reader->chunk_end - reader->chunk_start;
		newline = memchr(begin, '\n', available);
		take = newline ? (size_t)(newline - begin) : available;
		if (ar_buf_add(line, begin, take) != 0)
			return line_too_long(reader,
					     reader->physical_number + 1, err);
		reader->chunk_start += take + (newline != NULL);
		if (newline)
			break;
	}
	*got = rc == AR_OK && started;
	if (!*got)
		return rc;
	reader->physical_number++;
	if (line->len > 0 && line->buf[line->len - 1] == '\r')
		line->buf[--line->len] = '\0';
	if (line->len > READER_MAX_LINE)
		return line_too_long(reader, reader->physical_number, err);
	if (memchr(line->buf, '\0', line->len) != NULL)
		return data_error(reader, reader->physical_number, err,
				  "NUL byte in line");
	return AR_OK;
}

/* The next physical line, the pushed-back one first. */
static enum ar_rc next_physical(struct ldif_reader *reader, int *got,
				struct ar_error *err)
{
	if (reader->pending) {
		reader->pending = 0;
		*got = 1;
		return AR_OK;
	}
	return read_physical(reader, got, err);
}

/* ---- logical lines ---- */

/* ldapsearch's trailer "# numEntries: 15" is the declared total. */
static void inspect_comment(struct ldif_reader *reader)
{
	const char *text = reader->physical.buf + 1;
	char *end;
	long count;

	while (*text == ' ')
		text++;
	if (!text_starts_nocase(text, "numEntries:"))
		return;
	text += strlen("numEntries:");
	errno = 0;
	count = strtol(text, &end, 10);
	if (errno == 0 && end != text && count >= 0 && *text_trim(end) == '\0')
		reader->summary->declared = count;
}

/* Skip a comment and its continuation lines. */
static enum ar_rc skip_comment(struct ldif_reader *reader,
			       struct ar_error *err)
{
	enum ar_rc rc;
	int got;

	inspect_comment(reader);
	for (;;) {
		rc = next_physical(reader, &got, err);
		if (rc != AR_OK || !got)
			return rc;
		if (reader->physical.buf[0] != ' ') {
			reader->pending = 1;
			return AR_OK;
		}
	}
}

/* The physical line and its continuations into reader->logical. */
static enum ar_rc unfold(struct ldif_reader *reader, struct ar_error *err)
{
	struct ar_buf *logical = &reader->logical;
	enum ar_rc rc;
	int got;

	ar_buf_reset(logical);
	reader->logical_number = reader->physical_number;
	ar_buf_add(logical, reader->physical.buf, reader->physical.len);
	for (;;) {
		rc = next_physical(reader, &got, err);
		if (rc != AR_OK)
			return rc;
		if (!got)
			break;
		if (reader->physical.buf[0] != ' ') {
			reader->pending = 1;
			break;
		}
		if (ar_buf_add(logical, reader->physical.buf + 1,
			       reader->physical.len - 1) != 0)
			return data_error(reader, reader->logical_number, err,
					  "folded line longer than %d bytes",
					  READER_MAX_LINE);
	}
	/* after unfolding: a folder may split a UTF-8 sequence */
	if (!text_is_utf8(logical->buf, logical->len))
		return data_error(reader, reader->logical_number, err,
				  "line is not valid UTF-8");
	return AR_OK;
}

enum line_kind { LINE_END, LINE_BLANK, LINE_CONTENT };

static enum ar_rc next_logical(struct ldif_reader *reader,
			       enum line_kind *kind, struct ar_error *err)
{
	enum ar_rc rc;
	int got;

	for (;;) {
		rc = next_physical(reader, &got, err);
		if (rc != AR_OK)
			return rc;
		if (!got) {
			*kind = LINE_END;
			return AR_OK;
		}
		if (reader->physical.len == 0) {
			*kind = LINE_BLANK;
			return AR_OK;
		}
		if (reader->physical.buf[0] == '#') {
			rc = skip_comment(reader, err);
			if (rc != AR_OK)
				return rc;
			continue;
		}
		if (reader->physical.buf[0] == ' ')
			return data_error(reader, reader->physical_number, err,
					  "continuation line with nothing to "
					  "continue");
		*kind = LINE_CONTENT;
		return unfold(reader, err);
	}
}

/* ---- attribute lines ---- */

static int is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '.' ||
	       c == ';' || c == '=' || c == '*' || c == '_';
}

/* Split "name: value", "name:: base64" or "name:< url". */
static enum ar_rc split_line(struct ldif_reader *reader,
			     struct ldif_line *line, struct ar_error *err)
{
	const char *text = reader->logical.buf;
	const char *end = text + reader->logical.len;
	const char *colon = memchr(text, ':', reader->logical.len);
	const char *value;

	line->number = reader->logical_number;
	if (colon == NULL || colon == text)
		return data_error(reader, line->number, err,
				  "expected 'attribute: value'");
	for (const char *p = text; p < colon; p++) {
		if (!is_name_char(*p))
			return data_error(reader, line->number, err,
					  "expected 'attribute: value'");
	}
	line->name = text;
	line->name_length = (size_t)(colon - text);
	value = colon + 1;
	line->kind = VALUE_PLAIN;
	if (value < end && *value == ':') {
		line->kind = VALUE_BASE64;
		value++;
	} else if (value < end && *value == '<') {
		line->kind = VALUE_URL;
		value++;
	}
	while (value < end && *value == ' ')
		value++;
	line->value = value;
	line->value_length = (size_t)(end - value);
	return AR_OK;
}

static int name_is(const struct ldif_line *line, const char *name)
{
	return strlen(name) == line->name_length &&
	       strncasecmp(line->name, name, line->name_length) == 0;
}

static int name_in(const struct ldif_line *line, const char *const names[])
{
	for (size_t i = 0; names[i] != NULL; i++) {
		if (name_is(line, names[i]))
			return 1;
	}
	return 0;
}

/*
 * The attribute a line carries, or -1 when this reader does not use it.
 * An attribute with options ("cn;lang-de") is a different attribute,
 * except AD's ranged retrieval "member;range=0-1499", which sets *range
 * to "0-1499".
 */
static int lookup_attribute(const struct ldif_line *line, const char **range,
			    size_t *range_length)
{
	const char *semicolon = memchr(line->name, ';', line->name_length);
	size_t base_length = semicolon ? (size_t)(semicolon - line->name)
				       : line->name_length;
	const char *options = semicolon ? semicolon + 1 : NULL;
	size_t options_length = line->name_length - base_length;

	*range = NULL;
	*range_length = 0;
	for (int i = 0; i < ATTR_COUNT; i++) {
		if (strlen(attribute_names[i]) != base_length ||
		    strncasecmp(line->name, attribute_names[i], base_length))
			continue;
		if (options == NULL)
			return i;
		options_length--;
		if ((i != ATTR_MEMBER && i != ATTR_UNIQUE_MEMBER) ||
		    options_length < 6 ||
		    strncasecmp(options, "range=", 6) != 0 ||
		    memchr(options, ';', options_length) != NULL)
			return -1;
		*range = options + 6;
		*range_length = options_length - 6;
		return i;
	}
	return -1;
}

/* The value as a new NUL-terminated string, base64 decoded if need be. */
static enum ar_rc decode_value(struct ldif_reader *reader,
			       const struct ldif_line *line, char **out,
			       struct ar_error *err)
{
	size_t max = line->value_length / 4 * 3 + 3;
	size_t length = 0;
	char *text;

	*out = NULL;
	if (line->kind == VALUE_PLAIN) {
		*out = ar_strndup(line->value, line->value_length);
		return AR_OK;
	}
	text = ar_malloc(max + 1);
	if (line->value_length > 0 &&
	    sodium_base642bin((unsigned char *)text, max, line->value,
			      line->value_length, " ", &length, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 &&
	    sodium_base642bin((unsigned char *)text, max, line->value,
			      line->value_length, " ", &length, NULL,
			      sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0) {
		free(text);
		return data_error(reader, line->number, err,
				  "value of '%.*s' is not valid base64",
				  (int)line->name_length, line->name);
	}
	text[length] = '\0';
	if (memchr(text, '\0', length) != NULL || !text_is_utf8(text, length)) {
		free(text);
		return data_error(reader, line->number, err,
				  "value of '%.*s' is not UTF-8 text%s",
				  (int)line->name_length, line->name,
				  memchr(text, '\0', length) ? "" : "");
	}
	*out = text;
	return AR_OK;
}
