/* cli.h -- the subcommands: their tables, and what main hands each one */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_CLI_H
#define ACCESSREVIEW_CLI_H

#include <stdio.h>

#include "accessreview/buf.h"
#include "accessreview/collect.h"
#include "accessreview/config.h"
#include "accessreview/error.h"
#include "options.h"

struct store;

/* What main prepared before the command runs, by the command's needs. */
struct cli_context {
	struct config *config;       /* loaded with CLI_NEEDS_CONFIG */
	struct store *store;         /* open with CLI_NEEDS_DATABASE */
	int verbose;                 /* -v */
	int quiet;                   /* -q */
	char **operands;             /* what follows the options */
	int operand_count;
	/* set by a command whose run worked but found something at or
	 * above fail-on: exit status 1 */
	int findings_failed;
};

enum cli_needs {
	CLI_NEEDS_CONFIG = 1 << 0,
	CLI_NEEDS_DATABASE = 1 << 1,   /* implies the configuration */
	CLI_READ_ONLY = 1 << 2,        /* the database, read only */
	CLI_TAKES_LOCK = 1 << 3        /* one writer at a time */
};

/*
 * A command: its name, the usage line after "accessreview ", one
 * paragraph of help, its option table with the size of the struct the
 * options fill, how many operands it takes (max -1: any) and what main
 * must prepare.  run gets the filled struct.
 */
struct cli_command {
	const char *name;
	const char *synopsis;
	const char *summary;
	const struct cli_option *options;
	size_t args_size;
	int min_operands;
	int max_operands;
	unsigned int needs;
	enum ar_rc (*run)(struct cli_context *context, void *args,
			  struct ar_error *err);
};

extern const struct cli_command cli_init_command, cli_collect_command,
	cli_findings_command, cli_report_command, cli_run_command,
	cli_diff_command, cli_campaign_open_command,
	cli_campaign_status_command, cli_campaign_close_command,
	cli_campaign_remind_command,
	cli_worksheets_command, cli_decisions_import_command,
	cli_audit_verify_command, cli_attest_mfa_command,
	cli_exceptions_command, cli_keygen_command,
	cli_evidence_export_command, cli_evidence_sample_command,
	cli_verify_command, cli_prune_command, cli_person_command;

/* The first operand as a campaign id (0 when there is none);
 * AR_ERR_USAGE naming the command when it is not one. */
enum ar_rc cli_campaign_id(const struct cli_context *context,
			   const char *command, long long *id,
			   struct ar_error *err);

/* help.c: the whole help of one command. */
void cli_print_help(FILE *out, const struct cli_command *command);

/* exit.c: the sysexits status of a result code. */
int cli_exit_status(enum ar_rc rc);

/* events.c: how a collect's progress and warnings reach stderr. */
struct collect_events cli_collect_events(struct cli_context *context);

/* The --now of a command, or the clock. */
time_t cli_now(const struct cli_time *now);
/* Who runs the command, for the audit log: the login name. */
const char *cli_actor(void);

/*
 * Text that came from an export or the configuration, safe on a
 * terminal line: control characters shown as \x1b, \r, \n.  Returns
 * text itself when it is clean, else scratch's buffer (valid until the
 * next use of scratch); NULL stays NULL.
 */
const char *cli_printable(struct ar_buf *scratch, const char *text);

#endif
