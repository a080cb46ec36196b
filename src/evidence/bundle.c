/* bundle.c -- a bundle directory written whole or not at all, its MANIFEST */
/* SPDX-License-Identifier: MIT */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "accessreview/evidence.h"
#include "accessreview/mem.h"
#include "accessreview/output.h"
#include "evidence_int.h"

#define BUNDLE_DIRECTORY_MODE 0750

/* The final directory may exist only empty: a bundle is never mixed
 * with older files, which verify would call extra. */
static enum ar_rc check_destination(const char *directory,
				    struct ar_error *err)
{
	DIR *dir = opendir(directory);
	struct dirent *entry;
	int empty = 1;

	if (dir == NULL)
		return errno == ENOENT
			       ? AR_OK
			       : ar_error_errno(err, AR_ERR_CANTCREATE, errno,
						"cannot open '%s'", directory);
	while ((entry = readdir(dir)) != NULL)
		if (strcmp(entry->d_name, ".") && strcmp(entry->d_name, ".."))
			empty = 0;
	closedir(dir);
	if (!empty)
		return ar_error_set(err, AR_ERR_CANTCREATE,
				    "'%s' is not empty: export a bundle into "
				    "a new directory", directory);
	return AR_OK;
}

enum ar_rc bundle_begin(struct bundle *bundle, const char *directory,
			struct ar_error *err)
{
	size_t size = strlen(directory) + 32;
	enum ar_rc rc;

	bundle->directory = ar_strdup(directory);
	bundle->staging = ar_malloc(size);
	snprintf(bundle->staging, size, "%s.partial-XXXXXX", directory);
	rc = check_destination(directory, err);
	if (rc == AR_OK)
		rc = output_make_directory_of(bundle->staging, err);
	if (rc == AR_OK && mkdtemp(bundle->staging) == NULL)
		rc = ar_error_errno(err, AR_ERR_CANTCREATE, errno,
				    "cannot create '%s'", bundle->staging);
	if (rc == AR_OK)
		chmod(bundle->staging, BUNDLE_DIRECTORY_MODE);
	if (rc != AR_OK) {
		free(bundle->staging);
		free(bundle->directory);
		bundle->staging = bundle->directory = NULL;
	}
	return rc;
}

char *bundle_path(const struct bundle *bundle, const char *name)
{
	return output_path(bundle->staging, name, NULL);
}

enum ar_rc bundle_write(struct bundle *bundle, const char *name,
			const void *data, size_t length, struct ar_error *err)
{
	char *path = bundle_path(bundle, name);
	enum ar_rc rc = output_make_directory_of(path, err);

	if (rc == AR_OK)
		rc = output_write_file(path, data, length, BUNDLE_FILE_MODE,
				       err);
	free(path);
	return rc;
}

enum ar_rc bundle_write_json(struct bundle *bundle, const char *name,
			     json_t *value, struct ar_error *err)
{
	char *text = value ? json_dumps(value, JSON_INDENT(2) |
						       JSON_SORT_KEYS)
			   : NULL;
	struct ar_buf data = AR_BUF_INIT;
	enum ar_rc rc;

	json_decref(value);
	if (text == NULL)
		return ar_error_set(err, AR_ERR_INTERNAL, "cannot build %s",
				    name);
	ar_buf_addf(&data, "%s\n", text);
	rc = bundle_write(bundle, name, data.buf, data.len, err);
	ar_buf_release(&data);
	free(text);
	return rc;
}

enum ar_rc bundle_commit(struct bundle *bundle, struct ar_error *err)
{
	enum ar_rc rc = AR_OK;

	/* an empty destination is checked in bundle_begin */
	rmdir(bundle->directory);
	if (rename(bundle->staging, bundle->directory) != 0)
		rc = ar_error_errno(err, AR_ERR_CANTCREATE, errno,
				    "cannot rename '%s' to '%s'",
				    bundle->staging, bundle->directory);
	if (rc != AR_OK)
		bundle_abort(bundle);
	free(bundle->staging);
	free(bundle->directory);
	bundle->staging = bundle->directory = NULL;
	return rc;
}

static int remove_entry(const char *path, const struct stat *status,
			int type, struct FTW *walk)
{
	(void)status;
	(void)type;
	(void)walk;
	return remove(path);
}

