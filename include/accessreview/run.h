/* run.h -- the cron job: collect a snapshot and write its reports */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_RUN_H
#define ACCESSREVIEW_RUN_H

#include "accessreview/collect.h"
#include "accessreview/error.h"
#include "accessreview/prune.h"
#include "accessreview/review.h"

struct store;

struct run_request {
	const struct collect_plan *plan;
	struct collect_options collect;
	const char *reports;          /* directory of the report files */
	enum severity fail_on;
};

struct run_result {
	struct collect_result collect;
	char *xml_path;               /* owned; run_result_release */
	char *html_path;
	long long failing;            /* findings at or above fail_on */
	long long accounts;           /* of the new snapshot */
	long long findings;           /* of the new snapshot, every severity */
};

/*
 * Collect a new snapshot and write REPORTS/access-review-PERIOD.xml and
 * .html, where PERIOD is the quarter of the collect's time.  The reports
 * are written and checked before the snapshot is committed, and named
 * only after: a full disk fails the run with nothing committed, so the
 * next run still reports today's new access as new.
 */
enum ar_rc report_run(struct store *store, const struct run_request *request,
		      struct run_result *result, struct ar_error *err);
void run_result_release(struct run_result *result);

/*
 * Retention (prune.h), with the report files `run` wrote: a quarter's
 * REPORTS/access-review-PERIOD.xml and .html go when one of that
 * quarter's snapshots is pruned and no snapshot taken in the quarter is
 * kept.  While any snapshot of the quarter stays, its files stay (they
 * show the quarter's last run, which may have been a pruned snapshot).
 * Only those two names are ever removed: worksheets, revocation lists
 * and reports written with -o are the operator's.  The files are named
 * in the audit event and removed once the prune is committed; a dry run
 * only lists them.
 */
struct report_prune_result {
	struct prune_plan plan;
	char **files;                 /* paths removed, or that would be */
	size_t file_count;
	int committed;                /* the snapshots are gone */
};

/*
 * Prune, remove the files, VACUUM.  Errors of prune_begin and
 * prune_commit leave everything as it was; a file that cannot be removed
 * (AR_ERR_CANTCREATE) or a VACUUM that fails comes after the commit, with
 * result filled: the snapshots are gone.
 */
enum ar_rc report_prune(struct store *store,
			const struct prune_request *request,
			const char *reports, struct report_prune_result *result,
			struct ar_error *err);
void report_prune_result_release(struct report_prune_result *result);

#endif
