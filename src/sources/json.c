/* json.c -- JSON export reader: GitHub, GitLab, Zendesk, Datadog, generic */
/* SPDX-License-Identifier: MIT */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "accessreview/buf.h"
#include "accessreview/date.h"
#include "accessreview/mem.h"
#include "json_util.h"
#include "presets.h"
#include "reader.h"

/*
 * JSON READER
 *
 * The document is streamed (json_stream, json_util.h): the items of the
 * export's list are parsed by jansson one at a time and freed, so memory
 * is bounded by one item, not the file (a whole 100,000-user document
 * took about five times its size).  Everything else at the top level
 * (counts, links, Datadog's `included`) is kept as the envelope.  jansson
 * checks UTF-8, refuses NUL in strings and stops at a nesting depth of
 * 2048; duplicate keys are refused too, since either value could be the
 * one a system used.  The preset is forced by spec->preset, else
 * recognised by shape when the list starts, from the envelope read so far
 * and the list's first item:
 *
 *   array of objects with login and site_admin   github-2fa-disabled
 *   array of objects with username and state     gitlab
 *   object with a users array                    zendesk
 *   object whose data items have type "users"    datadog
 *
 * else the generic field.* mapping reads a top-level array of objects.
 * A list that decides nothing there (an empty Datadog list before its
 * `meta`, a list the chosen preset does not read) is loaded whole and
 * decided at the end, as if the file had been loaded at once.  Each
 * preset reads the file twice, first as a dry run (see presets.h), so bad
 * data anywhere is reported before anything is emitted.  Messages name the
 * item as "path: record N" (1-based).
 */

/* GitHub pages hold 30 items by default and 100 at most. */
#define GITHUB_DEFAULT_PAGE 30
#define GITHUB_MAX_PAGE 100

struct json_reader {
	const struct source_spec *spec;
	struct preset_emitter emitter;
	struct source_summary *summary;
	struct preset_grants grants;
	struct ar_buf where;
	char id_text[32];            /* a numeric id written as text */
	char generic_text[GENERIC_FIELD_COUNT][32];
	const char *generic[GENERIC_FIELD_COUNT];
	json_t *role_names;          /* Datadog: role id -> role name */
	long skipped;                /* items that are not staff accounts */
	int skip;                    /* set by a converter: not an account */
	/* this pass over the document */
	const struct json_preset *preset; /* chosen when the list started */
	char *list_key;              /* the streamed list's key, if any */
	size_t delivered;            /* items of the streamed list */
	/* The dry run's first bad item or shape: reported once the whole
	 * file has parsed, since a syntax error anywhere comes first. */
	struct ar_error deferred;
};

typedef enum ar_rc (*item_fn)(struct json_reader *reader, json_t *item,
			      struct account_record *account,
			      struct ar_error *err);

/*
 * A preset reads the items of one list: the document itself when `list`
 * is NULL, else the array under that key of the top-level object.
 * detect and check see the document with only the list's first item (or
 * all of it when it was loaded whole); finish sees the whole envelope and
 * reader->delivered.
 */
struct json_preset {
	const char *name;            /* NULL for the generic mapping */
	const char *list;
	int (*detect)(const struct json_reader *reader, json_t *root);
	enum ar_rc (*check)(struct json_reader *reader, json_t *root,
			    struct ar_error *err);
	item_fn convert;
	void (*finish)(struct json_reader *reader, json_t *root);
};

/* ---- values ---- */

static enum ar_rc not_a(const struct json_reader *reader, const char *key,
			const char *what, struct ar_error *err)
{
	return ar_error_set(err, AR_ERR_DATA, "%s: '%s' is not %s",
			    reader->where.buf, key, what);
}

/* The string at key; NULL when absent, null or empty. */
static enum ar_rc get_text(const struct json_reader *reader, json_t *object,
			   const char *key, const char **out,
			   struct ar_error *err)
{
	json_t *value = json_object_get(object, key);

	*out = NULL;
	if (value == NULL || json_is_null(value))
		return AR_OK;
	if (!json_is_string(value))
		return not_a(reader, key, "a string", err);
	if (json_string_length(value) > 0)
		*out = json_string_value(value);
	return AR_OK;
}

static enum ar_rc get_required_text(const struct json_reader *reader,
				    json_t *object, const char *key,
				    const char **out, struct ar_error *err)
{
	enum ar_rc rc = get_text(reader, object, key, out, err);

	/* AR_OK only with *out set: spelt out for the static analyzer,
	 * which cannot see that ar_error_set returns its code */
	if (rc == AR_OK && *out == NULL) {
		ar_error_set(err, AR_ERR_DATA, "%s: no '%s'",
			     reader->where.buf, key);
		rc = AR_ERR_DATA;
	}
	return rc;
}

/* A string or an integer as text: ids are numbers in most APIs. */
static enum ar_rc get_id(struct json_reader *reader, json_t *object,
			 const char *key, const char **out,
			 struct ar_error *err)
{
	json_t *value = json_object_get(object, key);

	*out = NULL;
	if (json_is_integer(value)) {
		snprintf(reader->id_text, sizeof(reader->id_text),
			 "%" JSON_INTEGER_FORMAT, json_integer_value(value));
		*out = reader->id_text;
		return AR_OK;
	}
	if (json_is_string(value) || value == NULL || json_is_null(value))
		return get_required_text(reader, object, key, out, err);
	return not_a(reader, key, "a string or an integer", err);
}

/* *flag = 1 true, 0 false, -1 absent or null. */
static enum ar_rc get_flag(const struct json_reader *reader, json_t *object,
			   const char *key, int *flag, struct ar_error *err)
{
	json_t *value = json_object_get(object, key);

	*flag = -1;
	if (value == NULL || json_is_null(value))
		return AR_OK;
	if (!json_is_boolean(value))
		return not_a(reader, key, "true or false", err);
	*flag = json_is_true(value);
	return AR_OK;
}

