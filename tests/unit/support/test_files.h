/* test_files.h -- fixture files and temporary files for the unit tests */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_TEST_FILES_H
#define ACCESSREVIEW_TEST_FILES_H

#include <stddef.h>

#include "accessreview/sshsig.h"

/* The whole file, NUL-terminated; *length (may be NULL) its size.  A
 * file that cannot be read fails the test.  Free the result. */
char *test_read_file(const char *path, size_t *length);

/* Write length bytes of data to path, failing the test on error. */
void test_write_file(const char *path, const void *data, size_t length);

/* A new empty directory under $TMPDIR (or /tmp); free the result after
 * test_remove_tree. */
char *test_temp_dir(void);

/* Remove a directory made by test_temp_dir and the files in it. */
void test_remove_tree(const char *dir);

/* "ssh-ed25519 AAAA..." (type and key) from an OpenSSH .pub file, for
 * allowed_signers lines.  Free the result. */
char *test_public_key_line(const char *pub_path);

/* The Ed25519 key of an OpenSSH .pub file. */
void test_public_key(const char *pub_path, struct sshsig_key *key);

#endif
