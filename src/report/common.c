/* common.c -- libxml2 plumbing shared by the report's XML, XSD and HTML */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/globals.h>
#include <libxslt/xsltutils.h>

#include "accessreview/mem.h"
#include "report_int.h"

/* ---- diagnostics ---- */

void report_diag_begin(struct report_diag *diag)
{
	memset(diag, 0, sizeof(*diag));
	diag->saved_structured = xmlStructuredError;
	diag->saved_structured_context = xmlStructuredErrorContext;
	diag->saved_generic = xmlGenericError;
	diag->saved_generic_context = xmlGenericErrorContext;
	diag->saved_xslt = xsltGenericError;
	diag->saved_xslt_context = xsltGenericErrorContext;
	xmlSetStructuredErrorFunc(diag, report_diag_structured);
	xmlSetGenericErrorFunc(diag, report_diag_generic);
	xsltSetGenericErrorFunc(diag, report_diag_generic);
}

void report_diag_end(struct report_diag *diag)
{
	xmlSetStructuredErrorFunc(diag->saved_structured_context,
				  diag->saved_structured);
	xmlSetGenericErrorFunc(diag->saved_generic_context,
			       diag->saved_generic);
	xsltSetGenericErrorFunc(diag->saved_xslt_context, diag->saved_xslt);
}

/* Cut text at its first line end: libxml2 messages end in "\n". */
static void chomp(char *text)
{
	text[strcspn(text, "\r\n")] = '\0';
}

void report_diag_structured(void *context, xmlErrorPtr error)
{
	struct report_diag *diag = context;
	char *slot;

	if (error == NULL || error->level == XML_ERR_WARNING)
		return;
	if (error->domain == XML_FROM_SCHEMASV)
		slot = diag->schema;
	else if (error->domain == XML_FROM_XSLT ||
		 error->domain == XML_FROM_SCHEMASP)
		slot = diag->other;
	else
		slot = diag->parse;
	if (slot[0] != '\0')
		return;
	if (error->line > 0)
		snprintf(slot, sizeof(diag->parse), "line %d: %s", error->line,
			 error->message ? error->message : "unknown error");
	else
		snprintf(slot, sizeof(diag->parse), "%s",
			 error->message ? error->message : "unknown error");
	chomp(slot);
}

/*
 * Generic messages arrive in pieces ("error: " then the text); collect
 * pieces until the first line is complete and ignore the rest.
 */
void report_diag_generic(void *context, const char *fmt, ...)
{
	struct report_diag *diag = context;
	size_t used = strlen(diag->other);
	va_list ap;

	if (strchr(diag->other, '\n') != NULL ||
	    used + 1 >= sizeof(diag->other))
		return;
	va_start(ap, fmt);
	vsnprintf(diag->other + used, sizeof(diag->other) - used, fmt, ap);
	va_end(ap);
}

/* ---- text safe for XML 1.0 ---- */

/*
 * Decode the UTF-8 sequence at p into *code.  Returns its length (1..4),
 * or 0 when it is not well-formed: truncated, overlong, a surrogate or
 * past U+10FFFF.  A NUL byte ends a truncated sequence safely because it
 * is not a continuation byte.
 */
