/* html.c -- render the XML report as one HTML page with libxslt */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include "accessreview/embedded.h"
#include "accessreview/report.h"
#include "report_int.h"

/*
 * HTML RENDERING
 *
 * libxslt needs a tree, and the tree of a million-grant report takes
 * gigabytes (libxml2 spends about ten times the XML's size).  So the page
 * is rendered in parts, with memory bounded by one part:
 *
 * - A streaming reader walks the XML.  The small sections before the
 *   first long list (snapshot, summary, sources, systems) are copied into
 *   a context document.
 * - Each long list (findings, the accounts of one system, warnings, a
 *   campaign's review items, revocations and context accounts) is
 *   copied into that document one chunk of at most CHUNK_ITEMS elements
 *   at a time; report.xsl renders each chunk (and
 *   each list's beginning and end) as a fragment with $part saying which,
 *   and the chunk is freed.  Findings chunks never mix severities, so the
 *   stylesheet can head each severity group.
 * - This file writes only the frame the fragments cannot: the DOCTYPE
 *   and the <html> and <body> tags.
 *
 * The accounts of a system are thinned on the way: the first
 * REPORT_HTML_ACCOUNT_LIMIT plus every privileged one; the end of the
 * list says how many more are only in the XML.
 *
 * The XSLT runs with every file, directory and network access forbidden;
 * the stylesheet is parsed from the embedded copy.
 */

#define CHUNK_ITEMS 1000

struct page {
	struct report_sink *sink;
	struct report_diag *diag;
	xsltStylesheetPtr style;
	xmlDocPtr doc;               /* context, plus the chunk in `list` */
	xmlNodePtr root;             /* copy of <accessReview> */
	xmlNodePtr list;             /* copy of the list being streamed */
	int top_done;                /* head and summary written */
	int systems_begun;           /* <accounts> lists begun */
	long chunk_items;            /* items in list now */
	long list_seen;              /* items of the list read so far */
	long list_shown;             /* items of the list rendered */
	xmlChar *group;              /* severity of the last finding kept */
	int group_changed;           /* the chunk starts a new severity */
};

/* ---- writing ---- */

static enum ar_rc output_failed(struct ar_error *err)
{
	return ar_error_set(err, AR_ERR_CANTCREATE,
			    "cannot write the HTML report: output failed or "
			    "reached its size limit");
}

static enum ar_rc write_text(struct page *p, const char *text,
			     struct ar_error *err)
{
	struct report_sink *sink = p->sink;

	if (!sink->failed &&
	    sink->write(sink->context, text, strlen(text)) != 0)
		sink->failed = 1;
	return sink->failed ? output_failed(err) : AR_OK;
}

static enum ar_rc save(struct page *p, xmlDocPtr result,
		       struct ar_error *err)
{
	xmlOutputBufferPtr output = report_output_open(p->sink);
	int saved, closed;

	if (output == NULL)
		return ar_error_set(err, AR_ERR_INTERNAL,
				    "cannot create an output buffer");
	saved = xsltSaveResultTo(output, result, p->style);
	closed = xmlOutputBufferClose(output); /* flushes */
	if (p->sink->failed)
		return output_failed(err);
	if (saved < 0 || closed < 0)
		return ar_error_set(err, AR_ERR_INTERNAL,
				    "cannot serialise the HTML report");
	return AR_OK;
}

/* Nothing the report needs touches files or the network. */
static xsltSecurityPrefsPtr locked_down_prefs(void)
{
	static const xsltSecurityOption forbidden[] = {
		XSLT_SECPREF_READ_FILE, XSLT_SECPREF_WRITE_FILE,
		XSLT_SECPREF_CREATE_DIRECTORY, XSLT_SECPREF_READ_NETWORK,
		XSLT_SECPREF_WRITE_NETWORK
	};
	xsltSecurityPrefsPtr prefs = xsltNewSecurityPrefs();

	for (size_t i = 0;
	     prefs != NULL && i < sizeof(forbidden) / sizeof(*forbidden); i++)
		xsltSetSecurityPrefs(prefs, forbidden[i], xsltSecurityForbid);
	return prefs;
}

/*
 * Render one part of the page from the current document.  number is the
 * part's numeric parameter (named by number_name, or none when NULL).
 */
static enum ar_rc render(struct page *p, const char *part,
			 const char *number_name, long number,
			 struct ar_error *err)
{
	char quoted[64], value[32], limit[32];
	const char *params[] = { "part", quoted, "account-limit", limit,
				 number_name, value, NULL };
	xsltSecurityPrefsPtr prefs = locked_down_prefs();
	xsltTransformContextPtr context;
	xmlDocPtr result = NULL;
	enum ar_rc rc = AR_OK;

