/* snapshot.c -- writing one collect into the store as one snapshot */
/* SPDX-License-Identifier: MIT */
/*
 * SNAPSHOTS
 *
 * store_begin_snapshot opens a write transaction (BEGIN IMMEDIATE, so a
 * second writer fails fast with busy instead of deadlocking later) and
 * inserts the snapshot row.  Every store_add_* call writes into that
 * transaction.  store_commit_snapshot makes it visible at once;
 * store_rollback_snapshot discards it, so a failed collect never leaves a
 * partial snapshot and the previous one stays the latest.
 *
 * Memberships are staged in TEMP tables (store.sql, staging_create), never
 * written to the database file, and store_resolve_memberships turns each
 * system's into grants once all of its sources are read.
 */
#include <string.h>

#include "accessreview/date.h"
#include "accessreview/mem.h"
#include "store_int.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

enum ar_rc store_begin_snapshot(struct store *store, const char *taken_at,
				long long *snapshot_id, struct ar_error *err)
{
	struct store_param params[] = {
		STORE_TEXT(PARAM_TAKEN_AT, taken_at),
		STORE_TEXT(PARAM_VERSION, ACCESSREVIEW_VERSION),
	};
	enum ar_rc rc;

	/* before the transaction, so that a rollback keeps the tables */
	rc = store_exec_named(store, QUERY_STAGING_CREATE, err);
	if (rc == AR_OK)
		rc = store_exec(store, "BEGIN IMMEDIATE", "begin snapshot",
				err);
	if (rc != AR_OK)
		return rc;
	rc = store_query(store, QUERY_SNAPSHOT_INSERT, params, COUNT(params), NULL,
			 NULL, err);
	if (rc != AR_OK) {
		store_rollback_snapshot(store);
		return rc;
	}
	store->snapshot_id = sqlite3_last_insert_rowid(store->db);
	*snapshot_id = store->snapshot_id;
	return AR_OK;
}

enum ar_rc store_commit_snapshot(struct store *store, struct ar_error *err)
{
	enum ar_rc rc = store_exec(store, "COMMIT", "commit snapshot", err);

	if (rc != AR_OK)
		store_rollback_snapshot(store);
	store->snapshot_id = 0;
	return rc;
}

void store_rollback_snapshot(struct store *store)
{
	if (!sqlite3_get_autocommit(store->db))
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
	store->snapshot_id = 0;
}

long long store_current_snapshot(const struct store *store)
{
	return store->snapshot_id;
}

enum ar_rc store_add_system(struct store *store,
			    const struct store_system *system,
			    long long *system_id, struct ar_error *err)
{
	struct store_param params[] = {
		STORE_INT(PARAM_SNAPSHOT, store->snapshot_id),
		STORE_TEXT(PARAM_NAME, system->name),
		STORE_TEXT(PARAM_CATEGORY, system->category),
		STORE_TEXT(PARAM_OWNER, system->owner),
		STORE_INT(PARAM_MFA_SUPPORTED, system->mfa_supported),
		STORE_TEXT(PARAM_MATCH_KEY, system->match_key),
	};
	enum ar_rc rc = store_query(store, QUERY_SYSTEM_INSERT, params,
				    COUNT(params), NULL, NULL, err);

	if (rc == AR_OK)
		*system_id = sqlite3_last_insert_rowid(store->db);
	return rc;
}

enum ar_rc store_add_source(struct store *store,
			    const struct store_source *source,
			    struct ar_error *err)
{
	struct store_param params[] = {
		STORE_INT(PARAM_SNAPSHOT, store->snapshot_id),
		STORE_INT(PARAM_SYSTEM, source->system_id),
		STORE_TEXT(PARAM_ROLE, source->role),
		STORE_TEXT(PARAM_FORMAT, source->format),
		STORE_TEXT(PARAM_PRESET, source->preset),
		STORE_TEXT(PARAM_LOCATION, source->location),
		STORE_TEXT(PARAM_SHA256, source->sha256),
		STORE_INT(PARAM_BYTES, source->bytes),
		STORE_INT(PARAM_RECORDS, source->records),
		STORE_INT(PARAM_DECLARED, source->declared),
		STORE_TEXT(PARAM_INCOMPLETE, source->incomplete),
		STORE_TEXT(PARAM_READ_AT, source->read_at),
	};

