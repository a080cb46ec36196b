/* entry.c -- directory entries (LDIF or LDAP) mapped to records */
/* SPDX-License-Identifier: MIT */

/*
 * The mapping both directory readers share (see entry.h): which entries
 * are people, groups and computers, how "disabled", MFA and last login
 * are read from Active Directory, OpenLDAP and FreeIPA attributes, and
 * how group members are resolved once every entry is known.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "accessreview/buf.h"
#include "accessreview/date.h"
#include "accessreview/mem.h"
#include "accessreview/sources.h"
#include "accessreview/text.h"
#include "entry.h"

/* userAccountControl bits (MS-ADTS 2.2.16). */
#define UAC_ACCOUNT_DISABLED 0x2
#define UAC_INTERDOMAIN_TRUST 0x800
#define UAC_WORKSTATION_TRUST 0x1000
#define UAC_SERVER_TRUST 0x2000

#define DISABLED_ALL_RULES                                                   \
	(DISABLED_PWD_ACCOUNT_LOCKED_TIME | DISABLED_NS_ACCOUNT_LOCK |       \
	 DISABLED_USER_ACCOUNT_CONTROL)

const char *const entry_attribute_names[ENTRY_ATTR_COUNT] = {
	[ENTRY_ATTR_OBJECT_CLASS] = "objectClass",
	[ENTRY_ATTR_UID] = "uid",
	[ENTRY_ATTR_SAM_ACCOUNT_NAME] = "sAMAccountName",
	[ENTRY_ATTR_MAIL] = "mail",
	[ENTRY_ATTR_USER_PRINCIPAL_NAME] = "userPrincipalName",
	[ENTRY_ATTR_DISPLAY_NAME] = "displayName",
	[ENTRY_ATTR_CN] = "cn",
	[ENTRY_ATTR_EMPLOYEE_NUMBER] = "employeeNumber",
	[ENTRY_ATTR_EMPLOYEE_ID] = "employeeID",
	[ENTRY_ATTR_MANAGER] = "manager",
	[ENTRY_ATTR_PWD_ACCOUNT_LOCKED_TIME] = "pwdAccountLockedTime",
	[ENTRY_ATTR_NS_ACCOUNT_LOCK] = "nsAccountLock",
	[ENTRY_ATTR_USER_ACCOUNT_CONTROL] = "userAccountControl",
	[ENTRY_ATTR_ACCOUNT_EXPIRES] = "accountExpires",
	[ENTRY_ATTR_OATH_TOTP_TOKEN] = "oathTOTPToken",
	[ENTRY_ATTR_OATH_HOTP_TOKEN] = "oathHOTPToken",
	[ENTRY_ATTR_IPA_USER_AUTH_TYPE] = "ipaUserAuthType",
	[ENTRY_ATTR_LAST_LOGON_TIMESTAMP] = "lastLogonTimestamp",
	[ENTRY_ATTR_PWD_LAST_SET] = "pwdLastSet",
	[ENTRY_ATTR_MEMBER] = "member",
	[ENTRY_ATTR_UNIQUE_MEMBER] = "uniqueMember",
	[ENTRY_ATTR_MEMBER_UID] = "memberUid",
	[ENTRY_ATTR_MFA] = NULL,
	[ENTRY_ATTR_DISABLED] = NULL,
};

static const char *const group_classes[] = {
	"groupOfNames", "groupOfUniqueNames", "posixGroup", "group", NULL
};
static const char *const person_classes[] = {
	"person", "organizationalPerson", "inetOrgPerson", "posixAccount",
	"user", NULL
};

/* What the source says an entry DN is, for resolving group members. */
enum entry_kind {
	ENTRY_OTHER = 0,             /* organizational units, contacts, ... */
	ENTRY_GROUP,
	ENTRY_PERSON,
	ENTRY_COMPUTER               /* AD computer and trust accounts */
};

/* A group entry kept until the end: members as tag, text, NUL. */
struct group {
	char *key;
	char *name;
	long line;                   /* of its "dn:" line, for warnings */
	struct ar_buf members;
};

#define MEMBER_TAG_DN 'D'
#define MEMBER_TAG_UID 'U'

struct entry_mapper {
	const struct source_spec *spec;
	const struct record_sink *sink;
	struct source_summary *summary;
	const char *origin;
	struct entry_mapper_options options;
	const struct entry *current; /* for messages: the entry at hand */
	long persons_read;           /* none: a source of groups only */

	struct entry_set entries;    /* normalised DN -> kind */
	struct entry_set uids;       /* lowercased uid -> account DN */
	struct entry_set implied;    /* implied account ids emitted */
	struct group *groups;
	size_t group_count;
	size_t group_alloc;
};

/* ---- errors and warnings ---- */

