/* config.c -- load and validate the INI configuration (inih) */
/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ini.h>

#include "accessreview/config.h"
#include "accessreview/mem.h"
#include "accessreview/text.h"
#include "accessreview/url.h"

#define CONFIG_MAX_LINE 4096

/* A system's source that is the [directory]'s LDAP server. */
#define BARE_LDAP "ldap"

/* Defaults of the LDAP keys. */
#define LDAP_DEFAULT_TIMEOUT 30
#define LDAP_DEFAULT_NETWORK_TIMEOUT 10
#define LDAP_DEFAULT_PAGE_SIZE 500

/* Parsing state: inih calls handle_key once per "key = value" line. */
struct parse_state {
	struct config *config;
	FILE *file;
	const char *path;
	char *base_dir;
	int line;                  /* line most recently read */
	int line_too_long;
	int max_line;               /* inih's line buffer size */
	int line_not_utf8;
	int directory_seen;
	struct ar_error *err;
};

static const char *const categories[] = {
	"source_control", "marketplace_admin", "support", "deployment", "logs",
};

static const char *const match_keys[] = { "email", "uid", "employeeNumber" };

const char *config_choose_path(const char *explicit_path)
{
	const char *from_environment = getenv("ACCESSREVIEW_CONFIG");

	if (explicit_path != NULL)
		return explicit_path;
	if (from_environment != NULL && *from_environment != '\0')
		return from_environment;
	return "accessreview.conf";
}

int config_is_privileged(const struct config_system *system, const char *name)
{
	for (size_t i = 0; i < system->privileged_count; i++)
		if (text_equal_nocase(system->privileged[i], name))
			return 1;
	return 0;
}

static int in_list(const char *value, const char *const *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(value, list[i]) == 0)
			return 1;
	return 0;
}

static enum ar_rc fail(struct parse_state *state, const char *fmt,
		       const char *a, const char *b)
{
	char message[768];

	snprintf(message, sizeof(message), fmt, a, b);
	return ar_error_set(state->err, AR_ERR_CONFIG, "%s:%d: %s",
			    state->path, state->line, message);
}

/* "dir/" + relative, or the absolute path itself. */
static char *resolve_path(const struct parse_state *state, const char *path)
{
	size_t length;
	char *joined;

	if (path[0] == '/' || strcmp(state->base_dir, ".") == 0)
		return ar_strdup(path);
	length = strlen(state->base_dir) + strlen(path) + 2;
	joined = ar_malloc(length);
	snprintf(joined, length, "%s/%s", state->base_dir, path);
	return joined;
}

static int is_ldap_url(const char *value)
{
	return strncasecmp(value, "ldap://", 7) == 0 ||
	       strncasecmp(value, "ldaps://", 8) == 0 ||
	       strncasecmp(value, "ldapi://", 8) == 0;
}

/*
 * "scim:exports/users.json" or "ldaps://host" into a config_source.  A
 * system may say just "ldap": the [directory]'s server, resolved in
 * resolve_ldap once the whole file is read.
 */
static enum ar_rc parse_source(struct parse_state *state, const char *key,
			       const char *value, struct config_source *out,
			       int bare_ldap_allowed)
{
	const char *colon = strchr(value, ':');
	char format[16];

	if (is_ldap_url(value) || (bare_ldap_allowed &&
				   strcmp(value, BARE_LDAP) == 0)) {
		/* one URL: libldap would try a space-separated list in
		 * turn, and then the TLS decision could differ per host */
		if (strpbrk(value, " \t,") != NULL)
			return fail(state, "'%s': one LDAP URL only, not "
				    "'%s'", key, value);
		out->format = SOURCE_FORMAT_LDAP;
		free(out->location);
		out->location = ar_strdup(value);
		return AR_OK;
	}
	if (colon == NULL || (size_t)(colon - value) >= sizeof(format) ||
	    colon[1] == '\0')
		return fail(state, "'%s' must be FORMAT:PATH "
			    "(ldif:, scim:, csv:, json:) or an LDAP URL, not "
			    "'%s'", key, value);
	memcpy(format, value, (size_t)(colon - value));
	format[colon - value] = '\0';
	if (source_format_from_name(format, &out->format) != 0 ||
	    out->format == SOURCE_FORMAT_LDAP)
		return fail(state, "'%s': unknown source format '%s'", key,
			    format);
	free(out->location);
	out->location = resolve_path(state, colon + 1);
	return AR_OK;
}

