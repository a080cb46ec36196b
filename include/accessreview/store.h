/* store.h -- the SQLite store: snapshots, their records, named queries */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_STORE_H
#define ACCESSREVIEW_STORE_H

#include <stddef.h>

#include "accessreview/error.h"
#include "accessreview/sources.h"

/*
 * STORE
 *
 * Owns the database file.  All SQL lives in sql/ files, embedded at build
 * time: numbered migrations (0001_init.sql, ...) and files of named
 * queries, each introduced by a line "-- name: query_name".  C code only
 * binds parameters.
 *
 * Snapshots: one collect writes one snapshot inside one transaction
 * (store_begin_snapshot .. store_commit_snapshot).  Until the commit no
 * other connection sees any of it; on failure store_rollback_snapshot
 * leaves the previous snapshot as the latest, untouched.
 */

struct store;

enum store_open_flags {
	STORE_READ_WRITE = 0,
	STORE_READ_ONLY = 1 << 0,
	STORE_CREATE = 1 << 1        /* create the file if missing (init) */
};

/*
 * Open the database.  Without STORE_CREATE a missing file is
 * AR_ERR_NOINPUT ("run 'accessreview init'").  *out is freed with
 * store_close.  Unless STORE_CREATE, the schema version is checked.
 */
enum ar_rc store_open(const char *path, int flags, struct store **out,
		      struct ar_error *err);
void store_close(struct store *store);

/* Apply every migration newer than the recorded schema version. */
enum ar_rc store_migrate(struct store *store, int *version,
			 struct ar_error *err);

/* ---- writing a snapshot ---- */

enum ar_rc store_begin_snapshot(struct store *store, const char *taken_at,
				long long *snapshot_id, struct ar_error *err);
enum ar_rc store_commit_snapshot(struct store *store, struct ar_error *err);
void store_rollback_snapshot(struct store *store);

struct store_system {
	const char *name;
	const char *category;        /* source_control, marketplace_admin, ... */
	const char *owner;
	int mfa_supported;
	const char *match_key;       /* email, uid, employeeNumber */
};

enum ar_rc store_add_system(struct store *store,
			    const struct store_system *system,
			    long long *system_id, struct ar_error *err);

struct store_source {
	long long system_id;         /* 0 for the directory */
	const char *role;            /* directory, accounts, groups, mfa */
	const char *format;
	const char *preset;
	const char *location;
	const char *sha256;
	long long bytes;
	long records;
	long declared;               /* -1 unknown */
	const char *incomplete;      /* NULL or "" when complete */
	const char *read_at;
};

enum ar_rc store_add_source(struct store *store,
			    const struct store_source *source,
			    struct ar_error *err);
enum ar_rc store_add_person(struct store *store,
			    const struct person_record *person,
			    struct ar_error *err);
/* A second record with the same id in one system is skipped (paging
 * overlap); *added says whether it was new.  added may be NULL. */
enum ar_rc store_add_account(struct store *store, long long system_id,
			     const struct account_record *account, int *added,
			     struct ar_error *err);
enum ar_rc store_add_group(struct store *store, long long system_id,
			   const struct group_record *group, int privileged,
			   struct ar_error *err);
enum ar_rc store_add_member(struct store *store, long long system_id,
			    const char *group_key, const char *ref,
			    enum member_type type, struct ar_error *err);
/* Set the MFA status of the account whose id or login is ref; *matched
 * is 0 when none matched. */
enum ar_rc store_set_mfa(struct store *store, long long system_id,
			 const char *ref, enum mfa_status status, int *matched,
			 struct ar_error *err);
/* Set the status of every account of the system (before a list). */
enum ar_rc store_set_all_mfa(struct store *store, long long system_id,
			     enum mfa_status status, struct ar_error *err);
/*
 * Turn the system's raw memberships into grants: direct members by account
 * id or login, then nested groups (with "via"), loops and dangling members
 * recorded as warnings.  Call once after every source of the system.
 */
enum ar_rc store_resolve_memberships(struct store *store, long long system_id,
				     struct ar_error *err);
/*
 * A consistent read across several queries (a report, a listing): the
 * snapshot cannot change under it, even if a collect commits meanwhile.
 * Nested use is allowed: only the outermost begin/end count.
 */
