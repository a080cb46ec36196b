/* audit.c -- "accessreview audit verify": recompute the hash chain */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "accessreview/audit.h"
#include "cli.h"

struct verify_args {
	const char *expect_head;
};

static const struct cli_option verify_options[] = {
	CLI_OPTION(CLI_STRING, 0, "expect-head", "HASH", struct verify_args,
		   expect_head, "the head hash recorded earlier (catches rows "
		   "deleted from the end)"),
	CLI_OPTIONS_END,
};

static enum ar_rc run_verify(struct cli_context *context, void *args,
			     struct ar_error *err)
{
	struct verify_args *options = args;
	struct audit_verification result;
	enum ar_rc rc;

	rc = audit_verify(context->store, &result, err);
	if (rc == AR_OK && options->expect_head &&
	    strcmp(options->expect_head, result.head) != 0)
		rc = ar_error_set(err, AR_ERR_DATA,
				  "audit log: head is %s after %lld rows, "
				  "not the expected %s (rows were removed or "
				  "added since)",
				  result.head, result.rows,
				  options->expect_head);
	if (rc == AR_OK)
		printf("audit log verified: %lld rows, head %s\n", result.rows,
		       result.head);
	return rc;
}

const struct cli_command cli_audit_verify_command = {
	"audit verify", "audit verify [--expect-head HASH]",
	"Recompute the audit log's hash chain and check each decision\n"
	"against the log; exit 65 naming the first row that does not match.",
	verify_options, sizeof(struct verify_args), 0, 0,
	CLI_NEEDS_DATABASE | CLI_READ_ONLY, run_verify,
};