/* Split `"Owners", "admin"` or `Owners, admin` into a list. */
static void parse_name_list(const char *value, char ***names, size_t *count)
{
	char *copy = ar_strdup(value);
	char *saveptr = NULL;

	for (char *item = strtok_r(copy, ",", &saveptr); item;
	     item = strtok_r(NULL, ",", &saveptr)) {
		size_t length;

		text_trim(item);
		length = strlen(item);
		if (length >= 2 && item[0] == '"' && item[length - 1] == '"') {
			item[length - 1] = '\0';
			item++;
		}
		if (*item == '\0')
			continue;
		*names = ar_realloc(*names, (*count + 1) * sizeof(char *));
		(*names)[(*count)++] = ar_strdup(item);
	}
	free(copy);
}

static char *unquote(const char *value)
{
	size_t length = strlen(value);

	if (length >= 2 && value[0] == '"' && value[length - 1] == '"')
		return ar_strndup(value + 1, length - 2);
	return ar_strdup(value);
}

static void set_string(char **field, const char *value)
{
	free(*field);
	*field = unquote(value);
}

static enum ar_rc parse_review_key(struct parse_state *state,
				   const char *key, const char *value)
{
	struct config *config = state->config;

	if (strcmp(key, "database") == 0) {
		free(config->database);
		config->database = resolve_path(state, value);
	} else if (strcmp(key, "reports") == 0) {
		free(config->reports);
		config->reports = resolve_path(state, value);
	} else if (strcmp(key, "inactive-days") == 0) {
		char *end = NULL;
		long days = strtol(value, &end, 10);

		if (*value == '\0' || *end != '\0' || days < 1 || days > 3650)
			return fail(state, "'%s' must be a number of days "
				    "from 1 to 3650, not '%s'", key, value);
		config->inactive_days = (int)days;
	} else if (strcmp(key, "fail-on") == 0) {
		if (review_severity_from_name(value, &config->fail_on) != 0)
			return fail(state, "'%s' must be none, info, low, "
				    "medium, high or critical, not '%s'",
				    key, value);
	} else {
		return fail(state, "unknown key '%s' in [%s]", key, "review");
	}
	return AR_OK;
}

static enum ar_rc parse_disabled_rules(struct parse_state *state,
				       const char *value, unsigned int *rules)
{
	char **names = NULL;
	size_t count = 0;
	enum ar_rc rc = AR_OK;

	*rules = 0;
	parse_name_list(value, &names, &count);
	for (size_t i = 0; i < count; i++) {
		if (strcasecmp(names[i], "pwdAccountLockedTime") == 0)
			*rules |= DISABLED_PWD_ACCOUNT_LOCKED_TIME;
		else if (strcasecmp(names[i], "nsAccountLock") == 0)
			*rules |= DISABLED_NS_ACCOUNT_LOCK;
		else if (strcasecmp(names[i], "userAccountControl") == 0)
			*rules |= DISABLED_USER_ACCOUNT_CONTROL;
		else if (rc == AR_OK)
			rc = fail(state, "'disabled-when': unknown rule '%s'%s",
				  names[i], "");
	}
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
	return rc;
}

/* ---- LDAP keys ---- */

/* Unset: -1 or NULL, so that a bare "ldap" source can inherit. */
static void ldap_settings_unset(struct ldap_settings *ldap)
{
	memset(ldap, 0, sizeof(*ldap));
	ldap->scope = SOURCE_LDAP_SCOPE_SUB;
	ldap->sasl_external = -1;
	ldap->starttls = -1;
	ldap->allow_plaintext = -1;
	ldap->timeout = -1;
	ldap->network_timeout = -1;
	ldap->page_size = -1;
	ldap->referrals = -1;
}

static void set_const_string(const char **field, const char *value)
{
	free((char *)*field);
	*field = unquote(value);
}

static void set_const_path(struct parse_state *state, const char **field,
			   const char *value)
{
	char *plain = unquote(value);

	free((char *)*field);
	*field = resolve_path(state, plain);
	free(plain);
}

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

/* "'timeout' must be a number of seconds from 1 to 3600, not 'x'" */
static enum ar_rc parse_number(struct parse_state *state, const char *key,
			       const char *value, const char *unit, int min,
			       int max, int *out)
{
	char *end = NULL;
	char message[160];
	long number;

	errno = 0;
	number = strtol(value, &end, 10);
	if (*value == '\0' || *end != '\0' || errno != 0 || number < min ||
	    number > max) {
		snprintf(message, sizeof(message),
			 "'%s' must be a number of %s from %d to %d", key, unit,
			 min, max);
		return fail(state, "%s, not '%s'", message, value);
	}
	*out = (int)number;
	return AR_OK;
}

