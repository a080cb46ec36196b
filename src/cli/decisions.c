/* decisions.c -- "accessreview decisions import": a reviewer's decisions */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "accessreview/decisions.h"
#include "accessreview/log.h"
#include "cli.h"

struct import_args {
	const char *reviewer;
	const char *signature;
	struct cli_time now;
};

static const struct cli_option import_options[] = {
	CLI_OPTION(CLI_STRING, 0, "reviewer", "EMAIL", struct import_args,
		   reviewer, "whose decisions these are (required)"),
	CLI_OPTION(CLI_STRING, 0, "signature", "FILE.sig", struct import_args,
		   signature, "the file's SSH signature (ssh-keygen -Y sign "
		   "-n accessreview)"),
	CLI_OPTION(CLI_TIME, 0, "now", "TIMESTAMP", struct import_args, now,
		   "the decision time (tests, replays)"),
	CLI_OPTIONS_END,
};

static enum ar_rc run_import(struct cli_context *context, void *args,
			     struct ar_error *err)
{
	struct import_args *options = args;
	struct decisions_request request = { 0 };
	struct decisions_result result;
	struct ar_buf scratch = AR_BUF_INIT;
	enum ar_rc rc;

	if (options->reviewer == NULL || *options->reviewer == '\0')
		return ar_error_set(err, AR_ERR_USAGE,
				    "decisions import: --reviewer EMAIL is "
				    "required");
	request.path = context->operands[0];
	request.reviewer = options->reviewer;
	request.signature_path = options->signature;
	request.allowed_signers = context->config->allowed_signers;
	request.require_signatures = context->config->require_signatures;
	request.now = cli_now(&options->now);
	rc = decisions_import(context->store, &request, &result, err);
	/* a problem quotes the file's cells: shown, never interpreted */
	for (size_t i = 0; i < result.problem_count; i++)
		log_error("%s", cli_printable(&scratch, result.problems[i]));
	if (result.more_problems > 0)
		log_error("%s: and %ld more problems", request.path,
			  result.more_problems);
	if (rc == AR_OK) {
		printf("%ld changed, %ld unchanged, %ld without a decision "
		       "(campaign %lld)\n", result.changed, result.unchanged,
		       result.skipped, result.campaign_id);
		if (*result.signer)
			printf("signed by %s\n", result.signer);
	}
	decisions_result_release(&result);
	ar_buf_release(&scratch);
	return rc;
}

const struct cli_command cli_decisions_import_command = {
	"decisions import",
	"decisions import FILE --reviewer EMAIL [--signature FILE.sig]",
	"Import a filled-in worksheet.  Every row is checked first (the\n"
	"reviewer's eligibility, the decision, the item's version); any\n"
	"problem refuses the whole file, listing each as FILE:LINE.",
	import_options, sizeof(struct import_args), 1, 1, CLI_NEEDS_DATABASE,
	run_import,
};