static size_t utf8_decode(const unsigned char *p, unsigned long *code)
{
	unsigned long c = p[0];
	unsigned long min;
	size_t n;

	if (c < 0x80) {
		*code = c;
		return 1;
	}
	if ((c & 0xE0) == 0xC0) {
		n = 2, c &= 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		n = 3, c &= 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		n = 4, c &= 0x07, min = 0x10000;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*code = c;
	return n;
}

/* The Char production of XML 1.0, minus what utf8_decode rejects. */
static int xml_char_allowed(unsigned long c)
{
	if (c < 0x20)
		return c == 0x9 || c == 0xA || c == 0xD;
	return c != 0xFFFE && c != 0xFFFF;
}

/* Length of the clean prefix of text. */
static size_t clean_prefix(const unsigned char *text)
{
	const unsigned char *p = text;
	unsigned long code;
	size_t n;

	while (*p != '\0') {
		if (*p >= 0x20 && *p < 0x80) {
			p++;
			continue;
		}
		n = utf8_decode(p, &code);
		if (n == 0 || !xml_char_allowed(code))
			break;
		p += n;
	}
	return (size_t)(p - text);
}

const char *report_xml_safe(struct ar_buf *scratch, const char *text)
{
	static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */
	const unsigned char *p = (const unsigned char *)text;
	size_t n = clean_prefix(p);
	unsigned long code;

	if (p[n] == '\0')
		return text;
	ar_buf_reset(scratch);
	while (*p != '\0') {
		ar_buf_add(scratch, p, n);
		p += n;
		if (*p == '\0')
			break;
		/* a character XML forbids goes whole; a byte that starts no
		 * valid sequence goes alone, and decoding resyncs after it */
		n = utf8_decode(p, &code);
		ar_buf_add(scratch, replacement, sizeof(replacement) - 1);
		p += n == 0 ? 1 : n;
		n = clean_prefix(p);
	}
	return scratch->buf;
}

/* ---- output to a report_write_fn ---- */

static int write_to_sink(void *context, const char *data, int length)
{
	struct report_sink *sink = context;

	if (sink->failed || length < 0 ||
	    sink->write(sink->context, data, (size_t)length) != 0) {
		sink->failed = 1;
		return -1;
	}
	return length;
}

xmlOutputBufferPtr report_output_open(struct report_sink *sink)
{
	return xmlOutputBufferCreateIO(write_to_sink, NULL, sink, NULL);
}

int report_write_to_buf(void *context, const char *data, size_t length)
{
	return ar_buf_add(context, data, length);
}

/* ---- safe streaming input ---- */

void report_input_memory(struct report_input *input, const char *xml,
			 size_t length)
{
	memset(input, 0, sizeof(*input));
	input->data = xml;
	input->length = length;
	input->complete = 1;
}

enum ar_rc report_input_file(struct report_input *input, const char *path,
			     struct ar_error *err)
{
	memset(input, 0, sizeof(*input));
	input->file = fopen(path, "rb");
	if (input->file == NULL)
		return ar_error_set(err, AR_ERR_NOINPUT, "cannot open '%s': %s",
				    path, strerror(errno));
	input->head = ar_malloc(REPORT_HEAD_SIZE);
	input->length = fread(input->head, 1, REPORT_HEAD_SIZE, input->file);
	input->data = input->head;
	input->complete = feof(input->file);
	if (ferror(input->file))
		return ar_error_set(err, AR_ERR_NOINPUT, "cannot read '%s': %s",
				    path, strerror(errno));
	return AR_OK;
}

void report_input_release(struct report_input *input)
{
	if (input->file != NULL)
		fclose(input->file);
	free(input->head);
	memset(input, 0, sizeof(*input));
}

/* libxml2's read callback: the bytes in memory, then the file's rest. */
static int read_input(void *context, char *buffer, int length)
{
	struct report_input *input = context;
	size_t left = input->length - input->offset;

	if (length <= 0)
		return 0;
	if (left == 0 && input->file != NULL) {
		left = fread(buffer, 1, (size_t)length, input->file);
		return ferror(input->file) ? -1 : (int)left;
	}
	if (left > (size_t)length)
		left = (size_t)length;
	memcpy(buffer, input->data + input->offset, left);
	input->offset += left;
	return (int)left;
}

/* Skip from at past the first occurrence of end; NULL when missing. */
static const char *skip_past(const char *at, const char *stop,
			     const char *end)
{
	size_t n = strlen(end);

	for (; at + n <= stop; at++)
		if (memcmp(at, end, n) == 0)
			return at + n;
	return NULL;
}

/* Whether the XML declaration at..stop names an encoding but UTF-8. */
static int declares_other_encoding(const char *at, const char *stop)
{
	const char *name = skip_past(at, stop, "encoding");
	const char *quote;

	if (name == NULL)
		return 0;
	while (name < stop && strchr(" \t\r\n=", *name) != NULL)
		name++;
	quote = name;
	if (quote >= stop || (*quote != '"' && *quote != '\''))
		return 1;
	name++;
	return stop - name < 6 || strncasecmp(name, "UTF-8", 5) != 0 ||
	       name[5] != *quote;
}

/*
 * Walk the prolog of data[0..length): the XML declaration, comments,
 * processing instructions and blanks.  *end is where the walk stopped:
 * at the first other byte, or NULL when it ran out of data first.
 */
static enum ar_rc walk_prolog(const char *data, size_t length,
			      const char **end, struct ar_error *err)
{
	const char *at = data, *stop = data + length, *next;

	if (length >= 3 && memcmp(at, "\xEF\xBB\xBF", 3) == 0)
		at += 3;
	while (at != NULL && at < stop) {
		if (*at == ' ' || *at == '\t' || *at == '\r' || *at == '\n') {
			at++;
		} else if (stop - at >= 4 && memcmp(at, "<!--", 4) == 0) {
			at = skip_past(at + 4, stop, "-->");
		} else if (stop - at >= 2 && memcmp(at, "<?", 2) == 0) {
			next = skip_past(at + 2, stop, "?>");
			if (next != NULL && next - at >= 6 &&
			    memcmp(at, "<?xml", 5) == 0 &&
			    strchr(" \t\r\n", at[5]) != NULL &&
			    declares_other_encoding(at, next))
				return ar_error_set(err, AR_ERR_DATA,
						    "report XML must be UTF-8");
			at = next;
		} else {
			break;
		}
	}
	*end = at != NULL && at < stop ? at : NULL;
	return AR_OK;
}

static enum ar_rc check_prolog(const char *data, size_t length, int complete,
			       struct ar_error *err)
{
	const char *at = NULL;
	enum ar_rc rc = walk_prolog(data, length, &at, err);

	if (rc != AR_OK)
		return rc;
	if (at == NULL)
		/* a whole document that is all prolog: the parser says why */
		return complete ? AR_OK
				: ar_error_set(err, AR_ERR_DATA,
					       "report XML has no root "
					       "element in its first %d bytes",
					       REPORT_HEAD_SIZE);
	if (*at != '<')
		return ar_error_set(err, AR_ERR_DATA,
				    "report XML must be UTF-8 and start "
				    "with '<'");
	if ((size_t)(data + length - at) >= 9 &&
	    memcmp(at, "<!DOCTYPE", 9) == 0)
		return ar_error_set(err, AR_ERR_DATA,
				    "report XML must not have a DOCTYPE");
	return AR_OK;
}

enum ar_rc report_check_prolog(const char *data, size_t length,
			       struct ar_error *err)
{
	return check_prolog(data, length, 1, err);
}

enum ar_rc report_input_check(const struct report_input *input,
			      struct ar_error *err)
{
	return check_prolog(input->data, input->length, input->complete,
			    err);
}

xmlParserInputBufferPtr report_input_buffer(struct report_input *input)
{
	return xmlParserInputBufferCreateIO(read_input, NULL, input,
					    XML_CHAR_ENCODING_UTF8);
}

enum ar_rc report_reader_open(struct report_input *input,
			      struct report_diag *diag, xmlTextReaderPtr *out,
			      struct ar_error *err)
{
	enum ar_rc rc;

	*out = NULL;
	rc = report_input_check(input, err);
	if (rc != AR_OK)
		return rc;
	/* No XML_PARSE_NOENT, XML_PARSE_DTDLOAD or XML_PARSE_XINCLUDE:
	 * nothing outside the buffer is ever read. */
	*out = xmlReaderForIO(read_input, NULL, input, NULL, "UTF-8",
			      XML_PARSE_NONET | XML_PARSE_NOCDATA |
				      XML_PARSE_IGNORE_ENC);
	if (*out == NULL)
		return ar_error_set(err, AR_ERR_INTERNAL,
				    "cannot create an XML reader");
	xmlTextReaderSetStructuredErrorHandler(*out, report_diag_structured,
					       diag);
	return AR_OK;
}

enum ar_rc report_reader_advance(xmlTextReaderPtr reader, int skip_subtree,
				 int *more, struct report_diag *diag,
				 struct ar_error *err)
{
	int ret = skip_subtree ? xmlTextReaderNext(reader)
			       : xmlTextReaderRead(reader);

	*more = 0;
	if (ret < 0)
		return ar_error_set(err, AR_ERR_DATA,
				    "report is not well-formed XML: %s",
				    diag->parse[0] ? diag->parse
						   : "parse error");
	/* caught before parsing already, unless the encoding hid it */
	if (ret == 1 &&
	    xmlTextReaderNodeType(reader) == XML_READER_TYPE_DOCUMENT_TYPE)
		return ar_error_set(err, AR_ERR_DATA,
				    "report XML must not have a DOCTYPE");
	*more = ret;
	return AR_OK;
}