void bundle_abort(struct bundle *bundle)
{
	if (bundle->staging != NULL)
		nftw(bundle->staging, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(bundle->staging);
	free(bundle->directory);
	bundle->staging = bundle->directory = NULL;
}

/* ---- listing and the MANIFEST ---- */

struct listing {
	char **names;
	size_t count;
	const char *root;
	int bad;
	char bad_name[512];
};

/* nftw has no context argument: one listing at a time */
static struct listing *current_listing;

static int list_entry(const char *path, const struct stat *status, int type,
		      struct FTW *walk)
{
	struct listing *listing = current_listing;
	const char *name = path + strlen(listing->root) + 1;

	(void)status;
	if (walk->level == 0)
		return 0;
	if (type == FTW_D)
		return 0;
	if (type != FTW_F) {
		listing->bad = 1;
		snprintf(listing->bad_name, sizeof(listing->bad_name), "%s",
			 name);
		return 0;
	}
	if (strcmp(name, EVIDENCE_MANIFEST) == 0 ||
	    strcmp(name, EVIDENCE_SIGNATURE) == 0)
		return 0;
	listing->names = ar_realloc(listing->names, (listing->count + 1) *
							    sizeof(char *));
	listing->names[listing->count++] = ar_strdup(name);
	return 0;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

enum ar_rc bundle_list_files(const char *directory, char ***names,
			     size_t *count, struct ar_error *err)
{
	struct listing listing = { NULL, 0, directory, 0, { 0 } };
	int walked;

	current_listing = &listing;
	walked = nftw(directory, list_entry, 16, FTW_PHYS);
	current_listing = NULL;
	if (walked != 0 || listing.bad) {
		bundle_free_names(listing.names, listing.count);
		return walked != 0
			       ? ar_error_errno(err, AR_ERR_NOINPUT, errno,
						"cannot read '%s'", directory)
			       : ar_error_set(err, AR_ERR_DATA,
					      "%s: '%s' is not a regular file",
					      directory, listing.bad_name);
	}
	qsort(listing.names, listing.count, sizeof(char *), compare_names);
	*names = listing.names;
	*count = listing.count;
	return AR_OK;
}

void bundle_free_names(char **names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
}

enum ar_rc bundle_manifest(const char *directory, char **names, size_t count,
			   struct ar_buf *manifest, struct ar_error *err)
{
	char hex[HASH_HEX_SIZE];
	long long bytes = 0;
	enum ar_rc rc = AR_OK;

	for (size_t i = 0; rc == AR_OK && i < count; i++) {
		char *path = output_path(directory, names[i], NULL);

		rc = hash_file_sha256(path, hex, &bytes, err);
		if (rc == AR_OK)
			ar_buf_addf(manifest, "%s  %s\n", hex, names[i]);
		free(path);
	}
	return rc;
}

enum ar_rc bundle_read_file(const char *path, size_t max, struct ar_buf *out,
			    struct ar_error *err)
{
	char chunk[65536];
	FILE *file = fopen(path, "rb");
	size_t got;

	if (file == NULL)
		return ar_error_errno(err, AR_ERR_NOINPUT, errno,
				      "cannot open '%s'", path);
	while ((got = fread(chunk, 1, sizeof(chunk), file)) > 0) {
		if (out->len + got > max) {
			fclose(file);
			return ar_error_set(err, AR_ERR_DATA,
					    "%s: larger than %zu bytes", path,
					    max);
		}
		ar_buf_add(out, chunk, got);
	}
	fclose(file);
	return AR_OK;
}

/* ---- rows as JSON ---- */

static enum ar_rc row_object(void *context, const struct store_row *row,
			     struct ar_error *err)
{
	json_t *object = json_object();

	(void)err;
	for (int i = 0; i < row->column_count; i++)
		json_object_set_new(object, row->names[i],
				    row->values[i] ? json_string(row->values[i])
						   : json_null());
	json_array_append_new(context, object);
	return AR_OK;
}

enum ar_rc bundle_rows_json(struct store *store, enum store_query_id query,
			    const struct store_param *params, size_t count,
			    json_t *array, struct ar_error *err)
{
	return store_query(store, query, params, count, row_object, array,
			   err);
}