static enum ar_rc parse_flag(struct parse_state *state, const char *key,
			     const char *value, int *out)
{
	int flag = text_parse_bool(value);

	if (flag < 0)
		return fail(state, "'%s' must be yes or no, not '%s'", key,
			    value);
	*out = flag;
	return AR_OK;
}

static enum ar_rc parse_attribute_key(struct parse_state *state,
				      struct ldap_settings *ldap,
				      const char *key, const char *value)
{
	static const char *const names[] = {
		"uid", "mail", "display-name", "cn", "employee-number",
		"manager", "mfa",
	};
	const char **fields[] = {
		&ldap->attributes.uid, &ldap->attributes.mail,
		&ldap->attributes.display_name, &ldap->attributes.cn,
		&ldap->attributes.employee_number, &ldap->attributes.manager,
		&ldap->attributes.mfa,
	};
	char *type = unquote(value);
	enum ar_rc rc = AR_OK;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(key + 10, names[i]) == 0)
			break;
	if (i == sizeof(names) / sizeof(names[0]))
		rc = fail(state, "unknown attribute '%s' in '%s' (uid, mail, "
			  "display-name, cn, employee-number, manager, mfa)",
			  key + 10, key);
	else if (!is_attribute_type(type))
		rc = fail(state, "'%s' must be an attribute type, not '%s'",
			  key, value);
	else
		set_const_string(fields[i], type);
	free(type);
	return rc;
}

/* The filter keys: refused early when they cannot be a filter. */
static enum ar_rc parse_filter_key(struct parse_state *state,
				   const char *key, const char *value,
				   const char **field)
{
	char *filter = unquote(value);
	int ok = looks_like_filter(filter);

	free(filter);
	if (!ok)
		return fail(state, "'%s' must be an LDAP filter in "
			    "parentheses, such as (objectClass=person), not "
			    "'%s'", key, value);
	set_const_string(field, value);
	return AR_OK;
}

/*
 * The keys of a live LDAP source, in [directory] and [system "x"].
 * Returns 0 when key is not one of them; else 1, with the outcome in *rc.
 */
static int parse_ldap_key(struct parse_state *state,
			  struct ldap_settings *ldap, const char *key,
			  const char *value, enum ar_rc *rc)
{
	*rc = AR_OK;
	if (strcmp(key, "base") == 0) {
		set_const_string(&ldap->base, value);
	} else if (strcmp(key, "scope") == 0) {
		if (strcmp(value, "sub") == 0)
			ldap->scope = SOURCE_LDAP_SCOPE_SUB;
		else if (strcmp(value, "one") == 0)
			ldap->scope = SOURCE_LDAP_SCOPE_ONE;
		else if (strcmp(value, "base") == 0)
			ldap->scope = SOURCE_LDAP_SCOPE_BASE;
		else
			*rc = fail(state, "'%s' must be sub, one or base, "
				   "not '%s'", key, value);
	} else if (strcmp(key, "filter") == 0) {
		*rc = parse_filter_key(state, key, value, &ldap->filter);
	} else if (strcmp(key, "group-base") == 0) {
		set_const_string(&ldap->group_base, value);
	} else if (strcmp(key, "group-filter") == 0) {
		*rc = parse_filter_key(state, key, value, &ldap->group_filter);
	} else if (strcmp(key, "disabled-filter") == 0) {
		*rc = parse_filter_key(state, key, value,
				       &ldap->disabled_filter);
	} else if (strcmp(key, "bind-dn") == 0) {
		set_const_string(&ldap->bind_dn, value);
	} else if (strcmp(key, "password-file") == 0) {
		set_const_path(state, &ldap->password_file, value);
	} else if (strcmp(key, "password-env") == 0) {
		if (!is_environment_name(value))
			*rc = fail(state, "'%s' must name an environment "
				   "variable, not '%s'", key, value);
		else
			set_const_string(&ldap->password_env, value);
	} else if (strcmp(key, "sasl") == 0) {
		if (strcasecmp(value, "external") != 0)
			*rc = fail(state, "'%s' must be external (the only "
				   "SASL mechanism supported), not '%s'", key,
				   value);
		else
			ldap->sasl_external = 1;
	} else if (strcmp(key, "ca-file") == 0) {
		set_const_path(state, &ldap->ca_file, value);
	} else if (strcmp(key, "cert-file") == 0) {
		set_const_path(state, &ldap->cert_file, value);
	} else if (strcmp(key, "key-file") == 0) {
		set_const_path(state, &ldap->key_file, value);
	} else if (strcmp(key, "starttls") == 0) {
		*rc = parse_flag(state, key, value, &ldap->starttls);
	} else if (strcmp(key, "allow-plaintext") == 0) {
		*rc = parse_flag(state, key, value, &ldap->allow_plaintext);
	} else if (strcmp(key, "referrals") == 0) {
		*rc = parse_flag(state, key, value, &ldap->referrals);
	} else if (strcmp(key, "timeout") == 0) {
		*rc = parse_number(state, key, value, "seconds", 1, 3600,
				   &ldap->timeout);
	} else if (strcmp(key, "network-timeout") == 0) {
		*rc = parse_number(state, key, value, "seconds", 1, 600,
				   &ldap->network_timeout);
	} else if (strcmp(key, "page-size") == 0) {
		/* 0: no paging, for a server without RFC 2696 */
		*rc = parse_number(state, key, value, "entries", 0, 100000,
				   &ldap->page_size);
	} else if (strncmp(key, "attribute.", 10) == 0) {
		*rc = parse_attribute_key(state, ldap, key, value);
	} else if (strcmp(key, "password") == 0 ||
		   strcmp(key, "bind-password") == 0) {
		*rc = fail(state, "passwords are never accepted inline "
			   "(key '%s'); use password-file%s", key, "");
	} else {
		return 0;
	}
	return 1;
}

