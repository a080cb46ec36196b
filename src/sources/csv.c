/* csv.c -- CSV export reader: AWS IAM, Google Workspace, Atlassian, generic */
/* SPDX-License-Identifier: MIT */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accessreview/buf.h"
#include "accessreview/date.h"
#include "accessreview/mem.h"
#include "accessreview/text.h"
#include "presets.h"
#include "reader.h"

/*
 * CSV READER
 *
 * libcsv splits the bytes into fields and rows in strict mode (a stray
 * quote is an error, not guessed at) and with trimming off, so cells are
 * taken verbatim: "\t=1+2" stays plain text.  It reports fields and row
 * ends but no positions, so physical line numbers are counted from what
 * passes by: LFs inside quoted fields, plus one per unquoted LF, which
 * CSV_REPALL_NL reports as a row end of its own (an empty row after the
 * CR of a CRLF, or for a blank line; empty rows are skipped).  A record
 * starts on the line where the previous one ended.
 *
 * The first row is the header.  Columns are found by exact name, never by
 * position; the preset is forced by spec->preset, else detected from the
 * header, else the generic field.* mapping applies.  Each cell must be
 * UTF-8 without NUL, each row must have as many fields as the header; a
 * field, a row and the field count are capped so a hostile file cannot
 * exhaust memory.  The file is read twice: a dry run finds any bad row
 * before the real run emits the first record.
 */

#define CSV_CHUNK (64 * 1024)
#define CSV_MAX_FIELDS 4096
#define CSV_MAX_FIELD READER_MAX_LINE
#define COLUMN_SLOTS 16
#define UTF8_BOM "\xEF\xBB\xBF"

_Static_assert(GENERIC_FIELD_COUNT <= COLUMN_SLOTS,
	       "every generic field needs a column slot");

struct csv_reader;

struct column_spec {
	const char *name;
	int required;
};

struct csv_preset {
	const char *name;            /* NULL for the generic mapping */
	int (*detect)(const struct csv_reader *reader);
	enum ar_rc (*prepare)(struct csv_reader *reader, struct ar_error *err);
	/* fill account and reader->grants from the current row */
	enum ar_rc (*convert)(struct csv_reader *reader,
			      struct account_record *account,
			      struct ar_error *err);
};

/* The fields of the row being read, each NUL-terminated in data. */
struct csv_row {
	struct ar_buf data;
	size_t *offsets;
	size_t count;
	size_t alloc;
};

struct csv_reader {
	const struct source_spec *spec;
	struct preset_emitter emitter;
	const struct csv_preset *preset;
	const char *generic[GENERIC_FIELD_COUNT];
	char **header;
	size_t header_count;
	long header_line;
	long columns[COLUMN_SLOTS];  /* header index per preset column */
	unsigned char *last_seen;    /* Atlassian "Last seen in" columns */
	struct csv_row row;
	struct preset_grants grants;
	struct ar_buf where;         /* "path:line" of the current row */
	struct ar_buf scratch;       /* a value built for the current row */
	long line;                   /* physical line the parser is on */
	long row_line;               /* line the current row started on */
	struct ar_error *err;
	enum ar_rc rc;               /* first error raised in a callback */
};

/* ---- cells and columns ---- */

static const char *cell(const struct csv_reader *reader, long column)
{
	if (column < 0 || (size_t)column >= reader->row.count)
		return "";
	return reader->row.data.buf + reader->row.offsets[column];
}

static const char *cell_or_null(const struct csv_reader *reader, long column)
{
	const char *text = cell(reader, column);

	return *text ? text : NULL;
}

static const char *column_name(const struct csv_reader *reader, long column)
{
	if (column < 0 || (size_t)column >= reader->header_count)
		return "?";
	return reader->header[column];
}

static long find_column(const struct csv_reader *reader, const char *name)
{
	for (size_t i = 0; i < reader->header_count; i++)
		if (strcmp(reader->header[i], name) == 0)
			return (long)i;
	return -1;
}

static enum ar_rc resolve_columns(struct csv_reader *reader,
				  const struct column_spec *specs,
				  size_t count, struct ar_error *err)
{
	for (size_t i = 0; i < count; i++) {
		reader->columns[i] = find_column(reader, specs[i].name);
		if (reader->columns[i] < 0 && specs[i].required)
			return ar_error_set(err, AR_ERR_DATA,
					    "%s:%ld: no column '%s' for "
					    "preset %s",
					    reader->spec->location,
					    reader->header_line,
					    specs[i].name,
					    reader->preset->name);
	}
	return AR_OK;
}

