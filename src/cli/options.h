/* options.h -- one table per command drives both its parsing and its help */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_CLI_OPTIONS_H
#define ACCESSREVIEW_CLI_OPTIONS_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "accessreview/error.h"

/*
 * After git's parse-options: a command lists its options once, each with
 * where its value goes (an offset into the command's own argument
 * struct), the name of its argument and one line of help.  The parser
 * checks every value it can (an id is a positive integer, a choice is one
 * of its words, a time is a timestamp), so a command only sees values it
 * can use; the help is printed from the same table.
 */
enum cli_option_type {
	CLI_FLAG = 1,                /* int, set to 1 */
	CLI_STRING,                  /* const char * */
	CLI_CHOICE,                  /* const char *, one of "a|b|c" */
	CLI_ID,                      /* long long > 0 (snapshot, campaign) */
	CLI_NUMBER,                  /* long long >= 0 */
	CLI_TIME,                    /* struct cli_time: --now */
	CLI_LIST,                    /* struct cli_list: repeatable */
	CLI_COUNT                    /* struct cli_count: a number >= 0
					whose 0 differs from no option */
};

struct cli_time {
	int given;
	time_t value;
};

struct cli_count {
	int given;
	long long value;
};

struct cli_list {
	const char **items;          /* borrowed from argv */
	size_t count;
};

struct cli_option {
	enum cli_option_type type;
	int short_name;              /* 'o', or 0 */
	const char *long_name;       /* "output" */
	const char *argument;        /* "FILE"; the words for a CLI_CHOICE */
	size_t offset;               /* of the value in the argument struct */
	const char *help;
};

#define CLI_OPTION(type, short_name, long_name, argument, args, field, help) \
	{ (type), (short_name), (long_name), (argument),                     \
	  offsetof(args, field), (help) }
#define CLI_OPTIONS_END { 0, 0, NULL, NULL, 0, NULL }

/*
 * Parse argv[1..argc) (argv[0] is the command's name) into args by the
 * table; the operands left are at *operands (*operand_count of them).
 * `--help` sets *help.  AR_ERR_USAGE with a one-line message naming the
 * option and the problem.  argv's strings are borrowed.
 */
enum ar_rc cli_parse_options(const char *command,
			     const struct cli_option *options, int argc,
			     char **argv, void *args, int *help,
			     char ***operands, int *operand_count,
			     struct ar_error *err);

/* Free what parsing allocated in args (the lists). */
void cli_release_options(const struct cli_option *options, void *args);

/* "  -o, --output FILE       write to FILE ..." for each option. */
void cli_print_options(FILE *out, const struct cli_option *options);

#endif
