/* store_int.h -- private state of the store, shared by src/store/ files */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_STORE_INT_H
#define ACCESSREVIEW_STORE_INT_H

#include <sqlite3.h>

#include "accessreview/store.h"

struct store {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *statements[QUERY_COUNT]; /* prepared once, reused */
	long long snapshot_id;              /* open snapshot, 0 if none */
	int read_depth;                     /* nested store_begin_read */
	int read_began;                     /* the outermost one began */
};

/* Prepared statement for a named query, reset and unbound. */
enum ar_rc store_statement(struct store *store, enum store_query_id query,
			   sqlite3_stmt **out, struct ar_error *err);
enum ar_rc store_exec(struct store *store, const char *sql, const char *doing,
		      struct ar_error *err);
/* Run every statement of the named query (PRAGMAs, CREATE ...). */
enum ar_rc store_exec_named(struct store *store, enum store_query_id query,
			    struct ar_error *err);
enum ar_rc store_sqlite_error(struct store *store, int code,
			      const char *doing, struct ar_error *err);
enum ar_rc store_schema_version(struct store *store, long long *version,
				struct ar_error *err);

/* The database, its -wal, -shm and -journal and their directory are
 * ours alone (files.c); AR_ERR_CONFIG naming the path and the fix. */
enum ar_rc store_check_files(const char *database, struct ar_error *err);
/* The same rule for an open descriptor (the lock file). */
enum ar_rc store_check_descriptor(int fd, const char *path,
				  struct ar_error *err);

#endif
