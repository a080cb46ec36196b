/* report_int.h -- helpers shared by the report's XML, XSD and HTML code */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_REPORT_INT_H
#define ACCESSREVIEW_REPORT_INT_H

#include <stddef.h>
#include <stdio.h>

#include <libxml/xmlIO.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>

#include "accessreview/buf.h"
#include "accessreview/error.h"
#include "accessreview/report.h"

#define REPORT_NAMESPACE "urn:accessreview:report:1"

/*
 * What libxml2 and libxslt said while we were in control.  Library code
 * must not print, so report_diag_begin routes their global error handlers
 * here and report_diag_end puts the previous ones back.  Only the first
 * message of each kind is kept: it is the root cause.
 */
struct report_diag {
	char parse[512];   /* first well-formedness error */
	char schema[512];  /* first XSD validity error */
	char other[512];   /* first XSLT or other library message */
	/* the handlers in place before report_diag_begin */
	xmlStructuredErrorFunc saved_structured;
	void *saved_structured_context;
	xmlGenericErrorFunc saved_generic;
	void *saved_generic_context;
	xmlGenericErrorFunc saved_xslt;
	void *saved_xslt_context;
};

void report_diag_begin(struct report_diag *diag);
void report_diag_end(struct report_diag *diag);
/* Structured and generic handlers filling a struct report_diag. */
void report_diag_structured(void *context, xmlErrorPtr error);
void report_diag_generic(void *context, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Return text as XML 1.0 can carry it: valid UTF-8 without the control
 * characters XML forbids (anything below 0x20 but tab, newline and
 * carriage return; U+FFFE and U+FFFF).  Each bad byte or character
 * becomes U+FFFD.  Returns text itself when it is already clean, else
 * scratch's buffer, valid until the next call with the same scratch.
 */
const char *report_xml_safe(struct ar_buf *scratch, const char *text);

/* A report_write_fn with its context; failed is set once it fails. */
struct report_sink {
	report_write_fn write;
	void *context;
	int failed;
};

/* An xmlOutputBuffer sending to sink, which must outlive it (NULL only
 * when out of memory). */
xmlOutputBufferPtr report_output_open(struct report_sink *sink);

/* A report_write_fn appending to the struct ar_buf context. */
int report_write_to_buf(void *context, const char *data, size_t length);

/*
 * Where the XML comes from: data[0..length), then (when file is set) the
 * rest of the file.  For a file, data holds its first REPORT_HEAD_SIZE
 * bytes, enough to check the prolog; complete says whether data is the
 * whole document.
 */
struct report_input {
	const char *data;
	size_t length;
	size_t offset;
	FILE *file;
	char *head;                  /* owned copy behind data, for a file */
	int complete;
};

#define REPORT_HEAD_SIZE 65536

/* An input over memory the caller keeps alive. */
void report_input_memory(struct report_input *input, const char *xml,
			 size_t length);
/* An input over a file; AR_ERR_NOINPUT when it cannot be read.  Release
 * with report_input_release (also after a failure). */
enum ar_rc report_input_file(struct report_input *input, const char *path,
			     struct ar_error *err);
void report_input_release(struct report_input *input);

/*
 * Refuse, before any parser sees it, XML that could reach outside the
 * buffer or hide from this check: a DOCTYPE in the prolog (XXE and
 * entity expansion bombs both need one), or anything but UTF-8.
 * AR_ERR_DATA when refused.
 */
enum ar_rc report_check_prolog(const char *data, size_t length,
			       struct ar_error *err);

/* report_check_prolog for an input; a file whose prolog does not end in
 * its first REPORT_HEAD_SIZE bytes is refused too. */
enum ar_rc report_input_check(const struct report_input *input,
			      struct ar_error *err);

/* A parser input reading input (which must outlive it) as UTF-8; NULL
 * only when out of memory.  Call report_input_check first. */
xmlParserInputBufferPtr report_input_buffer(struct report_input *input);

/*
 * Open in *out a streaming reader over input (which must outlive it) that
 * never uses the network, never substitutes entities and never loads a
 * DTD; errors go to diag.  AR_ERR_DATA when report_input_check refuses,
 * AR_ERR_INTERNAL when libxml2 does.  Free with xmlFreeTextReader.
 */
enum ar_rc report_reader_open(struct report_input *input,
			      struct report_diag *diag, xmlTextReaderPtr *out,
			      struct ar_error *err);

/*
 * Advance the reader to the next node (xmlTextReaderRead), or past the
 * current subtree when skip_subtree (xmlTextReaderNext), refusing a
 * DOCTYPE.  *more is 1 on a node and 0 at the end.  AR_ERR_DATA for a
 * DOCTYPE or a well-formedness error.
 */
enum ar_rc report_reader_advance(xmlTextReaderPtr reader, int skip_subtree,
				 int *more, struct report_diag *diag,
				 struct ar_error *err);

/* ---- the XML writer (src/report/xml_writer.c) ---- */

/*
 * The writer is driven from store_query callbacks: each section is one
 * query whose rows go straight into libxml2's xmlTextWriter, which hands
 * the bytes to the caller's report_write_fn through a small output
 * buffer.  Nothing proportional to the snapshot is held here.
 *
 * libxml2 calls return a negative number on failure; rather than test
 * each one, `failed` remembers the first failure and every callback ends
 * with xml_status(), which turns it into an error.
 */
struct xml_writer {
	xmlTextWriterPtr xml;
	struct report_sink *sink;
	struct ar_buf scratch;       /* report_xml_safe's copies */
	struct store *store;
	long long snapshot_id;
	int failed;
	/* report_accounts rows come one per grant: the account open now */
	long long account_row;
	int in_account;
};

struct store_row;

/* Remember a libxml2 failure (a negative result). */
void xml_check(struct xml_writer *w, int libxml_result);
/* AR_OK, or the first failure of libxml2 or of the sink as an error. */
enum ar_rc xml_status(struct xml_writer *w, struct ar_error *err);
void xml_start(struct xml_writer *w, const char *name);
void xml_end(struct xml_writer *w);
/* Text content, made safe for XML; nothing when value is NULL. */
void xml_text(struct xml_writer *w, const char *value);
/* An optional attribute: left out when NULL or empty. */
void xml_attr(struct xml_writer *w, const char *name, const char *value);
/* A required attribute: written even when empty. */
void xml_attr_required(struct xml_writer *w, const char *name,
		       const char *value);
void xml_attr_int(struct xml_writer *w, const char *name, long long value);
void xml_attr_bool(struct xml_writer *w, const char *name, int value);
/* A column as an integer attribute, left out when NULL. */
void xml_attr_column_int(struct xml_writer *w, const struct store_row *row,
			 const char *name, const char *column);
/* A timestamp normalised to UTC when it parses, else as it is. */
void xml_attr_time_text(struct xml_writer *w, const char *name,
			const char *value);

/*
 * A row's columns as attributes, by table: most elements of the report
 * are one row each.  XML_INT and XML_TIME are left out when the column
 * is NULL, XML_TEXT when it is NULL or empty; XML_TEXT_REQUIRED is
 * always written.
 */
enum xml_column_kind {
	XML_TEXT, XML_TEXT_REQUIRED, XML_INT, XML_BOOL, XML_TIME
};
struct xml_column {
	const char *attribute;
	const char *column;
	enum xml_column_kind kind;
};
#define XML_COLUMN_COUNT(columns) (sizeof(columns) / sizeof((columns)[0]))
void xml_attr_columns(struct xml_writer *w, const struct store_row *row,
		      const struct xml_column *columns, size_t count);

/* The <campaign>, <reviewItems> and <revocations> sections of a
 * campaign's report (src/report/campaign_xml.c). */
enum ar_rc report_write_campaign(struct xml_writer *w, long long campaign_id,
				 struct ar_error *err);
/* The long lists of those sections (src/report/campaign_lists_xml.c). */
enum ar_rc report_write_campaign_lists(struct xml_writer *w,
				       long long campaign_id,
				       struct ar_error *err);
/* A privileged item kept with a comment that gives no reason. */
int report_item_kept_without_reason(const struct store_row *row);

/* REPORTS/access-review-PERIOD.EXTENSION: the name `run` writes a
 * quarter's report under and `prune` removes it by (malloc'd). */
char *report_period_path(const char *reports, const char *period,
			 const char *extension);

#endif
