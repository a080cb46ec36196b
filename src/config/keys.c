/* keys.c -- every configuration key: where it goes and how it is read */
/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "accessreview/date.h"
#include "accessreview/mem.h"
#include "accessreview/text.h"
#include "config_int.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* ---- value parsers ---- */

static enum ar_rc parse_string(struct parse_state *state,
			       const struct config_key *key, const char *name,
			       const char *value, void *field)
{
	char **text = field;

	(void)state;
	(void)key;
	(void)name;
	free(*text);
	*text = config_unquote(value);
	return AR_OK;
}

static enum ar_rc parse_path(struct parse_state *state,
			     const struct config_key *key, const char *name,
			     const char *value, void *field)
{
	char **path = field;
	char *plain = config_unquote(value);

	(void)key;
	if (*plain == '\0') {
		free(plain);
		return config_fail(state, "'%s' needs a path", name);
	}
	free(*path);
	*path = config_resolve_path(state, plain);
	free(plain);
	return AR_OK;
}

/* The database is a file of ours: never empty, never in memory only. */
static enum ar_rc parse_database(struct parse_state *state,
				 const struct config_key *key, const char *name,
				 const char *value, void *field)
{
	char *plain = config_unquote(value);
	int in_memory = strcmp(plain, ":memory:") == 0 ||
			strncmp(plain, "file:", 5) == 0;

	free(plain);
	if (in_memory)
		return config_fail(state, "'%s' must be a file path, not '%s' "
				   "(snapshots must survive the run)",
				   name, value);
	return parse_path(state, key, name, value, field);
}

static enum ar_rc parse_number(struct parse_state *state,
			       const struct config_key *key, const char *name,
			       const char *value, void *field)
{
	const struct config_range *range = key->detail;
	char *end = NULL;
	long number;

	errno = 0;
	number = strtol(value, &end, 10);
	if (*value == '\0' || *end != '\0' || errno != 0 ||
	    number < range->min || number > range->max)
		return config_fail(state, "'%s' must be a number of %s from "
				   "%d to %d, not '%s'", name, range->unit,
				   range->min, range->max, value);
	*(int *)field = (int)number;
	return AR_OK;
}

static enum ar_rc parse_flag(struct parse_state *state,
			     const struct config_key *key, const char *name,
			     const char *value, void *field)
{
	int flag = text_parse_bool(value);

	(void)key;
	if (flag < 0)
		return config_fail(state, "'%s' must be yes or no, not '%s'",
				   name, value);
	*(int *)field = flag;
	return AR_OK;
}

/* A word list ends with NULL; the message lists the words. */
static void join_words(const char *const *words, char *out, size_t size)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; words[i] != NULL && used < size; i++)
		used += (size_t)snprintf(out + used, size - used, "%s%s",
					 i == 0 ? "" : words[i + 1] ? ", "
								    : " or ",
					 words[i]);
}

static int word_index(const char *const *words, const char *value)
{
	for (int i = 0; words[i] != NULL; i++)
		if (strcmp(words[i], value) == 0)
			return i;
	return -1;
}

/* A string that must be one of the key's words. */
static enum ar_rc parse_word(struct parse_state *state,
			     const struct config_key *key, const char *name,
			     const char *value, void *field)
{
	const char *const *words = key->detail;
	char list[256];

	if (word_index(words, value) < 0) {
		join_words(words, list, sizeof(list));
		return config_fail(state, "'%s' must be %s, not '%s'", name,
				   list, value);
	}
	return parse_string(state, key, name, value, field);
}

static enum ar_rc parse_date_order(struct parse_state *state,
				   const struct config_key *key,
				   const char *name, const char *value,
				   void *field)
{
	(void)key;
	if (date_parse_order(value, field) != 0)
		return config_fail(state, "'%s' must be dmy (20/11/2026) or "
				   "mdy (11/20/2026), not '%s'", name, value);
	return AR_OK;
}

/* Fixed offsets only: a zone with daylight saving would need the zone
 * database and the date to know which offset applies. */
