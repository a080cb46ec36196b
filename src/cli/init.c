/* init.c -- "accessreview init": create or migrate the database */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "accessreview/database.h"
#include "cli.h"

struct init_args {
	int unused;
};

static const struct cli_option init_options[] = {
	CLI_OPTIONS_END,
};

static enum ar_rc run_init(struct cli_context *context, void *args,
			   struct ar_error *err)
{
	const char *path = context->config->database;
	int version = 0;
	enum ar_rc rc;

	(void)args;
	rc = database_init(path, &version, err);
	if (rc == AR_OK)
		printf("database %s at schema version %d\n", path, version);
	return rc;
}

const struct cli_command cli_init_command = {
	"init", "init",
	"Create the database named by [review] database, or bring an\n"
	"existing one to the current schema.  Safe to run again.",
	init_options, sizeof(struct init_args), 0, 0,
	CLI_NEEDS_CONFIG | CLI_TAKES_LOCK, run_init,
};
