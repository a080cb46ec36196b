/* ldap.c -- the live LDAP source: secure bind, paged pulls, groups */
/* SPDX-License-Identifier: MIT */

/*
 * LDAP READER
 *
 * Drives libldap the way ldapsearch does (STYLE.md section 7), inside
 * one call:
 *
 *   connect   one URL, protocol 3, referrals off unless configured,
 *             network and operation timeouts, certificates verified
 *             (LDAP_OPT_X_TLS_DEMAND) against ca-file or the system
 *             store, StartTLS before anything else is sent;
 *   bind      simple with bind-dn and a password read from a private
 *             file or a named environment variable into a fixed buffer
 *             that is wiped right after the bind; SASL EXTERNAL over
 *             ldapi:// or a TLS client certificate; or anonymous.  A
 *             simple bind in clear to another host is refused;
 *   search    asynchronous ldap_search_ext with an RFC 2696 paging
 *             control, read with ldap_result(LDAP_MSG_ONE) and the
 *             operation timeout, until the server's cookie comes back
 *             empty.  Any result other than success fails the pull:
 *             a size or time limit, a refused cookie, a server that
 *             goes away.  Never a silently truncated snapshot;
 *   entries   only the attribute types the mapping uses are requested
 *             (never userPassword or OTP secrets), checked to be NUL-free
 *             UTF-8, and handed to the entry mapper that the LDIF reader
 *             uses too (entry.c), so both emit identical records.  AD
 *             ranged attributes ("member;range=0-1499") are followed
 *             with base searches to the end.
 *
 * Which searches run depends on the role: the people search (base,
 * scope, filter) for the directory, accounts and MFA lists, the group
 * search (group-base, group-filter) for accounts and groups.  With a
 * group-filter, the matching groups are the system's entitlements:
 * nested groups below them are followed (a visited set is the loop
 * guard; the store expands nesting itself), and an accounts source then
 * keeps only the people who are members.  The disabled-filter is one
 * more search for the DNs it matches.
 *
 * Memory: the mapper keeps group memberships until the end; people
 * stream through one page at a time.  With a group-filter, every group
 * under group-base is held until the nesting is known.
 *
 * The caller runs this inside its snapshot transaction: on any error
 * nothing this reader emitted is kept.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <ldap.h>
#include <sodium.h>

#include "accessreview/buf.h"
#include "accessreview/log.h"
#include "accessreview/mem.h"
#include "accessreview/sources.h"
#include "accessreview/text.h"
#include "accessreview/url.h"
#include "entry.h"
#include "reader.h"

/* The longest password accepted; the buffer is wiped after the bind. */
#define PASSWORD_MAX 1024
/* Ranged retrieval rounds before giving up (1500 values each in AD). */
#define RANGE_MAX_ROUNDS 100000

static const char default_people_filter[] =
	"(|(objectClass=person)(objectClass=organizationalPerson)"
	"(objectClass=inetOrgPerson)(objectClass=posixAccount)"
	"(objectClass=user))";
static const char default_group_filter[] =
	"(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)"
	"(objectClass=posixGroup)(objectClass=group))";

struct ldap_reader;

/* What to do with each entry of a search. */
typedef enum ar_rc (*entry_handler)(struct ldap_reader *reader,
				    struct entry *entry,
				    struct ar_error *err);

/* A group held until nesting is known (group-filter mode). */
struct held_group {
	struct entry entry;
	char *key;                   /* normalised DN */
	int reachable;
};

struct ldap_reader {
	const struct source_spec *spec;
	const struct ldap_settings *settings;
	const struct record_sink *sink;
	struct source_summary *summary;
	const char *url;
	LDAP *ld;
	/* tells a refused TCP connection from a failed TLS handshake,
	 * which libldap reports alike ("Can't contact LDAP server") */
	struct ldap_conncb connected_callback;
	int connected;
	struct entry_mapper *mapper;

	/* attribute types read, indexed by enum entry_attribute */
	const char *names[ENTRY_ATTR_COUNT];
	char *request[ENTRY_ATTR_COUNT + 1];
	size_t request_count;

	struct entry entry;
	const char *search_name;     /* "people", "groups", ... */
	long search_entries;         /* entries of the current search */
	long search_pages;
	long search_estimate;        /* the server's, first page; 0 none */
	long references;             /* search continuations not followed */

	struct entry_set disabled;   /* DNs the disabled-filter matched */
	/* group-filter mode */
	struct entry_set roots;      /* DNs the group-filter matched */
	struct held_group *held;
	size_t held_count;
	size_t held_alloc;
	struct entry_set member_dns; /* members of the reachable groups */
	struct entry_set member_uids;

	crypto_hash_sha256_state hash;
	long long bytes;
};

/* ---- errors ---- */

/* The server's (or libldap's) last diagnostic, redacted, into out. */
static void diagnostic(struct ldap_reader *reader, char *out, size_t size)
{
	char *message = NULL;

	out[0] = '\0';
	if (reader->ld == NULL ||
	    ldap_get_option(reader->ld, LDAP_OPT_DIAGNOSTIC_MESSAGE,
			    &message) != LDAP_OPT_SUCCESS ||
	    message == NULL)
		return;
	/* policy: logs never include passwords, whatever the server says */
	log_redact(message, out, size);
	ldap_memfree(message);
}

/* What the operator must do about an LDAP result code. */
static enum ar_rc classify_code(int code)
{
	switch (code) {
	case LDAP_SERVER_DOWN:
	case LDAP_CONNECT_ERROR:
	case LDAP_TIMEOUT:
	case LDAP_TIMELIMIT_EXCEEDED:
	case LDAP_BUSY:
	case LDAP_UNAVAILABLE:
	case LDAP_OTHER:
		return AR_ERR_TEMPFAIL;
	case LDAP_INVALID_CREDENTIALS:
	case LDAP_INAPPROPRIATE_AUTH:
	case LDAP_INSUFFICIENT_ACCESS:
	case LDAP_STRONG_AUTH_REQUIRED:
	case LDAP_CONFIDENTIALITY_REQUIRED:
		return AR_ERR_NOPERM;
	case LDAP_NO_SUCH_OBJECT:
	case LDAP_INVALID_DN_SYNTAX:
	case LDAP_FILTER_ERROR:
	case LDAP_UNDEFINED_TYPE:
	case LDAP_INAPPROPRIATE_MATCHING:
	case LDAP_UNAVAILABLE_CRITICAL_EXTENSION:
	case LDAP_AUTH_METHOD_NOT_SUPPORTED:
	case LDAP_AUTH_UNKNOWN:
	case LDAP_NOT_SUPPORTED:
	case LDAP_PARAM_ERROR:
	case LDAP_REFERRAL:
	case LDAP_PARTIAL_RESULTS:
		return AR_ERR_CONFIG;
	default:
		return AR_ERR_DATA;
	}
}

