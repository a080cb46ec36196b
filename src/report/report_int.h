/* report_int.h -- helpers shared by the report's XML, XSD and HTML code */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_REPORT_INT_H
#define ACCESSREVIEW_REPORT_INT_H

#include <stddef.h>
#include <stdio.h>

#include <libxml/xmlIO.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

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

#endif
