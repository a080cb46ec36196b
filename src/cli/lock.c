/* lock.c -- one writer at a time: an flock(2) on DATABASE.lock */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "accessreview/mem.h"
#include "cli.h"

/*
 * The kernel drops an flock when the process dies, however it dies, so a
 * crashed run never leaves a stale lock behind (unlike a pid file).
 */
enum ar_rc cli_take_lock(const char *database, int wait, int *fd_out,
			 struct ar_error *err)
{
	size_t size = strlen(database) + 6;
	char *path = ar_malloc(size);
	enum ar_rc rc = AR_OK;
	int fd;

	snprintf(path, size, "%s.lock", database);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		rc = ar_error_set(err, AR_ERR_CANTCREATE,
				  "cannot open lock file '%s': %s", path,
				  strerror(errno));
	} else if (flock(fd, wait ? LOCK_EX : LOCK_EX | LOCK_NB) != 0) {
		rc = ar_error_set(err, AR_ERR_TEMPFAIL,
				  "another accessreview is running "
				  "(lock '%s' is held); try again later",
				  path);
		close(fd);
		fd = -1;
	}
	*fd_out = fd;
	free(path);
	return rc;
}

void cli_release_lock(int fd)
{
	if (fd >= 0)
		close(fd);
}
