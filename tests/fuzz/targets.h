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
 * "bad input" code (AR_ERR_DATA for exports, decision files and
 * signatures, AR_ERR_CONFIG for the configuration and allowed_signers;
 * AR_ERR_NOPERM too for a signature that does not verify), so callers
 * treat anything else as a bug.  It also returns AR_ERR_INTERNAL when a
 * refusal does not name the file, because operators need "file:line:
 * problem" to find the bad record.
 */

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accessreview/config.h"
#include "accessreview/date.h"
#include "accessreview/decisions.h"
#include "accessreview/error.h"
#include "accessreview/mem.h"
#include "accessreview/sources.h"
#include "accessreview/sshsig.h"
#include "accessreview/text.h"
#include "review/decisions_int.h"
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

/* ---- files that are not exports: signatures, signers, decisions ---- */

typedef enum ar_rc (*fuzz_file_fn)(const char *path, unsigned int *refused,
				   struct ar_error *err);

/* The whole file, NUL-terminated (a NUL inside ends the text early, as
 * strlen sees it), or NULL when it cannot be read. */
static char *fuzz_slurp(const char *path, size_t limit, size_t *length)
{
	FILE *file = fopen(path, "rb");
	char *text;

	if (file == NULL)
		return NULL;
	text = ar_malloc(limit + 1);
	*length = fread(text, 1, limit, file);
	text[*length] = '\0';
	fclose(file);
	return text;
}

static enum ar_rc fuzz_internal(struct ar_error *err, const char *path,
				const char *problem)
{
	ar_error_clear(err);
	return ar_error_set(err, AR_ERR_INTERNAL, "%s: %s", path, problem);
}

/*
 * The bytes of tests/data/sshsig/message.csv, which ssh-keygen signed
 * for the seeds in corpus/sshsig/: a seed verifies, and a mutation
 * reaches every step of the check, the signature itself included.
 */
#define FUZZ_SSHSIG_MESSAGE \
	"item,version,system,account,person,entitlement,privileged," \
	"findings,mfa,decision,expires,comment\r\n" \
	"1,1,github,alice,alice@example.com,Owners,yes,,enabled,keep,," \
	"owner of the system\r\n"
#define FUZZ_SIGNATURE_MAX (64 * 1024) /* signature.c's cap */

/* Input: an armored signature, as `decisions import --signature` reads. */
static enum ar_rc fuzz_run_sshsig(const char *path, unsigned int *refused,
				  struct ar_error *err)
{
	struct sshsig_key key;
	char fingerprint[SSHSIG_FINGERPRINT_SIZE];
	size_t length = 0;
	char *text = fuzz_slurp(path, FUZZ_SIGNATURE_MAX + 1, &length);
	enum ar_rc rc;

	if (text == NULL)
		return fuzz_internal(err, path, "cannot read the input");
	rc = sshsig_verify(FUZZ_SSHSIG_MESSAGE,
			   sizeof(FUZZ_SSHSIG_MESSAGE) - 1, text,
			   "accessreview", path, &key, err);
	free(text);
	if (rc != AR_OK && refused != NULL)
		*refused |= 1u;
	if (rc == AR_OK) {
		sshsig_fingerprint(&key, fingerprint);
		if (strlen(fingerprint) != 50 ||
		    strncmp(fingerprint, "SHA256:", 7) != 0)
			return fuzz_internal(err, path, "bad fingerprint");
		return AR_OK;
	}
	/* the key type is quoted from the input: it must come out clean */
	if (!text_is_utf8(err->message, strlen(err->message)))
		return fuzz_internal(err, path, "message is not UTF-8");
	return fuzz_judge(rc, rc == AR_ERR_NOPERM ? AR_ERR_NOPERM : AR_ERR_DATA,
			  err, path);
}

/* The Ed25519 key of tests/data/sshsig/signer.pub, in the seeds. */
static const struct sshsig_key fuzz_signer_key = { {
	0x60, 0x52, 0x55, 0xe2, 0xd7, 0xa9, 0xa0, 0x7d, 0x9e, 0x36, 0x3f,
	0x7e, 0x22, 0x49, 0xcf, 0x8c, 0xe4, 0xa9, 0x2e, 0x2e, 0xd4, 0x58,
	0xaf, 0x2f, 0xc1, 0xa0, 0xb5, 0xad, 0xde, 0x55, 0x31, 0xc7,
} };