static enum ar_rc parse_utc_offset(struct parse_state *state,
				   const struct config_key *key,
				   const char *name, const char *value,
				   void *field)
{
	(void)key;
	if (date_parse_utc_offset(value, field) != 0)
		return config_fail(state, "'%s' must be a fixed offset from "
				   "UTC such as +01:00, -0500 or UTC, not '%s'",
				   name, value);
	return AR_OK;
}

static enum ar_rc parse_severity(struct parse_state *state,
				 const struct config_key *key,
				 const char *name, const char *value,
				 void *field)
{
	(void)key;
	if (review_severity_from_name(value, field) != 0)
		return config_fail(state, "'%s' must be none, info, low, "
				   "medium, high or critical, not '%s'",
				   name, value);
	return AR_OK;
}

static enum ar_rc parse_list(struct parse_state *state,
			     const struct config_key *key, const char *name,
			     const char *value, void *field)
{
	struct name_list *list = field;

	(void)state;
	(void)key;
	(void)name;
	config_parse_name_list(value, &list->items, &list->count);
	return AR_OK;
}

/* A sender address goes into every reminder's From: header as it is. */
static enum ar_rc parse_mail_address(struct parse_state *state,
				     const struct config_key *key,
				     const char *name, const char *value,
				     void *field)
{
	char *address = config_unquote(value);
	const char *problem = text_mail_address_problem(address);

	free(address);
	if (problem != NULL)
		return config_fail(state, "'%s' must be a bare mail address "
				   "(name@example.com): %s", name, problem);
	return parse_string(state, key, name, value, field);
}

/* ---- sources ---- */

static int is_ldap_url(const char *value)
{
	return strncasecmp(value, "ldap://", 7) == 0 ||
	       strncasecmp(value, "ldaps://", 8) == 0 ||
	       strncasecmp(value, "ldapi://", 8) == 0;
}

/*
 * "scim:exports/users.json" or "ldaps://host" into a collect_source.  A
 * system may say just "ldap": the [directory]'s server, resolved once the
 * whole file is read.
 */
static enum ar_rc read_source(struct parse_state *state, const char *name,
			      const char *value, struct collect_source *out,
			      int bare_ldap_allowed)
{
	const char *colon = strchr(value, ':');
	char format[16];

	if (is_ldap_url(value) ||
	    (bare_ldap_allowed && strcmp(value, CONFIG_BARE_LDAP) == 0)) {
		/* one URL: libldap would try a space-separated list in
		 * turn, and then the TLS decision could differ per host */
		if (strpbrk(value, " \t,") != NULL)
			return config_fail(state, "'%s': one LDAP URL only, "
					   "not '%s'", name, value);
		out->format = SOURCE_FORMAT_LDAP;
		free(out->location);
		out->location = ar_strdup(value);
		return AR_OK;
	}
	if (colon == NULL || (size_t)(colon - value) >= sizeof(format) ||
	    colon[1] == '\0')
		return config_fail(state, "'%s' must be FORMAT:PATH (ldif:, "
				   "scim:, csv:, json:) or an LDAP URL, not "
				   "'%s'", name, value);
	memcpy(format, value, (size_t)(colon - value));
	format[colon - value] = '\0';
	if (source_format_from_name(format, &out->format) != 0 ||
	    out->format == SOURCE_FORMAT_LDAP)
		return config_fail(state, "'%s': unknown source format '%s'",
				   name, format);
	free(out->location);
	out->location = config_resolve_path(state, colon + 1);
	return AR_OK;
}

static enum ar_rc parse_directory_source(struct parse_state *state,
					 const struct config_key *key,
					 const char *name, const char *value,
					 void *field)
{
	(void)key;
	return read_source(state, name, value, field, 0);
}

static enum ar_rc parse_system_source(struct parse_state *state,
				      const struct config_key *key,
				      const char *name, const char *value,
				      void *field)
{
	(void)key;
	return read_source(state, name, value, field, 1);
}