/* Unix seconds or milliseconds with a fraction, which is dropped. */
static void date_from_real(double number, struct date_result *date)
{
	if (isfinite(number) && number > -9e18 && number < 9e18) {
		date_from_unix((long long)number, date);
		return;
	}
	memset(date, 0, sizeof(*date));
	date->kind = DATE_UNKNOWN;
	snprintf(date->reason, sizeof(date->reason), "a number out of range");
}

/* A date value as a message quotes it: a string tamed, a number. */
static const char *date_excerpt(json_t *value, char *out, size_t size)
{
	if (json_is_string(value))
		return preset_excerpt(out, size, json_string_value(value));
	if (json_is_integer(value))
		snprintf(out, size, "%" JSON_INTEGER_FORMAT,
			 json_integer_value(value));
	else
		snprintf(out, size, "%g", json_number_value(value));
	return out;
}

/*
 * The date at key (NULL: unmapped): a string in any form of date.h, read
 * with the source's date options, or a number of Unix seconds or
 * milliseconds.  DATE_EMPTY when absent, null or "".  A value that is
 * no date is AR_ERR_DATA, with the reason.
 */
static enum ar_rc get_date(const struct json_reader *reader, json_t *object,
			   const char *key, struct date_result *date,
			   struct ar_error *err)
{
	json_t *value = key != NULL ? json_object_get(object, key) : NULL;
	char excerpt[80];

	if (json_is_integer(value))
		date_from_unix(json_integer_value(value), date);
	else if (json_is_real(value))
		date_from_real(json_real_value(value), date);
	else if (json_is_string(value))
		date_parse(json_string_value(value), &reader->spec->dates,
			   date);
	else if (value == NULL || json_is_null(value))
		date_parse(NULL, NULL, date);
	else
		return not_a(reader, key, "a date (a string or a number)",
			     err);
	if (date->kind == DATE_UNKNOWN && reader->spec->strict)
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: '%s' in '%s' is not a date (%s)",
				    reader->where.buf,
				    date_excerpt(value, excerpt,
						 sizeof(excerpt)),
				    key, date->reason);
	if (date->kind == DATE_UNKNOWN) {
		char message[400];

		snprintf(message, sizeof(message),
			 "'%s' in '%s' is not a date (%s): read as not "
			 "told (strict = yes in [review] makes it an error)",
			 date_excerpt(value, excerpt, sizeof(excerpt)), key,
			 date->reason);
		preset_warn(&reader->emitter, reader->where.buf, message);
		date->kind = DATE_EMPTY;
		date->when = 0;
	}
	return AR_OK;
}

/* A last login (preset_last_login); *when stays as given when the value
 * is absent, null or empty. */
static enum ar_rc get_time(const struct json_reader *reader, json_t *object,
			   const char *key, time_t *when, struct ar_error *err)
{
	struct date_result date = { DATE_EMPTY, 0, { 0 } };
	enum ar_rc rc = get_date(reader, object, key, &date, err);

	if (rc == AR_OK && date.kind != DATE_EMPTY)
		*when = preset_last_login(&date);
	return rc;
}

static enum mfa_status mfa_from_flag(int flag)
{
	if (flag < 0)
		return MFA_UNKNOWN;
	return flag ? MFA_ENABLED : MFA_DISABLED;
}

static json_t *get_array(json_t *object, const char *key)
{
	json_t *value = json_object_get(object, key);

	return json_is_array(value) ? value : NULL;
}

static json_t *first_item(json_t *array)
{
	return json_is_array(array) ? json_array_get(array, 0) : NULL;
}

static int has_keys(json_t *object, const char *first, const char *second)
{
	return json_is_object(object) && json_object_get(object, first) &&
	       json_object_get(object, second);
}

/* ---- walking items ---- */

static void set_where(struct json_reader *reader, size_t index)
{
	ar_buf_reset(&reader->where);
	ar_buf_addf(&reader->where, "%s: record %zu", reader->spec->location,
		    index + 1);
}

static enum ar_rc read_item(struct json_reader *reader, json_t *item,
			    item_fn convert, struct ar_error *err)
{
	struct account_record account;
	enum ar_rc rc;

	if (!json_is_object(item))
		return ar_error_set(err, AR_ERR_DATA, "%s: not an object",
				    reader->where.buf);
	memset(&account, 0, sizeof(account));
	preset_grants_reset(&reader->grants);
	reader->skip = 0;
	rc = convert(reader, item, &account, err);
	if (rc == AR_OK && reader->skip)
		reader->skipped++;
	else if (rc == AR_OK)
		rc = preset_emit(&reader->emitter, reader->where.buf, &account,
				 &reader->grants, err);
	return rc;
}

static enum ar_rc read_items(struct json_reader *reader, json_t *array,
			     item_fn convert, struct ar_error *err)
{
	enum ar_rc rc = AR_OK;
	size_t index;
	json_t *item;

	json_array_foreach(array, index, item) {
		set_where(reader, index);
		rc = read_item(reader, item, convert, err);
		if (rc != AR_OK)
			break;
	}
	return rc;
}

static enum ar_rc wrong_shape(const struct json_reader *reader,
			      const char *expected, struct ar_error *err)
{
	return ar_error_set(err, AR_ERR_DATA, "%s: not a %s export (%s)",
			    reader->spec->location,
			    reader->emitter.summary->detected_preset,
			    expected);
}

/* ---- GitHub: members without 2FA ---- */

