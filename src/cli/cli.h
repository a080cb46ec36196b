/* cli.h -- the subcommands and what the dispatcher hands them */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_CLI_H
#define ACCESSREVIEW_CLI_H

#include <getopt.h>
#include <stdio.h>
#include <time.h>

#include "accessreview/buf.h"
#include "accessreview/config.h"
#include "accessreview/error.h"
#include "accessreview/store.h"

/* What main() prepared, according to the command's flags. */
struct cli_context {
	const char *program;
	struct config *config;      /* loaded when CLI_NEEDS_CONFIG */
	struct store *store;        /* open when CLI_NEEDS_DATABASE */
	int verbose;
};

/* One line of generated help: an option and what it does. */
struct cli_option_help {
	const char *option;         /* "-o, --output FILE" */
	const char *text;
};

struct cli_command_help {
	const char *synopsis;       /* "report --format xml|html [-o FILE]" */
	const char *summary;
	const struct cli_option_help *options;
};

/* Each returns AR_OK, an error in err, or CLI_FINDINGS via *findings_hit. */
enum ar_rc cli_init(struct cli_context *context, int argc, char **argv,
		    struct ar_error *err);
enum ar_rc cli_collect(struct cli_context *context, int argc, char **argv,
		       struct ar_error *err);
enum ar_rc cli_findings(struct cli_context *context, int argc, char **argv,
			struct ar_error *err);
enum ar_rc cli_report(struct cli_context *context, int argc, char **argv,
		      struct ar_error *err);
enum ar_rc cli_run(struct cli_context *context, int argc, char **argv,
		   struct ar_error *err);
enum ar_rc cli_diff(struct cli_context *context, int argc, char **argv,
		    struct ar_error *err);

extern const struct cli_command_help cli_init_help, cli_collect_help,
	cli_findings_help, cli_report_help, cli_run_help, cli_diff_help;

/* Set by `run` when findings reach fail-on: exit status 1. */
extern int cli_findings_failed;

/* exit.c: the sysexits status of a result code. */
int cli_exit_status(enum ar_rc rc);

/* help.c: print a command's help to out. */
void cli_print_help(FILE *out, const struct cli_command_help *help);
/* --help: print to stdout, succeed. */
enum ar_rc cli_show_help(const struct cli_command_help *help);
/* Usage error: fill err with the message (AR_ERR_USAGE). */
enum ar_rc cli_usage_error(struct ar_error *err, const char *command,
			   const char *problem, const char *detail);

/* output.c: an output file written through a temporary file that is
 * renamed into place by cli_output_commit; "-" is standard output. */
struct cli_output {
	FILE *file;
	char *path;
	char *temp;                 /* NULL for standard output */
	int failed;                 /* errno of the first failed write */
};

/* Refuses a symlink at path.  AR_ERR_CANTCREATE on failure. */
enum ar_rc cli_output_open(const char *path, struct cli_output *out,
			   struct ar_error *err);
/* A report_write_fn: 0, or -1 once a write failed. */
int cli_output_write(void *context, const char *data, size_t length);
/* Flush, set mode, sync, rename into place; releases out either way. */
enum ar_rc cli_output_commit(struct cli_output *out, int mode,
			     struct ar_error *err);
/* Discard the temporary file; releases out. */
void cli_output_abort(struct cli_output *out);

/* Write data to path through cli_output. */
enum ar_rc cli_write_file(const char *path, const char *data, size_t length,
			  int mode, struct ar_error *err);
/* Create a directory (and parents) if missing. */
enum ar_rc cli_make_directory(const char *path, struct ar_error *err);
/* Create the directory that will hold path. */
enum ar_rc cli_make_directory_of(const char *path, struct ar_error *err);

/* lock.c: take DATABASE.lock (waiting when wait is set); AR_ERR_TEMPFAIL
 * when another process holds it. */
enum ar_rc cli_take_lock(const char *database, int wait, int *fd_out,
			 struct ar_error *err);
void cli_release_lock(int fd);

/* time.c: --now TIMESTAMP, or the clock when text is NULL. */
enum ar_rc cli_parse_now(const char *text, time_t *now, struct ar_error *err);
/* "2026-Q4" for a time. */
void cli_period_of(time_t when, char out[16]);

/* collect.c: one snapshot of every configured source (or the named
 * systems); returns its id. */
enum ar_rc cli_collect_snapshot(struct cli_context *context, time_t now,
				char **systems, int system_count,
				long long *snapshot_id, struct ar_error *err);

/*
 * report.c: write the report of a snapshot.  The XML goes to xml_path (or
 * to a temporary file beside html_path when xml_path is NULL), is checked
 * against the XSD, and only then renamed into place; the HTML (when
 * html_path is not NULL) is rendered from that file.  "-" is stdout.
 */
enum ar_rc cli_write_reports(struct cli_context *context,
			     long long snapshot_id, time_t now,
			     const char *xml_path, const char *html_path,
			     struct ar_error *err);

#endif
