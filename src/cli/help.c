/* help.c -- help and usage text printed from each command's table */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "cli.h"

void cli_print_help(FILE *out, const struct cli_command *command)
{
	fprintf(out, "usage: accessreview %s\n\n%s\n\noptions:\n",
		command->synopsis, command->summary);
	cli_print_options(out, command->options);
}
