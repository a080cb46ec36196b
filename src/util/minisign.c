/* minisign.c -- minisign key files and signatures over libsodium */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "accessreview/mem.h"
#include "accessreview/minisign.h"

#define ALGORITHM_BYTES 2
#define PUBLIC_BLOB_BYTES (ALGORITHM_BYTES + MINISIGN_KEY_ID_BYTES + 32)
#define SIGNATURE_BLOB_BYTES (ALGORITHM_BYTES + MINISIGN_KEY_ID_BYTES + 64)
#define SALT_BYTES 32
#define CHECKSUM_BYTES 32
/* sig, kdf and checksum algorithms, salt, opslimit, memlimit, then the
 * key id, the secret key and the checksum */
#define SECRET_HEADER_BYTES (3 * ALGORITHM_BYTES + SALT_BYTES + 8 + 8)
#define SECRET_BLOB_BYTES \
	(SECRET_HEADER_BYTES + MINISIGN_KEY_ID_BYTES + 64 + CHECKSUM_BYTES)
#define UNTRUSTED_PREFIX "untrusted comment: "
#define TRUSTED_PREFIX "trusted comment: "
/* minisign's own limits, written though an unencrypted key needs none */
#define DEFAULT_OPSLIMIT 33554432ULL
#define DEFAULT_MEMLIMIT 1073741824ULL

void minisign_generate(struct minisign_secret_key *secret,
		       struct minisign_public_key *public_key)
{
	unsigned char public_bytes[crypto_sign_PUBLICKEYBYTES];

	randombytes_buf(secret->key_id, MINISIGN_KEY_ID_BYTES);
	crypto_sign_keypair(public_bytes, secret->key);
	minisign_public_of(secret, public_key);
}

void minisign_public_of(const struct minisign_secret_key *secret,
			struct minisign_public_key *public_key)
{
	memcpy(public_key->key_id, secret->key_id, MINISIGN_KEY_ID_BYTES);
	crypto_sign_ed25519_sk_to_pk(public_key->key, secret->key);
}

/* minisign reads the id as a little-endian number and prints it in hex */
void minisign_key_id_text(const unsigned char key_id[MINISIGN_KEY_ID_BYTES],
			  char out[17])
{
	for (int i = 0; i < MINISIGN_KEY_ID_BYTES; i++)
		snprintf(out + 2 * i, 3, "%02X",
			 key_id[MINISIGN_KEY_ID_BYTES - 1 - i]);
}

static void add_base64_line(struct ar_buf *out, const unsigned char *bytes,
			    size_t length)
{
	size_t size = sodium_base64_ENCODED_LEN(
		length, sodium_base64_VARIANT_ORIGINAL);
	char *text = ar_malloc(size);

	sodium_bin2base64(text, size, bytes, length,
			  sodium_base64_VARIANT_ORIGINAL);
	ar_buf_addf(out, "%s\n", text);
	free(text);
}

static void store_le64(unsigned char *out, unsigned long long value)
{
	for (int i = 0; i < 8; i++)
		out[i] = (unsigned char)(value >> (8 * i));
}

static void secret_checksum(const struct minisign_secret_key *key,
			    unsigned char out[CHECKSUM_BYTES])
{
	crypto_generichash_state state;

	crypto_generichash_init(&state, NULL, 0, CHECKSUM_BYTES);
	crypto_generichash_update(&state, (const unsigned char *)"Ed",
				  ALGORITHM_BYTES);
	crypto_generichash_update(&state, key->key_id, MINISIGN_KEY_ID_BYTES);
	crypto_generichash_update(&state, key->key, sizeof(key->key));
	crypto_generichash_final(&state, out, CHECKSUM_BYTES);
}

void minisign_format_public(const struct minisign_public_key *key,
			    struct ar_buf *out)
{
	unsigned char blob[PUBLIC_BLOB_BYTES];
	char id[17];

	memcpy(blob, "Ed", ALGORITHM_BYTES);
	memcpy(blob + ALGORITHM_BYTES, key->key_id, MINISIGN_KEY_ID_BYTES);
	memcpy(blob + ALGORITHM_BYTES + MINISIGN_KEY_ID_BYTES, key->key, 32);
	minisign_key_id_text(key->key_id, id);
	ar_buf_addf(out, UNTRUSTED_PREFIX "minisign public key %s\n", id);
	add_base64_line(out, blob, sizeof(blob));
}

void minisign_format_secret(const struct minisign_secret_key *key,
			    struct ar_buf *out)
{
	unsigned char blob[SECRET_BLOB_BYTES] = { 0 };
	unsigned char *p = blob;

