/* database.h -- what the command line may do with the database file */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_DATABASE_H
#define ACCESSREVIEW_DATABASE_H

#include "accessreview/error.h"

/*
 * The CLI opens the database for one command and hands the connection to
 * one operation; it never queries it.  The connection's type stays
 * opaque here: store.h, with the queries, is for the library.
 */
struct store;

enum database_mode {
	DATABASE_READ_ONLY = 0,
	DATABASE_READ_WRITE
};

/*
 * Open an existing database at its current schema.  AR_ERR_NOINPUT when
 * it does not exist or has no schema ("run 'accessreview init' first").
 */
enum ar_rc database_open(const char *path, enum database_mode mode,
			 struct store **out, struct ar_error *err);
void database_close(struct store *store);

/* Create the database if missing (mode 0600) and apply every migration;
 * *version is the schema version it is at. */
enum ar_rc database_init(const char *path, int *version,
			 struct ar_error *err);

/*
 * One writer at a time: an flock(2) on DATABASE.lock, which the kernel
 * drops when the process dies however it dies.  wait_seconds 0 fails at
 * once with AR_ERR_TEMPFAIL when another process holds it, N > 0 after N
 * seconds (the message says how long it waited); -1 waits as long as it
 * takes.  *lock is released with database_unlock.
 */
enum ar_rc database_lock(const char *path, int wait_seconds, int *lock,
			 struct ar_error *err);
void database_unlock(int lock);

#endif