static enum ar_rc parse_directory_key(struct parse_state *state,
				      const char *key, const char *value)
{
	struct config *config = state->config;
	enum ar_rc rc;

	if (strcmp(key, "source") == 0) {
		config->directory_line = state->line;
		return parse_source(state, key, value, &config->directory, 0);
	}
	if (strcmp(key, "base") == 0)
		set_string(&config->directory_base, value);
	if (strcmp(key, "disabled-when") == 0)
		return parse_disabled_rules(state, value,
					    &config->disabled_rules);
	/* Keys of the live LDAP source: accepted with a file source too,
	 * so one file serves both, but checked only for an LDAP source. */
	if (parse_ldap_key(state, &config->directory_ldap, key, value, &rc))
		return rc;
	return fail(state, "unknown key '%s' in [%s]", key, "directory");
}

static enum ar_rc add_field_mapping(struct config_system *system,
				    const char *field, const char *column)
{
	system->fields = ar_realloc(system->fields, (system->field_count + 1) *
					    sizeof(*system->fields));
	system->fields[system->field_count].field = ar_strdup(field);
	system->fields[system->field_count].column = unquote(column);
	system->field_count++;
	return AR_OK;
}

static const char *const mapped_fields[] = {
	"id", "login", "email", "name", "active", "mfa", "last-login",
	"groups", "employee-number",
};

static enum ar_rc parse_system_key(struct parse_state *state,
				   struct config_system *system,
				   const char *key, const char *value)
{
	enum ar_rc rc;
	int flag;

	if (strcmp(key, "source") == 0)
		return parse_source(state, key, value, &system->accounts, 1);
	if (strcmp(key, "groups") == 0) {
		system->has_groups = 1;
		return parse_source(state, key, value, &system->groups, 1);
	}
	if (strcmp(key, "mfa") == 0) {
		system->has_mfa = 1;
		return parse_source(state, key, value, &system->mfa, 1);
	}
	if (parse_ldap_key(state, &system->ldap, key, value, &rc))
		return rc;
	if (strcmp(key, "category") == 0) {
		if (!in_list(value, categories,
			     sizeof(categories) / sizeof(*categories)))
			return fail(state, "unknown category '%s' (%s)", value,
				    "source_control, marketplace_admin, "
				    "support, deployment, logs");
		set_string(&system->category, value);
		return AR_OK;
	}
	if (strcmp(key, "owner") == 0) {
		set_string(&system->owner, value);
		return AR_OK;
	}
	if (strcmp(key, "preset") == 0) {
		set_string(&system->preset, value);
		return AR_OK;
	}
	if (strcmp(key, "mfa-supported") == 0) {
		flag = text_parse_bool(value);
		if (flag < 0)
			return fail(state, "'%s' must be yes or no, not '%s'",
				    key, value);
		system->mfa_supported = flag;
		return AR_OK;
	}
	if (strcmp(key, "match") == 0) {
		if (!in_list(value, match_keys,
			     sizeof(match_keys) / sizeof(*match_keys)))
			return fail(state, "'match' must be email, uid or "
				    "employeeNumber, not '%s'%s", value, "");
		set_string(&system->match, value);
		return AR_OK;
	}
	if (strcmp(key, "privileged") == 0) {
		parse_name_list(value, &system->privileged,
				&system->privileged_count);
		return AR_OK;
	}
	if (strncmp(key, "field.", 6) == 0) {
		if (!in_list(key + 6, mapped_fields,
			     sizeof(mapped_fields) / sizeof(*mapped_fields)))
			return fail(state, "unknown field '%s' in '%s'",
				    key + 6, key);
		return add_field_mapping(system, key + 6, value);
	}
	return fail(state, "unknown key '%s' in [system \"%s\"]", key,
		    system->name);
}