static enum ar_rc bad_value(const struct csv_reader *reader, long column,
			    const char *what, struct ar_error *err)
{
	char value[80];
	char name[80];

	return ar_error_set(err, AR_ERR_DATA,
			    "%s: '%s' in column '%s' is not %s",
			    reader->where.buf,
			    preset_excerpt(value, sizeof(value),
					   cell(reader, column)),
			    preset_excerpt(name, sizeof(name),
					   column_name(reader, column)),
			    what);
}

static enum ar_rc bad_date(const struct csv_reader *reader, long column,
			   const struct date_result *date,
			   struct ar_error *err)
{
	char what[DATE_REASON_SIZE + 16];

	snprintf(what, sizeof(what), "a date (%s)", date->reason);
	return bad_value(reader, column, what, err);
}

/* The cell as a date, read as the source's date options say. */
static enum date_kind cell_date(const struct csv_reader *reader, long column,
				struct date_result *date)
{
	return date_parse(cell(reader, column), &reader->spec->dates, date);
}

/* ---- AWS IAM credential report ---- */

static const char *const aws_header[] = {
	"user", "arn", "user_creation_time", "password_enabled",
	"password_last_used", "password_last_changed",
	"password_next_rotation", "mfa_active", "access_key_1_active",
	"access_key_1_last_rotated", "access_key_1_last_used_date",
	"access_key_1_last_used_region", "access_key_1_last_used_service",
	"access_key_2_active", "access_key_2_last_rotated",
	"access_key_2_last_used_date", "access_key_2_last_used_region",
	"access_key_2_last_used_service", "cert_1_active",
	"cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated",
};

enum aws_column {
	AWS_USER,
	AWS_ARN,
	AWS_PASSWORD_ENABLED,
	AWS_PASSWORD_LAST_USED,
	AWS_MFA_ACTIVE,
	AWS_KEY1_ACTIVE,
	AWS_KEY1_LAST_USED,
	AWS_KEY2_ACTIVE,
	AWS_KEY2_LAST_USED,
	AWS_COLUMN_COUNT
};

static const struct column_spec aws_columns[AWS_COLUMN_COUNT] = {
	[AWS_USER] = { "user", 1 },
	[AWS_ARN] = { "arn", 1 },
	[AWS_PASSWORD_ENABLED] = { "password_enabled", 1 },
	[AWS_PASSWORD_LAST_USED] = { "password_last_used", 1 },
	[AWS_MFA_ACTIVE] = { "mfa_active", 1 },
	[AWS_KEY1_ACTIVE] = { "access_key_1_active", 1 },
	[AWS_KEY1_LAST_USED] = { "access_key_1_last_used_date", 1 },
	[AWS_KEY2_ACTIVE] = { "access_key_2_active", 1 },
	[AWS_KEY2_LAST_USED] = { "access_key_2_last_used_date", 1 },
};

static int aws_detect(const struct csv_reader *reader)
{
	size_t count = sizeof(aws_header) / sizeof(aws_header[0]);

	if (reader->header_count != count)
		return 0;
	for (size_t i = 0; i < count; i++)
		if (strcmp(reader->header[i], aws_header[i]) != 0)
			return 0;
	return 1;
}

static enum ar_rc aws_prepare(struct csv_reader *reader,
			      struct ar_error *err)
{
	if (!aws_detect(reader))
		return ar_error_set(err, AR_ERR_DATA,
				    "%s:%ld: not an AWS IAM credential "
				    "report (its 22-column header differs)",
				    reader->spec->location,
				    reader->header_line);
	return resolve_columns(reader, aws_columns, AWS_COLUMN_COUNT, err);
}

/* The report's "none or unknown" values: never dates, never false. */
static int aws_sentinel(const char *text)
{
	return *text == '\0' || strcmp(text, "N/A") == 0 ||
	       strcmp(text, "no_information") == 0 ||
	       strcmp(text, "not_supported") == 0;
}

