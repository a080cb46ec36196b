/* files.c -- who may write the database, its side files and its directory */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "accessreview/mem.h"
#include "store_int.h"

/*
 * Another local user who can write the database, or plant one of the
 * files SQLite opens by name next to it (DB-wal, DB-shm, DB-journal),
 * can change findings, read snapshot pages or roll a "hot journal" of
 * their own into the database.  So, as ssh does for its keys, every one
 * of these files that exists must be a regular file owned by us that
 * nobody else can write, and the directory must not let anyone else
 * create or rename files in it.  A sticky directory (/tmp) is accepted
 * when it belongs to us or root: there others can create names but never
 * remove or replace ours, and a file they planted is refused here.
 */
static const char *const side_suffixes[] = { "", "-wal", "-shm", "-journal" };

static enum ar_rc refuse_file(const char *path, const struct stat *status,
			      struct ar_error *err)
{
	return ar_error_set(err, AR_ERR_CONFIG,
			    "database file '%s' must be owned by uid %u and "
			    "not writable by group or others (mode %04o, "
			    "owner %u): %s it, or remove it if you did not "
			    "create it",
			    path, (unsigned int)geteuid(),
			    (unsigned int)(status->st_mode & 07777),
			    (unsigned int)status->st_uid,
			    status->st_uid != geteuid() ? "chown" : "chmod go-w");
}

enum ar_rc store_check_descriptor(int fd, const char *path,
				  struct ar_error *err)
{
	struct stat status;

	if (fstat(fd, &status) != 0)
		return ar_error_errno(err, AR_ERR_CANTCREATE, errno,
				      "cannot check '%s'", path);
	if (!S_ISREG(status.st_mode))
		return ar_error_set(err, AR_ERR_CONFIG,
				    "database file '%s' is not a regular "
				    "file: remove it", path);
	if (status.st_uid != geteuid() || (status.st_mode & 022) != 0)
		return refuse_file(path, &status, err);
	return AR_OK;
}

/* Opened, not stat()ed, so a FIFO cannot block us and the file checked is
 * the file there; absent is fine (SQLite creates it from the database's
 * mode, which init makes 0600). */
static enum ar_rc check_file(const char *path, struct ar_error *err)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK |
				    O_NOCTTY);
	enum ar_rc rc;

	if (fd < 0 && errno == ENOENT)
		return AR_OK;
	if (fd < 0 && errno == ELOOP)
		return ar_error_set(err, AR_ERR_CONFIG,
				    "database file '%s' is a symbolic link: "
				    "remove it", path);
	if (fd < 0)
		return ar_error_errno(err, AR_ERR_CANTCREATE, errno,
				      "cannot check '%s'", path);
	rc = store_check_descriptor(fd, path, err);
	close(fd);
	return rc;
}

static enum ar_rc check_directory(const char *database,
				  struct ar_error *err)
{
	char *copy = ar_strdup(database);
	const char *directory = dirname(copy);
	struct stat status;
	enum ar_rc rc = AR_OK;

	if (stat(directory, &status) != 0) {
		/* a missing directory is the open's error to report */
		free(copy);
		return AR_OK;
	}
	if (status.st_uid != geteuid() && status.st_uid != 0)
		rc = ar_error_set(err, AR_ERR_CONFIG,
				  "the directory '%s' of database '%s' must "
				  "be owned by uid %u or root (owner %u): "
				  "chown it, or move the database",
				  directory, database,
				  (unsigned int)geteuid(),
				  (unsigned int)status.st_uid);
	else if ((status.st_mode & 022) != 0 &&
		 (status.st_mode & S_ISVTX) == 0)
		rc = ar_error_set(err, AR_ERR_CONFIG,
				  "the directory '%s' of database '%s' is "
				  "writable by group or others (mode %04o): "
				  "chmod go-w it, or move the database",
				  directory, database,
				  (unsigned int)(status.st_mode & 07777));
	free(copy);
	return rc;
}

enum ar_rc store_check_files(const char *database, struct ar_error *err)
{
	enum ar_rc rc = check_directory(database, err);
	size_t size = strlen(database) + sizeof("-journal");
	char *path = ar_malloc(size);

	for (size_t i = 0; rc == AR_OK && i < sizeof(side_suffixes) /
						    sizeof(side_suffixes[0]);
	     i++) {
		snprintf(path, size, "%s%s", database, side_suffixes[i]);
		rc = check_file(path, err);
	}
	free(path);
	return rc;
}
