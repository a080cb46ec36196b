/* test_report.c -- unit tests of the XML report, its XSD and the HTML */
/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "accessreview/report.h"
#include "accessreview/review.h"
#include "accessreview/store.h"
#include "accessreview/text.h"
#include "report/report_int.h"

#define BAD_DIR TEST_DATA "/formats/bad/"
#define OWN_DIR TEST_DATA "/report/"

#define TAKEN_AT "2026-11-19T08:41:07Z"
#define NOW "2026-11-20T00:00:00Z"
#define SHA_DIRECTORY \
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define SHA_GITHUB \
	"fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"

struct fixture {
	struct store *store;
	long long snapshot_id;
};

/* ---- building a snapshot through the store API ---- */

static void ok(enum ar_rc rc, const struct ar_error *err)
{
	if (rc != AR_OK)
		print_error("%s\n", err->message);
	assert_int_equal(rc, AR_OK);
}

static long long add_system(struct store *store, const char *name,
			    const char *category, int mfa_supported)
{
	struct ar_error err = AR_ERROR_INIT;
	struct store_system system = { name, category, "alice@example.com",
				       mfa_supported, "email" };
	long long id = 0;

	ok(store_add_system(store, &system, &id, &err), &err);
	return id;
}

static void add_source(struct store *store, long long system_id,
		       const char *role, const char *location,
		       const char *sha256, long declared,
		       const char *incomplete)
{
	struct ar_error err = AR_ERROR_INIT;
	struct store_source source = {
		system_id, role, "scim", NULL, location, sha256, 1234, 3,
		declared, incomplete, TAKEN_AT
	};

	ok(store_add_source(store, &source, &err), &err);
}

static void add_person(struct store *store, const char *uid, int disabled)
{
	struct ar_error err = AR_ERROR_INIT;
	struct person_record person = { 0 };
	char key[128], email[128];

	snprintf(key, sizeof(key), "uid=%s,ou=people,dc=example,dc=com", uid);
	snprintf(email, sizeof(email), "%s@example.com", uid);
	person.key = key;
	person.uid = uid;
	person.email = email;
	person.display_name = uid;
	person.disabled = disabled;
	ok(store_add_person(store, &person, &err), &err);
}

static void add_account(struct store *store, long long system_id,
			const char *id, const char *login,
			const char *display_name, enum mfa_status mfa,
			time_t last_login, int active)
{
	struct ar_error err = AR_ERROR_INIT;
	struct account_record account = { 0 };
	char email[128];

	snprintf(email, sizeof(email), "%s@example.com", login);
	account.id = id;
	account.login = login;
	account.email = email;
	account.display_name = display_name;
	account.active = active;
	account.mfa = mfa;
	account.last_login = last_login;
	ok(store_add_account(store, system_id, &account, NULL, &err), &err);
}

static void add_group(struct store *store, long long system_id,
		      const char *key, const char *name, int privileged)
{
	struct ar_error err = AR_ERROR_INIT;
	struct group_record group = { key, name, privileged, 1 };

	ok(store_add_group(store, system_id, &group, privileged, &err), &err);
}

static void add_member(struct store *store, long long system_id,
		       const char *group, const char *ref,
		       enum member_type type)
{
	struct ar_error err = AR_ERROR_INIT;

	ok(store_add_member(store, system_id, group, ref, type, &err), &err);
}

static time_t parse_time(const char *text)
{
	time_t when = 0;

	assert_int_equal(text_parse_time(text, &when), 0);
	return when;
}