/* A TLS handshake that failed on the certificate is not a blip. */
static int is_tls_failure(const char *detail)
{
	return strstr(detail, "TLS") != NULL ||
	       strstr(detail, "certificate") != NULL ||
	       strstr(detail, "cert ") != NULL;
}

/*
 * "URL: doing what: Reason (diagnostic)" as rc, or (rc = AR_OK) as the
 * code's class.  server_text is the result's diagnostic; NULL: the
 * handle's last one.
 */
static enum ar_rc report(struct ldap_reader *reader, enum ar_rc rc, int code,
			 const char *server_text, struct ar_error *err,
			 const char *doing)
{
	char detail[300];

	if (server_text != NULL)
		log_redact(server_text, detail, sizeof(detail));
	else
		diagnostic(reader, detail, sizeof(detail));
	if (rc == AR_OK)
		rc = classify_code(code);
	if (rc == AR_ERR_TEMPFAIL &&
	    (code == LDAP_CONNECT_ERROR || code == LDAP_SERVER_DOWN) &&
	    is_tls_failure(detail))
		rc = AR_ERR_CONFIG;
	/* libldap leaves this when it has nothing to say */
	if (strcmp(detail, "(unknown error code)") == 0)
		detail[0] = '\0';
	if (detail[0] != '\0')
		return ar_error_set(err, rc, "%s: %s: %s (%s)", reader->url,
				    doing, ldap_err2string(code), detail);
	return ar_error_set(err, rc, "%s: %s: %s", reader->url, doing,
			    ldap_err2string(code));
}

