/* collect.c -- "accessreview collect": pull every source into one snapshot */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accessreview/hash.h"
#include "accessreview/log.h"
#include "accessreview/mem.h"
#include "accessreview/review.h"
#include "accessreview/sources.h"
#include "accessreview/text.h"
#include "cli.h"

static const struct cli_option_help collect_options[] = {
	{ "--now TIMESTAMP", "take the snapshot as of this time (tests)" },
	{ "-h, --help", "show this help" },
	{ NULL, NULL },
};

const struct cli_command_help cli_collect_help = {
	"collect [--now TIMESTAMP] [SYSTEM...]",
	"Read the directory and every configured system (or only the named\n"
	"ones) into one new snapshot, then correlate and compute findings.\n"
	"Nothing is written unless every source reads cleanly.",
	collect_options,
};

/* Where the sink callbacks write: the open snapshot, one system. */
struct collect_sink {
	struct store *store;
	const struct config_system *system;  /* NULL for the directory */
	long long system_id;
	long warnings;
	/* MFA lists are buffered: unlisted accounts get their status first */
	char **mfa_refs;
	enum mfa_status *mfa_statuses;
	size_t mfa_count;
};

static enum ar_rc sink_person(void *context, const struct person_record *person,
			      struct ar_error *err)
{
	struct collect_sink *sink = context;

	return store_add_person(sink->store, person, err);
}

static enum ar_rc sink_account(void *context,
			       const struct account_record *account,
			       struct ar_error *err)
{
	struct collect_sink *sink = context;

	return store_add_account(sink->store, sink->system_id, account, NULL,
				 err);
}

static enum ar_rc sink_group(void *context, const struct group_record *group,
			     struct ar_error *err)
{
	struct collect_sink *sink = context;
	int privileged = group->privileged ||
			 config_is_privileged(sink->system, group->name) ||
			 config_is_privileged(sink->system, group->key);

	return store_add_group(sink->store, sink->system_id, group, privileged,
			       err);
}

static enum ar_rc sink_member(void *context, const char *group_key,
			      const char *ref, enum member_type type,
			      struct ar_error *err)
{
	struct collect_sink *sink = context;

	return store_add_member(sink->store, sink->system_id, group_key, ref,
				type, err);
}

static enum ar_rc sink_mfa(void *context, const char *account_ref,
			   enum mfa_status status, struct ar_error *err)
{
	struct collect_sink *sink = context;

	(void)err;
	sink->mfa_refs = ar_realloc(sink->mfa_refs, (sink->mfa_count + 1) *
						    sizeof(char *));
	sink->mfa_statuses = ar_realloc(sink->mfa_statuses,
					(sink->mfa_count + 1) *
						sizeof(enum mfa_status));
	sink->mfa_refs[sink->mfa_count] = ar_strdup(account_ref);
	sink->mfa_statuses[sink->mfa_count] = status;
	sink->mfa_count++;
	return AR_OK;
}

static void sink_warning(void *context, const char *message)
{
	struct collect_sink *sink = context;
	struct ar_error ignored = AR_ERROR_INIT;

	log_warning("%s", message);
	/* the report lists warnings too; a failure here is not fatal */
	store_add_warning(sink->store, sink->system_id, message, &ignored);
	sink->warnings++;
}

static enum ar_rc ignore_person(void *context,
				const struct person_record *person,
				struct ar_error *err)
{
	(void)context;
	(void)person;
	(void)err;
	return AR_OK;
}

static void release_mfa_list(struct collect_sink *sink)
{
	for (size_t i = 0; i < sink->mfa_count; i++)
		free(sink->mfa_refs[i]);
	free(sink->mfa_refs);
	free(sink->mfa_statuses);
	sink->mfa_refs = NULL;
	sink->mfa_statuses = NULL;
	sink->mfa_count = 0;
}

static enum ar_rc apply_mfa_list(struct collect_sink *sink,
				 const struct source_summary *summary,
				 const char *location, struct ar_error *err)
{
	enum ar_rc rc = AR_OK;
	char message[1024];

	if (summary->has_unlisted_mfa)
		rc = store_set_all_mfa(sink->store, sink->system_id,
				       summary->unlisted_mfa, err);
	for (size_t i = 0; rc == AR_OK && i < sink->mfa_count; i++) {
		int matched = 0;

		rc = store_set_mfa(sink->store, sink->system_id,
				   sink->mfa_refs[i], sink->mfa_statuses[i],
				   &matched, err);
		if (rc == AR_OK && !matched) {
			snprintf(message, sizeof(message),
				 "%s: '%s' is in the MFA list but has no "
				 "account in system '%s'", location,
				 sink->mfa_refs[i], sink->system->name);
			sink_warning(sink, message);
		}
	}
	release_mfa_list(sink);
	return rc;
}

