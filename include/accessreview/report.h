/* report.h -- the access-review report: XML model, XSD check, HTML view */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_REPORT_H
#define ACCESSREVIEW_REPORT_H

#include <stddef.h>

#include "accessreview/buf.h"
#include "accessreview/error.h"
#include "accessreview/store.h"

/*
 * REPORT
 *
 * The XML report is the model: report_build_xml streams one snapshot out
 * of the store into XML in the namespace urn:accessreview:report:1 that
 * templates/accessreview.xsd describes; the HTML is rendered from that XML
 * by templates/report.xsl.  Both templates are compiled into the binary.
 *
 * Determinism: every query orders by stable keys and nothing here reads
 * the clock, so the same database and options give byte-identical XML and
 * HTML.
 *
 * Safety: XML handed to report_validate_xml or report_render_html is parsed
 * without network access and without entity substitution, and a document
 * with a DOCTYPE is refused (AR_ERR_DATA), which rules out XXE and entity
 * expansion bombs.  XSLT runs with write, directory and network access
 * forbidden.
 *
 * Scale: rows stream from the store into the writer; the HTML renderer
 * reads the XML with a streaming reader and keeps only what the page
 * shows (REPORT_HTML_ACCOUNT_LIMIT accounts per system plus every
 * privileged account), so memory stays bounded by the page, not the
 * snapshot.
 */

/* Accounts listed per system in the HTML; the rest are only in the XML.
 * Privileged accounts and findings are always listed in full. */
#define REPORT_HTML_ACCOUNT_LIMIT 2000

struct report_options {
	long long snapshot_id;
	long long previous_snapshot_id; /* 0 when there is none */
	const char *period;             /* "2026-Q4"; NULL: derived from
					 * generated_at as YYYY-Qn */
	const char *generated_at;       /* ISO 8601 UTC, from --now or the
					 * clock; required */
	const char *tool_version;
};

/*
 * Write the report of options->snapshot_id as XML into out (appended).
 * AR_ERR_DATA when the snapshot does not exist, AR_ERR_USAGE when
 * generated_at is missing or not a timestamp, AR_ERR_INTERNAL when
 * libxml2 fails or out reaches its cap; store errors are passed through.
 * On error out may hold a partial document; err says why.
 */
enum ar_rc report_build_xml(struct store *store,
			    const struct report_options *options,
			    struct ar_buf *out, struct ar_error *err);

/*
 * Validate xml[0..length) against the embedded XSD.  AR_ERR_DATA when it
 * is not well-formed or has a DOCTYPE; AR_ERR_INTERNAL with the first
 * schema error ("line N: ...") when it does not validate.
 */
enum ar_rc report_validate_xml(const char *xml, size_t length,
			       struct ar_error *err);

/*
 * Render xml[0..length) (a report from report_build_xml) as one
 * self-contained HTML page appended to out.  AR_ERR_DATA when the XML is
 * not well-formed or has a DOCTYPE; AR_ERR_INTERNAL when the transform
 * fails or out reaches its cap.
 */
enum ar_rc report_render_html(const char *xml, size_t length,
			      struct ar_buf *out, struct ar_error *err);

#endif