/* *flag = 1 true, 0 false, -1 a sentinel. */
static enum ar_rc aws_flag(const struct csv_reader *reader,
			   enum aws_column column, int *flag,
			   struct ar_error *err)
{
	long index = reader->columns[column];
	const char *text = cell(reader, index);

	*flag = aws_sentinel(text) ? -1 : text_parse_bool(text);
	if (*flag < 0 && !aws_sentinel(text))
		return bad_value(reader, index, "true or false", err);
	return AR_OK;
}

static enum ar_rc aws_latest(const struct csv_reader *reader,
			     enum aws_column column, time_t *latest,
			     struct ar_error *err)
{
	long index = reader->columns[column];
	struct date_result date;

	/* N/A and no_information are never-words: no use to count here */
	switch (cell_date(reader, index, &date)) {
	case DATE_VALUE:
		if (date.when > *latest)
			*latest = date.when;
		break;
	case DATE_NEVER:
	case DATE_EMPTY:
		break;
	case DATE_UNKNOWN:
		if (!aws_sentinel(cell(reader, index)))
			return bad_date(reader, index, &date, err);
		break;
	}
	return AR_OK;
}

static enum mfa_status aws_mfa(int console, int mfa_active)
{
	/* MFA guards the console password; access keys never use it */
	if (!console)
		return MFA_NOT_APPLICABLE;
	if (mfa_active < 0)
		return MFA_UNKNOWN;
	return mfa_active ? MFA_ENABLED : MFA_DISABLED;
}

static enum ar_rc aws_convert(struct csv_reader *reader,
			      struct account_record *account,
			      struct ar_error *err)
{
	const char *user = cell(reader, reader->columns[AWS_USER]);
	int root = strcmp(user, "<root_account>") == 0;
	int password = -1, mfa_active = -1, key1 = -1, key2 = -1;
	int any_key;
	time_t last = 0;
	enum ar_rc rc;

	rc = aws_flag(reader, AWS_PASSWORD_ENABLED, &password, err);
	if (rc == AR_OK)
		rc = aws_flag(reader, AWS_MFA_ACTIVE, &mfa_active, err);
	if (rc == AR_OK)
		rc = aws_flag(reader, AWS_KEY1_ACTIVE, &key1, err);
	if (rc == AR_OK)
		rc = aws_flag(reader, AWS_KEY2_ACTIVE, &key2, err);
	if (rc == AR_OK)
		rc = aws_latest(reader, AWS_PASSWORD_LAST_USED, &last, err);
	if (rc == AR_OK)
		rc = aws_latest(reader, AWS_KEY1_LAST_USED, &last, err);
	if (rc == AR_OK)
		rc = aws_latest(reader, AWS_KEY2_LAST_USED, &last, err);
	if (rc != AR_OK)
		return rc;
	any_key = key1 == 1 || key2 == 1;
	account->id = cell(reader, reader->columns[AWS_ARN]);
	account->login = user;
	account->active = root || password == 1 || any_key;
	account->mfa = aws_mfa(root || password == 1, mfa_active);
	account->last_login = last;
	account->is_service = !root && password != 1 && any_key;
	if (root)
		preset_grants_add(&reader->grants, "root", "root", 1);
	return AR_OK;
}

/* ---- Google Workspace "Download users" ---- */

enum google_column {
	GOOGLE_EMAIL,
	GOOGLE_FIRST_NAME,
	GOOGLE_LAST_NAME,
	GOOGLE_STATUS,
	GOOGLE_LAST_SIGN_IN,
	GOOGLE_2SV_ENROLLED,
	GOOGLE_EMPLOYEE_ID,
	GOOGLE_COLUMN_COUNT
};

static const struct column_spec google_columns[GOOGLE_COLUMN_COUNT] = {
	[GOOGLE_EMAIL] = { "Email Address [Required]", 1 },
	[GOOGLE_FIRST_NAME] = { "First Name [Required]", 0 },
	[GOOGLE_LAST_NAME] = { "Last Name [Required]", 0 },
	[GOOGLE_STATUS] = { "Status [READ ONLY]", 1 },
	[GOOGLE_LAST_SIGN_IN] = { "Last Sign In [READ ONLY]", 1 },
	[GOOGLE_2SV_ENROLLED] = { "2sv Enrolled [READ ONLY]", 1 },
	[GOOGLE_EMPLOYEE_ID] = { "Employee ID", 0 },
};

