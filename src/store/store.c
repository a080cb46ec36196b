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

/* Find "-- name: NAME" in the embedded SQL files; return its text. */
static char *find_query_text(const char *name)
{
	size_t name_length = strlen(name);

	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		const char *at = f->content;
		size_t file_length = strlen(f->name);

		if (file_length < 5 ||
		    strcmp(f->name + file_length - 4, ".sql") != 0)
			continue;
		while ((at = strstr(at, "-- name: ")) != NULL) {
			const char *end;

			at += 9;
			if (strncmp(at, name, name_length) != 0 ||
			    (at[name_length] != '\n' && at[name_length] != ' ')) {
				continue;
			}
			at += name_length;
			end = strstr(at, "-- name: ");
			return end ? ar_strndup(at, (size_t)(end - at))
				   : ar_strdup(at);
		}
	}
	return NULL;
}

enum ar_rc store_statement(struct store *store, const char *name,
			   sqlite3_stmt **out, struct ar_error *err)
{
	struct store_statement *slot;
	char *text;
	int code;

	for (size_t i = 0; i < store->statement_count; i++) {
		if (strcmp(store->statements[i].name, name) == 0) {
			*out = store->statements[i].stmt;
			sqlite3_reset(*out);
			sqlite3_clear_bindings(*out);
			return AR_OK;
		}
	}
	text = find_query_text(name);
	if (text == NULL)
		return ar_error_set(err, AR_ERR_INTERNAL,
				    "no SQL query named '%s'", name);
	code = sqlite3_prepare_v3(store->db, text, -1,
				  SQLITE_PREPARE_PERSISTENT, out, NULL);
	free(text);
	if (code != SQLITE_OK)
		return ar_error_set(err, rc_from_sqlite(code),
				    "database '%s': query '%s': %s",
				    store->path, name, sqlite3_errmsg(store->db));
	store->statements = ar_realloc(store->statements,
				       (store->statement_count + 1) *
					       sizeof(*store->statements));
	slot = &store->statements[store->statement_count++];
	slot->name = ar_strdup(name);
	slot->stmt = *out;
	return AR_OK;
}

static enum ar_rc bind_params(struct store *store, sqlite3_stmt *stmt,
			      const struct store_param *params, size_t count,
			      struct ar_error *err)
{
	for (size_t i = 0; i < count; i++) {
		int index = sqlite3_bind_parameter_index(stmt, params[i].name);
		int code;

		if (index == 0)
			continue;
		if (params[i].type == STORE_PARAM_INT)
			code = sqlite3_bind_int64(stmt, index,
						  params[i].integer);
		else if (params[i].text == NULL)
			code = sqlite3_bind_null(stmt, index);
		else
			code = sqlite3_bind_text(stmt, index, params[i].text,
						 -1, SQLITE_TRANSIENT);
		if (code != SQLITE_OK)
			return store_sqlite_error(store, code, "bind", err);
	}
	return AR_OK;
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

static enum ar_rc deliver_row(sqlite3_stmt *stmt, store_row_fn fn,
			      void *context, struct ar_error *err)
{
	const char *names[STORE_MAX_COLUMNS];
	const char *values[STORE_MAX_COLUMNS];
	struct store_row row;
	int columns = sqlite3_column_count(stmt);

	if (columns > STORE_MAX_COLUMNS)
		columns = STORE_MAX_COLUMNS;
	for (int i = 0; i < columns; i++) {
		names[i] = sqlite3_column_name(stmt, i);
		values[i] = (const char *)sqlite3_column_text(stmt, i);
	}
	row.column_count = columns;
	row.names = names;
	row.values = values;
	return fn(context, &row, err);
}

enum ar_rc store_query(struct store *store, const char *name,
		       const struct store_param *params, size_t param_count,
		       store_row_fn fn, void *context, struct ar_error *err)
{
	sqlite3_stmt *stmt = NULL;
	struct timespec start;
	enum ar_rc rc;
	int code;

	clock_gettime(CLOCK_MONOTONIC, &start);
	rc = store_statement(store, name, &stmt, err);
	if (rc == AR_OK)
		rc = bind_params(store, stmt, params, param_count, err);
	while (rc == AR_OK) {
		code = sqlite3_step(stmt);
		if (code == SQLITE_DONE)
			break;
		if (code != SQLITE_ROW) {
			rc = ar_error_set(err, rc_from_sqlite(code),
					  "database '%s': query '%s': %s",
					  store->path, name,
					  sqlite3_errmsg(store->db));
			break;
		}
		if (fn != NULL)
			rc = deliver_row(stmt, fn, context, err);
	}
	if (stmt != NULL)
		sqlite3_reset(stmt);
	log_if_slow(name, &start);
	return rc;
}

enum ar_rc store_query_int(struct store *store, const char *name,
			   const struct store_param *params,
			   size_t param_count, long long fallback,
			   long long *out, struct ar_error *err)
{
	sqlite3_stmt *stmt = NULL;
	struct timespec start;
	enum ar_rc rc;
	int code;

	clock_gettime(CLOCK_MONOTONIC, &start);
	*out = fallback;
	rc = store_statement(store, name, &stmt, err);
	if (rc == AR_OK)
		rc = bind_params(store, stmt, params, param_count, err);
	if (rc != AR_OK)
		return rc;
	code = sqlite3_step(stmt);
	if (code == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL)
		*out = sqlite3_column_int64(stmt, 0);
	else if (code != SQLITE_ROW && code != SQLITE_DONE)
		rc = ar_error_set(err, rc_from_sqlite(code),
				  "database '%s': query '%s': %s", store->path,
				  name, sqlite3_errmsg(store->db));
	sqlite3_reset(stmt);
	log_if_slow(name, &start);
	return rc;
}

const char *store_row_text(const struct store_row *row, const char *name)
{
	for (int i = 0; i < row->column_count; i++)
		if (strcmp(row->names[i], name) == 0)
			return row->values[i];
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

enum ar_rc store_exec_named(struct store *store, const char *name,
			    struct ar_error *err)
{
	char *text = find_query_text(name);
	enum ar_rc rc;

	if (text == NULL)
		return ar_error_set(err, AR_ERR_INTERNAL,
				    "no SQL query named '%s'", name);
	rc = store_exec(store, text, name, err);
	free(text);
	return rc;
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
		rc = store_exec_named(store, "connection_setup", err);
	return rc;
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
	for (size_t i = 0; i < store->statement_count; i++) {
		sqlite3_finalize(store->statements[i].stmt);
		free(store->statements[i].name);
	}
	free(store->statements);
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
	rc = store_query_int(store, "schema_table_exists", NULL, 0, 0, &exists,
			     err);
	if (rc == AR_OK && exists)
		rc = store_query_int(store, "schema_version_get", NULL, 0, 0,
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
		struct store_param param[] = { STORE_INT(":version", number) };

		if (number <= current)
			continue;
		rc = store_exec(store, "BEGIN IMMEDIATE", "migrate", err);
		if (rc == AR_OK)
			rc = store_exec(store, f->content, f->name, err);
		if (rc == AR_OK)
			rc = store_query(store, "schema_version_set", param, 1,
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
