/* hash.h -- SHA-256 of files and buffers (libsodium) */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_HASH_H
#define ACCESSREVIEW_HASH_H

#include <stddef.h>

#include "accessreview/error.h"

#define HASH_HEX_SIZE 65

/*
 * SHA-256 of a whole file as lowercase hex into hex[HASH_HEX_SIZE], and its
 * size in bytes.  AR_ERR_NOINPUT when the file cannot be opened or read.
 */
enum ar_rc hash_file_sha256(const char *path, char hex[HASH_HEX_SIZE],
			    long long *bytes, struct ar_error *err);
void hash_buffer_sha256(const void *data, size_t length,
			char hex[HASH_HEX_SIZE]);

#endif
