/* findings.c -- "accessreview findings": list the latest snapshot's findings */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "accessreview/review.h"
#include "cli.h"

static const struct cli_option_help findings_options[] = {
	{ "--format text|json", "aligned text (default) or JSON lines" },
	{ "--snapshot ID", "a snapshot other than the latest" },
	{ "-h, --help", "show this help" },
	{ NULL, NULL },
};

const struct cli_command_help cli_findings_help = {
	"findings [--format text|json] [--snapshot ID]",
	"List the findings of the latest snapshot, most severe first.",
	findings_options,
};

static const char *or_dash(const char *text)
{
	return text && *text ? text : "-";
}

static enum ar_rc print_text_row(void *context, const struct store_row *row,
				 struct ar_error *err)
{
	long *count = context;

	(void)err;
	printf("%-8s  %-22s  %-12s  %-28s  %s\n",
	       store_row_text(row, "severity"), store_row_text(row, "code"),
	       or_dash(store_row_text(row, "system")),
	       or_dash(store_row_text(row, "login")),
	       store_row_text(row, "detail"));
	(*count)++;
	return AR_OK;
}

static void set_optional(json_t *object, const char *key, const char *value)
{
	json_object_set_new(object, key, value ? json_string(value)
					       : json_null());
}

static enum ar_rc print_json_row(void *context, const struct store_row *row,
				 struct ar_error *err)
{
	static const char *const keys[] = { "code",   "severity", "system",
					    "account", "login",   "person",
					    "detail" };
	long *count = context;
	json_t *object = json_object();
	char *line;

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		set_optional(object, keys[i], store_row_text(row, keys[i]));
	line = json_dumps(object, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(object);
	if (line == NULL)
		return ar_error_set(err, AR_ERR_INTERNAL,
				    "cannot encode a finding as JSON");
	puts(line);
	free(line);
	(*count)++;
	return AR_OK;
}

static const struct option findings_long_options[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "snapshot", required_argument, NULL, 's' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

enum ar_rc cli_findings(struct cli_context *context, int argc, char **argv,
			struct ar_error *err)
{
	const char *format = "text";
	long long snapshot_id = 0;
	long count = 0;
	enum ar_rc rc = AR_OK;
	int option;

	optind = 0;
	while ((option = getopt_long(argc, argv, "+h", findings_long_options,
				     NULL)) != -1) {
		if (option == 'f')
			format = optarg;
		else if (option == 's')
			snapshot_id = strtoll(optarg, NULL, 10);
		else if (option == 'h')
			return cli_show_help(&cli_findings_help);
		else
			return cli_usage_error(err, "findings",
					       "unknown option", NULL);
	}
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
		return cli_usage_error(err, "findings", "unknown format",
				       format);
	if (optind < argc)
		return cli_usage_error(err, "findings", "unexpected argument",
				       argv[optind]);
	if (snapshot_id == 0)
		rc = store_latest_snapshot(context->store, &snapshot_id, err);
	if (rc == AR_OK && snapshot_id == 0)
		return ar_error_set(err, AR_ERR_NOINPUT,
				    "no snapshot yet (run 'accessreview "
				    "collect' first)");
	{
		struct store_param params[] = {
			STORE_INT(":snapshot", snapshot_id),
		};

		if (rc == AR_OK)
			rc = store_query(context->store, "findings_of_snapshot",
					 params, 1,
					 strcmp(format, "json") == 0
						 ? print_json_row
						 : print_text_row,
					 &count, err);
	}
	if (rc == AR_OK && strcmp(format, "text") == 0)
		printf("%ld finding%s in snapshot %lld\n", count,
		       count == 1 ? "" : "s", snapshot_id);
	return rc;
}
