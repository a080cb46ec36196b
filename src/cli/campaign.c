/* campaign.c -- "accessreview campaign open|status|close" */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "accessreview/campaign.h"
#include "accessreview/revocations.h"
#include "cli.h"

/* ---- campaign open ---- */

struct open_args {
	const char *event;
	struct cli_list systems;
	const char *due;
	long long snapshot;
	int reopen;
	struct cli_time now;
};

static const struct cli_option open_options[] = {
	CLI_OPTION(CLI_STRING, 0, "event", "REASON", struct open_args, event,
		   "an event campaign (after an incident), not a quarter"),
	CLI_OPTION(CLI_LIST, 0, "system", "NAME", struct open_args, systems,
		   "with --event: review only this system (repeatable)"),
	CLI_OPTION(CLI_STRING, 0, "due", "YYYY-MM-DD", struct open_args, due,
		   "due date (default: 30 days, events 14 days)"),
	CLI_OPTION(CLI_ID, 0, "snapshot", "ID", struct open_args, snapshot,
		   "freeze this snapshot instead of the latest"),
	CLI_OPTION(CLI_FLAG, 0, "reopen", NULL, struct open_args, reopen,
		   "review a period again whose campaign is closed"),
	CLI_OPTION(CLI_TIME, 0, "now", "TIMESTAMP", struct open_args, now,
		   "the opening time (tests, replays)"),
	CLI_OPTIONS_END,
};

static enum ar_rc run_open(struct cli_context *context, void *args,
			   struct ar_error *err)
{
	struct open_args *open = args;
	struct campaign_settings settings = {
		&context->config->collect, context->config->fallback_reviewer,
	};
	struct campaign_request request = { 0 };
	struct campaign_opened opened;
	enum ar_rc rc;

	if (open->event == NULL && context->operand_count != 1)
		return ar_error_set(err, AR_ERR_USAGE,
				    "campaign open: give a PERIOD (2026-Q4) "
				    "or --event \"REASON\"");
	if (open->event != NULL && context->operand_count != 0)
		return ar_error_set(err, AR_ERR_USAGE,
				    "campaign open: --event takes no PERIOD");
	request.period = open->event ? NULL : context->operands[0];
	request.reason = open->event;
	request.systems = (char *const *)open->systems.items;
	request.system_count = open->systems.count;
	request.due = open->due;
	request.snapshot_id = open->snapshot;
	request.reopen = open->reopen;
	request.now = cli_now(&open->now);
	request.actor = cli_actor();
	rc = campaign_open(context->store, &settings, &request, &opened, err);
	if (rc != AR_OK)
		return rc;
	printf("campaign %lld opened on snapshot %lld: %ld items (%ld "
	       "privileged grants) for %ld reviewers, due %s\n",
	       opened.campaign_id, opened.snapshot_id, opened.items,
	       opened.grants, opened.reviewers, opened.due);
	if (opened.fallback > 0)
		printf("%ld items go to the fallback reviewer (own accounts "
		       "of their reviewer)\n", opened.fallback);
	if (opened.context > 0)
		printf("%ld inactive accounts listed as context\n",
		       opened.context);
	return AR_OK;
}

const struct cli_command cli_campaign_open_command = {
	"campaign open",
	"campaign open PERIOD | --event REASON [--system NAME ...] "
	"[--due DATE] [--snapshot ID] [--reopen]",
	"Freeze a snapshot (the latest by default) into review items: one per\n"
	"active account of each system, one per privileged grant.  PERIOD is\n"
	"YYYY-Qn; one campaign per period unless the first is closed and\n"
	"--reopen is given.",
	open_options, sizeof(struct open_args), 0, 1, CLI_NEEDS_DATABASE,
	run_open,
};

/* ---- campaign status ---- */

struct status_args {
	const char *format;
	struct cli_time now;
};

static const struct cli_option status_options[] = {
	CLI_OPTION(CLI_CHOICE, 0, "format", "text|json", struct status_args,
		   format, "output format (default text)"),
	CLI_OPTION(CLI_TIME, 0, "now", "TIMESTAMP", struct status_args, now,
		   "count days to the due date from this time"),
	CLI_OPTIONS_END,
};

static void print_status_text(const struct campaign_status *status)
{
	struct ar_buf scratch = AR_BUF_INIT;

	printf("campaign %lld (%s %s) %s, snapshot %lld, due %s", status->id,
	       status->kind,
	       cli_printable(&scratch, status->period ? status->period
						      : status->reason),
	       status->state, status->snapshot_id, status->due);
	if (strcmp(status->state, "open") == 0)
		printf(status->days_to_due >= 0 ? " (%ld days left)"
						: " (%ld days overdue)",
		       labs(status->days_to_due));
	printf("\n%ld of %ld items decided, %ld privileged undecided, %ld "
	       "context\n\n", status->decided, status->items,
	       status->undecided_privileged, status->context);
	printf("%-36s %-16s %8s %8s %10s  %s\n", "REVIEWER", "ROLE",
	       "DECIDED", "ITEMS", "PRIV-OPEN", "REMINDED");
	for (size_t i = 0; i < status->reviewer_count; i++) {
		const struct campaign_reviewer *reviewer = &status->reviewers[i];
		const char *reminded = reviewer->reminded_at
					       ? reviewer->reminded_at : "-";

		printf("%-36s %-16s %8ld %8ld %10ld  %s",
		       cli_printable(&scratch, reviewer->reviewer),
		       reviewer->roles, reviewer->decided, reviewer->items,
		       reviewer->undecided_privileged, reminded);
		if (campaign_reviewer_is_overdue(status, reviewer))
			printf("%*s  OVERDUE", (int)(20 - strlen(reminded)),
			       "");
		putchar('\n');
	}
	ar_buf_release(&scratch);
}

