/* evidence_int.h -- the bundle's directory, files and MANIFEST, shared */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_EVIDENCE_INT_H
#define ACCESSREVIEW_EVIDENCE_INT_H

#include <stddef.h>

#include "accessreview/buf.h"
#include "accessreview/error.h"
#include "accessreview/hash.h"
#include "accessreview/store.h"

/* Files are 0640: evidence holds personal data. */
#define BUNDLE_FILE_MODE 0640

/* A bundle being written: everything goes to a staging directory beside
 * the final one, renamed into place only when complete. */
struct bundle {
	char *directory;             /* the final name */
	char *staging;               /* DIR.partial-XXXXXX */
};

enum ar_rc bundle_begin(struct bundle *bundle, const char *directory,
			struct ar_error *err);
/* The path of name (which may hold one '/') inside the staging dir. */
char *bundle_path(const struct bundle *bundle, const char *name);
enum ar_rc bundle_write(struct bundle *bundle, const char *name,
			const void *data, size_t length, struct ar_error *err);
/* JSON (taken over) pretty-printed with sorted keys, one newline. */
struct json_t;
enum ar_rc bundle_write_json(struct bundle *bundle, const char *name,
			     struct json_t *value, struct ar_error *err);
/* Rename the staging directory to its final name. */
enum ar_rc bundle_commit(struct bundle *bundle, struct ar_error *err);
/* Remove the staging directory and what it holds. */
void bundle_abort(struct bundle *bundle);

/* Every regular file below directory (relative names, sorted), but the
 * MANIFEST and its signature; AR_ERR_DATA for anything else there (a
 * link, a device). */
enum ar_rc bundle_list_files(const char *directory, char ***names,
			     size_t *count, struct ar_error *err);
void bundle_free_names(char **names, size_t count);

/* The MANIFEST text ("SHA256  NAME" lines, sha256sum's format) of the
 * named files of directory. */
enum ar_rc bundle_manifest(const char *directory, char **names, size_t count,
			   struct ar_buf *manifest, struct ar_error *err);

/* A whole file into out (at most max bytes); AR_ERR_NOINPUT, or
 * AR_ERR_DATA when bigger. */
enum ar_rc bundle_read_file(const char *path, size_t max, struct ar_buf *out,
			    struct ar_error *err);

/* Each row of a query as a JSON object of its columns (text or null),
 * appended to array. */
enum ar_rc bundle_rows_json(struct store *store, enum store_query_id query,
			    const struct store_param *params, size_t count,
			    struct json_t *array, struct ar_error *err);

/* controls.xml and controls.html (src/evidence/controls.c). */
enum ar_rc evidence_write_controls(struct bundle *bundle,
				   struct ar_error *err);

#endif
