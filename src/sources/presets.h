/* presets.h -- record helpers shared by the CSV and JSON export readers */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_SOURCES_PRESETS_H
#define ACCESSREVIEW_SOURCES_PRESETS_H

#include <stddef.h>
#include <time.h>

#include "accessreview/date.h"
#include "accessreview/sources.h"

/*
 * PRESETS
 *
 * The CSV and JSON readers turn each row or object of an export into one
 * account_record plus the groups or roles it holds (grants), whatever the
 * preset.  preset_emit then sends them to the sink in the shape the
 * source's role asks for:
 *
 *   DIRECTORY  a person: key = id, uid = login, disabled = !active
 *   ACCOUNTS   the account, each group once, one member per grant
 *   GROUPS     only the groups and their members
 *   MFA        sink->mfa(id, status) for each account whose status is known
 *
 * An id seen twice is skipped with a warning (records counts distinct
 * ids).  Readers run over an input twice: first as a dry run, in which the
 * emitter checks and counts but calls nothing, so bad data anywhere in the
 * file is reported before the first record reaches the sink; then for
 * real.  Memory is one set of ids and one of group keys.
 */

/* The preset names accepted by `preset =`, and the format reading each. */
#define PRESET_AWS_IAM "aws-iam"
#define PRESET_GOOGLE_WORKSPACE "google-workspace"
#define PRESET_ATLASSIAN "atlassian"
#define PRESET_GITHUB_2FA_DISABLED "github-2fa-disabled"
#define PRESET_GITLAB "gitlab"
#define PRESET_ZENDESK "zendesk"
#define PRESET_DATADOG "datadog"

/* Return 1 when name is a preset of the other format (for a clear error). */
int preset_is_csv(const char *name);
int preset_is_json(const char *name);

/* A set of strings: open addressing, keys copied. */
struct preset_set {
	char **slots;
	size_t alloc;
	size_t count;
};

/* Add key; return 1 when it was new, 0 when already present. */
int preset_set_add(struct preset_set *set, const char *key);
void preset_set_release(struct preset_set *set);

/* A group or role held by an account.  Strings are borrowed. */
struct preset_grant {
	const char *key;
	const char *name;
	int privileged;
};

/* The grants of one record.  preset_grants_split owns its copy of the
 * list until the next reset. */
struct preset_grants {
	struct preset_grant *items;
	size_t count;
	size_t alloc;
	char *storage;
};

#define PRESET_GRANTS_INIT { NULL, 0, 0, NULL }

void preset_grants_add(struct preset_grants *grants, const char *key,
		       const char *name, int privileged);
/* Add each item of a comma-separated list ("a, b,c"), blanks trimmed and
 * empty items skipped; key = name = the item, not privileged.  Call at most
 * once between resets. */
void preset_grants_split(struct preset_grants *grants, const char *list);
void preset_grants_reset(struct preset_grants *grants);
void preset_grants_release(struct preset_grants *grants);

struct preset_emitter {
	const struct source_spec *spec;
	const struct record_sink *sink;
	struct source_summary *summary;
	int dry_run;                 /* check and count only */
	struct preset_set ids;
	struct preset_set groups;
};

void preset_emitter_init(struct preset_emitter *emitter,
			 const struct source_spec *spec,
			 const struct record_sink *sink,
			 struct source_summary *summary, int dry_run);
void preset_emitter_release(struct preset_emitter *emitter);

/*
 * Emit one record as the role asks.  `where` ("path:12" or "path: record
 * 3") prefixes messages.  An empty id is AR_ERR_DATA; a repeated id is a
 * warning.  On a real run summary->records counts distinct ids.  Returns
 * the first sink error unchanged.
 */
enum ar_rc preset_emit(struct preset_emitter *emitter, const char *where,
		       const struct account_record *account,
		       const struct preset_grants *grants,
		       struct ar_error *err);

/*
 * Copy at most size - 1 bytes of value into out for quoting in a message:
 * never cut inside a UTF-8 sequence, control characters shown as '?' so a
 * hostile cell cannot inject terminal escapes or line breaks into logs,
 * "..." marks a cut.  Returns out.
 */
char *preset_excerpt(char *out, size_t size, const char *value);

/* Send a warning "where: message" to the sink (not on a dry run). */
void preset_warn(const struct preset_emitter *emitter, const char *where,
		 const char *message);

/* ---- the generic `field.NAME = "column"` mapping ---- */

enum generic_field {
	GENERIC_ID = 0,
	GENERIC_LOGIN,
	GENERIC_EMAIL,
	GENERIC_NAME,
	GENERIC_ACTIVE,
	GENERIC_MFA,
	GENERIC_LAST_LOGIN,
	GENERIC_GROUPS,
	GENERIC_EMPLOYEE_NUMBER,
	GENERIC_FIELD_COUNT
};

/*
 * Fill columns[field] with the column (CSV header, JSON key) of each
 * mapped field, NULL when unmapped.  AR_ERR_CONFIG for an unknown field
 * name or when none of id, login and email is mapped.
 */
enum ar_rc preset_generic_columns(const struct source_spec *spec,
				  const char *columns[GENERIC_FIELD_COUNT],
				  struct ar_error *err);

/*
 * Interpret a generic text value; each returns 0, or -1 when the text
 * means nothing it knows.  Empty text: active, MFA unknown.
 */
int preset_parse_active(const char *text, int *active);
int preset_parse_mfa(const char *text, enum mfa_status *mfa);

/*
 * A date (date.h, read with spec->dates) as the records keep a last
 * login (sources.h): its time, -1 for never, 0 when empty, unknown or
 * not after 1970-01-01.  Readers refuse a DATE_UNKNOWN before calling
 * this, with date->reason in the message.
 */
time_t preset_last_login(const struct date_result *date);

#endif