static enum ar_rc parse_disabled_rules(struct parse_state *state,
				       const struct config_key *key,
				       const char *name, const char *value,
				       void *field)
{
	static const char *const rules[] = { "pwdAccountLockedTime",
					     "nsAccountLock",
					     "userAccountControl" };
	unsigned int *bits = field;
	char **names = NULL;
	size_t count = 0;
	enum ar_rc rc = AR_OK;

	(void)key;
	*bits = 0;
	config_parse_name_list(value, &names, &count);
	for (size_t i = 0; i < count; i++) {
		size_t r = 0;

		while (r < COUNT(rules) && strcasecmp(names[i], rules[r]) != 0)
			r++;
		if (r < COUNT(rules))
			*bits |= 1u << r;
		else if (rc == AR_OK)
			rc = config_fail(state, "'%s': unknown rule '%s' "
					 "(pwdAccountLockedTime, "
					 "nsAccountLock, userAccountControl)",
					 name, names[i]);
	}
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
	return rc;
}

_Static_assert(DISABLED_PWD_ACCOUNT_LOCKED_TIME == 1 << 0 &&
		       DISABLED_NS_ACCOUNT_LOCK == 1 << 1 &&
		       DISABLED_USER_ACCOUNT_CONTROL == 1 << 2,
	       "disabled-when rules are bits in table order");

/* field.NAME = "Column": the generic mapping of an export. */
static const char *const mapped_fields[] = {
	"id", "login", "email", "name", "active", "mfa", "last-login",
	"groups", "employee-number", NULL,
};

static enum ar_rc parse_field_mapping(struct parse_state *state,
				      const struct config_key *key,
				      const char *name, const char *value,
				      void *field)
{
	struct collect_system *system = field;
	const char *mapped = name + strlen(key->name);
	char list[256];

	if (word_index(mapped_fields, mapped) < 0) {
		join_words(mapped_fields, list, sizeof(list));
		return config_fail(state, "unknown field '%s' in '%s' (%s)",
				   mapped, name, list);
	}
	system->fields = ar_realloc(system->fields,
				    (system->field_count + 1) *
					    sizeof(*system->fields));
	system->fields[system->field_count].field = ar_strdup(mapped);
	system->fields[system->field_count].column = config_unquote(value);
	system->field_count++;
	return AR_OK;
}

/* ---- LDAP keys ---- */

/* An attribute type as RFC 4512 writes it: a name or a numeric OID. */
static int is_attribute_type(const char *text)
{
	const char *p = text;

	if (isalpha((unsigned char)*p)) {
		while (isalnum((unsigned char)*p) || *p == '-')
			p++;
		return *p == '\0';
	}
	for (;;) {
		if (!isdigit((unsigned char)*p))
			return 0;
		while (isdigit((unsigned char)*p))
			p++;
		if (*p == '\0')
			return 1;
		if (*p++ != '.')
			return 0;
	}
}

static int is_environment_name(const char *text)
{
	if (!isalpha((unsigned char)*text) && *text != '_')
		return 0;
	while (isalnum((unsigned char)*text) || *text == '_')
		text++;
	return *text == '\0';
}

/* A filter is checked by libldap and the server; here only its shape,
 * so that a forgotten pair of parentheses names the line. */
static int looks_like_filter(const char *text)
{
	size_t length = strlen(text);
	int depth = 0;

	if (length < 3 || text[0] != '(' || text[length - 1] != ')')
		return 0;
	for (size_t i = 0; i < length; i++) {
		if (text[i] == '\\' && i + 1 < length) {
			i++;
			continue;
		}
		depth += text[i] == '(';
		depth -= text[i] == ')';
		if (depth < 0 || (depth == 0 && i + 1 < length))
			return 0;
	}
	return depth == 0;
}

static enum ar_rc parse_filter(struct parse_state *state,
			       const struct config_key *key, const char *name,
			       const char *value, void *field)
{
	char *filter = config_unquote(value);
	int ok = looks_like_filter(filter);

	free(filter);
	if (!ok)
		return config_fail(state, "'%s' must be an LDAP filter in "
				   "parentheses, such as (objectClass=person), "
				   "not '%s'", name, value);
	return parse_string(state, key, name, value, field);
}

