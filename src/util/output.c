/* output.c -- output files written whole or not at all: temporary, rename */
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
#include "accessreview/output.h"

static enum ar_rc cant_create(const char *doing, const char *path,
			      struct ar_error *err)
{
	return ar_error_errno(err, AR_ERR_CANTCREATE, errno, "cannot %s '%s'",
			      doing, path);
}

/* An existing FIFO or device is written in place: replacing /dev/null
 * with a regular file would break the machine. */
static enum ar_rc open_direct(const char *path, struct output_file *out,
			      struct ar_error *err)
{
	int fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	struct stat info;

	if (fd < 0)
		return cant_create("open", path, err);
	/* a FIFO opened at once has a reader: block on writes from now */
	if (fstat(fd, &info) != 0 || S_ISREG(info.st_mode) ||
	    S_ISDIR(info.st_mode) ||
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0 ||
	    (out->file = fdopen(fd, "w")) == NULL) {
		close(fd);
		return ar_error_set(err, AR_ERR_CANTCREATE,
				    "cannot write '%s': changed while opened",
				    path);
	}
	out->path = ar_strdup(path);
	out->direct = 1;
	return AR_OK;
}

static enum ar_rc open_temporary(const char *path, struct output_file *out,
				 struct ar_error *err)
{
	size_t temp_size = strlen(path) + 16;
	enum ar_rc rc;
	int fd;

	out->temp = ar_malloc(temp_size);
	snprintf(out->temp, temp_size, "%s.tmpXXXXXX", path);
	fd = mkostemp(out->temp, O_CLOEXEC);
	if (fd >= 0 && (out->file = fdopen(fd, "w")) != NULL) {
		out->path = ar_strdup(path);
		return AR_OK;
	}
	rc = cant_create("create", path, err);
	if (fd >= 0) {
		close(fd);
		unlink(out->temp);
	}
	free(out->temp);
	out->temp = NULL;
	return rc;
}

enum ar_rc output_open(const char *path, struct output_file *out,
		       struct ar_error *err)
{
	struct stat info;

	memset(out, 0, sizeof(*out));
	if (strcmp(path, "-") == 0) {
		out->file = stdout;
		out->path = ar_strdup(path);
		out->direct = 1;
		return AR_OK;
	}
	if (lstat(path, &info) == 0) {
		/* never write through a symlink planted at the final name */
		if (S_ISLNK(info.st_mode))
			return ar_error_set(err, AR_ERR_CANTCREATE,
					    "refusing to write '%s': it is a "
					    "symbolic link", path);
		if (S_ISDIR(info.st_mode))
			return ar_error_set(err, AR_ERR_CANTCREATE,
					    "cannot write '%s': it is a "
					    "directory", path);
		if (!S_ISREG(info.st_mode))
			return open_direct(path, out, err);
	}
	return open_temporary(path, out, err);
}

int output_write(void *context, const char *data, size_t length)
{
	struct output_file *out = context;

	if (length && fwrite(data, 1, length, out->file) != length)
		out->failed = errno ? errno : EIO;
	return out->failed ? -1 : 0;
}

static void release(struct output_file *out)
{
	free(out->temp);
	free(out->path);
	memset(out, 0, sizeof(*out));
}

void output_abort(struct output_file *out)
{
	if (out->file != NULL && out->file != stdout)
		fclose(out->file);
	if (out->temp != NULL)
		unlink(out->temp);
	release(out);
}

enum ar_rc output_finish(struct output_file *out, int mode,
			 struct ar_error *err)
{
	enum ar_rc rc = AR_OK;

	if (out->file == NULL)
		return AR_OK;
	if (fflush(out->file) != 0 && !out->failed)
		out->failed = errno;
	if (out->failed) {
		errno = out->failed;
		rc = cant_create("write", out->path, err);
	}
	if (out->file == stdout) {
		out->file = NULL;
		return rc;
	}
	if (rc == AR_OK && !out->direct &&
	    fchmod(fileno(out->file), (mode_t)mode) != 0)
		rc = cant_create("set the mode of", out->path, err);
	if (rc == AR_OK && !out->direct && fsync(fileno(out->file)) != 0)
		rc = cant_create("sync", out->path, err);
	if (fclose(out->file) != 0 && rc == AR_OK)
		rc = cant_create("close", out->path, err);
	out->file = NULL;
	return rc;
}

enum ar_rc output_publish(struct output_file *out, struct ar_error *err)
{
	enum ar_rc rc = AR_OK;

	if (out->temp != NULL && rename(out->temp, out->path) != 0) {
		rc = cant_create("rename into", out->path, err);
		unlink(out->temp);
	}
	release(out);
	return rc;
}

enum ar_rc output_commit(struct output_file *out, int mode,
			 struct ar_error *err)
{
	enum ar_rc rc = output_finish(out, mode, err);

	if (rc != AR_OK) {
		output_abort(out);
		return rc;
	}
	return output_publish(out, err);
}

enum ar_rc output_write_file(const char *path, const void *data,
			     size_t length, int mode, struct ar_error *err)
{
	struct output_file out;
	enum ar_rc rc = output_open(path, &out, err);

	if (rc != AR_OK)
		return rc;
	output_write(&out, data, length);
	return output_commit(&out, mode, err);
}

enum ar_rc output_make_directory(const char *path, struct ar_error *err)
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

enum ar_rc output_make_directory_of(const char *path, struct ar_error *err)
{
	char *copy = ar_strdup(path);
	enum ar_rc rc = output_make_directory(dirname(copy), err);

	free(copy);
	return rc;
}

char *output_path(const char *directory, const char *name,
		  const char *extension)
{
	size_t size;
	char *path;

	if (extension == NULL)
		extension = "";
	size = strlen(directory) + strlen(name) + strlen(extension) + 2;
	path = ar_malloc(size);
	snprintf(path, size, "%s/%s%s", directory, name, extension);
	return path;
}
