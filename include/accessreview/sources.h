/* sources.h -- the records every input reader emits, and the readers */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_SOURCES_H
#define ACCESSREVIEW_SOURCES_H

#include <stddef.h>
#include <time.h>

#include "accessreview/date.h"
#include "accessreview/error.h"

/*
 * SOURCES
 *
 * A reader turns one input (a file, or later an LDAP server) into records
 * and hands each to a `struct record_sink` as soon as it is complete; it
 * keeps only what it needs to relate records (group membership, paging
 * state).  Strings in a record are borrowed: valid only during the
 * callback.  A reader never writes anywhere else, never prints and never
 * exits; on bad input it fills `err` with "path:line: problem" (or
 * "path: record N: problem") and returns AR_ERR_DATA.  The caller discards
 * everything the reader emitted when it fails (one transaction).
 */

enum mfa_status {
	MFA_UNKNOWN = 0,        /* the source cannot tell */
	MFA_ENABLED,
	MFA_DISABLED,
	MFA_NOT_APPLICABLE      /* e.g. a key-only or service account */
};

/* Stable names used in the database and reports: "enabled", ... */
const char *source_mfa_status_name(enum mfa_status status);

/* A person in the authoritative directory. */
struct person_record {
	const char *key;             /* unique in the source: DN or id */
	const char *uid;
	const char *email;
	const char *display_name;
	const char *employee_number;
	const char *manager;
	int disabled;                /* 1 = locked, disabled or left */
	enum mfa_status mfa;         /* from the directory, if it knows */
	time_t last_login;           /* 0 = unknown, -1 = never */
};

/* An account in one system. */
struct account_record {
	const char *id;              /* unique in the system: required */
	const char *login;           /* userName, login, handle */
	const char *email;
	const char *display_name;
	const char *employee_number;
	int active;                  /* 0 = suspended, blocked, disabled */
	enum mfa_status mfa;
	time_t last_login;           /* 0 = unknown, -1 = never logged in */
	int is_service;              /* service, bot or machine account */
};

enum member_type {
	MEMBER_ACCOUNT = 0,          /* ref is an account id or login */
	MEMBER_GROUP                 /* ref is another group's key */
};

/* A group or role: an entitlement in its system. */
struct group_record {
	const char *key;             /* unique in the source: DN, id, name */
	const char *name;            /* shown to reviewers */
	int privileged;              /* the source says it is an admin role */
	int members_known;           /* 0 = the export omitted members */
};

/*
 * Where records go.  Each callback returns AR_OK or an error, which the
 * reader returns at once.  `member` may be called for a group before or
 * after the group itself; refs are resolved by the store after the
 * reader has finished, so order does not matter.  `mfa` sets the MFA
 * status of an account already emitted by another source of the system,
 * matched by id or login (separate MFA lists such as GitHub's).
 */
struct record_sink {
	void *context;
	enum ar_rc (*person)(void *context, const struct person_record *person,
			     struct ar_error *err);
	enum ar_rc (*account)(void *context,
			      const struct account_record *account,
			      struct ar_error *err);
	enum ar_rc (*group)(void *context, const struct group_record *group,
			    struct ar_error *err);
	enum ar_rc (*member)(void *context, const char *group_key,
			     const char *ref, enum member_type type,
			     struct ar_error *err);
	enum ar_rc (*mfa)(void *context, const char *account_ref,
			  enum mfa_status status, struct ar_error *err);
	/* A non-fatal problem, already prefixed with file and line. */
	void (*warning)(void *context, const char *message);
};

enum source_role {
	SOURCE_ROLE_DIRECTORY = 0,   /* people: emits person records */
	SOURCE_ROLE_ACCOUNTS,        /* a system's accounts (and groups) */
	SOURCE_ROLE_GROUPS,          /* a system's groups and members */
	SOURCE_ROLE_MFA              /* a system's MFA list */
};

enum source_format {
	SOURCE_FORMAT_LDIF = 0,
	SOURCE_FORMAT_SCIM,
	SOURCE_FORMAT_CSV,
	SOURCE_FORMAT_JSON,
	SOURCE_FORMAT_LDAP
};

/* A `field.NAME = "Column"` mapping for exports without a preset. */
struct field_mapping {
	const char *field;           /* id, login, email, name, active, mfa,
				      * last-login, groups, employee-number */
	const char *column;          /* CSV header or JSON key */
};

/* Which LDAP/LDIF attributes mark a person as gone. */
enum disabled_rule {
	DISABLED_PWD_ACCOUNT_LOCKED_TIME = 1 << 0,
	DISABLED_NS_ACCOUNT_LOCK = 1 << 1,
	DISABLED_USER_ACCOUNT_CONTROL = 1 << 2
};

enum source_ldap_scope {
	SOURCE_LDAP_SCOPE_SUB = 0,   /* the base and everything below it */
	SOURCE_LDAP_SCOPE_ONE,       /* the entries right below the base */
	SOURCE_LDAP_SCOPE_BASE       /* the base entry only */
};

/* Which server attribute stands for what (attribute.* keys); NULL means
 * the usual ones (uid or sAMAccountName, mail or userPrincipalName, ...).
 * mfa has no default: when set, its values alone decide MFA. */
struct ldap_attribute_map {
	const char *uid;
	const char *mail;
	const char *display_name;
	const char *cn;
	const char *employee_number;
	const char *manager;
	const char *mfa;
};

