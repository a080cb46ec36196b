/* remind.c -- "accessreview campaign remind": one message per reviewer */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "accessreview/reminders.h"
#include "cli.h"

struct remind_args {
	const char *output;
	int sendmail;
	struct cli_time now;
};

static const struct cli_option remind_options[] = {
	CLI_OPTION(CLI_STRING, 'o', "output", "DIR", struct remind_args,
		   output, "write DIR/REVIEWER.eml, one message each"),
	CLI_OPTION(CLI_FLAG, 0, "sendmail", NULL, struct remind_args,
		   sendmail, "pipe each message to [mail] sendmail -t -oi"),
	CLI_OPTION(CLI_TIME, 0, "now", "TIMESTAMP", struct remind_args, now,
		   "the messages' date and the days to the due date"),
	CLI_OPTIONS_END,
};

static enum ar_rc parse_request(struct cli_context *context,
				const struct remind_args *options,
				struct reminders_request *request,
				struct ar_error *err)
{
	const char *id = context->operands[0];
	char *end = NULL;

	errno = 0;
	request->campaign_id = strtoll(id, &end, 10);
	if (*id == '\0' || *end != '\0' || errno != 0 ||
	    request->campaign_id <= 0)
		return ar_error_set(err, AR_ERR_USAGE,
				    "campaign remind: '%s' is not a campaign "
				    "id", id);
	if ((options->output != NULL) == (options->sendmail != 0))
		return ar_error_set(err, AR_ERR_USAGE,
				    "campaign remind: give either -o DIR or "
				    "--sendmail");
	request->delivery = options->output ? REMINDERS_TO_FILES
					    : REMINDERS_TO_SENDMAIL;
	request->directory = options->output;
	request->sendmail = context->config->mail_sendmail;
	request->from = context->config->mail_from;
	request->now = cli_now(&options->now);
	request->actor = cli_actor();
	return AR_OK;
}

static void print_result(const struct reminders_request *request,
			 const struct reminders_result *result)
{
	const char *plural = result->reminded == 1 ? "" : "s";

	if (request->delivery == REMINDERS_TO_FILES)
		printf("%ld reminder%s written to %s (from %s)\n",
		       result->reminded, plural, request->directory,
		       result->from);
	else
		printf("%ld reminder%s sent with %s (from %s)\n",
		       result->reminded, plural,
		       request->sendmail ? request->sendmail
					 : REMINDERS_SENDMAIL,
		       result->from);
	if (result->done > 0)
		printf("%ld reviewer%s with nothing left to decide: no "
		       "reminder\n", result->done,
		       result->done == 1 ? "" : "s");
}

static enum ar_rc run_remind(struct cli_context *context, void *args,
			     struct ar_error *err)
{
	struct reminders_request request = { 0 };
	struct reminders_result result = { 0 };
	enum ar_rc rc;

	rc = parse_request(context, args, &request, err);
	if (rc != AR_OK)
		return rc;
	rc = reminders_deliver(context->store, &request, &result, err);
	/* after a failure of some reviewers, the others' are reported */
	if (rc == AR_OK || result.reminded > 0 || result.failed > 0)
		print_result(&request, &result);
	return rc;
}

const struct cli_command cli_campaign_remind_command = {
	"campaign remind", "campaign remind ID -o DIR | --sendmail",
	"Remind each reviewer of campaign ID who has items left to decide:\n"
	"one mail message with the counts (no accounts), the due date and\n"
	"the worksheet's name, written to DIR/REVIEWER.eml or piped to\n"
	"sendmail.  Each reminder is logged; campaign status shows the last.",
	remind_options, sizeof(struct remind_args), 1, 1, CLI_NEEDS_DATABASE,
	run_remind,
};