static const char *const role_names[] = {
	[SOURCE_ROLE_DIRECTORY] = "directory",
	[SOURCE_ROLE_ACCOUNTS] = "accounts",
	[SOURCE_ROLE_GROUPS] = "groups",
	[SOURCE_ROLE_MFA] = "mfa",
};

static enum ar_rc record_source(struct collect_sink *sink,
				const struct source_spec *spec,
				const struct source_summary *summary,
				const char *read_at, struct ar_error *err)
{
	char sha256[HASH_HEX_SIZE];
	struct store_source source = { 0 };
	enum ar_rc rc = AR_OK;

	/* a live source hashes what it read; a file is hashed whole */
	if (summary->sha256[0] != '\0') {
		snprintf(sha256, sizeof(sha256), "%s", summary->sha256);
		source.bytes = summary->bytes;
	} else {
		rc = hash_file_sha256(spec->location, sha256, &source.bytes,
				      err);
	}
	if (rc != AR_OK)
		return rc;
	source.system_id = sink->system_id;
	source.role = role_names[spec->role];
	source.format = source_format_name(spec->format);
	source.preset = summary->detected_preset[0] ? summary->detected_preset
						    : spec->preset;
	source.location = spec->location;
	source.sha256 = sha256;
	source.records = summary->records;
	source.declared = summary->declared;
	source.incomplete = summary->incomplete;
	source.read_at = read_at;
	return store_add_source(sink->store, &source, err);
}

static enum ar_rc read_one_source(struct collect_sink *sink,
				  const struct source_spec *spec,
				  const char *read_at, struct ar_error *err)
{
	struct record_sink callbacks = {
		sink,         sink_person, sink_account, sink_group,
		sink_member,  sink_mfa,    sink_warning,
	};
	struct source_summary summary;
	enum ar_rc rc;

	if (spec->role != SOURCE_ROLE_DIRECTORY)
		callbacks.person = ignore_person;
	log_info("reading %s (%s, %s)", spec->location,
		 source_format_name(spec->format), role_names[spec->role]);
	rc = source_read(spec, &callbacks, &summary, err);
	if (rc == AR_OK && spec->role == SOURCE_ROLE_MFA)
		rc = apply_mfa_list(sink, &summary, spec->location, err);
	release_mfa_list(sink);
	if (rc == AR_OK)
		rc = record_source(sink, spec, &summary, read_at, err);
	if (rc == AR_OK && summary.incomplete[0])
		log_warning("%s: incomplete export: %s", spec->location,
			    summary.incomplete);
	if (rc == AR_OK)
		log_info("%s: %ld records", spec->location, summary.records);
	return rc;
}

/* One line per LDAP page with -v: a big pull shows that it moves. */
static void show_progress(void *context, const char *message)
{
	(void)context;
	log_info("%s", message);
}

static void fill_spec(struct source_spec *spec, const struct config *config,
		      const struct config_system *system,
		      const struct config_source *source,
		      enum source_role role, time_t now)
{
	memset(spec, 0, sizeof(*spec));
	spec->system = system ? system->name : NULL;
	spec->role = role;
	spec->format = source->format;
	spec->location = source->location;
	spec->disabled_rules = config->disabled_rules;
	spec->now = now;
	spec->ldap = system ? &system->ldap : &config->directory_ldap;
	spec->progress = show_progress;
	if (system != NULL) {
		spec->preset = system->preset;
		spec->fields = system->fields;
		spec->field_count = system->field_count;
	}
}

static enum ar_rc collect_system(struct store *store,
				 const struct config *config,
				 const struct config_system *system,
				 time_t now, const char *read_at,
				 struct ar_error *err)
{
	struct collect_sink sink = { store, system, 0, 0, NULL, NULL, 0 };
	struct store_system row = { system->name, system->category,
				    system->owner, system->mfa_supported,
				    system->match };
	struct source_spec spec;
	enum ar_rc rc;

