/* scim.c -- SCIM 2.0 reader: ListResponse, resource arrays and NDJSON */
/* SPDX-License-Identifier: MIT */

/*
 * SCIM READER
 *
 * One file holds one of four shapes:
 *   - a ListResponse (RFC 7644 s3.4.2): Resources and totalResults;
 *   - a plain JSON array of resources;
 *   - a single resource, as GET /Users/{id} returns it;
 *   - NDJSON, one resource per line: recognised when another value follows
 *     a first top-level object.
 * A SCIM error body (RFC 7644 s3.12) saved as an export is refused with
 * its status and detail, never read as "0 users".
 *
 * Memory stays bounded by one resource, not the file: the outer array or
 * object is scanned by json_stream (json_util.h) and jansson parses one
 * resource at a time; NDJSON is read line by line.
 *
 * Two passes over the file.  The first checks every resource and emits
 * nothing; the second emits.  A bad record anywhere (a broken NDJSON
 * line, a boolean that is not one) therefore leaves the sink untouched.
 * Parsing twice costs time, not memory: about a second per 100 MB.
 *
 * Attribute names are matched case-insensitively (RFC 7643 s2.1); ids are
 * case-exact.  A resource whose id was already met in this file is skipped
 * with a warning: offset paging repeats items when data changes between
 * pages.  Only distinct resources count against totalResults.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "accessreview/buf.h"
#include "accessreview/sources.h"
#include "accessreview/text.h"
#include "json_util.h"
#include "reader.h"

#define SCIM_LIST_RESPONSE "urn:ietf:params:scim:api:messages:2.0:ListResponse"
#define SCIM_ERROR "urn:ietf:params:scim:api:messages:2.0:Error"
#define SCIM_USER "urn:ietf:params:scim:schemas:core:2.0:User"
#define SCIM_GROUP "urn:ietf:params:scim:schemas:core:2.0:Group"
#define SCIM_ENTERPRISE_USER \
	"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
#define IDCS_MFA_USER \
	"urn:ietf:params:scim:schemas:oracle:idcs:extension:mfa:User"

/* Longest id or name quoted in a message. */
#define QUOTE_MAX 80

enum resource_kind { RESOURCE_UNKNOWN = 0, RESOURCE_USER, RESOURCE_GROUP };

struct scim_reader {
	const struct source_spec *spec;
	const struct record_sink *sink;
	int emit;                /* 0 = checking pass, 1 = emitting pass */
	long ordinal;            /* resources met so far in this pass */
	long line;               /* NDJSON line of the resource, else 0 */
	const char *id;          /* id of the resource being read, or NULL */
	long bom_length;         /* bytes of a UTF-8 byte order mark */
	int ndjson;              /* the file is one resource per line */
	/* "end of file expected" after the first value of an NDJSON file:
	 * the error to give if its first line is no JSON after all */
	struct ar_error trailing;
	json_t *seen_users;      /* ids met in this pass (keys only) */
	json_t *seen_groups;
	json_t *group_ids;       /* Group resources of the file (pass 1) */
	json_t *implied_groups;  /* groups emitted from users' `groups` */
	long distinct;           /* distinct resources in this pass */
	long records;            /* records emitted in this pass */
	long declared;           /* totalResults, or -1 */
};

/* What a User resource says, borrowed from the JSON tree. */
struct scim_user {
	const char *id;
	const char *user_name;
	const char *display_name;
	const char *email;
	const char *employee_number;
	const char *manager;
	const char *user_type;
	int active;
	enum mfa_status mfa;
	struct ar_buf joined_name; /* givenName + familyName, when needed */
};

/*
 * Copy untrusted text for a message: control bytes become '?' so an id
 * cannot forge log lines, and long text is cut on a UTF-8 boundary.
 */
static void quote_text(const char *text, char *out, size_t size)
{
	size_t used = 0;
	size_t limit = size - 4;

	for (; *text != '\0' && used < limit; text++) {
		unsigned char byte = (unsigned char)*text;

		out[used++] = byte < 0x20 || byte == 0x7f ? '?' : *text;
	}
	if (*text != '\0') {
		while (used > 0 && ((unsigned char)out[used - 1] & 0xc0) == 0x80)
			used--;
		if (used > 0 && (unsigned char)out[used - 1] >= 0xc0)
			used--;
		memcpy(out + used, "...", 3);
		used += 3;
	}
	out[used] = '\0';
}

/* "PATH" in a JSON document, "PATH:LINE" in NDJSON. */
static void describe_place(const struct scim_reader *reader, char *out,
			   size_t size)
{
	if (reader->line > 0)
		snprintf(out, size, "%s:%ld", reader->spec->location,
			 reader->line);
	else
		snprintf(out, size, "%s", reader->spec->location);
}

/* "PATH: record N (id X)" or "PATH:LINE: record N (id X)". */
static void describe_record(const struct scim_reader *reader, char *out,
			    size_t size)
{
	char place[512];
	char id[QUOTE_MAX];

	describe_place(reader, place, sizeof(place));
	if (reader->id == NULL) {
		snprintf(out, size, "%s: record %ld", place, reader->ordinal);
		return;
	}
	quote_text(reader->id, id, sizeof(id));
	snprintf(out, size, "%s: record %ld (id %s)", place, reader->ordinal,
		 id);
}