static int google_detect(const struct csv_reader *reader)
{
	return find_column(reader, google_columns[GOOGLE_EMAIL].name) >= 0 &&
	       find_column(reader, google_columns[GOOGLE_STATUS].name) >= 0;
}

static enum ar_rc google_prepare(struct csv_reader *reader,
				 struct ar_error *err)
{
	return resolve_columns(reader, google_columns, GOOGLE_COLUMN_COUNT,
			       err);
}

static const char *google_display_name(struct csv_reader *reader)
{
	const char *first = cell(reader, reader->columns[GOOGLE_FIRST_NAME]);
	const char *last = cell(reader, reader->columns[GOOGLE_LAST_NAME]);

	ar_buf_reset(&reader->scratch);
	/* both cells are capped by the row, which is under the cap */
	ar_buf_addf(&reader->scratch, "%s%s%s", first,
		    *first && *last ? " " : "", last);
	return reader->scratch.len ? reader->scratch.buf : NULL;
}

static enum ar_rc google_convert(struct csv_reader *reader,
				 struct account_record *account,
				 struct ar_error *err)
{
	long status = reader->columns[GOOGLE_STATUS];
	long sign_in = reader->columns[GOOGLE_LAST_SIGN_IN];
	long enrolled = reader->columns[GOOGLE_2SV_ENROLLED];
	const char *state = cell(reader, status);
	struct date_result date;
	int flag;

	if (strcmp(state, "Active") == 0)
		account->active = 1;
	else if (strcmp(state, "Suspended") == 0 ||
		 strcmp(state, "Archived") == 0)
		account->active = 0;
	else
		return bad_value(reader, status, "a known status", err);
	/* no zone in the export: the source's fixed offset, UTC unless set */
	if (cell_date(reader, sign_in, &date) == DATE_UNKNOWN)
		return bad_date(reader, sign_in, &date, err);
	account->last_login = preset_last_login(&date);
	flag = text_parse_bool(cell(reader, enrolled));
	if (flag < 0 && *cell(reader, enrolled))
		return bad_value(reader, enrolled, "True or False", err);
	account->mfa = flag < 0 ? MFA_UNKNOWN
				: flag ? MFA_ENABLED : MFA_DISABLED;
	account->id = cell(reader, reader->columns[GOOGLE_EMAIL]);
	account->login = account->id;
	account->email = cell_or_null(reader, reader->columns[GOOGLE_EMAIL]);
	account->employee_number =
		cell_or_null(reader, reader->columns[GOOGLE_EMPLOYEE_ID]);
	account->display_name = google_display_name(reader);
	return AR_OK;
}

/* ---- Atlassian "Export users" ---- */

#define ATLASSIAN_LAST_SEEN "Last seen in "

enum atlassian_column {
	ATLASSIAN_ID,
	ATLASSIAN_NAME,
	ATLASSIAN_EMAIL,
	ATLASSIAN_STATUS,
	ATLASSIAN_GROUPS,
	ATLASSIAN_COLUMN_COUNT
};

static const struct column_spec atlassian_columns[ATLASSIAN_COLUMN_COUNT] = {
	[ATLASSIAN_ID] = { "User id", 1 },
	[ATLASSIAN_NAME] = { "User name", 0 },
	[ATLASSIAN_EMAIL] = { "email", 1 },
	[ATLASSIAN_STATUS] = { "User status", 1 },
	[ATLASSIAN_GROUPS] = { "Group name", 0 },
};

static int atlassian_detect(const struct csv_reader *reader)
{
	return find_column(reader, "User id") >= 0 &&
	       find_column(reader, "User status") >= 0;
}

static enum ar_rc atlassian_prepare(struct csv_reader *reader,
				    struct ar_error *err)
{
	/* the site name is part of these columns' names */
	reader->last_seen = ar_calloc(reader->header_count, 1);
	for (size_t i = 0; i < reader->header_count; i++)
		reader->last_seen[i] =
			strncmp(reader->header[i], ATLASSIAN_LAST_SEEN,
				strlen(ATLASSIAN_LAST_SEEN)) == 0;
	return resolve_columns(reader, atlassian_columns,
			       ATLASSIAN_COLUMN_COUNT, err);
}