static int github_detect(const struct json_reader *reader, json_t *root)
{
	/* an empty list is what a fully enrolled org returns */
	if (json_is_array(root) && json_array_size(root) == 0)
		return reader->spec->role == SOURCE_ROLE_MFA;
	return has_keys(first_item(root), "login", "site_admin");
}

static enum ar_rc github_item(struct json_reader *reader, json_t *item,
			      struct account_record *account,
			      struct ar_error *err)
{
	const char *login = NULL, *type = NULL;
	int site_admin = -1;
	enum ar_rc rc;

	rc = get_required_text(reader, item, "login", &login, err);
	if (rc == AR_OK)
		rc = get_text(reader, item, "type", &type, err);
	if (rc == AR_OK)
		rc = get_flag(reader, item, "site_admin", &site_admin, err);
	if (rc != AR_OK)
		return rc;
	/* the list has logins only: they are the ids */
	account->id = login;
	account->login = login;
	account->active = 1;
	account->mfa = MFA_DISABLED;
	account->is_service = type != NULL && strcmp(type, "Bot") == 0;
	if (site_admin == 1)
		preset_grants_add(&reader->grants, "site-admin", "site admin",
				  1);
	return AR_OK;
}

static enum ar_rc github_check(struct json_reader *reader, json_t *root,
			       struct ar_error *err)
{
	if (!json_is_array(root))
		return wrong_shape(reader, "expected an array of members", err);
	return AR_OK;
}

static void github_finish(struct json_reader *reader, json_t *root)
{
	size_t count = reader->delivered;

	(void)root;
	if (reader->spec->role == SOURCE_ROLE_MFA) {
		/* filter=2fa_disabled: every member not listed has 2FA */
		reader->summary->has_unlisted_mfa = 1;
		reader->summary->unlisted_mfa = MFA_ENABLED;
	}
	if (count == GITHUB_DEFAULT_PAGE ||
	    (count > 0 && count % GITHUB_MAX_PAGE == 0))
		preset_warn(&reader->emitter, reader->spec->location,
			    "exactly one page of members: check that every "
			    "page of the list was saved");
}

/* ---- GitLab: GET /api/v4/users ---- */

static int gitlab_detect(const struct json_reader *reader, json_t *root)
{
	(void)reader;
	return has_keys(first_item(root), "username", "state");
}

static enum ar_rc gitlab_flags(struct json_reader *reader, json_t *item,
			       struct account_record *account,
			       struct ar_error *err)
{
	int two_factor = -1, admin = -1, auditor = -1, bot = -1;
	enum ar_rc rc;

	rc = get_flag(reader, item, "two_factor_enabled", &two_factor, err);
	if (rc == AR_OK)
		rc = get_flag(reader, item, "is_admin", &admin, err);
	if (rc == AR_OK)
		rc = get_flag(reader, item, "is_auditor", &auditor, err);
	if (rc == AR_OK)
		rc = get_flag(reader, item, "bot", &bot, err);
	if (rc != AR_OK)
		return rc;
	account->is_service = bot == 1;
	/* bots never sign in interactively */
	account->mfa =
		bot == 1 ? MFA_NOT_APPLICABLE : mfa_from_flag(two_factor);
	if (admin == 1)
		preset_grants_add(&reader->grants, "admin", "admin", 1);
	if (auditor == 1)
		preset_grants_add(&reader->grants, "auditor", "auditor", 0);
	return AR_OK;
}

static enum ar_rc gitlab_item(struct json_reader *reader, json_t *item,
			      struct account_record *account,
			      struct ar_error *err)
{
	const char *state = NULL;
	time_t activity = 0, sign_in = 0;
	enum ar_rc rc;

	rc = get_id(reader, item, "id", &account->id, err);
	if (rc == AR_OK)
		rc = get_required_text(reader, item, "username",
				       &account->login, err);
	if (rc == AR_OK)
		rc = get_text(reader, item, "email", &account->email, err);
	if (rc == AR_OK)
		rc = get_text(reader, item, "name", &account->display_name,
			      err);
	if (rc == AR_OK)
		rc = get_required_text(reader, item, "state", &state, err);
	if (rc == AR_OK)
		rc = get_time(reader, item, "last_activity_on", &activity, err);
	if (rc == AR_OK)
		rc = get_time(reader, item, "last_sign_in_at", &sign_in, err);
	if (rc == AR_OK)
		rc = gitlab_flags(reader, item, account, err);
	if (rc != AR_OK)
		return rc;
	/* blocked and deactivated users cannot work; `locked` is only a
	 * sign-in lockout and expires by itself */
	account->active = strcmp(state, "active") == 0;
	account->last_login = activity > 0  ? activity
			      : sign_in > 0 ? sign_in
					    : -1;
	return AR_OK;
}

static enum ar_rc gitlab_check(struct json_reader *reader, json_t *root,
			       struct ar_error *err)
{
	if (!json_is_array(root))
		return wrong_shape(reader, "expected an array of users", err);
	return AR_OK;
}

/* ---- Zendesk: GET /api/v2/users ---- */

static int zendesk_detect(const struct json_reader *reader, json_t *root)
{
	(void)reader;
	return json_is_object(root) && get_array(root, "users") != NULL;
}

static enum ar_rc zendesk_role(struct json_reader *reader, json_t *item,
			       struct ar_error *err)
{
	const char *role = NULL;
	char excerpt[80];
	enum ar_rc rc = get_required_text(reader, item, "role", &role, err);

	if (rc != AR_OK)
		return rc;
	/* end-users are customers who file tickets, not staff accounts */
	if (strcmp(role, "end-user") == 0)
		reader->skip = 1;
	else if (strcmp(role, "admin") == 0)
		preset_grants_add(&reader->grants, "admin", "admin", 1);
	else if (strcmp(role, "agent") == 0)
		preset_grants_add(&reader->grants, "agent", "agent", 0);
	else
		rc = ar_error_set(err, AR_ERR_DATA, "%s: unknown role '%s'",
				  reader->where.buf,
				  preset_excerpt(excerpt, sizeof(excerpt),
						 role));
	return rc;
}