/* Input: an allowed_signers file; once read, it is asked about the
 * seeds' key for a few principals, namespaces and times. */
static enum ar_rc fuzz_run_allowed_signers(const char *path,
					   unsigned int *refused,
					   struct ar_error *err)
{
	static const char *const principals[] = {
		"reviewer@example.com", "Reviewer@Example.COM", "x", "",
	};
	static const char *const namespaces[] = { "accessreview", "git" };
	static const time_t times[] = { 0, 1795132800, 4102444800 };
	struct allowed_signers *signers = NULL;
	enum ar_rc rc = allowed_signers_load(path, &signers, err);
	unsigned int allowed = 0;

	if (rc != AR_OK) {
		if (signers != NULL)
			return fuzz_internal(err, path, "refused, yet loaded");
		if (refused != NULL)
			*refused |= 1u;
		return fuzz_judge(rc, AR_ERR_CONFIG, err, path);
	}
	for (size_t p = 0; p < sizeof(principals) / sizeof(principals[0]); p++)
		for (size_t n = 0; n < 2; n++)
			for (size_t t = 0; t < 3; t++)
				allowed += (unsigned int)allowed_signers_check(
					signers, principals[p], namespaces[n],
					&fuzz_signer_key, times[t]);
	allowed_signers_free(signers);
	(void)allowed;
	return AR_OK;
}

