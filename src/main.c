/* main.c -- accessreview: global options, then one subcommand */
/* SPDX-License-Identifier: MIT */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "accessreview/log.h"
#include "cli/cli.h"

enum command_flags {
	NEEDS_CONFIG = 1 << 0,
	NEEDS_DATABASE = 1 << 1,
	READ_ONLY = 1 << 2,
	TAKES_LOCK = 1 << 3,
};

struct command {
	const char *name;
	enum ar_rc (*run)(struct cli_context *context, int argc, char **argv,
			  struct ar_error *err);
	const struct cli_command_help *help;
	int flags;
};

static const struct command commands[] = {
	{ "init", cli_init, &cli_init_help, NEEDS_CONFIG | TAKES_LOCK },
	{ "collect", cli_collect, &cli_collect_help,
	  NEEDS_CONFIG | NEEDS_DATABASE | TAKES_LOCK },
	{ "findings", cli_findings, &cli_findings_help,
	  NEEDS_CONFIG | NEEDS_DATABASE | READ_ONLY },
	{ "report", cli_report, &cli_report_help,
	  NEEDS_CONFIG | NEEDS_DATABASE | READ_ONLY },
	{ "run", cli_run, &cli_run_help,
	  NEEDS_CONFIG | NEEDS_DATABASE | TAKES_LOCK },
	{ "diff", cli_diff, &cli_diff_help,
	  NEEDS_CONFIG | NEEDS_DATABASE | READ_ONLY },
	{ NULL, NULL, NULL, 0 },
};

struct global_options {
	const char *config_path;
	enum log_level level;
	enum log_format log_format;
	int wait;
};

static void print_usage(FILE *out)
{
	fputs("usage: accessreview [-c FILE] [-q|-v] [--log-format text|json] "
	      "[--wait] COMMAND [ARGS]\n\ncommands:\n", out);
	for (const struct command *c = commands; c->name; c++)
		fprintf(out, "  %s\n", c->help->synopsis);
	fputs("\nRun 'accessreview help COMMAND' for a command's options.\n",
	      out);
}

static const struct command *find_command(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static const struct option global_long_options[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "log-format", required_argument, NULL, 'l' },
	{ "wait", no_argument, NULL, 'w' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* Returns -1 to go on, else the exit status. */
static int parse_global_options(int argc, char **argv,
				struct global_options *options)
{
	int option;

	while ((option = getopt_long(argc, argv, "+c:qvh", global_long_options,
				     NULL)) != -1) {
		switch (option) {
		case 'c': options->config_path = optarg; break;
		case 'q': options->level = LOG_ERROR; break;
		case 'v':
			if (options->level < LOG_DEBUG)
				options->level++;
			break;
		case 'w': options->wait = 1; break;
		case 'l':
			if (strcmp(optarg, "json") == 0) {
				options->log_format = LOG_FORMAT_JSON;
			} else if (strcmp(optarg, "text") != 0) {
				fprintf(stderr, "accessreview: --log-format "
						"must be text or json\n");
				return cli_exit_status(AR_ERR_USAGE);
			}
			break;
		case 'h': print_usage(stdout); return 0;
		case 'V': printf("accessreview %s\n", ACCESSREVIEW_VERSION);
			return 0;
		default:
			print_usage(stderr);
			return cli_exit_status(AR_ERR_USAGE);
		}
	}
	return -1;
}

static int help_command(int argc, char **argv)
{
	const struct command *command;

	if (argc < 2) {
		print_usage(stdout);
		return 0;
	}
	command = find_command(argv[1]);
	if (command == NULL) {
		fprintf(stderr, "accessreview: unknown command '%s'\n", argv[1]);
		print_usage(stderr);
		return cli_exit_status(AR_ERR_USAGE);
	}
	cli_print_help(stdout, command->help);
	return 0;
}

/* --help needs neither configuration nor database: look before setup. */
static int wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	}
	return 0;
}

static enum ar_rc prepare(const struct command *command,
			  const struct global_options *options,
			  struct cli_context *context, int *lock_fd,
			  struct ar_error *err)
{
	enum ar_rc rc = AR_OK;

	if (command->flags & NEEDS_CONFIG)
		rc = config_load(config_choose_path(options->config_path),
				 &context->config, err);
	/* only commands with NEEDS_CONFIG take the lock or open the
	 * database: both are named by the configuration */
	if (rc != AR_OK || context->config == NULL)
		return rc;
	if (command->flags & TAKES_LOCK) {
		rc = cli_make_directory_of(context->config->database, err);
		if (rc == AR_OK)
			rc = cli_take_lock(context->config->database,
					   options->wait, lock_fd, err);
	}
	if (rc == AR_OK && (command->flags & NEEDS_DATABASE))
		rc = store_open(context->config->database,
				(command->flags & READ_ONLY) ? STORE_READ_ONLY
							     : STORE_READ_WRITE,
				&context->store, err);
	return rc;
}

static void report_error(const struct ar_error *err, int verbose)
{
	if (verbose && err->source_file)
		log_error("%s (%s:%d)", err->message, err->source_file,
			  err->source_line);
	else
		log_error("%s", err->message);
}

int main(int argc, char **argv)
{
	struct global_options options = { NULL, LOG_WARNING, LOG_FORMAT_TEXT,
					   0 };
	struct cli_context context = { "accessreview", NULL, NULL, 0 };
	struct ar_error err = AR_ERROR_INIT;
	const struct command *command;
	int status, lock_fd = -1;
	enum ar_rc rc;

	status = parse_global_options(argc, argv, &options);
	if (status >= 0)
		return status;
	log_setup(options.level, options.log_format);
	context.verbose = options.level >= LOG_INFO;
	if (optind >= argc) {
		print_usage(stderr);
		return cli_exit_status(AR_ERR_USAGE);
	}
	argc -= optind;
	argv += optind;
	if (strcmp(argv[0], "help") == 0)
		return help_command(argc, argv);
	command = find_command(argv[0]);
	if (command == NULL) {
		fprintf(stderr, "accessreview: unknown command '%s'\n", argv[0]);
		print_usage(stderr);
		return cli_exit_status(AR_ERR_USAGE);
	}
	if (wants_help(argc, argv)) {
		cli_print_help(stdout, command->help);
		return 0;
	}
	if (sodium_init() < 0) {
		fputs("accessreview: cannot initialise libsodium\n", stderr);
		return cli_exit_status(AR_ERR_INTERNAL);
	}
	rc = prepare(command, &options, &context, &lock_fd, &err);
	if (rc == AR_OK)
		rc = command->run(&context, argc, argv, &err);
	store_close(context.store);
	config_free(context.config);
	cli_release_lock(lock_fd);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (rc == AR_OK)
			rc = ar_error_set(&err, AR_ERR_CANTCREATE,
					  "cannot write to standard output");
	}
	if (rc != AR_OK) {
		report_error(&err, context.verbose);
		if (rc == AR_ERR_USAGE)
			cli_print_help(stderr, command->help);
		return cli_exit_status(rc);
	}
	return cli_findings_failed ? 1 : 0;
}
