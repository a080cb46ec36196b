/* presets.c -- record helpers shared by the CSV and JSON export readers */
/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "accessreview/buf.h"
#include "accessreview/mem.h"
#include "accessreview/text.h"
#include "presets.h"

static const char *const csv_presets[] = {
	PRESET_AWS_IAM, PRESET_GOOGLE_WORKSPACE, PRESET_ATLASSIAN,
};

static const char *const json_presets[] = {
	PRESET_GITHUB_2FA_DISABLED, PRESET_GITLAB, PRESET_ZENDESK,
	PRESET_DATADOG,
};

static const char *const generic_names[GENERIC_FIELD_COUNT] = {
	[GENERIC_ID] = "id",
	[GENERIC_LOGIN] = "login",
	[GENERIC_EMAIL] = "email",
	[GENERIC_NAME] = "name",
	[GENERIC_ACTIVE] = "active",
	[GENERIC_MFA] = "mfa",
	[GENERIC_LAST_LOGIN] = "last-login",
	[GENERIC_GROUPS] = "groups",
	[GENERIC_EMPLOYEE_NUMBER] = "employee-number",
};

static int in_list(const char *name, const char *const *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(name, list[i]) == 0)
			return 1;
	return 0;
}

int preset_is_csv(const char *name)
{
	return in_list(name, csv_presets,
		       sizeof(csv_presets) / sizeof(csv_presets[0]));
}

int preset_is_json(const char *name)
{
	return in_list(name, json_presets,
		       sizeof(json_presets) / sizeof(json_presets[0]));
}

/* ---- string set ---- */

static size_t hash_text(const char *text)
{
	uint64_t hash = 1469598103934665603ULL; /* FNV-1a */

	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		hash ^= *p;
		hash *= 1099511628211ULL;
	}
	return (size_t)hash;
}

static void set_insert(char **slots, size_t alloc, char *key)
{
	size_t i = hash_text(key) & (alloc - 1);

	while (slots[i] != NULL)
		i = (i + 1) & (alloc - 1);
	slots[i] = key;
}

static void set_grow(struct preset_set *set)
{
	size_t alloc = set->alloc ? set->alloc * 2 : 64;
	char **slots = ar_calloc(alloc, sizeof(*slots));

	for (size_t i = 0; i < set->alloc; i++)
		if (set->slots[i] != NULL)
			set_insert(slots, alloc, set->slots[i]);
	free(set->slots);
	set->slots = slots;
	set->alloc = alloc;
}

int preset_set_add(struct preset_set *set, const char *key)
{
	size_t i;

	/* keep the table at most half full so probes stay short */
	if ((set->count + 1) * 2 > set->alloc)
		set_grow(set);
	i = hash_text(key) & (set->alloc - 1);
	while (set->slots[i] != NULL) {
		if (strcmp(set->slots[i], key) == 0)
			return 0;
		i = (i + 1) & (set->alloc - 1);
	}
	set->slots[i] = ar_strdup(key);
	set->count++;
	return 1;
}

void preset_set_release(struct preset_set *set)
{
	for (size_t i = 0; i < set->alloc; i++)
		free(set->slots[i]);
	free(set->slots);
	set->slots = NULL;
	set->alloc = 0;
	set->count = 0;
}

/* ---- grants ---- */

void preset_grants_add(struct preset_grants *grants, const char *key,
		       const char *name, int privileged)
{
	if (grants->count == grants->alloc) {
		grants->alloc = grants->alloc ? grants->alloc * 2 : 8;
		grants->items = ar_realloc(grants->items,
					   grants->alloc *
						   sizeof(*grants->items));
	}
	grants->items[grants->count].key = key;
	grants->items[grants->count].name = name;
	grants->items[grants->count].privileged = privileged;
	grants->count++;
}

/* Trim blanks and line breaks: a list cell may be wrapped over lines. */
static char *trim_item(char *item)
{
	size_t length;

	item += strspn(item, " \t\r\n");
	length = strlen(item);
	while (length > 0 && strchr(" \t\r\n", item[length - 1]) != NULL)
		length--;
	item[length] = '\0';
	return item;
}

void preset_grants_split(struct preset_grants *grants, const char *list)
{
	char *item;
	char *next;

	free(grants->storage);
	grants->storage = ar_strdup(list);
	for (item = grants->storage; item != NULL; item = next) {
		next = strchr(item, ',');
		if (next != NULL)
			*next++ = '\0';
		item = trim_item(item);
		if (*item != '\0')
			preset_grants_add(grants, item, item, 0);
	}
}

void preset_grants_reset(struct preset_grants *grants)
{
	grants->count = 0;
	free(grants->storage);
	grants->storage = NULL;
}

void preset_grants_release(struct preset_grants *grants)
{
	preset_grants_reset(grants);
	free(grants->items);
	grants->items = NULL;
	grants->alloc = 0;
}