/* The latest "Last seen in" date; -1 when every product says never. */
static enum ar_rc atlassian_last_seen(const struct csv_reader *reader,
				      time_t *latest, struct ar_error *err)
{
	struct date_result date;
	int never = 0;

	*latest = 0;
	for (size_t i = 0; i < reader->header_count; i++) {
		if (!reader->last_seen[i])
			continue;
		/* "14 Mar 2022", "Never accessed" */
		switch (cell_date(reader, (long)i, &date)) {
		case DATE_VALUE:
			if (date.when > *latest)
				*latest = date.when;
			break;
		case DATE_NEVER:
			never = 1;
			break;
		case DATE_EMPTY:
			break;
		case DATE_UNKNOWN:
			return bad_date(reader, (long)i, &date, err);
		}
	}
	if (*latest == 0 && never)
		*latest = -1;
	return AR_OK;
}

static enum ar_rc atlassian_convert(struct csv_reader *reader,
				    struct account_record *account,
				    struct ar_error *err)
{
	long status = reader->columns[ATLASSIAN_STATUS];
	const char *state = cell(reader, status);
	enum ar_rc rc;

	if (strcmp(state, "Active") == 0)
		account->active = 1;
	else if (strcmp(state, "Inactive") == 0)
		account->active = 0;
	else
		return bad_value(reader, status, "Active or Inactive", err);
	rc = atlassian_last_seen(reader, &account->last_login, err);
	if (rc != AR_OK)
		return rc;
	account->id = cell(reader, reader->columns[ATLASSIAN_ID]);
	account->email = cell_or_null(reader, reader->columns[ATLASSIAN_EMAIL]);
	account->login = account->email;
	account->display_name =
		cell_or_null(reader, reader->columns[ATLASSIAN_NAME]);
	/* no 2FA column: the managed-accounts export has it */
	account->mfa = MFA_UNKNOWN;
	preset_grants_split(&reader->grants,
			    cell(reader, reader->columns[ATLASSIAN_GROUPS]));
	/* site-admins administers the whole site by definition */
	for (size_t i = 0; i < reader->grants.count; i++)
		reader->grants.items[i].privileged =
			strcmp(reader->grants.items[i].key, "site-admins") == 0;
	return AR_OK;
}

/* ---- generic field.* mapping ---- */

static enum ar_rc generic_prepare(struct csv_reader *reader,
				  struct ar_error *err)
{
	for (size_t f = 0; f < GENERIC_FIELD_COUNT; f++) {
		const char *name = reader->generic[f];

		reader->columns[f] = name ? find_column(reader, name) : -1;
		if (name != NULL && reader->columns[f] < 0)
			return ar_error_set(err, AR_ERR_DATA,
					    "%s:%ld: no column '%s' "
					    "(mapped by a field.* key)",
					    reader->spec->location,
					    reader->header_line, name);
	}
	return AR_OK;
}

/* A value the reader cannot judge: with strict, the data error; else a
 * warning naming the cell, and the caller keeps a conservative value. */
static enum ar_rc unjudged_value(struct csv_reader *reader, long column,
				 const char *what, const char *kept,
				 struct ar_error *err)
{
	char value[80], name[80], message[400];

	if (reader->spec->strict)
		return bad_value(reader, column, what, err);
	snprintf(message, sizeof(message),
		 "'%s' in column '%s' is not %s this tool knows: %s "
		 "(strict = yes in [review] makes it an error)",
		 preset_excerpt(value, sizeof(value), cell(reader, column)),
		 preset_excerpt(name, sizeof(name),
				column_name(reader, column)),
		 what, kept);
	preset_warn(&reader->emitter, reader->where.buf, message);
	return AR_OK;
}

static enum ar_rc generic_convert(struct csv_reader *reader,
				  struct account_record *account,
				  struct ar_error *err)
{
	const long *column = reader->columns;
	struct date_result date;

	enum ar_rc rc = AR_OK;