static enum ar_rc ldap_failure(struct ldap_reader *reader, int code,
			       const char *server_text, struct ar_error *err,
			       const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static enum ar_rc ldap_failure(struct ldap_reader *reader, int code,
			       const char *server_text, struct ar_error *err,
			       const char *fmt, ...)
{
	char doing[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(doing, sizeof(doing), fmt, ap);
	va_end(ap);
	return report(reader, AR_OK, code, server_text, err, doing);
}

static void progress(struct ldap_reader *reader, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void progress(struct ldap_reader *reader, const char *fmt, ...)
{
	char message[512];
	va_list ap;

	if (reader->spec->progress == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	reader->spec->progress(reader->spec->progress_context, message);
}

/* ---- connecting ---- */

static int set_timeout(LDAP *ld, int option, int seconds)
{
	struct timeval tv = { seconds, 0 };

	return ldap_set_option(ld, option, &tv);
}

/* Certificates are always checked; the context is this handle's own. */
static enum ar_rc setup_tls(struct ldap_reader *reader, struct ar_error *err)
{
	const struct ldap_settings *settings = reader->settings;
	int demand = LDAP_OPT_X_TLS_DEMAND;
	int minimum = LDAP_OPT_X_TLS_PROTOCOL_TLS1_2;
	int server = 0;
	int code = LDAP_OPT_SUCCESS;

	code = ldap_set_option(reader->ld, LDAP_OPT_X_TLS_REQUIRE_CERT,
			       &demand);
	if (code == LDAP_OPT_SUCCESS)
		code = ldap_set_option(reader->ld,
				       LDAP_OPT_X_TLS_PROTOCOL_MIN, &minimum);
	if (code == LDAP_OPT_SUCCESS && settings->ca_file != NULL)
		code = ldap_set_option(reader->ld, LDAP_OPT_X_TLS_CACERTFILE,
				       settings->ca_file);
	if (code == LDAP_OPT_SUCCESS && settings->cert_file != NULL)
		code = ldap_set_option(reader->ld, LDAP_OPT_X_TLS_CERTFILE,
				       settings->cert_file);
	if (code == LDAP_OPT_SUCCESS && settings->key_file != NULL)
		code = ldap_set_option(reader->ld, LDAP_OPT_X_TLS_KEYFILE,
				       settings->key_file);
	/* per-handle TLS options take effect only in a new context */
	if (code == LDAP_OPT_SUCCESS)
		code = ldap_set_option(reader->ld, LDAP_OPT_X_TLS_NEWCTX,
				       &server);
	if (code != LDAP_OPT_SUCCESS)
		return ldap_failure(reader, code == LDAP_OPT_ERROR
					    ? LDAP_PARAM_ERROR
					    : code,
				    NULL, err,
				    "cannot set up TLS (ca-file '%s', "
				    "cert-file '%s')",
				    settings->ca_file ? settings->ca_file : "-",
				    settings->cert_file ? settings->cert_file
							: "-");
	return AR_OK;
}

/* The URL once more, with libldap's own parser this time. */
static enum ar_rc check_url(struct ldap_reader *reader, int *tls,
			    struct ar_error *err)
{
	LDAPURLDesc *description = NULL;
	int code;
	enum ar_rc rc = AR_OK;

	code = ldap_url_parse(reader->url, &description);
	if (code != LDAP_URL_SUCCESS || description->lud_next != NULL) {
		rc = ar_error_set(err, AR_ERR_CONFIG,
				  "%s: not a single LDAP URL", reader->url);
		goto out;
	}
	*tls = strcasecmp(description->lud_scheme, "ldaps") == 0 ||
	       (strcasecmp(description->lud_scheme, "ldap") == 0 &&
		reader->settings->starttls);
	/* policy: no password in clear to another host (config checks it
	 * too, with the file and line; this is the last line of defence) */
	if (reader->settings->bind_dn != NULL && !*tls &&
	    !reader->settings->allow_plaintext &&
	    !url_ldap_is_local(reader->url))
		rc = ar_error_set(err, AR_ERR_CONFIG,
				  "%s: a simple bind without TLS to a remote "
				  "server is refused",
				  reader->url);
out:
	ldap_free_urldesc(description);
	return rc;
}

static int note_connected(LDAP *ld, Sockbuf *sb, LDAPURLDesc *server,
			  struct sockaddr *address,
			  struct ldap_conncb *callback)
{
	struct ldap_reader *reader = callback->lc_arg;

	(void)ld;
	(void)sb;
	(void)server;
	(void)address;
	reader->connected = 1;
	return 0;
}

static void note_closed(LDAP *ld, Sockbuf *sb, struct ldap_conncb *callback)
{
	(void)ld;
	(void)sb;
	(void)callback;
}

static enum ar_rc connect_server(struct ldap_reader *reader,
				 struct ar_error *err)
{
	const struct ldap_settings *settings = reader->settings;
	int version = LDAP_VERSION3;
	int tls = 0;
	int code;
	enum ar_rc rc;

	rc = check_url(reader, &tls, err);
	if (rc != AR_OK)
		return rc;
	code = ldap_initialize(&reader->ld, reader->url);
	if (code != LDAP_SUCCESS)
		return ar_error_set(err, AR_ERR_CONFIG, "%s: %s", reader->url,
				    ldap_err2string(code));
	if (ldap_set_option(reader->ld, LDAP_OPT_PROTOCOL_VERSION,
			    &version) != LDAP_OPT_SUCCESS ||
	    ldap_set_option(reader->ld, LDAP_OPT_REFERRALS,
			    settings->referrals ? LDAP_OPT_ON
						: LDAP_OPT_OFF) !=
		    LDAP_OPT_SUCCESS ||
	    set_timeout(reader->ld, LDAP_OPT_NETWORK_TIMEOUT,
			settings->network_timeout) != LDAP_OPT_SUCCESS ||
	    set_timeout(reader->ld, LDAP_OPT_TIMEOUT, settings->timeout) !=
		    LDAP_OPT_SUCCESS)
		return ar_error_set(err, AR_ERR_INTERNAL,
				    "%s: cannot set connection options",
				    reader->url);
	if (tls) {
		rc = setup_tls(reader, err);
		if (rc != AR_OK)
			return rc;
	}
	reader->connected_callback.lc_add = note_connected;
	reader->connected_callback.lc_del = note_closed;
	reader->connected_callback.lc_arg = reader;
	if (ldap_set_option(reader->ld, LDAP_OPT_CONNECT_CB,
			    &reader->connected_callback) != LDAP_OPT_SUCCESS)
		return ar_error_set(err, AR_ERR_INTERNAL,
				    "%s: cannot set connection options",
				    reader->url);
	code = ldap_connect(reader->ld);
	/* reached, but ldaps:// failed: the handshake or the certificate */
	if (code != LDAP_SUCCESS && reader->connected &&
	    strncasecmp(reader->url, "ldaps://", 8) == 0)
		return report(reader, AR_ERR_CONFIG, code, NULL, err,
			      "TLS handshake failed (is ca-file the CA of the "
			      "server's certificate, and the URL's host "
			      "named in it?)");
	if (code != LDAP_SUCCESS)
		return ldap_failure(reader, code, NULL, err,
				    "cannot connect (network-timeout %d s)",
				    settings->network_timeout);
	if (strncasecmp(reader->url, "ldap://", 7) == 0 &&
	    settings->starttls) {
		code = ldap_start_tls_s(reader->ld, NULL, NULL);
		/* the server answered, so a failure here is the handshake
		 * or the certificate: not something a retry fixes */
		if (code != LDAP_SUCCESS)
			return report(reader,
				      code == LDAP_SERVER_DOWN ? AR_OK
							       : AR_ERR_CONFIG,
				      code, NULL, err,
				      "StartTLS failed (is ca-file the CA "
				      "of the server's certificate?)");
	}
	return AR_OK;
}

/* ---- binding ---- */

/*
 * The password file, like ssh's private keys: a regular file owned by
 * us that nobody else can read.  Checked on the open descriptor, so the
 * file checked is the file read.
 */
static enum ar_rc read_password_file(struct ldap_reader *reader,
				     char *password, size_t *length,
				     struct ar_error *err)
{
	const char *path = reader->settings->password_file;
	struct stat status;
	ssize_t got = 0;
	size_t used = 0;
	int fd;
	enum ar_rc rc = AR_OK;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return ar_error_set(err, errno == EACCES ? AR_ERR_NOPERM
							 : AR_ERR_CONFIG,
				    "cannot open password-file '%s': %s",
				    path, strerror(errno));
	if (fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
		rc = ar_error_set(err, AR_ERR_CONFIG,
				  "password-file '%s' is not a regular file",
				  path);
		goto out;
	}
	if (status.st_uid != geteuid() || (status.st_mode & 077) != 0) {
		rc = ar_error_set(err, AR_ERR_CONFIG,
				  "password-file '%s' must be owned by uid %u "
				  "and not readable by others (mode %04o, "
				  "owner %u): chmod 600 it",
				  path, (unsigned int)geteuid(),
				  (unsigned int)(status.st_mode & 07777),
				  (unsigned int)status.st_uid);
		goto out;
	}
	while (used < PASSWORD_MAX &&
	       (got = read(fd, password + used, PASSWORD_MAX - used)) > 0)
		used += (size_t)got;
	if (got < 0) {
		rc = ar_error_set(err, AR_ERR_CONFIG,
				  "cannot read password-file '%s': %s", path,
				  strerror(errno));
		goto out;
	}
	if (used == PASSWORD_MAX) {
		rc = ar_error_set(err, AR_ERR_CONFIG,
				  "password-file '%s' is longer than %d bytes",
				  path, PASSWORD_MAX - 1);
		goto out;
	}
	/* one trailing newline is the editor's, not the password's */
	if (used > 0 && password[used - 1] == '\n')
		used--;
	if (used > 0 && password[used - 1] == '\r')
		used--;
	*length = used;
out:
	close(fd);
	return rc;
}

static enum ar_rc read_password(struct ldap_reader *reader, char *password,
				size_t *length, struct ar_error *err)
{
	const char *name = reader->settings->password_env;
	const char *value;
	enum ar_rc rc = AR_OK;

	*length = 0;
	if (reader->settings->password_file != NULL) {
		rc = read_password_file(reader, password, length, err);
	} else {
		value = getenv(name);
		if (value == NULL)
			return ar_error_set(err, AR_ERR_CONFIG,
					    "password-env: the environment "
					    "variable '%s' is not set",
					    name);
		*length = strlen(value);
		if (*length >= PASSWORD_MAX)
			return ar_error_set(err, AR_ERR_CONFIG,
					    "password-env: '%s' is longer "
					    "than %d bytes",
					    name, PASSWORD_MAX - 1);
		memcpy(password, value, *length);
	}
	/* an empty simple bind is an anonymous one on most servers */
	if (rc == AR_OK && *length == 0)
		rc = ar_error_set(err, AR_ERR_CONFIG,
				  "the bind password (%s '%s') is empty",
				  reader->settings->password_file
					  ? "password-file"
					  : "password-env",
				  reader->settings->password_file
					  ? reader->settings->password_file
					  : name);
	return rc;
}

/* Wait for the answer to msgid within the operation timeout. */
static enum ar_rc wait_result(struct ldap_reader *reader, int msgid,
			      int all, LDAPMessage **result, const char *what,
			      struct ar_error *err)
{
	struct timeval tv = { reader->settings->timeout, 0 };
	int got;

	*result = NULL;
	got = ldap_result(reader->ld, msgid, all, &tv, result);
	if (got == 0) {
		ldap_abandon_ext(reader->ld, msgid, NULL, NULL);
		return ar_error_set(err, AR_ERR_TEMPFAIL,
				    "%s: %s: no answer within %d s (timeout)",
				    reader->url, what,
				    reader->settings->timeout);
	}
	if (got < 0) {
		int code = LDAP_SERVER_DOWN;

		ldap_get_option(reader->ld, LDAP_OPT_RESULT_CODE, &code);
		return ldap_failure(reader, code, NULL, err, "%s", what);
	}
	return AR_OK;
}

/* Send the bind and read its result; password (may be NULL) borrowed. */
static enum ar_rc send_bind(struct ldap_reader *reader, const char *dn,
			    const char *mechanism, struct berval *credentials,
			    const char *what, struct ar_error *err)
{
	LDAPMessage *result = NULL;
	char *text = NULL;
	int msgid = -1, code;
	enum ar_rc rc = AR_OK;

	code = ldap_sasl_bind(reader->ld, dn, mechanism, credentials, NULL,
			      NULL, &msgid);
	if (code != LDAP_SUCCESS) {
		rc = ldap_failure(reader, code, NULL, err, "%s", what);
		goto out;
	}
	rc = wait_result(reader, msgid, LDAP_MSG_ALL, &result, what, err);
	if (rc != AR_OK)
		goto out;
	if (ldap_parse_result(reader->ld, result, &code, NULL, &text, NULL,
			      NULL, 0) != LDAP_SUCCESS)
		code = LDAP_DECODING_ERROR;
	if (code != LDAP_SUCCESS)
		rc = ldap_failure(reader, code, text ? text : "", err, "%s",
				  what);
out:
	ldap_memfree(text);
	ldap_msgfree(result);
	return rc;
}

/* password: length bytes read by read_password, or NULL (no bind-dn). */
static enum ar_rc bind_server(struct ldap_reader *reader,
			      const char *password, size_t length,
			      struct ar_error *err)
{
	const struct ldap_settings *settings = reader->settings;
	char what[512];
	struct berval credentials = { 0, (char *)"" };

	/* EXTERNAL with an empty initial response: the identity is the
	 * peer's (ldapi://) or the client certificate's, in one round */
	if (settings->sasl_external)
		return send_bind(reader, NULL, "EXTERNAL", &credentials,
				 "SASL EXTERNAL bind", err);
	if (settings->bind_dn == NULL || password == NULL)
		return send_bind(reader, NULL, LDAP_SASL_SIMPLE, &credentials,
				 "anonymous bind", err);
	credentials.bv_val = (char *)password;
	credentials.bv_len = length;
	/* the message names the DN, never the password */
	snprintf(what, sizeof(what), "bind as '%.400s'", settings->bind_dn);
	return send_bind(reader, settings->bind_dn, LDAP_SASL_SIMPLE,
			 &credentials, what, err);
}

/* ---- attributes ---- */

/* The mapping's attribute types, with attribute.* overrides. */
static void choose_attributes(struct ldap_reader *reader)
{
	const struct ldap_attribute_map *map = &reader->settings->attributes;
	const struct {
		enum entry_attribute attribute;
		const char *type;
	} overrides[] = {
		{ ENTRY_ATTR_UID, map->uid },
		{ ENTRY_ATTR_MAIL, map->mail },
		{ ENTRY_ATTR_DISPLAY_NAME, map->display_name },
		{ ENTRY_ATTR_CN, map->cn },
		{ ENTRY_ATTR_EMPLOYEE_NUMBER, map->employee_number },
		{ ENTRY_ATTR_MANAGER, map->manager },
		{ ENTRY_ATTR_MFA, map->mfa },
	};

	for (int i = 0; i < ENTRY_ATTR_COUNT; i++)
		reader->names[i] = entry_attribute_names[i];
	for (size_t i = 0; i < sizeof(overrides) / sizeof(overrides[0]); i++)
		if (overrides[i].type != NULL)
			reader->names[overrides[i].attribute] =
				overrides[i].type;
	/* an overridden type read for another role wins over the default
	 * ("attribute.uid = sAMAccountName") by coming first in lookups */
	reader->request_count = 0;
	for (int i = 0; i < ENTRY_ATTR_COUNT; i++) {
		int duplicate = 0;

		if (reader->names[i] == NULL)
			continue;
		for (size_t k = 0; k < reader->request_count; k++)
			duplicate |= strcasecmp(reader->request[k],
						reader->names[i]) == 0;
		if (!duplicate)
			reader->request[reader->request_count++] =
				(char *)reader->names[i];
	}
	reader->request[reader->request_count] = NULL;
}

/* "0-1499" -> 1500 (and 0 for "1500-*", the last part). */
static long next_range_start(const char *range, size_t length)
{
	const char *dash = memchr(range, '-', length);
	char digits[24];
	size_t count;
	char *end;
	long high;

	if (dash == NULL || dash + 1 == range + length || dash[1] == '*')
		return 0;
	count = (size_t)(range + length - dash - 1);
	if (count >= sizeof(digits))
		return 0;
	memcpy(digits, dash + 1, count);
	digits[count] = '\0';
	errno = 0;
	high = strtol(digits, &end, 10);
	if (errno != 0 || *end != '\0' || high < 0)
		return 0;
	return high + 1;
}

static void hash_add(struct ldap_reader *reader, const void *data,
		     size_t length)
{
	crypto_hash_sha256_update(&reader->hash, data, length);
	reader->bytes += (long long)length;
}

/* One value into the entry: text only, as the LDIF reader requires. */
static enum ar_rc add_value(struct ldap_reader *reader, struct entry *entry,
			    int attribute, const struct berval *value,
			    struct ar_error *err)
{
	const char *name = reader->names[attribute];

	if (value->bv_len > READER_MAX_LINE ||
	    memchr(value->bv_val, '\0', value->bv_len) != NULL ||
	    !text_is_utf8(value->bv_val, value->bv_len))
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: entry '%.200s': value of '%s' is "
				    "not text (NUL byte, bad UTF-8 or over "
				    "%d bytes)",
				    reader->url, entry->dn, name,
				    READER_MAX_LINE);
	hash_add(reader, name, strlen(name));
	hash_add(reader, ": ", 2);
	hash_add(reader, value->bv_val, value->bv_len);
	hash_add(reader, "\n", 1);
	if (entry_add(entry, (enum entry_attribute)attribute,
		      ar_strndup(value->bv_val, value->bv_len), 0) != 0)
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: entry '%.200s' larger than %ld bytes",
				    reader->url, entry->dn, ENTRY_MAX_BYTES);
	return AR_OK;
}

/*
 * The attributes of one entry message into entry.  *next_range is set to
 * where a ranged attribute continues (0: complete), *ranged to which.
 */
static enum ar_rc read_attributes(struct ldap_reader *reader,
				  LDAPMessage *message, BerElement *ber,
				  struct entry *entry, long *next_range,
				  int *ranged, struct ar_error *err)
{
	struct berval name = { 0, NULL };
	BerVarray values = NULL;
	int code;
	enum ar_rc rc = AR_OK;

	*next_range = 0;
	*ranged = -1;
	for (code = ldap_get_attribute_ber(reader->ld, message, ber, &name,
					   &values);
	     code == LDAP_SUCCESS && name.bv_val != NULL && rc == AR_OK;
	     code = ldap_get_attribute_ber(reader->ld, message, ber, &name,
					   &values)) {
		const char *range;
		size_t range_length;
		int attribute = entry_lookup_attribute(
			reader->names, name.bv_val, name.bv_len, &range,
			&range_length);

		for (size_t i = 0; attribute >= 0 && values != NULL &&
				   values[i].bv_val != NULL && rc == AR_OK;
		     i++)
			rc = add_value(reader, entry, attribute, &values[i],
				       err);
		if (attribute >= 0 && range != NULL) {
			*next_range = next_range_start(range, range_length);
			*ranged = attribute;
			/* "incomplete" until the follow-up reaches the end */
			if (*next_range > 0)
				entry_note_range(entry, range, range_length,
						 0);
		}
		ber_memfree(values);
		values = NULL;
	}
	ber_memfree(values);
	if (rc == AR_OK && code != LDAP_SUCCESS)
		rc = ldap_failure(reader, code, NULL, err,
				  "cannot decode entry '%.200s'", entry->dn);
	return rc;
}

/* Copy a DN out of libldap; it must be text like any other value. */
static enum ar_rc take_dn(struct ldap_reader *reader, const struct berval *dn,
			  struct entry *entry, struct ar_error *err)
{
	if (dn->bv_len > READER_MAX_LINE ||
	    memchr(dn->bv_val, '\0', dn->bv_len) != NULL ||
	    !text_is_utf8(dn->bv_val, dn->bv_len))
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: an entry DN is not text", reader->url);
	entry->dn = ar_strndup(dn->bv_val, dn->bv_len);
	hash_add(reader, "dn: ", 4);
	hash_add(reader, dn->bv_val, dn->bv_len);
	hash_add(reader, "\n", 1);
	return AR_OK;
}

/*
 * Active Directory hands out at most 1500 values of a big group's member
 * per request ("member;range=0-1499"): ask for the next range with a
 * base search until a part ends with "*".
 */
static enum ar_rc follow_range(struct ldap_reader *reader,
			       struct entry *entry, int attribute, long start,
			       struct ar_error *err)
{
	char request_name[160];
	char *attributes[2] = { request_name, NULL };
	LDAPMessage *result = NULL;
	struct timeval tv = { reader->settings->timeout, 0 };
	enum ar_rc rc = AR_OK;

	for (long round = 0; rc == AR_OK && start > 0; round++) {
		LDAPMessage *message;
		BerElement *ber = NULL;
		struct berval dn = { 0, NULL };
		long next = 0;
		int ranged = -1, code;

		if (round == RANGE_MAX_ROUNDS) {
			rc = ar_error_set(err, AR_ERR_DATA,
					  "%s: group '%.200s': ranged "
					  "retrieval does not end",
					  reader->url, entry->dn);
			break;
		}
		snprintf(request_name, sizeof(request_name), "%s;range=%ld-*",
			 reader->names[attribute], start);
		code = ldap_search_ext_s(reader->ld, entry->dn,
					 LDAP_SCOPE_BASE, "(objectClass=*)",
					 attributes, 0, NULL, NULL, &tv,
					 LDAP_NO_LIMIT, &result);
		if (code != LDAP_SUCCESS) {
			rc = ldap_failure(reader, code, NULL, err,
					  "reading '%s' of '%.200s'",
					  request_name, entry->dn);
			break;
		}
		message = ldap_first_entry(reader->ld, result);
		if (message == NULL ||
		    ldap_get_dn_ber(reader->ld, message, &ber, &dn) !=
			    LDAP_SUCCESS) {
			rc = ar_error_set(err, AR_ERR_DATA,
					  "%s: group '%.200s' went away during "
					  "ranged retrieval",
					  reader->url, entry->dn);
		} else {
			/* values land in the same entry; a later part that
			 * says "-*" clears the incomplete note below */
			rc = read_attributes(reader, message, ber, entry,
					     &next, &ranged, err);
		}
		if (ber != NULL)
			ber_free(ber, 0);
		ldap_msgfree(result);
		result = NULL;
		if (rc == AR_OK && ranged < 0)
			rc = ar_error_set(err, AR_ERR_DATA,
					  "%s: group '%.200s': no '%s' in the "
					  "answer to a ranged retrieval",
					  reader->url, entry->dn,
					  request_name);
		if (rc == AR_OK && next != 0 && next <= start)
			rc = ar_error_set(err, AR_ERR_DATA,
					  "%s: group '%.200s': ranged "
					  "retrieval went backwards",
					  reader->url, entry->dn);
		start = next;
	}
	/* reached the end: the entry is complete after all */
	if (rc == AR_OK) {
		entry->partial_range_seen = 0;
		entry->partial_range_line = 0;
		entry->partial_range[0] = '\0';
	}
	return rc;
}

/* One search result entry into reader->entry, ranges followed. */
static enum ar_rc read_entry(struct ldap_reader *reader,
			     LDAPMessage *message, struct ar_error *err)
{
	struct entry *entry = &reader->entry;
	BerElement *ber = NULL;
	struct berval dn = { 0, NULL };
	long next = 0;
	int ranged = -1;
	int code;
	enum ar_rc rc;

	entry_reset(entry);
	code = ldap_get_dn_ber(reader->ld, message, &ber, &dn);
	if (code != LDAP_SUCCESS) {
		rc = ldap_failure(reader, code, NULL, err,
				  "cannot decode an entry of the %s search",
				  reader->search_name);
		goto out;
	}
	rc = take_dn(reader, &dn, entry, err);
	if (rc == AR_OK)
		rc = read_attributes(reader, message, ber, entry, &next,
				     &ranged, err);
	hash_add(reader, "\n", 1);
	if (rc == AR_OK && next > 0)
		rc = follow_range(reader, entry, ranged, next, err);
out:
	if (ber != NULL)
		ber_free(ber, 0);
	return rc;
}

/* ---- paged searches ---- */

struct search {
	const char *name;            /* for messages: "people", "groups" */
	const char *base;
	int scope;
	const char *filter;
	char **attributes;
	entry_handler handler;
};

/* The paging control for the next page; *control freed by the caller. */
static enum ar_rc page_control(struct ldap_reader *reader,
			       const struct berval *cookie,
			       LDAPControl **control, struct ar_error *err)
{
	struct berval value = { 0, NULL };
	int code;

	*control = NULL;
	code = ldap_create_page_control_value(reader->ld,
					      reader->settings->page_size,
					      (struct berval *)cookie, &value);
	/* not critical: a server without paging answers in one piece,
	 * and its size limit (if any) then fails the search loudly */
	if (code == LDAP_SUCCESS)
		code = ldap_control_create(LDAP_CONTROL_PAGEDRESULTS, 0, &value,
					   0, control);
	if (code != LDAP_SUCCESS) {
		ber_memfree(value.bv_val);
		return ldap_failure(reader, code, NULL, err,
				    "cannot build the paging control");
	}
	return AR_OK;
}

/* The final result of one page: its code and the next cookie. */
static enum ar_rc finish_page(struct ldap_reader *reader,
			      const struct search *search,
			      LDAPMessage *message, struct berval *cookie,
			      int *more, struct ar_error *err)
{
	LDAPControl **controls = NULL, *paged;
	char *text = NULL, *matched = NULL;
	struct berval next = { 0, NULL };
	ber_int_t estimate = 0;
	int code = LDAP_SUCCESS, parsed;
	int had_cookie = cookie->bv_len > 0;
	enum ar_rc rc = AR_OK;

	*more = 0;
	parsed = ldap_parse_result(reader->ld, message, &code, &matched, &text,
				   NULL, &controls, 0);
	if (parsed != LDAP_SUCCESS)
		code = parsed;
	if (code == LDAP_SIZELIMIT_EXCEEDED || code == LDAP_ADMINLIMIT_EXCEEDED)
		/* finding: incomplete-export -- but never kept: a truncated
		 * pull fails the collect instead */
		rc = ldap_failure(reader, code, text ? text : "", err,
				  "the server stopped the %s search after %ld "
				  "entries; nothing was kept",
				  search->name, reader->search_entries);
	else if (code == LDAP_UNWILLING_TO_PERFORM && had_cookie)
		rc = ar_error_set(err, AR_ERR_DATA,
				  "%s: the server refused the page cookie of "
				  "the %s search after %ld entries (%s)",
				  reader->url, search->name,
				  reader->search_entries,
				  text ? text : "no reason given");
	else if (code == LDAP_NO_SUCH_OBJECT)
		rc = ldap_failure(reader, code, text ? text : "", err,
				  "%s search: base '%.200s' does not exist",
				  search->name, search->base);
	else if (code != LDAP_SUCCESS)
		rc = ldap_failure(reader, code, text ? text : "", err,
				  "%s search (base '%.200s', filter "
				  "'%.200s')",
				  search->name, search->base, search->filter);
	if (rc != AR_OK)
		goto out;
	paged = ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, controls, NULL);
	if (paged != NULL) {
		code = ldap_parse_pageresponse_control(reader->ld, paged,
						       &estimate, &next);
		if (code != LDAP_SUCCESS) {
			rc = ar_error_set(err, AR_ERR_DATA,
					  "%s: a bad page cookie in the %s "
					  "search after %ld entries",
					  reader->url, search->name,
					  reader->search_entries);
			goto out;
		}
		if (estimate > 0 && reader->search_estimate == 0)
			reader->search_estimate = estimate;
		*more = next.bv_len > 0;
	} else if (had_cookie) {
		/* a page without the control after pages with it */
		rc = ar_error_set(err, AR_ERR_DATA,
				  "%s: the server dropped paging in the %s "
				  "search after %ld entries",
				  reader->url, search->name,
				  reader->search_entries);
		goto out;
	}
	ber_memfree(cookie->bv_val);
	*cookie = next;
	next.bv_val = NULL;
out:
	ber_memfree(next.bv_val);
	ldap_controls_free(controls);
	ldap_memfree(text);
	ldap_memfree(matched);
	return rc;
}

/* One page: send the search with the cookie, read every message. */
static enum ar_rc search_page(struct ldap_reader *reader,
			      const struct search *search,
			      struct berval *cookie, int *more,
			      struct ar_error *err)
{
	LDAPControl *control = NULL;
	LDAPControl *controls[2] = { NULL, NULL };
	LDAPMessage *message = NULL;
	struct timeval limit = { reader->settings->timeout, 0 };
	int msgid = -1, done = 0;
	int code;
	enum ar_rc rc = AR_OK;

	*more = 0;
	if (reader->settings->page_size > 0) {
		rc = page_control(reader, cookie, &control, err);
		if (rc != AR_OK)
			return rc;
		controls[0] = control;
	}
	code = ldap_search_ext(reader->ld, search->base, search->scope,
			       search->filter, search->attributes, 0,
			       controls[0] ? controls : NULL, NULL, &limit,
			       LDAP_NO_LIMIT, &msgid);
	ldap_control_free(control);
	if (code != LDAP_SUCCESS)
		return ldap_failure(reader, code, NULL, err,
				    "%s search (base '%.200s', filter "
				    "'%.200s')",
				    search->name, search->base,
				    search->filter);
	while (!done && rc == AR_OK) {
		rc = wait_result(reader, msgid, LDAP_MSG_ONE, &message,
				 search->name, err);
		if (rc != AR_OK)
			break;
		switch (ldap_msgtype(message)) {
		case LDAP_RES_SEARCH_ENTRY:
			reader->search_entries++;
			rc = read_entry(reader, message, err);
			if (rc == AR_OK)
				rc = search->handler(reader, &reader->entry,
						     err);
			break;
		case LDAP_RES_SEARCH_REFERENCE:
			/* referrals: not chased unless configured */
			reader->references++;
			break;
		case LDAP_RES_SEARCH_RESULT:
			rc = finish_page(reader, search, message, cookie, more,
					 err);
			done = 1;
			break;
		default:
			/* intermediate and extended responses: not ours */
			break;
		}
		ldap_msgfree(message);
		message = NULL;
	}
	if (!done && rc != AR_OK && reader->ld != NULL)
		ldap_abandon_ext(reader->ld, msgid, NULL, NULL);
	return rc;
}

/* Every page of one search, until the cookie comes back empty. */
static enum ar_rc search_all(struct ldap_reader *reader,
			     const struct search *search,
			     struct ar_error *err)
{
	struct berval cookie = { 0, NULL };
	int more = 1;
	enum ar_rc rc = AR_OK;

	reader->search_name = search->name;
	reader->search_entries = 0;
	reader->search_pages = 0;
	reader->search_estimate = 0;
	while (more && rc == AR_OK) {
		rc = search_page(reader, search, &cookie, &more, err);
		if (rc != AR_OK)
			break;
		reader->search_pages++;
		progress(reader, "%s: %s search: page %ld, %ld entries",
			 reader->url, search->name, reader->search_pages,
			 reader->search_entries);
	}
	/* finding: incomplete-export (the server's own estimate) */
	if (rc == AR_OK && reader->search_estimate > reader->search_entries)
		entry_set_incomplete(reader->summary,
				     "the server estimated %ld entries for the "
				     "%s search, %ld were read",
				     reader->search_estimate, search->name,
				     reader->search_entries);
	ber_memfree(cookie.bv_val);
	return rc;
}

static int ldap_scope(enum source_ldap_scope scope)
{
	switch (scope) {
	case SOURCE_LDAP_SCOPE_ONE:
		return LDAP_SCOPE_ONELEVEL;
	case SOURCE_LDAP_SCOPE_BASE:
		return LDAP_SCOPE_BASE;
	case SOURCE_LDAP_SCOPE_SUB:
		break;
	}
	return LDAP_SCOPE_SUBTREE;
}

/* ---- entry handlers ---- */

static enum ar_rc map_entry(struct ldap_reader *reader, struct entry *entry,
			    struct ar_error *err)
{
	return entry_mapper_add(reader->mapper, entry, err);
}

/* A DN into a set, normalised; *added when it was new. */
static void remember_dn(struct entry_set *set, const char *dn, int *added)
{
	char *key = dn_normalize(dn);

	*added = 0;
	if (key != NULL)
		entry_set_add(set, key, added);
	free(key);
}

static int set_has_dn(const struct entry_set *set, const char *dn)
{
	char *key = dn_normalize(dn);
	int found = key != NULL && entry_set_find(set, key) != NULL;

	free(key);
	return found;
}

static enum ar_rc note_disabled(struct ldap_reader *reader,
				struct entry *entry, struct ar_error *err)
{
	int added;

	(void)err;
	remember_dn(&reader->disabled, entry->dn, &added);
	return AR_OK;
}

static enum ar_rc note_root(struct ldap_reader *reader, struct entry *entry,
			    struct ar_error *err)
{
	int added;

	(void)err;
	remember_dn(&reader->roots, entry->dn, &added);
	return AR_OK;
}

/* A person: marked when the disabled-filter matched it. */
static enum ar_rc map_person(struct ldap_reader *reader, struct entry *entry,
			     struct ar_error *err)
{
	if (reader->disabled.count > 0 &&
	    set_has_dn(&reader->disabled, entry->dn) &&
	    entry_add(entry, ENTRY_ATTR_DISABLED, ar_strdup("TRUE"), 0) != 0)
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: entry '%.200s' larger than %ld bytes",
				    reader->url, entry->dn, ENTRY_MAX_BYTES);
	return entry_mapper_add(reader->mapper, entry, err);
}