static enum ar_rc zendesk_item(struct json_reader *reader, json_t *item,
			       struct account_record *account,
			       struct ar_error *err)
{
	int suspended = -1, active = -1, two_factor = -1;
	enum ar_rc rc;

	rc = zendesk_role(reader, item, err);
	if (rc != AR_OK || reader->skip)
		return rc;
	account->last_login = -1; /* null last_login_at: never signed in */
	rc = get_id(reader, item, "id", &account->id, err);
	if (rc == AR_OK)
		rc = get_text(reader, item, "email", &account->email, err);
	if (rc == AR_OK)
		rc = get_text(reader, item, "name", &account->display_name,
			      err);
	if (rc == AR_OK)
		rc = get_flag(reader, item, "suspended", &suspended, err);
	if (rc == AR_OK)
		rc = get_flag(reader, item, "active", &active, err);
	if (rc == AR_OK)
		rc = get_flag(reader, item, "two_factor_auth_enabled",
			      &two_factor, err);
	if (rc == AR_OK)
		rc = get_time(reader, item, "last_login_at",
			      &account->last_login, err);
	account->login = account->email;
	/* "active": false marks a deleted user */
	account->active = suspended != 1 && active != 0;
	account->mfa = mfa_from_flag(two_factor);
	return rc;
}

static void zendesk_completeness(struct json_reader *reader, json_t *root,
				 size_t delivered)
{
	struct source_summary *summary = reader->summary;
	json_t *count = json_object_get(root, "count");
	json_t *next = json_object_get(root, "next_page");

	if (json_is_integer(count)) {
		json_int_t declared = json_integer_value(count);

		/* count includes end-users, which are not emitted */
		summary->declared = (long)(declared - reader->skipped);
		if ((size_t)declared != delivered || declared < 0)
			snprintf(summary->incomplete,
				 sizeof(summary->incomplete),
				 "count says %" JSON_INTEGER_FORMAT
				 " users, the export holds %zu",
				 declared, delivered);
	}
	if (next != NULL && !json_is_null(next))
		snprintf(summary->incomplete, sizeof(summary->incomplete),
			 "next_page is set: the export holds one page of "
			 "several");
}

static enum ar_rc zendesk_check(struct json_reader *reader, json_t *root,
				struct ar_error *err)
{
	if (get_array(root, "users") == NULL)
		return wrong_shape(reader, "expected an object with a users "
				   "array", err);
	return AR_OK;
}

static void zendesk_finish(struct json_reader *reader, json_t *root)
{
	zendesk_completeness(reader, root, reader->delivered);
}

/* ---- Datadog: GET /api/v2/users (JSON:API) ---- */

#define DATADOG_ADMIN_ROLE "Datadog Admin Role"

static int datadog_detect(const struct json_reader *reader, json_t *root)
{
	json_t *data = get_array(root, "data");
	json_t *type;

	(void)reader;
	if (!json_is_object(root) || data == NULL)
		return 0;
	if (json_array_size(data) == 0)
		return json_object_get(root, "meta") != NULL;
	type = json_object_get(first_item(data), "type");
	return json_is_string(type) &&
	       strcmp(json_string_value(type), "users") == 0;
}

/*
 * Index the role names of `included` by role id, when root has it.  The
 * index outlives a pass: `included` usually follows the users, so the dry
 * run builds it at its end for the pass that emits.
 */
static void datadog_role_names(struct json_reader *reader, json_t *root)
{
	json_t *included = get_array(root, "included");
	json_t *item;
	size_t index;

	if (included == NULL)
		return;
	json_decref(reader->role_names);
	reader->role_names = json_object();
	json_array_foreach(included, index, item) {
		json_t *type = json_object_get(item, "type");
		json_t *id = json_object_get(item, "id");
		json_t *name = json_object_get(json_object_get(item,
							       "attributes"),
					       "name");

		if (json_is_string(type) && json_is_string(id) &&
		    json_is_string(name) &&
		    strcmp(json_string_value(type), "roles") == 0)
			json_object_set(reader->role_names,
					json_string_value(id), name);
	}
}

static enum ar_rc datadog_roles(struct json_reader *reader, json_t *item,
				struct ar_error *err)
{
	json_t *roles = json_object_get(
		json_object_get(json_object_get(item, "relationships"),
				"roles"),
		"data");
	json_t *role;
	size_t index;

	if (roles != NULL && !json_is_array(roles))
		return not_a(reader, "relationships.roles.data", "an array",
			     err);
	json_array_foreach(roles, index, role) {
		json_t *id = json_object_get(role, "id");
		json_t *name;

		if (!json_is_string(id) || json_string_length(id) == 0)
			return not_a(reader, "relationships.roles.data[].id",
				     "a string", err);
		/* a role missing from `included` is shown by its id */
		name = json_object_get(reader->role_names,
				       json_string_value(id));
		name = name != NULL ? name : id;
		preset_grants_add(&reader->grants, json_string_value(id),
				  json_string_value(name),
				  strcmp(json_string_value(name),
					 DATADOG_ADMIN_ROLE) == 0);
	}
	return AR_OK;
}

static enum ar_rc datadog_attributes(struct json_reader *reader,
				     json_t *attributes,
				     struct account_record *account,
				     struct ar_error *err)
{
	const char *status = NULL;
	int disabled = -1, mfa = -1, service = -1;
	enum ar_rc rc;

