/* harness.h -- the libFuzzer entry point every tests/fuzz/fuzz_*.c shares */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_FUZZ_HARNESS_H
#define ACCESSREVIEW_FUZZ_HARNESS_H

/*
 * Include after defining FUZZ_TARGET to a name of tests/fuzz/targets.h.
 *
 * The readers take a path, not a buffer, so each input is written to one
 * temporary file per process, reused for every run: creating a file per
 * input would cost more than most parses.  Any result but "accepted" or
 * "refused as bad input, naming the file" aborts, so libFuzzer keeps the
 * input as a crash like any sanitizer report.
 */

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "targets.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char fuzz_path[256];
static const struct fuzz_target *fuzz_current;

static void fuzz_cleanup(void)
{
	if (fuzz_path[0] != '\0')
		unlink(fuzz_path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	(void)argc;
	(void)argv;
	fuzz_current = fuzz_target_find(FUZZ_TARGET);
	if (fuzz_current == NULL) {
		fprintf(stderr, "no fuzz target '%s'\n", FUZZ_TARGET);
		abort();
	}
	snprintf(fuzz_path, sizeof(fuzz_path), "%s/fuzz-%s.XXXXXX",
		 dir != NULL && *dir != '\0' ? dir : "/tmp", FUZZ_TARGET);
	fd = mkstemp(fuzz_path);
	if (fd < 0) {
		perror(fuzz_path);
		abort();
	}
	close(fd);
	atexit(fuzz_cleanup);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ar_error err = AR_ERROR_INIT;
	FILE *file = fopen(fuzz_path, "wb");
	enum ar_rc rc;

	if (file == NULL || fwrite(data, 1, size, file) != size ||
	    fclose(file) != 0) {
		perror(fuzz_path);
		abort();
	}
	rc = fuzz_run(fuzz_current, fuzz_path, NULL, &err);
	if (rc != AR_OK) {
		fprintf(stderr, "%s: unexpected result %s: %s\n", FUZZ_TARGET,
			ar_rc_name(rc), err.message);
		abort();
	}
	return 0;
}

#endif
