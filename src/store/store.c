/* store.c -- the SQLite store: opening, migrations, named queries */
/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "accessreview/embedded.h"
#include "accessreview/log.h"
#include "accessreview/mem.h"
#include "queries_int.h"
#include "store_int.h"

#define STORE_MAX_COLUMNS 64
#define STORE_BUSY_TIMEOUT_MS 5000
/* Queries slower than this are named in the debug log (-vv). */
#define STORE_SLOW_QUERY_MS 100

/* Map an SQLite failure to the operator's view of it. */
static enum ar_rc rc_from_sqlite(int code)
{
	switch (code & 0xFF) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return AR_ERR_TEMPFAIL;
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
	case SQLITE_FULL:
	case SQLITE_IOERR:
		return AR_ERR_CANTCREATE;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return AR_ERR_DATA;
	default:
		return AR_ERR_INTERNAL;
	}
}

enum ar_rc store_sqlite_error(struct store *store, int code,
			      const char *doing, struct ar_error *err)
{
	return ar_error_set(err, rc_from_sqlite(code),
			    "database '%s': %s: %s", store->path, doing,
			    store->db ? sqlite3_errmsg(store->db)
				      : sqlite3_errstr(code));
}

const char *store_query_name(enum store_query_id query)
{
	if ((unsigned)query < QUERY_COUNT)
		return store_queries[query].name;
	return "?";
}

enum ar_rc store_statement(struct store *store, enum store_query_id query,
			   sqlite3_stmt **out, struct ar_error *err)
{
	int code;

	if ((unsigned)query >= QUERY_COUNT)
		return ar_error_set(err, AR_ERR_INTERNAL, "no query %d",
				    (int)query);
	if (store->statements[query] != NULL) {
		*out = store->statements[query];
		sqlite3_reset(*out);
		sqlite3_clear_bindings(*out);
		return AR_OK;
	}
	code = sqlite3_prepare_v3(store->db, store_queries[query].sql, -1,
				  SQLITE_PREPARE_PERSISTENT, out, NULL);
	if (code != SQLITE_OK)
		return store_sqlite_error(store, code,
					  store_query_name(query), err);
	store->statements[query] = *out;
	return AR_OK;
}

static int query_uses(enum store_query_id query, enum store_param_id param)
{
	const enum store_param_id *used = store_queries[query].params;

	for (size_t i = 0; used[i] != PARAM_COUNT; i++)
		if (used[i] == param)
			return 1;
	return 0;
}

static int params_give(const struct store_param *params, size_t count,
		       enum store_param_id param)
{
	for (size_t i = 0; i < count; i++)
		if (params[i].id == param)
			return 1;
	return 0;
}

/* Every parameter the SQL uses is given; with strict, nothing else. */
static enum ar_rc check_params(enum store_query_id query,
			       const struct store_param *params, size_t count,
			       int strict, struct ar_error *err)
{
	const enum store_param_id *used = store_queries[query].params;

	for (size_t i = 0; used[i] != PARAM_COUNT; i++)
		if (!params_give(params, count, used[i]))
			return ar_error_set(err, AR_ERR_INTERNAL,
					    "query '%s' run without its "
					    "parameter '%s'",
					    store_query_name(query),
					    store_param_names[used[i]]);
	for (size_t i = 0; strict && i < count; i++)
		if ((unsigned)params[i].id >= PARAM_COUNT ||
		    !query_uses(query, params[i].id))
			return ar_error_set(err, AR_ERR_INTERNAL,
					    "query '%s' has no parameter "
					    "'%s'",
					    store_query_name(query),
					    (unsigned)params[i].id < PARAM_COUNT
						    ? store_param_names
							      [params[i].id]
						    : "?");
	return AR_OK;
}

static enum ar_rc bind_params(struct store *store, enum store_query_id query,
			      sqlite3_stmt *stmt,
			      const struct store_param *params, size_t count,
			      int strict, struct ar_error *err)
{
	enum ar_rc rc = check_params(query, params, count, strict, err);

	for (size_t i = 0; rc == AR_OK && i < count; i++) {
		int index, code;

		if (!query_uses(query, params[i].id))
			continue;
		index = sqlite3_bind_parameter_index(
			stmt, store_param_names[params[i].id]);
		if (params[i].type == STORE_PARAM_INT)
			code = sqlite3_bind_int64(stmt, index,
						  params[i].integer);
		else if (params[i].text == NULL)
			code = sqlite3_bind_null(stmt, index);
		else
			code = sqlite3_bind_text(stmt, index, params[i].text,
						 -1, SQLITE_TRANSIENT);
		if (code != SQLITE_OK)
			rc = store_sqlite_error(store, code, "bind", err);
	}
	return rc;
}

