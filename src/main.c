/* main.c -- accessreview: global options, then one subcommand */
/* SPDX-License-Identifier: MIT */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "accessreview/database.h"
#include "accessreview/log.h"
#include "accessreview/output.h"
#include "cli/cli.h"

static const struct cli_command *const commands[] = {
	&cli_init_command,     &cli_collect_command, &cli_findings_command,
	&cli_person_command,
	&cli_report_command,   &cli_run_command,     &cli_diff_command,
	&cli_campaign_open_command, &cli_campaign_status_command,
	&cli_campaign_close_command, &cli_campaign_remind_command,
	&cli_worksheets_command,
	&cli_decisions_import_command, &cli_audit_verify_command,
	&cli_attest_mfa_command, &cli_exceptions_command,
	&cli_keygen_command, &cli_evidence_export_command,
	&cli_evidence_sample_command, &cli_verify_command,
	&cli_prune_command,
	NULL,
};

/* `help` is not in the table: it needs nothing and runs no operation. */
static const struct cli_option help_options[] = { CLI_OPTIONS_END };
static const struct cli_command help_command = {
	"help", "help [COMMAND]",
	"Show the commands, or one command's usage and options.",
	help_options, 0, 0, 2, 0, NULL,
};

struct global_options {
	const char *config_path;
	enum log_level level;
	enum log_format log_format;
	int wait_seconds;            /* for the lock: 0 none, -1 no limit */
};

static void print_usage(FILE *out)
{
	fputs("usage: accessreview [-c FILE] [-q|-v] [--log-format text|json] "
	      "[--wait [SECONDS]] COMMAND [ARGS]\n\ncommands:\n", out);
	for (size_t i = 0; commands[i] != NULL; i++)
		fprintf(out, "  %s\n", commands[i]->synopsis);
	fprintf(out, "  %s\n", help_command.synopsis);
	fputs("\nRun 'accessreview help COMMAND' for a command's options.\n",
	      out);
}

/*
 * A command is one word ("report") or two ("campaign open"): *words says
 * how many of argv it took.  NULL when there is none; *group is then set
 * when argv[0] starts two-word commands, for a better message.
 */
static const struct cli_command *find_command(int argc, char **argv,
					      int *words, int *group)
{
	size_t length = strlen(argv[0]);

	*group = 0;
	*words = 1;
	if (strcmp(argv[0], help_command.name) == 0)
		return &help_command;
	for (size_t i = 0; commands[i] != NULL; i++) {
		const char *name = commands[i]->name;

		if (strcmp(name, argv[0]) == 0)
			return commands[i];
		if (strncmp(name, argv[0], length) != 0 || name[length] != ' ')
			continue;
		*group = 1;
		if (argc > 1 && strcmp(name + length + 1, argv[1]) == 0) {
			*words = 2;
			return commands[i];
		}
	}
	return NULL;
}

static void unknown_command(int argc, char **argv, int group)
{
	if (group && argc > 1)
		fprintf(stderr, "accessreview: unknown command '%s %s'\n",
			argv[0], argv[1]);
	else if (group)
		fprintf(stderr, "accessreview: '%s' needs a subcommand\n",
			argv[0]);
	else
		fprintf(stderr, "accessreview: unknown command '%s'\n",
			argv[0]);
	print_usage(stderr);
}