	rc = get_text(reader, attributes, "email", &account->email, err);
	if (rc == AR_OK)
		rc = get_text(reader, attributes, "handle", &account->login,
			      err);
	if (rc == AR_OK)
		rc = get_text(reader, attributes, "name",
			      &account->display_name, err);
	if (rc == AR_OK)
		rc = get_text(reader, attributes, "status", &status, err);
	if (rc == AR_OK)
		rc = get_flag(reader, attributes, "disabled", &disabled, err);
	if (rc == AR_OK)
		rc = get_flag(reader, attributes, "mfa_enabled", &mfa, err);
	if (rc == AR_OK)
		rc = get_flag(reader, attributes, "service_account", &service,
			      err);
	if (rc != AR_OK)
		return rc;
	account->active = disabled != 1 &&
			  (status == NULL || strcmp(status, "Disabled") != 0);
	account->is_service = service == 1;
	/* service accounts use API and application keys only */
	account->mfa = service == 1 ? MFA_NOT_APPLICABLE : mfa_from_flag(mfa);
	/* Pending: invited, never signed in; the API has no last login */
	account->last_login =
		status != NULL && strcmp(status, "Pending") == 0 ? -1 : 0;
	return AR_OK;
}

static enum ar_rc datadog_item(struct json_reader *reader, json_t *item,
			       struct account_record *account,
			       struct ar_error *err)
{
	const char *type = NULL;
	json_t *attributes = json_object_get(item, "attributes");
	char excerpt[80];
	enum ar_rc rc;

	rc = get_required_text(reader, item, "type", &type, err);
	if (rc == AR_OK && strcmp(type, "users") != 0)
		rc = ar_error_set(err, AR_ERR_DATA,
				  "%s: type '%s' where users were expected",
				  reader->where.buf,
				  preset_excerpt(excerpt, sizeof(excerpt),
						 type));
	if (rc == AR_OK)
		rc = get_required_text(reader, item, "id", &account->id, err);
	if (rc == AR_OK && !json_is_object(attributes))
		rc = not_a(reader, "attributes", "an object", err);
	if (rc == AR_OK)
		rc = datadog_attributes(reader, attributes, account, err);
	if (rc == AR_OK)
		rc = datadog_roles(reader, item, err);
	return rc;
}

static void datadog_completeness(struct json_reader *reader, json_t *root,
				 size_t delivered)
{
	struct source_summary *summary = reader->summary;
	json_t *total = json_object_get(
		json_object_get(json_object_get(root, "meta"), "page"),
		"total_count");
	json_t *next = json_object_get(json_object_get(root, "links"),
				       "next");

	if (json_is_integer(total)) {
		json_int_t declared = json_integer_value(total);

		summary->declared = (long)declared;
		if (declared < 0 || (size_t)declared > delivered)
			snprintf(summary->incomplete,
				 sizeof(summary->incomplete),
				 "meta.page.total_count says %"
				 JSON_INTEGER_FORMAT
				 " users, the export holds %zu",
				 declared, delivered);
	}
	if (json_is_string(next))
		snprintf(summary->incomplete, sizeof(summary->incomplete),
			 "links.next is set: the export holds one page of "
			 "several");
}

static enum ar_rc datadog_check(struct json_reader *reader, json_t *root,
				struct ar_error *err)
{
	if (!json_is_object(root) || get_array(root, "data") == NULL)
		return wrong_shape(reader, "expected a JSON:API object with "
				   "a data array", err);
	datadog_role_names(reader, root);
	return AR_OK;
}

static void datadog_finish(struct json_reader *reader, json_t *root)
{
	datadog_role_names(reader, root);
	datadog_completeness(reader, root, reader->delivered);
}

/* ---- generic field.* mapping ---- */

/* A mapped value as text: strings as they are, integers in decimal,
 * booleans as "true"/"false"; NULL when unmapped, absent or null. */
static enum ar_rc generic_text(struct json_reader *reader, json_t *item,
			       enum generic_field field, const char **out,
			       struct ar_error *err)
{
	const char *key = reader->generic[field];
	json_t *value = key ? json_object_get(item, key) : NULL;

	*out = NULL;
	if (json_is_integer(value)) {
		snprintf(reader->generic_text[field],
			 sizeof(reader->generic_text[field]),
			 "%" JSON_INTEGER_FORMAT, json_integer_value(value));
		*out = reader->generic_text[field];
	} else if (json_is_boolean(value)) {
		*out = json_is_true(value) ? "true" : "false";
	} else if (value != NULL) {
		return get_text(reader, item, key, out, err);
	}
	return AR_OK;
}

static enum ar_rc generic_groups(struct json_reader *reader, json_t *item,
				 struct ar_error *err)
{
	const char *key = reader->generic[GENERIC_GROUPS];
	json_t *value = key ? json_object_get(item, key) : NULL;
	json_t *group;
	size_t index;

	if (json_is_string(value)) {
		preset_grants_split(&reader->grants, json_string_value(value));
		return AR_OK;
	}
	if (value != NULL && !json_is_null(value) && !json_is_array(value))
		return not_a(reader, key, "a list of groups", err);
	json_array_foreach(value, index, group) {
		if (!json_is_string(group))
			return not_a(reader, key, "a list of group names",
				     err);
		if (json_string_length(group) > 0)
			preset_grants_add(&reader->grants,
					  json_string_value(group),
					  json_string_value(group), 0);
	}
	return AR_OK;
}

static enum ar_rc generic_values(struct json_reader *reader,
				 struct account_record *account,
				 const char *const *text,
				 struct ar_error *err)
{
	const char *const *key = reader->generic;
	char message[400], value[80];