/* A person of an accounts source scoped by group-filter: members only. */
static enum ar_rc map_member_person(struct ldap_reader *reader,
				    struct entry *entry, struct ar_error *err)
{
	const char *uid = entry_first_value(entry, ENTRY_ATTR_UID);
	int member = set_has_dn(&reader->member_dns, entry->dn);

	if (uid == NULL)
		uid = entry_first_value(entry, ENTRY_ATTR_SAM_ACCOUNT_NAME);
	if (!member && uid != NULL) {
		char *lower = text_lower(ar_strdup(uid));

		member = entry_set_find(&reader->member_uids, lower) != NULL;
		free(lower);
	}
	return member ? map_person(reader, entry, err) : AR_OK;
}

/* Every group, held until the nesting below the roots is known. */
static enum ar_rc hold_group(struct ldap_reader *reader, struct entry *entry,
			     struct ar_error *err)
{
	struct held_group *held;
	char *key = dn_normalize(entry->dn);

	if (key == NULL)
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: '%.200s' is not a DN", reader->url,
				    entry->dn);
	if (reader->held_count == reader->held_alloc) {
		reader->held_alloc =
			reader->held_alloc ? reader->held_alloc * 2 : 64;
		reader->held = ar_realloc(reader->held,
					  reader->held_alloc *
						  sizeof(*reader->held));
	}
	held = &reader->held[reader->held_count++];
	/* the entry moves: its buffers now belong to the held group */
	held->entry = *entry;
	memset(entry, 0, sizeof(*entry));
	held->key = key;
	held->reachable = 0;
	return AR_OK;
}