static enum ar_rc parse_scope(struct parse_state *state,
			      const struct config_key *key, const char *name,
			      const char *value, void *field)
{
	static const char *const scopes[] = { "sub", "one", "base", NULL };
	int index = word_index(scopes, value);

	(void)key;
	_Static_assert(SOURCE_LDAP_SCOPE_SUB == 0 &&
			       SOURCE_LDAP_SCOPE_ONE == 1 &&
			       SOURCE_LDAP_SCOPE_BASE == 2,
		       "scopes in table order");
	if (index < 0)
		return config_fail(state, "'%s' must be sub, one or base, "
				   "not '%s'", name, value);
	*(enum source_ldap_scope *)field = (enum source_ldap_scope)index;
	return AR_OK;
}

static enum ar_rc parse_environment_name(struct parse_state *state,
					 const struct config_key *key,
					 const char *name, const char *value,
					 void *field)
{
	if (!is_environment_name(value))
		return config_fail(state, "'%s' must name an environment "
				   "variable, not '%s'", name, value);
	return parse_string(state, key, name, value, field);
}

static enum ar_rc parse_sasl(struct parse_state *state,
			     const struct config_key *key, const char *name,
			     const char *value, void *field)
{
	(void)key;
	if (strcasecmp(value, "external") != 0)
		return config_fail(state, "'%s' must be external (the only "
				   "SASL mechanism supported), not '%s'",
				   name, value);
	*(int *)field = 1;
	return AR_OK;
}

/* attribute.NAME = type: which server attribute stands for what. */
static enum ar_rc parse_attribute(struct parse_state *state,
				  const struct config_key *key,
				  const char *name, const char *value,
				  void *field)
{
	static const char *const names[] = {
		"uid", "mail", "display-name", "cn", "employee-number",
		"manager", "mfa", NULL,
	};
	struct ldap_attribute_map *map = field;
	const char **fields[] = {
		&map->uid, &map->mail, &map->display_name, &map->cn,
		&map->employee_number, &map->manager, &map->mfa,
	};
	const char *which = name + strlen(key->name);
	int index = word_index(names, which);
	char *type;

	_Static_assert(COUNT(fields) + 1 == COUNT(names),
		       "one field per attribute name");
	if (index < 0)
		return config_fail(state, "unknown attribute '%s' in '%s' "
				   "(uid, mail, display-name, cn, "
				   "employee-number, manager, mfa)",
				   which, name);
	type = config_unquote(value);
	if (!is_attribute_type(type)) {
		free(type);
		return config_fail(state, "'%s' must be an attribute type, "
				   "not '%s'", name, value);
	}
	free((char *)*fields[index]);
	*fields[index] = type;
	return AR_OK;
}

static enum ar_rc refuse_password(struct parse_state *state,
				  const struct config_key *key,
				  const char *name, const char *value,
				  void *field)
{
	(void)key;
	(void)value;
	(void)field;
	return config_fail(state, "passwords are never accepted inline "
			   "(key '%s'); use password-file or password-env",
			   name);
}

/* ---- the table ---- */

static const char *const categories[] = {
	"source_control", "marketplace_admin", "support", "deployment", "logs",
	NULL,
};

static const char *const reviewer_rules[] = { "owner", "manager", NULL };
static const char *const match_keys[] = { "email", "uid", "employeeNumber",
					  NULL };

static const struct config_range days = { 1, 3650, "days" };
static const struct config_range campaigns = { 0, 1000, "campaigns" };
static const struct config_range timeout_seconds = { 1, 3600, "seconds" };
static const struct config_range connect_seconds = { 1, 600, "seconds" };
/* 0: no paging, for a server without RFC 2696 */
static const struct config_range page_entries = { 0, 100000, "entries" };

#define IN_SOURCES (SECTION_DIRECTORY | SECTION_SYSTEM)
#define CONFIG_FIELD(target_type, member) offsetof(target_type, member)
#define C(member) TARGET_CONFIG, CONFIG_FIELD(struct config, member)
#define P(member) TARGET_PLAN, CONFIG_FIELD(struct collect_plan, member)
#define S(member) TARGET_SYSTEM, CONFIG_FIELD(struct collect_system, member)
#define L(member) TARGET_LDAP, CONFIG_FIELD(struct ldap_settings, member)