/* ---- messages ---- */

char *preset_excerpt(char *out, size_t size, const char *value)
{
	const unsigned char *p = (const unsigned char *)value;
	size_t used = 0;

	while (*p != '\0') {
		size_t length = 1;

		/* a lead byte tells how long the sequence is */
		if (*p >= 0xF0)
			length = 4;
		else if (*p >= 0xE0)
			length = 3;
		else if (*p >= 0xC0)
			length = 2;
		if (used + length + 4 > size)
			break;
		for (size_t i = 0; i < length && p[i] != '\0'; i++)
			out[used++] = p[i] < 0x20 || p[i] == 0x7F ? '?'
								 : (char)p[i];
		p += strnlen((const char *)p, length);
	}
	if (*p != '\0' && size >= 4) {
		memcpy(out + used, "...", 3);
		used += 3;
	}
	if (size > 0)
		out[used < size ? used : size - 1] = '\0';
	return out;
}

/* ---- emitting ---- */

void preset_emitter_init(struct preset_emitter *emitter,
			 const struct source_spec *spec,
			 const struct record_sink *sink,
			 struct source_summary *summary, int dry_run)
{
	memset(emitter, 0, sizeof(*emitter));
	emitter->spec = spec;
	emitter->sink = sink;
	emitter->summary = summary;
	emitter->dry_run = dry_run;
}

void preset_emitter_release(struct preset_emitter *emitter)
{
	preset_set_release(&emitter->ids);
	preset_set_release(&emitter->groups);
}

void preset_warn(const struct preset_emitter *emitter, const char *where,
		 const char *message)
{
	struct ar_buf text = AR_BUF_INIT;

	if (emitter->dry_run || emitter->sink->warning == NULL)
		return;
	ar_buf_addf(&text, "%s: %s", where, message);
	emitter->sink->warning(emitter->sink->context, text.buf);
	ar_buf_release(&text);
}

static enum ar_rc emit_person(const struct record_sink *sink,
			      const struct account_record *account,
			      struct ar_error *err)
{
	struct person_record person = {
		.key = account->id,
		.uid = account->login,
		.email = account->email,
		.display_name = account->display_name,
		.employee_number = account->employee_number,
		.manager = NULL,
		.disabled = !account->active,
		.mfa = account->mfa,
		.last_login = account->last_login,
	};

	return sink->person(sink->context, &person, err);
}

static enum ar_rc emit_grants(struct preset_emitter *emitter,
			      const struct account_record *account,
			      const struct preset_grants *grants,
			      struct ar_error *err)
{
	const struct record_sink *sink = emitter->sink;
	enum ar_rc rc = AR_OK;

	for (size_t i = 0; grants != NULL && i < grants->count && !rc; i++) {
		const struct preset_grant *grant = &grants->items[i];
		struct group_record group = {
			.key = grant->key,
			.name = grant->name,
			.privileged = grant->privileged,
			.members_known = 1,
		};

		/* one group record per key, however many members it has */
		if (preset_set_add(&emitter->groups, grant->key) &&
		    !emitter->dry_run)
			rc = sink->group(sink->context, &group, err);
		if (rc == AR_OK && !emitter->dry_run)
			rc = sink->member(sink->context, grant->key,
					  account->id, MEMBER_ACCOUNT, err);
	}
	return rc;
}

static enum ar_rc emit_by_role(struct preset_emitter *emitter,
			       const struct account_record *account,
			       const struct preset_grants *grants,
			       struct ar_error *err)
{
	const struct record_sink *sink = emitter->sink;
	enum ar_rc rc = AR_OK;

	switch (emitter->spec->role) {
	case SOURCE_ROLE_DIRECTORY:
		if (!emitter->dry_run)
			rc = emit_person(sink, account, err);
		break;
	case SOURCE_ROLE_ACCOUNTS:
		if (!emitter->dry_run)
			rc = sink->account(sink->context, account, err);
		if (rc == AR_OK)
			rc = emit_grants(emitter, account, grants, err);
		break;
	case SOURCE_ROLE_GROUPS:
		rc = emit_grants(emitter, account, grants, err);
		break;
	case SOURCE_ROLE_MFA:
		/* an MFA list only says what it knows */
		if (!emitter->dry_run && account->mfa != MFA_UNKNOWN)
			rc = sink->mfa(sink->context, account->id,
				       account->mfa, err);
		break;
	}
	return rc;
}

enum ar_rc preset_emit(struct preset_emitter *emitter, const char *where,
		       const struct account_record *account,
		       const struct preset_grants *grants,
		       struct ar_error *err)
{
	struct ar_buf message = AR_BUF_INIT;
	enum ar_rc rc = AR_OK;