	if (preset_parse_active(cell(reader, column[GENERIC_ACTIVE]),
				&account->active) != 0) {
		account->active = 1;
		rc = unjudged_value(reader, column[GENERIC_ACTIVE],
				    "a status", "treated as active, so the "
				    "account is reviewed", err);
	}
	if (rc == AR_OK && preset_parse_mfa(cell(reader, column[GENERIC_MFA]),
					    &account->mfa) != 0) {
		account->mfa = MFA_UNKNOWN;
		rc = unjudged_value(reader, column[GENERIC_MFA],
				    "an MFA status", "MFA unknown", err);
	}
	if (rc != AR_OK)
		return rc;
	if (cell_date(reader, column[GENERIC_LAST_LOGIN], &date) ==
	    DATE_UNKNOWN) {
		if (reader->spec->strict)
			return bad_date(reader, column[GENERIC_LAST_LOGIN],
					&date, err);
		date.kind = DATE_UNKNOWN;
		date.when = 0;
		rc = unjudged_value(reader, column[GENERIC_LAST_LOGIN],
				    "a date", "last use unknown (never "
				    "dormant, never recent)", err);
	}
	account->last_login = preset_last_login(&date);
	account->login = cell_or_null(reader, column[GENERIC_LOGIN]);
	account->email = cell_or_null(reader, column[GENERIC_EMAIL]);
	account->display_name = cell_or_null(reader, column[GENERIC_NAME]);
	account->employee_number =
		cell_or_null(reader, column[GENERIC_EMPLOYEE_NUMBER]);
	account->id = cell_or_null(reader, column[GENERIC_ID]);
	if (account->id == NULL)
		account->id = account->login ? account->login : account->email;
	preset_grants_split(&reader->grants,
			    cell(reader, column[GENERIC_GROUPS]));
	return AR_OK;
}

static const struct csv_preset csv_presets[] = {
	{ PRESET_AWS_IAM, aws_detect, aws_prepare, aws_convert },
	{ PRESET_GOOGLE_WORKSPACE, google_detect, google_prepare,
	  google_convert },
	{ PRESET_ATLASSIAN, atlassian_detect, atlassian_prepare,
	  atlassian_convert },
};

static const struct csv_preset generic_preset = {
	NULL, NULL, generic_prepare, generic_convert
};

/* ---- rows ---- */

static enum ar_rc choose_preset(struct csv_reader *reader,
				struct ar_error *err)
{
	const struct source_spec *spec = reader->spec;
	size_t count = sizeof(csv_presets) / sizeof(csv_presets[0]);
	const char *forced = spec->preset != NULL && *spec->preset != '\0'
				     ? spec->preset
				     : NULL;

	for (size_t i = 0; i < count && reader->preset == NULL; i++) {
		const struct csv_preset *preset = &csv_presets[i];
		int match = forced ? strcmp(forced, preset->name) == 0
				   : preset->detect(reader);

		if (match)
			reader->preset = preset;
	}
	if (reader->preset == NULL && spec->field_count > 0)
		reader->preset = &generic_preset;
	if (reader->preset == NULL)
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: unrecognised export (no preset "
				    "matches the header; set preset = or "
				    "field.* keys)",
				    spec->location);
	if (reader->preset->name != NULL)
		snprintf(reader->emitter.summary->detected_preset,
			 sizeof(reader->emitter.summary->detected_preset),
			 "%s", reader->preset->name);
	return reader->preset->prepare(reader, err);
}

static enum ar_rc take_header(struct csv_reader *reader, struct ar_error *err)
{
	reader->header_count = reader->row.count;
	reader->header = ar_calloc(reader->row.count, sizeof(char *));
	for (size_t i = 0; i < reader->row.count; i++)
		reader->header[i] = ar_strdup(cell(reader, (long)i));
	reader->header_line = reader->row_line;
	return choose_preset(reader, err);
}

static enum ar_rc take_record(struct csv_reader *reader, struct ar_error *err)
{
	struct account_record account;
	enum ar_rc rc;

	if (reader->row.count != reader->header_count)
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: %zu fields where the header has %zu",
				    reader->where.buf, reader->row.count,
				    reader->header_count);
	memset(&account, 0, sizeof(account));
	preset_grants_reset(&reader->grants);
	rc = reader->preset->convert(reader, &account, err);
	if (rc == AR_OK)
		rc = preset_emit(&reader->emitter, reader->where.buf,
				 &account, &reader->grants, err);
	return rc;
}

static enum ar_rc finish_row(struct csv_reader *reader)
{
	ar_buf_reset(&reader->where);
	ar_buf_addf(&reader->where, "%s:%ld", reader->spec->location,
		    reader->row_line);
	if (reader->header == NULL)
		return take_header(reader, reader->err);
	return take_record(reader, reader->err);
}