static void fill_github(struct store *store)
{
	struct ar_error err = AR_ERROR_INIT;
	long long github = add_system(store, "github", "source_control", 1);

	add_source(store, github, "accounts", "exports/github-users.json",
		   SHA_GITHUB, 4, "totalResults is 4 but 3 were delivered");
	add_account(store, github, "1", "amara", "Amara Okafor", MFA_ENABLED,
		    parse_time("2026-11-18T10:00:00Z"), 1);
	add_account(store, github, "2", "bob", "<script>alert(1)</script>",
		    MFA_DISABLED, -1, 1);
	/* control characters and a stray byte that XML cannot carry */
	add_account(store, github, "3", "ghost", "Gh\x01ost\x1b \xff end",
		    MFA_UNKNOWN, 0, 1);
	add_group(store, github, "owners", "Owners", 1);
	add_group(store, github, "dev", "dev", 0);
	add_member(store, github, "owners", "amara", MEMBER_ACCOUNT);
	add_member(store, github, "dev", "owners", MEMBER_GROUP);
	add_member(store, github, "dev", "2", MEMBER_ACCOUNT);
	ok(store_resolve_memberships(store, github, &err), &err);
	ok(store_add_warning(store, github,
			     "github-users.json:12: bell \x07 in a warning",
			     &err),
	   &err);
}

static void fill_zendesk(struct store *store)
{
	struct ar_error err = AR_ERROR_INIT;
	long long zendesk = add_system(store, "zendesk", "support", 0);

	add_source(store, zendesk, "accounts", "exports/zendesk-users.json",
		   NULL, -1, NULL);
	add_account(store, zendesk, "z1", "carol", "Carol", MFA_UNKNOWN, 0, 0);
	add_group(store, zendesk, "agent", "agent", 0);
	add_member(store, zendesk, "agent", "z1", MEMBER_ACCOUNT);
	ok(store_resolve_memberships(store, zendesk, &err), &err);
}

