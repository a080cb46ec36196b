/* export_sink.h -- a record sink that keeps copies, for the export reader tests */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_TESTS_EXPORT_SINK_H
#define ACCESSREVIEW_TESTS_EXPORT_SINK_H

#include <stddef.h>
#include <time.h>

#include "accessreview/sources.h"

struct seen_account {
	char *id, *login, *email, *display_name, *employee_number;
	int active, is_service;
	enum mfa_status mfa;
	time_t last_login;
};

struct seen_person {
	char *key, *uid, *email, *display_name, *employee_number;
	int disabled;
	enum mfa_status mfa;
	time_t last_login;
};

struct seen_group {
	char *key, *name;
	int privileged;
};

struct seen_pair {
	char *first, *second;       /* member: group, ref; mfa: ref, - */
	enum mfa_status mfa;
};

struct seen {
	struct seen_account *accounts;
	size_t account_count;
	struct seen_person *people;
	size_t person_count;
	struct seen_group *groups;
	size_t group_count;
	struct seen_pair *members;
	size_t member_count;
	struct seen_pair *mfas;
	size_t mfa_count;
	char **warnings;
	size_t warning_count;
};

/* One reader call: what it emitted, its summary and its error. */
struct run {
	struct seen seen;
	struct source_summary summary;
	struct ar_error err;
	enum ar_rc rc;
};

/* Read path with source_read into run (reset first). */
void export_read(struct run *run, enum source_format format, const char *path,
		 enum source_role role, const char *preset,
		 const struct field_mapping *fields, size_t field_count);
/* The same with the source's date options (spec.dates). */
void export_read_dates(struct run *run, enum source_format format,
		       const char *path, enum source_role role,
		       const struct field_mapping *fields, size_t field_count,
		       const struct date_options *dates);
/* Set to read with [review] strict = yes (a value the reader cannot
 * judge is then an error, not a warning). */
extern int export_strict;
void free_seen(struct seen *seen);
/* Records of every kind emitted. */
size_t emitted(const struct seen *seen);
/* The read failed with code and message, and emitted nothing. */
void expect_failure(struct run *run, enum ar_rc code, const char *message);
/* The account or group with this id or key; fails the test if none. */
const struct seen_account *account(const struct seen *seen, const char *id);
const struct seen_group *group(const struct seen *seen, const char *key);
int is_member(const struct seen *seen, const char *group_key,
	      const char *ref);
/* A timestamp the test writes as text. */
time_t at(const char *text);

#define assert_null_string(value) assert_null(value)

#endif
