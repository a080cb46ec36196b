/* report.h -- the access-review report: XML model, XSD check, HTML view */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_REPORT_H
#define ACCESSREVIEW_REPORT_H

#include <stddef.h>
#include <time.h>

#include "accessreview/buf.h"
#include "accessreview/error.h"
#include "accessreview/output.h"

struct store;

/*
 * REPORT
 *
 * The XML report is the model: report_write_xml streams one snapshot out
 * of the store into XML in the namespace urn:accessreview:report:1 that
 * templates/accessreview.xsd describes; the HTML is rendered from that XML
 * by templates/report.xsl.  Both templates are compiled into the binary.
 *
 * Determinism: every query orders by stable keys and nothing here reads
 * the clock, so the same database and options give byte-identical XML and
 * HTML.
 *
 * Safety: XML handed to report_validate_xml or report_write_html is
 * refused (AR_ERR_DATA) when its prolog holds a DOCTYPE or it is not
 * UTF-8, before any parser sees it; it is then parsed without network
 * access and without entity substitution.  That rules out XXE and entity
 * expansion bombs.  XSLT runs with file, directory and network access
 * forbidden.
 *
 * Scale (1,000,000 grants give about 300 MB of XML): rows stream from the
 * store into the writer; validation streams (SAX); the HTML renderer
 * streams the XML and runs the stylesheet once per chunk of at most 1000
 * list items, so none of them builds the report's tree.  Memory stays at
 * a few MB besides the caller's buffers.  For big reports use the file
 * forms: report_write_xml to a file, then report_validate_file and
 * report_write_html_file on it, and nothing proportional to the report
 * is held in memory (a mapping of the file would count in the RSS).
 */

/* Accounts listed per system in the HTML besides the privileged ones;
 * the rest are only in the XML.  Findings are always listed in full. */
#define REPORT_HTML_ACCOUNT_LIMIT 2000

struct report_options {
	long long snapshot_id;
	long long previous_snapshot_id; /* 0 when there is none */
	const char *period;             /* "2026-Q4"; NULL: derived from
					 * generated_at as YYYY-Qn */
	const char *generated_at;       /* ISO 8601 UTC, from --now or the
					 * clock; required */
	const char *tool_version;
	long long campaign_id;          /* 0: no campaign sections */
};

/*
 * Where report_write_xml and report_write_html send bytes, in order:
 * return 0, or -1 to stop (the call then fails with AR_ERR_CANTCREATE).
 */
typedef int (*report_write_fn)(void *context, const char *data,
			       size_t length);

/*
 * Write the report of options->snapshot_id as XML to write().  Use this
 * rather than report_build_xml to send a large report straight to a file.
 * AR_ERR_DATA when the snapshot does not exist, AR_ERR_USAGE when
 * generated_at is missing or not a timestamp, AR_ERR_CANTCREATE when
 * write() fails, AR_ERR_INTERNAL when libxml2 fails; store errors are
 * passed through.  On error part of the document may have been written.
 */
enum ar_rc report_write_xml(struct store *store,
			    const struct report_options *options,
			    report_write_fn write, void *context,
			    struct ar_error *err);

/*
 * report_write_xml appended to out, with the same errors
 * (AR_ERR_CANTCREATE when out reaches its cap).  On error out may hold a
 * partial document.
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
/* The same for a file, read in pieces; AR_ERR_NOINPUT when it cannot be
 * read.  Messages start with the file's name. */
enum ar_rc report_validate_file(const char *path, struct ar_error *err);

/*
 * Render xml[0..length) (a report from report_write_xml; it may be a
 * mapped file) as one self-contained HTML page sent to write().
 * AR_ERR_DATA when the XML is not well-formed, has a DOCTYPE or is not a
 * report; AR_ERR_CANTCREATE when write() fails; AR_ERR_INTERNAL when the
 * transform fails.
 */
enum ar_rc report_write_html(const char *xml, size_t length,
			     report_write_fn write, void *context,
			     struct ar_error *err);

/*
 * The same for an XML file, read in pieces (only its first 64 KB and one
 * chunk of the page are in memory); AR_ERR_NOINPUT when it cannot be
 * read.
 */
enum ar_rc report_write_html_file(const char *xml_path,
				  report_write_fn write, void *context,
				  struct ar_error *err);

/* report_write_html into out (appended); AR_ERR_CANTCREATE at its cap. */
enum ar_rc report_render_html(const char *xml, size_t length,
			      struct ar_buf *out, struct ar_error *err);

/* ---- the report operation (accessreview report, run) ---- */

/* "2026-Q4" for a time. */
void report_period_of(time_t when, char out[16]);

/*
 * The report files of one snapshot.  The XML is written, checked against
 * the XSD and only then given its name; the HTML is rendered from that
 * file.  "-" is standard output; xml_path NULL writes no XML file (the
 * HTML is made from a scratch copy).  Fill the first five fields; the
 * rest is the operation's.
 */
struct report_files {
	long long snapshot_id;          /* 0 = the latest */
	long long campaign_id;          /* a campaign's report: its
					 * snapshot, period and decisions */
	time_t now;                     /* the generation time written */
	const char *xml_path;
	const char *html_path;
	/* private */
	char generated_at[21];
	char period[16];
	char *scratch;
	struct output_file xml;
	struct output_file html;
};

/* Write and check both files under temporary names, in one consistent
 * read: nothing is visible yet.  On failure nothing is left behind. */
enum ar_rc report_prepare_files(struct store *store,
				struct report_files *files,
				struct ar_error *err);
/* Give the prepared files their names (and copy XML to stdout). */
enum ar_rc report_publish_files(struct report_files *files,
				struct ar_error *err);
/* Remove whatever report_prepare_files left. */
void report_discard_files(struct report_files *files);
/* report_prepare_files, then report_publish_files. */
enum ar_rc report_write_files(struct store *store, struct report_files *files,
			      struct ar_error *err);

#endif
