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
	ENTRY_OTHER = 0,             /* organizational units, contacts, ... */
	ENTRY_GROUP,
	ENTRY_PERSON,
	ENTRY_COMPUTER               /* AD computer and trust accounts */
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
	long line;                   /* of its "dn:" line, for warnings */
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
	long persons_read;           /* none: a file of groups only */

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
	/* cannot fail: a physical line is within the same cap */
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

/* Attribute names in messages: validated characters, bounded length. */
static int shown_length(const struct ldif_line *line)
{
	return line->name_length > 64 ? 64 : (int)line->name_length;
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

/* Base64 into text (max bytes); some writers drop the padding. */
static int decode_base64(const struct ldif_line *line, char *text, size_t max,
			 size_t *length)
{
	const int variants[] = { sodium_base64_VARIANT_ORIGINAL,
				 sodium_base64_VARIANT_ORIGINAL_NO_PADDING };

	*length = 0;
	if (line->value_length == 0)
		return 1;
	for (size_t i = 0; i < sizeof(variants) / sizeof(variants[0]); i++) {
		if (sodium_base642bin((unsigned char *)text, max, line->value,
				      line->value_length, " ", length, NULL,
				      variants[i]) == 0)
			return 1;
	}
	return 0;
}

/*
 * The value as a new NUL-terminated string in *out, base64 decoded if
 * need be.  Decoded values must be text: a NUL would let C strings see
 * "amara.okafor@example.com" in "amara.okafor@example.com\0@attacker".
 */
static enum ar_rc decode_value(struct ldif_reader *reader,
			       const struct ldif_line *line, char **out,
			       struct ar_error *err)
{
	size_t max = line->value_length / 4 * 3 + 3;
	size_t length = 0;
	char *text = NULL;
	enum ar_rc rc = AR_OK;

	*out = NULL;
	if (line->kind == VALUE_PLAIN) {
		*out = ar_strndup(line->value, line->value_length);
		goto out;
	}
	text = ar_malloc(max + 1);
	if (!decode_base64(line, text, max, &length)) {
		rc = data_error(reader, line->number, err,
				"value of '%.*s' is not valid base64",
				shown_length(line), line->name);
		goto out;
	}
	text[length] = '\0';
	if (memchr(text, '\0', length) != NULL)
		rc = data_error(reader, line->number, err,
				"value of '%.*s' contains a NUL byte",
				shown_length(line), line->name);
	else if (!text_is_utf8(text, length))
		rc = data_error(reader, line->number, err,
				"value of '%.*s' is not valid UTF-8",
				shown_length(line), line->name);
	if (rc == AR_OK) {
		*out = text;
		text = NULL;
	}
out:
	free(text);
	return rc;
}

/* ---- entries ---- */

static void entry_reset(struct entry *entry)
{
	free(entry->dn);
	for (size_t i = 0; i < entry->count; i++)
		free(entry->values[i].text);
	entry->dn = NULL;
	entry->line = 0;
	entry->count = 0;
	entry->bytes = 0;
	entry->partial_range_line = 0;
	entry->partial_range[0] = '\0';
}

static void entry_release(struct entry *entry)
{
	entry_reset(entry);
	free(entry->values);
	entry->values = NULL;
	entry->alloc = 0;
}

/* Keep a decoded value; takes ownership of text. */
static enum ar_rc entry_add(struct ldif_reader *reader,
			    enum attribute attribute, char *text, long line,
			    struct ar_error *err)
{
	struct entry *entry = &reader->entry;
	size_t size = strlen(text) + sizeof(struct entry_value);

	if (entry->bytes + size > (size_t)LDIF_MAX_ENTRY) {
		free(text);
		return data_error(reader, line, err,
				  "entry larger than %ld bytes",
				  LDIF_MAX_ENTRY);
	}
	if (entry->count == entry->alloc) {
		entry->alloc = entry->alloc ? entry->alloc * 2 : 32;
		entry->values =
			ar_realloc(entry->values,
				   entry->alloc * sizeof(*entry->values));
	}
	entry->values[entry->count].attribute = attribute;
	entry->values[entry->count].text = text;
	entry->values[entry->count].line = line;
	entry->count++;
	entry->bytes += size;
	return AR_OK;
}

static const struct entry_value *first_entry_value(const struct entry *entry,
						   enum attribute attribute)
{
	for (size_t i = 0; i < entry->count; i++) {
		if (entry->values[i].attribute == attribute)
			return &entry->values[i];
	}
	return NULL;
}

static const char *first_value(const struct entry *entry,
			       enum attribute attribute)
{
	const struct entry_value *value = first_entry_value(entry, attribute);

	return value ? value->text : NULL;
}

static int has_class(const struct entry *entry, const char *const names[])
{
	for (size_t i = 0; i < entry->count; i++) {
		if (entry->values[i].attribute != ATTR_OBJECT_CLASS)
			continue;
		for (size_t k = 0; names[k] != NULL; k++) {
			if (text_equal_nocase(entry->values[i].text, names[k]))
				return 1;
		}
	}
	return 0;
}

/* An integer attribute (userAccountControl, FILETIME values). */
static enum ar_rc entry_number(struct ldif_reader *reader,
			       const struct entry *entry,
			       enum attribute attribute, long long *number,
			       int *present, struct ar_error *err)
{
	const struct entry_value *value = first_entry_value(entry, attribute);
	char *end;

	*number = 0;
	*present = value != NULL;
	if (value == NULL)
		return AR_OK;
	errno = 0;
	*number = strtoll(value->text, &end, 10);
	if (errno != 0 || end == value->text || *end != '\0')
		return data_error(reader, value->line, err,
				  "'%s' value '%.40s' is not a number",
				  attribute_names[attribute], value->text);
	return AR_OK;
}

/* A FILETIME attribute; negative values are not times. */
static enum ar_rc entry_filetime(struct ldif_reader *reader,
				 const struct entry *entry,
				 enum attribute attribute, long long *ticks,
				 int *present, struct ar_error *err)
{
	const struct entry_value *value = first_entry_value(entry, attribute);
	enum ar_rc rc = entry_number(reader, entry, attribute, ticks, present,
				     err);

	if (rc == AR_OK && *ticks < 0)
		rc = data_error(reader, value->line, err,
				"'%s' value %lld is not a time",
				attribute_names[attribute], *ticks);
	return rc;
}

static time_t filetime_to_unix(long long ticks)
{
	return (time_t)(ticks / FILETIME_TICKS_PER_SECOND -
			FILETIME_UNIX_OFFSET);
}

/* ---- record lines ---- */

/* AD ranged retrieval: "0-1499" is a part, "1500-*" ends the list. */
static void note_range(struct ldif_reader *reader, const char *range,
		       size_t length, long line)
{
	struct entry *entry = &reader->entry;

	if (length >= 2 && range[length - 1] == '*' &&
	    range[length - 2] == '-')
		return;
	if (entry->partial_range_line != 0)
		return;
	entry->partial_range_line = line;
	snprintf(entry->partial_range, sizeof(entry->partial_range), "%.*s",
		 (int)length, range);
}

static enum ar_rc handle_entry_line(struct ldif_reader *reader,
				    const struct ldif_line *line,
				    struct ar_error *err)
{
	const char *range;
	size_t range_length;
	char *text = NULL;
	int attribute;
	enum ar_rc rc;

	if (name_is(line, "dn"))
		return data_error(reader, line->number, err,
				  "second 'dn:' in one entry (blank line "
				  "missing?)");
	if (name_is(line, "changetype"))
		return data_error(reader, line->number, err,
				  "changetype in a content LDIF");
	attribute = lookup_attribute(line, &range, &range_length);
	if (attribute < 0) {
		/* unused: never decoded, never kept (oathSecret, ...) */
		if (line->kind == VALUE_URL)
			warn(reader, line->number,
			     "URL value for '%.*s' skipped (not followed)",
			     shown_length(line), line->name);
		return AR_OK;
	}
	if (line->kind == VALUE_URL)
		return data_error(reader, line->number, err,
				  "URL value for '%.*s' refused (not "
				  "followed)",
				  shown_length(line), line->name);
	rc = decode_value(reader, line, &text, err);
	if (rc != AR_OK)
		return rc;
	if (range != NULL)
		note_range(reader, range, range_length, line->number);
	return entry_add(reader, (enum attribute)attribute, text,
			 line->number, err);
}

static enum ar_rc start_entry(struct ldif_reader *reader,
			      const struct ldif_line *line,
			      struct ar_error *err)
{
	if (line->kind == VALUE_URL)
		return data_error(reader, line->number, err,
				  "URL value for 'dn' refused (not followed)");
	reader->record_kind = RECORD_ENTRY;
	reader->entry.line = line->number;
	return decode_value(reader, line, &reader->entry.dn, err);
}

/*
 * The records ldapsearch writes after each page and at the end: only
 * "result:" matters.  A non-zero result (4 sizeLimitExceeded, ...) means
 * the pull stopped early: what came before is real but incomplete.
 */
static enum ar_rc handle_result_line(struct ldif_reader *reader,
				     const struct ldif_line *line,
				     struct ar_error *err)
{
	char *text = NULL, *end;
	long code;
	enum ar_rc rc;

	if (!name_in(line, result_record_names))
		return data_error(reader, line->number, err,
				  "'%.*s' in a record without 'dn:'",
				  shown_length(line), line->name);
	if (!name_is(line, "result"))
		return AR_OK;
	if (line->kind == VALUE_URL)
		return data_error(reader, line->number, err,
				  "URL value for 'result' refused (not "
				  "followed)");
	rc = decode_value(reader, line, &text, err);
	if (rc != AR_OK)
		return rc;
	errno = 0;
	code = strtol(text, &end, 10);
	if (errno != 0 || end == text || (*end != '\0' && *end != ' '))
		rc = data_error(reader, line->number, err,
				"'result: %.60s' is not an LDAP result", text);
	else if (code != 0)
		set_incomplete(reader, "line %ld: the search ended with "
			       "'result: %.80s'", line->number, text);
	free(text);
	return rc;
}

static enum ar_rc check_version(struct ldif_reader *reader,
				const struct ldif_line *line,
				struct ar_error *err)
{
	if (line->kind != VALUE_PLAIN || line->value_length != 1 ||
	    line->value[0] != '1')
		return data_error(reader, line->number, err,
				  "unsupported LDIF version '%.20s'",
				  line->kind == VALUE_PLAIN ? line->value
							    : "?");
	return AR_OK;
}

static enum ar_rc handle_line(struct ldif_reader *reader,
			      struct ar_error *err)
{
	struct ldif_line line;
	enum ar_rc rc;

	rc = split_line(reader, &line, err);
	if (rc != AR_OK)
		return rc;
	switch (reader->record_kind) {
	case RECORD_ENTRY:
		return handle_entry_line(reader, &line, err);
	case RECORD_RESULT:
		return handle_result_line(reader, &line, err);
	case RECORD_NONE:
		break;
	}
	if (name_is(&line, "version"))
		return check_version(reader, &line, err);
	if (name_is(&line, "dn"))
		return start_entry(reader, &line, err);
	if (name_in(&line, result_record_names)) {
		reader->record_kind = RECORD_RESULT;
		return handle_result_line(reader, &line, err);
	}
	if (name_is(&line, "changetype"))
		return data_error(reader, line.number, err,
				  "changetype in a content LDIF");
	return data_error(reader, line.number, err,
			  "record starts with '%.*s', not 'dn:'",
			  shown_length(&line), line.name);
}

/* The next record; *got = 0 at the end of the file. */
static enum ar_rc read_record(struct ldif_reader *reader, int *got,
			      struct ar_error *err)
{
	enum line_kind kind = LINE_END;
	enum ar_rc rc;

	entry_reset(&reader->entry);
	reader->record_kind = RECORD_NONE;
	for (;;) {
		rc = next_logical(reader, &kind, err);
		if (rc != AR_OK || kind == LINE_END)
			break;
		if (kind == LINE_BLANK) {
			if (reader->record_kind != RECORD_NONE)
				break;
			continue;
		}
		rc = handle_line(reader, err);
		if (rc != AR_OK)
			break;
	}
	*got = rc == AR_OK && reader->record_kind != RECORD_NONE;
	return rc;
}

/* ---- what an entry is ---- */

/* AD computer and trust accounts also carry objectClass user. */
static enum ar_rc is_computer(struct ldif_reader *reader,
			      const struct entry *entry, int *computer,
			      struct ar_error *err)
{
	static const char *const computer_classes[] = { "computer", NULL };
	const char *account_name = first_value(entry, ATTR_SAM_ACCOUNT_NAME);
	long long control;
	int present;
	enum ar_rc rc;

	rc = entry_number(reader, entry, ATTR_USER_ACCOUNT_CONTROL, &control,
			  &present, err);
	*computer = has_class(entry, computer_classes) ||
		    (account_name != NULL && account_name[0] != '\0' &&
		     account_name[strlen(account_name) - 1] == '$') ||
		    (present && (control & (UAC_WORKSTATION_TRUST |
					    UAC_SERVER_TRUST |
					    UAC_INTERDOMAIN_TRUST)));
	return rc;
}

static enum ar_rc classify(struct ldif_reader *reader,
			   const struct entry *entry, enum entry_kind *kind,
			   struct ar_error *err)
{
	/* an AD contact is a person without a login */
	static const char *const contact_classes[] = { "contact", NULL };
	int computer;
	enum ar_rc rc;

	*kind = ENTRY_OTHER;
	if (has_class(entry, group_classes)) {
		*kind = ENTRY_GROUP;
		return AR_OK;
	}
	rc = is_computer(reader, entry, &computer, err);
	if (rc != AR_OK)
		return rc;
	if (computer)
		*kind = ENTRY_COMPUTER;
	else if (has_class(entry, person_classes) &&
		 !has_class(entry, contact_classes))
		*kind = ENTRY_PERSON;
	return AR_OK;
}

/* ---- person facts ---- */

static enum ar_rc account_expired(struct ldif_reader *reader,
				  const struct entry *entry, int *expired,
				  struct ar_error *err)
{
	time_t now = reader->spec->now ? reader->spec->now : time(NULL);
	long long ticks;
	int present;
	enum ar_rc rc;

	*expired = 0;
	rc = entry_filetime(reader, entry, ATTR_ACCOUNT_EXPIRES, &ticks,
			    &present, err);
	/* 0 and the largest value both mean "never expires" */
	if (rc == AR_OK && present && ticks != 0 && ticks != INT64_MAX)
		*expired = filetime_to_unix(ticks) <= now;
	return rc;
}

/* finding: terminated-with-access (what counts as gone) */
static enum ar_rc entry_disabled(struct ldif_reader *reader,
				 const struct entry *entry, int *disabled,
				 struct ar_error *err)
{
	unsigned int rules = reader->spec->disabled_rules
				     ? reader->spec->disabled_rules
				     : DISABLED_ALL_RULES;
	long long control;
	int present, expired;
	enum ar_rc rc;

	*disabled = 0;
	rc = entry_number(reader, entry, ATTR_USER_ACCOUNT_CONTROL, &control,
			  &present, err);
	if (rc == AR_OK)
		rc = account_expired(reader, entry, &expired, err);
	if (rc != AR_OK)
		return rc;
	if ((rules & DISABLED_PWD_ACCOUNT_LOCKED_TIME) &&
	    first_value(entry, ATTR_PWD_ACCOUNT_LOCKED_TIME) != NULL)
		*disabled = 1;
	if ((rules & DISABLED_NS_ACCOUNT_LOCK) &&
	    text_equal_nocase(first_value(entry, ATTR_NS_ACCOUNT_LOCK),
			      "true"))
		*disabled = 1;
	if ((rules & DISABLED_USER_ACCOUNT_CONTROL) && present &&
	    (control & UAC_ACCOUNT_DISABLED))
		*disabled = 1;
	if (expired)
		*disabled = 1;
	return AR_OK;
}

/*
 * finding: mfa-disabled, mfa-unknown.  slapo-otp token links mean a token
 * is enrolled.  FreeIPA's ipaUserAuthType lists the methods any of which
 * is enough: "otp" alone enforces OTP; with "password" (or "password"
 * alone) a password suffices; radius and idp delegate MFA elsewhere, and
 * no value means the global default in cn=ipaConfig: both unknown here.
 */
static enum mfa_status entry_mfa(const struct entry *entry)
{
	int otp = 0, password = 0, other = 0;

	if (first_value(entry, ATTR_OATH_TOTP_TOKEN) != NULL ||
	    first_value(entry, ATTR_OATH_HOTP_TOKEN) != NULL)
		return MFA_ENABLED;
	for (size_t i = 0; i < entry->count; i++) {
		const char *type = entry->values[i].text;

		if (entry->values[i].attribute != ATTR_IPA_USER_AUTH_TYPE)
			continue;
		if (text_equal_nocase(type, "otp"))
			otp = 1;
		else if (text_equal_nocase(type, "password"))
			password = 1;
		else
			other = 1;
	}
	if (other || (!otp && !password))
		return MFA_UNKNOWN;
	return password ? MFA_DISABLED : MFA_ENABLED;
}

/*
 * finding: dormant-account.  AD's lastLogonTimestamp (replicated with up
 * to ~14 days lag); absent on an AD user = never logged on.  Other
 * directories do not say: unknown.
 */
static enum ar_rc entry_last_login(struct ldif_reader *reader,
				   const struct entry *entry, time_t *when,
				   struct ar_error *err)
{
	static const char *const ad_classes[] = { "user", NULL };
	long long ticks;
	int present;
	enum ar_rc rc;

	*when = 0;
	rc = entry_filetime(reader, entry, ATTR_LAST_LOGON_TIMESTAMP, &ticks,
			    &present, err);
	if (rc != AR_OK)
		return rc;
	if (!present) {
		if (has_class(entry, ad_classes) ||
		    first_value(entry, ATTR_PWD_LAST_SET) != NULL)
			*when = -1;
	} else if (ticks == 0) {
		*when = -1;
	} else if (filetime_to_unix(ticks) > 0) {
		*when = filetime_to_unix(ticks);
	}
	return AR_OK;
}

struct person_facts {
	const char *uid;
	const char *email;
	const char *display_name;
	const char *employee_number;
	int disabled;
	enum mfa_status mfa;
	time_t last_login;
};

static const char *first_of(const struct entry *entry, enum attribute first,
			    enum attribute second)
{
	const char *value = first_value(entry, first);

	return value ? value : first_value(entry, second);
}

static enum ar_rc gather_facts(struct ldif_reader *reader,
			       const struct entry *entry,
			       struct person_facts *facts,
			       struct ar_error *err)
{
	enum ar_rc rc;

	facts->uid = first_of(entry, ATTR_UID, ATTR_SAM_ACCOUNT_NAME);
	facts->email = first_of(entry, ATTR_MAIL, ATTR_USER_PRINCIPAL_NAME);
	facts->display_name = first_of(entry, ATTR_DISPLAY_NAME, ATTR_CN);
	facts->employee_number =
		first_of(entry, ATTR_EMPLOYEE_NUMBER, ATTR_EMPLOYEE_ID);
	facts->mfa = entry_mfa(entry);
	rc = entry_disabled(reader, entry, &facts->disabled, err);
	if (rc == AR_OK)
		rc = entry_last_login(reader, entry, &facts->last_login, err);
	return rc;
}

/* ---- emitting people and accounts ---- */

static enum ar_rc emit_person(struct ldif_reader *reader, const char *key,
			      const struct person_facts *facts,
			      struct ar_error *err)
{
	const char *manager = first_value(&reader->entry, ATTR_MANAGER);
	char *normal_manager = manager ? dn_normalize(manager) : NULL;
	struct person_record person;
	enum ar_rc rc = AR_OK;

	memset(&person, 0, sizeof(person));
	person.key = key;
	person.uid = facts->uid;
	person.email = facts->email;
	person.display_name = facts->display_name;
	person.employee_number = facts->employee_number;
	/* normalised like the keys, so that it names a person's key */
	person.manager = normal_manager ? normal_manager : manager;
	person.disabled = facts->disabled;
	person.mfa = facts->mfa;
	person.last_login = facts->last_login;
	if (reader->sink->person != NULL)
		rc = reader->sink->person(reader->sink->context, &person, err);
	free(normal_manager);
	return rc;
}

/* Remember uid -> DN so that posixGroup memberUid values find it. */
static void remember_uid(struct ldif_reader *reader, const char *uid,
			 const char *key)
{
	char *lower = text_lower(ar_strdup(uid));
	struct map_slot *slot;
	int added;

	slot = map_add(&reader->uids, lower, &added);
	if (added)
		slot->value = ar_strdup(key);
	free(lower);
}

static enum ar_rc emit_account(struct ldif_reader *reader, const char *key,
			       const struct person_facts *facts,
			       struct ar_error *err)
{
	struct account_record account;

	memset(&account, 0, sizeof(account));
	account.id = key;
	account.login = facts->uid;
	account.email = facts->email;
	account.display_name = facts->display_name;
	account.employee_number = facts->employee_number;
	account.active = !facts->disabled;
	account.mfa = facts->mfa;
	account.last_login = facts->last_login;
	if (facts->uid != NULL)
		remember_uid(reader, facts->uid, key);
	if (reader->sink->account == NULL)
		return AR_OK;
	return reader->sink->account(reader->sink->context, &account, err);
}

/* An MFA list read from a directory: only what it actually knows. */
static enum ar_rc emit_mfa(struct ldif_reader *reader,
			   const struct person_facts *facts,
			   struct ar_error *err)
{
	if (facts->uid == NULL || facts->mfa == MFA_UNKNOWN ||
	    reader->sink->mfa == NULL)
		return AR_OK;
	return reader->sink->mfa(reader->sink->context, facts->uid,
				 facts->mfa, err);
}

static enum ar_rc handle_person(struct ldif_reader *reader, const char *key,
				struct ar_error *err)
{
	struct person_facts facts;
	enum ar_rc rc;

	rc = gather_facts(reader, &reader->entry, &facts, err);
	if (rc != AR_OK)
		return rc;
	switch (reader->spec->role) {
	case SOURCE_ROLE_DIRECTORY:
		return emit_person(reader, key, &facts, err);
	case SOURCE_ROLE_ACCOUNTS:
		return emit_account(reader, key, &facts, err);
	case SOURCE_ROLE_MFA:
		return emit_mfa(reader, &facts, err);
	case SOURCE_ROLE_GROUPS:
		break;
	}
	return AR_OK;
}

/* ---- groups ---- */

static void add_member(struct group *group, char tag, const char *text)
{
	ar_buf_addch(&group->members, tag);
	ar_buf_add(&group->members, text, strlen(text) + 1);
}

static struct group *new_group(struct ldif_reader *reader, const char *key)
{
	const char *name = first_value(&reader->entry, ATTR_CN);
	struct group *group;

	if (reader->group_count == reader->group_alloc) {
		reader->group_alloc =
			reader->group_alloc ? reader->group_alloc * 2 : 16;
		reader->groups = ar_realloc(reader->groups,
					    reader->group_alloc *
						    sizeof(*reader->groups));
	}
	group = &reader->groups[reader->group_count++];
	group->key = ar_strdup(key);
	group->name = ar_strdup(name ? name : key);
	group->line = reader->entry.line;
	ar_buf_init(&group->members, 0);
	return group;
}

/* Keep the group and its normalised member list until the end. */
static enum ar_rc keep_group(struct ldif_reader *reader, const char *key,
			     struct ar_error *err)
{
	const struct entry *entry = &reader->entry;
	struct group *group = new_group(reader, key);

	for (size_t i = 0; i < entry->count; i++) {
		const struct entry_value *value = &entry->values[i];
		char *member;

		if (value->text[0] == '\0')
			continue;
		if (value->attribute == ATTR_MEMBER_UID) {
			add_member(group, MEMBER_TAG_UID, value->text);
			continue;
		}
		if (value->attribute != ATTR_MEMBER &&
		    value->attribute != ATTR_UNIQUE_MEMBER)
			continue;
		member = dn_normalize(value->text);
		if (member == NULL)
			return data_error(reader, value->line, err,
					  "member '%.200s' is not a DN",
					  value->text);
		add_member(group, MEMBER_TAG_DN, member);
		free(member);
	}
	/* finding: incomplete-export */
	if (entry->partial_range_line != 0)
		set_incomplete(reader,
			       "line %ld: group '%.80s' lists only members "
			       "%s (ranged retrieval)",
			       entry->partial_range_line, key,
			       entry->partial_range);
	return AR_OK;
}

static enum ar_rc process_entry(struct ldif_reader *reader,
				struct ar_error *err)
{
	enum entry_kind kind = ENTRY_OTHER;
	struct map_slot *slot;
	char *key;
	int added;
	enum ar_rc rc = AR_OK;

	reader->entries_read++;
	key = dn_normalize(reader->entry.dn);
	if (key == NULL) {
		rc = data_error(reader, reader->entry.line, err,
				"'%.200s' is not a DN", reader->entry.dn);
		goto out;
	}
	slot = map_add(&reader->entries, key, &added);
	if (!added) {
		warn(reader, reader->entry.line,
		     "entry '%.200s' appears twice: the first one is used",
		     key);
		goto out;
	}
	rc = classify(reader, &reader->entry, &kind, err);
	if (rc != AR_OK)
		goto out;
	slot->kind = kind;
	reader->summary->records++;
	reader->persons_read += kind == ENTRY_PERSON;
	if (kind == ENTRY_PERSON)
		rc = handle_person(reader, key, err);
	else if (kind == ENTRY_GROUP &&
		 (reader->spec->role == SOURCE_ROLE_ACCOUNTS ||
		  reader->spec->role == SOURCE_ROLE_GROUPS))
		rc = keep_group(reader, key, err);
out:
	free(key);
	return rc;
}

/* ---- group members, once the whole file is known ---- */

/*
 * The value of the first RDN of a normalised DN when that RDN is a single
 * "type=value", unescaped into a new string; NULL otherwise.
 */
static char *first_rdn_value(const char *dn, const char *type)
{
	size_t type_length = strlen(type);
	struct ar_buf value = AR_BUF_INIT;
	const char *p;
	char *result = NULL;

	if (strncmp(dn, type, type_length) != 0 || dn[type_length] != '=')
		return NULL;
	for (p = dn + type_length + 1; *p != '\0' && *p != ',' && *p != '+';
	     p++) {
		if (*p == '\\' && p[1] != '\0') {
			p++;
			/* dn_normalize writes "\xx" in lowercase hex only */
			if (isxdigit((unsigned char)p[0]) &&
			    isxdigit((unsigned char)p[1])) {
				char hex[3] = { p[0], p[1], '\0' };

				ar_buf_addch(&value,
					     (int)strtol(hex, NULL, 16));
				p++;
				continue;
			}
		}
		ar_buf_addch(&value, *p);
	}
	if (*p != '+' && value.len > 0 && text_is_utf8(value.buf, value.len))
		result = ar_buf_detach(&value, NULL);
	ar_buf_release(&value);
	return result;
}

/*
 * An account known only from a group's member list, emitted once.  When
 * the file lists the system's accounts, such a member is dangling
 * (rachel.vance, deleted but still a member): reported once, not once
 * per group.  A file of groups only defines its accounts by membership.
 */
static enum ar_rc emit_implied(struct ldif_reader *reader,
			       const struct group *group, const char *member,
			       const char *id, const char *login,
			       int is_service, int dangling,
			       struct ar_error *err)
{
	struct account_record account;
	int added;

	map_add(&reader->implied, id, &added);
	if (!added)
		return AR_OK;
	if (dangling)
		warn(reader, group->line,
		     "member '%.200s' of group '%.200s' is not an entry of "
		     "this file",
		     member, group->key);
	/* A separate groups source refers to the accounts of the system's
	 * accounts source: implying them here would duplicate people. */
	if (reader->sink->account == NULL ||
	    reader->spec->role == SOURCE_ROLE_GROUPS)
		return AR_OK;
	memset(&account, 0, sizeof(account));
	account.id = id;
	account.login = login;
	account.active = 1;
	account.mfa = MFA_UNKNOWN;
	account.is_service = is_service;
	return reader->sink->account(reader->sink->context, &account, err);
}

/*
 * The ref of one member (a new string in *ref) and its type.  A group of
 * this file is referred to by its key, an account this reader emitted by
 * its DN.  Any other member becomes an "implied" account: a member
 * "uid=X,..." and a memberUid X both get the id X lowercased, so one
 * person named both ways is one account; other DNs keep the DN as id.
 */
static enum ar_rc resolve_member(struct ldif_reader *reader,
				 const struct group *group, char tag,
				 const char *text, char **ref,
				 enum member_type *type, struct ar_error *err)
{
	int accounts = reader->spec->role == SOURCE_ROLE_ACCOUNTS;
	const struct map_slot *entry = NULL, *known = NULL;
	char *uid = NULL, *login = NULL;
	enum ar_rc rc = AR_OK;

	*type = MEMBER_ACCOUNT;
	*ref = NULL;
	if (tag == MEMBER_TAG_DN) {
		entry = map_find(&reader->entries, text);
		if (entry != NULL &&
		    (entry->kind == ENTRY_GROUP ||
		     (accounts && entry->kind == ENTRY_PERSON))) {
			*type = entry->kind == ENTRY_GROUP ? MEMBER_GROUP
							   : MEMBER_ACCOUNT;
			*ref = ar_strdup(text);
			goto out;
		}
		uid = first_rdn_value(text, "uid");
	} else {
		uid = text_lower(ar_strdup(text));
	}
	if (uid != NULL)
		known = map_find(&reader->uids, uid);
	if (known != NULL) {
		*ref = ar_strdup(known->value);
		goto out;
	}
	login = uid ? ar_strdup(uid) : first_rdn_value(text, "cn");
	*ref = ar_strdup(uid ? uid : text);
	rc = emit_implied(reader, group, text, *ref, login,
			  entry != NULL && entry->kind == ENTRY_COMPUTER,
			  accounts && entry == NULL && reader->persons_read > 0,
			  err);
out:
	free(uid);
	free(login);
	return rc;
}

static enum ar_rc emit_group(struct ldif_reader *reader,
			     const struct group *group, struct ar_error *err)
{
	struct group_record record = { .key = group->key,
				       .name = group->name,
				       .privileged = 0,
				       .members_known = 1 };
	struct string_map seen = { NULL, 0, 0 };
	const char *at = group->members.buf;
	const char *end = at + group->members.len;
	enum ar_rc rc = AR_OK;

	if (reader->sink->group != NULL)
		rc = reader->sink->group(reader->sink->context, &record, err);
	while (rc == AR_OK && at < end) {
		char tag = at[0];
		const char *text = at + 1;
		enum member_type type;
		char *ref = NULL;
		int added = 0;

		at = text + strlen(text) + 1;
		rc = resolve_member(reader, group, tag, text, &ref, &type,
				    err);
		if (rc == AR_OK)
			map_add(&seen, ref, &added);
		/* a member listed twice (or by DN and by uid) counts once */
		if (rc == AR_OK && added && reader->sink->member != NULL)
			rc = reader->sink->member(reader->sink->context,
						  group->key, ref, type, err);
		free(ref);
	}
	map_release(&seen);
	return rc;
}

static enum ar_rc emit_groups(struct ldif_reader *reader,
			      struct ar_error *err)
{
	enum ar_rc rc = AR_OK;

	for (size_t i = 0; i < reader->group_count && rc == AR_OK; i++)
		rc = emit_group(reader, &reader->groups[i], err);
	return rc;
}

/* finding: incomplete-export (ldapsearch's own count disagrees) */
static void check_declared(struct ldif_reader *reader)
{
	long declared = reader->summary->declared;

	if (declared >= 0 && declared != reader->entries_read)
		set_incomplete(reader,
			       "numEntries says %ld entries, the file "
			       "holds %ld",
			       declared, reader->entries_read);
}

/* ---- the reader ---- */

static struct ldif_reader *reader_new(const struct source_spec *spec,
				      const struct record_sink *sink,
				      struct source_summary *summary,
				      FILE *file)
{
	struct ldif_reader *reader = ar_calloc(1, sizeof(*reader));

	reader->spec = spec;
	reader->sink = sink;
	reader->summary = summary;
	reader->path = spec->location;
	reader->file = file;
	/* one more byte for the '\r' of a CRLF line */
	ar_buf_init(&reader->physical, READER_MAX_LINE + 1);
	ar_buf_init(&reader->logical, READER_MAX_LINE);
	return reader;
}

static void reader_free(struct ldif_reader *reader)
{
	if (reader == NULL)
		return;
	ar_buf_release(&reader->physical);
	ar_buf_release(&reader->logical);
	entry_release(&reader->entry);
	map_release(&reader->entries);
	map_release(&reader->uids);
	map_release(&reader->implied);
	for (size_t i = 0; i < reader->group_count; i++) {
		free(reader->groups[i].key);
		free(reader->groups[i].name);
		ar_buf_release(&reader->groups[i].members);
	}
	free(reader->groups);
	free(reader);
}

enum ar_rc ldif_read(const struct source_spec *spec,
		     const struct record_sink *sink,
		     struct source_summary *summary, struct ar_error *err)
{
	struct ldif_reader *reader = NULL;
	FILE *file = NULL;
	enum ar_rc rc;
	int got;

	memset(summary, 0, sizeof(*summary));
	summary->declared = -1;
	rc = reader_open(spec, &file, err);
	if (rc != AR_OK)
		goto out;
	reader = reader_new(spec, sink, summary, file);
	for (;;) {
		rc = read_record(reader, &got, err);
		if (rc != AR_OK || !got)
			break;
		if (reader->record_kind == RECORD_ENTRY)
			rc = process_entry(reader, err);
		if (rc != AR_OK)
			break;
	}
	if (rc == AR_OK)
		rc = emit_groups(reader, err);
	if (rc == AR_OK)
		check_declared(reader);
out:
	reader_free(reader);
	if (file != NULL)
		fclose(file);
	return rc;
}