static int fuzz_by_item(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* A file read without problems holds rows a worksheet could have. */
static const char *fuzz_check_rows(const struct decision_file *file)
{
	long long *items = ar_calloc(file->row_count + 1, sizeof(*items));
	const char *bad = NULL;

	for (size_t i = 0; i < file->row_count && bad == NULL; i++) {
		const struct decision_row *row = &file->rows[i];

		items[i] = row->item;
		if (row->item <= 0 || row->version <= 0)
			bad = "a row without its item or version";
		else if (i > 0 && row->line < file->rows[i - 1].line)
			bad = "rows out of line order";
		for (size_t c = 0; c < COLUMN_COUNT && bad == NULL; c++)
			if (row->cells[c] == NULL ||
			    !text_is_utf8(row->cells[c],
					  strlen(row->cells[c])))
				bad = "a cell that is missing or not UTF-8";
	}
	qsort(items, file->row_count, sizeof(*items), fuzz_by_item);
	for (size_t i = 1; i < file->row_count && bad == NULL; i++)
		if (items[i] == items[i - 1])
			bad = "an item twice";
	free(items);
	return bad;
}

/* Every problem is "PATH:LINE: ..." or "PATH: ...", in UTF-8. */
static const char *fuzz_check_problems(const struct decisions_result *result,
				       const char *path)
{
	size_t length = strlen(path);

	if (result->problem_count > 100)
		return "more than 100 problems listed";
	for (size_t i = 0; i < result->problem_count; i++) {
		const char *problem = result->problems[i];

		if (strncmp(problem, path, length) != 0 ||
		    problem[length] != ':')
			return "a problem that does not name the file";
		if (!text_is_utf8(problem, strlen(problem)))
			return "a problem that is not UTF-8";
	}
	return NULL;
}

/* Input: a decision file (worksheet CSV), up to the rows' checks that
 * need a database. */
static enum ar_rc fuzz_run_decision_file(const char *path,
					 unsigned int *refused,
					 struct ar_error *err)
{
	struct decision_file file;
	struct decisions_result result;
	const char *bad = NULL;
	enum ar_rc rc;

	memset(&result, 0, sizeof(result));
	rc = decision_file_read(&file, path, &result, err);
	if (rc == AR_OK)
		bad = fuzz_check_problems(&result, path);
	if (rc == AR_OK && bad == NULL && result.problem_count == 0 &&
	    result.more_problems == 0)
		bad = fuzz_check_rows(&file);
	if (refused != NULL &&
	    (rc != AR_OK || result.problem_count > 0))
		*refused |= 1u;
	decision_file_release(&file);
	decisions_result_release(&result);
	if (bad != NULL)
		return fuzz_internal(err, path, bad);
	return fuzz_judge(rc, AR_ERR_DATA, err, path);
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

/* Every reader serves every role (a CSV can be the directory). */
#define FUZZ_ALL_ROLES 0xf

struct fuzz_target {
	const char *name;            /* harness and regression directory */
	fuzz_reader_fn read;         /* NULL: run reads the file instead */
	enum source_format format;
	const char *preset;
	const struct field_mapping *fields;
	size_t field_count;
	unsigned int roles;          /* 1 << SOURCE_ROLE_* */
	fuzz_file_fn run;            /* a parser that is not an export's */
};

#define FUZZ_FIELDS(a) (a), (sizeof(a) / sizeof((a)[0]))

static const struct fuzz_target fuzz_targets[] = {
	{ "ldif", source_read_ldif, SOURCE_FORMAT_LDIF, NULL, NULL, 0,
	  FUZZ_ALL_ROLES, NULL },
	{ "scim", source_read_scim, SOURCE_FORMAT_SCIM, NULL, NULL, 0,
	  FUZZ_ALL_ROLES, NULL },
	{ "ndjson", source_read_scim, SOURCE_FORMAT_SCIM, NULL, NULL, 0,
	  FUZZ_ALL_ROLES, NULL },
	{ "csv_detect", source_read_csv, SOURCE_FORMAT_CSV, NULL, NULL, 0,
	  FUZZ_ALL_ROLES, NULL },
	{ "csv_aws_iam", source_read_csv, SOURCE_FORMAT_CSV, "aws-iam", NULL, 0,
	  FUZZ_ALL_ROLES, NULL },
	{ "csv_google_workspace", source_read_csv, SOURCE_FORMAT_CSV,
	  "google-workspace", NULL, 0, FUZZ_ALL_ROLES, NULL },
	{ "csv_atlassian", source_read_csv, SOURCE_FORMAT_CSV, "atlassian", NULL, 0,
	  FUZZ_ALL_ROLES, NULL },
	{ "csv_generic", source_read_csv, SOURCE_FORMAT_CSV, NULL,
	  FUZZ_FIELDS(fuzz_csv_fields), FUZZ_ALL_ROLES, NULL },
	{ "json_detect", source_read_json, SOURCE_FORMAT_JSON, NULL, NULL, 0,
	  FUZZ_ALL_ROLES, NULL },
	{ "json_github_2fa_disabled", source_read_json, SOURCE_FORMAT_JSON,
	  "github-2fa-disabled", NULL, 0, FUZZ_ALL_ROLES, NULL },
	{ "json_gitlab", source_read_json, SOURCE_FORMAT_JSON, "gitlab", NULL, 0,
	  FUZZ_ALL_ROLES, NULL },
	{ "json_zendesk", source_read_json, SOURCE_FORMAT_JSON, "zendesk", NULL, 0,
	  FUZZ_ALL_ROLES, NULL },
	{ "json_datadog", source_read_json, SOURCE_FORMAT_JSON, "datadog", NULL, 0,
	  FUZZ_ALL_ROLES, NULL },
	{ "json_generic", source_read_json, SOURCE_FORMAT_JSON, NULL,
	  FUZZ_FIELDS(fuzz_json_fields), FUZZ_ALL_ROLES, NULL },
	{ "ldap_entry", fuzz_entry_read, SOURCE_FORMAT_LDAP, NULL, NULL, 0,
	  FUZZ_ALL_ROLES, NULL },
	{ "config", NULL, SOURCE_FORMAT_LDIF, NULL, NULL, 0, 0,
	  fuzz_run_config },
	{ "sshsig", NULL, SOURCE_FORMAT_LDIF, NULL, NULL, 0, 0,
	  fuzz_run_sshsig },
	{ "allowed_signers", NULL, SOURCE_FORMAT_LDIF, NULL, NULL, 0, 0,
	  fuzz_run_allowed_signers },
	{ "decision_file", NULL, SOURCE_FORMAT_LDIF, NULL, NULL, 0, 0,
	  fuzz_run_decision_file },
	{ "date", fuzz_date_read, SOURCE_FORMAT_CSV, NULL, NULL, 0,
	  1u << SOURCE_ROLE_ACCOUNTS, NULL },
};

static const struct fuzz_target *fuzz_target_find(const char *name)
{
	for (size_t i = 0; i < sizeof(fuzz_targets) / sizeof(fuzz_targets[0]);
	     i++)
		if (strcmp(fuzz_targets[i].name, name) == 0)
			return &fuzz_targets[i];
	return NULL;
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
		return target->run(path, refused, err);
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
