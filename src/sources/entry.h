/* entry.h -- directory entries as attribute values, mapped to records */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_SOURCES_ENTRY_H
#define ACCESSREVIEW_SOURCES_ENTRY_H

#include <stddef.h>

#include "accessreview/sources.h"

/*
 * ENTRIES
 *
 * The LDIF reader (ldif.c) and the live LDAP reader (ldap.c) both turn
 * directory entries into records, and must emit identical records for
 * the same data.  They share this module: each reader decodes its input
 * into a `struct entry` (a DN plus the values of the attributes we use,
 * as NUL-free UTF-8 strings) and hands it to an `entry_mapper`, which
 * classifies it (person, group, computer, other), derives the person
 * facts (disabled, MFA, last login) and emits persons, accounts and MFA
 * statuses at once.  Groups are kept until entry_mapper_finish, because
 * only once every entry is known can a member DN be told apart as a
 * group, an account of this source or an "implied" account.  Memory is
 * therefore bounded by the group memberships plus one set of entry DNs.
 *
 * Nothing here knows about LDIF lines or libldap.  Messages are prefixed
 * with the origin (a path or URL) and either the input line, when the
 * reader has one, or the entry's DN.
 */

/* The biggest entry kept, so that a hostile group cannot eat memory. */
#define ENTRY_MAX_BYTES (64L * 1024 * 1024)

/* The attributes the mapping uses; every other one is never kept. */
enum entry_attribute {
	ENTRY_ATTR_OBJECT_CLASS = 0,
	ENTRY_ATTR_UID,
	ENTRY_ATTR_SAM_ACCOUNT_NAME,
	ENTRY_ATTR_MAIL,
	ENTRY_ATTR_USER_PRINCIPAL_NAME,
	ENTRY_ATTR_DISPLAY_NAME,
	ENTRY_ATTR_CN,
	ENTRY_ATTR_EMPLOYEE_NUMBER,
	ENTRY_ATTR_EMPLOYEE_ID,
	ENTRY_ATTR_MANAGER,
	ENTRY_ATTR_PWD_ACCOUNT_LOCKED_TIME,
	ENTRY_ATTR_NS_ACCOUNT_LOCK,
	ENTRY_ATTR_USER_ACCOUNT_CONTROL,
	ENTRY_ATTR_ACCOUNT_EXPIRES,
	ENTRY_ATTR_OATH_TOTP_TOKEN,
	ENTRY_ATTR_OATH_HOTP_TOKEN,
	ENTRY_ATTR_IPA_USER_AUTH_TYPE,
	ENTRY_ATTR_LAST_LOGON_TIMESTAMP,
	ENTRY_ATTR_PWD_LAST_SET,
	ENTRY_ATTR_MEMBER,
	ENTRY_ATTR_UNIQUE_MEMBER,
	ENTRY_ATTR_MEMBER_UID,
	/* No attribute type of their own: set only by a reader that was
	 * configured for them (attribute.mfa, disabled-filter). */
	ENTRY_ATTR_MFA,
	ENTRY_ATTR_DISABLED,
	ENTRY_ATTR_COUNT
};

/* The attribute type read for each, NULL for the reader-set ones. */
extern const char *const entry_attribute_names[ENTRY_ATTR_COUNT];

struct entry_value {
	enum entry_attribute attribute;
	char *text;                  /* decoded, NUL-free UTF-8 */
	long line;                   /* input line, 0 when there is none */
};

struct entry {
	char *dn;
	long line;                   /* of the "dn:" line, 0 if none */
	struct entry_value *values;
	size_t count;
	size_t alloc;
	size_t bytes;
	long partial_range_line;     /* a member;range=X-Y with Y not '*' */
	int partial_range_seen;      /* also when there is no line */
	char partial_range[64];
};

/* An entry on the stack starts zeroed: `struct entry e = { 0 }`. */

