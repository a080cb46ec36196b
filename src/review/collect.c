/* collect.c -- the collect operation: every source into one new snapshot */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accessreview/buf.h"
#include "accessreview/collect.h"
#include "accessreview/hash.h"
#include "accessreview/mem.h"
#include "accessreview/review.h"
#include "accessreview/sources.h"
#include "accessreview/store.h"
#include "accessreview/text.h"

/* Where the sink callbacks write: the open snapshot, one system. */
struct collect_sink {
	struct store *store;
	const struct collect_events *events;
	const struct collect_system *system;  /* NULL for the directory */
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
	int privileged =
		group->privileged ||
		collect_system_is_privileged(sink->system, group->name) ||
		collect_system_is_privileged(sink->system, group->key);

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

	if (sink->events->warning != NULL)
		sink->events->warning(sink->events->context, message);
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

static void announce(const struct collect_sink *sink,
		     const struct source_spec *spec, long records)
{
	if (sink->events->source != NULL)
		sink->events->source(sink->events->context, spec->location,
				     source_format_name(spec->format),
				     role_names[spec->role], records);
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
	announce(sink, spec, -1);
	rc = source_read(spec, &callbacks, &summary, err);
	if (rc == AR_OK && spec->role == SOURCE_ROLE_MFA)
		rc = apply_mfa_list(sink, &summary, spec->location, err);
	release_mfa_list(sink);
	if (rc == AR_OK)
		rc = record_source(sink, spec, &summary, read_at, err);
	if (rc == AR_OK && summary.incomplete[0]) {
		struct ar_buf text = AR_BUF_INIT;

		ar_buf_addf(&text, "%s: incomplete export: %s", spec->location,
			    summary.incomplete);
		if (sink->events->warning != NULL)
			sink->events->warning(sink->events->context, text.buf);
		sink->warnings++;
		ar_buf_release(&text);
	}
	if (rc == AR_OK)
		announce(sink, spec, summary.records);
	return rc;
}

static void fill_spec(struct source_spec *spec,
		      const struct collect_plan *plan,
		      const struct collect_events *events,
		      const struct collect_system *system,
		      const struct collect_source *source,
		      enum source_role role, time_t now)
{
	memset(spec, 0, sizeof(*spec));
	spec->system = system ? system->name : NULL;
	spec->role = role;
	spec->format = source->format;
	spec->location = source->location;
	spec->disabled_rules = plan->disabled_rules;
	spec->strict = plan->strict;
	spec->now = now;
	spec->ldap = system ? &system->ldap : &plan->directory_ldap;
	spec->progress = events->progress;
	spec->progress_context = events->context;
	if (system != NULL) {
		spec->preset = system->preset;
		spec->fields = system->fields;
		spec->field_count = system->field_count;
		spec->dates = system->dates;
		spec->dates.format = system->date_format;
	}
}

int collect_system_is_privileged(const struct collect_system *system,
				 const char *name)
{
	for (size_t i = 0; system != NULL && name != NULL &&
			   i < system->privileged.count;
	     i++)
		if (text_equal_nocase(system->privileged.items[i], name))
			return 1;
	return 0;
}

/* The settings of one collect, shared by every source it reads. */
struct collect_run {
	struct store *store;
	const struct collect_plan *plan;
	const struct collect_options *options;
	char read_at[21];
	long warnings;
};

static void sink_init(struct collect_sink *sink, struct collect_run *run,
		      const struct collect_system *system)
{
	memset(sink, 0, sizeof(*sink));
	sink->store = run->store;
	sink->events = &run->options->events;
	sink->system = system;
}

static enum ar_rc read_system_source(struct collect_run *run,
				     struct collect_sink *sink,
				     const struct collect_source *source,
				     enum source_role role,
				     struct ar_error *err)
{
	struct source_spec spec;
	enum ar_rc rc;

	fill_spec(&spec, run->plan, &run->options->events, sink->system,
		  source, role, run->options->now);
	/* presets are detected per file: the MFA list has its own */
	if (role == SOURCE_ROLE_MFA)
		spec.preset = NULL;
	rc = read_one_source(sink, &spec, run->read_at, err);
	return rc;
}

static enum ar_rc collect_system(struct collect_run *run,
				 const struct collect_system *system,
				 struct ar_error *err)
{
	struct collect_sink sink;
	struct store_system row = { system->name, system->category,
				    system->owner, system->mfa_supported,
				    system->match };
	enum ar_rc rc;