/* ---- group-filter mode: nesting below the matched groups ---- */

/*
 * Breadth first from the groups the group-filter matched, through
 * member DNs that are groups under group-base.  A group is visited once,
 * which is the loop guard.  Member DNs and memberUids of every reachable
 * group are remembered for the people search.
 */
static void mark_reachable(struct ldap_reader *reader)
{
	struct entry_set index = ENTRY_SET_INIT;
	size_t *queue = ar_calloc(reader->held_count + 1, sizeof(*queue));
	size_t head = 0, tail = 0;
	int added;

	for (size_t i = 0; i < reader->held_count; i++) {
		struct entry_set_slot *slot =
			entry_set_add(&index, reader->held[i].key, &added);

		if (added)
			slot->kind = (int)i;
		if (entry_set_find(&reader->roots, reader->held[i].key) &&
		    !reader->held[i].reachable) {
			reader->held[i].reachable = 1;
			queue[tail++] = i;
		}
	}
	while (head < tail) {
		struct held_group *group = &reader->held[queue[head++]];

		for (size_t k = 0; k < group->entry.count; k++) {
			const struct entry_value *value =
				&group->entry.values[k];
			struct entry_set_slot *slot;
			char *key;

			if (value->attribute == ENTRY_ATTR_MEMBER_UID) {
				char *lower = ar_strdup(value->text);

				entry_set_add(&reader->member_uids,
					      text_lower(lower), &added);
				free(lower);
				continue;
			}
			if (value->attribute != ENTRY_ATTR_MEMBER &&
			    value->attribute != ENTRY_ATTR_UNIQUE_MEMBER)
				continue;
			key = dn_normalize(value->text);
			if (key == NULL)
				continue;
			entry_set_add(&reader->member_dns, key, &added);
			slot = entry_set_find(&index, key);
			if (slot != NULL &&
			    !reader->held[slot->kind].reachable) {
				reader->held[slot->kind].reachable = 1;
				queue[tail++] = (size_t)slot->kind;
			}
			free(key);
		}
	}
	free(queue);
	entry_set_release(&index);
}