static long count_newlines(const char *data, size_t length)
{
	long count = 0;

	for (size_t i = 0; i < length; i++)
		count += data[i] == '\n';
	return count;
}

static enum ar_rc add_field(struct csv_reader *reader, const char *data,
			    size_t length)
{
	struct csv_row *row = &reader->row;
	const char *path = reader->spec->location;

	if (row->count == CSV_MAX_FIELDS)
		return ar_error_set(reader->err, AR_ERR_DATA,
				    "%s:%ld: more than %d fields", path,
				    reader->row_line, CSV_MAX_FIELDS);
	if (!text_is_utf8(data, length))
		return ar_error_set(reader->err, AR_ERR_DATA,
				    "%s:%ld: invalid UTF-8", path,
				    reader->row_line);
	if (row->count == row->alloc) {
		row->alloc = row->alloc ? row->alloc * 2 : 32;
		row->offsets = ar_realloc(row->offsets,
					  row->alloc * sizeof(size_t));
	}
	row->offsets[row->count] = row->data.len;
	if ((length > 0 && ar_buf_add(&row->data, data, length) != 0) ||
	    ar_buf_addch(&row->data, '\0') != 0)
		return ar_error_set(reader->err, AR_ERR_DATA,
				    "%s:%ld: record longer than %d bytes",
				    path, reader->row_line, READER_MAX_LINE);
	row->count++;
	reader->line += count_newlines(data, length);
	return AR_OK;
}

static void on_field(void *data, size_t length, void *context)
{
	struct csv_reader *reader = context;

	if (reader->rc == AR_OK)
		reader->rc = add_field(reader, data, length);
}

static void on_row(int terminator, void *context)
{
	struct csv_reader *reader = context;

	/* no fields: a blank line, or the LF after a CR */
	if (reader->rc == AR_OK && reader->row.count > 0)
		reader->rc = finish_row(reader);
	reader->row.count = 0;
	ar_buf_reset(&reader->row.data);
	if (terminator == '\n')
		reader->line++;
	reader->row_line = reader->line;
}

/* ---- the parse loop ---- */

static int never_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* libcsv grows a field's buffer through this: refusing past the cap turns
 * a giant field into CSV_ENOMEM instead of eating memory. */
static void *capped_realloc(void *ptr, size_t size)
{
	if (size > CSV_MAX_FIELD + 1)
		return NULL;
	return ar_realloc(ptr, size);
}

static enum ar_rc parse_error(struct csv_reader *reader,
			      struct csv_parser *parser, long line)
{
	const char *path = reader->spec->location;

	if (csv_error(parser) == CSV_EPARSE)
		return ar_error_set(reader->err, AR_ERR_DATA,
				    "%s:%ld: malformed CSV (a quote inside "
				    "an unquoted field or after a closing "
				    "quote)",
				    path, line);
	return ar_error_set(reader->err, AR_ERR_DATA,
			    "%s:%ld: field longer than %d bytes", path,
			    reader->row_line, CSV_MAX_FIELD);
}

static enum ar_rc parse_stream(struct csv_reader *reader,
			       struct csv_parser *parser, FILE *file,
			       char *chunk)
{
	long raw_lines = 0;
	int first = 1;
	enum ar_rc rc = AR_OK;
	size_t length;

	while (rc == AR_OK && (length = fread(chunk, 1, CSV_CHUNK, file)) > 0) {
		const char *data = chunk;
		size_t parsed;

		if (first && length >= 3 && memcmp(data, UTF8_BOM, 3) == 0) {
			data += 3;
			length -= 3;
		}
		first = 0;
		parsed = csv_parse(parser, data, length, on_field, on_row,
				   reader);
		rc = reader->rc;
		if (rc == AR_OK && parsed != length)
			rc = parse_error(reader, parser,
					 raw_lines + 1 +
						 count_newlines(data, parsed));
		raw_lines += count_newlines(data, length);
	}
	if (rc == AR_OK && ferror(file))
		rc = ar_error_set(reader->err, AR_ERR_NOINPUT,
				  "cannot read '%s'", reader->spec->location);
	if (rc == AR_OK && csv_fini(parser, on_field, on_row, reader) != 0)
		rc = ar_error_set(reader->err, AR_ERR_DATA,
				  "%s:%ld: quoted field not closed at the "
				  "end of the file",
				  reader->spec->location, reader->row_line);
	if (rc == AR_OK)
		rc = reader->rc;
	return rc;
}