static void fill_snapshot(struct fixture *f)
{
	struct ar_error err = AR_ERROR_INIT;
	struct review_options review = { 0 };

	ok(store_begin_snapshot(f->store, TAKEN_AT, &f->snapshot_id, &err),
	   &err);
	add_source(f->store, 0, "directory", "data/directory.ldif",
		   SHA_DIRECTORY, -1, NULL);
	add_person(f->store, "amara", 0);
	add_person(f->store, "bob", 1);
	add_person(f->store, "carol", 0);
	fill_github(f->store);
	fill_zendesk(f->store);
	ok(review_correlate(f->store, f->snapshot_id, &err), &err);
	review.snapshot_id = f->snapshot_id;
	review.now = parse_time(NOW);
	review.inactive_days = 90;
	ok(review_compute_findings(f->store, &review, &err), &err);
	ok(store_commit_snapshot(f->store, &err), &err);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct ar_error err = AR_ERROR_INIT;
	int version = 0;

	assert_non_null(f);
	ok(store_open(":memory:", STORE_CREATE, &f->store, &err), &err);
	ok(store_migrate(f->store, &version, &err), &err);
	fill_snapshot(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	store_close(f->store);
	free(f);
	return 0;
}

/* ---- helpers ---- */

static struct report_options options_of(const struct fixture *f)
{
	struct report_options options = { 0 };

	options.snapshot_id = f->snapshot_id;
	options.period = "2026-Q4";
	options.generated_at = NOW;
	options.tool_version = "0.1.0-test";
	return options;
}

static void build(const struct fixture *f, struct ar_buf *xml)
{
	struct report_options options = options_of(f);
	struct ar_error err = AR_ERROR_INIT;

	ok(report_build_xml(f->store, &options, xml, &err), &err);
}

static void render(const struct ar_buf *xml, struct ar_buf *html)
{
	struct ar_error err = AR_ERROR_INIT;

	ok(report_render_html(xml->buf, xml->len, html, &err), &err);
}

static void load_file(const char *path, struct ar_buf *out)
{
	char chunk[4096];
	size_t n;
	FILE *file = fopen(path, "rb");

	assert_non_null(file);
	while ((n = fread(chunk, 1, sizeof(chunk), file)) > 0)
		assert_int_equal(ar_buf_add(out, chunk, n), 0);
	fclose(file);
}

static size_t occurrences(const char *haystack, const char *needle)
{
	size_t count = 0;

	for (const char *at = haystack; (at = strstr(at, needle)) != NULL;
	     at += strlen(needle))
		count++;
	return count;
}

/* Replace the first `from` in xml with `to` (same buffer). */
static void replace_first(struct ar_buf *xml, const char *from,
			  const char *to)
{
	struct ar_buf copy = AR_BUF_INIT;
	char *at = strstr(xml->buf, from);

	assert_non_null(at);
	ar_buf_add(&copy, xml->buf, (size_t)(at - xml->buf));
	ar_buf_adds(&copy, to);
	ar_buf_adds(&copy, at + strlen(from));
	ar_buf_reset(xml);
	ar_buf_add(xml, copy.buf, copy.len);
	ar_buf_release(&copy);
}

/* ---- XML ---- */

static void test_xml_validates(void **state)
{
	struct ar_buf xml = AR_BUF_INIT;
	struct ar_error err = AR_ERROR_INIT;

	build(*state, &xml);
	ok(report_validate_xml(xml.buf, xml.len, &err), &err);
	ar_buf_release(&xml);
}

static void test_xml_content(void **state)
{
	struct ar_buf xml = AR_BUF_INIT;

	build(*state, &xml);
	assert_non_null(strstr(xml.buf, "<accessReview xmlns=\""
					"urn:accessreview:report:1\" "
					"version=\"1\" period=\"2026-Q4\" "
					"generatedAt=\"" NOW "\""));
	assert_non_null(strstr(xml.buf, "takenAt=\"" TAKEN_AT "\""));
	assert_non_null(strstr(xml.buf, "<summary systems=\"2\" people=\"3\" "
					"accounts=\"4\""));
	assert_non_null(strstr(xml.buf, "sha256=\"" SHA_GITHUB "\""));
	assert_non_null(strstr(xml.buf, "declared=\"4\" incomplete="));
	/* github: amara privileged via Owners; MFA one of each */
	assert_non_null(strstr(xml.buf,
			       "<counts accounts=\"3\" active=\"3\" "
			       "privileged=\"1\" mfaEnabled=\"1\" "
			       "mfaDisabled=\"1\" mfaUnknown=\"1\" "
			       "mfaNotApplicable=\"0\""));
	/* zendesk does not support MFA: everything is not-applicable */
	assert_non_null(strstr(xml.buf,
			       "<counts accounts=\"1\" active=\"0\" "
			       "privileged=\"0\" mfaEnabled=\"0\" "
			       "mfaDisabled=\"0\" mfaUnknown=\"0\" "
			       "mfaNotApplicable=\"1\" findings=\"0\""));
	assert_non_null(strstr(xml.buf, "lastLogin=\"2026-11-18T10:00:00Z\""));
	assert_non_null(strstr(xml.buf, "never=\"true\""));
	assert_non_null(strstr(xml.buf, "<unmatched/>"));
	assert_non_null(strstr(xml.buf, "<person key=\"uid=bob,ou=people,"
					"dc=example,dc=com\" uid=\"bob\""));
	assert_non_null(strstr(xml.buf, "<entitlement name=\"dev\" key=\"dev\""
					" privileged=\"false\" via="));
	assert_non_null(strstr(xml.buf, "&lt;script&gt;alert(1)"));
	assert_non_null(strstr(xml.buf, "<finding code=\"terminated-with-"
					"access\" severity=\"critical\" "
					"system=\"github\" account=\"2\""));
	assert_non_null(strstr(xml.buf, "<bySeverity severity=\"critical\" "
					"count=\"1\"/>"));
	assert_int_equal(occurrences(xml.buf, "<bySeverity "), 5);
	assert_int_equal(occurrences(xml.buf, "<account "), 4);
	assert_int_equal(occurrences(xml.buf, "<warning "), 1);
	ar_buf_release(&xml);
}

/* Findings come most severe first, then by code. */
static void test_xml_finding_order(void **state)
{
	struct ar_buf xml = AR_BUF_INIT;
	static const char *const ranks[] = { "critical", "high", "medium",
					     "low", "info" };
	const char *at;
	size_t last = 0;

	build(*state, &xml);
	at = strstr(xml.buf, "<findings>");
	assert_non_null(at);
	while ((at = strstr(at, "<finding ")) != NULL) {
		const char *severity = strstr(at, "severity=\"") + 10;
		size_t rank = 0;

		while (strncmp(severity, ranks[rank], strlen(ranks[rank])))
			rank++;
		assert_true(rank >= last);
		last = rank;
		at++;
	}
	ar_buf_release(&xml);
}

static void test_xml_deterministic(void **state)
{
	struct ar_buf first = AR_BUF_INIT, second = AR_BUF_INIT;

	build(*state, &first);
	build(*state, &second);
	assert_int_equal(first.len, second.len);
	assert_memory_equal(first.buf, second.buf, first.len);
	ar_buf_release(&first);
	ar_buf_release(&second);
}

/* Control characters and bad UTF-8 from an export must not make the
 * report invalid XML. */
static void test_xml_control_characters(void **state)
{
	struct ar_buf xml = AR_BUF_INIT;
	struct ar_error err = AR_ERROR_INIT;

	build(*state, &xml);
	assert_null(memchr(xml.buf, '\x01', xml.len));
	assert_null(memchr(xml.buf, '\x07', xml.len));
	assert_null(memchr(xml.buf, '\x1b', xml.len));
	assert_non_null(strstr(xml.buf, "Gh\xEF\xBF\xBDost\xEF\xBF\xBD "
					"\xEF\xBF\xBD end"));
	ok(report_validate_xml(xml.buf, xml.len, &err), &err);
	ar_buf_release(&xml);
}

static void test_xml_period_derived(void **state)
{
	struct report_options options = options_of(*state);
	struct ar_buf xml = AR_BUF_INIT;
	struct ar_error err = AR_ERROR_INIT;

	options.period = NULL;
	options.generated_at = "2026-05-02 10:11:12";
	options.previous_snapshot_id = 7;
	ok(report_build_xml(((struct fixture *)*state)->store, &options, &xml,
			    &err),
	   &err);
	assert_non_null(strstr(xml.buf, "period=\"2026-Q2\" "
					"generatedAt=\"2026-05-02T10:11:12Z\""));
	assert_non_null(strstr(xml.buf, "previousId=\"7\""));
	ar_buf_release(&xml);
}

static void test_xml_errors(void **state)
{
	struct fixture *f = *state;
	struct report_options options = options_of(f);
	struct ar_buf xml = AR_BUF_INIT;
	struct ar_error err = AR_ERROR_INIT;

	options.snapshot_id = 999;
	assert_int_equal(report_build_xml(f->store, &options, &xml, &err),
			 AR_ERR_DATA);
	assert_non_null(strstr(err.message, "999"));

	options = options_of(f);
	options.generated_at = "yesterday";
	ar_error_clear(&err);
	assert_int_equal(report_build_xml(f->store, &options, &xml, &err),
			 AR_ERR_USAGE);

	/* a capped buffer that is too small */
	options = options_of(f);
	ar_buf_release(&xml);
	ar_buf_init(&xml, 512);
	ar_error_clear(&err);
	assert_int_equal(report_build_xml(f->store, &options, &xml, &err),
			 AR_ERR_CANTCREATE);
	ar_buf_release(&xml);
}

/* ---- XSD ---- */

static void test_xsd_rejects_invalid(void **state)
{
	struct ar_buf xml = AR_BUF_INIT;
	struct ar_error err = AR_ERROR_INIT;

	build(*state, &xml);
	replace_first(&xml, "mfa=\"enabled\"", "mfa=\"sometimes\"");
	assert_int_equal(report_validate_xml(xml.buf, xml.len, &err),
			 AR_ERR_INTERNAL);
	assert_non_null(strstr(err.message, "sometimes"));
	assert_non_null(strstr(err.message, "line "));

	/* an account list must name a system of the report */
	ar_error_clear(&err);
	replace_first(&xml, "mfa=\"sometimes\"", "mfa=\"enabled\"");
	ok(report_validate_xml(xml.buf, xml.len, &err), &err);
	replace_first(&xml, "<accounts system=\"zendesk\"",
		      "<accounts system=\"nowhere\"");
	assert_int_equal(report_validate_xml(xml.buf, xml.len, &err),
			 AR_ERR_INTERNAL);
	assert_non_null(strstr(err.message, "nowhere"));

	ar_error_clear(&err);
	replace_first(&xml, "</findings>", "");
	assert_int_equal(report_validate_xml(xml.buf, xml.len, &err),
			 AR_ERR_DATA);
	ar_buf_release(&xml);
}

static void test_xsd_sample_file(void **state)
{
	struct ar_buf xml = AR_BUF_INIT, html = AR_BUF_INIT;
	struct ar_error err = AR_ERROR_INIT;

	(void)state;
	load_file(OWN_DIR "sample.xml", &xml);
	ok(report_validate_xml(xml.buf, xml.len, &err), &err);
	render(&xml, &html);
	assert_non_null(strstr(html.buf, "Amara Okafor"));
	ar_buf_release(&xml);
	ar_buf_release(&html);
}

static void test_doctype_refused(void **state)
{
	static const char *const files[] = { BAD_DIR "xxe.xml",
					      BAD_DIR "billion-laughs.xml" };
	struct ar_buf html = AR_BUF_INIT;

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct ar_buf xml = AR_BUF_INIT;
		struct ar_error err = AR_ERROR_INIT;

		load_file(files[i], &xml);
		assert_int_equal(report_validate_xml(xml.buf, xml.len, &err),
				 AR_ERR_DATA);
		assert_non_null(strstr(err.message, "DOCTYPE"));
		ar_error_clear(&err);
		assert_int_equal(report_render_html(xml.buf, xml.len, &html,
						    &err),
				 AR_ERR_DATA);
		assert_non_null(strstr(err.message, "DOCTYPE"));
		assert_int_equal(html.len, 0);
		ar_buf_release(&xml);
	}
}