/* `system "github"` -> "github"; NULL when not a system section. */
static char *system_section_name(const char *section)
{
	size_t length;

	if (strncmp(section, "system", 6) != 0)
		return NULL;
	section += 6;
	while (*section == ' ' || *section == '\t')
		section++;
	length = strlen(section);
	if (length < 3 || section[0] != '"' || section[length - 1] != '"')
		return NULL;
	return ar_strndup(section + 1, length - 2);
}

static struct config_system *find_or_add_system(struct parse_state *state,
						const char *name)
{
	struct config *config = state->config;
	struct config_system *system;

	for (size_t i = 0; i < config->system_count; i++)
		if (strcmp(config->systems[i].name, name) == 0)
			return &config->systems[i];
	config->systems = ar_realloc(config->systems,
				     (config->system_count + 1) *
					     sizeof(*config->systems));
	system = &config->systems[config->system_count++];
	memset(system, 0, sizeof(*system));
	system->name = ar_strdup(name);
	system->mfa_supported = 1;
	system->match = ar_strdup("email");
	system->line = state->line;
	ldap_settings_unset(&system->ldap);
	return system;
}

/* inih callback: returns 1 to go on, 0 to stop at the first error. */
static int handle_key(void *user, const char *section, const char *key,
		      const char *value)
{
	struct parse_state *state = user;
	char *system_name;
	enum ar_rc rc;

	if (state->err->code != AR_OK)
		return 0;
	if (strcmp(section, "review") == 0) {
		rc = parse_review_key(state, key, value);
	} else if (strcmp(section, "directory") == 0) {
		state->directory_seen = 1;
		rc = parse_directory_key(state, key, value);
	} else if ((system_name = system_section_name(section)) != NULL) {
		struct config_system *system =
			find_or_add_system(state, system_name);

		rc = parse_system_key(state, system, key, value);
		free(system_name);
	} else if (*section == '\0') {
		rc = fail(state, "key '%s' outside any section%s", key, "");
	} else {
		rc = fail(state, "unknown section [%s]%s", section, "");
	}
	return rc == AR_OK;
}

/*
 * fgets-like reader for inih that counts lines and flags long ones and
 * ones that are not UTF-8 (names and owners reach every report).
 */
static char *read_line(char *buffer, int size, void *stream)
{
	struct parse_state *state = stream;
	char *line = fgets(buffer, size, state->file);
	size_t length;

	if (line == NULL)
		return NULL;
	state->line++;
	length = strlen(line);
	if (length == (size_t)size - 1 && line[length - 1] != '\n' &&
	    !feof(state->file)) {
		state->line_too_long = 1;
		state->max_line = size - 3;
		return NULL;
	}
	if (!text_is_utf8(line, length)) {
		state->line_not_utf8 = 1;
		return NULL;
	}
	return line;
}

/* Duplicate [system "x"] sections are errors: scan headers first. */
static enum ar_rc check_duplicate_sections(struct parse_state *state)
{
	char line[CONFIG_MAX_LINE];
	char **seen = NULL;
	size_t seen_count = 0;
	int number = 0;
	enum ar_rc rc = AR_OK;

	while (rc == AR_OK && fgets(line, sizeof(line), state->file)) {
		char *name, *close;

		number++;
		text_trim(line);
		if (line[0] != '[' || (close = strrchr(line, ']')) == NULL)
			continue;
		*close = '\0';
		name = system_section_name(line + 1);
		if (name == NULL)
			continue;
		for (size_t i = 0; i < seen_count; i++) {
			if (strcmp(seen[i], name) == 0) {
				state->line = number;
				rc = fail(state, "duplicate system \"%s\"%s",
					  name, "");
			}
		}
		seen = ar_realloc(seen, (seen_count + 1) * sizeof(char *));
		seen[seen_count++] = name;
	}
	for (size_t i = 0; i < seen_count; i++)
		free(seen[i]);
	free(seen);
	rewind(state->file);
	state->line = 0;
	return rc;
}

/* ---- LDAP sources, once the whole file is read ---- */

static const char *dup_or_keep(const char *own, const char *inherited)
{
	return own != NULL ? own : ar_strdup_or_null(inherited);
}