	return store_query(store, QUERY_SOURCE_INSERT, params, COUNT(params), NULL,
			   NULL, err);
}

/*
 * The last resort behind the readers' own checks: a last login the
 * report could not write (past 9999, before 1970) never enters the
 * store, where it would fail every report until the export changed.
 * 0 is unknown, -1 never.
 */
static enum ar_rc check_last_login(const char *what, const char *key,
				   time_t when, struct ar_error *err)
{
	if (when == 0 || when == -1 ||
	    (when > 0 && (long long)when <= DATE_LAST_SECOND))
		return AR_OK;
	return ar_error_set(err, AR_ERR_DATA,
			    "%s '%s': last login %lld (Unix seconds) is "
			    "outside the years 1970 to 9999",
			    what, key != NULL ? key : "?", (long long)when);
}

enum ar_rc store_add_person(struct store *store,
			    const struct person_record *person,
			    struct ar_error *err)
{
	struct store_param params[] = {
		STORE_INT(PARAM_SNAPSHOT, store->snapshot_id),
		STORE_TEXT(PARAM_KEY, person->key),
		STORE_TEXT(PARAM_UID, person->uid),
		STORE_TEXT(PARAM_EMAIL, person->email),
		STORE_TEXT(PARAM_DISPLAY_NAME, person->display_name),
		STORE_TEXT(PARAM_EMPLOYEE_NUMBER, person->employee_number),
		STORE_TEXT(PARAM_MANAGER, person->manager),
		STORE_INT(PARAM_DISABLED, person->disabled ? 1 : 0),
		STORE_TEXT(PARAM_MFA, source_mfa_status_name(person->mfa)),
		STORE_INT(PARAM_LAST_LOGIN, (long long)person->last_login),
	};

	enum ar_rc rc = check_last_login("person", person->key,
					 person->last_login, err);

	if (rc != AR_OK)
		return rc;
	return store_query(store, QUERY_PERSON_INSERT, params, COUNT(params), NULL,
			   NULL, err);
}

enum ar_rc store_add_account(struct store *store, long long system_id,
			     const struct account_record *account, int *added,
			     struct ar_error *err)
{
	struct store_param params[] = {
		STORE_INT(PARAM_SNAPSHOT, store->snapshot_id),
		STORE_INT(PARAM_SYSTEM, system_id),
		STORE_TEXT(PARAM_ID, account->id),
		STORE_TEXT(PARAM_LOGIN, account->login),
		STORE_TEXT(PARAM_EMAIL, account->email),
		STORE_TEXT(PARAM_DISPLAY_NAME, account->display_name),
		STORE_TEXT(PARAM_EMPLOYEE_NUMBER, account->employee_number),
		STORE_INT(PARAM_ACTIVE, account->active ? 1 : 0),
		STORE_TEXT(PARAM_MFA, source_mfa_status_name(account->mfa)),
		STORE_INT(PARAM_LAST_LOGIN, (long long)account->last_login),
		STORE_INT(PARAM_IS_SERVICE, account->is_service ? 1 : 0),
	};
	enum ar_rc rc = check_last_login("account", account->login,
					 account->last_login, err);

	if (rc == AR_OK)
		rc = store_query(store, QUERY_ACCOUNT_INSERT, params,
				 COUNT(params), NULL, NULL, err);

	if (added != NULL)
		*added = rc == AR_OK && sqlite3_changes(store->db) > 0;
	return rc;
}

enum ar_rc store_add_group(struct store *store, long long system_id,
			   const struct group_record *group, int privileged,
			   struct ar_error *err)
{
	struct store_param params[] = {
		STORE_INT(PARAM_SNAPSHOT, store->snapshot_id),
		STORE_INT(PARAM_SYSTEM, system_id),
		STORE_TEXT(PARAM_KEY, group->key),
		STORE_TEXT(PARAM_NAME, group->name ? group->name : group->key),
		STORE_INT(PARAM_PRIVILEGED, privileged ? 1 : 0),
		STORE_INT(PARAM_MEMBERS_KNOWN, group->members_known ? 1 : 0),
	};

