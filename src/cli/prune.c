/* prune.c -- "accessreview prune": retention of old snapshots */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "accessreview/run.h"
#include "cli.h"

struct prune_args {
	struct cli_count keep;
	struct cli_count older_than;
	int dry_run;
	struct cli_time now;
};

static const struct cli_option prune_options[] = {
	CLI_OPTION(CLI_COUNT, 0, "keep", "N", struct prune_args, keep,
		   "closed campaigns whose snapshots stay (default 8)"),
	CLI_OPTION(CLI_COUNT, 0, "older-than", "DAYS", struct prune_args,
		   older_than, "only snapshots taken more than DAYS days ago"),
	CLI_OPTION(CLI_FLAG, 'n', "dry-run", NULL, struct prune_args, dry_run,
		   "print what would go, change nothing"),
	CLI_OPTION(CLI_TIME, 0, "now", "TIMESTAMP", struct prune_args, now,
		   "the time ages count from (tests)"),
	CLI_OPTIONS_END,
};

static void print_kept(const struct prune_plan *plan,
		       const struct prune_policy *policy)
{
	char why[256];

	for (size_t i = plan->snapshot_count; i-- > 0;) {
		const struct prune_snapshot *snapshot = &plan->snapshots[i];

		if (snapshot->keep == 0)
			continue;
		prune_describe_keep(snapshot, policy, why, sizeof(why));
		printf("kept snapshot %lld (%s): %s\n", snapshot->id,
		       snapshot->taken_at, why);
	}
}

static void print_pruned(const struct prune_plan *plan)
{
	const char *separator = ": ";

	printf("%s %zu snapshot%s", plan->dry_run ? "would prune" : "pruned",
	       plan->pruned,
	       plan->pruned == 1 ? "" : "s");
	for (size_t i = 0; i < plan->snapshot_count; i++) {
		if (plan->snapshots[i].keep != 0)
			continue;
		printf("%s%lld", separator, plan->snapshots[i].id);
		separator = ", ";
	}
	printf("\n%s", plan->dry_run ? "would remove" : "removed");
	for (size_t table = 0; table < PRUNE_TABLE_COUNT; table++)
		printf("%s %lld %s", table == 0 ? "" : ",", plan->rows[table],
		       prune_table_name((enum prune_table)table));
	printf("\n");
}

static void print_result(const struct report_prune_result *result,
			 const struct prune_policy *policy)
{
	const struct prune_plan *plan = &result->plan;
	const char *verb = plan->dry_run ? "would remove" : "removed";
	struct ar_buf scratch = AR_BUF_INIT;

	print_kept(plan, policy);
	if (plan->pruned == 0) {
		printf("nothing to prune: %zu snapshot%s, all kept\n",
		       plan->snapshot_count,
		       plan->snapshot_count == 1 ? "" : "s");
		return;
	}
	print_pruned(plan);
	for (size_t i = 0; i < result->file_count; i++)
		printf("%s %s\n", verb, cli_printable(&scratch,
						      result->files[i]));
	ar_buf_release(&scratch);
	if (plan->dry_run) {
		printf("dry run: nothing changed\n");
		return;
	}
	printf("database %lld -> %lld bytes (%lld freed)\naudit head %s\n",
	       plan->bytes_before, plan->bytes_after,
	       plan->bytes_before - plan->bytes_after, plan->head);
}

static enum ar_rc run_prune(struct cli_context *context, void *args,
			    struct ar_error *err)
{
	struct prune_args *prune = args;
	struct prune_request request = { 0 };
	struct report_prune_result result;
	enum ar_rc rc;

	request.policy.keep_campaigns = context->config->keep_campaigns;
	if (prune->keep.given)
		request.policy.keep_campaigns = prune->keep.value;
	request.policy.older_than_days =
		prune->older_than.given ? prune->older_than.value : -1;
	request.policy.now = cli_now(&prune->now);
	request.dry_run = prune->dry_run;
	request.actor = cli_actor();
	rc = report_prune(context->store, &request, context->config->reports,
			  &result, err);
	/* after the commit, a file left or a failed VACUUM is an error
	 * but what was pruned is said first */
	if (rc == AR_OK || result.committed)
		print_result(&result, &request.policy);
	report_prune_result_release(&result);
	return rc;
}

const struct cli_command cli_prune_command = {
	"prune", "prune [--keep N] [--older-than DAYS] [--dry-run] "
	"[--now TIMESTAMP]",
	"Delete old snapshots with every row they hold, and the quarterly\n"
	"reports of quarters none of whose snapshots is kept; then VACUUM.\n"
	"Kept: the latest snapshot, those of open campaigns and of the last N\n"
	"closed ones, with --older-than those taken within DAYS days, and\n"
	"the snapshot before each of these.  Campaigns and the audit log\n"
	"stay; the prune is logged.",
	prune_options, sizeof(struct prune_args), 0, 0,
	CLI_NEEDS_DATABASE | CLI_TAKES_LOCK, run_prune,
};
