/* targets.h -- one fuzz target per parser, shared by harnesses and replay */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_FUZZ_TARGETS_H
#define ACCESSREVIEW_FUZZ_TARGETS_H

/*
 * Header-only on purpose: the libFuzzer harnesses (tests/fuzz/fuzz_*.c)
 * and the cmocka replay of saved crashes (tests/unit/test_regressions.c)
 * must drive each parser in exactly the same way, and the unit-test rule
 * of the Makefile builds one .c file per test binary.
 *
 * Every target reads a file path, because the readers read files.  A
 * target returns the first result that is neither AR_OK nor the expected
 * "bad input" code (AR_ERR_DATA for exports, AR_ERR_CONFIG for the
 * configuration), so callers treat anything else as a bug.  It also
 * returns AR_ERR_INTERNAL when a refusal does not name the file, because
 * operators need "file:line: problem" to find the bad record.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accessreview/config.h"
#include "accessreview/date.h"
#include "accessreview/error.h"
#include "accessreview/mem.h"
#include "accessreview/sources.h"
#include "accessreview/text.h"
#include "sources/entry.h"

/* ---- a sink that keeps nothing but checks every string it is given ---- */

/*
 * Records hold borrowed strings; walking them to the NUL lets ASan catch
 * a reader that hands out a freed or unterminated buffer.  Every string
 * must also be UTF-8: the store and the XML report rely on it, so a
 * reader that lets a stray byte through is a bug even when nothing
 * crashes.
 */
struct fuzz_seen {
	size_t total;
	const char *bad;             /* first field that was not UTF-8 */
};

static void fuzz_touch(struct fuzz_seen *seen, const char *field,
		       const char *text)
{
	size_t length;

	if (text == NULL)
		return;
	length = strlen(text);
	seen->total += length;
	if (seen->bad == NULL && !text_is_utf8(text, length))
		seen->bad = field;
}

static enum ar_rc fuzz_person(void *context,
			      const struct person_record *person,
			      struct ar_error *err)
{
	struct fuzz_seen *seen = context;

	(void)err;
	fuzz_touch(seen, "person key", person->key);
	fuzz_touch(seen, "person uid", person->uid);
	fuzz_touch(seen, "person email", person->email);
	fuzz_touch(seen, "person display name", person->display_name);
	fuzz_touch(seen, "person employee number", person->employee_number);
	fuzz_touch(seen, "person manager", person->manager);
	return AR_OK;
}

static enum ar_rc fuzz_account(void *context,
			       const struct account_record *account,
			       struct ar_error *err)
{
	struct fuzz_seen *seen = context;

	(void)err;
	fuzz_touch(seen, "account id", account->id);
	fuzz_touch(seen, "account login", account->login);
	fuzz_touch(seen, "account email", account->email);
	fuzz_touch(seen, "account display name", account->display_name);
	fuzz_touch(seen, "account employee number",
		   account->employee_number);
	return AR_OK;
}

static enum ar_rc fuzz_group(void *context, const struct group_record *group,
			     struct ar_error *err)
{
	struct fuzz_seen *seen = context;

	(void)err;
	fuzz_touch(seen, "group key", group->key);
	fuzz_touch(seen, "group name", group->name);
	return AR_OK;
}

static enum ar_rc fuzz_member(void *context, const char *group_key,
			      const char *ref, enum member_type type,
			      struct ar_error *err)
{
	struct fuzz_seen *seen = context;

	(void)err;
	(void)type;
	fuzz_touch(seen, "member group", group_key);
	fuzz_touch(seen, "member ref", ref);
	return AR_OK;
}

static enum ar_rc fuzz_mfa(void *context, const char *account_ref,
			   enum mfa_status status, struct ar_error *err)
{
	struct fuzz_seen *seen = context;

	(void)err;
	(void)status;
	fuzz_touch(seen, "mfa ref", account_ref);
	return AR_OK;
}

static void fuzz_warning(void *context, const char *message)
{
	fuzz_touch(context, "warning", message);
}

/* ---- running a reader ---- */

typedef enum ar_rc (*fuzz_reader_fn)(const struct source_spec *spec,
				     const struct record_sink *sink,
				     struct source_summary *summary,
				     struct ar_error *err);

