/* output.c -- write output files atomically: temporary file, then rename */
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
#include "cli.h"

static enum ar_rc write_all(int fd, const char *data, size_t length,
			    const char *path, struct ar_error *err)
{
	while (length > 0) {
		ssize_t written = write(fd, data, length);

		if (written < 0 && errno == EINTR)
			continue;
		if (written < 0)
			return ar_error_set(err, AR_ERR_CANTCREATE,
					    "cannot write '%s': %s", path,
					    strerror(errno));
		data += written;
		length -= (size_t)written;
	}
	return AR_OK;
}

enum ar_rc cli_write_file(const char *path, const char *data, size_t length,
			  int mode, struct ar_error *err)
{
	struct stat info;
	size_t temp_size = strlen(path) + 16;
	char *temp = ar_malloc(temp_size);
	enum ar_rc rc = AR_OK;
	int fd;

	/* never write through a symlink planted at the final name */
	if (lstat(path, &info) == 0 && S_ISLNK(info.st_mode)) {
		rc = ar_error_set(err, AR_ERR_CANTCREATE,
				  "refusing to write '%s': it is a symbolic "
				  "link", path);
		goto out;
	}
	snprintf(temp, temp_size, "%s.tmpXXXXXX", path);
	fd = mkstemp(temp);
	if (fd < 0) {
		rc = ar_error_set(err, AR_ERR_CANTCREATE, "cannot create '%s': %s",
				  path, strerror(errno));
		goto out;
	}
	rc = write_all(fd, data, length, path, err);
	if (rc == AR_OK && fchmod(fd, (mode_t)mode) != 0)
		rc = ar_error_set(err, AR_ERR_CANTCREATE, "cannot chmod '%s': %s",
				  path, strerror(errno));
	if (rc == AR_OK && fsync(fd) != 0)
		rc = ar_error_set(err, AR_ERR_CANTCREATE, "cannot sync '%s': %s",
				  path, strerror(errno));
	if (close(fd) != 0 && rc == AR_OK)
		rc = ar_error_set(err, AR_ERR_CANTCREATE, "cannot close '%s': %s",
				  path, strerror(errno));
	if (rc == AR_OK && rename(temp, path) != 0)
		rc = ar_error_set(err, AR_ERR_CANTCREATE,
				  "cannot rename into '%s': %s", path,
				  strerror(errno));
	if (rc != AR_OK)
		unlink(temp);
out:
	free(temp);
	return rc;
}

enum ar_rc cli_make_directory(const char *path, struct ar_error *err)
{
	char *copy = ar_strdup(path);
	enum ar_rc rc = AR_OK;

	for (char *p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0750) != 0 && errno != EEXIST)
			rc = ar_error_set(err, AR_ERR_CANTCREATE,
					  "cannot create directory '%s': %s",
					  copy, strerror(errno));
		*p = '/';
	}
	if (rc == AR_OK && mkdir(copy, 0750) != 0 && errno != EEXIST)
		rc = ar_error_set(err, AR_ERR_CANTCREATE,
				  "cannot create directory '%s': %s", copy,
				  strerror(errno));
	free(copy);
	return rc;
}

enum ar_rc cli_make_directory_of(const char *path, struct ar_error *err)
{
	char *copy = ar_strdup(path);
	enum ar_rc rc = cli_make_directory(dirname(copy), err);

	free(copy);
	return rc;
}
