/* diff.c -- "accessreview diff": what changed between two snapshots */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "accessreview/review.h"
#include "cli.h"

struct diff_args {
	int unused;
};

static const struct cli_option diff_options[] = {
	CLI_OPTIONS_END,
};

struct changes {
	struct ar_buf scratch[3];
	long count;
};

static enum ar_rc print_change(void *context, const struct change_row *row,
			       struct ar_error *err)
{
	struct changes *changes = context;
	const char *detail = cli_printable(&changes->scratch[2], row->detail);

	(void)err;
	printf("%-11s %-14s %s", row->change,
	       cli_printable(&changes->scratch[0], row->system),
	       cli_printable(&changes->scratch[1], row->login));
	if (detail != NULL && *detail != '\0')
		printf("  %s", detail);
	putchar('\n');
	changes->count++;
	return AR_OK;
}

static enum ar_rc parse_snapshot_id(const char *text, long long *id,
				    struct ar_error *err)
{
	char *end = NULL;

	errno = 0;
	*id = strtoll(text, &end, 10);
	if (*text == '\0' || *end != '\0' || errno != 0 || *id <= 0)
		return ar_error_set(err, AR_ERR_USAGE,
				    "diff: not a snapshot id '%s'", text);
	return AR_OK;
}

static enum ar_rc run_diff(struct cli_context *context, void *args,
			   struct ar_error *err)
{
	struct changes changes = { { AR_BUF_INIT, AR_BUF_INIT, AR_BUF_INIT },
				   0 };
	long long old_id = 0, new_id = 0;
	enum ar_rc rc = AR_OK;

	(void)args;
	if (context->operand_count == 1)
		return ar_error_set(err, AR_ERR_USAGE,
				    "diff: give two snapshot ids or none");
	if (context->operand_count == 2) {
		rc = parse_snapshot_id(context->operands[0], &old_id, err);
		if (rc == AR_OK)
			rc = parse_snapshot_id(context->operands[1], &new_id,
					       err);
	}
	if (rc == AR_OK)
		rc = review_diff(context->store, &old_id, &new_id,
				 print_change, &changes, err);
	if (rc == AR_OK)
		printf("%ld change%s from snapshot %lld to %lld\n",
		       changes.count, changes.count == 1 ? "" : "s", old_id,
		       new_id);
	for (int i = 0; i < 3; i++)
		ar_buf_release(&changes.scratch[i]);
	return rc;
}

const struct cli_command cli_diff_command = {
	"diff", "diff [OLD NEW]",
	"Show accounts added, removed or changed (active, MFA) and grants\n"
	"given or taken away between two snapshots; by default the latest\n"
	"against the one before it.",
	diff_options, sizeof(struct diff_args), 0, 2,
	CLI_NEEDS_DATABASE | CLI_READ_ONLY, run_diff,
};