	/* part names are our own constants: quoting them is safe */
	snprintf(quoted, sizeof(quoted), "'%s'", part);
	snprintf(limit, sizeof(limit), "%d", REPORT_HTML_ACCOUNT_LIMIT);
	snprintf(value, sizeof(value), "%ld", number);
	context = xsltNewTransformContext(p->style, p->doc);
	if (prefs == NULL || context == NULL ||
	    xsltSetCtxtSecurityPrefs(prefs, context) != 0) {
		rc = ar_error_set(err, AR_ERR_INTERNAL,
				  "cannot set up the XSLT transform");
		goto out;
	}
	xsltSetTransformErrorFunc(context, p->diag, report_diag_generic);
	result = xsltApplyStylesheetUser(p->style, p->doc, params, NULL, NULL,
					 context);
	if (result == NULL || context->state != XSLT_STATE_OK)
		rc = ar_error_set(err, AR_ERR_INTERNAL,
				  "cannot render the HTML report: %s",
				  p->diag->other[0] ? p->diag->other
						    : "transform failed");
	else
		rc = save(p, result, err);
out:
	if (result != NULL)
		xmlFreeDoc(result);
	if (context != NULL)
		xsltFreeTransformContext(context);
	if (prefs != NULL)
		xsltFreeSecurityPrefs(prefs);
	return rc;
}

static enum ar_rc render_part(struct page *p, const char *part,
			      struct ar_error *err)
{
	return render(p, part, NULL, 0, err);
}

/* The page's start, once the context is complete. */
static enum ar_rc ensure_top(struct page *p, struct ar_error *err)
{
	enum ar_rc rc;

	if (p->top_done)
		return AR_OK;
	p->top_done = 1;
	if (p->root == NULL)
		return ar_error_set(err, AR_ERR_DATA,
				    "report XML has no root element");
	rc = write_text(p, "<!DOCTYPE html>\n<html lang=\"en\">\n", err);
	if (rc == AR_OK)
		rc = render_part(p, "head", err);
	if (rc == AR_OK)
		rc = write_text(p, "<body>\n", err);
	if (rc == AR_OK)
		rc = render_part(p, "top", err);
	return rc;
}

/* ---- copying from the reader into the page's document ---- */

static enum ar_rc copy_failed(struct page *p, struct ar_error *err)
{
	return ar_error_set(err, AR_ERR_DATA,
			    "report is not well-formed XML: %s",
			    p->diag->parse[0] ? p->diag->parse
					      : "cannot read an element");
}

/* A copy of the reader's current element: attributes only, or deep. */
static enum ar_rc copy_current(struct page *p, xmlTextReaderPtr reader,
			       int deep, xmlNodePtr *out,
			       struct ar_error *err)
{
	xmlNodePtr node = deep ? xmlTextReaderExpand(reader)
			       : xmlTextReaderCurrentNode(reader);

	*out = node ? xmlDocCopyNode(node, p->doc, deep ? 1 : 2) : NULL;
	return *out ? AR_OK : copy_failed(p, err);
}

/* The root must be a report; anything else would render as nonsense. */
static enum ar_rc enter_root(struct page *p, xmlTextReaderPtr reader,
			     struct ar_error *err)
{
	const xmlChar *name = xmlTextReaderConstLocalName(reader);
	const xmlChar *uri = xmlTextReaderConstNamespaceUri(reader);
	enum ar_rc rc;

	if (!xmlStrEqual(name, BAD_CAST "accessReview") ||
	    !xmlStrEqual(uri, BAD_CAST REPORT_NAMESPACE))
		return ar_error_set(err, AR_ERR_DATA,
				    "not an access-review report: root "
				    "element '%s'",
				    name ? (const char *)name : "");
	rc = copy_current(p, reader, 0, &p->root, err);
	if (rc == AR_OK)
		xmlDocSetRootElement(p->doc, p->root);
	return rc;
}

/* ---- long lists, chunk by chunk ---- */

static int is_list(const xmlChar *name)
{
	return xmlStrEqual(name, BAD_CAST "findings") ||
	       xmlStrEqual(name, BAD_CAST "accounts") ||
	       xmlStrEqual(name, BAD_CAST "warnings") ||
	       xmlStrEqual(name, BAD_CAST "reviewItems") ||
	       xmlStrEqual(name, BAD_CAST "revocations") ||
	       xmlStrEqual(name, BAD_CAST "reviewContext") ||
	       xmlStrEqual(name, BAD_CAST "exceptions") ||
	       xmlStrEqual(name, BAD_CAST "previousRevocations");
}

/* Render the items collected in the list, then drop them. */
static enum ar_rc flush_chunk(struct page *p, struct ar_error *err)
{
	xmlNodePtr child, next;
	enum ar_rc rc;