static long long elapsed_ms(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) * 1000LL +
	       (now.tv_nsec - start->tv_nsec) / 1000000;
}

static void log_if_slow(const char *name, const struct timespec *start)
{
	long long ms = elapsed_ms(start);

	if (ms >= STORE_SLOW_QUERY_MS)
		log_debug("database: query '%s' took %lld ms", name, ms);
}

static enum ar_rc deliver_row(enum store_query_id query, sqlite3_stmt *stmt,
			      store_row_fn fn, void *context,
			      struct ar_error *err)
{
	const char *names[STORE_MAX_COLUMNS];
	const char *values[STORE_MAX_COLUMNS];
	const char *missing = NULL;
	struct store_row row;
	int columns = sqlite3_column_count(stmt);
	enum ar_rc rc;

	if (columns > STORE_MAX_COLUMNS)
		columns = STORE_MAX_COLUMNS;
	for (int i = 0; i < columns; i++) {
		names[i] = sqlite3_column_name(stmt, i);
		values[i] = (const char *)sqlite3_column_text(stmt, i);
	}
	row.column_count = columns;
	row.names = names;
	row.values = values;
	row.missing_column = &missing;
	rc = fn(context, &row, err);
	if (rc == AR_OK && missing != NULL)
		rc = ar_error_set(err, AR_ERR_INTERNAL,
				  "query '%s' has no column '%s'",
				  store_query_name(query), missing);
	return rc;
}

static enum ar_rc run_query(struct store *store, enum store_query_id query,
			    const struct store_param *params,
			    size_t param_count, int strict, store_row_fn fn,
			    void *context, struct ar_error *err)
{
	sqlite3_stmt *stmt = NULL;
	struct timespec start;
	enum ar_rc rc;
	int code;

	clock_gettime(CLOCK_MONOTONIC, &start);
	rc = store_statement(store, query, &stmt, err);
	if (rc == AR_OK)
		rc = bind_params(store, query, stmt, params, param_count,
				 strict, err);
	while (rc == AR_OK) {
		code = sqlite3_step(stmt);
		if (code == SQLITE_DONE)
			break;
		if (code != SQLITE_ROW) {
			rc = store_sqlite_error(store, code,
						store_query_name(query), err);
			break;
		}
		if (fn != NULL)
			rc = deliver_row(query, stmt, fn, context, err);
	}
	if (stmt != NULL)
		sqlite3_reset(stmt);
	log_if_slow(store_query_name(query), &start);
	return rc;
}

enum ar_rc store_query(struct store *store, enum store_query_id query,
		       const struct store_param *params, size_t param_count,
		       store_row_fn fn, void *context, struct ar_error *err)
{
	return run_query(store, query, params, param_count, 1, fn, context,
			 err);
}

enum ar_rc store_query_family(struct store *store, enum store_query_id query,
			      const struct store_param *params,
			      size_t param_count, struct ar_error *err)
{
	return run_query(store, query, params, param_count, 0, NULL, NULL,
			 err);
}

struct first_integer {
	long long value;
	int seen;
};

static enum ar_rc take_first_integer(void *context,
				     const struct store_row *row,
				     struct ar_error *err)
{
	struct first_integer *first = context;

	(void)err;
	if (!first->seen && row->column_count > 0 && row->values[0] != NULL)
		first->value = strtoll(row->values[0], NULL, 10);
	first->seen = 1;
	return AR_OK;
}

enum ar_rc store_query_int(struct store *store, enum store_query_id query,
			   const struct store_param *params,
			   size_t param_count, long long fallback,
			   long long *out, struct ar_error *err)
{
	struct first_integer first = { fallback, 0 };
	enum ar_rc rc = store_query(store, query, params, param_count,
				    take_first_integer, &first, err);

	*out = first.value;
	return rc;
}