static json_t *status_json(const struct campaign_status *status)
{
	json_t *reviewers = json_array();

	for (size_t i = 0; i < status->reviewer_count; i++) {
		const struct campaign_reviewer *reviewer = &status->reviewers[i];

		json_array_append_new(
			reviewers,
			json_pack("{s:s, s:s, s:i, s:i, s:i, s:b, s:s?}",
				  "reviewer", reviewer->reviewer, "roles",
				  reviewer->roles, "decided",
				  (int)reviewer->decided, "items",
				  (int)reviewer->items, "undecided_privileged",
				  (int)reviewer->undecided_privileged,
				  "overdue",
				  campaign_reviewer_is_overdue(status,
							       reviewer),
				  "reminded_at", reviewer->reminded_at));
	}
	return json_pack("{s:I, s:s, s:s?, s:s?, s:s, s:I, s:s, s:s, s:s?, "
			 "s:i, s:i, s:i, s:i, s:i, s:o}",
			 "campaign", (json_int_t)status->id, "kind",
			 status->kind, "period", status->period, "reason",
			 status->reason, "state", status->state, "snapshot",
			 (json_int_t)status->snapshot_id, "opened_at",
			 status->opened_at, "due", status->due, "closed_at",
			 status->closed_at, "days_to_due",
			 (int)status->days_to_due, "items", (int)status->items,
			 "decided", (int)status->decided,
			 "undecided_privileged",
			 (int)status->undecided_privileged, "context",
			 (int)status->context, "reviewers", reviewers);
}

static enum ar_rc run_status(struct cli_context *context, void *args,
			     struct ar_error *err)
{
	struct status_args *options = args;
	struct campaign_status status;
	long long id;
	enum ar_rc rc;

	rc = cli_campaign_id(context, "campaign status", &id, err);
	if (rc == AR_OK)
		rc = campaign_status(context->store, id, cli_now(&options->now),
				     &status, err);
	if (rc != AR_OK)
		return rc;
	if (options->format && strcmp(options->format, "json") == 0) {
		json_t *root = status_json(&status);

		json_dumpf(root, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(root);
	} else {
		print_status_text(&status);
	}
	campaign_status_release(&status);
	return AR_OK;
}

const struct cli_command cli_campaign_status_command = {
	"campaign status", "campaign status [ID] [--format text|json]",
	"Per reviewer: items decided and assigned, privileged items still\n"
	"undecided, and who is overdue; the latest campaign by default.",
	status_options, sizeof(struct status_args), 0, 1,
	CLI_NEEDS_DATABASE | CLI_READ_ONLY, run_status,
};

/* ---- campaign close ---- */

struct close_args {
	int force;
	const char *reason;
	struct cli_time now;
};

static const struct cli_option close_options[] = {
	CLI_OPTION(CLI_FLAG, 0, "force", NULL, struct close_args, force,
		   "close with undecided items (needs --reason)"),
	CLI_OPTION(CLI_STRING, 0, "reason", "TEXT", struct close_args, reason,
		   "why it is closed with undecided items (audit log)"),
	CLI_OPTION(CLI_TIME, 0, "now", "TIMESTAMP", struct close_args, now,
		   "the closing time (tests, replays)"),
	CLI_OPTIONS_END,
};

static enum ar_rc run_close(struct cli_context *context, void *args,
			    struct ar_error *err)
{
	struct close_args *options = args;
	struct campaign_close_request request = { 0 };
	struct campaign_closed closed;
	enum ar_rc rc;

	rc = cli_campaign_id(context, "campaign close", &request.campaign_id,
			       err);
	if (rc != AR_OK)
		return rc;
	if (options->reason && !options->force)
		return ar_error_set(err, AR_ERR_USAGE,
				    "campaign close: --reason goes with "
				    "--force");
	request.force = options->force;
	request.reason = options->reason;
	request.now = cli_now(&options->now);
	request.actor = cli_actor();
	rc = campaign_close(context->store, &request, context->config->reports,
			    &closed, err);
	if (rc == AR_OK) {
		printf("campaign %lld closed: %ld revocations in %s and %s\n",
		       request.campaign_id, closed.revocations,
		       closed.csv_path, closed.json_path);
		if (closed.undecided > 0)
			printf("%ld items recorded as undecided (forced)\n",
			       closed.undecided);
		printf("audit head %s\n", closed.head);
	}
	campaign_closed_release(&closed);
	return rc;
}

const struct cli_command cli_campaign_close_command = {
	"campaign close", "campaign close ID [--force --reason TEXT]",
	"Close a campaign and write revocations.csv and revocations.json\n"
	"into the reports directory.  Refused while items are undecided,\n"
	"unless --force --reason.  Prints the audit log's head hash.",
	close_options, sizeof(struct close_args), 1, 1, CLI_NEEDS_DATABASE,
	run_close,
};