/* A byte string with its length (it may hold NUL bytes). */
struct bytes {
	const char *data;
	size_t length;
};

#define BYTES(literal) { (literal), sizeof(literal) - 1 }

/* What report_check_prolog refuses, and what it lets through. */
static void test_prolog_checks(void **state)
{
	static const struct bytes refused[] = {
		BYTES("<?xml version=\"1.0\"?>\n<!-- a comment -->\n<?pi x?>"
		      "<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>"),
		BYTES("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><x/>"),
		BYTES("<?xml version='1.0' encoding='UTF-16'?><x/>"),
		BYTES("\xFF\xFE<\0x\0/\0>\0"),
		BYTES("junk<x/>"),
	};
	static const struct bytes accepted =
		BYTES("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>"
		      "<!-- DOCTYPE --><x/>");
	struct ar_error err = AR_ERROR_INIT;
	struct ar_buf html = AR_BUF_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(refused) / sizeof(*refused); i++) {
		const struct bytes *doc = &refused[i];

		ar_error_clear(&err);
		assert_int_equal(report_check_prolog(doc->data, doc->length,
						     &err),
				 AR_ERR_DATA);
		ar_error_clear(&err);
		assert_int_equal(report_validate_xml(doc->data, doc->length,
						     &err),
				 AR_ERR_DATA);
		ar_error_clear(&err);
		assert_int_equal(report_render_html(doc->data, doc->length,
						    &html, &err),
				 AR_ERR_DATA);
	}
	ar_error_clear(&err);
	assert_int_equal(report_check_prolog(accepted.data, accepted.length,
					     &err),
			 AR_OK);
	ar_buf_release(&html);
}

