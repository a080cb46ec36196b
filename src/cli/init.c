/* init.c -- "accessreview init": create or migrate the database */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static const struct cli_option_help init_options[] = {
	{ "-h, --help", "show this help" },
	{ NULL, NULL },
};

const struct cli_command_help cli_init_help = {
	"init",
	"Create the database named by [review] database, or bring an\n"
	"existing one to the current schema.  Safe to run again.",
	init_options,
};

enum ar_rc cli_init(struct cli_context *context, int argc, char **argv,
		    struct ar_error *err)
{
	const char *path = context->config->database;
	struct store *store = NULL;
	int version = 0;
	enum ar_rc rc;

	if (argc > 1) {
		return cli_usage_error(err, "init", "unexpected argument",
				       argv[1]);
	}
	rc = store_open(path, STORE_CREATE, &store, err);
	if (rc == AR_OK)
		rc = store_migrate(store, &version, err);
	if (rc == AR_OK)
		printf("database %s at schema version %d\n", path, version);
	store_close(store);
	return rc;
}