static void reader_init(struct csv_reader *reader,
			const struct source_spec *spec,
			const struct record_sink *sink,
			struct source_summary *summary, int dry_run,
			struct ar_error *err)
{
	memset(reader, 0, sizeof(*reader));
	reader->spec = spec;
	preset_emitter_init(&reader->emitter, spec, sink, summary, dry_run);
	ar_buf_init(&reader->row.data, READER_MAX_LINE);
	ar_buf_init(&reader->where, 0);
	ar_buf_init(&reader->scratch, 0);
	reader->line = 1;
	reader->row_line = 1;
	reader->err = err;
	reader->rc = AR_OK;
}

static void reader_release(struct csv_reader *reader)
{
	/* header_count is 0 while header is NULL */
	for (size_t i = 0; i < reader->header_count; i++)
		/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) */
		free(reader->header[i]);
	free(reader->header);
	free(reader->last_seen);
	free(reader->row.offsets);
	ar_buf_release(&reader->row.data);
	ar_buf_release(&reader->where);
	ar_buf_release(&reader->scratch);
	preset_grants_release(&reader->grants);
	preset_emitter_release(&reader->emitter);
}

static enum ar_rc read_pass(const struct source_spec *spec,
			    const struct record_sink *sink,
			    struct source_summary *summary, FILE *file,
			    int dry_run, struct ar_error *err)
{
	struct csv_reader reader;
	struct csv_parser parser;
	int parser_ready = 0;
	char *chunk = ar_malloc(CSV_CHUNK);
	enum ar_rc rc;

	reader_init(&reader, spec, sink, summary, dry_run, err);
	rc = preset_generic_columns(spec, reader.generic, err);
	if (rc != AR_OK)
		goto out;
	if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI |
				      CSV_REPALL_NL) != 0) {
		rc = ar_error_set(err, AR_ERR_INTERNAL,
				  "%s: cannot start the CSV parser",
				  spec->location);
		goto out;
	}
	parser_ready = 1;
	csv_set_space_func(&parser, never_space);
	csv_set_realloc_func(&parser, capped_realloc);
	csv_set_blk_size(&parser, 4096);
	rc = parse_stream(&reader, &parser, file, chunk);
	if (rc == AR_OK && reader.header == NULL)
		rc = ar_error_set(err, AR_ERR_DATA, "%s: empty export",
				  spec->location);
out:
	if (parser_ready)
		csv_free(&parser);
	reader_release(&reader);
	free(chunk);
	return rc;
}

static enum ar_rc check_preset_name(const struct source_spec *spec,
				    struct ar_error *err)
{
	const char *name = spec->preset;

	if (name == NULL || *name == '\0' || preset_is_csv(name))
		return AR_OK;
	if (preset_is_json(name))
		return ar_error_set(err, AR_ERR_CONFIG,
				    "%s: preset '%s' reads JSON exports, "
				    "not CSV",
				    spec->location, name);
	return ar_error_set(err, AR_ERR_CONFIG, "%s: unknown preset '%s'",
			    spec->location, name);
}

enum ar_rc source_read_csv(const struct source_spec *spec,
		    const struct record_sink *sink,
		    struct source_summary *summary, struct ar_error *err)
{
	FILE *file = NULL;
	enum ar_rc rc;

	memset(summary, 0, sizeof(*summary));
	summary->declared = -1;
	rc = check_preset_name(spec, err);
	if (rc == AR_OK)
		rc = reader_open(spec, &file, err);
	if (rc == AR_OK)
		rc = read_pass(spec, sink, summary, file, 1, err);
	if (rc == AR_OK && fseek(file, 0, SEEK_SET) != 0)
		rc = ar_error_set(err, AR_ERR_NOINPUT,
				  "cannot read '%s' twice (not a regular "
				  "file?)",
				  spec->location);
	if (rc == AR_OK)
		rc = read_pass(spec, sink, summary, file, 0, err);
	if (file != NULL)
		fclose(file);
	return rc;
}