/* ---- HTML ---- */

static void test_html_renders(void **state)
{
	struct ar_buf xml = AR_BUF_INIT, html = AR_BUF_INIT;

	build(*state, &xml);
	render(&xml, &html);
	assert_true(strncmp(html.buf, "<!DOCTYPE html>", 15) == 0);
	assert_non_null(strstr(html.buf, "<svg"));
	assert_non_null(strstr(html.buf, "MFA coverage per system"));
	assert_non_null(strstr(html.buf, "Findings by severity"));
	assert_non_null(strstr(html.buf, "<style>"));
	assert_non_null(strstr(html.buf, SHA_GITHUB));
	assert_non_null(strstr(html.buf, "Access review 2026-Q4"));
	assert_non_null(strstr(html.buf, "terminated-with-access"));
	/* escaped, never live */
	assert_null(strstr(html.buf, "<script"));
	assert_non_null(strstr(html.buf, "&lt;script&gt;alert(1)&lt;/script"
					 "&gt;"));
	/* self-contained: nothing is fetched */
	assert_null(strstr(html.buf, "src="));
	assert_null(strstr(html.buf, "http://"));
	assert_null(strstr(html.buf, "https://"));
	assert_null(strstr(html.buf, "@import"));
	ar_buf_release(&xml);
	ar_buf_release(&html);
}

