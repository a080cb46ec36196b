/* controls.c -- which evidence answers which control (SOC 2, ISO 27001) */
/* SPDX-License-Identifier: MIT */
#include "accessreview/buf.h"
#include "evidence_int.h"

/* The text is ours alone (no input reaches it): no escaping needed. */
struct control {
	const char *framework;
	const char *id;
	const char *title;
	const char *shows;
	const char *files;
};

static const struct control controls[] = {
	{ "SOC 2", "CC6.1", "Logical access security",
	  "who holds access to each in-scope system and with what MFA, "
	  "from the exports listed with their SHA-256; the owners' MFA "
	  "attestations on those figures",
	  "snapshot-report.xml, receipt.json, attestations.json" },
	{ "SOC 2", "CC6.2", "User registration, authorization and removal",
	  "every account reviewed by its owner or manager; revocations "
	  "decided, and whether last quarter's were applied",
	  "campaign-report.xml, revocations.json, "
	  "previous-revocations.json" },
	{ "SOC 2", "CC6.3", "Role-based access and periodic review",
	  "each privileged grant reviewed on its own, the decisions with "
	  "the reviewers' signed files, exceptions with their expiry",
	  "campaign-report.xml, decisions/, exceptions.json" },
	{ "ISO/IEC 27001:2022", "A.5.15", "Access control",
	  "the campaign's scope (systems, owners, who reviews) and the "
	  "access found in each system",
	  "campaign-report.xml, snapshot-report.xml" },
	{ "ISO/IEC 27001:2022", "A.5.16", "Identity management",
	  "each account linked to a person of the directory; orphan, "
	  "shared, duplicate and leaver findings",
	  "snapshot-report.xml" },
	{ "ISO/IEC 27001:2022", "A.5.18", "Access rights",
	  "the quarterly review: items, decisions, reviewers, quality "
	  "signals, the hash-chained audit log of every event",
	  "campaign-report.xml, decisions/, audit-log.jsonl" },
	{ "ISO/IEC 27001:2022", "A.8.2", "Privileged access rights",
	  "privileged grants as separate review items, kept only with a "
	  "reason, and the signal for reasons that say nothing",
	  "campaign-report.xml" },
	{ "ISO/IEC 27001:2022", "A.8.5", "Secure authentication",
	  "MFA status per account and system, mfa-disabled and "
	  "mfa-unknown findings, and the owners' attestations",
	  "snapshot-report.xml, attestations.json" },
};

#define CONTROL_COUNT (sizeof(controls) / sizeof(controls[0]))

static void controls_xml(struct ar_buf *out)
{
	ar_buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			 "<controls xmlns=\"urn:accessreview:controls:1\">\n");
	for (size_t i = 0; i < CONTROL_COUNT; i++)
		ar_buf_addf(out,
			    " <control framework=\"%s\" id=\"%s\" "
			    "title=\"%s\">\n  <shows>%s</shows>\n"
			    "  <files>%s</files>\n </control>\n",
			    controls[i].framework, controls[i].id,
			    controls[i].title, controls[i].shows,
			    controls[i].files);
	ar_buf_adds(out, "</controls>\n");
}

static void controls_html(struct ar_buf *out)
{
	ar_buf_adds(out,
		    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		    "<meta charset=\"UTF-8\">\n"
		    "<title>Controls and their evidence</title>\n"
		    "<style>body{font:14px/1.45 system-ui,sans-serif;"
		    "max-width:1100px;margin:auto;padding:1.5em}"
		    "table{border-collapse:collapse;width:100%}"
		    "th,td{border:1px solid #d6dbe1;padding:.3em .5em;"
		    "text-align:left;vertical-align:top}"
		    "th{background:#f1f3f6}</style>\n</head>\n<body>\n"
		    "<h1>Controls and their evidence</h1>\n"
		    "<p>Every file named is in this bundle and listed with "
		    "its SHA-256 in MANIFEST.</p>\n<table>\n<thead><tr>"
		    "<th>Framework</th><th>Control</th><th>What the "
		    "evidence shows</th><th>Files</th></tr></thead>\n"
		    "<tbody>\n");
	for (size_t i = 0; i < CONTROL_COUNT; i++)
		ar_buf_addf(out,
			    "<tr><td>%s</td><td>%s %s</td><td>%s</td>"
			    "<td><code>%s</code></td></tr>\n",
			    controls[i].framework, controls[i].id,
			    controls[i].title, controls[i].shows,
			    controls[i].files);
	ar_buf_adds(out, "</tbody>\n</table>\n</body>\n</html>\n");
}

enum ar_rc evidence_write_controls(struct bundle *bundle,
				   struct ar_error *err)
{
	struct ar_buf xml = AR_BUF_INIT, html = AR_BUF_INIT;
	enum ar_rc rc;

	controls_xml(&xml);
	controls_html(&html);
	rc = bundle_write(bundle, "controls.xml", xml.buf, xml.len, err);
	if (rc == AR_OK)
		rc = bundle_write(bundle, "controls.html", html.buf, html.len,
				  err);
	ar_buf_release(&xml);
	ar_buf_release(&html);
	return rc;
}
