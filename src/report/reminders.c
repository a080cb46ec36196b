/* reminders.c -- "campaign remind": each message to a file or sendmail */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "accessreview/mem.h"
#include "accessreview/output.h"
#include "accessreview/process.h"
#include "accessreview/reminders.h"
#include "accessreview/text.h"
#include "accessreview/worksheets.h"

/* sendmail(8)'s EX_TEMPFAIL: the MTA will take the message later */
#define SENDMAIL_TEMPFAIL 75

struct remind_run {
	struct store *store;
	const struct reminders_request *request;
	struct reminders_result *result;
	struct campaign_status campaign;
	const char *sendmail;
	struct output_file *outputs;
	size_t output_count;
	int logged;                  /* rows in the open transaction */
	struct ar_buf failures;      /* "reviewer: why; ..." */
	enum ar_rc failure_code;     /* of the first failure */
};

/* ---- who sends ---- */

static enum ar_rc choose_sender(const struct reminders_request *request,
				char from[256], struct ar_error *err)
{
	char host[200];
	const char *problem;

	if (request->from != NULL) {
		snprintf(from, 256, "%s", request->from);
	} else if (request->delivery == REMINDERS_TO_SENDMAIL) {
		return ar_error_set(err, AR_ERR_CONFIG,
				    "reminders by sendmail need a sender: set "
				    "'from' in the [mail] section of the "
				    "configuration");
	} else {
		/* files are only drafts: a local sender will do */
		if (gethostname(host, sizeof(host)) != 0)
			snprintf(host, sizeof(host), "localhost");
		host[sizeof(host) - 1] = '\0';
		snprintf(from, 256, "accessreview@%s", host);
	}
	problem = text_mail_address_problem(from);
	if (problem != NULL && request->from != NULL)
		return ar_error_set(err, AR_ERR_CONFIG,
				    "[mail] from is not a plain mail "
				    "address: %s", problem);
	if (problem != NULL)
		return ar_error_set(err, AR_ERR_CONFIG,
				    "the default sender '%s' is not a plain "
				    "mail address: %s (set 'from' in the "
				    "[mail] section of the configuration)",
				    from, problem);
	return AR_OK;
}

