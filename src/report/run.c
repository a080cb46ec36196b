/* run.c -- the cron job: collect a snapshot and write its reports */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accessreview/mem.h"
#include "accessreview/output.h"
#include "accessreview/report.h"
#include "accessreview/run.h"
#include "accessreview/store.h"
#include "report_int.h"

char *report_period_path(const char *reports, const char *period,
			 const char *extension)
{
	size_t size = strlen(reports) + strlen(period) + strlen(extension) +
		      32;
	char *path = ar_malloc(size);

	snprintf(path, size, "%s/access-review-%s.%s", reports, period,
		 extension);
	return path;
}

/* reports/access-review-2026-Q4.xml and .html */
static char *report_path(const char *reports, time_t now,
			 const char *extension)
{
	char period[16];

	report_period_of(now, period);
	return report_period_path(reports, period, extension);
}

static enum ar_rc prepare_reports(struct store *store,
				  const struct run_request *request,
				  struct run_result *result,
				  struct report_files *files,
				  struct ar_error *err)
{
	memset(files, 0, sizeof(*files));
	result->xml_path = report_path(request->reports,
				       request->collect.now, "xml");
	result->html_path = report_path(request->reports,
					request->collect.now, "html");
	files->snapshot_id = result->collect.snapshot_id;
	files->now = request->collect.now;
	files->xml_path = result->xml_path;
	files->html_path = result->html_path;
	return report_prepare_files(store, files, err);
}

static enum ar_rc totals_row(void *context, const struct store_row *row,
			     struct ar_error *err)
{
	struct run_result *result = context;

	(void)err;
	result->accounts = store_row_int(row, "accounts", 0);
	result->findings = store_row_int(row, "findings", 0);
	return AR_OK;
}

/* What the one-line summary of `run --quiet` tells, once committed. */
static enum ar_rc count_snapshot(struct store *store,
				 const struct run_request *request,
				 struct run_result *result,
				 struct ar_error *err)
{
	struct store_param params[1] = {
		STORE_INT(PARAM_SNAPSHOT, result->collect.snapshot_id)
	};
	enum ar_rc rc;

	rc = store_query(store, QUERY_REPORT_TOTALS, params, 1, totals_row,
			 result, err);
	if (rc == AR_OK)
		rc = review_count_at_or_above(store,
					      result->collect.snapshot_id,
					      request->fail_on,
					      &result->failing, err);
	return rc;
}

enum ar_rc report_run(struct store *store, const struct run_request *request,
		      struct run_result *result, struct ar_error *err)
{
	struct report_files files;
	enum ar_rc rc;

	memset(result, 0, sizeof(*result));
	rc = output_make_directory(request->reports, err);
	if (rc == AR_OK)
		rc = collect_prepare(store, request->plan, &request->collect,
				     &result->collect, err);
	if (rc != AR_OK)
		return rc;
	rc = prepare_reports(store, request, result, &files, err);
	if (rc == AR_OK)
		rc = collect_commit(store, err);
	else
		collect_abort(store);
	if (rc == AR_OK)
		rc = report_publish_files(&files, err);
	else
		report_discard_files(&files);
	if (rc == AR_OK)
		rc = count_snapshot(store, request, result, err);
	return rc;
}

void run_result_release(struct run_result *result)
{
	free(result->xml_path);
	free(result->html_path);
	result->xml_path = NULL;
	result->html_path = NULL;
}