	if (p->chunk_items == 0)
		return AR_OK;
	rc = render(p, (const char *)p->list->name, "heading",
		    p->group_changed, err);
	for (child = p->list->children; child != NULL; child = next) {
		next = child->next;
		xmlUnlinkNode(child);
		xmlFreeNode(child);
	}
	p->chunk_items = 0;
	p->group_changed = 0;
	return rc;
}

static enum ar_rc begin_list(struct page *p, xmlTextReaderPtr reader,
			     struct ar_error *err)
{
	char part[32];
	enum ar_rc rc;
	int first_system = 0;

	rc = ensure_top(p, err);
	if (rc == AR_OK)
		rc = copy_current(p, reader, 0, &p->list, err);
	if (rc != AR_OK)
		return rc;
	xmlAddChild(p->root, p->list);
	p->list_seen = 0;
	p->list_shown = 0;
	xmlFree(p->group);
	p->group = NULL;
	if (xmlStrEqual(p->list->name, BAD_CAST "accounts"))
		first_system = p->systems_begun++ == 0;
	snprintf(part, sizeof(part), "%s-begin", (const char *)p->list->name);
	/* "first": the Systems heading goes before the first system */
	return render(p, part, "first", first_system, err);
}

static enum ar_rc end_list(struct page *p, struct ar_error *err)
{
	char part[32];
	enum ar_rc rc;

	rc = flush_chunk(p, err);
	snprintf(part, sizeof(part), "%s-end", (const char *)p->list->name);
	/* the lists whose end says how many rows they showed */
	if (rc == AR_OK && !xmlStrEqual(p->list->name, BAD_CAST "findings") &&
	    !xmlStrEqual(p->list->name, BAD_CAST "warnings"))
		rc = render(p, part, "shown", p->list_shown, err);
	xmlUnlinkNode(p->list);
	xmlFreeNode(p->list);
	p->list = NULL;
	return rc;
}

/* Only accounts are ever left out: past the limit, unless privileged. */
static int wanted(struct page *p, xmlTextReaderPtr reader)
{
	xmlChar *privileged;
	int keep;

	if (!xmlStrEqual(p->list->name, BAD_CAST "accounts") ||
	    p->list_seen <= REPORT_HTML_ACCOUNT_LIMIT)
		return 1;
	privileged = xmlTextReaderGetAttribute(reader, BAD_CAST "privileged");
	keep = xmlStrEqual(privileged, BAD_CAST "true");
	xmlFree(privileged);
	return keep;
}

/* A findings chunk holds one severity: a new one closes the chunk. */
static enum ar_rc track_group(struct page *p, xmlTextReaderPtr reader,
			      struct ar_error *err)
{
	xmlChar *severity;
	enum ar_rc rc = AR_OK;

	if (!xmlStrEqual(p->list->name, BAD_CAST "findings"))
		return AR_OK;
	severity = xmlTextReaderGetAttribute(reader, BAD_CAST "severity");
	if (p->group == NULL || !xmlStrEqual(severity, p->group)) {
		rc = flush_chunk(p, err);
		p->group_changed = 1;
		xmlFree(p->group);
		p->group = severity;
	} else {
		xmlFree(severity);
	}
	return rc;
}

static enum ar_rc add_item(struct page *p, xmlTextReaderPtr reader,
			   struct ar_error *err)
{
	xmlNodePtr copy;
	enum ar_rc rc;

	p->list_seen++;
	if (!wanted(p, reader))
		return AR_OK;
	rc = track_group(p, reader, err);
	if (rc == AR_OK)
		rc = copy_current(p, reader, 1, &copy, err);
	if (rc != AR_OK)
		return rc;
	xmlAddChild(p->list, copy);
	p->list_shown++;
	if (++p->chunk_items >= CHUNK_ITEMS)
		rc = flush_chunk(p, err);
	return rc;
}

/* ---- the walk ---- */

/* One element start; *skip says whether to jump past its subtree. */
static enum ar_rc on_element(struct page *p, xmlTextReaderPtr reader,
			     int *skip, struct ar_error *err)
{
	int depth = xmlTextReaderDepth(reader);
	const xmlChar *name = xmlTextReaderConstLocalName(reader);
	xmlNodePtr copy;
	enum ar_rc rc;

	*skip = depth > 0;
	if (depth == 0)
		return enter_root(p, reader, err);
	if (depth >= 2 && p->list != NULL)
		return add_item(p, reader, err);
	if (depth >= 2)
		return AR_OK;
	if (!is_list(name)) {
		/* small sections: context for every part */
		rc = copy_current(p, reader, 1, &copy, err);
		if (rc == AR_OK)
			xmlAddChild(p->root, copy);
		return rc;
	}
	*skip = 0;
	rc = begin_list(p, reader, err);
	if (rc == AR_OK && xmlTextReaderIsEmptyElement(reader))
		rc = end_list(p, err);
	return rc;
}

