/* help.c -- help and usage text generated from each command's table */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "cli.h"

void cli_print_help(FILE *out, const struct cli_command_help *help)
{
	fprintf(out, "usage: accessreview %s\n\n%s\n", help->synopsis,
		help->summary);
	if (help->options == NULL || help->options[0].option == NULL)
		return;
	fputs("\noptions:\n", out);
	for (const struct cli_option_help *o = help->options; o->option; o++)
		fprintf(out, "  %-26s %s\n", o->option, o->text);
}

enum ar_rc cli_usage_error(struct ar_error *err, const char *command,
			   const char *problem, const char *detail)
{
	return ar_error_set(err, AR_ERR_USAGE, "%s: %s%s%s%s", command,
			    problem, detail ? " '" : "", detail ? detail : "",
			    detail ? "'" : "");
}

enum ar_rc cli_show_help(const struct cli_command_help *help)
{
	cli_print_help(stdout, help);
	return AR_OK;
}