static int int_or_keep(int own, int inherited)
{
	return own >= 0 ? own : inherited;
}

/*
 * A system whose source is the bare "ldap" reads the [directory]'s
 * server, so it binds and connects as [directory] says unless it says
 * otherwise.  Its people query (base, scope, filter) comes as one piece,
 * and so do the credentials, so that a half-set pair never mixes two
 * sections.  Its groups are its own business: group keys are not taken.
 */
static void inherit_ldap(struct ldap_settings *own,
			 const struct ldap_settings *from)
{
	struct ldap_attribute_map *mine = &own->attributes;
	const struct ldap_attribute_map *theirs = &from->attributes;

	if (own->base == NULL) {
		own->base = ar_strdup_or_null(from->base);
		own->scope = from->scope;
		own->filter = dup_or_keep(own->filter, from->filter);
	}
	if (own->bind_dn == NULL && own->password_file == NULL &&
	    own->password_env == NULL && own->sasl_external < 0) {
		own->bind_dn = ar_strdup_or_null(from->bind_dn);
		own->password_file = ar_strdup_or_null(from->password_file);
		own->password_env = ar_strdup_or_null(from->password_env);
		own->sasl_external = from->sasl_external;
	}
	own->ca_file = dup_or_keep(own->ca_file, from->ca_file);
	own->cert_file = dup_or_keep(own->cert_file, from->cert_file);
	own->key_file = dup_or_keep(own->key_file, from->key_file);
	own->disabled_filter =
		dup_or_keep(own->disabled_filter, from->disabled_filter);
	own->starttls = int_or_keep(own->starttls, from->starttls);
	own->allow_plaintext =
		int_or_keep(own->allow_plaintext, from->allow_plaintext);
	own->timeout = int_or_keep(own->timeout, from->timeout);
	own->network_timeout =
		int_or_keep(own->network_timeout, from->network_timeout);
	own->page_size = int_or_keep(own->page_size, from->page_size);
	own->referrals = int_or_keep(own->referrals, from->referrals);
	mine->uid = dup_or_keep(mine->uid, theirs->uid);
	mine->mail = dup_or_keep(mine->mail, theirs->mail);
	mine->display_name =
		dup_or_keep(mine->display_name, theirs->display_name);
	mine->cn = dup_or_keep(mine->cn, theirs->cn);
	mine->employee_number =
		dup_or_keep(mine->employee_number, theirs->employee_number);
	mine->manager = dup_or_keep(mine->manager, theirs->manager);
	mine->mfa = dup_or_keep(mine->mfa, theirs->mfa);
}

static enum ar_rc ldap_error(struct parse_state *state, int line,
			     const char *section, const char *problem)
{
	return ar_error_set(state->err, AR_ERR_CONFIG, "%s:%d: %s: %s",
			    state->path, line, section, problem);
}

/* The credentials: one way to bind, never half of one. */
static enum ar_rc check_ldap_bind(struct parse_state *state, int line,
				  const char *section, const char *url,
				  const struct ldap_settings *ldap)
{
	int tls = strncasecmp(url, "ldaps://", 8) == 0 || ldap->starttls;

	if (ldap->bind_dn != NULL && ldap->sasl_external > 0)
		return ldap_error(state, line, section,
				  "'bind-dn' and 'sasl = external' exclude "
				  "each other");
	if (ldap->bind_dn != NULL &&
	    (ldap->password_file == NULL) == (ldap->password_env == NULL))
		return ldap_error(state, line, section,
				  "'bind-dn' needs one of 'password-file' "
				  "and 'password-env'");
	if (ldap->bind_dn == NULL &&
	    (ldap->password_file != NULL || ldap->password_env != NULL))
		return ldap_error(state, line, section,
				  "a password without 'bind-dn'");
	if ((ldap->cert_file == NULL) != (ldap->key_file == NULL))
		return ldap_error(state, line, section,
				  "'cert-file' and 'key-file' go together");
	if (ldap->sasl_external > 0 &&
	    strncasecmp(url, "ldapi://", 8) != 0 &&
	    (!tls || ldap->cert_file == NULL))
		return ldap_error(state, line, section,
				  "'sasl = external' needs ldapi://, or TLS "
				  "with 'cert-file' and 'key-file'");
	/* policy: no password in clear over the network */
	if (ldap->bind_dn != NULL && !tls && !ldap->allow_plaintext &&
	    !url_ldap_is_local(url))
		return ldap_error(state, line, section,
				  "a simple bind without TLS to a remote "
				  "server is refused: use ldaps://, "
				  "'starttls = yes' or, knowingly, "
				  "'allow-plaintext = yes'");
	return AR_OK;
}