/*
 * How to read a live directory; the server is the source's location
 * (ldap://, ldaps:// or ldapi:// URL).  Everything is resolved by the
 * configuration: paths are absolute or relative to the working
 * directory, defaults are applied, starttls is 0 or 1.  The password
 * itself is never here: only where to read it from.
 */
struct ldap_settings {
	const char *base;            /* people (and groups by default) */
	enum source_ldap_scope scope;
	const char *filter;          /* people; NULL = any person class */
	const char *group_base;      /* NULL = base */
	const char *group_filter;    /* NULL = any group class */
	const char *bind_dn;         /* NULL = anonymous or SASL */
	const char *password_file;   /* mode 0600 or stricter, ours */
	const char *password_env;    /* name of an environment variable */
	int sasl_external;           /* SASL EXTERNAL (ldapi://, client cert) */
	const char *ca_file;         /* NULL = the system's trust store */
	const char *cert_file;       /* client certificate for EXTERNAL */
	const char *key_file;
	int starttls;                /* upgrade ldap:// before binding */
	int allow_plaintext;         /* simple bind without TLS, non-local */
	int timeout;                 /* seconds per operation */
	int network_timeout;         /* seconds to connect */
	int page_size;               /* RFC 2696 page size; 0 = no paging */
	int referrals;               /* chase referrals */
	struct ldap_attribute_map attributes;
	const char *disabled_filter; /* people matching it count as gone */
};

struct source_spec {
	const char *system;          /* NULL for the directory */
	enum source_role role;
	enum source_format format;
	const char *location;        /* file path (or LDAP URL) */
	const char *preset;          /* forced CSV/JSON preset, or NULL */
	const struct field_mapping *fields;
	size_t field_count;
	unsigned int disabled_rules; /* DISABLED_* bits, directory only */
	time_t now;                  /* for expiry tests (accountExpires) */
	/* How to read the export's dates: day/month order, the offset of
	 * zone-less values, a strptime format (date.h); zero = defaults */
	struct date_options dates;
	/* A field value the reader cannot judge (a status, MFA word) is a
	 * warning and a conservative value (active; MFA unknown) unless
	 * strict, when it is the data error it used to be. */
	int strict;
	const struct ldap_settings *ldap;    /* SOURCE_FORMAT_LDAP only */
	/* Optional: called with one line of progress (an LDAP page read). */
	void (*progress)(void *context, const char *message);
	void *progress_context;
};

/* What a reader reports about the whole input when it succeeds. */
struct source_summary {
	long records;                /* distinct records emitted */
	long declared;               /* total the source claims; -1 unknown */
	/* Non-empty when the source itself shows that it is incomplete
	 * (totalResults, numEntries, a ranged attribute, a next page). */
	char incomplete[256];
	/* For MFA lists: the status of accounts the list does not name
	 * (GitHub's 2fa_disabled list: unlisted = enabled). */
	int has_unlisted_mfa;
	enum mfa_status unlisted_mfa;
	char detected_preset[32];    /* preset name found by detection */
	/* Sources that are not a file (LDAP) give the SHA-256 of what they
	 * read, as lowercase hex, and its size; empty: hash the file. */
	char sha256[65];
	long long bytes;
};

/* Read one input into the sink.  Dispatches on spec->format. */
enum ar_rc source_read(const struct source_spec *spec,
		       const struct record_sink *sink,
		       struct source_summary *summary, struct ar_error *err);

/* The readers, one per format (src/sources/<format>.c). */
enum ar_rc source_read_ldif(const struct source_spec *spec,
		     const struct record_sink *sink,
		     struct source_summary *summary, struct ar_error *err);
enum ar_rc source_read_scim(const struct source_spec *spec,
		     const struct record_sink *sink,
		     struct source_summary *summary, struct ar_error *err);
enum ar_rc source_read_csv(const struct source_spec *spec,
		    const struct record_sink *sink,
		    struct source_summary *summary, struct ar_error *err);
enum ar_rc source_read_json(const struct source_spec *spec,
		     const struct record_sink *sink,
		     struct source_summary *summary, struct ar_error *err);

/*
 * The live LDAP reader (src/sources/ldap.c): connects to spec->ldap->url,
 * binds, pulls people and groups with paged searches and emits the same
 * records as source_read_ldif would for an export of the same entries.  Every
 * page is read before it returns, so a caller that writes in one
 * transaction never keeps a partial pull.  Errors: AR_ERR_TEMPFAIL when
 * the server cannot be reached or answered too late or went away,
 * AR_ERR_NOPERM when the bind is refused, AR_ERR_CONFIG for a bad URL,
 * base, filter, TLS setup or password file, AR_ERR_DATA for a truncated
 * result (size limit, page cookie) or an entry that cannot be read.  The
 * message carries the server's diagnostic, redacted; never the password.
 */
enum ar_rc source_read_ldap(const struct source_spec *spec,
		     const struct record_sink *sink,
		     struct source_summary *summary, struct ar_error *err);

/* Parse "ldif", "scim", "csv", "json", "ldap"; -1 when unknown. */
int source_format_from_name(const char *name, enum source_format *out);
const char *source_format_name(enum source_format format);

/*
 * Normalise a DN for comparison into a new string the caller frees:
 * attribute types and values lowercased, blanks around ',' '=' and '+'
 * removed, a uniqueMember "#'0101'B" suffix stripped.  NULL if not a DN.
 */
char *dn_normalize(const char *dn);

#endif