/* <accessreview.CAMPAIGN.TIME.RANDOM@DOMAIN>: unique without state. */
static void make_message_id(const struct remind_run *run, char *out,
			    size_t size)
{
	unsigned char random[8];
	char hex[2 * sizeof(random) + 1];
	char stamp[32];
	struct tm tm;

	randombytes_buf(random, sizeof(random));
	sodium_bin2hex(hex, sizeof(hex), random, sizeof(random));
	gmtime_r(&run->request->now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	snprintf(out, size, "accessreview.%lld.%s.%s@%s", run->campaign.id,
		 stamp, hex, strchr(run->result->from, '@') + 1);
}

/* ---- failures of one reviewer ---- */

/* The reviewer as the operator can read it: controls shown as \r, \xNN. */
static void add_visible(struct ar_buf *out, const char *text)
{
	for (; *text; text++) {
		unsigned char c = (unsigned char)*text;

		if (c == '\r')
			ar_buf_adds(out, "\\r");
		else if (c == '\n')
			ar_buf_adds(out, "\\n");
		else if (c < 0x20 || c == 0x7f)
			ar_buf_addf(out, "\\x%02x", c);
		else
			ar_buf_addch(out, c);
	}
}

static void record_failure(struct remind_run *run, const char *reviewer,
			   enum ar_rc code, const char *why)
{
	if (run->result->failed++ == 0)
		run->failure_code = code;
	else
		ar_buf_adds(&run->failures, "; ");
	ar_buf_addch(&run->failures, '\'');
	add_visible(&run->failures, reviewer);
	ar_buf_addf(&run->failures, "': %s", why);
}

/* ---- delivery ---- */

static enum ar_rc stage_file(struct remind_run *run, const char *path,
			     const struct ar_buf *message,
			     struct ar_error *err)
{
	struct output_file *out;
	enum ar_rc rc;

	run->outputs = ar_realloc(run->outputs, (run->output_count + 1) *
							sizeof(*run->outputs));
	out = &run->outputs[run->output_count];
	rc = output_open(path, out, err);
	if (rc != AR_OK)
		return rc;
	run->output_count++;
	/* a failed write is remembered in out and reported by finish */
	output_write(out, message->buf, message->len);
	return output_finish(out, REMINDERS_MODE, err);
}

/*
 * Pipe one message to sendmail.  AR_OK with *failed set when sendmail
 * ran and refused (its status named); an error only when it cannot run,
 * which would be so for every reviewer.
 */
static enum ar_rc pipe_to_sendmail(struct remind_run *run,
				   const char *reviewer,
				   const struct ar_buf *message, int *failed,
				   struct ar_error *err)
{
	char *argv[] = { (char *)run->sendmail, "-t", "-oi", NULL };
	struct process_result ran;
	char why[160];
	enum ar_rc rc;

	*failed = 0;
	rc = process_feed(argv, message->buf, message->len, &ran, err);
	if (rc == AR_ERR_CONFIG)
		ar_error_prefix(err, "[mail] sendmail");
	if (rc != AR_OK)
		return rc;
	if (ran.signal != 0)
		snprintf(why, sizeof(why), "sendmail was killed by signal %d",
			 ran.signal);
	else if (ran.status != 0)
		snprintf(why, sizeof(why), "sendmail exited with status %d",
			 ran.status);
	else if (ran.written < message->len)
		snprintf(why, sizeof(why), "sendmail read %zu of %zu bytes",
			 ran.written, message->len);
	else
		return AR_OK;
	*failed = 1;
	record_failure(run, reviewer,
		       ran.status == SENDMAIL_TEMPFAIL ? AR_ERR_TEMPFAIL
						       : AR_ERR_CANTCREATE,
		       why);
	return AR_OK;
}

/* To a staged file or to sendmail; *failed as pipe_to_sendmail says. */
static enum ar_rc deliver(struct remind_run *run,
			  const struct campaign_reviewer *reviewer,
			  const struct ar_buf *message,
			  struct campaign_reminder *reminder, int *failed,
			  struct ar_error *err)
{
	char name[256];
	char *path;
	enum ar_rc rc;

	*failed = 0;
	if (run->request->delivery == REMINDERS_TO_SENDMAIL) {
		reminder->delivery = "sendmail";
		return pipe_to_sendmail(run, reviewer->reviewer, message,
					failed, err);
	}
	worksheets_file_name(reviewer->reviewer, name, sizeof(name));
	path = output_path(run->request->directory, name, ".eml");
	reminder->delivery = "file";
	reminder->file = strrchr(path, '/') + 1;
	rc = stage_file(run, path, message, err);
	/* the name is logged: keep it until then */
	reminder->file = rc == AR_OK ? ar_strdup(reminder->file) : NULL;
	free(path);
	return rc;
}

/*
 * Remind one reviewer.  An address refused or a sendmail failure is
 * recorded and AR_OK returned, so the others are still reminded; any
 * other error ends the run.
 */
static enum ar_rc remind_one(struct remind_run *run,
			     const struct campaign_reviewer *reviewer,
			     struct ar_error *err)
{
	struct ar_error refused = AR_ERROR_INIT;
	struct ar_buf message = AR_BUF_INIT;
	char message_id[400];
	struct reminder_facts facts = { &run->campaign, reviewer,
					run->result->from, message_id,
					run->request->now, "\r\n" };
	struct campaign_reminder reminder = {
		reviewer->reviewer, campaign_reviewer_undecided(reviewer),
		reviewer->undecided_privileged, NULL, NULL, message_id,
		run->request->now, run->request->actor,
	};
	int failed = 0;
	enum ar_rc rc;

	if (run->request->delivery == REMINDERS_TO_SENDMAIL)
		facts.line_end = "\n";
	make_message_id(run, message_id, sizeof(message_id));
	if (reminder_compose(&facts, &message, &refused) != AR_OK) {
		record_failure(run, reviewer->reviewer, refused.code,
			       refused.message);
		return AR_OK;
	}
	rc = deliver(run, reviewer, &message, &reminder, &failed, err);
	if (rc == AR_OK && !failed)
		rc = campaign_log_reminder(run->store, &run->campaign,
					   &reminder, err);
	if (rc == AR_OK && !failed) {
		run->logged++;
		run->result->reminded++;
	}
	free((char *)reminder.file);
	ar_buf_release(&message);
	return rc;
}

static enum ar_rc remind_all(struct remind_run *run, struct ar_error *err)
{
	enum ar_rc rc = AR_OK;

	for (size_t i = 0; rc == AR_OK && i < run->campaign.reviewer_count;
	     i++) {
		const struct campaign_reviewer *reviewer =
			&run->campaign.reviewers[i];

		if (campaign_reviewer_undecided(reviewer) <= 0)
			run->result->done++;
		else
			rc = remind_one(run, reviewer, err);
	}
	return rc;
}

/* ---- the transaction and the files ---- */

static enum ar_rc publish_all(struct remind_run *run, struct ar_error *err)
{
	enum ar_rc rc = AR_OK;

	for (size_t i = 0; i < run->output_count; i++) {
		if (rc == AR_OK)
			rc = output_publish(&run->outputs[i], err);
		else
			output_abort(&run->outputs[i]);
	}
	run->output_count = 0;
	return rc;
}

static void abort_all(struct remind_run *run)
{
	for (size_t i = 0; i < run->output_count; i++)
		output_abort(&run->outputs[i]);
	run->output_count = 0;
}

/*
 * Sent mail cannot be taken back: with sendmail, the rows of the
 * messages that went out are committed even when a later step failed.
 * Files are all or nothing.
 */
static enum ar_rc finish(struct remind_run *run, enum ar_rc rc,
			 struct ar_error *err)
{
	int sent = run->request->delivery == REMINDERS_TO_SENDMAIL;

	if (rc == AR_OK || (sent && run->logged > 0)) {
		enum ar_rc committed = campaign_remind_commit(run->store, err);

		if (committed != AR_OK && sent)
			ar_error_prefix(err, "%d reminders were sent but not "
					"logged", run->logged);
		if (rc == AR_OK)
			rc = committed;
	} else {
		campaign_remind_abort(run->store);
	}
	if (rc != AR_OK && !sent)
		run->result->reminded = 0;
	if (rc == AR_OK)
		rc = publish_all(run, err);
	abort_all(run);
	return rc;
}

static enum ar_rc check_request(const struct reminders_request *request,
				struct ar_error *err)
{
	if (request->delivery == REMINDERS_TO_FILES && request->directory)
		return output_make_directory(request->directory, err);
	if (request->delivery == REMINDERS_TO_SENDMAIL)
		return AR_OK;
	return ar_error_set(err, AR_ERR_USAGE,
			    "campaign remind: give -o DIR or --sendmail");
}

enum ar_rc reminders_deliver(struct store *store,
			     const struct reminders_request *request,
			     struct reminders_result *result,
			     struct ar_error *err)
{
	struct remind_run run = { store, request, result, { 0 }, NULL,
				  NULL, 0, 0, AR_BUF_INIT, AR_OK };
	enum ar_rc rc;

	memset(result, 0, sizeof(*result));
	run.sendmail = request->sendmail ? request->sendmail
					 : REMINDERS_SENDMAIL;
	rc = choose_sender(request, result->from, err);
	if (rc == AR_OK)
		rc = check_request(request, err);
	if (rc == AR_OK)
		rc = campaign_remind_begin(store, request->campaign_id,
					   request->now, &run.campaign, err);
	if (rc != AR_OK)
		return rc;
	result->campaign_id = run.campaign.id;
	rc = finish(&run, remind_all(&run, err), err);
	if (rc == AR_OK && result->failed > 0)
		rc = ar_error_set(err, run.failure_code,
				  "%ld reviewer%s not reminded: %s",
				  result->failed,
				  result->failed == 1 ? "" : "s",
				  run.failures.buf);
	ar_buf_release(&run.failures);
	campaign_status_release(&run.campaign);
	free(run.outputs);
	return rc;
}
