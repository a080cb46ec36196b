/* prune.c -- retention with the report files: prune, remove, VACUUM */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "accessreview/mem.h"
#include "accessreview/report.h"
#include "accessreview/run.h"
#include "report_int.h"

static int period_is_kept(const struct prune_plan *plan, const char *period)
{
	char other[16];

	for (size_t i = 0; i < plan->snapshot_count; i++) {
		if (plan->snapshots[i].keep == 0)
			continue;
		report_period_of(plan->snapshots[i].taken, other);
		if (strcmp(other, period) == 0)
			return 1;
	}
	return 0;
}

static int is_listed(const struct report_prune_result *result,
		     const char *path)
{
	for (size_t i = 0; i < result->file_count; i++)
		if (strcmp(result->files[i], path) == 0)
			return 1;
	return 0;
}

/* Only regular files: a symbolic link or a directory of that name is
 * not a report of ours. */
static void add_if_present(struct report_prune_result *result, char *path)
{
	struct stat status;

	if (lstat(path, &status) != 0 || !S_ISREG(status.st_mode) ||
	    is_listed(result, path)) {
		free(path);
		return;
	}
	result->files = ar_realloc(result->files, (result->file_count + 1) *
							  sizeof(char *));
	result->files[result->file_count++] = path;
}

static void find_files(const char *reports, struct report_prune_result *result)
{
	const struct prune_plan *plan = &result->plan;
	char period[16];

	if (reports == NULL)
		return;
	for (size_t i = 0; i < plan->snapshot_count; i++) {
		if (plan->snapshots[i].keep != 0)
			continue;
		report_period_of(plan->snapshots[i].taken, period);
		if (period_is_kept(plan, period))
			continue;
		add_if_present(result,
			       report_period_path(reports, period, "xml"));
		add_if_present(result,
			       report_period_path(reports, period, "html"));
	}
}

/* What the audit event names: the files' names without the directory. */
static const char **base_names(const struct report_prune_result *result)
{
	const char **names = ar_calloc(result->file_count + 1, sizeof(char *));

	for (size_t i = 0; i < result->file_count; i++) {
		const char *slash = strrchr(result->files[i], '/');

		names[i] = slash ? slash + 1 : result->files[i];
	}
	return names;
}

/* Every file is tried; the first failure is returned.  One already gone
 * is what was wanted. */
static enum ar_rc remove_files(const struct report_prune_result *result,
			       struct ar_error *err)
{
	enum ar_rc rc = AR_OK, failed;

	for (size_t i = 0; i < result->file_count; i++) {
		if (unlink(result->files[i]) == 0 || errno == ENOENT)
			continue;
		failed = ar_error_errno(err, AR_ERR_CANTCREATE, errno,
					"the snapshots were pruned, but "
					"'%s' cannot be removed",
					result->files[i]);
		if (rc == AR_OK)
			rc = failed;
	}
	return rc;
}

enum ar_rc report_prune(struct store *store,
			const struct prune_request *request,
			const char *reports, struct report_prune_result *result,
			struct ar_error *err)
{
	const char **names;
	enum ar_rc rc, vacuumed;

	memset(result, 0, sizeof(*result));
	rc = prune_begin(store, request, &result->plan, err);
	if (rc != AR_OK)
		return rc;
	find_files(reports, result);
	names = base_names(result);
	rc = prune_commit(store, request, &result->plan, names,
			  result->file_count, err);
	free(names);
	if (rc != AR_OK || request->dry_run)
		return rc;
	result->committed = result->plan.pruned > 0;
	rc = remove_files(result, err);
	/* the space is worth having back even if a file stayed */
	vacuumed = prune_vacuum(store, &result->plan, err);
	return rc != AR_OK ? rc : vacuumed;
}

void report_prune_result_release(struct report_prune_result *result)
{
	prune_plan_release(&result->plan);
	for (size_t i = 0; i < result->file_count; i++)
		free(result->files[i]);
	free(result->files);
	result->files = NULL;
	result->file_count = 0;
}
