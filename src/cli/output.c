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

/*
 * A report is written to "NAME.tmpXXXXXX" beside its final name, synced,
 * and renamed over NAME only when complete: a kill or a full disk never
 * leaves a truncated file under the final name.  "-" is standard output.
 */

static enum ar_rc cant_create(const char *doing, const char *path,
			      struct ar_error *err)
{
	return ar_error_set(err, AR_ERR_CANTCREATE, "cannot %s '%s': %s", doing,
			    path, strerror(errno));
}

enum ar_rc cli_output_open(const char *path, struct cli_output *out,
			   struct ar_error *err)
{
	struct stat info;
	size_t temp_size;
	int fd;

	memset(out, 0, sizeof(*out));
	if (strcmp(path, "-") == 0) {
		out->file = stdout;
		out->path = ar_strdup(path);
		return AR_OK;
	}
	/* never write through a symlink planted at the final name */
	if (lstat(path, &info) == 0 && S_ISLNK(info.st_mode))
		return ar_error_set(err, AR_ERR_CANTCREATE,
				    "refusing to write '%s': it is a symbolic "
				    "link", path);
	temp_size = strlen(path) + 16;
	out->temp = ar_malloc(temp_size);
	snprintf(out->temp, temp_size, "%s.tmpXXXXXX", path);
	fd = mkstemp(out->temp);
	if (fd < 0 || (out->file = fdopen(fd, "w")) == NULL) {
		enum ar_rc rc = cant_create("create", path, err);

		if (fd >= 0) {
			close(fd);
			unlink(out->temp);
		}
		free(out->temp);
		out->temp = NULL;
		return rc;
	}
	out->path = ar_strdup(path);
	return AR_OK;
}

int cli_output_write(void *context, const char *data, size_t length)
{
	struct cli_output *out = context;

	if (length && fwrite(data, 1, length, out->file) != length)
		out->failed = errno ? errno : EIO;
	return out->failed ? -1 : 0;
}

static void release(struct cli_output *out)
{
	free(out->temp);
	free(out->path);
	memset(out, 0, sizeof(*out));
}

void cli_output_abort(struct cli_output *out)
{
	if (out->file != NULL && out->file != stdout) {
		fclose(out->file);
		unlink(out->temp);
	}
	release(out);
}

enum ar_rc cli_output_commit(struct cli_output *out, int mode,
			     struct ar_error *err)
{
	enum ar_rc rc = AR_OK;

	if (fflush(out->file) != 0 && !out->failed)
		out->failed = errno;
	if (out->failed) {
		errno = out->failed;
		rc = cant_create("write", out->path, err);
	}
	if (out->file == stdout) {
		release(out);
		return rc;
	}
	if (rc == AR_OK && fchmod(fileno(out->file), (mode_t)mode) != 0)
		rc = cant_create("set the mode of", out->path, err);
	if (rc == AR_OK && fsync(fileno(out->file)) != 0)
		rc = cant_create("sync", out->path, err);
	if (fclose(out->file) != 0 && rc == AR_OK)
		rc = cant_create("close", out->path, err);
	out->file = NULL;
	if (rc == AR_OK && rename(out->temp, out->path) != 0)
		rc = cant_create("rename into", out->path, err);
	if (rc != AR_OK && out->temp != NULL)
		unlink(out->temp);
	release(out);
	return rc;
}

enum ar_rc cli_write_file(const char *path, const char *data, size_t length,
			  int mode, struct ar_error *err)
{
	struct cli_output out;
	enum ar_rc rc = cli_output_open(path, &out, err);

	if (rc != AR_OK)
		return rc;
	cli_output_write(&out, data, length);
	return cli_output_commit(&out, mode, err);
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
			rc = cant_create("create directory", copy, err);
		*p = '/';
	}
	if (rc == AR_OK && mkdir(copy, 0750) != 0 && errno != EEXIST)
		rc = cant_create("create directory", copy, err);
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