	memcpy(p, "Ed", 2);
	memcpy(p + 2, "\0\0", 2);            /* no KDF: unencrypted */
	memcpy(p + 4, "B2", 2);
	p += 3 * ALGORITHM_BYTES + SALT_BYTES;
	store_le64(p, DEFAULT_OPSLIMIT);
	store_le64(p + 8, DEFAULT_MEMLIMIT);
	p += 16;
	memcpy(p, key->key_id, MINISIGN_KEY_ID_BYTES);
	memcpy(p + MINISIGN_KEY_ID_BYTES, key->key, sizeof(key->key));
	secret_checksum(key, p + MINISIGN_KEY_ID_BYTES + sizeof(key->key));
	ar_buf_adds(out, UNTRUSTED_PREFIX
		    "accessreview secret key (unencrypted: keep it mode 0600)\n");
	add_base64_line(out, blob, sizeof(blob));
	sodium_memzero(blob, sizeof(blob));
}

/* ---- reading ---- */

/* Line number `index` (0-based) of text, without its line end, in out. */
static int text_line(const char *text, int index, struct ar_buf *out)
{
	const char *end;

	for (; index > 0 && text != NULL; index--) {
		text = strchr(text, '\n');
		if (text != NULL)
			text++;
	}
	if (text == NULL || *text == '\0')
		return -1;
	end = strchr(text, '\n');
	if (end == NULL)
		end = text + strlen(text);
	if (end > text && end[-1] == '\r')
		end--;
	ar_buf_reset(out);
	ar_buf_add(out, text, (size_t)(end - text));
	return 0;
}

static int decode_line(const char *text, int index, unsigned char *out,
		       size_t length)
{
	struct ar_buf line = AR_BUF_INIT;
	size_t got = 0;
	int rc = text_line(text, index, &line);

	if (rc == 0)
		rc = sodium_base642bin(out, length, line.buf, line.len, NULL,
				       &got, NULL,
				       sodium_base64_VARIANT_ORIGINAL);
	ar_buf_release(&line);
	return rc == 0 && got == length ? 0 : -1;
}

static int starts_with_line(const char *text, int index, const char *prefix)
{
	struct ar_buf line = AR_BUF_INIT;
	int yes = text_line(text, index, &line) == 0 &&
		  strncmp(line.buf, prefix, strlen(prefix)) == 0;

	ar_buf_release(&line);
	return yes;
}

enum ar_rc minisign_parse_public(const char *text, const char *where,
				 struct minisign_public_key *key,
				 struct ar_error *err)
{
	unsigned char blob[PUBLIC_BLOB_BYTES];

	if (!starts_with_line(text, 0, UNTRUSTED_PREFIX) ||
	    decode_line(text, 1, blob, sizeof(blob)) != 0 ||
	    memcmp(blob, "Ed", ALGORITHM_BYTES) != 0)
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: not a minisign Ed25519 public key",
				    where);
	memcpy(key->key_id, blob + ALGORITHM_BYTES, MINISIGN_KEY_ID_BYTES);
	memcpy(key->key, blob + ALGORITHM_BYTES + MINISIGN_KEY_ID_BYTES, 32);
	return AR_OK;
}

enum ar_rc minisign_parse_secret(const char *text, const char *where,
				 struct minisign_secret_key *key,
				 struct ar_error *err)
{
	unsigned char blob[SECRET_BLOB_BYTES];
	unsigned char checksum[CHECKSUM_BYTES];
	const unsigned char *p = blob + SECRET_HEADER_BYTES;
	enum ar_rc rc = AR_OK;

	if (!starts_with_line(text, 0, UNTRUSTED_PREFIX) ||
	    decode_line(text, 1, blob, sizeof(blob)) != 0 ||
	    memcmp(blob, "Ed", 2) != 0 || memcmp(blob + 4, "B2", 2) != 0)
		rc = ar_error_set(err, AR_ERR_DATA,
				  "%s: not a minisign Ed25519 secret key",
				  where);
	else if (memcmp(blob + 2, "\0\0", 2) != 0)
		rc = ar_error_set(err, AR_ERR_DATA,
				  "%s: the key is encrypted with a "
				  "passphrase, which a batch run cannot "
				  "type: make one with 'accessreview keygen' "
				  "or 'minisign -G -W'", where);
	if (rc == AR_OK) {
		memcpy(key->key_id, p, MINISIGN_KEY_ID_BYTES);
		memcpy(key->key, p + MINISIGN_KEY_ID_BYTES, sizeof(key->key));
		secret_checksum(key, checksum);
		if (sodium_memcmp(checksum,
				  p + MINISIGN_KEY_ID_BYTES + sizeof(key->key),
				  CHECKSUM_BYTES) != 0)
			rc = ar_error_set(err, AR_ERR_DATA,
					  "%s: the secret key's checksum "
					  "does not match (damaged file)",
					  where);
	}
	sodium_memzero(blob, sizeof(blob));
	if (rc != AR_OK)
		sodium_memzero(key, sizeof(*key));
	return rc;
}

/* ---- signing and checking ---- */