const struct config_key config_keys[] = {
	/* [review] */
	{ "database", SECTION_REVIEW, C(database), parse_database, NULL },
	{ "reports", SECTION_REVIEW, C(reports), parse_path, NULL },
	{ "inactive-days", SECTION_REVIEW, P(inactive_days), parse_number,
	  &days },
	{ "fail-on", SECTION_REVIEW, C(fail_on), parse_severity, NULL },
	{ "fallback-reviewer", SECTION_REVIEW, C(fallback_reviewer),
	  parse_mail_address, NULL },
	{ "allowed-signers", SECTION_REVIEW, C(allowed_signers), parse_path,
	  NULL },
	{ "require-signatures", SECTION_REVIEW, C(require_signatures),
	  parse_flag, NULL },
	{ "strict", SECTION_REVIEW, P(strict), parse_flag, NULL },
	/* [evidence] */
	{ "secret-key", SECTION_EVIDENCE, C(secret_key), parse_path, NULL },
	/* [directory] */
	{ "source", SECTION_DIRECTORY, P(directory), parse_directory_source,
	  NULL },
	{ "disabled-when", SECTION_DIRECTORY, P(disabled_rules),
	  parse_disabled_rules, NULL },
	/* [system "name"] */
	{ "source", SECTION_SYSTEM, S(accounts), parse_system_source, NULL },
	{ "groups", SECTION_SYSTEM, S(groups), parse_system_source, NULL },
	{ "mfa", SECTION_SYSTEM, S(mfa), parse_system_source, NULL },
	{ "category", SECTION_SYSTEM, S(category), parse_word, categories },
	{ "owner", SECTION_SYSTEM, S(owner), parse_mail_address, NULL },
	{ "reviewer", SECTION_SYSTEM, S(reviewer), parse_word, reviewer_rules },
	{ "delegates", SECTION_SYSTEM, S(delegates), parse_list, NULL },
	{ "preset", SECTION_SYSTEM, S(preset), parse_string, NULL },
	{ "mfa-supported", SECTION_SYSTEM, S(mfa_supported), parse_flag,
	  NULL },
	{ "match", SECTION_SYSTEM, S(match), parse_word, match_keys },
	{ "privileged", SECTION_SYSTEM, S(privileged), parse_list, NULL },
	{ "date-order", SECTION_SYSTEM, S(dates.order), parse_date_order,
	  NULL },
	{ "timezone", SECTION_SYSTEM, S(dates.utc_offset), parse_utc_offset,
	  NULL },
	{ "date-format", SECTION_SYSTEM, S(date_format), parse_string, NULL },
	{ "field.", SECTION_SYSTEM, TARGET_SYSTEM, 0, parse_field_mapping,
	  NULL },
	/* live LDAP, in [directory] and [system]; accepted with a file
	 * source too, so one file serves both, checked for LDAP only */
	{ "base", IN_SOURCES, L(base), parse_string, NULL },
	{ "scope", IN_SOURCES, L(scope), parse_scope, NULL },
	{ "filter", IN_SOURCES, L(filter), parse_filter, NULL },
	{ "group-base", IN_SOURCES, L(group_base), parse_string, NULL },
	{ "group-filter", IN_SOURCES, L(group_filter), parse_filter, NULL },
	{ "disabled-filter", IN_SOURCES, L(disabled_filter), parse_filter,
	  NULL },
	{ "bind-dn", IN_SOURCES, L(bind_dn), parse_string, NULL },
	{ "password-file", IN_SOURCES, L(password_file), parse_path, NULL },
	{ "password-env", IN_SOURCES, L(password_env),
	  parse_environment_name, NULL },
	{ "sasl", IN_SOURCES, L(sasl_external), parse_sasl, NULL },
	{ "ca-file", IN_SOURCES, L(ca_file), parse_path, NULL },
	{ "cert-file", IN_SOURCES, L(cert_file), parse_path, NULL },
	{ "key-file", IN_SOURCES, L(key_file), parse_path, NULL },
	{ "starttls", IN_SOURCES, L(starttls), parse_flag, NULL },
	{ "allow-plaintext", IN_SOURCES, L(allow_plaintext), parse_flag,
	  NULL },
	{ "referrals", IN_SOURCES, L(referrals), parse_flag, NULL },
	{ "timeout", IN_SOURCES, L(timeout), parse_number, &timeout_seconds },
	{ "network-timeout", IN_SOURCES, L(network_timeout), parse_number,
	  &connect_seconds },
	{ "page-size", IN_SOURCES, L(page_size), parse_number, &page_entries },
	{ "attribute.", IN_SOURCES, L(attributes), parse_attribute, NULL },
	/* secrets are never inline: refused with the way to do it */
	{ "password", IN_SOURCES, TARGET_LDAP, 0, refuse_password, NULL },
	{ "bind-password", IN_SOURCES, TARGET_LDAP, 0, refuse_password,
	  NULL },
	/* [mail]: campaign reminders */
	{ "from", SECTION_MAIL, C(mail_from), parse_mail_address, NULL },
	{ "sendmail", SECTION_MAIL, C(mail_sendmail), parse_path, NULL },
	/* [retention] */
	{ "keep-campaigns", SECTION_RETENTION, C(keep_campaigns),
	  parse_number, &campaigns },
	{ NULL, 0, TARGET_CONFIG, 0, NULL, NULL },
};