static enum ar_rc map_reachable_groups(struct ldap_reader *reader,
				       struct ar_error *err)
{
	enum ar_rc rc = AR_OK;

	mark_reachable(reader);
	for (size_t i = 0; i < reader->held_count && rc == AR_OK; i++)
		if (reader->held[i].reachable)
			rc = entry_mapper_add(reader->mapper,
					      &reader->held[i].entry, err);
	return rc;
}

/* ---- the pull ---- */

static enum ar_rc pull_disabled(struct ldap_reader *reader,
				const char *people_filter,
				struct ar_error *err)
{
	const struct ldap_settings *settings = reader->settings;
	char *attributes[] = { LDAP_NO_ATTRS, NULL };
	struct ar_buf filter = AR_BUF_INIT;
	struct search search;
	enum ar_rc rc;

	ar_buf_addf(&filter, "(&%s%s)", people_filter,
		    settings->disabled_filter);
	search = (struct search){ "disabled-filter", settings->base,
				  ldap_scope(settings->scope), filter.buf,
				  attributes, note_disabled };
	rc = search_all(reader, &search, err);
	ar_buf_release(&filter);
	return rc;
}

static enum ar_rc pull_people(struct ldap_reader *reader, int members_only,
			      struct ar_error *err)
{
	const struct ldap_settings *settings = reader->settings;
	const char *filter =
		settings->filter ? settings->filter : default_people_filter;
	struct search search = { "people", settings->base,
				 ldap_scope(settings->scope), filter,
				 reader->request,
				 members_only ? map_member_person
					      : map_person };
	enum ar_rc rc = AR_OK;