static void message_hash(const void *message, size_t length,
			 unsigned char out[crypto_generichash_BYTES_MAX])
{
	crypto_generichash(out, crypto_generichash_BYTES_MAX, message, length,
			   NULL, 0);
}

void minisign_sign(const struct minisign_secret_key *key, const void *message,
		   size_t length, const char *trusted_comment,
		   struct ar_buf *out)
{
	unsigned char blob[SIGNATURE_BLOB_BYTES];
	unsigned char hash[crypto_generichash_BYTES_MAX];
	unsigned char *signature = blob + ALGORITHM_BYTES + MINISIGN_KEY_ID_BYTES;
	size_t comment_length = strlen(trusted_comment);
	unsigned char *global = ar_malloc(64 + comment_length);
	unsigned char global_signature[64];

	memcpy(blob, "ED", ALGORITHM_BYTES);
	memcpy(blob + ALGORITHM_BYTES, key->key_id, MINISIGN_KEY_ID_BYTES);
	message_hash(message, length, hash);
	crypto_sign_detached(signature, NULL, hash, sizeof(hash), key->key);
	memcpy(global, signature, 64);
	memcpy(global + 64, trusted_comment, comment_length);
	crypto_sign_detached(global_signature, NULL, global,
			     64 + comment_length, key->key);
	ar_buf_adds(out, UNTRUSTED_PREFIX
		    "signature from accessreview secret key\n");
	add_base64_line(out, blob, sizeof(blob));
	ar_buf_addf(out, TRUSTED_PREFIX "%s\n", trusted_comment);
	add_base64_line(out, global_signature, sizeof(global_signature));
	free(global);
}

static enum ar_rc check_global(const struct minisign_public_key *key,
			       const char *text, const unsigned char *signature,
			       const char *where, struct ar_buf *comment,
			       struct ar_error *err)
{
	struct ar_buf line = AR_BUF_INIT;
	unsigned char global_signature[64];
	struct ar_buf signed_part = AR_BUF_INIT;
	enum ar_rc rc = AR_OK;

	if (text_line(text, 2, &line) != 0 ||
	    strncmp(line.buf, TRUSTED_PREFIX, strlen(TRUSTED_PREFIX)) != 0 ||
	    decode_line(text, 3, global_signature,
			sizeof(global_signature)) != 0)
		rc = ar_error_set(err, AR_ERR_DATA,
				  "%s: no trusted comment and its signature",
				  where);
	if (rc == AR_OK) {
		ar_buf_add(&signed_part, signature, 64);
		ar_buf_adds(&signed_part, line.buf + strlen(TRUSTED_PREFIX));
		if (crypto_sign_verify_detached(
			    global_signature,
			    (const unsigned char *)signed_part.buf,
			    signed_part.len, key->key) != 0)
			rc = ar_error_set(err, AR_ERR_NOPERM,
					  "%s: the trusted comment's signature "
					  "does not match (the comment was "
					  "changed)", where);
	}
	if (rc == AR_OK && comment != NULL) {
		ar_buf_reset(comment);
		ar_buf_adds(comment, line.buf + strlen(TRUSTED_PREFIX));
	}
	ar_buf_release(&line);
	ar_buf_release(&signed_part);
	return rc;
}

enum ar_rc minisign_verify(const struct minisign_public_key *key,
			   const void *message, size_t length,
			   const char *signature, const char *where,
			   struct ar_buf *trusted_comment,
			   struct ar_error *err)
{
	unsigned char blob[SIGNATURE_BLOB_BYTES];
	unsigned char hash[crypto_generichash_BYTES_MAX];
	const unsigned char *bytes = blob + ALGORITHM_BYTES +
				     MINISIGN_KEY_ID_BYTES;
	int prehashed, verified;

	if (!starts_with_line(signature, 0, UNTRUSTED_PREFIX) ||
	    decode_line(signature, 1, blob, sizeof(blob)) != 0 ||
	    (memcmp(blob, "ED", 2) != 0 && memcmp(blob, "Ed", 2) != 0))
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: not a minisign signature", where);
	if (memcmp(blob + ALGORITHM_BYTES, key->key_id,
		   MINISIGN_KEY_ID_BYTES) != 0)
		return ar_error_set(err, AR_ERR_NOPERM,
				    "%s: signed by another key than the one "
				    "given", where);
	prehashed = memcmp(blob, "ED", 2) == 0;
	if (prehashed) {
		message_hash(message, length, hash);
		verified = crypto_sign_verify_detached(bytes, hash,
						       sizeof(hash),
						       key->key) == 0;
	} else {
		verified = crypto_sign_verify_detached(
				   bytes, (const unsigned char *)message,
				   length, key->key) == 0;
	}
	if (!verified)
		return ar_error_set(err, AR_ERR_NOPERM,
				    "%s: the signature does not match (the "
				    "signed file was changed)", where);
	return check_global(key, signature, bytes, where, trusted_comment,
			    err);
}