static enum ar_rc walk(struct page *p, xmlTextReaderPtr reader,
		       struct ar_error *err)
{
	enum ar_rc rc;
	int more = 1, skip = 0, type;

	for (;;) {
		rc = report_reader_advance(reader, skip, &more, p->diag, err);
		if (rc != AR_OK || !more)
			return rc;
		skip = 0;
		type = xmlTextReaderNodeType(reader);
		if (type == XML_READER_TYPE_ELEMENT)
			rc = on_element(p, reader, &skip, err);
		else if (type == XML_READER_TYPE_END_ELEMENT &&
			 xmlTextReaderDepth(reader) == 1 && p->list != NULL)
			rc = end_list(p, err);
		/* blanks, comments and processing instructions between
		 * elements are not part of the model */
		if (rc != AR_OK)
			return rc;
	}
}

static enum ar_rc load_stylesheet(struct report_diag *diag,
				  xsltStylesheetPtr *out, struct ar_error *err)
{
	const char *xsl = embedded_file_content("report.xsl");
	xmlDocPtr doc = NULL;

	*out = NULL;
	if (xsl != NULL)
		doc = xmlReadMemory(xsl, (int)strlen(xsl), "report.xsl", NULL,
				    XML_PARSE_NONET);
	if (doc != NULL)
		*out = xsltParseStylesheetDoc(doc);
	if (*out != NULL)
		return AR_OK;
	/* on failure the stylesheet does not take the document */
	if (doc != NULL)
		xmlFreeDoc(doc);
	return ar_error_set(err, AR_ERR_INTERNAL,
			    "embedded 'report.xsl' is invalid: %s",
			    diag->other[0] ? diag->other : diag->parse);
}

static enum ar_rc render_page(struct page *p, struct report_input *input,
			      struct ar_error *err)
{
	xmlTextReaderPtr reader = NULL;
	enum ar_rc rc;

	rc = report_reader_open(input, p->diag, &reader, err);
	if (rc == AR_OK)
		rc = load_stylesheet(p->diag, &p->style, err);
	if (rc == AR_OK) {
		/* a dictionary shares element and attribute names */
		p->doc = xmlNewDoc(BAD_CAST "1.0");
		if (p->doc != NULL)
			p->doc->dict = xmlDictCreate();
		if (p->doc == NULL || p->doc->dict == NULL)
			rc = ar_error_set(err, AR_ERR_INTERNAL,
					  "cannot create an XML document");
	}
	if (rc == AR_OK)
		rc = walk(p, reader, err);
	if (rc == AR_OK)
		rc = ensure_top(p, err);
	if (rc == AR_OK)
		rc = render_part(p, "bottom", err);
	if (rc == AR_OK)
		rc = write_text(p, "</body>\n</html>\n", err);
	if (reader != NULL)
		xmlFreeTextReader(reader);
	return rc;
}

static enum ar_rc write_html(struct report_input *input,
			     report_write_fn write, void *context,
			     struct ar_error *err)
{
	struct report_sink sink = { write, context, 0 };
	struct report_diag diag;
	struct page p;
	enum ar_rc rc;

	memset(&p, 0, sizeof(p));
	p.sink = &sink;
	p.diag = &diag;
	report_diag_begin(&diag);
	rc = render_page(&p, input, err);
	if (p.doc != NULL)
		xmlFreeDoc(p.doc);
	if (p.style != NULL)
		xsltFreeStylesheet(p.style);
	xmlFree(p.group);
	report_diag_end(&diag);
	return rc;
}

enum ar_rc report_write_html(const char *xml, size_t length,
			     report_write_fn write, void *context,
			     struct ar_error *err)
{
	struct report_input input;

	report_input_memory(&input, xml, length);
	return write_html(&input, write, context, err);
}

enum ar_rc report_write_html_file(const char *xml_path,
				  report_write_fn write, void *context,
				  struct ar_error *err)
{
	struct report_input input;
	enum ar_rc rc;

	rc = report_input_file(&input, xml_path, err);
	if (rc == AR_OK)
		rc = write_html(&input, write, context, err);
	if (rc == AR_ERR_DATA)
		ar_error_prefix(err, "'%s'", xml_path);
	report_input_release(&input);
	return rc;
}

enum ar_rc report_render_html(const char *xml, size_t length,
			      struct ar_buf *out, struct ar_error *err)
{
	return report_write_html(xml, length, report_write_to_buf, out, err);
}
