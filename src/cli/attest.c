/* attest.c -- "accessreview attest-mfa": an owner's MFA attestation */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "accessreview/attestation.h"
#include "accessreview/log.h"
#include "cli.h"

struct attest_args {
	const char *reviewer;
	const char *statement;
	const char *enforced;
	const char *account;
	const char *mfa;
	const char *signature;
	struct cli_time now;
};

static const struct cli_option attest_options[] = {
	CLI_OPTION(CLI_STRING, 0, "reviewer", "EMAIL", struct attest_args,
		   reviewer, "the system's owner or a delegate (required)"),
	CLI_OPTION(CLI_STRING, 0, "statement", "TEXT", struct attest_args,
		   statement, "what you attest, in your words (required)"),
	CLI_OPTION(CLI_CHOICE, 0, "enforced", "yes|no", struct attest_args,
		   enforced, "whether MFA is enforced on the system"),
	CLI_OPTION(CLI_STRING, 0, "account", "ACCOUNT", struct attest_args,
		   account, "attest one account whose export does not "
		   "tell its MFA status"),
	CLI_OPTION(CLI_CHOICE, 0, "mfa", "enabled|not-applicable",
		   struct attest_args, mfa, "the account's MFA, with --account"),
	CLI_OPTION(CLI_STRING, 0, "signature", "FILE.sig", struct attest_args,
		   signature, "an SSH signature of the statement's bytes "
		   "(ssh-keygen -Y sign -n accessreview)"),
	CLI_OPTION(CLI_TIME, 0, "now", "TIMESTAMP", struct attest_args, now,
		   "the attestation time (tests, replays)"),
	CLI_OPTIONS_END,
};

static void print_result(const struct attestation_request *request,
			 const struct attestation_result *result)
{
	const struct attestation_figures *f = &result->figures;

	if (request->account != NULL)
		printf("attestation %lld: %s/%s MFA %s, on the word of %s\n",
		       result->id, request->system, request->account,
		       request->mfa, request->reviewer);
	else
		printf("attestation %lld: %s, %ld active accounts: %ld MFA "
		       "enabled, %ld disabled, %ld unknown (%ld attested), "
		       "%ld not applicable\n",
		       result->id, request->system, f->active, f->enabled,
		       f->disabled, f->unknown, f->attested_accounts,
		       f->not_applicable);
	if (request->account == NULL && f->unknown > f->attested_accounts)
		log_warning("%s: %ld accounts with unknown MFA are not attested "
			 "(attest each with --account ACCOUNT --mfa ...)",
			 request->system, f->unknown - f->attested_accounts);
	if (*result->signer)
		printf("signed by %s\n", result->signer);
}

static enum ar_rc run_attest(struct cli_context *context, void *args,
			     struct ar_error *err)
{
	struct attest_args *options = args;
	struct attestation_request request = { 0 };
	struct attestation_result result;
	enum ar_rc rc;

	if (options->reviewer == NULL || *options->reviewer == '\0')
		return ar_error_set(err, AR_ERR_USAGE,
				    "attest-mfa: --reviewer EMAIL is required");
	rc = cli_campaign_id(context, "attest-mfa", &request.campaign_id, err);
	if (rc != AR_OK)
		return rc;
	request.system = context->operands[1];
	request.reviewer = options->reviewer;
	request.statement = options->statement;
	request.enforced = options->enforced == NULL
				   ? -1
				   : strcmp(options->enforced, "yes") == 0;
	request.account = options->account;
	request.mfa = options->mfa;
	request.signature_path = options->signature;
	request.allowed_signers = context->config->allowed_signers;
	request.require_signatures = context->config->require_signatures;
	request.now = cli_now(&options->now);
	rc = attestation_record(context->store, &request, &result, err);
	for (size_t i = 0; i < result.uncovered_count; i++)
		log_error("%s: %s has MFA disabled (decide an exception or a "
			  "revocation for it first)", request.system,
			  result.uncovered[i]);
	if (rc == AR_OK)
		print_result(&request, &result);
	attestation_result_release(&result);
	return rc;
}

const struct cli_command cli_attest_mfa_command = {
	"attest-mfa",
	"attest-mfa ID SYSTEM --reviewer EMAIL --statement TEXT "
	"[--enforced yes|no | --account ACCOUNT --mfa enabled|not-applicable] "
	"[--signature FILE.sig]",
	"Record the owner's attestation of MFA for a system of campaign ID,\n"
	"with the MFA figures of the campaign's snapshot; or, with --account,\n"
	"for one account whose export does not tell its MFA status.\n"
	"--enforced yes is refused while an active account has MFA disabled\n"
	"without an exception or a revocation.",
	attest_options, sizeof(struct attest_args), 2, 2,
	CLI_NEEDS_DATABASE, run_attest,
};