static void test_html_output_cap(void **state)
{
	struct ar_buf xml = AR_BUF_INIT, html;
	struct ar_error err = AR_ERROR_INIT;

	build(*state, &xml);
	ar_buf_init(&html, 2048);
	assert_int_equal(report_render_html(xml.buf, xml.len, &html, &err),
			 AR_ERR_CANTCREATE);
	ar_buf_release(&xml);
	ar_buf_release(&html);
}

static void test_html_deterministic(void **state)
{
	struct ar_buf xml = AR_BUF_INIT, first = AR_BUF_INIT,
		      second = AR_BUF_INIT;

	build(*state, &xml);
	render(&xml, &first);
	render(&xml, &second);
	assert_int_equal(first.len, second.len);
	assert_memory_equal(first.buf, second.buf, first.len);
	ar_buf_release(&xml);
	ar_buf_release(&first);
	ar_buf_release(&second);
}

static void test_html_not_a_report(void **state)
{
	static const char *const documents[] = {
		"<other xmlns=\"urn:accessreview:report:1\"/>",
		"<accessReview/>",
		"<accessReview xmlns=\"urn:accessreview:report:1\">",
		"",
	};
	struct ar_buf html = AR_BUF_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(documents) / sizeof(*documents); i++) {
		struct ar_error err = AR_ERROR_INIT;

		assert_int_equal(report_render_html(documents[i],
						    strlen(documents[i]),
						    &html, &err),
				 AR_ERR_DATA);
		ar_error_clear(&err);
		assert_int_equal(report_validate_xml(documents[i],
						     strlen(documents[i]),
						     &err),
				 i < 2 ? AR_ERR_INTERNAL : AR_ERR_DATA);
	}
	ar_buf_release(&html);
}

/*
 * A system with more accounts than the page lists: the table stops at
 * the limit, says how many are left, and privileged accounts past the
 * limit are still listed.
 */
static void test_html_account_limit(void **state)
{
	struct fixture big = { NULL, 0 };
	struct report_options options;
	struct ar_buf xml = AR_BUF_INIT, html = AR_BUF_INIT;
	struct ar_error err = AR_ERROR_INIT;
	int version = 0, total = REPORT_HTML_ACCOUNT_LIMIT + 3;
	long long system;
	char id[32], login[32];

	(void)state;
	ok(store_open(":memory:", STORE_CREATE, &big.store, &err), &err);
	ok(store_migrate(big.store, &version, &err), &err);
	ok(store_begin_snapshot(big.store, TAKEN_AT, &big.snapshot_id, &err),
	   &err);
	system = add_system(big.store, "big", "logs", 1);
	for (int i = 1; i <= total; i++) {
		snprintf(id, sizeof(id), "a%05d", i);
		snprintf(login, sizeof(login), "user%05d", i);
		add_account(big.store, system, id, login, NULL, MFA_ENABLED, 0,
			    0);
	}
	add_group(big.store, system, "admins", "Admins", 1);
	snprintf(id, sizeof(id), "a%05d", total);
	add_member(big.store, system, "admins", id, MEMBER_ACCOUNT);
	ok(store_resolve_memberships(big.store, system, &err), &err);
	ok(store_commit_snapshot(big.store, &err), &err);

	options = options_of(&big);
	ok(report_build_xml(big.store, &options, &xml, &err), &err);
	ok(report_validate_xml(xml.buf, xml.len, &err), &err);
	render(&xml, &html);
	assert_non_null(strstr(html.buf, "2 more accounts in the XML report"));
	assert_int_equal(occurrences(html.buf, "<table class=\"list accounts"),
			 3);
	assert_int_equal(occurrences(html.buf, "tag priv"), 1);
	snprintf(login, sizeof(login), "user%05d", REPORT_HTML_ACCOUNT_LIMIT);
	assert_non_null(strstr(html.buf, login));
	snprintf(login, sizeof(login), "user%05d", total - 1);
	assert_null(strstr(html.buf, login));
	snprintf(login, sizeof(login), "user%05d", total);
	assert_non_null(strstr(html.buf, login));
	ar_buf_release(&xml);
	ar_buf_release(&html);
	store_close(big.store);
}