/*
 * The LDAP entry mapping (src/sources/entry.c) without a server: what
 * ldap.c hands to the mapper once libldap has decoded an entry.  The
 * input is a simplified LDIF: entries separated by blank lines, the first
 * line the DN ("dn: " optional), then "type: value" lines; "x-mfa" and
 * "x-disabled" stand for the values ldap.c sets itself (attribute.mfa,
 * disabled-filter).  A first line "#" plus 'q' and/or 'm' turns on
 * quiet_duplicates and mfa_attribute.  Like ldap.c, lines that are not
 * NUL-free UTF-8 never reach the mapper, and values carry no line.
 */
#define FUZZ_ENTRY_MAX_INPUT (1024L * 1024)

static int fuzz_entry_attribute(const char *name, size_t length,
				 struct entry *entry)
{
	const char *range = NULL;
	size_t range_length = 0;
	int attribute;

	if (length == 5 && strncmp(name, "x-mfa", 5) == 0)
		return ENTRY_ATTR_MFA;
	if (length == 10 && strncmp(name, "x-disabled", 10) == 0)
		return ENTRY_ATTR_DISABLED;
	attribute = entry_lookup_attribute(entry_attribute_names, name, length,
					   &range, &range_length);
	if (attribute >= 0 && range != NULL)
		entry_note_range(entry, range, range_length, 0);
	return attribute;
}

/* Map the entry gathered so far, if any, and start the next one. */
static enum ar_rc fuzz_entry_flush(struct entry_mapper *mapper,
				   struct entry *entry, struct ar_error *err)
{
	enum ar_rc rc = AR_OK;

	if (entry->dn != NULL)
		rc = entry_mapper_add(mapper, entry, err);
	entry_reset(entry);
	return rc;
}

static enum ar_rc fuzz_entry_line(struct entry_mapper *mapper,
				  struct entry *entry, const char *path,
				  char *line, size_t length,
				  struct ar_error *err)
{
	const char *colon;
	int attribute;

	if (length == 0)
		return fuzz_entry_flush(mapper, entry, err);
	if (!text_is_utf8(line, length))
		return AR_OK;
	line[length] = '\0';
	if (entry->dn == NULL) {
		entry->dn = ar_strdup(strncmp(line, "dn: ", 4) == 0 ? line + 4
								   : line);
		return AR_OK;
	}
	colon = strchr(line, ':');
	if (colon == NULL)
		return AR_OK;
	attribute = fuzz_entry_attribute(line, (size_t)(colon - line), entry);
	if (attribute < 0)
		return AR_OK;
	colon += colon[1] == ' ' ? 2 : 1;
	if (entry_add(entry, (enum entry_attribute)attribute,
		      ar_strdup(colon), 0) != 0)
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: entry '%.200s' larger than %ld bytes",
				    path, entry->dn, ENTRY_MAX_BYTES);
	return AR_OK;
}

static enum ar_rc fuzz_entry_read(const struct source_spec *spec,
				  const struct record_sink *sink,
				  struct source_summary *summary,
				  struct ar_error *err)
{
	struct entry_mapper_options options = { "the entries read", 0, 0 };
	struct entry_mapper *mapper = NULL;
	struct entry entry = { 0 };
	FILE *file = fopen(spec->location, "rb");
	char *data = ar_malloc(FUZZ_ENTRY_MAX_INPUT + 1);
	size_t size = 0, start = 0;
	enum ar_rc rc = AR_OK;

	memset(summary, 0, sizeof(*summary));
	summary->declared = -1;
	if (file == NULL) {
		rc = ar_error_set(err, AR_ERR_NOINPUT, "cannot open '%s'",
				  spec->location);
		goto out;
	}
	size = fread(data, 1, FUZZ_ENTRY_MAX_INPUT + 1, file);
	if (size > FUZZ_ENTRY_MAX_INPUT) {
		rc = ar_error_set(err, AR_ERR_DATA, "%s: too big",
				  spec->location);
		goto out;
	}
	if (size > 0 && data[0] == '#') {
		for (; start < size && data[start] != '\n'; start++) {
			options.quiet_duplicates |= data[start] == 'q';
			options.mfa_attribute |= data[start] == 'm';
		}
	}
	mapper = entry_mapper_new(spec, sink, summary, spec->location,
				  &options);
	for (size_t i = start; rc == AR_OK && i <= size; i++) {
		if (i < size && data[i] != '\n')
			continue;
		if (i > start || i < size)
			rc = fuzz_entry_line(mapper, &entry, spec->location,
					     data + start, i - start, err);
		start = i + 1;
	}
	if (rc == AR_OK)
		rc = fuzz_entry_flush(mapper, &entry, err);
	if (rc == AR_OK)
		rc = entry_mapper_finish(mapper, err);
out:
	entry_release(&entry);
	entry_mapper_free(mapper);
	if (file != NULL)
		fclose(file);
	free(data);
	return rc;
}