	sink_init(&sink, run, system);
	rc = store_add_system(run->store, &row, &sink.system_id, err);
	if (rc == AR_OK && system->accounts.location != NULL)
		rc = read_system_source(run, &sink, &system->accounts,
					SOURCE_ROLE_ACCOUNTS, err);
	if (rc == AR_OK && system->groups.location != NULL)
		rc = read_system_source(run, &sink, &system->groups,
					SOURCE_ROLE_GROUPS, err);
	if (rc == AR_OK && system->mfa.location != NULL)
		rc = read_system_source(run, &sink, &system->mfa,
					SOURCE_ROLE_MFA, err);
	if (rc == AR_OK)
		rc = store_resolve_memberships(run->store, sink.system_id,
					       err);
	run->warnings += sink.warnings;
	if (rc != AR_OK)
		ar_error_prefix(err, "system '%s'", system->name);
	return rc;
}

static int selected(const char *name, const struct collect_options *options)
{
	if (options->system_count == 0)
		return 1;
	for (size_t i = 0; i < options->system_count; i++)
		if (strcmp(options->systems[i], name) == 0)
			return 1;
	return 0;
}

static enum ar_rc check_selection(const struct collect_plan *plan,
				  const struct collect_options *options,
				  struct ar_error *err)
{
	for (size_t i = 0; i < options->system_count; i++) {
		int known = 0;

		for (size_t k = 0; k < plan->system_count; k++)
			known |= strcmp(plan->systems[k].name,
					options->systems[i]) == 0;
		if (!known)
			return ar_error_set(err, AR_ERR_USAGE,
					    "collect: no system '%s' is "
					    "configured",
					    options->systems[i]);
	}
	return AR_OK;
}

static enum ar_rc fill_snapshot(struct collect_run *run, struct ar_error *err)
{
	const struct collect_plan *plan = run->plan;
	struct collect_sink directory;
	struct source_spec spec;
	enum ar_rc rc;

	sink_init(&directory, run, NULL);
	fill_spec(&spec, plan, &run->options->events, NULL, &plan->directory,
		  SOURCE_ROLE_DIRECTORY, run->options->now);
	rc = read_one_source(&directory, &spec, run->read_at, err);
	run->warnings += directory.warnings;
	if (rc != AR_OK)
		ar_error_prefix(err, "directory");
	for (size_t i = 0; rc == AR_OK && i < plan->system_count; i++) {
		if (selected(plan->systems[i].name, run->options))
			rc = collect_system(run, &plan->systems[i], err);
	}
	return rc;
}

static enum ar_rc judge_snapshot(struct collect_run *run,
				 struct collect_result *result,
				 struct ar_error *err)
{
	struct review_options review = { 0 };
	enum ar_rc rc;

	rc = review_correlate(run->store, result->snapshot_id, err);
	review.snapshot_id = result->snapshot_id;
	review.now = run->options->now;
	review.inactive_days = run->plan->inactive_days;
	if (rc == AR_OK)
		rc = store_previous_snapshot(run->store, result->snapshot_id,
					     &review.previous_snapshot_id,
					     err);
	result->previous_snapshot_id = review.previous_snapshot_id;
	if (rc == AR_OK)
		rc = review_compute_findings(run->store, &review, err);
	return rc;
}

enum ar_rc collect_prepare(struct store *store, const struct collect_plan *plan,
			   const struct collect_options *options,
			   struct collect_result *result,
			   struct ar_error *err)
{
	struct collect_run run = { store, plan, options, { 0 }, 0 };
	enum ar_rc rc;

	memset(result, 0, sizeof(*result));
	rc = check_selection(plan, options, err);
	if (rc != AR_OK)
		return rc;
	text_format_time(options->now, run.read_at);
	rc = store_begin_snapshot(store, run.read_at, &result->snapshot_id,
				  err);
	if (rc != AR_OK)
		return rc;
	rc = fill_snapshot(&run, err);
	if (rc == AR_OK)
		rc = judge_snapshot(&run, result, err);
	result->warnings = run.warnings;
	if (rc != AR_OK)
		store_rollback_snapshot(store);
	return rc;
}

enum ar_rc collect_commit(struct store *store, struct ar_error *err)
{
	return store_commit_snapshot(store, err);
}

void collect_abort(struct store *store)
{
	store_rollback_snapshot(store);
}

enum ar_rc collect_snapshot(struct store *store,
			    const struct collect_plan *plan,
			    const struct collect_options *options,
			    struct collect_result *result,
			    struct ar_error *err)
{
	enum ar_rc rc = collect_prepare(store, plan, options, result, err);

	if (rc == AR_OK)
		rc = collect_commit(store, err);
	return rc;
}
