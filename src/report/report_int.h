/* report_int.h -- helpers shared by the report's XML, XSD and HTML code */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_REPORT_INT_H
#define ACCESSREVIEW_REPORT_INT_H

#include <stddef.h>

#include <libxml/xmlIO.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include "accessreview/buf.h"
#include "accessreview/error.h"

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

/* An xmlOutputBuffer appending to out; NULL never (aborts on OOM).  A
 * write that would pass out's cap fails, which libxml2 reports. */
xmlOutputBufferPtr report_output_to_buf(struct ar_buf *out);

/* The bytes a reader created by report_reader_open reads from. */
struct report_input {
	const char *data;
	size_t length;
	size_t offset;
};

/*
 * A streaming reader over input (which must outlive it) that never uses
 * the network, never substitutes entities and never loads a DTD; errors
 * go to diag.  Returns NULL with err filled when libxml2 refuses.
 */
xmlTextReaderPtr report_reader_open(struct report_input *input,
				    struct report_diag *diag,
				    struct ar_error *err);

/*
 * Advance the reader by one node (xmlTextReaderRead), refusing a
 * DOCTYPE.  Returns 1 on a node, 0 at the end, or -1 with err filled:
 * AR_ERR_DATA for a DOCTYPE or a well-formedness error.
 */
int report_reader_next(xmlTextReaderPtr reader, struct report_diag *diag,
		       struct ar_error *err);

#endif
