/* config.c -- load and validate the INI configuration (inih) */
/* SPDX-License-Identifier: MIT */
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

#define CONFIG_MAX_LINE 4096

/* Parsing state: inih calls handle_key once per "key = value" line. */
struct parse_state {
	struct config *config;
	FILE *file;
	const char *path;
	char *base_dir;
	int line;                  /* line most recently read */
	int line_too_long;
	int max_line;               /* inih's line buffer size */
	int directory_seen;
	struct ar_error *err;
};

static const char *const severity_names[] = {
	[SEVERITY_INFO] = "info", [SEVERITY_LOW] = "low",
	[SEVERITY_MEDIUM] = "medium", [SEVERITY_HIGH] = "high",
	[SEVERITY_CRITICAL] = "critical", [SEVERITY_NONE] = "none",
};

static const char *const categories[] = {
	"source_control", "marketplace_admin", "support", "deployment", "logs",
};

static const char *const match_keys[] = { "email", "uid", "employeeNumber" };

const char *severity_name(enum severity severity)
{
	if ((size_t)severity < sizeof(severity_names) / sizeof(*severity_names))
		return severity_names[severity];
	return "unknown";
}

int severity_from_name(const char *name, enum severity *out)
{
	for (size_t i = 0; i < sizeof(severity_names) / sizeof(*severity_names);
	     i++) {
		if (strcasecmp(name, severity_names[i]) == 0) {
			*out = (enum severity)i;
			return 0;
		}
	}
	return -1;
}

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

/* "scim:exports/users.json" into a config_source. */
static enum ar_rc parse_source(struct parse_state *state, const char *key,
			       const char *value, struct config_source *out)
{
	const char *colon = strchr(value, ':');
	char format[16];

	if (strncmp(value, "ldap://", 7) == 0 ||
	    strncmp(value, "ldaps://", 8) == 0 ||
	    strncmp(value, "ldapi://", 8) == 0)
		return fail(state,
			    "'%s': live LDAP sources (%s) are not supported "
			    "yet; export to LDIF and use ldif:FILE",
			    key, value);
	if (colon == NULL || (size_t)(colon - value) >= sizeof(format) ||
	    colon[1] == '\0')
		return fail(state, "'%s' must be FORMAT:PATH "
			    "(ldif:, scim:, csv:, json:), not '%s'", key,
			    value);
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
		if (severity_from_name(value, &config->fail_on) != 0)
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

static enum ar_rc parse_directory_key(struct parse_state *state,
				      const char *key, const char *value)
{
	struct config *config = state->config;

	if (strcmp(key, "source") == 0)
		return parse_source(state, key, value, &config->directory);
	if (strcmp(key, "base") == 0) {
		set_string(&config->directory_base, value);
		return AR_OK;
	}
	if (strcmp(key, "disabled-when") == 0)
		return parse_disabled_rules(state, value,
					    &config->disabled_rules);
	/* Keys of the live LDAP source: accepted so one file serves both,
	 * but never used by file sources.  Secrets come from files only. */
	if (strcmp(key, "bind-dn") == 0 || strcmp(key, "ca-file") == 0 ||
	    strcmp(key, "starttls") == 0 || strcmp(key, "password-file") == 0)
		return AR_OK;
	if (strcmp(key, "password") == 0 || strcmp(key, "bind-password") == 0)
		return fail(state, "passwords are never accepted inline "
			    "(key '%s'); use password-file%s", key, "");
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
	int flag;

	if (strcmp(key, "source") == 0)
		return parse_source(state, key, value, &system->accounts);
	if (strcmp(key, "groups") == 0) {
		system->has_groups = 1;
		return parse_source(state, key, value, &system->groups);
	}
	if (strcmp(key, "mfa") == 0) {
		system->has_mfa = 1;
		return parse_source(state, key, value, &system->mfa);
	}
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

/* fgets-like reader for inih that counts lines and flags long ones. */
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
	return AR_OK;
}

static void set_defaults(struct config *config, const char *path)
{
	config->path = ar_strdup(path);
	config->inactive_days = 90;
	config->fail_on = SEVERITY_HIGH;
	config->disabled_rules = DISABLED_PWD_ACCOUNT_LOCKED_TIME |
				 DISABLED_NS_ACCOUNT_LOCK |
				 DISABLED_USER_ACCOUNT_CONTROL;
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

static void release_system(struct config_system *system)
{
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
	free(config);
}