/* Apply the defaults, then check what only the whole section shows. */
static enum ar_rc check_ldap(struct parse_state *state, int line,
			     const char *section, const char *url,
			     struct ldap_settings *ldap)
{
	int plain = strncasecmp(url, "ldap://", 7) == 0;

	if (ldap->base == NULL)
		return ldap_error(state, line, section,
				  "an LDAP source needs 'base'");
	if (ldap->starttls > 0 && !plain)
		return ldap_error(state, line, section,
				  "'starttls' applies to ldap:// only");
	if (ldap->starttls < 0)
		ldap->starttls = plain && !url_ldap_is_local(url);
	if (ldap->sasl_external < 0)
		ldap->sasl_external = 0;
	if (ldap->allow_plaintext < 0)
		ldap->allow_plaintext = 0;
	if (ldap->timeout < 0)
		ldap->timeout = LDAP_DEFAULT_TIMEOUT;
	if (ldap->network_timeout < 0)
		ldap->network_timeout = LDAP_DEFAULT_NETWORK_TIMEOUT;
	if (ldap->page_size < 0)
		ldap->page_size = LDAP_DEFAULT_PAGE_SIZE;
	if (ldap->referrals < 0)
		ldap->referrals = 0;
	return check_ldap_bind(state, line, section, url, ldap);
}

static int is_bare_ldap(const struct config_source *source)
{
	return source->format == SOURCE_FORMAT_LDAP &&
	       strcmp(source->location, BARE_LDAP) == 0;
}

/* The system's LDAP server: one per system, bare "ldap" resolved. */
static enum ar_rc resolve_system_ldap(struct parse_state *state,
				      struct config_system *system)
{
	struct config *config = state->config;
	struct config_source *sources[3] = { NULL, NULL, NULL };
	const char *url = NULL;
	char section[300];
	int bare = 0;
	size_t count = 0;

	if (system->accounts.location != NULL)
		sources[count++] = &system->accounts;
	if (system->has_groups)
		sources[count++] = &system->groups;
	if (system->has_mfa)
		sources[count++] = &system->mfa;
	snprintf(section, sizeof(section), "[system \"%.200s\"]",
		 system->name);
	for (size_t i = 0; i < count; i++) {
		const char *here;

		if (sources[i]->format != SOURCE_FORMAT_LDAP)
			continue;
		bare |= is_bare_ldap(sources[i]);
		here = is_bare_ldap(sources[i]) ? config->directory.location
						: sources[i]->location;
		if (is_bare_ldap(sources[i]) &&
		    config->directory.format != SOURCE_FORMAT_LDAP)
			return ldap_error(state, system->line, section,
					  "'ldap' means the [directory]'s "
					  "LDAP server, but [directory] has "
					  "no LDAP source");
		if (url != NULL && strcasecmp(url, here) != 0)
			return ldap_error(state, system->line, section,
					  "one LDAP server per system");
		url = here;
	}
	if (url == NULL)
		return AR_OK;
	/* url is the directory's location or a non-bare source's, never
	 * one freed here */
	for (size_t i = 0; i < count; i++) {
		if (is_bare_ldap(sources[i])) {
			free(sources[i]->location);
			/* NOLINTNEXTLINE(clang-analyzer-unix.Malloc) */
			sources[i]->location = ar_strdup(url);
		}
	}
	if (bare)
		inherit_ldap(&system->ldap, &config->directory_ldap);
	return check_ldap(state, system->line, section, url, &system->ldap);
}

static enum ar_rc resolve_ldap(struct parse_state *state)
{
	struct config *config = state->config;
	enum ar_rc rc = AR_OK;

	if (config->directory.format == SOURCE_FORMAT_LDAP)
		rc = check_ldap(state, config->directory_line, "[directory]",
				config->directory.location,
				&config->directory_ldap);
	for (size_t i = 0; rc == AR_OK && i < config->system_count; i++)
		rc = resolve_system_ldap(state, &config->systems[i]);
	return rc;
}

static enum ar_rc validate(struct parse_state *state)
{
	struct config *config = state->config;