/*
 * The date module (src/util/date.c), which reads no file: each line of the
 * input is one date text, judged under every day/month order and two
 * fixed offsets; a first line "fmt:FORMAT" sets a strptime format too.  A
 * line of digits is also read as a Unix time and as a FILETIME.  Any
 * broken promise of date.h is AR_ERR_INTERNAL: a kind out of range, a
 * value outside the years 1 to 9999, an unknown without a reason, a value
 * that does not read back from date_format_iso, a value that changes with
 * the order although it was accepted without one, or an offset that moves
 * a value by anything but 0 or the offset.
 */
#define FUZZ_DATE_MAX_INPUT (64L * 1024)
#define FUZZ_DATE_MIN (-62135596800LL) /* 0001-01-01T00:00:00Z */
#define FUZZ_DATE_MAX 253402300799LL   /* 9999-12-31T23:59:59Z */

static const char *fuzz_date_broken(const struct date_result *date)
{
	size_t length = strnlen(date->reason, sizeof(date->reason));

	if (date->kind != DATE_VALUE && date->kind != DATE_NEVER &&
	    date->kind != DATE_EMPTY && date->kind != DATE_UNKNOWN)
		return "a kind out of range";
	if (length == sizeof(date->reason))
		return "a reason without its NUL";
	if ((date->kind == DATE_UNKNOWN) != (length > 0))
		return "a reason on a known date, or none on an unknown one";
	if (!text_is_utf8(date->reason, length))
		return "a reason that is not UTF-8";
	if (date->kind != DATE_VALUE && date->when != 0)
		return "a time on a date that is no value";
	if (date->kind == DATE_VALUE &&
	    ((long long)date->when < FUZZ_DATE_MIN ||
	     (long long)date->when > FUZZ_DATE_MAX))
		return "a value outside the years 1 to 9999";
	if (date->kind == DATE_VALUE) {
		char iso[DATE_ISO_SIZE];
		struct date_result again;

		date_format_iso(date->when, iso);
		if (date_parse(iso, NULL, &again) != DATE_VALUE ||
		    again.when != date->when)
			return "a value that does not read back";
	}
	return NULL;
}

static const char *fuzz_date_line(const char *text, const char *format)
{
	struct date_options options[3][2];
	struct date_result results[3][2];
	const char *broken = NULL;

	for (int order = 0; order < 3; order++) {
		for (int shift = 0; shift < 2; shift++) {
			options[order][shift].order = (enum date_order)order;
			options[order][shift].utc_offset = shift ? 3600 : 0;
			options[order][shift].format = format;
			date_parse(text, &options[order][shift],
				   &results[order][shift]);
			if (broken == NULL)
				broken = fuzz_date_broken(
					&results[order][shift]);
		}
	}
	for (int order = 1; order < 3 && broken == NULL; order++)
		if (results[0][0].kind == DATE_VALUE &&
		    (results[order][0].kind != DATE_VALUE ||
		     results[order][0].when != results[0][0].when))
			broken = "an order changed a value accepted without one";
	for (int order = 0; order < 3 && broken == NULL; order++) {
		const struct date_result *utc = &results[order][0];
		const struct date_result *east = &results[order][1];

		if (utc->kind == DATE_VALUE && east->kind == DATE_VALUE &&
		    utc->when != east->when && utc->when - east->when != 3600)
			broken = "an offset moved a value by something else";
		if (utc->kind != DATE_VALUE && east->kind == DATE_VALUE)
			broken = "an offset made a value of a non-value";
	}
	return broken;
}

static const char *fuzz_date_number(const char *text)
{
	struct date_result date;
	const char *broken;
	char *end;
	long long number;

	if (*text == '\0' || strspn(text, "-0123456789") != strlen(text))
		return NULL;
	number = strtoll(text, &end, 10);
	if (*end != '\0')
		return NULL;
	date_from_unix(number, &date);
	broken = fuzz_date_broken(&date);
	if (broken == NULL && date.kind != DATE_VALUE &&
	    date.kind != DATE_UNKNOWN)
		broken = "a Unix time that is never or empty";
	date_from_filetime(number, &date);
	if (broken == NULL)
		broken = fuzz_date_broken(&date);
	if (broken == NULL &&
	    (date.kind == DATE_NEVER) != (number == 0 || number == INT64_MAX))
		broken = "a FILETIME never other than 0 and INT64_MAX";
	return broken;
}

