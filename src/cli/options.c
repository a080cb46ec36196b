/* options.c -- one table per command drives both its parsing and its help */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "accessreview/mem.h"
#include "accessreview/text.h"
#include "options.h"

/* getopt_long's codes for long-only options start past any char. */
#define LONG_ONLY_BASE 256
#define HELP_CODE (LONG_ONLY_BASE - 1)

static size_t option_count(const struct cli_option *options)
{
	size_t count = 0;

	while (options[count].type != 0)
		count++;
	return count;
}

static int option_code(const struct cli_option *options, size_t index)
{
	return options[index].short_name ? options[index].short_name
					 : LONG_ONLY_BASE + (int)index;
}

/* getopt_long's tables from ours: "o:h" and the long options.  Options
 * may follow operands ("campaign open 2026-Q4 --due ..."); "--" ends
 * them. */
static struct option *getopt_tables(const struct cli_option *options,
				    char *shorts, size_t shorts_size)
{
	size_t count = option_count(options), used = 0;
	struct option *longs = ar_calloc(count + 2, sizeof(*longs));

	for (size_t i = 0; i < count; i++) {
		int has_argument = options[i].type != CLI_FLAG;

		longs[i].name = options[i].long_name;
		longs[i].has_arg = has_argument ? required_argument
						: no_argument;
		longs[i].val = option_code(options, i);
		if (options[i].short_name && used + 3 < shorts_size) {
			shorts[used++] = (char)options[i].short_name;
			if (has_argument)
				shorts[used++] = ':';
		}
	}
	longs[count].name = "help";
	longs[count].val = HELP_CODE;
	shorts[used++] = 'h';
	shorts[used] = '\0';
	return longs;
}

static const struct cli_option *find_option(const struct cli_option *options,
					    int code)
{
	for (size_t i = 0; options[i].type != 0; i++)
		if (option_code(options, i) == code)
			return &options[i];
	return NULL;
}

static enum ar_rc bad_value(const char *command, const struct cli_option *option,
			    const char *problem, const char *value,
			    struct ar_error *err)
{
	return ar_error_set(err, AR_ERR_USAGE, "%s: --%s: %s, not '%s'",
			    command, option->long_name, problem, value);
}

/* "xml|html" holds value as one of its words. */
static int is_choice(const char *words, const char *value)
{
	size_t length = strlen(value);
	const char *at = words;

	while (at != NULL && *at != '\0') {
		const char *end = strchr(at, '|');
		size_t word = end ? (size_t)(end - at) : strlen(at);

		if (word == length && strncmp(at, value, length) == 0)
			return 1;
		at = end ? end + 1 : NULL;
	}
	return 0;
}

static enum ar_rc parse_integer(const char *command,
				const struct cli_option *option,
				const char *value, long long minimum,
				long long *out, struct ar_error *err)
{
	char *end = NULL;
	long long number;

	errno = 0;
	number = strtoll(value, &end, 10);
	if (*value == '\0' || *end != '\0' || errno != 0 || number < minimum)
		return bad_value(command, option,
				 minimum > 0 ? "expected a positive id"
					     : "expected a number",
				 value, err);
	*out = number;
	return AR_OK;
}

static enum ar_rc set_value(const char *command,
			      const struct cli_option *option,
			      const char *value, void *args,
			      struct ar_error *err)
{
	char *field = (char *)args + option->offset;
	struct cli_list *list;
	struct cli_time *when;
	struct cli_count *count;

	switch (option->type) {
	case CLI_FLAG:
		*(int *)field = 1;
		return AR_OK;
	case CLI_STRING:
		*(const char **)field = value;
		return AR_OK;
	case CLI_CHOICE:
		if (!is_choice(option->argument, value))
			return bad_value(command, option, option->argument,
					 value, err);
		*(const char **)field = value;
		return AR_OK;
	case CLI_ID:
		return parse_integer(command, option, value, 1,
				     (long long *)field, err);
	case CLI_NUMBER:
		return parse_integer(command, option, value, 0,
				     (long long *)field, err);
	case CLI_COUNT:
		count = (struct cli_count *)field;
		count->given = 1;
		return parse_integer(command, option, value, 0, &count->value,
				     err);
	case CLI_TIME:
		when = (struct cli_time *)field;
		if (text_parse_time(value, &when->value) != 0)
			return bad_value(command, option,
					 "expected a timestamp such as "
					 "2026-11-20T09:00:00Z",
					 value, err);
		when->given = 1;
		return AR_OK;
	case CLI_LIST:
		list = (struct cli_list *)field;
		list->items = ar_realloc(list->items, (list->count + 1) *
							      sizeof(char *));
		list->items[list->count++] = value;
		return AR_OK;
	}
	return ar_error_set(err, AR_ERR_INTERNAL, "%s: bad option table",
			    command);
}

enum ar_rc cli_parse_options(const char *command,
			     const struct cli_option *options, int argc,
			     char **argv, void *args, int *help,
			     char ***operands, int *operand_count,
			     struct ar_error *err)
{
	char shorts[128];
	struct option *longs = getopt_tables(options, shorts, sizeof(shorts));
	enum ar_rc rc = AR_OK;
	int code;

	*help = 0;
	optind = 0;
	opterr = 0;
	while (rc == AR_OK &&
	       (code = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		const struct cli_option *option = find_option(options, code);

		if (code == 'h' || code == HELP_CODE)
			*help = 1;
		else if (option != NULL)
			rc = set_value(command, option, optarg, args, err);
		else if (optopt != 0 && find_option(options, optopt) != NULL)
			rc = ar_error_set(err, AR_ERR_USAGE,
					  "%s: option '-%c' needs a value",
					  command, optopt);
		else
			rc = ar_error_set(err, AR_ERR_USAGE,
					  "%s: unknown option '%s'", command,
					  argv[optind - 1]);
	}
	free(longs);
	*operands = argv + optind;
	*operand_count = argc - optind;
	return rc;
}

void cli_release_options(const struct cli_option *options, void *args)
{
	for (size_t i = 0; options[i].type != 0; i++) {
		struct cli_list *list;

		if (options[i].type != CLI_LIST)
			continue;
		list = (struct cli_list *)((char *)args + options[i].offset);
		free(list->items);
		list->items = NULL;
		list->count = 0;
	}
}

void cli_print_options(FILE *out, const struct cli_option *options)
{
	char left[64];

	for (size_t i = 0; options[i].type != 0; i++) {
		const struct cli_option *o = &options[i];

		if (o->short_name)
			snprintf(left, sizeof(left), "-%c, --%s%s%s",
				 o->short_name, o->long_name,
				 o->argument ? " " : "",
				 o->argument ? o->argument : "");
		else
			snprintf(left, sizeof(left), "--%s%s%s", o->long_name,
				 o->argument ? " " : "",
				 o->argument ? o->argument : "");
		fprintf(out, "  %-26s %s\n", left, o->help);
	}
	fprintf(out, "  %-26s %s\n", "-h, --help", "show this help");
}
