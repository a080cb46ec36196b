/* database.c -- opening, initialising and locking the database for a command */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "accessreview/database.h"
#include "accessreview/mem.h"
#include "accessreview/store.h"
#include "store_int.h"

enum ar_rc database_open(const char *path, enum database_mode mode,
			 struct store **out, struct ar_error *err)
{
	return store_open(path,
			  mode == DATABASE_READ_ONLY ? STORE_READ_ONLY
						     : STORE_READ_WRITE,
			  out, err);
}

void database_close(struct store *store)
{
	store_close(store);
}

enum ar_rc database_init(const char *path, int *version,
			 struct ar_error *err)
{
	struct store *store = NULL;
	enum ar_rc rc = store_open(path, STORE_CREATE, &store, err);

	if (rc == AR_OK)
		rc = store_migrate(store, version, err);
	store_close(store);
	return rc;
}

static double monotonic_seconds(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* flock with a deadline: poll, since flock itself has no timeout.  The
 * monotonic clock, so "--wait 1" waits one second, not up to two, and a
 * clock set back in the meantime changes nothing. */
static int lock_within(int fd, int wait_seconds)
{
	struct timespec pause = { 0, 100 * 1000 * 1000 };
	double deadline = monotonic_seconds() + wait_seconds;

	if (wait_seconds < 0)
		return flock(fd, LOCK_EX);
	while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK || monotonic_seconds() >= deadline)
			return -1;
		nanosleep(&pause, NULL);
	}
	return 0;
}

static enum ar_rc lock_held(const char *lock_path, int wait_seconds,
			    struct ar_error *err)
{
	if (wait_seconds > 0)
		return ar_error_set(err, AR_ERR_TEMPFAIL,
				    "another accessreview is running (lock "
				    "'%s' still held after waiting %d "
				    "second%s); try again later",
				    lock_path, wait_seconds,
				    wait_seconds == 1 ? "" : "s");
	return ar_error_set(err, AR_ERR_TEMPFAIL,
			    "another accessreview is running "
			    "(lock '%s' is held); try again later",
			    lock_path);
}

enum ar_rc database_lock(const char *path, int wait_seconds, int *lock,
			 struct ar_error *err)
{
	size_t size = strlen(path) + 6;
	char *lock_path = ar_malloc(size);
	enum ar_rc rc = AR_OK;
	int fd;

	snprintf(lock_path, size, "%s.lock", path);
	fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600);
	if (fd < 0 && errno == ELOOP) {
		rc = ar_error_set(err, AR_ERR_CONFIG,
				  "lock file '%s' is a symbolic link: remove "
				  "it", lock_path);
	} else if (fd < 0) {
		rc = ar_error_errno(err, AR_ERR_CANTCREATE, errno,
				    "cannot open lock file '%s'", lock_path);
	} else if ((rc = store_check_descriptor(fd, lock_path, err)) !=
		   AR_OK) {
		close(fd);
		fd = -1;
	} else if (lock_within(fd, wait_seconds) != 0) {
		rc = lock_held(lock_path, wait_seconds, err);
		close(fd);
		fd = -1;
	}
	*lock = fd;
	free(lock_path);
	return rc;
}

void database_unlock(int lock)
{
	if (lock >= 0)
		close(lock);
}
