/* hash.c -- SHA-256 of files and buffers (libsodium) */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "accessreview/hash.h"

static void to_hex(const unsigned char *digest, char hex[HASH_HEX_SIZE])
{
	sodium_bin2hex(hex, HASH_HEX_SIZE, digest,
		       crypto_hash_sha256_BYTES);
}

enum ar_rc hash_file_sha256(const char *path, char hex[HASH_HEX_SIZE],
			    long long *bytes, struct ar_error *err)
{
	crypto_hash_sha256_state state;
	unsigned char digest[crypto_hash_sha256_BYTES];
	unsigned char chunk[65536];
	FILE *file;
	size_t got;
	enum ar_rc rc = AR_OK;

	file = fopen(path, "rb");
	if (file == NULL)
		return ar_error_set(err, errno == EACCES ? AR_ERR_NOPERM
							 : AR_ERR_NOINPUT,
				    "cannot open '%s': %s", path,
				    strerror(errno));
	crypto_hash_sha256_init(&state);
	*bytes = 0;
	while ((got = fread(chunk, 1, sizeof(chunk), file)) > 0) {
		crypto_hash_sha256_update(&state, chunk, got);
		*bytes += (long long)got;
	}
	if (ferror(file))
		rc = ar_error_set(err, AR_ERR_NOINPUT, "cannot read '%s': %s",
				  path, strerror(errno));
	fclose(file);
	crypto_hash_sha256_final(&state, digest);
	to_hex(digest, hex);
	return rc;
}

void hash_buffer_sha256(const void *data, size_t length,
			char hex[HASH_HEX_SIZE])
{
	unsigned char digest[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(digest, data, length);
	to_hex(digest, hex);
}