	if (preset_parse_active(text[GENERIC_ACTIVE], &account->active) != 0) {
		if (reader->spec->strict)
			return not_a(reader, key[GENERIC_ACTIVE],
				     "an active flag", err);
		account->active = 1;
		snprintf(message, sizeof(message),
			 "'%s' in '%s' is not a status this tool knows: "
			 "treated as active, so the account is reviewed "
			 "(strict = yes in [review] makes it an error)",
			 preset_excerpt(value, sizeof(value),
					text[GENERIC_ACTIVE]),
			 key[GENERIC_ACTIVE]);
		preset_warn(&reader->emitter, reader->where.buf, message);
	}
	if (preset_parse_mfa(text[GENERIC_MFA], &account->mfa) != 0) {
		if (reader->spec->strict)
			return not_a(reader, key[GENERIC_MFA],
				     "an MFA status", err);
		account->mfa = MFA_UNKNOWN;
		snprintf(message, sizeof(message),
			 "'%s' in '%s' is not an MFA status this tool knows: "
			 "MFA unknown (strict = yes in [review] makes it an "
			 "error)",
			 preset_excerpt(value, sizeof(value),
					text[GENERIC_MFA]),
			 key[GENERIC_MFA]);
		preset_warn(&reader->emitter, reader->where.buf, message);
	}
	account->login = text[GENERIC_LOGIN];
	account->email = text[GENERIC_EMAIL];
	account->display_name = text[GENERIC_NAME];
	account->employee_number = text[GENERIC_EMPLOYEE_NUMBER];
	account->id = text[GENERIC_ID];
	if (account->id == NULL)
		account->id = account->login ? account->login : account->email;
	return AR_OK;
}

static enum ar_rc generic_item(struct json_reader *reader, json_t *item,
			       struct account_record *account,
			       struct ar_error *err)
{
	const char *text[GENERIC_FIELD_COUNT] = { NULL };
	enum ar_rc rc = AR_OK;

	/* groups are a list, last-login a string or a number */
	for (size_t f = 0; f < GENERIC_FIELD_COUNT && rc == AR_OK; f++)
		if (f != GENERIC_GROUPS && f != GENERIC_LAST_LOGIN)
			rc = generic_text(reader, item, (enum generic_field)f,
					  &text[f], err);
	if (rc == AR_OK)
		rc = generic_values(reader, account, text, err);
	if (rc == AR_OK)
		rc = get_time(reader, item, reader->generic[GENERIC_LAST_LOGIN],
			      &account->last_login, err);
	if (rc == AR_OK)
		rc = generic_groups(reader, item, err);
	return rc;
}

static enum ar_rc generic_check(struct json_reader *reader, json_t *root,
				struct ar_error *err)
{
	if (!json_is_array(root))
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: a field.* mapping reads a top-level "
				    "array of objects",
				    reader->spec->location);
	return AR_OK;
}

static const struct json_preset json_presets[] = {
	{ PRESET_GITHUB_2FA_DISABLED, NULL, github_detect, github_check,
	  github_item, github_finish },
	{ PRESET_GITLAB, NULL, gitlab_detect, gitlab_check, gitlab_item,
	  NULL },
	{ PRESET_ZENDESK, "users", zendesk_detect, zendesk_check,
	  zendesk_item, zendesk_finish },
	{ PRESET_DATADOG, "data", datadog_detect, datadog_check,
	  datadog_item, datadog_finish },
};

static const struct json_preset generic_preset = {
	NULL, NULL, NULL, generic_check, generic_item, NULL
};

/* ---- the document ---- */

static enum ar_rc check_preset_name(const struct source_spec *spec,
				    struct ar_error *err)
{
	const char *name = spec->preset;

	if (name == NULL || *name == '\0' || preset_is_json(name))
		return AR_OK;
	if (preset_is_csv(name))
		return ar_error_set(err, AR_ERR_CONFIG,
				    "%s: preset '%s' reads CSV exports, "
				    "not JSON",
				    spec->location, name);
	return ar_error_set(err, AR_ERR_CONFIG, "%s: unknown preset '%s'",
			    spec->location, name);
}

/* Refuse a file too big to load whole, or holding only blanks. */
static enum ar_rc check_file(const struct source_spec *spec, FILE *file,
			     struct ar_error *err)
{
	struct stat info;
	int c;

	if (fstat(fileno(file), &info) == 0 &&
	    info.st_size > READER_MAX_DOCUMENT)
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: larger than %ld bytes", spec->location,
				    READER_MAX_DOCUMENT);
	do
		c = getc(file);
	while (c == ' ' || c == '\t' || c == '\r' || c == '\n');
	if (c == EOF && ferror(file))
		return ar_error_set(err, AR_ERR_NOINPUT, "cannot read '%s'",
				    spec->location);
	if (c == EOF)
		return ar_error_set(err, AR_ERR_DATA, "%s: empty export",
				    spec->location);
	if (fseek(file, 0, SEEK_SET) != 0)
		return ar_error_set(err, AR_ERR_NOINPUT,
				    "cannot read '%s' (not a regular file?)",
				    spec->location);
	return AR_OK;
}

static const char *forced_preset(const struct source_spec *spec)
{
	return spec->preset != NULL && *spec->preset != '\0' ? spec->preset
							     : NULL;
}

/* The preset for root (the document, or its skeleton), NULL if none. */
static const struct json_preset *find_preset(const struct json_reader *reader,
					     json_t *root)
{
	const char *forced = forced_preset(reader->spec);
	size_t count = sizeof(json_presets) / sizeof(json_presets[0]);

	for (size_t i = 0; i < count; i++) {
		int match = forced ? strcmp(forced, json_presets[i].name) == 0
				   : json_presets[i].detect(reader, root);

		if (match)
			return &json_presets[i];
	}
	return reader->spec->field_count > 0 ? &generic_preset : NULL;
}