	if (settings->disabled_filter != NULL)
		rc = pull_disabled(reader, filter, err);
	if (rc == AR_OK)
		rc = search_all(reader, &search, err);
	return rc;
}

static enum ar_rc pull_groups(struct ldap_reader *reader,
			      struct ar_error *err)
{
	const struct ldap_settings *settings = reader->settings;
	const char *base =
		settings->group_base ? settings->group_base : settings->base;
	char *no_attributes[] = { LDAP_NO_ATTRS, NULL };
	struct search all = { "groups", base, LDAP_SCOPE_SUBTREE,
			      default_group_filter, reader->request,
			      map_entry };
	struct search roots = { "group-filter", base, LDAP_SCOPE_SUBTREE,
				settings->group_filter, no_attributes,
				note_root };
	enum ar_rc rc;

	if (settings->group_filter == NULL)
		return search_all(reader, &all, err);
	/* the matched groups, then every group for the nesting below */
	rc = search_all(reader, &roots, err);
	all.handler = hold_group;
	if (rc == AR_OK)
		rc = search_all(reader, &all, err);
	if (rc == AR_OK)
		rc = map_reachable_groups(reader, err);
	return rc;
}

static enum ar_rc pull(struct ldap_reader *reader, struct ar_error *err)
{
	int members_only = reader->settings->group_filter != NULL;
	enum ar_rc rc = AR_OK;

