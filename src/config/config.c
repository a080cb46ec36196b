/* config.c -- load and validate the INI configuration (inih) */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "accessreview/mem.h"
#include "accessreview/text.h"
#include "config_int.h"

#define CONFIG_MAX_LINE 4096

const char *config_choose_path(const char *explicit_path)
{
	const char *from_environment = getenv("ACCESSREVIEW_CONFIG");

	if (explicit_path != NULL)
		return explicit_path;
	if (from_environment != NULL && *from_environment != '\0')
		return from_environment;
	return "accessreview.conf";
}

enum ar_rc config_fail(struct parse_state *state, const char *fmt, ...)
{
	struct ar_location where = AR_LOCATION_LINE(state->path, state->line);
	char message[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	return ar_error_at(state->err, AR_ERR_CONFIG, &where, "%s", message);
}

char *config_resolve_path(const struct parse_state *state, const char *path)
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

char *config_unquote(const char *value)
{
	size_t length = strlen(value);

	if (length >= 2 && value[0] == '"' && value[length - 1] == '"')
		return ar_strndup(value + 1, length - 2);
	return ar_strdup(value);
}

void config_parse_name_list(const char *value, char ***names, size_t *count)
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

/* ---- sections ---- */

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

static struct collect_system *find_or_add_system(struct parse_state *state,
						 const char *name)
{
	struct collect_plan *plan = &state->config->collect;
	struct collect_system *system;

	for (size_t i = 0; i < plan->system_count; i++)
		if (strcmp(plan->systems[i].name, name) == 0)
			return &plan->systems[i];
	plan->systems = ar_realloc(plan->systems, (plan->system_count + 1) *
							  sizeof(*plan->systems));
	system = &plan->systems[plan->system_count++];
	memset(system, 0, sizeof(*system));
	system->name = ar_strdup(name);
	system->mfa_supported = 1;
	system->match = ar_strdup("email");
	system->line = state->line;
	config_ldap_unset(&system->ldap);
	return system;
}

/* The section a key line is in, with its structs; 0 when unknown. */
static unsigned int enter_section(struct parse_state *state,
				  const char *section)
{
	char *name;

	state->system = NULL;
	state->ldap = NULL;
	if (strcmp(section, "review") == 0)
		return SECTION_REVIEW;
	if (strcmp(section, "evidence") == 0)
		return SECTION_EVIDENCE;
	if (strcmp(section, "mail") == 0)
		return SECTION_MAIL;
	if (strcmp(section, "retention") == 0)
		return SECTION_RETENTION;
	if (strcmp(section, "directory") == 0) {
		state->ldap = &state->config->collect.directory_ldap;
		return SECTION_DIRECTORY;
	}
	name = system_section_name(section);
	if (name == NULL)
		return 0;
	state->system = find_or_add_system(state, name);
	state->ldap = &state->system->ldap;
	free(name);
	return SECTION_SYSTEM;
}

static enum ar_rc unknown_section(struct parse_state *state,
				  const char *section)
{
	if (*section == '\0')
		return config_fail(state, "a key outside any section");
	if (strncmp(section, "system", 6) == 0)
		return config_fail(state, "[%s]: write a system section as "
				   "[system \"NAME\"], with the name in double "
				   "quotes", section);
	return config_fail(state, "unknown section [%s] (the sections are "
			   "[review], [directory], [system \"NAME\"], [mail], "
			   "[evidence] and [retention])", section);
}

static const char *section_label(unsigned int section,
				 const struct parse_state *state, char *out,
				 size_t size)
{
	if (section == SECTION_SYSTEM)
		snprintf(out, size, "system \"%s\"", state->system->name);
	else
		snprintf(out, size, "%s",
			 section == SECTION_REVIEW      ? "review"
			 : section == SECTION_MAIL      ? "mail"
			 : section == SECTION_EVIDENCE  ? "evidence"
			 : section == SECTION_RETENTION ? "retention"
							: "directory");
	return out;
}

static enum ar_rc unknown_key(struct parse_state *state, unsigned int section,
			      const char *key)
{
	const char *closest = config_closest_key(key, section);
	char label[300];

	section_label(section, state, label, sizeof(label));
	if (closest != NULL)
		return config_fail(state, "unknown key '%s' in [%s]; did you "
				   "mean '%s'?", key, label, closest);
	return config_fail(state, "unknown key '%s' in [%s] (see "
			   "accessreview.conf(5))", key, label);
}

static void *key_field(struct parse_state *state, const struct config_key *key)
{
	char *base = NULL;

	switch (key->target) {
	case TARGET_CONFIG: base = (char *)state->config; break;
	case TARGET_PLAN: base = (char *)&state->config->collect; break;
	case TARGET_SYSTEM: base = (char *)state->system; break;
	case TARGET_LDAP: base = (char *)state->ldap; break;
	}
	return base + key->offset;
}

/* inih callback: returns 1 to go on, 0 to stop at the first error. */
static int handle_key(void *user, const char *section, const char *name,
		      const char *value)
{
	struct parse_state *state = user;
	unsigned int which;
	const struct config_key *key;
	enum ar_rc rc;

	if (state->err->code != AR_OK)
		return 0;
	which = enter_section(state, section);
	if (which == 0)
		rc = unknown_section(state, section);
	else if ((key = config_find_key(name, which)) == NULL)
		rc = unknown_key(state, which, name);
	else
		rc = key->parse(state, key, name, value, key_field(state, key));
	if (rc == AR_OK && which == SECTION_DIRECTORY &&
	    strcmp(name, "source") == 0)
		state->directory_line = state->line;
	return rc == AR_OK;
}

/* ---- reading lines ---- */

/*
 * fgets-like reader for inih that counts lines and flags long ones, ones
 * holding a NUL (inih would cut the line there) and ones that are not
 * UTF-8 (names and owners reach every report).
 */
static char *read_line(char *buffer, int size, void *stream)
{
	struct parse_state *state = stream;
	int length = 0, c = EOF;

	while (length < size - 1 && (c = getc(state->file)) != EOF) {
		buffer[length++] = (char)c;
		if (c == '\0')
			state->line_has_nul = 1;
		if (c == '\n')
			break;
	}
	if (length == 0)
		return NULL;
	buffer[length] = '\0';
	state->line++;
	if (state->line_has_nul)
		return NULL;
	if (buffer[length - 1] != '\n' && length == size - 1 &&
	    (c = getc(state->file)) != EOF) {
		state->line_too_long = 1;
		state->max_line = size - 3;
		return NULL;
	}
	if (!text_is_utf8(buffer, (size_t)length)) {
		state->line_not_utf8 = 1;
		return NULL;
	}
	return buffer;
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
		for (size_t i = 0; i < seen_count && rc == AR_OK; i++) {
			if (strcmp(seen[i], name) == 0) {
				state->line = number;
				rc = config_fail(state,
						 "duplicate system \"%s\"",
						 name);
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

/* ---- after the whole file ---- */

static enum ar_rc system_needs(struct parse_state *state,
			       const struct collect_system *system,
			       const char *what)
{
	state->line = system->line;
	return config_fail(state, "[system \"%s\"] needs %s", system->name,
			   what);
}

static enum ar_rc validate(struct parse_state *state)
{
	struct collect_plan *plan = &state->config->collect;

	if (plan->directory.location == NULL)
		return ar_error_set(state->err, AR_ERR_CONFIG,
				    "%s: [directory] needs 'source'",
				    state->path);
	for (size_t i = 0; i < plan->system_count; i++) {
		struct collect_system *system = &plan->systems[i];

		if (system->accounts.location == NULL &&
		    system->groups.location == NULL)
			return system_needs(state, system,
					    "'source' or 'groups'");
		if (system->category == NULL)
			return system_needs(state, system, "'category'");
	}
	return config_resolve_ldap(state);
}

static void set_defaults(struct config *config, const char *path)
{
	config->path = ar_strdup(path);
	config->collect.inactive_days = 90;
	config->fail_on = SEVERITY_HIGH;
	/* two years of quarterly campaigns */
	config->keep_campaigns = 8;
	config->collect.disabled_rules = DISABLED_PWD_ACCOUNT_LOCKED_TIME |
					 DISABLED_NS_ACCOUNT_LOCK |
					 DISABLED_USER_ACCOUNT_CONTROL;
	config_ldap_unset(&config->collect.directory_ldap);
}

static void resolve_defaults(struct parse_state *state)
{
	if (state->config->database == NULL)
		state->config->database =
			config_resolve_path(state, "var/accessreview.db");
	if (state->config->reports == NULL)
		state->config->reports = config_resolve_path(state, "reports");
}

/* What stopped inih, as the error of the line it stopped at. */
static enum ar_rc parse_outcome(struct parse_state *state, int result)
{
	if (state->line_too_long)
		return config_fail(state, "line longer than %d bytes",
				   state->max_line);
	if (state->line_has_nul)
		return config_fail(state, "line holds a NUL byte");
	if (state->line_not_utf8)
		return config_fail(state, "line is not valid UTF-8");
	if (state->err->code != AR_OK)
		return state->err->code;
	if (result != 0) {
		state->line = result;
		return config_fail(state, "syntax error (expected [section] "
				   "or NAME = VALUE)");
	}
	return AR_OK;
}

enum ar_rc config_load(const char *path, struct config **out,
		       struct ar_error *err)
{
	struct parse_state state = { 0 };
	char *path_copy = ar_strdup(path);
	enum ar_rc rc = AR_OK;

	*out = NULL;
	state.config = ar_calloc(1, sizeof(*state.config));
	state.path = path;
	state.err = err;
	state.base_dir = ar_strdup(dirname(path_copy));
	set_defaults(state.config, path);
	state.file = fopen(path, "r");
	if (state.file == NULL)
		rc = ar_error_errno(err, AR_ERR_NOINPUT, errno,
				    "cannot open configuration '%s'", path);
	if (rc == AR_OK)
		rc = check_duplicate_sections(&state);
	if (rc == AR_OK) {
		ini_allow_multiline = 0;
		ini_stop_on_first_error = 1;
		rc = parse_outcome(&state, ini_parse_stream(read_line, &state,
							    handle_key,
							    &state));
	}
	if (rc == AR_OK)
		rc = validate(&state);
	if (rc == AR_OK)
		resolve_defaults(&state);
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

static void release_names(struct name_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->items[i]);
	free(list->items);
}

static void release_system(struct collect_system *system)
{
	config_ldap_release(&system->ldap);
	free(system->name);
	free(system->category);
	free(system->owner);
	free(system->accounts.location);
	free(system->groups.location);
	free(system->mfa.location);
	free(system->preset);
	free(system->date_format);
	free(system->match);
	for (size_t i = 0; i < system->field_count; i++) {
		free((char *)system->fields[i].field);
		free((char *)system->fields[i].column);
	}
	free(system->fields);
	release_names(&system->privileged);
	release_names(&system->delegates);
	free(system->reviewer);
}

void config_free(struct config *config)
{
	if (config == NULL)
		return;
	for (size_t i = 0; i < config->collect.system_count; i++)
		release_system(&config->collect.systems[i]);
	free(config->collect.systems);
	free(config->path);
	free(config->database);
	free(config->reports);
	free(config->fallback_reviewer);
	free(config->allowed_signers);
	free(config->secret_key);
	free(config->mail_from);
	free(config->mail_sendmail);
	free(config->collect.directory.location);
	config_ldap_release(&config->collect.directory_ldap);
	free(config);
}