static enum ar_rc choose_preset(struct json_reader *reader, json_t *root,
				struct ar_error *err)
{
	reader->preset = find_preset(reader, root);
	if (reader->preset == NULL)
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: unrecognised export (no preset "
				    "matches its shape; set preset = or "
				    "field.* keys)",
				    reader->spec->location);
	if (reader->preset->name != NULL)
		snprintf(reader->summary->detected_preset,
			 sizeof(reader->summary->detected_preset), "%s",
			 reader->preset->name);
	return AR_OK;
}

/* ---- the document, streamed ---- */

/* Keys under which a top-level object holds the list of a preset. */
static int is_list_key(const char *key)
{
	return strcmp(key, "users") == 0 || strcmp(key, "data") == 0;
}

static int same_key(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

/* What detect and check see when a list starts: the envelope read so far
 * with the list holding only its first item (key NULL: the list alone). */
static json_t *skeleton(json_t *envelope, const char *key, json_t *first)
{
	json_t *list = json_array();
	json_t *root;

	if (first != NULL)
		json_array_append(list, first);
	if (key == NULL)
		return list;
	root = json_copy(envelope); /* shallow: shares the members */
	json_object_set_new(root, key, list);
	return root;
}

/* The items after the first, streamed through the preset; the first one
 * (NULL when the list is empty) is taken over. */
static enum ar_rc stream_items(struct json_reader *reader,
			       struct json_stream *stream, json_t *first,
			       struct ar_error *err)
{
	json_t *item = first;
	enum ar_rc rc = AR_OK;
	size_t index = 0;
	int next;

	while (item != NULL) {
		set_where(reader, index++);
		/* after a bad item the dry run only parses, for syntax */
		if (!reader->emitter.dry_run)
			rc = read_item(reader, item, reader->preset->convert,
				       err);
		else if (reader->deferred.code == AR_OK)
			read_item(reader, item, reader->preset->convert,
				  &reader->deferred);
		json_decref(item);
		item = NULL;
		if (rc != AR_OK)
			break;
		next = json_stream_peek(stream);
		if (next == ']') {
			json_stream_skip(stream);
			break;
		}
		if (next != ',') {
			rc = json_stream_expected(stream, "',' or ']'", err);
			break;
		}
		json_stream_skip(stream);
		rc = json_stream_value(stream, &item, err);
	}
	reader->delivered = index;
	return rc;
}

/* The items after the first into one array, *out (the first is taken
 * over): for a list that has to be decided as a whole. */
static enum ar_rc load_items(struct json_stream *stream, json_t *first,
			     json_t **out, struct ar_error *err)
{
	json_t *item = first;
	enum ar_rc rc = AR_OK;
	int next;

	*out = json_array();
	while (item != NULL) {
		json_array_append_new(*out, item);
		item = NULL;
		next = json_stream_peek(stream);
		if (next == ']') {
			json_stream_skip(stream);
			break;
		}
		if (next != ',') {
			rc = json_stream_expected(stream, "',' or ']'", err);
			break;
		}
		json_stream_skip(stream);
		rc = json_stream_value(stream, &item, err);
	}
	/* a list cut short is not kept: the caller only returns the error */
	if (rc != AR_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/*
 * A list starts at the next byte, '['.  Its first item and the envelope
 * so far choose the preset; when that preset reads this list, the list is
 * streamed through it, else it is loaded whole into *loaded.
 */
static enum ar_rc open_list(struct json_reader *reader,
			    struct json_stream *stream, json_t *envelope,
			    const char *key, json_t **loaded,
			    struct ar_error *err)
{
	const struct json_preset *preset;
	json_t *first = NULL;
	json_t *root;
	enum ar_rc rc = AR_OK;

	*loaded = NULL;
	json_stream_skip(stream); /* '[' */
	if (json_stream_peek(stream) == ']')
		json_stream_skip(stream);
	else
		rc = json_stream_value(stream, &first, err);
	if (rc != AR_OK)
		return rc;
	root = skeleton(envelope, key, first);
	preset = find_preset(reader, root);
	if (preset != NULL && same_key(preset->list, key)) {
		rc = choose_preset(reader, root, err);
		if (rc == AR_OK && reader->emitter.dry_run)
			preset->check(reader, root, &reader->deferred);
		else if (rc == AR_OK)
			rc = preset->check(reader, root, err);
		if (rc == AR_OK && key != NULL)
			reader->list_key = ar_strdup(key);
		if (rc == AR_OK)
			rc = stream_items(reader, stream, first, err);
		else
			json_decref(first);
	} else {
		rc = load_items(stream, first, loaded, err);
	}
	json_decref(root);
	return rc;
}

/* One member of the top-level object: the list, or into the envelope. */
static enum ar_rc object_member(struct json_reader *reader,
				struct json_stream *stream, json_t *envelope,
				const char *key, struct ar_error *err)
{
	json_t *value = NULL;
	enum ar_rc rc;

	if (json_object_get(envelope, key) != NULL ||
	    same_key(reader->list_key, key))
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: duplicate object key '%s'",
				    reader->spec->location, key);
	if (is_list_key(key) && json_stream_peek(stream) == '[') {
		/* the only case where the first list decides differently
		 * from the whole document: Zendesk's wins over Datadog's */
		if (reader->list_key != NULL && strcmp(key, "users") == 0 &&
		    forced_preset(reader->spec) == NULL)
			return ar_error_set(err, AR_ERR_DATA,
					    "%s: both a 'data' and a 'users' "
					    "list: set preset =",
					    reader->spec->location);
		if (reader->list_key == NULL) {
			rc = open_list(reader, stream, envelope, key, &value,
				       err);
			if (rc != AR_OK || value == NULL)
				return rc;
			/* json_object_set_new takes value even when failing */
			if (json_object_set_new(envelope, key, value) != 0)
				return ar_error_set(err, AR_ERR_INTERNAL,
						    "%s: cannot keep a JSON "
						    "member",
						    reader->spec->location);
			return AR_OK;
		}
	}
	rc = json_stream_value(stream, &value, err);
	if (rc == AR_OK && json_object_set_new(envelope, key, value) != 0)
		rc = ar_error_set(err, AR_ERR_INTERNAL,
				  "%s: cannot keep a JSON member",
				  reader->spec->location);
	return rc;
}

static enum ar_rc stream_object(struct json_reader *reader,
				struct json_stream *stream, json_t *envelope,
				struct ar_error *err)
{
	json_t *key = NULL;
	enum ar_rc rc = AR_OK;
	int next;

	json_stream_skip(stream); /* '{' */
	if (json_stream_peek(stream) == '}') {
		json_stream_skip(stream);
		return AR_OK;
	}
	while (rc == AR_OK) {
		if (json_stream_peek(stream) != '"') {
			rc = json_stream_expected(stream, "string", err);
			break;
		}
		rc = json_stream_value(stream, &key, err);
		if (rc == AR_OK && json_stream_peek(stream) != ':')
			rc = json_stream_expected(stream, "':'", err);
		if (rc == AR_OK) {
			json_stream_skip(stream);
			rc = object_member(reader, stream, envelope,
					   json_string_value(key), err);
		}
		json_decref(key);
		key = NULL;
		if (rc != AR_OK)
			break;
		next = json_stream_peek(stream);
		if (next == '}') {
			json_stream_skip(stream);
			break;
		}
		if (next == ',')
			json_stream_skip(stream);
		else
			rc = json_stream_expected(stream, "',' or '}'", err);
	}
	return rc;
}

/* After the document: the list was streamed, or root holds all of it. */
static enum ar_rc finish_document(struct json_reader *reader, json_t *root,
				  struct ar_error *err)
{
	json_t *list;
	enum ar_rc rc = AR_OK;

	if (reader->preset == NULL) {
		const struct json_preset *preset;

		rc = choose_preset(reader, root, err);
		if (rc != AR_OK || reader->preset == NULL)
			return rc;
		preset = reader->preset;
		rc = preset->check(reader, root, err);
		list = preset->list != NULL ? get_array(root, preset->list)
					    : root;
		if (rc == AR_OK)
			rc = read_items(reader, list, preset->convert, err);
		reader->delivered = json_array_size(list);
	}
	if (rc == AR_OK && reader->preset->finish != NULL)
		reader->preset->finish(reader, root);
	return rc;
}

static enum ar_rc read_document(struct json_reader *reader, FILE *file,
				struct ar_error *err)
{
	struct json_stream stream;
	json_t *root = NULL;
	enum ar_rc rc;
	int first;

	json_stream_init(&stream, file, reader->spec->location, 0);
	stream.load_flags = JSON_REJECT_DUPLICATES;
	first = json_stream_peek(&stream);
	if (first == '[') {
		rc = open_list(reader, &stream, NULL, NULL, &root, err);
	} else if (first == '{') {
		root = json_object();
		rc = stream_object(reader, &stream, root, err);
	} else {
		rc = json_stream_expected(&stream, "'[' or '{'", err);
	}
	if (rc == AR_OK && (json_stream_peek(&stream) != EOF ||
			    stream.read_errno != 0))
		rc = json_stream_expected(&stream, "end of file", err);
	if (rc == AR_OK && reader->deferred.code != AR_OK) {
		rc = reader->deferred.code;
		if (err != NULL && err->code == AR_OK)
			*err = reader->deferred;
	}
	if (rc == AR_OK)
		rc = finish_document(reader, root, err);
	json_decref(root);
	json_stream_release(&stream);
	return rc;
}

/* Start a pass: what the previous one found is forgotten, except the
 * Datadog role names. */
static void start_pass(struct json_reader *reader,
		       const struct record_sink *sink,
		       struct source_summary *summary, int dry_run)
{
	memset(summary, 0, sizeof(*summary));
	summary->declared = -1;
	preset_emitter_release(&reader->emitter);
	preset_emitter_init(&reader->emitter, reader->spec, sink, summary,
			    dry_run);
	reader->preset = NULL;
	free(reader->list_key);
	reader->list_key = NULL;
	reader->delivered = 0;
	reader->skipped = 0;
	ar_error_clear(&reader->deferred);
}

enum ar_rc source_read_json(const struct source_spec *spec,
		     const struct record_sink *sink,
		     struct source_summary *summary, struct ar_error *err)
{
	struct json_reader reader;
	FILE *file = NULL;
	enum ar_rc rc;

	memset(summary, 0, sizeof(*summary));
	summary->declared = -1;
	memset(&reader, 0, sizeof(reader));
	reader.spec = spec;
	reader.summary = summary;
	ar_buf_init(&reader.where, 0);
	rc = check_preset_name(spec, err);
	if (rc == AR_OK)
		rc = preset_generic_columns(spec, reader.generic, err);
	if (rc == AR_OK)
		rc = reader_open(spec, &file, err);
	if (rc == AR_OK)
		rc = check_file(spec, file, err);
	/* a dry run over the whole file, then the pass that emits */
	for (int dry_run = 1; dry_run >= 0 && rc == AR_OK; dry_run--) {
		start_pass(&reader, sink, summary, dry_run);
		rc = read_document(&reader, file, err);
	}
	if (file != NULL)
		fclose(file);
	free(reader.list_key);
	preset_grants_release(&reader.grants);
	preset_emitter_release(&reader.emitter);
	ar_buf_release(&reader.where);
	json_decref(reader.role_names);
	return rc;
}