static enum ar_rc fuzz_date_read(const struct source_spec *spec,
				 const struct record_sink *sink,
				 struct source_summary *summary,
				 struct ar_error *err)
{
	FILE *file = fopen(spec->location, "rb");
	char *data = ar_malloc(FUZZ_DATE_MAX_INPUT + 1);
	const char *format = NULL;
	const char *broken = NULL;
	size_t size = 0;
	char *line, *next;
	enum ar_rc rc = AR_OK;

	(void)sink;
	memset(summary, 0, sizeof(*summary));
	summary->declared = -1;
	if (file == NULL) {
		rc = ar_error_set(err, AR_ERR_NOINPUT, "cannot open '%s'",
				  spec->location);
		goto out;
	}
	size = fread(data, 1, FUZZ_DATE_MAX_INPUT, file);
	data[size] = '\0';
	line = data;
	if (strncmp(line, "fmt:", 4) == 0) {
		format = line + 4;
		line = strchr(line, '\n');
		if (line != NULL)
			*line++ = '\0';
	}
	for (; line != NULL && broken == NULL; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		broken = fuzz_date_line(line, format);
		if (broken == NULL)
			broken = fuzz_date_number(line);
		if (broken != NULL)
			rc = ar_error_set(err, AR_ERR_INTERNAL,
					  "%s: '%.80s': %s", spec->location,
					  line, broken);
	}
out:
	if (file != NULL)
		fclose(file);
	free(data);
	return rc;
}

/* The mappings of tests/data/{csv,json}/generic-users.*, so seeds match. */
static const struct field_mapping fuzz_csv_fields[] = {
	{ "login", "Login" },        { "email", "Mail" },
	{ "name", "Full name" },     { "active", "Enabled" },
	{ "mfa", "Two factor" },     { "last-login", "Last login" },
	{ "groups", "Roles" },       { "employee-number", "Badge" },
};

static const struct field_mapping fuzz_json_fields[] = {
	{ "id", "uid" },          { "login", "user" },
	{ "email", "mail" },      { "name", "full_name" },
	{ "active", "enabled" },  { "mfa", "otp" },
	{ "last-login", "seen" }, { "groups", "teams" },
	{ "employee-number", "badge" },
};

/* Every reader serves every role (a CSV can be the directory). */
#define FUZZ_ALL_ROLES 0xf

struct fuzz_target {
	const char *name;            /* harness and regression directory */
	fuzz_reader_fn read;         /* NULL: the configuration loader */
	enum source_format format;
	const char *preset;
	const struct field_mapping *fields;
	size_t field_count;
	unsigned int roles;          /* 1 << SOURCE_ROLE_* */
};

#define FUZZ_FIELDS(a) (a), (sizeof(a) / sizeof((a)[0]))

static const struct fuzz_target fuzz_targets[] = {
	{ "ldif", source_read_ldif, SOURCE_FORMAT_LDIF, NULL, NULL, 0,
	  FUZZ_ALL_ROLES },
	{ "scim", source_read_scim, SOURCE_FORMAT_SCIM, NULL, NULL, 0,
	  FUZZ_ALL_ROLES },
	{ "ndjson", source_read_scim, SOURCE_FORMAT_SCIM, NULL, NULL, 0,
	  FUZZ_ALL_ROLES },
	{ "csv_detect", source_read_csv, SOURCE_FORMAT_CSV, NULL, NULL, 0,
	  FUZZ_ALL_ROLES },
	{ "csv_aws_iam", source_read_csv, SOURCE_FORMAT_CSV, "aws-iam", NULL, 0,
	  FUZZ_ALL_ROLES },
	{ "csv_google_workspace", source_read_csv, SOURCE_FORMAT_CSV,
	  "google-workspace", NULL, 0, FUZZ_ALL_ROLES },
	{ "csv_atlassian", source_read_csv, SOURCE_FORMAT_CSV, "atlassian", NULL, 0,
	  FUZZ_ALL_ROLES },
	{ "csv_generic", source_read_csv, SOURCE_FORMAT_CSV, NULL,
	  FUZZ_FIELDS(fuzz_csv_fields), FUZZ_ALL_ROLES },
	{ "json_detect", source_read_json, SOURCE_FORMAT_JSON, NULL, NULL, 0,
	  FUZZ_ALL_ROLES },
	{ "json_github_2fa_disabled", source_read_json, SOURCE_FORMAT_JSON,
	  "github-2fa-disabled", NULL, 0, FUZZ_ALL_ROLES },
	{ "json_gitlab", source_read_json, SOURCE_FORMAT_JSON, "gitlab", NULL, 0,
	  FUZZ_ALL_ROLES },
	{ "json_zendesk", source_read_json, SOURCE_FORMAT_JSON, "zendesk", NULL, 0,
	  FUZZ_ALL_ROLES },
	{ "json_datadog", source_read_json, SOURCE_FORMAT_JSON, "datadog", NULL, 0,
	  FUZZ_ALL_ROLES },
	{ "json_generic", source_read_json, SOURCE_FORMAT_JSON, NULL,
	  FUZZ_FIELDS(fuzz_json_fields), FUZZ_ALL_ROLES },
	{ "ldap_entry", fuzz_entry_read, SOURCE_FORMAT_LDAP, NULL, NULL, 0,
	  FUZZ_ALL_ROLES },
	{ "config", NULL, SOURCE_FORMAT_LDIF, NULL, NULL, 0, 0 },
	{ "date", fuzz_date_read, SOURCE_FORMAT_CSV, NULL, NULL, 0,
	  1u << SOURCE_ROLE_ACCOUNTS },
};

