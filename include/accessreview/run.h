/* run.h -- the cron job: collect a snapshot and write its reports */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_RUN_H
#define ACCESSREVIEW_RUN_H

#include "accessreview/collect.h"
#include "accessreview/error.h"
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

#endif