/* A family ("field.") matches its members, any other key exactly. */
static int key_matches(const struct config_key *key, const char *name)
{
	size_t length = strlen(key->name);

	if (length > 0 && key->name[length - 1] == '.')
		return strncmp(name, key->name, length) == 0 &&
		       name[length] != '\0';
	return strcmp(name, key->name) == 0;
}

const struct config_key *config_find_key(const char *name,
					 unsigned int section)
{
	for (const struct config_key *key = config_keys; key->name; key++)
		if ((key->sections & section) && key_matches(key, name))
			return key;
	return NULL;
}

/* Levenshtein distance, capped: names are short. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t row[64], length_b = strlen(b);

	if (strlen(a) >= 64 || length_b >= 64)
		return 64;
	for (size_t j = 0; j <= length_b; j++)
		row[j] = j;
	for (size_t i = 1; a[i - 1] != '\0'; i++) {
		size_t diagonal = row[0];

		row[0] = i;
		for (size_t j = 1; j <= length_b; j++) {
			size_t above = row[j];
			size_t cost = tolower((unsigned char)a[i - 1]) ==
					      tolower((unsigned char)b[j - 1])
					      ? 0
					      : 1;
			size_t best = diagonal + cost;

			if (above + 1 < best)
				best = above + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diagonal = above;
		}
	}
	return row[length_b];
}

const char *config_closest_key(const char *name, unsigned int section)
{
	const char *best = NULL;
	size_t best_distance = 3; /* more than two edits is another word */

	for (const struct config_key *key = config_keys; key->name; key++) {
		size_t distance;

		if (!(key->sections & section) || key->parse == refuse_password)
			continue;
		distance = edit_distance(name, key->name);
		if (distance < best_distance) {
			best = key->name;
			best_distance = distance;
		}
	}
	return best;
}

void config_each_key(void (*fn)(void *context, const char *section,
				const char *key),
		     void *context)
{
	static const struct {
		unsigned int bit;
		const char *name;
	} sections[] = {
		{ SECTION_REVIEW, "review" },
		{ SECTION_DIRECTORY, "directory" },
		{ SECTION_EVIDENCE, "evidence" },
		{ SECTION_SYSTEM, "system" },
		{ SECTION_MAIL, "mail" },
		{ SECTION_RETENTION, "retention" },
	};

	for (const struct config_key *key = config_keys; key->name; key++)
		for (size_t i = 0; i < COUNT(sections); i++)
			if (key->sections & sections[i].bit)
				fn(context, sections[i].name, key->name);
}
