/* process.h -- run a program with data on its standard input, no shell */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_PROCESS_H
#define ACCESSREVIEW_PROCESS_H

#include <stddef.h>

#include "accessreview/error.h"

/*
 * How the program ended.  status is its exit status, or 128 + the signal
 * that killed it (as a shell reports it), with signal set; written is
 * how much of the data it read before it closed its input.
 */
struct process_result {
	int status;
	int signal;
	size_t written;
};

/*
 * Run argv[0] (a path, not looked up in PATH and never given to a shell)
 * with argv, its standard input a pipe fed data[0..length), its standard
 * output and error ours, the environment ours; wait for it.  The child
 * gets SIGPIPE back to its default; ours is ignored while writing, so a
 * program that exits without reading is a result, not our death.
 * AR_OK once it ran (*result says how it ended, 0 is not implied);
 * AR_ERR_CONFIG when it cannot be started (missing, not executable: the
 * path comes from the configuration), with errno kept; AR_ERR_INTERNAL
 * when no pipe or wait is possible.
 */
enum ar_rc process_feed(char *const argv[], const void *data, size_t length,
			struct process_result *result, struct ar_error *err);

#endif
