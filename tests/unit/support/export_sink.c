/* export_sink.c -- a record sink that keeps copies, for the export reader tests */
/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "accessreview/mem.h"
#include "accessreview/text.h"
#include "export_sink.h"

#define GROW(array, count) \
	((array) = ar_realloc((array), ((count) + 1) * sizeof(*(array))), \
	 &(array)[(count)++])

static enum ar_rc on_person(void *context, const struct person_record *p,
			    struct ar_error *err)
{
	struct seen *seen = context;
	struct seen_person *copy = GROW(seen->people, seen->person_count);

	(void)err;
	copy->key = ar_strdup_or_null(p->key);
	copy->uid = ar_strdup_or_null(p->uid);
	copy->email = ar_strdup_or_null(p->email);
	copy->display_name = ar_strdup_or_null(p->display_name);
	copy->employee_number = ar_strdup_or_null(p->employee_number);
	copy->disabled = p->disabled;
	copy->mfa = p->mfa;
	copy->last_login = p->last_login;
	return AR_OK;
}

static enum ar_rc on_account(void *context, const struct account_record *a,
			     struct ar_error *err)
{
	struct seen *seen = context;
	struct seen_account *copy = GROW(seen->accounts, seen->account_count);

	(void)err;
	copy->id = ar_strdup_or_null(a->id);
	copy->login = ar_strdup_or_null(a->login);
	copy->email = ar_strdup_or_null(a->email);
	copy->display_name = ar_strdup_or_null(a->display_name);
	copy->employee_number = ar_strdup_or_null(a->employee_number);
	copy->active = a->active;
	copy->is_service = a->is_service;
	copy->mfa = a->mfa;
	copy->last_login = a->last_login;
	return AR_OK;
}

static enum ar_rc on_group(void *context, const struct group_record *g,
			   struct ar_error *err)
{
	struct seen *seen = context;
	struct seen_group *copy = GROW(seen->groups, seen->group_count);

	(void)err;
	assert_int_equal(g->members_known, 1);
	copy->key = ar_strdup(g->key);
	copy->name = ar_strdup(g->name);
	copy->privileged = g->privileged;
	return AR_OK;
}

static enum ar_rc on_member(void *context, const char *group_key,
			    const char *ref, enum member_type type,
			    struct ar_error *err)
{
	struct seen *seen = context;
	struct seen_pair *copy = GROW(seen->members, seen->member_count);

	(void)err;
	assert_int_equal(type, MEMBER_ACCOUNT);
	copy->first = ar_strdup(group_key);
	copy->second = ar_strdup(ref);
	return AR_OK;
}

static enum ar_rc on_mfa(void *context, const char *ref,
			 enum mfa_status status, struct ar_error *err)
{
	struct seen *seen = context;
	struct seen_pair *copy = GROW(seen->mfas, seen->mfa_count);

	(void)err;
	copy->first = ar_strdup(ref);
	copy->second = NULL;
	copy->mfa = status;
	return AR_OK;
}

static void on_warning(void *context, const char *message)
{
	struct seen *seen = context;
	char **copy = GROW(seen->warnings, seen->warning_count);

	*copy = ar_strdup(message);
}

void free_seen(struct seen *seen)
{
	for (size_t i = 0; i < seen->account_count; i++) {
		free(seen->accounts[i].id);
		free(seen->accounts[i].login);
		free(seen->accounts[i].email);
		free(seen->accounts[i].display_name);
		free(seen->accounts[i].employee_number);
	}
	for (size_t i = 0; i < seen->person_count; i++) {
		free(seen->people[i].key);
		free(seen->people[i].uid);
		free(seen->people[i].email);
		free(seen->people[i].display_name);
		free(seen->people[i].employee_number);
	}
	for (size_t i = 0; i < seen->group_count; i++) {
		free(seen->groups[i].key);
		free(seen->groups[i].name);
	}
	for (size_t i = 0; i < seen->member_count; i++) {
		free(seen->members[i].first);
		free(seen->members[i].second);
	}
	for (size_t i = 0; i < seen->mfa_count; i++)
		free(seen->mfas[i].first);
	for (size_t i = 0; i < seen->warning_count; i++)
		free(seen->warnings[i]);
	free(seen->accounts);
	free(seen->people);
	free(seen->groups);
	free(seen->members);
	free(seen->mfas);
	free(seen->warnings);
	memset(seen, 0, sizeof(*seen));
}

size_t emitted(const struct seen *seen)
{
	return seen->account_count + seen->person_count + seen->group_count +
	       seen->member_count + seen->mfa_count;
}


int export_strict;

static void read_with(struct run *run, enum source_format format,
		      const char *path, enum source_role role,
		      const char *preset, const struct field_mapping *fields,
		      size_t field_count, const struct date_options *dates)
{
	struct source_spec spec;
	struct record_sink sink = {
		&run->seen, on_person, on_account, on_group,
		on_member, on_mfa, on_warning,
	};

	memset(run, 0, sizeof(*run));
	memset(&spec, 0, sizeof(spec));
	spec.system = "test";
	spec.role = role;
	spec.format = format;
	spec.location = path;
	spec.preset = preset;
	spec.fields = fields;
	spec.field_count = field_count;
	if (dates != NULL)
		spec.dates = *dates;
	spec.strict = export_strict;
	run->rc = source_read(&spec, &sink, &run->summary, &run->err);
}

void export_read(struct run *run, enum source_format format,
		 const char *path, enum source_role role, const char *preset,
		 const struct field_mapping *fields, size_t field_count)
{
	read_with(run, format, path, role, preset, fields, field_count, NULL);
}

void export_read_dates(struct run *run, enum source_format format,
		       const char *path, enum source_role role,
		       const struct field_mapping *fields, size_t field_count,
		       const struct date_options *dates)
{
	read_with(run, format, path, role, NULL, fields, field_count, dates);
}

void expect_failure(struct run *run, enum ar_rc code,
			   const char *message)
{
	assert_int_equal(run->rc, code);
	assert_int_equal(run->err.code, code);
	assert_string_equal(run->err.message, message);
	assert_int_equal(emitted(&run->seen), 0);
}

const struct seen_account *account(const struct seen *seen,
					  const char *id)
{
	for (size_t i = 0; i < seen->account_count; i++)
		if (strcmp(seen->accounts[i].id, id) == 0)
			return &seen->accounts[i];
	fail_msg("no account '%s'", id);
	return NULL;
}

const struct seen_group *group(const struct seen *seen,
				      const char *key)
{
	for (size_t i = 0; i < seen->group_count; i++)
		if (strcmp(seen->groups[i].key, key) == 0)
			return &seen->groups[i];
	fail_msg("no group '%s'", key);
	return NULL;
}

int is_member(const struct seen *seen, const char *group_key,
		     const char *ref)
{
	for (size_t i = 0; i < seen->member_count; i++)
		if (strcmp(seen->members[i].first, group_key) == 0 &&
		    strcmp(seen->members[i].second, ref) == 0)
			return 1;
	return 0;
}

time_t at(const char *text)
{
	time_t when = 0;

	assert_int_equal(text_parse_time(text, &when), 0);
	return when;
}
