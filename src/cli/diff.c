/* diff.c -- "accessreview diff": what changed between two snapshots */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct cli_option_help diff_options[] = {
	{ "-h, --help", "show this help" },
	{ NULL, NULL },
};

const struct cli_command_help cli_diff_help = {
	"diff [OLD NEW]",
	"Show accounts added, removed or changed (active, MFA) and grants\n"
	"given or taken away between two snapshots; by default the latest\n"
	"against the one before it.",
	diff_options,
};

static enum ar_rc print_change(void *context, const struct store_row *row,
			       struct ar_error *err)
{
	long *count = context;
	const char *detail = store_row_text(row, "detail");

	(void)err;
	if (detail == NULL)
		detail = store_row_text(row, "entitlement");
	printf("%-11s %-14s %s", store_row_text(row, "change"),
	       store_row_text(row, "system"), store_row_text(row, "login"));
	if (detail != NULL && *detail != '\0')
		printf("  %s", detail);
	putchar('\n');
	(*count)++;
	return AR_OK;
}

static enum ar_rc parse_snapshot_id(const char *text, long long *id,
				    struct ar_error *err)
{
	char *end = NULL;

	*id = strtoll(text, &end, 10);
	if (*text == '\0' || *end != '\0' || *id <= 0)
		return cli_usage_error(err, "diff", "not a snapshot id", text);
	return AR_OK;
}

static enum ar_rc check_exists(struct store *store, long long id,
			       struct ar_error *err)
{
	struct store_param params[] = { STORE_INT(":snapshot", id) };
	long long found = 0;
	enum ar_rc rc = store_query_int(store, "snapshot_exists", params, 1, 0,
					&found, err);

	if (rc == AR_OK && !found)
		rc = ar_error_set(err, AR_ERR_NOINPUT, "no snapshot %lld", id);
	return rc;
}

static enum ar_rc choose_snapshots(struct cli_context *context, int argc,
				   char **argv, long long *old_id,
				   long long *new_id, struct ar_error *err)
{
	enum ar_rc rc;

	if (argc == 3) {
		rc = parse_snapshot_id(argv[1], old_id, err);
		if (rc == AR_OK)
			rc = parse_snapshot_id(argv[2], new_id, err);
	} else if (argc == 1) {
		rc = store_latest_snapshot(context->store, new_id, err);
		if (rc == AR_OK)
			rc = store_previous_snapshot(context->store, *new_id,
						     old_id, err);
		if (rc == AR_OK && *old_id == 0)
			rc = ar_error_set(err, AR_ERR_NOINPUT,
					  "diff needs two snapshots; there "
					  "are fewer");
		return rc;
	} else {
		return cli_usage_error(err, "diff",
				       "give two snapshot ids or none", NULL);
	}
	if (rc == AR_OK)
		rc = check_exists(context->store, *old_id, err);
	if (rc == AR_OK)
		rc = check_exists(context->store, *new_id, err);
	return rc;
}

enum ar_rc cli_diff(struct cli_context *context, int argc, char **argv,
		    struct ar_error *err)
{
	long long old_id = 0, new_id = 0;
	long changes = 0;
	enum ar_rc rc;

	rc = choose_snapshots(context, argc, argv, &old_id, &new_id, err);
	if (rc == AR_OK) {
		struct store_param params[] = { STORE_INT(":old", old_id),
						STORE_INT(":new", new_id) };

		rc = store_query(context->store, "diff_accounts", params, 2,
				 print_change, &changes, err);
		if (rc == AR_OK)
			rc = store_query(context->store, "diff_grants", params,
					 2, print_change, &changes, err);
	}
	if (rc == AR_OK)
		printf("%ld change%s from snapshot %lld to %lld\n", changes,
		       changes == 1 ? "" : "s", old_id, new_id);
	return rc;
}