/* "origin:line: ", else "origin: entry 'DN': ", else "origin: ". */
static void format_location(const struct entry_mapper *mapper, long line,
			    const char *problem, char *out, size_t size)
{
	if (line > 0)
		snprintf(out, size, "%s:%ld: %s", mapper->origin, line,
			 problem);
	else if (mapper->current != NULL && mapper->current->dn != NULL)
		snprintf(out, size, "%s: entry '%.200s': %s", mapper->origin,
			 mapper->current->dn, problem);
	else
		snprintf(out, size, "%s: %s", mapper->origin, problem);
}

static enum ar_rc data_error(struct entry_mapper *mapper, long line,
			     struct ar_error *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static enum ar_rc data_error(struct entry_mapper *mapper, long line,
			     struct ar_error *err, const char *fmt, ...)
{
	char problem[512];
	char message[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(problem, sizeof(problem), fmt, ap);
	va_end(ap);
	format_location(mapper, line, problem, message, sizeof(message));
	return ar_error_set(err, AR_ERR_DATA, "%s", message);
}

static void warn(struct entry_mapper *mapper, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void warn(struct entry_mapper *mapper, long line, const char *fmt, ...)
{
	char problem[512];
	char message[1024];
	va_list ap;

	if (mapper->sink->warning == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(problem, sizeof(problem), fmt, ap);
	va_end(ap);
	format_location(mapper, line, problem, message, sizeof(message));
	mapper->sink->warning(mapper->sink->context, message);
}

void entry_set_incomplete(struct source_summary *summary, const char *fmt,
			  ...)
{
	va_list ap;

	if (summary->incomplete[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(summary->incomplete, sizeof(summary->incomplete), fmt, ap);
	va_end(ap);
}

/* ---- string sets ---- */

static uint64_t hash_string(const char *text)
{
	uint64_t hash = 14695981039346656037ULL;

	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		hash ^= *p;
		hash *= 1099511628211ULL;
	}
	return hash;
}

static struct entry_set_slot *set_probe(struct entry_set_slot *slots,
					size_t size, const char *key)
{
	size_t i = (size_t)hash_string(key) & (size - 1);

	while (slots[i].key != NULL && strcmp(slots[i].key, key) != 0)
		i = (i + 1) & (size - 1);
	return &slots[i];
}

static void set_grow(struct entry_set *set)
{
	size_t size = set->size ? set->size * 2 : 64;
	struct entry_set_slot *slots = ar_calloc(size, sizeof(*slots));

	for (size_t i = 0; i < set->size; i++) {
		if (set->slots[i].key != NULL)
			*set_probe(slots, size, set->slots[i].key) =
				set->slots[i];
	}
	free(set->slots);
	set->slots = slots;
	set->size = size;
}

struct entry_set_slot *entry_set_find(const struct entry_set *set,
				      const char *key)
{
	struct entry_set_slot *slot;

	if (set->size == 0)
		return NULL;
	slot = set_probe(set->slots, set->size, key);
	return slot->key ? slot : NULL;
}

struct entry_set_slot *entry_set_add(struct entry_set *set, const char *key,
				     int *added)
{
	struct entry_set_slot *slot;

	if ((set->count + 1) * 10 >= set->size * 7)
		set_grow(set);
	slot = set_probe(set->slots, set->size, key);
	*added = slot->key == NULL;
	if (*added) {
		slot->key = ar_strdup(key);
		slot->value = NULL;
		slot->kind = ENTRY_OTHER;
		set->count++;
	}
	return slot;
}

void entry_set_release(struct entry_set *set)
{
	for (size_t i = 0; i < set->size; i++) {
		free(set->slots[i].key);
		free(set->slots[i].value);
	}
	free(set->slots);
	memset(set, 0, sizeof(*set));
}

/* ---- entries ---- */

void entry_reset(struct entry *entry)
{
	free(entry->dn);
	for (size_t i = 0; i < entry->count; i++)
		free(entry->values[i].text);
	entry->dn = NULL;
	entry->line = 0;
	entry->count = 0;
	entry->bytes = 0;
	entry->partial_range_line = 0;
	entry->partial_range_seen = 0;
	entry->partial_range[0] = '\0';
}

void entry_release(struct entry *entry)
{
	entry_reset(entry);
	free(entry->values);
	entry->values = NULL;
	entry->alloc = 0;
}

int entry_add(struct entry *entry, enum entry_attribute attribute,
	      char *text, long line)
{
	size_t size = strlen(text) + sizeof(struct entry_value);

	if (entry->bytes + size > (size_t)ENTRY_MAX_BYTES) {
		free(text);
		return -1;
	}
	if (entry->count == entry->alloc) {
		entry->alloc = entry->alloc ? entry->alloc * 2 : 32;
		entry->values =
			ar_realloc(entry->values,
				   entry->alloc * sizeof(*entry->values));
	}
	entry->values[entry->count].attribute = attribute;
	entry->values[entry->count].text = text;
	entry->values[entry->count].line = line;
	entry->count++;
	entry->bytes += size;
	return 0;
}

int entry_lookup_attribute(const char *const *names, const char *name,
			   size_t length, const char **range,
			   size_t *range_length)
{
	const char *semicolon = memchr(name, ';', length);
	size_t base_length = semicolon ? (size_t)(semicolon - name) : length;
	const char *options = semicolon ? semicolon + 1 : NULL;
	size_t options_length = length - base_length;

	*range = NULL;
	*range_length = 0;
	for (int i = 0; i < ENTRY_ATTR_COUNT; i++) {
		if (names[i] == NULL || strlen(names[i]) != base_length ||
		    strncasecmp(name, names[i], base_length) != 0)
			continue;
		if (options == NULL)
			return i;
		options_length--;
		if ((i != ENTRY_ATTR_MEMBER && i != ENTRY_ATTR_UNIQUE_MEMBER) ||
		    options_length < 6 ||
		    strncasecmp(options, "range=", 6) != 0 ||
		    memchr(options, ';', options_length) != NULL)
			return -1;
		*range = options + 6;
		*range_length = options_length - 6;
		return i;
	}
	return -1;
}

/* AD ranged retrieval: "0-1499" is a part, "1500-*" ends the list. */
void entry_note_range(struct entry *entry, const char *range, size_t length,
		      long line)
{
	if (length >= 2 && range[length - 1] == '*' &&
	    range[length - 2] == '-')
		return;
	if (entry->partial_range_seen)
		return;
	entry->partial_range_seen = 1;
	entry->partial_range_line = line;
	snprintf(entry->partial_range, sizeof(entry->partial_range), "%.*s",
		 (int)length, range);
}

static const struct entry_value *
first_entry_value(const struct entry *entry, enum entry_attribute attribute)
{
	for (size_t i = 0; i < entry->count; i++) {
		if (entry->values[i].attribute == attribute)
			return &entry->values[i];
	}
	return NULL;
}

const char *entry_first_value(const struct entry *entry,
			      enum entry_attribute attribute)
{
	const struct entry_value *value = first_entry_value(entry, attribute);

	return value ? value->text : NULL;
}

static int has_class(const struct entry *entry, const char *const names[])
{
	for (size_t i = 0; i < entry->count; i++) {
		if (entry->values[i].attribute != ENTRY_ATTR_OBJECT_CLASS)
			continue;
		for (size_t k = 0; names[k] != NULL; k++) {
			if (text_equal_nocase(entry->values[i].text, names[k]))
				return 1;
		}
	}
	return 0;
}

int entry_is_group(const struct entry *entry)
{
	return has_class(entry, group_classes);
}

/* An integer attribute (userAccountControl, FILETIME values). */
static enum ar_rc entry_number(struct entry_mapper *mapper,
			       const struct entry *entry,
			       enum entry_attribute attribute,
			       long long *number, int *present,
			       struct ar_error *err)
{
	const struct entry_value *value = first_entry_value(entry, attribute);
	char *end;

	*number = 0;
	*present = value != NULL;
	if (value == NULL)
		return AR_OK;
	errno = 0;
	*number = strtoll(value->text, &end, 10);
	if (errno != 0 || end == value->text || *end != '\0')
		return data_error(mapper, value->line, err,
				  "'%s' value '%.40s' is not a number",
				  entry_attribute_names[attribute],
				  value->text);
	return AR_OK;
}

/* A FILETIME attribute; negative values are not times. */
static enum ar_rc entry_filetime(struct entry_mapper *mapper,
				 const struct entry *entry,
				 enum entry_attribute attribute,
				 long long *ticks, int *present,
				 struct ar_error *err)
{
	const struct entry_value *value = first_entry_value(entry, attribute);
	enum ar_rc rc = entry_number(mapper, entry, attribute, ticks, present,
				     err);

	if (rc == AR_OK && *ticks < 0)
		rc = data_error(mapper, value->line, err,
				"'%s' value %lld is not a time",
				entry_attribute_names[attribute], *ticks);
	return rc;
}

/* ---- what an entry is ---- */

/* AD computer and trust accounts also carry objectClass user. */
static enum ar_rc is_computer(struct entry_mapper *mapper,
			      const struct entry *entry, int *computer,
			      struct ar_error *err)
{
	static const char *const computer_classes[] = { "computer", NULL };
	const char *account_name =
		entry_first_value(entry, ENTRY_ATTR_SAM_ACCOUNT_NAME);
	long long control;
	int present;
	enum ar_rc rc;

	rc = entry_number(mapper, entry, ENTRY_ATTR_USER_ACCOUNT_CONTROL,
			  &control, &present, err);
	*computer = has_class(entry, computer_classes) ||
		    (account_name != NULL && account_name[0] != '\0' &&
		     account_name[strlen(account_name) - 1] == '$') ||
		    (present && (control & (UAC_WORKSTATION_TRUST |
					    UAC_SERVER_TRUST |
					    UAC_INTERDOMAIN_TRUST)));
	return rc;
}

static enum ar_rc classify(struct entry_mapper *mapper,
			   const struct entry *entry, enum entry_kind *kind,
			   struct ar_error *err)
{
	/* an AD contact is a person without a login */
	static const char *const contact_classes[] = { "contact", NULL };
	int computer;
	enum ar_rc rc;

	*kind = ENTRY_OTHER;
	if (has_class(entry, group_classes)) {
		*kind = ENTRY_GROUP;
		return AR_OK;
	}
	rc = is_computer(mapper, entry, &computer, err);
	if (rc != AR_OK)
		return rc;
	if (computer)
		*kind = ENTRY_COMPUTER;
	else if (has_class(entry, person_classes) &&
		 !has_class(entry, contact_classes))
		*kind = ENTRY_PERSON;
	return AR_OK;
}

/* ---- person facts ---- */

static enum ar_rc account_expired(struct entry_mapper *mapper,
				  const struct entry *entry, int *expired,
				  struct ar_error *err)
{
	time_t now = mapper->spec->now ? mapper->spec->now : time(NULL);
	struct date_result date;
	long long ticks;
	int present;
	enum ar_rc rc;

	*expired = 0;
	rc = entry_filetime(mapper, entry, ENTRY_ATTR_ACCOUNT_EXPIRES, &ticks,
			    &present, err);
	/* 0 and the largest value both mean "never expires" (DATE_NEVER) */
	if (rc == AR_OK && present &&
	    date_from_filetime(ticks, &date) == DATE_VALUE)
		*expired = date.when <= now;
	return rc;
}

/* finding: terminated-with-access (what counts as gone) */
static enum ar_rc entry_disabled(struct entry_mapper *mapper,
				 const struct entry *entry, int *disabled,
				 struct ar_error *err)
{
	unsigned int rules = mapper->spec->disabled_rules
				     ? mapper->spec->disabled_rules
				     : DISABLED_ALL_RULES;
	long long control;
	int present, expired;
	enum ar_rc rc;

	*disabled = 0;
	rc = entry_number(mapper, entry, ENTRY_ATTR_USER_ACCOUNT_CONTROL,
			  &control, &present, err);
	if (rc == AR_OK)
		rc = account_expired(mapper, entry, &expired, err);
	if (rc != AR_OK)
		return rc;
	if ((rules & DISABLED_PWD_ACCOUNT_LOCKED_TIME) &&
	    entry_first_value(entry, ENTRY_ATTR_PWD_ACCOUNT_LOCKED_TIME) !=
		    NULL)
		*disabled = 1;
	if ((rules & DISABLED_NS_ACCOUNT_LOCK) &&
	    text_equal_nocase(entry_first_value(entry,
						ENTRY_ATTR_NS_ACCOUNT_LOCK),
			      "true"))
		*disabled = 1;
	if ((rules & DISABLED_USER_ACCOUNT_CONTROL) && present &&
	    (control & UAC_ACCOUNT_DISABLED))
		*disabled = 1;
	/* the reader matched the configured disabled-filter */
	if (entry_first_value(entry, ENTRY_ATTR_DISABLED) != NULL)
		*disabled = 1;
	if (expired)
		*disabled = 1;
	return AR_OK;
}

/* A configured MFA attribute: "TRUE", "yes", "enabled", a token DN, ... */
static enum mfa_status configured_mfa(const struct entry *entry)
{
	static const char *const off[] = { "false", "no", "0", "off",
					   "disabled", "none", "" };

	for (size_t i = 0; i < entry->count; i++) {
		int enabled = 1;

		if (entry->values[i].attribute != ENTRY_ATTR_MFA)
			continue;
		for (size_t k = 0; k < sizeof(off) / sizeof(off[0]); k++)
			if (text_equal_nocase(entry->values[i].text, off[k]))
				enabled = 0;
		if (enabled)
			return MFA_ENABLED;
	}
	return MFA_DISABLED;
}

/*
 * finding: mfa-disabled, mfa-unknown.  slapo-otp token links mean a token
 * is enrolled.  FreeIPA's ipaUserAuthType lists the methods any of which
 * is enough: "otp" alone enforces OTP; with "password" (or "password"
 * alone) a password suffices; radius and idp delegate MFA elsewhere, and
 * no value means the global default in cn=ipaConfig: both unknown here.
 */
static enum mfa_status entry_mfa(const struct entry_mapper *mapper,
				 const struct entry *entry)
{
	int otp = 0, password = 0, other = 0;

	if (mapper->options.mfa_attribute)
		return configured_mfa(entry);
	if (entry_first_value(entry, ENTRY_ATTR_OATH_TOTP_TOKEN) != NULL ||
	    entry_first_value(entry, ENTRY_ATTR_OATH_HOTP_TOKEN) != NULL)
		return MFA_ENABLED;
	for (size_t i = 0; i < entry->count; i++) {
		const char *type = entry->values[i].text;

		if (entry->values[i].attribute != ENTRY_ATTR_IPA_USER_AUTH_TYPE)
			continue;
		if (text_equal_nocase(type, "otp"))
			otp = 1;
		else if (text_equal_nocase(type, "password"))
			password = 1;
		else
			other = 1;
	}
	if (other || (!otp && !password))
		return MFA_UNKNOWN;
	return password ? MFA_DISABLED : MFA_ENABLED;
}

/*
 * finding: dormant-account.  AD's lastLogonTimestamp (replicated with up
 * to ~14 days lag); absent on an AD user = never logged on.  Other
 * directories do not say: unknown.
 */
static enum ar_rc entry_last_login(struct entry_mapper *mapper,
				   const struct entry *entry, time_t *when,
				   struct ar_error *err)
{
	static const char *const ad_classes[] = { "user", NULL };
	struct date_result date;
	long long ticks;
	int present;
	enum ar_rc rc;

	*when = 0;
	rc = entry_filetime(mapper, entry, ENTRY_ATTR_LAST_LOGON_TIMESTAMP,
			    &ticks, &present, err);
	if (rc != AR_OK)
		return rc;
	if (!present) {
		if (has_class(entry, ad_classes) ||
		    entry_first_value(entry, ENTRY_ATTR_PWD_LAST_SET) != NULL)
			*when = -1;
		return AR_OK;
	}
	/* 0 (and INT64_MAX) never; past 9999 or before 1970 unknown, said
	 * once here rather than in a report that cannot show the year */
	date_from_filetime(ticks, &date);
	if (date.kind == DATE_NEVER)
		*when = -1;
	else if (date.kind == DATE_VALUE && date.when > 0)
		*when = date.when;
	else
		warn(mapper,
		     first_entry_value(entry,
				       ENTRY_ATTR_LAST_LOGON_TIMESTAMP)->line,
		     "'lastLogonTimestamp' value %lld is %s: last login "
		     "taken as unknown",
		     ticks,
		     date.kind == DATE_UNKNOWN ? date.reason : "before 1970");
	return AR_OK;
}

struct person_facts {
	const char *uid;
	const char *email;
	const char *display_name;
	const char *employee_number;
	int disabled;
	enum mfa_status mfa;
	time_t last_login;
};

static const char *first_of(const struct entry *entry,
			    enum entry_attribute first,
			    enum entry_attribute second)
{
	const char *value = entry_first_value(entry, first);

	return value ? value : entry_first_value(entry, second);
}

static enum ar_rc gather_facts(struct entry_mapper *mapper,
			       const struct entry *entry,
			       struct person_facts *facts,
			       struct ar_error *err)
{
	enum ar_rc rc;

	facts->uid = first_of(entry, ENTRY_ATTR_UID,
			      ENTRY_ATTR_SAM_ACCOUNT_NAME);
	facts->email = first_of(entry, ENTRY_ATTR_MAIL,
				ENTRY_ATTR_USER_PRINCIPAL_NAME);
	facts->display_name = first_of(entry, ENTRY_ATTR_DISPLAY_NAME,
				       ENTRY_ATTR_CN);
	facts->employee_number = first_of(entry, ENTRY_ATTR_EMPLOYEE_NUMBER,
					  ENTRY_ATTR_EMPLOYEE_ID);
	facts->mfa = entry_mfa(mapper, entry);
	rc = entry_disabled(mapper, entry, &facts->disabled, err);
	if (rc == AR_OK)
		rc = entry_last_login(mapper, entry, &facts->last_login, err);
	return rc;
}

/* ---- emitting people and accounts ---- */

static enum ar_rc emit_person(struct entry_mapper *mapper,
			      const struct entry *entry, const char *key,
			      const struct person_facts *facts,
			      struct ar_error *err)
{
	const char *manager = entry_first_value(entry, ENTRY_ATTR_MANAGER);
	char *normal_manager = manager ? dn_normalize(manager) : NULL;
	struct person_record person;
	enum ar_rc rc = AR_OK;

	memset(&person, 0, sizeof(person));
	person.key = key;
	person.uid = facts->uid;
	person.email = facts->email;
	person.display_name = facts->display_name;
	person.employee_number = facts->employee_number;
	/* normalised like the keys, so that it names a person's key */
	person.manager = normal_manager ? normal_manager : manager;
	person.disabled = facts->disabled;
	person.mfa = facts->mfa;
	person.last_login = facts->last_login;
	if (mapper->sink->person != NULL)
		rc = mapper->sink->person(mapper->sink->context, &person, err);
	free(normal_manager);
	return rc;
}

/* Remember uid -> DN so that posixGroup memberUid values find it. */
static void remember_uid(struct entry_mapper *mapper, const char *uid,
			 const char *key)
{
	char *lower = text_lower(ar_strdup(uid));
	struct entry_set_slot *slot;
	int added;

	slot = entry_set_add(&mapper->uids, lower, &added);
	if (added)
		slot->value = ar_strdup(key);
	free(lower);
}

static enum ar_rc emit_account(struct entry_mapper *mapper, const char *key,
			       const struct person_facts *facts,
			       struct ar_error *err)
{
	struct account_record account;

	memset(&account, 0, sizeof(account));
	account.id = key;
	account.login = facts->uid;
	account.email = facts->email;
	account.display_name = facts->display_name;
	account.employee_number = facts->employee_number;
	account.active = !facts->disabled;
	account.mfa = facts->mfa;
	account.last_login = facts->last_login;
	if (facts->uid != NULL)
		remember_uid(mapper, facts->uid, key);
	if (mapper->sink->account == NULL)
		return AR_OK;
	return mapper->sink->account(mapper->sink->context, &account, err);
}

/* An MFA list read from a directory: only what it actually knows. */
static enum ar_rc emit_mfa(struct entry_mapper *mapper,
			   const struct person_facts *facts,
			   struct ar_error *err)
{
	if (facts->uid == NULL || facts->mfa == MFA_UNKNOWN ||
	    mapper->sink->mfa == NULL)
		return AR_OK;
	return mapper->sink->mfa(mapper->sink->context, facts->uid,
				 facts->mfa, err);
}

static enum ar_rc handle_person(struct entry_mapper *mapper,
				const struct entry *entry, const char *key,
				struct ar_error *err)
{
	struct person_facts facts;
	enum ar_rc rc;

	rc = gather_facts(mapper, entry, &facts, err);
	if (rc != AR_OK)
		return rc;
	switch (mapper->spec->role) {
	case SOURCE_ROLE_DIRECTORY:
		return emit_person(mapper, entry, key, &facts, err);
	case SOURCE_ROLE_ACCOUNTS:
		return emit_account(mapper, key, &facts, err);
	case SOURCE_ROLE_MFA:
		return emit_mfa(mapper, &facts, err);
	case SOURCE_ROLE_GROUPS:
		break;
	}
	return AR_OK;
}

/* ---- groups ---- */

static void add_member(struct group *group, char tag, const char *text)
{
	ar_buf_addch(&group->members, tag);
	ar_buf_add(&group->members, text, strlen(text) + 1);
}

static struct group *new_group(struct entry_mapper *mapper,
			       const struct entry *entry, const char *key)
{
	const char *name = entry_first_value(entry, ENTRY_ATTR_CN);
	struct group *group;

	if (mapper->group_count == mapper->group_alloc) {
		mapper->group_alloc =
			mapper->group_alloc ? mapper->group_alloc * 2 : 16;
		mapper->groups = ar_realloc(mapper->groups,
					    mapper->group_alloc *
						    sizeof(*mapper->groups));
	}
	group = &mapper->groups[mapper->group_count++];
	group->key = ar_strdup(key);
	group->name = ar_strdup(name ? name : key);
	group->line = entry->line;
	ar_buf_init(&group->members, 0);
	return group;
}

/* Keep the group and its normalised member list until the end. */
static enum ar_rc keep_group(struct entry_mapper *mapper,
			     const struct entry *entry, const char *key,
			     struct ar_error *err)
{
	struct group *group = new_group(mapper, entry, key);

	for (size_t i = 0; i < entry->count; i++) {
		const struct entry_value *value = &entry->values[i];
		char *member;

		if (value->text[0] == '\0')
			continue;
		if (value->attribute == ENTRY_ATTR_MEMBER_UID) {
			add_member(group, MEMBER_TAG_UID, value->text);
			continue;
		}
		if (value->attribute != ENTRY_ATTR_MEMBER &&
		    value->attribute != ENTRY_ATTR_UNIQUE_MEMBER)
			continue;
		member = dn_normalize(value->text);
		if (member == NULL)
			return data_error(mapper, value->line, err,
					  "member '%.200s' is not a DN",
					  value->text);
		add_member(group, MEMBER_TAG_DN, member);
		free(member);
	}
	/* finding: incomplete-export */
	/* (the store prefixes the details with the source's location) */
	if (entry->partial_range_seen && entry->partial_range_line > 0)
		entry_set_incomplete(mapper->summary,
				     "line %ld: group '%.80s' lists only "
				     "members %s (ranged retrieval)",
				     entry->partial_range_line, key,
				     entry->partial_range);
	else if (entry->partial_range_seen)
		entry_set_incomplete(mapper->summary,
				     "group '%.80s' lists only members %s "
				     "(ranged retrieval)",
				     key, entry->partial_range);
	return AR_OK;
}

enum ar_rc entry_mapper_add(struct entry_mapper *mapper,
			    const struct entry *entry, struct ar_error *err)
{
	enum entry_kind kind = ENTRY_OTHER;
	struct entry_set_slot *slot;
	char *key;
	int added;
	enum ar_rc rc = AR_OK;

	mapper->current = entry;
	key = dn_normalize(entry->dn);
	if (key == NULL) {
		rc = data_error(mapper, entry->line, err,
				"'%.200s' is not a DN", entry->dn);
		goto out;
	}
	slot = entry_set_add(&mapper->entries, key, &added);
	if (!added) {
		if (!mapper->options.quiet_duplicates)
			warn(mapper, entry->line,
			     "entry '%.200s' appears twice: the first one is "
			     "used",
			     key);
		goto out;
	}
	rc = classify(mapper, entry, &kind, err);
	if (rc != AR_OK)
		goto out;
	slot->kind = kind;
	mapper->summary->records++;
	mapper->persons_read += kind == ENTRY_PERSON;
	if (kind == ENTRY_PERSON)
		rc = handle_person(mapper, entry, key, err);
	else if (kind == ENTRY_GROUP &&
		 (mapper->spec->role == SOURCE_ROLE_ACCOUNTS ||
		  mapper->spec->role == SOURCE_ROLE_GROUPS))
		rc = keep_group(mapper, entry, key, err);
out:
	mapper->current = NULL;
	free(key);
	return rc;
}

/* ---- group members, once every entry is known ---- */

/*
 * The value of the first RDN of a normalised DN when that RDN is a single
 * "type=value", unescaped into a new string; NULL otherwise.
 */
static char *first_rdn_value(const char *dn, const char *type)
{
	size_t type_length = strlen(type);
	struct ar_buf value = AR_BUF_INIT;
	const char *p;
	char *result = NULL;

	if (strncmp(dn, type, type_length) != 0 || dn[type_length] != '=')
		return NULL;
	for (p = dn + type_length + 1; *p != '\0' && *p != ',' && *p != '+';
	     p++) {
		if (*p == '\\' && p[1] != '\0') {
			p++;
			/* dn_normalize writes "\xx" in lowercase hex only */
			if (isxdigit((unsigned char)p[0]) &&
			    isxdigit((unsigned char)p[1])) {
				char hex[3] = { p[0], p[1], '\0' };

				ar_buf_addch(&value,
					     (int)strtol(hex, NULL, 16));
				p++;
				continue;
			}
		}
		ar_buf_addch(&value, *p);
	}
	if (*p != '+' && value.len > 0 && text_is_utf8(value.buf, value.len))
		result = ar_buf_detach(&value, NULL);
	ar_buf_release(&value);
	return result;
}

/*
 * An account known only from a group's member list, emitted once.  When
 * the source lists the system's accounts, such a member is dangling
 * (rachel.vance, deleted but still a member): reported once, not once
 * per group.  A source of groups only defines its accounts by membership.
 */
static enum ar_rc emit_implied(struct entry_mapper *mapper,
			       const struct group *group, const char *member,
			       const char *id, const char *login,
			       int is_service, int dangling,
			       struct ar_error *err)
{
	struct account_record account;
	int added;

	entry_set_add(&mapper->implied, id, &added);
	if (!added)
		return AR_OK;
	if (dangling)
		warn(mapper, group->line,
		     "member '%.200s' of group '%.200s' is not an entry of "
		     "%s",
		     member, group->key, mapper->options.scope);
	/* A separate groups source refers to the accounts of the system's
	 * accounts source: implying them here would duplicate people. */
	if (mapper->sink->account == NULL ||
	    mapper->spec->role == SOURCE_ROLE_GROUPS)
		return AR_OK;
	memset(&account, 0, sizeof(account));
	account.id = id;
	account.login = login;
	account.active = 1;
	account.mfa = MFA_UNKNOWN;
	account.is_service = is_service;
	return mapper->sink->account(mapper->sink->context, &account, err);
}

/*
 * The ref of one member (a new string in *ref) and its type.  A group of
 * this source is referred to by its key, an account this mapper emitted
 * by its DN.  Any other member becomes an "implied" account: a member
 * "uid=X,..." and a memberUid X both get the id X lowercased, so one
 * person named both ways is one account; other DNs keep the DN as id.
 */
static enum ar_rc resolve_member(struct entry_mapper *mapper,
				 const struct group *group, char tag,
				 const char *text, char **ref,
				 enum member_type *type, struct ar_error *err)
{
	int accounts = mapper->spec->role == SOURCE_ROLE_ACCOUNTS;
	const struct entry_set_slot *entry = NULL, *known = NULL;
	char *uid = NULL, *login = NULL;
	enum ar_rc rc = AR_OK;

	*type = MEMBER_ACCOUNT;
	*ref = NULL;
	if (tag == MEMBER_TAG_DN) {
		entry = entry_set_find(&mapper->entries, text);
		if (entry != NULL &&
		    (entry->kind == ENTRY_GROUP ||
		     (accounts && entry->kind == ENTRY_PERSON))) {
			*type = entry->kind == ENTRY_GROUP ? MEMBER_GROUP
							   : MEMBER_ACCOUNT;
			*ref = ar_strdup(text);
			goto out;
		}
		uid = first_rdn_value(text, "uid");
	} else {
		uid = text_lower(ar_strdup(text));
	}
	if (uid != NULL)
		known = entry_set_find(&mapper->uids, uid);
	if (known != NULL) {
		*ref = ar_strdup(known->value);
		goto out;
	}
	login = uid ? ar_strdup(uid) : first_rdn_value(text, "cn");
	*ref = ar_strdup(uid ? uid : text);
	rc = emit_implied(mapper, group, text, *ref, login,
			  entry != NULL && entry->kind == ENTRY_COMPUTER,
			  accounts && entry == NULL && mapper->persons_read > 0,
			  err);
out:
	free(uid);
	free(login);
	return rc;
}

static enum ar_rc emit_group(struct entry_mapper *mapper,
			     const struct group *group, struct ar_error *err)
{
	struct group_record record = { .key = group->key,
				       .name = group->name,
				       .privileged = 0,
				       .members_known = 1 };
	struct entry_set seen = ENTRY_SET_INIT;
	const char *at = group->members.buf;
	const char *end = at + group->members.len;
	enum ar_rc rc = AR_OK;

	if (mapper->sink->group != NULL)
		rc = mapper->sink->group(mapper->sink->context, &record, err);
	while (rc == AR_OK && at < end) {
		char tag = at[0];
		const char *text = at + 1;
		enum member_type type;
		char *ref = NULL;
		int added = 0;

		at = text + strlen(text) + 1;
		rc = resolve_member(mapper, group, tag, text, &ref, &type,
				    err);
		if (rc == AR_OK)
			entry_set_add(&seen, ref, &added);
		/* a member listed twice (or by DN and by uid) counts once */
		if (rc == AR_OK && added && mapper->sink->member != NULL)
			rc = mapper->sink->member(mapper->sink->context,
						  group->key, ref, type, err);
		free(ref);
	}
	entry_set_release(&seen);
	return rc;
}

enum ar_rc entry_mapper_finish(struct entry_mapper *mapper,
			       struct ar_error *err)
{
	enum ar_rc rc = AR_OK;

	for (size_t i = 0; i < mapper->group_count && rc == AR_OK; i++)
		rc = emit_group(mapper, &mapper->groups[i], err);
	return rc;
}

/* ---- the mapper ---- */

struct entry_mapper *
entry_mapper_new(const struct source_spec *spec,
		 const struct record_sink *sink, struct source_summary *summary,
		 const char *origin,
		 const struct entry_mapper_options *options)
{
	struct entry_mapper *mapper = ar_calloc(1, sizeof(*mapper));

	mapper->spec = spec;
	mapper->sink = sink;
	mapper->summary = summary;
	mapper->origin = origin;
	if (options != NULL)
		mapper->options = *options;
	if (mapper->options.scope == NULL)
		mapper->options.scope = "this file";
	return mapper;
}

void entry_mapper_free(struct entry_mapper *mapper)
{
	if (mapper == NULL)
		return;
	entry_set_release(&mapper->entries);
	entry_set_release(&mapper->uids);
	entry_set_release(&mapper->implied);
	for (size_t i = 0; i < mapper->group_count; i++) {
		free(mapper->groups[i].key);
		free(mapper->groups[i].name);
		ar_buf_release(&mapper->groups[i].members);
	}
	free(mapper->groups);
	free(mapper);
}