/* Findings past one chunk: one heading per severity, several tables. */
static void test_html_findings_chunks(void **state)
{
	struct fixture many = { NULL, 0 };
	struct review_options review = { 0 };
	struct report_options options;
	struct ar_buf xml = AR_BUF_INIT, html = AR_BUF_INIT;
	struct ar_error err = AR_ERROR_INIT;
	int version = 0;
	long long system;
	char id[32], login[32];

	(void)state;
	ok(store_open(":memory:", STORE_CREATE, &many.store, &err), &err);
	ok(store_migrate(many.store, &version, &err), &err);
	ok(store_begin_snapshot(many.store, TAKEN_AT, &many.snapshot_id,
				&err),
	   &err);
	system = add_system(many.store, "many", "deployment", 1);
	/* active accounts matching nobody: one orphan-account each */
	for (int i = 1; i <= 2500; i++) {
		snprintf(id, sizeof(id), "b%05d", i);
		snprintf(login, sizeof(login), "bot%05d", i);
		add_account(many.store, system, id, login, NULL, MFA_ENABLED, 0,
			    1);
	}
	ok(review_correlate(many.store, many.snapshot_id, &err), &err);
	review.snapshot_id = many.snapshot_id;
	review.now = parse_time(NOW);
	review.inactive_days = 90;
	ok(review_compute_findings(many.store, &review, &err), &err);
	ok(store_commit_snapshot(many.store, &err), &err);

	options = options_of(&many);
	ok(report_build_xml(many.store, &options, &xml, &err), &err);
	ok(report_validate_xml(xml.buf, xml.len, &err), &err);
	render(&xml, &html);
	assert_int_equal(occurrences(html.buf, "class=\"sev-head\""), 1);
	assert_non_null(strstr(html.buf, "</span> 2500 findings</h3>"));
	assert_int_equal(occurrences(html.buf, "<table class=\"list findings"),
			 3);
	assert_int_equal(occurrences(html.buf, "<table class=\"list accounts"),
			 2);
	assert_non_null(strstr(html.buf, "500 more accounts in the XML report"));
	assert_non_null(strstr(html.buf, "bot02500")); /* in the findings */
	assert_non_null(strstr(html.buf, "</body>\n</html>\n"));
	ar_buf_release(&xml);
	ar_buf_release(&html);
	store_close(many.store);
}

/* ---- the file forms ---- */

static int write_file(void *context, const char *data, size_t length)
{
	return fwrite(data, 1, length, context) == length ? 0 : -1;
}

