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

#include "accessreview/mem.h"
#include "store_int.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

enum ar_rc store_begin_snapshot(struct store *store, const char *taken_at,
				long long *snapshot_id, struct ar_error *err)
{
	struct store_param params[] = {
		STORE_TEXT(":taken_at", taken_at),
		STORE_TEXT(":version", ACCESSREVIEW_VERSION),
	};
	enum ar_rc rc;

	/* before the transaction, so that a rollback keeps the tables */
	rc = store_exec_named(store, "staging_create", err);
	if (rc == AR_OK)
		rc = store_exec(store, "BEGIN IMMEDIATE", "begin snapshot",
				err);
	if (rc != AR_OK)
		return rc;
	rc = store_query(store, "snapshot_insert", params, COUNT(params), NULL,
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
		STORE_INT(":snapshot", store->snapshot_id),
		STORE_TEXT(":name", system->name),
		STORE_TEXT(":category", system->category),
		STORE_TEXT(":owner", system->owner),
		STORE_INT(":mfa_supported", system->mfa_supported),
		STORE_TEXT(":match_key", system->match_key),
	};
	enum ar_rc rc = store_query(store, "system_insert", params,
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
		STORE_INT(":snapshot", store->snapshot_id),
		STORE_INT(":system", source->system_id),
		STORE_TEXT(":role", source->role),
		STORE_TEXT(":format", source->format),
		STORE_TEXT(":preset", source->preset),
		STORE_TEXT(":location", source->location),
		STORE_TEXT(":sha256", source->sha256),
		STORE_INT(":bytes", source->bytes),
		STORE_INT(":records", source->records),
		STORE_INT(":declared", source->declared),
		STORE_TEXT(":incomplete", source->incomplete),
		STORE_TEXT(":read_at", source->read_at),
	};

	return store_query(store, "source_insert", params, COUNT(params), NULL,
			   NULL, err);
}

enum ar_rc store_add_person(struct store *store,
			    const struct person_record *person,
			    struct ar_error *err)
{
	struct store_param params[] = {
		STORE_INT(":snapshot", store->snapshot_id),
		STORE_TEXT(":key", person->key),
		STORE_TEXT(":uid", person->uid),
		STORE_TEXT(":email", person->email),
		STORE_TEXT(":display_name", person->display_name),
		STORE_TEXT(":employee_number", person->employee_number),
		STORE_TEXT(":manager", person->manager),
		STORE_INT(":disabled", person->disabled ? 1 : 0),
		STORE_TEXT(":mfa", source_mfa_status_name(person->mfa)),
		STORE_INT(":last_login", (long long)person->last_login),
	};

	return store_query(store, "person_insert", params, COUNT(params), NULL,
			   NULL, err);
}

enum ar_rc store_add_account(struct store *store, long long system_id,
			     const struct account_record *account, int *added,
			     struct ar_error *err)
{
	struct store_param params[] = {
		STORE_INT(":snapshot", store->snapshot_id),
		STORE_INT(":system", system_id),
		STORE_TEXT(":id", account->id),
		STORE_TEXT(":login", account->login),
		STORE_TEXT(":email", account->email),
		STORE_TEXT(":display_name", account->display_name),
		STORE_TEXT(":employee_number", account->employee_number),
		STORE_INT(":active", account->active ? 1 : 0),
		STORE_TEXT(":mfa", source_mfa_status_name(account->mfa)),
		STORE_INT(":last_login", (long long)account->last_login),
		STORE_INT(":is_service", account->is_service ? 1 : 0),
	};
	enum ar_rc rc = store_query(store, "account_insert", params,
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
		STORE_INT(":snapshot", store->snapshot_id),
		STORE_INT(":system", system_id),
		STORE_TEXT(":key", group->key),
		STORE_TEXT(":name", group->name ? group->name : group->key),
		STORE_INT(":privileged", privileged ? 1 : 0),
		STORE_INT(":members_known", group->members_known ? 1 : 0),
	};

	return store_query(store, "entitlement_insert", params, COUNT(params),
			   NULL, NULL, err);
}

enum ar_rc store_add_member(struct store *store, long long system_id,
			    const char *group_key, const char *ref,
			    enum member_type type, struct ar_error *err)
{
	struct store_param params[] = {
		STORE_INT(":system", system_id),
		STORE_TEXT(":group_key", group_key),
		STORE_TEXT(":ref", ref),
		STORE_TEXT(":ref_type",
			   type == MEMBER_GROUP ? "group" : "account"),
	};

	return store_query(store, "membership_insert", params, COUNT(params),
			   NULL, NULL, err);
}

enum ar_rc store_set_mfa(struct store *store, long long system_id,
			 const char *ref, enum mfa_status status, int *matched,
			 struct ar_error *err)
{
	struct store_param params[] = {
		STORE_INT(":system", system_id),
		STORE_TEXT(":ref", ref),
		STORE_TEXT(":mfa", source_mfa_status_name(status)),
	};
	enum ar_rc rc = store_query(store, "mfa_set", params, COUNT(params),
				    NULL, NULL, err);

	*matched = rc == AR_OK && sqlite3_changes(store->db) > 0;
	return rc;
}

enum ar_rc store_set_all_mfa(struct store *store, long long system_id,
			     enum mfa_status status, struct ar_error *err)
{
	struct store_param params[] = {
		STORE_INT(":system", system_id),
		STORE_TEXT(":mfa", source_mfa_status_name(status)),
	};

	return store_query(store, "mfa_set_all", params, COUNT(params), NULL,
			   NULL, err);
}

enum ar_rc store_add_warning(struct store *store, long long system_id,
			     const char *message, struct ar_error *err)
{
	struct store_param params[] = {
		STORE_INT(":snapshot", store->snapshot_id),
		STORE_INT(":system", system_id),
		STORE_TEXT(":message", message),
	};

	return store_query(store, "warning_insert", params, COUNT(params),
			   NULL, NULL, err);
}

enum ar_rc store_resolve_memberships(struct store *store, long long system_id,
				     struct ar_error *err)
{
	static const char *const steps[] = {
		"grant_resolve_by_id", "grant_resolve_by_login",
		"grant_resolve_nested", "warn_group_loops",
		"warn_dangling_members", "membership_clear",
	};
	struct store_param params[] = {
		STORE_INT(":snapshot", store->snapshot_id),
		STORE_INT(":system", system_id),
	};
	enum ar_rc rc = AR_OK;

	for (size_t i = 0; rc == AR_OK && i < COUNT(steps); i++)
		rc = store_query(store, steps[i], params, COUNT(params), NULL,
				 NULL, err);
	return rc;
}

enum ar_rc store_latest_snapshot(struct store *store, long long *snapshot_id,
				 struct ar_error *err)
{
	return store_query_int(store, "snapshot_latest", NULL, 0, 0,
			       snapshot_id, err);
}

enum ar_rc store_previous_snapshot(struct store *store, long long snapshot_id,
				   long long *previous_id,
				   struct ar_error *err)
{
	struct store_param params[] = { STORE_INT(":snapshot", snapshot_id) };

	return store_query_int(store, "snapshot_previous", params, 1, 0,
			       previous_id, err);
}