	state->line = 0;
	if (config->directory.location == NULL)
		return ar_error_set(state->err, AR_ERR_CONFIG,
				    "%s: [directory] needs 'source'",
				    state->path);
	for (size_t i = 0; i < config->system_count; i++) {
		struct config_system *system = &config->systems[i];

		if (system->accounts.location == NULL && !system->has_groups)
			return ar_error_set(state->err, AR_ERR_CONFIG,
					    "%s:%d: [system \"%s\"] needs "
					    "'source' or 'groups'",
					    state->path, system->line,
					    system->name);
		if (system->category == NULL)
			return ar_error_set(state->err, AR_ERR_CONFIG,
					    "%s:%d: [system \"%s\"] needs "
					    "'category'",
					    state->path, system->line,
					    system->name);
	}
	return resolve_ldap(state);
}

static void set_defaults(struct config *config, const char *path)
{
	config->path = ar_strdup(path);
	config->inactive_days = 90;
	config->fail_on = SEVERITY_HIGH;
	config->disabled_rules = DISABLED_PWD_ACCOUNT_LOCKED_TIME |
				 DISABLED_NS_ACCOUNT_LOCK |
				 DISABLED_USER_ACCOUNT_CONTROL;
	ldap_settings_unset(&config->directory_ldap);
}

static void resolve_defaults(struct parse_state *state)
{
	if (state->config->database == NULL)
		state->config->database =
			resolve_path(state, "var/accessreview.db");
	if (state->config->reports == NULL)
		state->config->reports = resolve_path(state, "reports");
}

enum ar_rc config_load(const char *path, struct config **out,
		       struct ar_error *err)
{
	struct parse_state state = { 0 };
	char *path_copy = ar_strdup(path);
	enum ar_rc rc = AR_OK;
	int result;

	*out = NULL;
	state.config = ar_calloc(1, sizeof(*state.config));
	state.path = path;
	state.err = err;
	state.base_dir = ar_strdup(dirname(path_copy));
	set_defaults(state.config, path);
	state.file = fopen(path, "r");
	if (state.file == NULL) {
		rc = ar_error_set(err, AR_ERR_NOINPUT,
				  "cannot open configuration '%s': %s", path,
				  strerror(errno));
		goto out;
	}
	rc = check_duplicate_sections(&state);
	if (rc != AR_OK)
		goto out;
	ini_allow_multiline = 0;
	ini_stop_on_first_error = 1;
	result = ini_parse_stream(read_line, &state, handle_key, &state);
	if (state.line_too_long) {
		char limit[16];

		snprintf(limit, sizeof(limit), "%d", state.max_line);
		rc = fail(&state, "line longer than %s bytes%s", limit, "");
	}
	else if (state.line_not_utf8)
		rc = fail(&state, "line is not valid UTF-8%s%s", "", "");
	else if (err->code != AR_OK)
		rc = err->code;
	else if (result != 0)
		rc = ar_error_set(err, AR_ERR_CONFIG,
				  "%s:%d: syntax error (expected [section] or "
				  "NAME = VALUE)", path, result);
	if (rc == AR_OK)
		rc = validate(&state);
	if (rc == AR_OK)
		resolve_defaults(&state);
out:
	if (state.file)
		fclose(state.file);
	free(path_copy);
	free(state.base_dir);
	if (rc == AR_OK)
		*out = state.config;
	else
		config_free(state.config);
	return rc;
}

static void release_ldap(struct ldap_settings *ldap)
{
	const char *strings[] = {
		ldap->base, ldap->filter, ldap->group_base, ldap->group_filter,
		ldap->bind_dn, ldap->password_file, ldap->password_env,
		ldap->ca_file, ldap->cert_file, ldap->key_file,
		ldap->disabled_filter, ldap->attributes.uid,
		ldap->attributes.mail, ldap->attributes.display_name,
		ldap->attributes.cn, ldap->attributes.employee_number,
		ldap->attributes.manager, ldap->attributes.mfa,
	};

	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
		free((char *)strings[i]);
}

static void release_system(struct config_system *system)
{
	release_ldap(&system->ldap);
	free(system->name);
	free(system->category);
	free(system->owner);
	free(system->accounts.location);
	free(system->groups.location);
	free(system->mfa.location);
	free(system->preset);
	free(system->match);
	for (size_t i = 0; i < system->field_count; i++) {
		free((char *)system->fields[i].field);
		free((char *)system->fields[i].column);
	}
	free(system->fields);
	for (size_t i = 0; i < system->privileged_count; i++)
		free(system->privileged[i]);
	free(system->privileged);
}

void config_free(struct config *config)
{
	if (config == NULL)
		return;
	for (size_t i = 0; i < config->system_count; i++)
		release_system(&config->systems[i]);
	free(config->systems);
	free(config->path);
	free(config->database);
	free(config->reports);
	free(config->directory.location);
	free(config->directory_base);
	release_ldap(&config->directory_ldap);
	free(config);
}