	if (account->id == NULL || account->id[0] == '\0') {
		rc = ar_error_set(err, AR_ERR_DATA, "%s: no account id", where);
		goto out;
	}
	if (!preset_set_add(&emitter->ids, account->id)) {
		char id[128];

		ar_buf_addf(&message, "duplicate id '%s', kept the first",
			    preset_excerpt(id, sizeof(id), account->id));
		preset_warn(emitter, where, message.buf);
		goto out;
	}
	rc = emit_by_role(emitter, account, grants, err);
	if (rc == AR_OK && !emitter->dry_run)
		emitter->summary->records++;
out:
	ar_buf_release(&message);
	return rc;
}

/* ---- generic mapping ---- */

enum ar_rc preset_generic_columns(const struct source_spec *spec,
				  const char *columns[GENERIC_FIELD_COUNT],
				  struct ar_error *err)
{
	enum ar_rc rc = AR_OK;

	for (size_t f = 0; f < GENERIC_FIELD_COUNT; f++)
		columns[f] = NULL;
	for (size_t i = 0; i < spec->field_count && !rc; i++) {
		const struct field_mapping *mapping = &spec->fields[i];
		size_t f = 0;

		while (f < GENERIC_FIELD_COUNT &&
		       strcmp(mapping->field, generic_names[f]) != 0)
			f++;
		if (f == GENERIC_FIELD_COUNT)
			rc = ar_error_set(err, AR_ERR_CONFIG,
					  "%s: unknown field 'field.%s'",
					  spec->location, mapping->field);
		else
			columns[f] = mapping->column;
	}
	if (rc == AR_OK && spec->field_count > 0 &&
	    columns[GENERIC_ID] == NULL &&
	    columns[GENERIC_LOGIN] == NULL && columns[GENERIC_EMAIL] == NULL)
		rc = ar_error_set(err, AR_ERR_CONFIG,
				  "%s: field mapping names no field.id, "
				  "field.login or field.email",
				  spec->location);
	return rc;
}

/* Vendors write one status as "LOCKED_OUT", "locked out" or
 * "Locked-Out": compared without case, with _, - and blank alike. */
static int same_word(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		int x = strchr("_- ", *a) ? ' ' : tolower((unsigned char)*a);
		int y = strchr("_- ", *b) ? ' ' : tolower((unsigned char)*b);

		if (x != y)
			return 0;
	}
	return *a == *b;
}

static int word_in(const char *text, const char *const *words, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (same_word(text, words[i]))
			return 1;
	return 0;
}

/*
 * Every status word the consoles document.  Active: the account can be
 * used now or once its owner acts (Okta provisioned, locked out or with
 * an expired password, a Datadog invitation pending), so it is reviewed.
 * Inactive: nobody can sign in with it (Okta staged, suspended or
 * deprovisioned; GitLab blocked, banned, ldap_blocked; Atlassian
 * "No access"; Google archived).
 */
int preset_parse_active(const char *text, int *active)
{
	static const char *const yes[] = {
		"active", "enabled", "provisioned", "locked out",
		"password expired", "recovery", "pending", "invited",
	};
	static const char *const no[] = {
		"inactive", "disabled", "suspended", "blocked", "deactivated",
		"deprovisioned", "staged", "banned", "ldap blocked",
		"no access", "archived", "removed", "deleted",
	};
	int flag;

	if (text == NULL || *text == '\0') {
		*active = 1;
		return 0;
	}
	flag = text_parse_bool(text);
	if (flag < 0 && word_in(text, yes, sizeof(yes) / sizeof(yes[0])))
		flag = 1;
	if (flag < 0 && word_in(text, no, sizeof(no) / sizeof(no[0])))
		flag = 0;
	if (flag < 0)
		return -1;
	*active = flag;
	return 0;
}

int preset_parse_mfa(const char *text, enum mfa_status *mfa)
{
	static const char *const yes[] = { "enabled", "enrolled" };
	static const char *const no[] = { "disabled", "not enrolled",
					  "unenrolled" };
	static const char *const na[] = { "not-applicable", "not applicable",
					  "n/a" };
	int flag;

	if (text == NULL || *text == '\0' || strcasecmp(text, "unknown") == 0) {
		*mfa = MFA_UNKNOWN;
		return 0;
	}
	flag = text_parse_bool(text);
	if (flag == 1 || word_in(text, yes, sizeof(yes) / sizeof(yes[0])))
		*mfa = MFA_ENABLED;
	else if (flag == 0 || word_in(text, no, sizeof(no) / sizeof(no[0])))
		*mfa = MFA_DISABLED;
	else if (word_in(text, na, sizeof(na) / sizeof(na[0])))
		*mfa = MFA_NOT_APPLICABLE;
	else
		return -1;
	return 0;
}

time_t preset_last_login(const struct date_result *date)
{
	if (date->kind == DATE_NEVER)
		return -1;
	/* 0 and -1 are taken (unknown, never): no export means 1970 */
	if (date->kind == DATE_VALUE && date->when > 0)
		return date->when;
	return 0;
}