/* Forget the DN and values but keep the value array for the next one. */
void entry_reset(struct entry *entry);
/* Free everything; the entry is empty and zeroed again. */
void entry_release(struct entry *entry);

/*
 * Keep a value; takes ownership of text (freed on failure too).  Returns
 * 0, or -1 when the entry would grow past ENTRY_MAX_BYTES.
 */
int entry_add(struct entry *entry, enum entry_attribute attribute,
	      char *text, long line);

/*
 * The attribute an attribute description names in `names` (indexed by
 * enum entry_attribute, NULL entries never match), or -1 when it is not
 * used.  An attribute with options ("cn;lang-de") is another attribute,
 * except Active Directory's ranged retrieval "member;range=0-1499", for
 * which *range points at "0-1499" inside name.
 */
int entry_lookup_attribute(const char *const *names, const char *name,
			   size_t length, const char **range,
			   size_t *range_length);

/* Record that a ranged attribute ("0-1499") did not reach the end ("*"). */
void entry_note_range(struct entry *entry, const char *range, size_t length,
		      long line);

/* The first value of attribute, or NULL; borrowed from the entry. */
const char *entry_first_value(const struct entry *entry,
			      enum entry_attribute attribute);

/* 1 when the entry has an objectClass of a group we read members of. */
int entry_is_group(const struct entry *entry);

/*
 * A set of strings (keys owned by the set), for DN sets.  `value` is a
 * free slot for the owner (freed with the set).
 */
struct entry_set_slot {
	char *key;                   /* NULL = free */
	char *value;
	int kind;
};

struct entry_set {
	struct entry_set_slot *slots;
	size_t size;                 /* 0 or a power of two */
	size_t count;
};

#define ENTRY_SET_INIT { NULL, 0, 0 }

/* Find key, or add it; *added tells which.  The slot is valid until the
 * next add. */
struct entry_set_slot *entry_set_add(struct entry_set *set, const char *key,
				     int *added);
struct entry_set_slot *entry_set_find(const struct entry_set *set,
				      const char *key);
void entry_set_release(struct entry_set *set);

/* Set summary->incomplete unless it is already set: the first reason wins. */
void entry_set_incomplete(struct source_summary *summary, const char *fmt,
			  ...) __attribute__((format(printf, 2, 3)));

/* ---- the mapper ---- */

struct entry_mapper_options {
	/* What an entry the source did not return is not part of, for the
	 * "member ... is not an entry of X" warning: "this file". */
	const char *scope;
	/* An entry seen twice is skipped silently instead of warned about
	 * (LDAP: the person and group searches may overlap). */
	int quiet_duplicates;
	/* ENTRY_ATTR_MFA values decide MFA: true-like = enabled, anything
	 * else or no value = disabled (attribute.mfa is configured). */
	int mfa_attribute;
};

struct entry_mapper;

/*
 * A mapper for one source.  origin (the path or URL) prefixes every
 * message; spec, sink, summary and origin are borrowed and must outlive
 * the mapper.  options may be NULL.  Free with entry_mapper_free.
 */
struct entry_mapper *
entry_mapper_new(const struct source_spec *spec,
		 const struct record_sink *sink, struct source_summary *summary,
		 const char *origin,
		 const struct entry_mapper_options *options);
void entry_mapper_free(struct entry_mapper *mapper);

/*
 * Classify one entry and emit what the source's role wants of it: a
 * person, an account or an MFA status at once, a group kept for
 * entry_mapper_finish.  The entry stays the caller's.  AR_ERR_DATA
 * ("origin:line: problem") on a value that cannot be read, or whatever
 * the sink returns.
 */
enum ar_rc entry_mapper_add(struct entry_mapper *mapper,
			    const struct entry *entry, struct ar_error *err);

/* Emit the kept groups and their resolved members. */
enum ar_rc entry_mapper_finish(struct entry_mapper *mapper,
			       struct ar_error *err);

#endif