const char *store_row_text(const struct store_row *row, const char *name)
{
	for (int i = 0; i < row->column_count; i++)
		if (strcmp(row->names[i], name) == 0)
			return row->values[i];
	if (row->missing_column != NULL && *row->missing_column == NULL)
		*row->missing_column = name;
	return NULL;
}

long long store_row_int(const struct store_row *row, const char *name,
			long long fallback)
{
	const char *text = store_row_text(row, name);

	return text ? strtoll(text, NULL, 10) : fallback;
}

enum ar_rc store_exec(struct store *store, const char *sql, const char *doing,
		      struct ar_error *err)
{
	int code = sqlite3_exec(store->db, sql, NULL, NULL, NULL);

	if (code != SQLITE_OK)
		return store_sqlite_error(store, code, doing, err);
	return AR_OK;
}

enum ar_rc store_exec_named(struct store *store, enum store_query_id query,
			    struct ar_error *err)
{
	return store_exec(store, store_queries[query].sql,
			  store_query_name(query), err);
}

static enum ar_rc apply_pragmas(struct store *store, int flags,
				struct ar_error *err)
{
	enum ar_rc rc;

	sqlite3_busy_timeout(store->db, STORE_BUSY_TIMEOUT_MS);
	rc = store_exec(store, "PRAGMA foreign_keys = ON", "set up", err);
	if (rc == AR_OK && !(flags & STORE_READ_ONLY) &&
	    strcmp(store->path, ":memory:") != 0)
		rc = store_exec(store,
				"PRAGMA journal_mode = WAL;"
				"PRAGMA synchronous = NORMAL",
				"set up", err);
	if (rc == AR_OK)
		rc = store_exec_named(store, QUERY_CONNECTION_SETUP, err);
	return rc;
}

static int migration_number(const char *name);

/* The schema version this build writes: its newest migration. */
static int latest_migration(void)
{
	int latest = 0;

	for (const struct embedded_file *f = embedded_files; f->name; f++)
		if (migration_number(f->name) > latest)
			latest = migration_number(f->name);
	return latest;
}

/* An older database is migrated by init, never behind the user's back;
 * a newer one is not ours to write. */
static enum ar_rc check_schema_current(const char *path, long long version,
				       struct ar_error *err)
{
	int latest = latest_migration();

	if (version < latest)
		return ar_error_set(err, AR_ERR_CONFIG,
				    "database '%s' is at schema version %lld, "
				    "this accessreview needs %d (run "
				    "'accessreview init' to migrate it; every "
				    "snapshot is kept)",
				    path, version, latest);
	if (version > latest)
		return ar_error_set(err, AR_ERR_CONFIG,
				    "database '%s' is at schema version %lld, "
				    "newer than this accessreview knows (%d): "
				    "use the newer accessreview",
				    path, version, latest);
	return AR_OK;
}

enum ar_rc store_open(const char *path, int flags, struct store **out,
		      struct ar_error *err)
{
	struct store *store = ar_calloc(1, sizeof(*store));
	int open_flags = SQLITE_OPEN_NOFOLLOW;
	int code;
	enum ar_rc rc = AR_OK;
	long long version = 0;

	*out = NULL;
	store->path = ar_strdup(path);
	if (flags & STORE_READ_ONLY)
		open_flags |= SQLITE_OPEN_READONLY;
	else
		open_flags |= SQLITE_OPEN_READWRITE;
	if (flags & STORE_CREATE)
		open_flags |= SQLITE_OPEN_CREATE;
	if (!(flags & STORE_CREATE) && strcmp(path, ":memory:") != 0 &&
	    access(path, F_OK) != 0) {
		rc = ar_error_set(err, AR_ERR_NOINPUT,
				  "database '%s' does not exist "
				  "(run 'accessreview init' first)", path);
		goto out;
	}
	if (strcmp(path, ":memory:") != 0) {
		rc = store_check_files(path, err);
		if (rc != AR_OK)
			goto out;
	}
	if (flags & STORE_CREATE) {
		/* database and keys are private to their owner */
		mode_t old_mask = umask(077);

		code = sqlite3_open_v2(path, &store->db, open_flags, NULL);
		umask(old_mask);
	} else {
		code = sqlite3_open_v2(path, &store->db, open_flags, NULL);
	}
	if (code != SQLITE_OK) {
		rc = store_sqlite_error(store, code, "cannot open", err);
		goto out;
	}
	rc = apply_pragmas(store, flags, err);
	if (rc == AR_OK && !(flags & STORE_CREATE)) {
		rc = store_schema_version(store, &version, err);
		if (rc == AR_OK && version == 0)
			rc = ar_error_set(err, AR_ERR_NOINPUT,
					  "database '%s' has no schema "
					  "(run 'accessreview init' first)",
					  path);
		if (rc == AR_OK)
			rc = check_schema_current(path, version, err);
	}
out:
	if (rc != AR_OK)
		store_close(store);
	else
		*out = store;
	return rc;
}