	return store_query(store, QUERY_ENTITLEMENT_INSERT, params, COUNT(params),
			   NULL, NULL, err);
}

enum ar_rc store_add_member(struct store *store, long long system_id,
			    const char *group_key, const char *ref,
			    enum member_type type, struct ar_error *err)
{
	struct store_param params[] = {
		STORE_INT(PARAM_SYSTEM, system_id),
		STORE_TEXT(PARAM_GROUP_KEY, group_key),
		STORE_TEXT(PARAM_REF, ref),
		STORE_TEXT(PARAM_REF_TYPE,
			   type == MEMBER_GROUP ? "group" : "account"),
	};

	return store_query(store, QUERY_MEMBERSHIP_INSERT, params, COUNT(params),
			   NULL, NULL, err);
}

enum ar_rc store_set_mfa(struct store *store, long long system_id,
			 const char *ref, enum mfa_status status, int *matched,
			 struct ar_error *err)
{
	struct store_param params[] = {
		STORE_INT(PARAM_SYSTEM, system_id),
		STORE_TEXT(PARAM_REF, ref),
		STORE_TEXT(PARAM_MFA, source_mfa_status_name(status)),
	};
	enum ar_rc rc = store_query(store, QUERY_MFA_SET, params, COUNT(params),
				    NULL, NULL, err);

	*matched = rc == AR_OK && sqlite3_changes(store->db) > 0;
	return rc;
}

enum ar_rc store_set_all_mfa(struct store *store, long long system_id,
			     enum mfa_status status, struct ar_error *err)
{
	struct store_param params[] = {
		STORE_INT(PARAM_SYSTEM, system_id),
		STORE_TEXT(PARAM_MFA, source_mfa_status_name(status)),
	};

	return store_query(store, QUERY_MFA_SET_ALL, params, COUNT(params), NULL,
			   NULL, err);
}

enum ar_rc store_add_warning(struct store *store, long long system_id,
			     const char *message, struct ar_error *err)
{
	struct store_param params[] = {
		STORE_INT(PARAM_SNAPSHOT, store->snapshot_id),
		STORE_INT(PARAM_SYSTEM, system_id),
		STORE_TEXT(PARAM_MESSAGE, message),
	};

	return store_query(store, QUERY_WARNING_INSERT, params, COUNT(params),
			   NULL, NULL, err);
}

enum ar_rc store_resolve_memberships(struct store *store, long long system_id,
				     struct ar_error *err)
{
	static const enum store_query_id steps[] = {
		QUERY_GRANT_RESOLVE_BY_ID, QUERY_GRANT_RESOLVE_BY_LOGIN,
		QUERY_GRANT_RESOLVE_NESTED, QUERY_WARN_GROUP_LOOPS,
		QUERY_WARN_DANGLING_MEMBERS, QUERY_MEMBERSHIP_CLEAR,
	};
	struct store_param params[] = {
		STORE_INT(PARAM_SNAPSHOT, store->snapshot_id),
		STORE_INT(PARAM_SYSTEM, system_id),
	};
	enum ar_rc rc = AR_OK;

	for (size_t i = 0; rc == AR_OK && i < COUNT(steps); i++)
		rc = store_query_family(store, steps[i], params,
					COUNT(params), err);
	return rc;
}

enum ar_rc store_latest_snapshot(struct store *store, long long *snapshot_id,
				 struct ar_error *err)
{
	return store_query_int(store, QUERY_SNAPSHOT_LATEST, NULL, 0, 0,
			       snapshot_id, err);
}

enum ar_rc store_previous_snapshot(struct store *store, long long snapshot_id,
				   long long *previous_id,
				   struct ar_error *err)
{
	struct store_param params[] = { STORE_INT(PARAM_SNAPSHOT, snapshot_id) };

	return store_query_int(store, QUERY_SNAPSHOT_PREVIOUS, params, 1, 0,
			       previous_id, err);
}