static void test_file_forms(void **state)
{
	struct fixture *f = *state;
	struct report_options options = options_of(f);
	struct ar_buf xml = AR_BUF_INIT, html = AR_BUF_INIT,
		      from_file = AR_BUF_INIT;
	struct ar_error err = AR_ERROR_INIT;
	char path[] = "/tmp/test_report_XXXXXX";
	int fd = mkstemp(path);
	FILE *file = fdopen(fd, "w");

	assert_non_null(file);
	ok(report_write_xml(f->store, &options, write_file, file, &err), &err);
	assert_int_equal(fclose(file), 0);
	ok(report_validate_file(path, &err), &err);
	ok(report_write_html_file(path, report_write_to_buf, &from_file,
				  &err),
	   &err);
	/* the same bytes as the in-memory forms */
	build(f, &xml);
	render(&xml, &html);
	assert_int_equal(html.len, from_file.len);
	assert_memory_equal(html.buf, from_file.buf, html.len);
	unlink(path);

	assert_int_equal(report_validate_file(path, &err), AR_ERR_NOINPUT);
	ar_error_clear(&err);
	assert_int_equal(report_write_html_file(path, report_write_to_buf,
						&from_file, &err),
			 AR_ERR_NOINPUT);
	ar_error_clear(&err);
	assert_int_equal(report_validate_file(BAD_DIR "xxe.xml", &err),
			 AR_ERR_DATA);
	assert_non_null(strstr(err.message, "xxe.xml"));
	ar_buf_release(&xml);
	ar_buf_release(&html);
	ar_buf_release(&from_file);
}

/* A file whose prolog runs past the part read first is refused: the
 * DOCTYPE check could not see it all. */
static void test_file_long_prolog(void **state)
{
	struct ar_error err = AR_ERROR_INIT;
	char path[] = "/tmp/test_report_XXXXXX";
	int fd = mkstemp(path);
	FILE *file = fdopen(fd, "w");

	(void)state;
	assert_non_null(file);
	fputs("<?xml version=\"1.0\"?>\n<!--", file);
	for (int i = 0; i < REPORT_HEAD_SIZE; i++)
		fputc('-' + (i % 2) * ('x' - '-'), file);
	fputs("-->\n<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>\n", file);
	assert_int_equal(fclose(file), 0);
	assert_int_equal(report_validate_file(path, &err), AR_ERR_DATA);
	assert_non_null(strstr(err.message, "no root element"));
	unlink(path);
}

/* ---- text safety ---- */

static void test_xml_safe(void **state)
{
	struct ar_buf scratch = AR_BUF_INIT;
	const char *clean = "plain \xC3\xA9t\xC3\xA9 \xF0\x9F\x94\x91\t\n";

	(void)state;
	assert_ptr_equal(report_xml_safe(&scratch, clean), clean);
	assert_string_equal(report_xml_safe(&scratch, "a\x01z"),
			    "a\xEF\xBF\xBDz");
	/* overlong, surrogate, truncated, U+FFFE */
	assert_string_equal(report_xml_safe(&scratch, "\xC0\xAF"),
			    "\xEF\xBF\xBD\xEF\xBF\xBD");
	assert_string_equal(report_xml_safe(&scratch, "\xED\xA0\x80!"),
			    "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD!");
	assert_string_equal(report_xml_safe(&scratch, "x\xE2\x82"),
			    "x\xEF\xBF\xBD\xEF\xBF\xBD");
	assert_string_equal(report_xml_safe(&scratch, "\xEF\xBF\xBE."),
			    "\xEF\xBF\xBD.");
	ar_buf_release(&scratch);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_xml_validates, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_xml_content, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_xml_finding_order, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_xml_deterministic, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_xml_control_characters,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_xml_period_derived, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_xml_errors, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_xsd_rejects_invalid, setup,
						teardown),
		cmocka_unit_test(test_xsd_sample_file),
		cmocka_unit_test(test_doctype_refused),
		cmocka_unit_test(test_prolog_checks),
		cmocka_unit_test_setup_teardown(test_html_renders, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_html_deterministic, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_html_output_cap, setup,
						teardown),
		cmocka_unit_test(test_html_not_a_report),
		cmocka_unit_test(test_html_account_limit),
		cmocka_unit_test(test_html_findings_chunks),
		cmocka_unit_test_setup_teardown(test_file_forms, setup,
						teardown),
		cmocka_unit_test(test_file_long_prolog),
		cmocka_unit_test(test_xml_safe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