void store_close(struct store *store)
{
	if (store == NULL)
		return;
	for (size_t i = 0; i < QUERY_COUNT; i++)
		sqlite3_finalize(store->statements[i]);
	if (store->db)
		sqlite3_close(store->db);
	free(store->path);
	free(store);
}

enum ar_rc store_schema_version(struct store *store, long long *version,
				struct ar_error *err)
{
	long long exists = 0;
	enum ar_rc rc;

	*version = 0;
	rc = store_query_int(store, QUERY_SCHEMA_TABLE_EXISTS, NULL, 0, 0,
			     &exists, err);
	if (rc == AR_OK && exists)
		rc = store_query_int(store, QUERY_SCHEMA_VERSION_GET, NULL, 0, 0,
				     version, err);
	return rc;
}

/* Migrations are the embedded files named NNNN_*.sql, in name order. */
static int migration_number(const char *name)
{
	if (!isdigit((unsigned char)name[0]) || strstr(name, ".sql") == NULL)
		return 0;
	return (int)strtol(name, NULL, 10);
}

enum ar_rc store_migrate(struct store *store, int *version,
			 struct ar_error *err)
{
	long long current = 0;
	enum ar_rc rc;

	rc = store_schema_version(store, &current, err);
	for (const struct embedded_file *f = embedded_files;
	     rc == AR_OK && f->name; f++) {
		int number = migration_number(f->name);
		struct store_param param[] = { STORE_INT(PARAM_VERSION, number) };

		if (number <= current)
			continue;
		rc = store_exec(store, "BEGIN IMMEDIATE", "migrate", err);
		if (rc == AR_OK)
			rc = store_exec(store, f->content, f->name, err);
		if (rc == AR_OK)
			rc = store_query(store, QUERY_SCHEMA_VERSION_SET, param, 1,
					 NULL, NULL, err);
		if (rc == AR_OK)
			rc = store_exec(store, "COMMIT", "migrate", err);
		else
			sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
		if (rc == AR_OK)
			current = number;
	}
	*version = (int)current;
	return rc;
}

enum ar_rc store_begin_read(struct store *store, struct ar_error *err)
{
	enum ar_rc rc = AR_OK;

	/* inside a write transaction (run's reports) the read is already
	 * consistent: nothing to begin */
	if (store->read_depth++ == 0 && sqlite3_get_autocommit(store->db)) {
		rc = store_exec(store, "BEGIN", "begin a read", err);
		store->read_began = rc == AR_OK;
	}
	if (rc != AR_OK)
		store->read_depth--;
	return rc;
}

void store_end_read(struct store *store)
{
	if (store->read_depth == 0 || --store->read_depth > 0)
		return;
	if (store->read_began)
		sqlite3_exec(store->db, "COMMIT", NULL, NULL, NULL);
	store->read_began = 0;
}

enum ar_rc store_begin_write(struct store *store, const char *doing,
			     struct ar_error *err)
{
	return store_exec(store, "BEGIN IMMEDIATE", doing, err);
}

enum ar_rc store_commit(struct store *store, const char *doing,
			struct ar_error *err)
{
	enum ar_rc rc = store_exec(store, "COMMIT", doing, err);

	if (rc != AR_OK)
		store_rollback(store);
	return rc;
}

void store_rollback(struct store *store)
{
	if (!sqlite3_get_autocommit(store->db))
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
}

long long store_last_insert_id(const struct store *store)
{
	return sqlite3_last_insert_rowid(store->db);
}

long long store_changes(const struct store *store)
{
	return sqlite3_changes(store->db);
}