static const struct option global_long_options[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "log-format", required_argument, NULL, 'l' },
	{ "wait", optional_argument, NULL, 'w' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static int usage_error(const char *message)
{
	if (message != NULL)
		fprintf(stderr, "accessreview: %s\n", message);
	print_usage(stderr);
	return cli_exit_status(AR_ERR_USAGE);
}

static int log_format_error(const char *value)
{
	struct ar_buf scratch;

	ar_buf_init(&scratch, 0);
	fprintf(stderr, "accessreview: --log-format: '%s' is not text or json\n",
		cli_printable(&scratch, value));
	ar_buf_release(&scratch);
	return usage_error(NULL);
}

/* SECONDS of --wait: a whole number of seconds, 0 and up. */
static int parse_seconds(const char *text, int *seconds)
{
	long long value = 0;

	if (*text == '\0')
		return -1;
	for (const char *p = text; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		value = value * 10 + (*p - '0');
		if (value > INT_MAX)
			return -1;
	}
	*seconds = (int)value;
	return 0;
}

static int wait_error(const char *value)
{
	struct ar_buf scratch;

	ar_buf_init(&scratch, 0);
	fprintf(stderr, "accessreview: --wait: '%s' is not a number of "
			"seconds\n",
		cli_printable(&scratch, value));
	ar_buf_release(&scratch);
	return usage_error(NULL);
}

/*
 * --wait alone waits as long as it takes (as it always did); --wait=N
 * and --wait N give up after N seconds.  A command name is never a
 * number, so "--wait 600 run" and "--wait run" cannot be confused.
 */
static int parse_wait(int argc, char **argv, struct global_options *options)
{
	const char *value = optarg;

	if (value == NULL && optind < argc &&
	    parse_seconds(argv[optind], &options->wait_seconds) == 0) {
		optind++;
		return -1;
	}
	if (value == NULL) {
		options->wait_seconds = -1;
		return -1;
	}
	if (parse_seconds(value, &options->wait_seconds) != 0)
		return wait_error(value);
	return -1;
}

/* Returns -1 to go on, else the exit status. */
static int parse_global_options(int argc, char **argv,
				struct global_options *options)
{
	int option, status;

	opterr = 0;
	while ((option = getopt_long(argc, argv, "+c:qvh", global_long_options,
				     NULL)) != -1) {
		switch (option) {
		case 'c': options->config_path = optarg; break;
		case 'q': options->level = LOG_ERROR; break;
		case 'v':
			if (options->level < LOG_DEBUG)
				options->level++;
			break;
		case 'w':
			status = parse_wait(argc, argv, options);
			if (status >= 0)
				return status;
			break;
		case 'l':
			if (strcmp(optarg, "json") == 0)
				options->log_format = LOG_FORMAT_JSON;
			else if (strcmp(optarg, "text") != 0)
				return log_format_error(optarg);
			break;
		case 'h': print_usage(stdout); return 0;
		case 'V': printf("accessreview %s\n", ACCESSREVIEW_VERSION);
			return 0;
		default:
			return usage_error("unknown global option");
		}
	}
	return -1;
}

/* A usage error: the problem, then that command's synopsis only. */
static int command_usage_error(const struct cli_command *command,
			       const struct ar_error *err)
{
	log_error("%s", err->message);
	fprintf(stderr, "usage: accessreview %s\n"
			"Run 'accessreview help %s' for its options.\n",
		command->synopsis, command->name);
	return cli_exit_status(AR_ERR_USAGE);
}

static int run_help(int operand_count, char **operands)
{
	const struct cli_command *command;
	int words, group;

	if (operand_count == 0) {
		print_usage(stdout);
		return 0;
	}
	command = find_command(operand_count, operands, &words, &group);
	if (command == NULL || words < operand_count) {
		unknown_command(operand_count, operands, group);
		return cli_exit_status(AR_ERR_USAGE);
	}
	cli_print_help(stdout, command);
	return 0;
}

static enum ar_rc check_operands(const struct cli_command *command,
				 int count, char **operands,
				 struct ar_error *err)
{
	if (count < command->min_operands)
		return ar_error_set(err, AR_ERR_USAGE, "%s: missing operand",
				    command->name);
	if (command->max_operands >= 0 && count > command->max_operands)
		return ar_error_set(err, AR_ERR_USAGE,
				    "%s: unexpected argument '%s'",
				    command->name,
				    operands[command->max_operands]);
	return AR_OK;
}

static enum ar_rc prepare(const struct cli_command *command,
			  const struct global_options *options,
			  struct cli_context *context, int *lock,
			  struct ar_error *err)
{
	unsigned int needs = command->needs;
	enum ar_rc rc = AR_OK;

	if (needs & (CLI_NEEDS_CONFIG | CLI_NEEDS_DATABASE))
		rc = config_load(config_choose_path(options->config_path),
				 &context->config, err);
	if (rc == AR_OK && (needs & CLI_TAKES_LOCK))
		rc = output_make_directory_of(context->config->database, err);
	if (rc == AR_OK && (needs & CLI_TAKES_LOCK))
		rc = database_lock(context->config->database,
				   options->wait_seconds, lock, err);
	if (rc == AR_OK && (needs & CLI_NEEDS_DATABASE))
		rc = database_open(context->config->database,
				   (needs & CLI_READ_ONLY) ? DATABASE_READ_ONLY
							   : DATABASE_READ_WRITE,
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

/* Parse, prepare, run: returns the exit status. */
static int run_command(const struct cli_command *command,
		       const struct global_options *options, int argc,
		       char **argv)
{
	struct cli_context context = { 0 };
	struct ar_error err = AR_ERROR_INIT;
	void *args = calloc(1, command->args_size ? command->args_size : 1);
	int help = 0, lock = -1, status;
	enum ar_rc rc;

	context.verbose = options->level >= LOG_INFO;
	context.quiet = options->level <= LOG_ERROR;
	rc = cli_parse_options(command->name, command->options, argc, argv,
			       args, &help, &context.operands,
			       &context.operand_count, &err);
	if (rc == AR_OK && help) {
		cli_print_help(stdout, command);
	} else {
		if (rc == AR_OK)
			rc = check_operands(command, context.operand_count,
					    context.operands, &err);
		if (rc == AR_OK && command->run == NULL) {
			status = run_help(context.operand_count,
					  context.operands);
			free(args);
			return status;
		}
		if (rc == AR_OK)
			rc = prepare(command, options, &context, &lock, &err);
		if (rc == AR_OK)
			rc = command->run(&context, args, &err);
	}
	cli_release_options(command->options, args);
	free(args);
	database_close(context.store);
	config_free(context.config);
	database_unlock(lock);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (rc == AR_OK)
			rc = ar_error_set(&err, AR_ERR_CANTCREATE,
					  "cannot write to standard output");
	}
	if (rc == AR_ERR_USAGE)
		return command_usage_error(command, &err);
	if (rc != AR_OK) {
		report_error(&err, context.verbose);
		return cli_exit_status(rc);
	}
	return context.findings_failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct global_options options = { NULL, LOG_WARNING, LOG_FORMAT_TEXT,
					  0 };
	const struct cli_command *command;
	int status, words, group;

	status = parse_global_options(argc, argv, &options);
	if (status >= 0)
		return status;
	log_setup(options.level, options.log_format);
	if (optind >= argc)
		return usage_error("no command given");
	command = find_command(argc - optind, argv + optind, &words, &group);
	if (command == NULL) {
		unknown_command(argc - optind, argv + optind, group);
		return cli_exit_status(AR_ERR_USAGE);
	}
	if (sodium_init() < 0) {
		fputs("accessreview: cannot initialise libsodium\n", stderr);
		return cli_exit_status(AR_ERR_INTERNAL);
	}
	optind += words - 1;
	return run_command(command, &options, argc - optind, argv + optind);
}
