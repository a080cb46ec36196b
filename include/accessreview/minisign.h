/* minisign.h -- minisign keys and signatures (Ed25519, libsodium) */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_MINISIGN_H
#define ACCESSREVIEW_MINISIGN_H

#include <stddef.h>

#include "accessreview/buf.h"
#include "accessreview/error.h"

/*
 * MINISIGN
 *
 * The formats of minisign (https://jedisct1.github.io/minisign/), so that
 * an auditor checks the tool's signatures with the stock `minisign -V`:
 *   public key  "Ed" || key id (8) || Ed25519 public key (32)
 *   secret key  "Ed" || kdf "\0\0" (unencrypted) || "B2" || salt (32) ||
 *               opslimit (8, LE) || memlimit (8, LE) || key id (8) ||
 *               Ed25519 secret key (64) || BLAKE2b-256 checksum (32)
 *   signature   "ED" || key id || Ed25519 over BLAKE2b-512(message),
 *               then the trusted comment and the Ed25519 signature of
 *               signature || trusted comment
 * each base64 under an "untrusted comment:" line.  Secret keys are read
 * only unencrypted (minisign -G -W writes those too): a batch tool run by
 * cron has nobody to type a passphrase; the file's mode protects it.
 */

#define MINISIGN_KEY_ID_BYTES 8

struct minisign_public_key {
	unsigned char key_id[MINISIGN_KEY_ID_BYTES];
	unsigned char key[32];
};

struct minisign_secret_key {
	unsigned char key_id[MINISIGN_KEY_ID_BYTES];
	unsigned char key[64];   /* libsodium's: seed || public key */
};

/* A new key pair with a random key id. */
void minisign_generate(struct minisign_secret_key *secret,
		       struct minisign_public_key *public_key);
/* The public half of a secret key. */
void minisign_public_of(const struct minisign_secret_key *secret,
			struct minisign_public_key *public_key);
/* "1A2B..." as minisign prints a key id (16 hex digits). */
void minisign_key_id_text(const unsigned char key_id[MINISIGN_KEY_ID_BYTES],
			  char out[17]);

/* The key files' text, appended to out. */
void minisign_format_public(const struct minisign_public_key *key,
			    struct ar_buf *out);
void minisign_format_secret(const struct minisign_secret_key *key,
			    struct ar_buf *out);

/* Read a key file's text; where names it in messages.  AR_ERR_DATA for
 * anything but a well-formed Ed25519 key (a secret key also: its
 * checksum; an encrypted one is refused saying so). */
enum ar_rc minisign_parse_public(const char *text, const char *where,
				 struct minisign_public_key *key,
				 struct ar_error *err);
enum ar_rc minisign_parse_secret(const char *text, const char *where,
				 struct minisign_secret_key *key,
				 struct ar_error *err);

/* The .minisig text for message, with a trusted comment (one line). */
void minisign_sign(const struct minisign_secret_key *key, const void *message,
		   size_t length, const char *trusted_comment,
		   struct ar_buf *out);

/*
 * Check .minisig text over message with key: the key id, the signature
 * (prehashed "ED" or legacy "Ed") and the trusted comment's signature.
 * AR_ERR_NOPERM when a signature does not match or the key id is
 * another key's, AR_ERR_DATA when the text cannot be read.  On success
 * trusted_comment (when not NULL) receives the comment.
 */
enum ar_rc minisign_verify(const struct minisign_public_key *key,
			   const void *message, size_t length,
			   const char *signature, const char *where,
			   struct ar_buf *trusted_comment,
			   struct ar_error *err);

#endif