	rc = store_add_system(store, &row, &sink.system_id, err);
	if (rc == AR_OK && system->accounts.location != NULL) {
		fill_spec(&spec, config, system, &system->accounts,
			  SOURCE_ROLE_ACCOUNTS, now);
		rc = read_one_source(&sink, &spec, read_at, err);
	}
	if (rc == AR_OK && system->has_groups) {
		fill_spec(&spec, config, system, &system->groups,
			  SOURCE_ROLE_GROUPS, now);
		rc = read_one_source(&sink, &spec, read_at, err);
	}
	if (rc == AR_OK && system->has_mfa) {
		fill_spec(&spec, config, system, &system->mfa, SOURCE_ROLE_MFA,
			  now);
		/* presets are detected per file: the MFA list has its own */
		spec.preset = NULL;
		rc = read_one_source(&sink, &spec, read_at, err);
	}
	if (rc == AR_OK)
		rc = store_resolve_memberships(store, sink.system_id, err);
	if (rc != AR_OK)
		ar_error_prefix(err, "system '%s'", system->name);
	return rc;
}

static int selected(const char *name, char **systems, int count)
{
	if (count == 0)
		return 1;
	for (int i = 0; i < count; i++)
		if (strcmp(systems[i], name) == 0)
			return 1;
	return 0;
}

static enum ar_rc check_selection(const struct config *config, char **systems,
				  int count, struct ar_error *err)
{
	for (int i = 0; i < count; i++) {
		int known = 0;

		for (size_t k = 0; k < config->system_count; k++)
			known |= strcmp(config->systems[k].name,
					systems[i]) == 0;
		if (!known)
			return ar_error_set(err, AR_ERR_USAGE,
					    "collect: no system '%s' in %s",
					    systems[i], config->path);
	}
	return AR_OK;
}

static enum ar_rc fill_snapshot(struct cli_context *context, time_t now,
				const char *read_at, char **systems,
				int system_count, struct ar_error *err)
{
	const struct config *config = context->config;
	struct collect_sink directory = { context->store, NULL, 0, 0,
					  NULL, NULL, 0 };
	struct source_spec spec;
	enum ar_rc rc;

	fill_spec(&spec, config, NULL, &config->directory,
		  SOURCE_ROLE_DIRECTORY, now);
	rc = read_one_source(&directory, &spec, read_at, err);
	if (rc != AR_OK)
		ar_error_prefix(err, "directory");
	for (size_t i = 0; rc == AR_OK && i < config->system_count; i++) {
		if (!selected(config->systems[i].name, systems, system_count))
			continue;
		rc = collect_system(context->store, config,
				    &config->systems[i], now, read_at, err);
	}
	return rc;
}

enum ar_rc cli_collect_snapshot(struct cli_context *context, time_t now,
				char **systems, int system_count,
				long long *snapshot_id, struct ar_error *err)
{
	struct review_options review = { 0 };
	char taken_at[21];
	enum ar_rc rc;

	rc = check_selection(context->config, systems, system_count, err);
	if (rc != AR_OK)
		return rc;
	text_format_time(now, taken_at);
	rc = store_begin_snapshot(context->store, taken_at, snapshot_id, err);
	if (rc != AR_OK)
		return rc;
	rc = fill_snapshot(context, now, taken_at, systems, system_count, err);
	if (rc == AR_OK)
		rc = review_correlate(context->store, *snapshot_id, err);
	review.snapshot_id = *snapshot_id;
	review.now = now;
	review.inactive_days = context->config->inactive_days;
	if (rc == AR_OK)
		rc = store_previous_snapshot(context->store, *snapshot_id,
					     &review.previous_snapshot_id,
					     err);
	if (rc == AR_OK)
		rc = review_compute_findings(context->store, &review, err);
	if (rc == AR_OK)
		rc = store_commit_snapshot(context->store, err);
	else
		store_rollback_snapshot(context->store);
	return rc;
}

static const struct option collect_long_options[] = {
	{ "now", required_argument, NULL, 'n' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

enum ar_rc cli_collect(struct cli_context *context, int argc, char **argv,
		       struct ar_error *err)
{
	const char *now_text = NULL;
	long long snapshot_id = 0;
	time_t now;
	enum ar_rc rc;
	int option;

	optind = 0;
	while ((option = getopt_long(argc, argv, "+h", collect_long_options,
				     NULL)) != -1) {
		if (option == 'n')
			now_text = optarg;
		else if (option == 'h')
			return cli_show_help(&cli_collect_help);
		else
			return cli_usage_error(err, "collect",
					       "unknown option", NULL);
	}
	rc = cli_parse_now(now_text, &now, err);
	if (rc == AR_OK)
		rc = cli_collect_snapshot(context, now, argv + optind,
					  argc - optind, &snapshot_id, err);
	if (rc == AR_OK)
		printf("snapshot %lld collected\n", snapshot_id);
	return rc;
}
