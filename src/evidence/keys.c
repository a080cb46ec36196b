/* keys.c -- the bundle's signing keys: keygen, and a secret key safely read */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "accessreview/buf.h"
#include "accessreview/evidence.h"
#include "accessreview/mem.h"
#include "accessreview/output.h"

/* A key file is small; anything bigger is not one. */
#define KEY_FILE_MAX 4096

static enum ar_rc refuse_existing(const char *path, struct ar_error *err)
{
	struct stat status;

	if (lstat(path, &status) == 0)
		return ar_error_set(err, AR_ERR_CANTCREATE,
				    "'%s' exists: keygen never replaces a key "
				    "(move it away first)", path);
	return AR_OK;
}

enum ar_rc evidence_keygen(const char *directory, struct evidence_keys *keys,
			   struct ar_error *err)
{
	struct minisign_secret_key secret;
	struct minisign_public_key public_key;
	struct ar_buf text = AR_BUF_INIT;
	enum ar_rc rc;

	memset(keys, 0, sizeof(*keys));
	keys->secret_path = output_path(directory, EVIDENCE_SECRET_KEY, NULL);
	keys->public_path = output_path(directory, EVIDENCE_PUBLIC_KEY, NULL);
	rc = output_make_directory(directory, err);
	if (rc == AR_OK)
		rc = refuse_existing(keys->secret_path, err);
	if (rc == AR_OK)
		rc = refuse_existing(keys->public_path, err);
	if (rc != AR_OK)
		return rc;
	minisign_generate(&secret, &public_key);
	minisign_format_secret(&secret, &text);
	rc = output_write_file(keys->secret_path, text.buf, text.len, 0600,
			       err);
	sodium_memzero(text.buf, text.len);
	sodium_memzero(&secret, sizeof(secret));
	ar_buf_reset(&text);
	minisign_format_public(&public_key, &text);
	if (rc == AR_OK)
		rc = output_write_file(keys->public_path, text.buf, text.len,
				       0644, err);
	minisign_key_id_text(public_key.key_id, keys->key_id);
	ar_buf_release(&text);
	return rc;
}

void evidence_keys_release(struct evidence_keys *keys)
{
	free(keys->secret_path);
	free(keys->public_path);
	keys->secret_path = NULL;
	keys->public_path = NULL;
}

static enum ar_rc read_key_file(int fd, const char *path, char *text,
				struct ar_error *err)
{
	ssize_t got = read(fd, text, KEY_FILE_MAX);

	if (got < 0)
		return ar_error_errno(err, AR_ERR_NOINPUT, errno,
				      "cannot read '%s'", path);
	if (got == KEY_FILE_MAX)
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: too big for a key file", path);
	text[got] = '\0';
	return AR_OK;
}

enum ar_rc evidence_load_secret_key(const char *path,
				    struct minisign_secret_key *key,
				    struct ar_error *err)
{
	char text[KEY_FILE_MAX + 1];
	struct stat status;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	enum ar_rc rc = AR_OK;

	if (fd < 0)
		return ar_error_errno(err, AR_ERR_NOINPUT, errno,
				      "cannot open the secret key '%s'", path);
	if (fstat(fd, &status) != 0 || !S_ISREG(status.st_mode))
		rc = ar_error_set(err, AR_ERR_NOINPUT,
				  "'%s' is not a regular file", path);
	else if ((status.st_mode & 077) != 0)
		rc = ar_error_set(err, AR_ERR_NOPERM,
				  "'%s' is mode %04o: a secret key open to "
				  "group or others is refused (chmod 600 it)",
				  path, (unsigned)(status.st_mode & 07777));
	if (rc == AR_OK)
		rc = read_key_file(fd, path, text, err);
	close(fd);
	if (rc == AR_OK)
		rc = minisign_parse_secret(text, path, key, err);
	sodium_memzero(text, sizeof(text));
	return rc;
}
