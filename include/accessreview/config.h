/* config.h -- the INI configuration file, loaded and validated */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_CONFIG_H
#define ACCESSREVIEW_CONFIG_H

#include <stddef.h>

#include "accessreview/collect.h"
#include "accessreview/error.h"
#include "accessreview/review.h"

/*
 * CONFIGURATION
 *
 * The configuration sits above the library's operations: it reads the
 * INI file and fills the settings each operation defines (the collect's
 * plan, the review's fail-on, ...), so that no operation depends on the
 * file format.  Every key is an entry of one table (config.c), which
 * drives parsing, the "unknown key" suggestions and the man page check.
 */
struct config {
	char *path;
	char *database;
	char *reports;
	enum severity fail_on;
	/* campaigns and decisions */
	char *fallback_reviewer;     /* for accounts of their own reviewer */
	char *allowed_signers;       /* OpenSSH allowed_signers file */
	int require_signatures;      /* refuse unsigned decision files */
	char *secret_key;            /* [evidence]: signs the bundles */
	/* reminders ([mail]) */
	char *mail_from;             /* a bare address; NULL when unset */
	char *mail_sendmail;         /* NULL: REMINDERS_SENDMAIL */
	/* retention: the closed campaigns whose snapshots prune keeps */
	int keep_campaigns;
	struct collect_plan collect;
};

/*
 * Load and validate path.  Relative paths inside are resolved against the
 * directory holding the file.  Errors name "path:line" and are
 * AR_ERR_CONFIG (AR_ERR_NOINPUT when the file is missing).  Free with
 * config_free.
 */
enum ar_rc config_load(const char *path, struct config **out,
		       struct ar_error *err);
void config_free(struct config *config);

/* Which file to load: explicit, else $ACCESSREVIEW_CONFIG, else default. */
const char *config_choose_path(const char *explicit_path);

/*
 * Call fn with the section ("review", "directory", "system") and name of
 * every key the configuration knows ("field." and "attribute." keys end
 * in a '.'), in table order: for documentation checks.
 */
void config_each_key(void (*fn)(void *context, const char *section,
				const char *key),
		     void *context);

#endif