static const struct fuzz_target *fuzz_target_find(const char *name)
{
	for (size_t i = 0; i < sizeof(fuzz_targets) / sizeof(fuzz_targets[0]);
	     i++)
		if (strcmp(fuzz_targets[i].name, name) == 0)
			return &fuzz_targets[i];
	return NULL;
}

/* A refusal must be the expected code and name the input. */
static enum ar_rc fuzz_judge(enum ar_rc rc, enum ar_rc expected,
			     const struct ar_error *err, const char *path)
{
	if (rc == AR_OK)
		return AR_OK;
	if (rc != expected)
		return rc;
	if (err->code != rc || strstr(err->message, path) == NULL)
		return AR_ERR_INTERNAL;
	return AR_OK;
}

static enum ar_rc fuzz_run_config(const char *path, unsigned int *refused,
				  struct ar_error *err)
{
	struct config *config = NULL;
	enum ar_rc rc = config_load(path, &config, err);

	config_free(config);
	if (rc != AR_OK && refused != NULL)
		*refused |= 1u;
	return fuzz_judge(rc, AR_ERR_CONFIG, err, path);
}

/*
 * Run the target on the file at path, once per role it supports, and set
 * bit 1 << role in *refused (may be NULL) for each role that refused the
 * input.  On a bug, err holds the message of the offending run.
 */
static enum ar_rc fuzz_run(const struct fuzz_target *target, const char *path,
			   unsigned int *refused, struct ar_error *err)
{
	struct fuzz_seen seen = { 0, NULL };
	struct record_sink sink = {
		&seen,       fuzz_person, fuzz_account, fuzz_group,
		fuzz_member, fuzz_mfa,    fuzz_warning,
	};
	enum ar_rc rc = AR_OK;

	if (target->read == NULL)
		return fuzz_run_config(path, refused, err);
	for (int role = SOURCE_ROLE_DIRECTORY;
	     role <= SOURCE_ROLE_MFA && rc == AR_OK; role++) {
		struct source_spec spec;
		struct source_summary summary;

		if (!(target->roles & (1u << role)))
			continue;
		memset(&spec, 0, sizeof(spec));
		spec.system = role == SOURCE_ROLE_DIRECTORY ? NULL : "fuzz";
		spec.role = (enum source_role)role;
		spec.format = target->format;
		spec.location = path;
		spec.preset = target->preset;
		spec.fields = target->fields;
		spec.field_count = target->field_count;
		spec.disabled_rules = DISABLED_PWD_ACCOUNT_LOCKED_TIME |
				      DISABLED_NS_ACCOUNT_LOCK |
				      DISABLED_USER_ACCOUNT_CONTROL;
		spec.now = 1795132800; /* 2026-11-20, the sample exports */
		memset(&summary, 0, sizeof(summary));
		ar_error_clear(err);
		rc = target->read(&spec, &sink, &summary, err);
		if (rc != AR_OK && refused != NULL)
			*refused |= 1u << role;
		rc = fuzz_judge(rc, AR_ERR_DATA, err, path);
		if (rc == AR_OK && seen.bad != NULL) {
			ar_error_clear(err);
			rc = ar_error_set(err, AR_ERR_INTERNAL,
					  "%s: role %d emitted a %s that is "
					  "not UTF-8", path, role, seen.bad);
		}
	}
	return rc;
}

#endif
