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
 *   entries         only the attributes the mapping uses are decoded and
 *                   kept; all others are dropped undecoded, which is how
 *                   oathSecret and userPassword values never reach memory
 *                   we hand on.
 *
 * Each entry then goes to the entry mapper (entry.c), which the live LDAP
 * reader shares so that both emit identical records: persons at once,
 * groups kept until the end of the file, because only then is it known
 * which member DNs are groups, which are accounts of this file and which
 * are "implied" accounts.  Memory is therefore bounded by the size of the
 * group memberships plus one set of entry DNs; each entry is capped at
 * ENTRY_MAX_BYTES.
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
#include "entry.h"
#include "reader.h"

#define CHUNK_SIZE (64 * 1024)

/* Attributes of the records ldapsearch prints that are not entries. */
static const char *const result_record_names[] = {
	"search", "result", "control", "pagedresults", "ref", "matchedDN",
	"text", NULL
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
	struct entry_mapper *mapper; /* entries to records (entry.c) */
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

	*got = 0;
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
 * The attribute a line carries, or -1 when this reader does not use it
 * (see entry_lookup_attribute for the ranged "member;range=0-1499").
 */
static int lookup_attribute(const struct ldif_line *line, const char **range,
			    size_t *range_length)
{
	return entry_lookup_attribute(entry_attribute_names, line->name,
				      line->name_length, range, range_length);
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

/* ---- record lines ---- */

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
		entry_note_range(&reader->entry, range, range_length,
				 line->number);
	if (entry_add(&reader->entry, (enum entry_attribute)attribute, text,
		      line->number) != 0)
		return data_error(reader, line->number, err,
				  "entry larger than %ld bytes",
				  ENTRY_MAX_BYTES);
	return AR_OK;
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
		entry_set_incomplete(reader->summary,
				     "line %ld: the search ended with "
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
	struct ldif_line line = { 0 };
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
/* ---- entries to records ---- */

static enum ar_rc process_entry(struct ldif_reader *reader,
				struct ar_error *err)
{
	reader->entries_read++;
	return entry_mapper_add(reader->mapper, &reader->entry, err);
}


/* finding: incomplete-export (ldapsearch's own count disagrees) */
static void check_declared(struct ldif_reader *reader)
{
	long declared = reader->summary->declared;

	if (declared >= 0 && declared != reader->entries_read)
		entry_set_incomplete(reader->summary,
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
	reader->mapper = entry_mapper_new(spec, sink, summary, spec->location,
					  NULL);
	return reader;
}

static void reader_free(struct ldif_reader *reader)
{
	if (reader == NULL)
		return;
	ar_buf_release(&reader->physical);
	ar_buf_release(&reader->logical);
	entry_release(&reader->entry);
	entry_mapper_free(reader->mapper);
	free(reader);
}

enum ar_rc source_read_ldif(const struct source_spec *spec,
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
		rc = entry_mapper_finish(reader->mapper, err);
	if (rc == AR_OK)
		check_declared(reader);
out:
	reader_free(reader);
	if (file != NULL)
		fclose(file);
	return rc;
}