	switch (reader->spec->role) {
	case SOURCE_ROLE_DIRECTORY:
	case SOURCE_ROLE_MFA:
		rc = pull_people(reader, 0, err);
		break;
	case SOURCE_ROLE_ACCOUNTS:
		/* groups first: with a group-filter they pick the people */
		rc = pull_groups(reader, err);
		if (rc == AR_OK)
			rc = pull_people(reader, members_only, err);
		break;
	case SOURCE_ROLE_GROUPS:
		rc = pull_groups(reader, err);
		break;
	}
	if (rc == AR_OK)
		rc = entry_mapper_finish(reader->mapper, err);
	if (rc == AR_OK && reader->references > 0 &&
	    !reader->settings->referrals && reader->sink->warning != NULL) {
		char message[512];

		snprintf(message, sizeof(message),
			 "%s: %ld search references to other servers not "
			 "followed (referrals = no)",
			 reader->url, reader->references);
		reader->sink->warning(reader->sink->context, message);
	}
	return rc;
}

static void reader_release(struct ldap_reader *reader)
{
	if (reader->ld != NULL)
		ldap_unbind_ext(reader->ld, NULL, NULL);
	reader->ld = NULL;
	entry_mapper_free(reader->mapper);
	entry_release(&reader->entry);
	entry_set_release(&reader->disabled);
	entry_set_release(&reader->roots);
	entry_set_release(&reader->member_dns);
	entry_set_release(&reader->member_uids);
	for (size_t i = 0; i < reader->held_count; i++) {
		entry_release(&reader->held[i].entry);
		free(reader->held[i].key);
	}
	free(reader->held);
}

static void finish_summary(struct ldap_reader *reader)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	struct source_summary *summary = reader->summary;

	crypto_hash_sha256_final(&reader->hash, digest);
	sodium_bin2hex(summary->sha256, sizeof(summary->sha256), digest,
		       sizeof(digest));
	summary->bytes = reader->bytes;
}

enum ar_rc source_read_ldap(const struct source_spec *spec,
		     const struct record_sink *sink,
		     struct source_summary *summary, struct ar_error *err)
{
	struct entry_mapper_options options = { "the entries read", 1,
						0 };
	struct ldap_reader reader;
	struct sigaction ignore, previous;
	/* the secret: only here, only until the bind is done */
	char password[PASSWORD_MAX];
	size_t password_length = 0;
	int have_password = 0;
	enum ar_rc rc = AR_OK;

	memset(summary, 0, sizeof(*summary));
	summary->declared = -1;
	if (spec->ldap == NULL)
		return ar_error_set(err, AR_ERR_INTERNAL,
				    "%s: no LDAP settings", spec->location);
	memset(&reader, 0, sizeof(reader));
	reader.spec = spec;
	reader.settings = spec->ldap;
	reader.sink = sink;
	reader.summary = summary;
	reader.url = spec->location;
	options.mfa_attribute = spec->ldap->attributes.mfa != NULL;
	reader.mapper = entry_mapper_new(spec, sink, summary, spec->location,
					 &options);
	crypto_hash_sha256_init(&reader.hash);
	choose_attributes(&reader);
	/* a server that goes away mid-write must fail the pull, not kill
	 * the process (libldap writes to the socket without MSG_NOSIGNAL) */
	memset(&ignore, 0, sizeof(ignore));
	ignore.sa_handler = SIG_IGN;
	sigemptyset(&ignore.sa_mask);
	sigaction(SIGPIPE, &ignore, &previous);
	/* a bad password file fails before anything goes on the wire */
	if (spec->ldap->bind_dn != NULL && !spec->ldap->sasl_external) {
		rc = read_password(&reader, password, &password_length, err);
		have_password = rc == AR_OK;
	}
	if (rc == AR_OK)
		rc = connect_server(&reader, err);
	if (rc == AR_OK)
		rc = bind_server(&reader, have_password ? password : NULL,
				 password_length, err);
	sodium_memzero(password, sizeof(password));
	if (rc == AR_OK)
		rc = pull(&reader, err);
	if (rc == AR_OK)
		finish_summary(&reader);
	reader_release(&reader);
	sigaction(SIGPIPE, &previous, NULL);
	return rc;
}