__attribute__((format(printf, 3, 4)))
static enum ar_rc record_error(const struct scim_reader *reader,
			       struct ar_error *err, const char *fmt, ...)
{
	char where[640];
	char problem[512];
	va_list ap;

	describe_record(reader, where, sizeof(where));
	va_start(ap, fmt);
	vsnprintf(problem, sizeof(problem), fmt, ap);
	va_end(ap);
	return ar_error_set(err, AR_ERR_DATA, "%s: %s", where, problem);
}

/* Warnings go out in the emitting pass only, so each is given once. */
__attribute__((format(printf, 2, 3)))
static void warn(const struct scim_reader *reader, const char *fmt, ...)
{
	char message[1024];
	va_list ap;

	if (!reader->emit || reader->sink->warning == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	reader->sink->warning(reader->sink->context, message);
}

/* "emails.value" for a nested attribute, "userName" at the top. */
static void attribute_label(const char *parent, const char *key, char *out,
			    size_t size)
{
	if (parent != NULL)
		snprintf(out, size, "%s.%s", parent, key);
	else
		snprintf(out, size, "%s", key);
}

/*
 * Typed attribute lookups.  Absent and null (unassigned, RFC 7643 s2.5)
 * give NULL or the default; any other wrong type is a data error, so a
 * broken export is refused rather than half read.
 */
static enum ar_rc get_string(const struct scim_reader *reader,
			     json_t *object, const char *parent,
			     const char *key, const char **out,
			     struct ar_error *err)
{
	json_t *value = json_get_nocase(object, key);
	char label[256];

	*out = NULL;
	if (value == NULL || json_is_null(value))
		return AR_OK;
	if (!json_is_string(value)) {
		attribute_label(parent, key, label, sizeof(label));
		return record_error(reader, err, "'%s' is not a string", label);
	}
	*out = json_string_value(value);
	return AR_OK;
}

static enum ar_rc get_bool(const struct scim_reader *reader, json_t *object,
			   const char *parent, const char *key, int fallback,
			   int *out, struct ar_error *err)
{
	json_t *value = json_get_nocase(object, key);
	char label[256];

	*out = fallback;
	if (value == NULL || json_is_null(value))
		return AR_OK;
	*out = json_bool_lenient(value);
	if (*out < 0) {
		attribute_label(parent, key, label, sizeof(label));
		return record_error(reader, err, "'%s' is not a boolean",
				    label);
	}
	return AR_OK;
}

static enum ar_rc get_typed(const struct scim_reader *reader, json_t *object,
			    const char *key, json_type type, json_t **out,
			    struct ar_error *err)
{
	json_t *value = json_get_nocase(object, key);

	*out = NULL;
	if (value == NULL || json_is_null(value))
		return AR_OK;
	if (json_typeof(value) != type)
		return record_error(reader, err, "'%s' is not %s", key,
				    type == JSON_ARRAY ? "an array"
						       : "an object");
	*out = value;
	return AR_OK;
}

/* 1 when the `schemas` array names `urn` (URNs compare without case). */
static int schemas_contain(json_t *object, const char *urn)
{
	json_t *schemas = json_get_nocase(object, "schemas");
	json_t *schema;
	size_t index;

	json_array_foreach (schemas, index, schema) {
		if (text_equal_nocase(json_string_value(schema), urn))
			return 1;
	}
	return 0;
}

static enum resource_kind classify(json_t *resource)
{
	const char *type;

	if (schemas_contain(resource, SCIM_GROUP))
		return RESOURCE_GROUP;
	if (schemas_contain(resource, SCIM_USER))
		return RESOURCE_USER;
	type = json_get_string_nocase(json_get_nocase(resource, "meta"),
				      "resourceType");
	if (text_equal_nocase(type, "Group"))
		return RESOURCE_GROUP;
	if (text_equal_nocase(type, "User"))
		return RESOURCE_USER;
	/* schemas is required, but some exporters drop it */
	if (json_get_nocase(resource, "userName") != NULL)
		return RESOURCE_USER;
	if (json_get_nocase(resource, "members") != NULL)
		return RESOURCE_GROUP;
	return RESOURCE_UNKNOWN;
}

/* Add key to a set kept as a JSON object; 0, or -1 when jansson fails. */
static int set_add(json_t *set, const char *key)
{
	return json_object_set_new(set, key, json_null());
}

static int set_has(json_t *set, const char *key)
{
	return json_object_get(set, key) != NULL;
}

/*
 * The primary email, else the first `work` one, else the first: an
 * account's primary address is not always listed first (RFC 7643 s4.1.2).
 */
static enum ar_rc pick_email(const struct scim_reader *reader,
			     json_t *resource, const char **out,
			     struct ar_error *err)
{
	const char *first = NULL;
	const char *first_work = NULL;
	json_t *emails = NULL;
	json_t *entry;
	size_t index;
	enum ar_rc rc;

	*out = NULL;
	rc = get_typed(reader, resource, "emails", JSON_ARRAY, &emails, err);
	json_array_foreach (emails, index, entry) {
		const char *value = NULL;
		const char *type = NULL;
		int primary = 0;

		if (rc != AR_OK)
			break;
		if (!json_is_object(entry)) {
			rc = record_error(reader, err,
					  "'emails' entry %zu is not an object",
					  index + 1);
			break;
		}
		rc = get_string(reader, entry, "emails", "value", &value, err);
		if (rc == AR_OK)
			rc = get_string(reader, entry, "emails", "type", &type,
					err);
		if (rc == AR_OK)
			rc = get_bool(reader, entry, "emails", "primary", 0,
				      &primary, err);
		if (rc != AR_OK || value == NULL || *value == '\0')
			continue;
		if (primary && *out == NULL)
			*out = value;
		if (first == NULL)
			first = value;
		if (first_work == NULL && text_equal_nocase(type, "work"))
			first_work = value;
	}
	if (*out == NULL)
		*out = first_work != NULL ? first_work : first;
	return rc;
}

/* displayName, else name.formatted, else givenName and familyName. */
static enum ar_rc pick_display_name(const struct scim_reader *reader,
				    json_t *resource, struct scim_user *user,
				    struct ar_error *err)
{
	const char *given = NULL;
	const char *family = NULL;
	json_t *name = NULL;
	enum ar_rc rc;

	rc = get_string(reader, resource, NULL, "displayName",
			&user->display_name, err);
	if (rc == AR_OK)
		rc = get_typed(reader, resource, "name", JSON_OBJECT, &name,
			       err);
	if (rc != AR_OK || user->display_name != NULL || name == NULL)
		return rc;
	rc = get_string(reader, name, "name", "formatted", &user->display_name,
			err);
	if (rc == AR_OK)
		rc = get_string(reader, name, "name", "givenName", &given, err);
	if (rc == AR_OK)
		rc = get_string(reader, name, "name", "familyName", &family,
				err);
	if (rc != AR_OK || user->display_name != NULL)
		return rc;
	if (given != NULL && family != NULL)
		ar_buf_addf(&user->joined_name, "%s %s", given, family);
	else if (given != NULL || family != NULL)
		ar_buf_adds(&user->joined_name, given != NULL ? given : family);
	if (user->joined_name.len > 0)
		user->display_name = user->joined_name.buf;
	return AR_OK;
}

/* employeeNumber and manager.value from the enterprise extension. */
static enum ar_rc read_enterprise(const struct scim_reader *reader,
				  json_t *resource, struct scim_user *user,
				  struct ar_error *err)
{
	json_t *extension = NULL;
	json_t *manager;
	enum ar_rc rc;

	rc = get_typed(reader, resource, SCIM_ENTERPRISE_USER, JSON_OBJECT,
		       &extension, err);
	if (rc != AR_OK || extension == NULL)
		return rc;
	rc = get_string(reader, extension, "enterprise", "employeeNumber",
			&user->employee_number, err);
	if (rc != AR_OK)
		return rc;
	manager = json_get_nocase(extension, "manager");
	/* some providers send the manager's id as a bare string */
	if (json_is_string(manager))
		user->manager = json_string_value(manager);
	else if (json_is_object(manager))
		rc = get_string(reader, manager, "enterprise.manager", "value",
				&user->manager, err);
	else if (manager != NULL && !json_is_null(manager))
		rc = record_error(reader, err,
				  "'enterprise.manager' is not an object");
	return rc;
}

/*
 * Oracle IDCS carries MFA in its own extension: ENROLLED is enabled;
 * UN_ENROLLED, IGNORED (the user skipped enrolment) and DISABLED are not.
 * Without the extension SCIM does not tell.
 */
static enum ar_rc read_idcs_mfa(const struct scim_reader *reader,
				json_t *resource, enum mfa_status *out,
				struct ar_error *err)
{
	static const char *const not_enrolled[] = { "UN_ENROLLED", "IGNORED",
						    "DISABLED" };
	json_t *extension = NULL;
	const char *status = NULL;
	enum ar_rc rc;

	*out = MFA_UNKNOWN;
	rc = get_typed(reader, resource, IDCS_MFA_USER, JSON_OBJECT,
		       &extension, err);
	if (rc == AR_OK && extension != NULL)
		rc = get_string(reader, extension, "mfa", "mfaStatus", &status,
				err);
	if (rc != AR_OK || status == NULL)
		return rc;
	if (text_equal_nocase(status, "ENROLLED"))
		*out = MFA_ENABLED;
	for (size_t i = 0; i < sizeof(not_enrolled) / sizeof(*not_enrolled);
	     i++) {
		if (text_equal_nocase(status, not_enrolled[i]))
			*out = MFA_DISABLED;
	}
	return AR_OK;
}

static enum ar_rc read_user(const struct scim_reader *reader,
			    json_t *resource, struct scim_user *user,
			    struct ar_error *err)
{
	enum ar_rc rc;

	user->id = reader->id;
	rc = get_string(reader, resource, NULL, "userName", &user->user_name,
			err);
	if (rc == AR_OK)
		rc = get_string(reader, resource, NULL, "userType",
				&user->user_type, err);
	if (rc == AR_OK)
		rc = get_bool(reader, resource, NULL, "active", 1,
			      &user->active, err);
	if (rc == AR_OK)
		rc = pick_display_name(reader, resource, user, err);
	if (rc == AR_OK)
		rc = pick_email(reader, resource, &user->email, err);
	if (rc == AR_OK)
		rc = read_enterprise(reader, resource, user, err);
	if (rc == AR_OK)
		rc = read_idcs_mfa(reader, resource, &user->mfa, err);
	return rc;
}

static enum ar_rc emit_person(struct scim_reader *reader,
			      const struct scim_user *user,
			      struct ar_error *err)
{
	const struct record_sink *sink = reader->sink;
	struct person_record person = {
		.key = user->id,
		.uid = user->user_name,
		.email = user->email,
		.display_name = user->display_name,
		.employee_number = user->employee_number,
		.manager = user->manager,
		.disabled = !user->active,
		.mfa = user->mfa,
		.last_login = 0, /* SCIM does not tell */
	};

	reader->records++;
	if (!reader->emit || sink->person == NULL)
		return AR_OK;
	return sink->person(sink->context, &person, err);
}

static enum ar_rc emit_account(struct scim_reader *reader,
			       const struct scim_user *user,
			       struct ar_error *err)
{
	const struct record_sink *sink = reader->sink;
	struct account_record account = {
		.id = user->id,
		.login = user->user_name,
		.email = user->email,
		.display_name = user->display_name,
		.employee_number = user->employee_number,
		.active = user->active,
		.mfa = user->mfa,
		.last_login = 0, /* SCIM does not tell */
		.is_service = text_equal_nocase(user->user_type,
						"ServiceAccount"),
	};

	reader->records++;
	if (!reader->emit || sink->account == NULL)
		return AR_OK;
	return sink->account(sink->context, &account, err);
}

/* An MFA list names only the accounts whose status it knows. */
static enum ar_rc emit_mfa(struct scim_reader *reader,
			   const struct scim_user *user, struct ar_error *err)
{
	const struct record_sink *sink = reader->sink;

	if (user->mfa == MFA_UNKNOWN)
		return AR_OK;
	reader->records++;
	if (!reader->emit || sink->mfa == NULL)
		return AR_OK;
	return sink->mfa(sink->context, user->id, user->mfa, err);
}

static enum ar_rc emit_group(struct scim_reader *reader,
			     const struct group_record *group,
			     struct ar_error *err)
{
	const struct record_sink *sink = reader->sink;

	if (!reader->emit || sink->group == NULL)
		return AR_OK;
	return sink->group(sink->context, group, err);
}

static enum ar_rc emit_member(struct scim_reader *reader,
			      const char *group_key, const char *ref,
			      enum member_type type, struct ar_error *err)
{
	const struct record_sink *sink = reader->sink;

	if (!reader->emit || sink->member == NULL)
		return AR_OK;
	return sink->member(sink->context, group_key, ref, type, err);
}

/*
 * A group named in a user's read-only `groups` attribute, emitted once
 * unless the file also holds it as a Group resource (which then wins,
 * with its own name and members).
 */
static enum ar_rc emit_implied_group(struct scim_reader *reader,
				     const char *key, const char *name,
				     struct ar_error *err)
{
	struct group_record group = {
		.key = key,
		.name = name != NULL ? name : key,
		.privileged = 0,
		/* the users of this export are the members */
		.members_known = 1,
	};

	if (set_has(reader->group_ids, key) ||
	    set_has(reader->implied_groups, key))
		return AR_OK;
	if (set_add(reader->implied_groups, key) != 0)
		return record_error(reader, err, "cannot record a group id");
	return emit_group(reader, &group, err);
}

/*
 * A user's `groups` (RFC 7643 s4.1.2): direct and indirect memberships.
 * Indirect ones come through nesting; they are still access, so both are
 * emitted as memberships of the account.
 */
static enum ar_rc read_user_groups(struct scim_reader *reader,
				   json_t *resource, const char *user_id,
				   struct ar_error *err)
{
	json_t *groups = NULL;
	json_t *entry;
	size_t index;
	enum ar_rc rc;

	rc = get_typed(reader, resource, "groups", JSON_ARRAY, &groups, err);
	json_array_foreach (groups, index, entry) {
		const char *value = NULL;
		const char *display = NULL;

		if (rc != AR_OK)
			break;
		if (!json_is_object(entry)) {
			rc = record_error(reader, err,
					  "'groups' entry %zu is not an object",
					  index + 1);
			break;
		}
		rc = get_string(reader, entry, "groups", "value", &value, err);
		if (rc == AR_OK)
			rc = get_string(reader, entry, "groups", "display",
					&display, err);
		if (rc == AR_OK && (value == NULL || *value == '\0'))
			rc = record_error(reader, err,
					  "'groups' entry %zu has no 'value'",
					  index + 1);
		if (rc == AR_OK)
			rc = emit_member(reader, value, user_id,
					 MEMBER_ACCOUNT, err);
		if (rc == AR_OK)
			rc = emit_implied_group(reader, value, display, err);
	}
	return rc;
}

static enum ar_rc handle_user(struct scim_reader *reader, json_t *resource,
			      struct ar_error *err)
{
	struct scim_user user = { 0 };
	enum ar_rc rc = AR_OK;

	/* a groups source takes its memberships from Group resources */
	if (reader->spec->role == SOURCE_ROLE_GROUPS)
		return AR_OK;
	ar_buf_init(&user.joined_name, 0);
	rc = read_user(reader, resource, &user, err);
	if (rc != AR_OK)
		goto out;
	switch (reader->spec->role) {
	case SOURCE_ROLE_DIRECTORY:
		rc = emit_person(reader, &user, err);
		break;
	case SOURCE_ROLE_ACCOUNTS:
		rc = emit_account(reader, &user, err);
		if (rc == AR_OK)
			rc = read_user_groups(reader, resource, user.id, err);
		break;
	case SOURCE_ROLE_MFA:
		rc = emit_mfa(reader, &user, err);
		break;
	case SOURCE_ROLE_GROUPS:
		break;
	}
out:
	ar_buf_release(&user.joined_name);
	return rc;
}

/* The member's type, else the collection its `$ref` points into. */
static enum member_type member_type_of(const char *type, const char *ref)
{
	if (text_equal_nocase(type, "Group"))
		return MEMBER_GROUP;
	if (text_equal_nocase(type, "User"))
		return MEMBER_ACCOUNT;
	if (ref != NULL && strcasestr(ref, "/Groups/") != NULL)
		return MEMBER_GROUP;
	return MEMBER_ACCOUNT;
}

static enum ar_rc read_members(struct scim_reader *reader, json_t *members,
			       const char *group_key, struct ar_error *err)
{
	json_t *entry;
	size_t index;
	enum ar_rc rc = AR_OK;

	json_array_foreach (members, index, entry) {
		const char *value = NULL;
		const char *type = NULL;
		const char *ref = NULL;

		if (!json_is_object(entry)) {
			rc = record_error(reader, err,
					  "'members' entry %zu is not an object",
					  index + 1);
			break;
		}
		rc = get_string(reader, entry, "members", "value", &value, err);
		if (rc == AR_OK)
			rc = get_string(reader, entry, "members", "type", &type,
					err);
		if (rc == AR_OK)
			rc = get_string(reader, entry, "members", "$ref", &ref,
					err);
		if (rc == AR_OK && (value == NULL || *value == '\0'))
			rc = record_error(reader, err,
					  "'members' entry %zu has no 'value'",
					  index + 1);
		if (rc == AR_OK)
			rc = emit_member(reader, group_key, value,
					 member_type_of(type, ref), err);
		if (rc != AR_OK)
			break;
	}
	return rc;
}

static enum ar_rc handle_group(struct scim_reader *reader, json_t *resource,
			       struct ar_error *err)
{
	struct group_record group = { 0 };
	json_t *members = NULL;
	char place[512];
	char name[QUOTE_MAX];
	enum ar_rc rc;

	/* people and MFA lists have no use for groups */
	if (reader->spec->role == SOURCE_ROLE_DIRECTORY ||
	    reader->spec->role == SOURCE_ROLE_MFA)
		return AR_OK;
	group.key = reader->id;
	rc = get_string(reader, resource, NULL, "displayName", &group.name,
			err);
	if (rc == AR_OK)
		rc = get_typed(reader, resource, "members", JSON_ARRAY,
			       &members, err);
	if (rc != AR_OK)
		return rc;
	if (group.name == NULL || *group.name == '\0')
		group.name = group.key;
	/* absent (excludedAttributes=members) is unknown; [] is empty */
	group.members_known = members != NULL;
	reader->records++;
	rc = emit_group(reader, &group, err);
	if (rc == AR_OK && !group.members_known) {
		describe_place(reader, place, sizeof(place));
		quote_text(group.name, name, sizeof(name));
		warn(reader,
		     "%s: group '%s' has no members attribute: "
		     "membership unknown",
		     place, name);
	}
	if (rc == AR_OK)
		rc = read_members(reader, members, group.key, err);
	return rc;
}

static enum ar_rc remember_resource(struct scim_reader *reader,
				    enum resource_kind kind, int *duplicate,
				    struct ar_error *err)
{
	json_t *seen = kind == RESOURCE_USER ? reader->seen_users
					     : reader->seen_groups;

	*duplicate = set_has(seen, reader->id);
	if (*duplicate)
		return AR_OK;
	reader->distinct++;
	if (set_add(seen, reader->id) != 0 ||
	    (kind == RESOURCE_GROUP && set_add(reader->group_ids, reader->id)))
		return record_error(reader, err, "cannot record the id");
	return AR_OK;
}

static enum ar_rc handle_resource(struct scim_reader *reader,
				  json_t *resource, struct ar_error *err)
{
	enum resource_kind kind;
	const char *id = NULL;
	char where[640];
	int duplicate = 0;
	enum ar_rc rc;

	reader->ordinal++;
	reader->id = NULL;
	if (!json_is_object(resource))
		return record_error(reader, err, "not a JSON object");
	rc = get_string(reader, resource, NULL, "id", &id, err);
	if (rc == AR_OK && (id == NULL || *id == '\0'))
		rc = record_error(reader, err, "'id' is missing");
	if (rc != AR_OK)
		goto out;
	reader->id = id;
	kind = classify(resource);
	if (kind == RESOURCE_UNKNOWN) {
		rc = record_error(reader, err,
				  "neither a SCIM User nor a SCIM Group");
		goto out;
	}
	rc = remember_resource(reader, kind, &duplicate, err);
	if (rc != AR_OK)
		goto out;
	if (duplicate) {
		describe_record(reader, where, sizeof(where));
		warn(reader, "%s: id already seen in this file: skipped",
		     where);
		goto out;
	}
	if (kind == RESOURCE_USER)
		rc = handle_user(reader, resource, err);
	else
		rc = handle_group(reader, resource, err);
out:
	reader->id = NULL;
	return rc;
}

/* 1 for an error body: the Error schema, or status + detail without id. */
static int is_error_body(json_t *object)
{
	if (schemas_contain(object, SCIM_ERROR))
		return 1;
	return json_get_nocase(object, "id") == NULL &&
	       json_get_nocase(object, "status") != NULL &&
	       json_get_nocase(object, "detail") != NULL;
}

/* RFC 7644 s3.12: status is a string ("401"), some servers send 401. */
static enum ar_rc refuse_error_body(const struct scim_reader *reader,
				    json_t *body, struct ar_error *err)
{
	json_t *status = json_get_nocase(body, "status");
	const char *detail = json_get_string_nocase(body, "detail");
	char place[512];
	char code[QUOTE_MAX] = "";
	char text[256] = "no detail";

	describe_place(reader, place, sizeof(place));
	if (json_is_string(status))
		quote_text(json_string_value(status), code, sizeof(code));
	else if (json_is_integer(status))
		snprintf(code, sizeof(code), "%" JSON_INTEGER_FORMAT,
			 json_integer_value(status));
	if (detail != NULL)
		quote_text(detail, text, sizeof(text));
	return ar_error_set(err, AR_ERR_DATA, "%s: SCIM error%s%s: %s", place,
			    code[0] != '\0' ? " " : "", code, text);
}

static enum ar_rc handle_list_response(struct scim_reader *reader,
				       json_t *response, struct ar_error *err)
{
	json_t *total = json_get_nocase(response, "totalResults");
	json_t *resources = json_get_nocase(response, "Resources");
	const char *path = reader->spec->location;

	if (total != NULL && !json_is_null(total)) {
		if (!json_is_integer(total) || json_integer_value(total) < 0)
			return ar_error_set(err, AR_ERR_DATA,
					    "%s: 'totalResults' is not a "
					    "non-negative integer",
					    path);
		reader->declared = json_integer_value(total) > LONG_MAX
					   ? LONG_MAX
					   : (long)json_integer_value(total);
	}
	/* an array was streamed; it may be left out when totalResults is 0 */
	if (resources != NULL && !json_is_null(resources))
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: 'Resources' is not an array", path);
	return AR_OK;
}

static enum ar_rc handle_document(struct scim_reader *reader,
				  json_t *document, struct ar_error *err)
{
	if (is_error_body(document))
		return refuse_error_body(reader, document, err);
	if (schemas_contain(document, SCIM_LIST_RESPONSE) ||
	    json_get_nocase(document, "Resources") != NULL)
		return handle_list_response(reader, document, err);
	if (json_get_nocase(document, "schemas") != NULL ||
	    json_get_nocase(document, "id") != NULL)
		return handle_resource(reader, document, err);
	return ar_error_set(err, AR_ERR_DATA,
			    "%s: not a SCIM ListResponse, resource array "
			    "or resource",
			    reader->spec->location);
}

static enum ar_rc read_failed(const struct scim_reader *reader,
			      struct ar_error *err)
{
	return ar_error_set(err, AR_ERR_NOINPUT, "cannot read '%s': %s",
			    reader->spec->location, strerror(errno));
}

/*
 * Read one line, without its LF or CRLF, into `line` (capped at
 * READER_MAX_LINE).  *at_end is 1 at end of file when nothing was read.
 */
static enum ar_rc read_line(const struct scim_reader *reader, FILE *file,
			    struct ar_buf *line, int *at_end,
			    struct ar_error *err)
{
	int ch;

	ar_buf_reset(line);
	*at_end = 0;
	while ((ch = getc_unlocked(file)) != EOF && ch != '\n') {
		if (ar_buf_addch(line, ch) != 0)
			return ar_error_set(err, AR_ERR_DATA,
					    "%s:%ld: line longer than %d bytes",
					    reader->spec->location,
					    reader->line, READER_MAX_LINE);
	}
	if (ch == EOF && ferror(file))
		return read_failed(reader, err);
	if (ch == EOF && line->len == 0)
		*at_end = 1;
	if (line->len > 0 && line->buf[line->len - 1] == '\r')
		line->buf[--line->len] = '\0';
	return AR_OK;
}

static int is_blank(const struct ar_buf *line)
{
	for (size_t i = 0; i < line->len; i++) {
		if (strchr(" \t\r", line->buf[i]) == NULL ||
		    line->buf[i] == '\0')
			return 0;
	}
	return 1;
}

static enum ar_rc handle_line(struct scim_reader *reader,
			      const struct ar_buf *line, struct ar_error *err)
{
	json_error_t error;
	json_t *object;
	enum ar_rc rc;

	object = json_loadb(line->buf, line->len, 0, &error);
	if (object == NULL) {
		/* a first line that is no document: not NDJSON after all */
		if (reader->line == 1 && reader->trailing.code != AR_OK)
			return ar_error_set(err, reader->trailing.code, "%s",
					    reader->trailing.message);
		return json_parse_failed(err, reader->spec->location,
					 (int)reader->line, &error);
	}
	if (!json_is_object(object))
		rc = ar_error_set(err, AR_ERR_DATA, "%s:%ld: not a JSON object",
				  reader->spec->location, reader->line);
	else if (is_error_body(object))
		rc = refuse_error_body(reader, object, err);
	else
		rc = handle_resource(reader, object, err);
	json_decref(object);
	return rc;
}

static enum ar_rc read_ndjson(struct scim_reader *reader, FILE *file,
			      struct ar_error *err)
{
	struct ar_buf line;
	int at_end = 0;
	enum ar_rc rc = AR_OK;

	ar_buf_init(&line, READER_MAX_LINE);
	reader->line = 0;
	if (fseek(file, reader->bom_length, SEEK_SET) != 0) {
		rc = read_failed(reader, err);
		goto out;
	}
	while (rc == AR_OK) {
		reader->line++;
		rc = read_line(reader, file, &line, &at_end, err);
		if (rc != AR_OK || at_end)
			break;
		if (!is_blank(&line))
			rc = handle_line(reader, &line, err);
	}
out:
	reader->line = 0;
	ar_buf_release(&line);
	return rc;
}

/*
 * Skip a UTF-8 byte order mark (Windows tools write one) and return the
 * first byte that is not JSON whitespace, or EOF.  The file is left just
 * after the mark.
 */
static enum ar_rc peek_start(struct scim_reader *reader, FILE *file,
			     int *first, struct ar_error *err)
{
	unsigned char mark[3] = { 0 };
	int ch;

	if (fread(mark, 1, sizeof(mark), file) == sizeof(mark) &&
	    memcmp(mark, "\xef\xbb\xbf", 3) == 0)
		reader->bom_length = 3;
	if (fseek(file, reader->bom_length, SEEK_SET) != 0)
		return read_failed(reader, err);
	while ((ch = getc(file)) == ' ' || ch == '\t' || ch == '\r' ||
	       ch == '\n')
		;
	*first = ch;
	if (ferror(file) || fseek(file, reader->bom_length, SEEK_SET) != 0)
		return read_failed(reader, err);
	return AR_OK;
}

/* Refuse a document too big to read; such files must be NDJSON. */
static enum ar_rc check_start(struct scim_reader *reader, FILE *file,
			      struct ar_error *err)
{
	struct stat status;
	int first = EOF;
	enum ar_rc rc;

	rc = peek_start(reader, file, &first, err);
	if (rc != AR_OK)
		return rc;
	if (fstat(fileno(file), &status) != 0)
		return read_failed(reader, err);
	if (status.st_size <= READER_MAX_DOCUMENT)
		return AR_OK;
	if (first == '{') {
		reader->ndjson = 1;
		return AR_OK;
	}
	return ar_error_set(err, AR_ERR_DATA,
			    "%s: larger than %ld bytes: split it into pages "
			    "or NDJSON",
			    reader->spec->location, READER_MAX_DOCUMENT);
}

/* The elements of a Resources array, or of a top-level array. */
static enum ar_rc stream_resources(struct scim_reader *reader,
				   struct json_stream *stream,
				   struct ar_error *err)
{
	json_t *resource = NULL;
	enum ar_rc rc = AR_OK;
	int next;

	json_stream_skip(stream); /* '[' */
	if (json_stream_peek(stream) == ']') {
		json_stream_skip(stream);
		return AR_OK;
	}
	while (rc == AR_OK) {
		rc = json_stream_value(stream, &resource, err);
		if (rc == AR_OK)
			rc = handle_resource(reader, resource, err);
		json_decref(resource);
		resource = NULL;
		if (rc != AR_OK)
			break;
		next = json_stream_peek(stream);
		if (next == ']') {
			json_stream_skip(stream);
			break;
		}
		if (next == ',')
			json_stream_skip(stream);
		else
			rc = json_stream_expected(stream, "',' or ']'", err);
	}
	return rc;
}

/*
 * The members of the top-level object go into `envelope`, except a
 * Resources array: its elements are handled one at a time and never held
 * together, which is what keeps a 100,000-user export small in memory.
 */
static enum ar_rc stream_object(struct scim_reader *reader,
				struct json_stream *stream, json_t *envelope,
				int *has_resources, struct ar_error *err)
{
	json_t *key = NULL;
	json_t *value = NULL;
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
		if (rc != AR_OK)
			break;
		json_stream_skip(stream);
		if (text_equal_nocase(json_string_value(key), "Resources") &&
		    json_stream_peek(stream) == '[') {
			*has_resources = 1;
			rc = stream_resources(reader, stream, err);
		} else {
			rc = json_stream_value(stream, &value, err);
			/* json_object_set_new takes value even when failing */
			if (rc == AR_OK &&
			    json_object_set_new(envelope, json_string_value(key),
						value) != 0)
				rc = ar_error_set(err, AR_ERR_INTERNAL,
						  "%s: cannot keep a JSON member",
						  reader->spec->location);
			value = NULL;
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
	json_decref(key);
	return rc;
}

/* After the whole document: what the object around Resources says. */
static enum ar_rc handle_envelope(struct scim_reader *reader,
				  json_t *envelope, int has_resources,
				  struct ar_error *err)
{
	if (!has_resources)
		return handle_document(reader, envelope, err);
	if (is_error_body(envelope))
		return refuse_error_body(reader, envelope, err);
	return handle_list_response(reader, envelope, err);
}

/*
 * Read the file as one JSON document.  When another value follows a
 * first object, the file is NDJSON instead: reader->ndjson is set and
 * nothing of this pass counts.
 */
static enum ar_rc stream_document(struct scim_reader *reader, FILE *file,
				  struct ar_error *err)
{
	struct json_stream stream;
	json_t *envelope = NULL;
	int has_resources = 0;
	int first;
	enum ar_rc rc;

	json_stream_init(&stream, file, reader->spec->location,
			 reader->bom_length);
	first = json_stream_peek(&stream);
	if (first == '[') {
		rc = stream_resources(reader, &stream, err);
	} else if (first == '{') {
		envelope = json_object();
		rc = stream_object(reader, &stream, envelope, &has_resources,
				   err);
	} else {
		rc = json_stream_expected(&stream, "'[' or '{'", err);
	}
	if (rc != AR_OK)
		goto out;
	if (json_stream_peek(&stream) != EOF || stream.read_errno != 0) {
		if (first != '{' || stream.read_errno != 0) {
			rc = json_stream_expected(&stream, "end of file", err);
			goto out;
		}
		(void)json_stream_expected(&stream, "end of file",
					   &reader->trailing);
		reader->ndjson = 1;
		goto out;
	}
	if (envelope != NULL)
		rc = handle_envelope(reader, envelope, has_resources, err);
out:
	json_decref(envelope);
	json_stream_release(&stream);
	return rc;
}

static void start_pass(struct scim_reader *reader, int emit)
{
	reader->emit = emit;
	reader->ordinal = 0;
	reader->line = 0;
	reader->id = NULL;
	reader->distinct = 0;
	reader->records = 0;
	reader->declared = -1;
	if (!emit)
		json_object_clear(reader->group_ids);
	json_object_clear(reader->seen_users);
	json_object_clear(reader->seen_groups);
	json_object_clear(reader->implied_groups);
}

/* finding: incomplete-export (the source says it holds more) */
static void summarise(const struct scim_reader *reader,
		      struct source_summary *summary)
{
	summary->records = reader->records;
	summary->declared = reader->declared;
	if (reader->declared > reader->distinct)
		snprintf(summary->incomplete, sizeof(summary->incomplete),
			 "%ld of %ld records delivered (totalResults)",
			 reader->distinct, reader->declared);
	else if (reader->declared >= 0 && reader->declared < reader->distinct)
		warn(reader, "%s: %ld distinct records but totalResults is %ld",
		     reader->spec->location, reader->distinct,
		     reader->declared);
}

enum ar_rc source_read_scim(const struct source_spec *spec,
		     const struct record_sink *sink,
		     struct source_summary *summary, struct ar_error *err)
{
	struct scim_reader reader = {
		.spec = spec,
		.sink = sink,
		.declared = -1,
		.seen_users = json_object(),
		.seen_groups = json_object(),
		.group_ids = json_object(),
		.implied_groups = json_object(),
	};
	FILE *file = NULL;
	enum ar_rc rc;

	memset(summary, 0, sizeof(*summary));
	summary->declared = -1;
	ar_error_clear(&reader.trailing);
	rc = reader_open(spec, &file, err);
	if (rc == AR_OK)
		rc = check_start(&reader, file, err);
	/* check everything first, then emit: nothing from a bad file */
	for (int emit = 0; emit <= 1 && rc == AR_OK; emit++) {
		start_pass(&reader, emit);
		if (!reader.ndjson)
			rc = stream_document(&reader, file, err);
		if (rc == AR_OK && reader.ndjson) {
			start_pass(&reader, emit);
			rc = read_ndjson(&reader, file, err);
		}
	}
	if (rc == AR_OK)
		summarise(&reader, summary);
	if (file != NULL)
		fclose(file);
	json_decref(reader.seen_users);
	json_decref(reader.seen_groups);
	json_decref(reader.group_ids);
	json_decref(reader.implied_groups);
	return rc;
}