enum ar_rc store_begin_read(struct store *store, struct ar_error *err);
void store_end_read(struct store *store);

/*
 * A write transaction for an operation other than a snapshot (a campaign,
 * a decision import): BEGIN IMMEDIATE, so that two writers are ordered by
 * SQLite's lock (waiting up to the busy timeout) and a read inside sees
 * what the write will be checked against.  store_rollback is harmless
 * outside a transaction.
 */
enum ar_rc store_begin_write(struct store *store, const char *doing,
			     struct ar_error *err);
enum ar_rc store_commit(struct store *store, const char *doing,
			struct ar_error *err);
void store_rollback(struct store *store);
/* The rowid of the last INSERT, and the rows the last statement changed. */
long long store_last_insert_id(const struct store *store);
long long store_changes(const struct store *store);

/* Latest complete snapshot id, 0 when there is none. */
enum ar_rc store_latest_snapshot(struct store *store, long long *snapshot_id,
				 struct ar_error *err);
/* The snapshot before snapshot_id, 0 when there is none. */
enum ar_rc store_previous_snapshot(struct store *store, long long snapshot_id,
				   long long *previous_id,
				   struct ar_error *err);
/* Id of the snapshot being written (0 outside a snapshot). */
long long store_current_snapshot(const struct store *store);
enum ar_rc store_add_warning(struct store *store, long long system_id,
			     const char *message, struct ar_error *err);

/* ---- named queries ---- */

/*
 * The queries of the sql/ files have ids generated at build time
 * (tools/gen-queries.sh writes accessreview/queries.h): QUERY_X for the
 * "-- name: x" line, PARAM_Y for each ":y" any query uses.  A misspelt
 * name in C does not compile; a query run without one of the parameters
 * its SQL uses, or given one it does not use, fails with AR_ERR_INTERNAL
 * naming both (every query runs in the unit tests).
 */
#include "accessreview/queries.h"

enum store_param_type { STORE_PARAM_TEXT, STORE_PARAM_INT };

struct store_param {
	enum store_param_id id;      /* PARAM_SNAPSHOT for ":snapshot" */
	enum store_param_type type;
	const char *text;            /* NULL binds SQL NULL */
	long long integer;
};

#define STORE_INT(param_id, value) \
	{ (param_id), STORE_PARAM_INT, NULL, (value) }
#define STORE_TEXT(param_id, value) \
	{ (param_id), STORE_PARAM_TEXT, (value), 0 }

/* One result row: column names and values as text (NULL for SQL NULL).
 * Borrowed: valid only during the callback. */
struct store_row {
	int column_count;
	const char *const *names;
	const char *const *values;
	/* set when a callback asked for a column the query does not have:
	 * the query then fails, so a misspelt column is never a silent NULL */
	const char **missing_column;
};

/* Value of the named column, or NULL for SQL NULL. */
const char *store_row_text(const struct store_row *row, const char *name);
/* Integer value of the named column, or fallback when NULL. */
long long store_row_int(const struct store_row *row, const char *name,
			long long fallback);

typedef enum ar_rc (*store_row_fn)(void *context, const struct store_row *row,
				   struct ar_error *err);

/*
 * Run a query with these parameters.  For each row, call fn (fn may be
 * NULL for statements).  A callback error stops the query and is
 * returned.  Extra parameters are allowed only when the query is one of
 * a family run with one parameter list (see store_query_family).
 */
enum ar_rc store_query(struct store *store, enum store_query_id query,
		       const struct store_param *params, size_t param_count,
		       store_row_fn fn, void *context, struct ar_error *err);

/* store_query, but parameters the query does not use are ignored: for
 * families of queries that share one parameter list (the findings). */
enum ar_rc store_query_family(struct store *store, enum store_query_id query,
			      const struct store_param *params,
			      size_t param_count, struct ar_error *err);

/* Convenience: the first column of the first row as an integer
 * (fallback when there is no row or it is NULL). */
enum ar_rc store_query_int(struct store *store, enum store_query_id query,
			   const struct store_param *params,
			   size_t param_count, long long fallback,
			   long long *out, struct ar_error *err);

/* The name of a query ("findings_of_snapshot"), for messages. */
const char *store_query_name(enum store_query_id query);

#endif
