/* sshsig.c -- verifying SSHSIG signatures and reading allowed_signers */
/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "accessreview/buf.h"
#include "accessreview/mem.h"
#include "accessreview/sshsig.h"

#define ARMOR_BEGIN "-----BEGIN SSH SIGNATURE-----"
#define ARMOR_END "-----END SSH SIGNATURE-----"
#define SSHSIG_MAGIC "SSHSIG"
#define SSHSIG_MAX_ARMOR (64 * 1024)
#define ED25519_SIGNATURE_BYTES 64

/* ---- SSH wire format: uint32 lengths, big-endian ---- */

struct wire {
	const unsigned char *data;
	size_t length;
	int bad;                     /* a read ran past the end */
};

static uint32_t wire_u32(struct wire *wire)
{
	uint32_t value;

	if (wire->bad || wire->length < 4) {
		wire->bad = 1;
		return 0;
	}
	value = (uint32_t)wire->data[0] << 24 | (uint32_t)wire->data[1] << 16 |
		(uint32_t)wire->data[2] << 8 | wire->data[3];
	wire->data += 4;
	wire->length -= 4;
	return value;
}

/* A string: its bytes as a sub-wire (not NUL-terminated). */
static struct wire wire_string(struct wire *wire)
{
	struct wire part = { NULL, 0, 1 };
	uint32_t length = wire_u32(wire);

	if (wire->bad || length > wire->length) {
		wire->bad = 1;
		return part;
	}
	part = (struct wire){ wire->data, length, 0 };
	wire->data += length;
	wire->length -= length;
	return part;
}

static int wire_is(const struct wire *wire, const char *text)
{
	return !wire->bad && wire->length == strlen(text) &&
	       memcmp(wire->data, text, wire->length) == 0;
}

static void put_string(struct ar_buf *out, const void *data, size_t length)
{
	unsigned char prefix[4] = {
		(unsigned char)(length >> 24), (unsigned char)(length >> 16),
		(unsigned char)(length >> 8), (unsigned char)length,
	};

	ar_buf_add(out, prefix, 4);
	ar_buf_add(out, data, length);
}

/* ---- the armor ---- */

static enum ar_rc unarmor(const char *armored, const char *where,
			  unsigned char **blob, size_t *length,
			  struct ar_error *err)
{
	const char *begin = armored ? strstr(armored, ARMOR_BEGIN) : NULL;
	/* after the BEGIN line, not in it: "-----BEGIN SSH SIGNATURE-----END
	 * SSH SIGNATURE-----" shares its dashes, and would end before the
	 * body starts */
	const char *end =
		begin ? strstr(begin + strlen(ARMOR_BEGIN), ARMOR_END) : NULL;
	const char *body;
	size_t capacity;

	if (begin == NULL || end == NULL)
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: not an SSH signature (no \"%s\" ... "
				    "\"%s\" block)", where, ARMOR_BEGIN,
				    ARMOR_END);
	body = begin + strlen(ARMOR_BEGIN);
	capacity = (size_t)(end - body);
	*blob = ar_malloc(capacity + 1);
	if (sodium_base642bin(*blob, capacity, body, (size_t)(end - body),
			      " \t\r\n", length, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0) {
		free(*blob);
		*blob = NULL;
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: the SSH signature is not valid base64",
				    where);
	}
	return AR_OK;
}

/* ---- keys ---- */

/* string "ssh-ed25519", string key: the only key type accepted */
static enum ar_rc read_public_key(struct wire blob, const char *where,
				  struct sshsig_key *key, struct ar_error *err)
{
	struct wire type = wire_string(&blob);
	struct wire bytes = wire_string(&blob);
	char name[64];

	if (type.bad)
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: the signature's public key is "
				    "truncated", where);
	if (!wire_is(&type, "ssh-ed25519")) {
		snprintf(name, sizeof(name), "%.*s",
			 (int)(type.length < 40 ? type.length : 40),
			 (const char *)type.data);
		for (char *c = name; *c; c++)
			if (!isprint((unsigned char)*c))
				*c = '?';
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: key type '%s' is not supported "
				    "(use an Ed25519 key: ssh-keygen -t "
				    "ed25519)", where, name);
	}
	if (bytes.bad || bytes.length != SSHSIG_ED25519_KEY_BYTES ||
	    blob.length != 0)
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: malformed Ed25519 public key", where);
	memcpy(key->ed25519, bytes.data, SSHSIG_ED25519_KEY_BYTES);
	return AR_OK;
}

void sshsig_fingerprint(const struct sshsig_key *key,
			char out[SSHSIG_FINGERPRINT_SIZE])
{
	struct ar_buf blob = AR_BUF_INIT;
	unsigned char digest[crypto_hash_sha256_BYTES];
	char encoded[sodium_base64_ENCODED_LEN(
		crypto_hash_sha256_BYTES,
		sodium_base64_VARIANT_ORIGINAL_NO_PADDING)];

	put_string(&blob, "ssh-ed25519", 11);
	put_string(&blob, key->ed25519, SSHSIG_ED25519_KEY_BYTES);
	crypto_hash_sha256(digest, (const unsigned char *)blob.buf, blob.len);
	sodium_bin2base64(encoded, sizeof(encoded), digest, sizeof(digest),
			  sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
	snprintf(out, SSHSIG_FINGERPRINT_SIZE, "SHA256:%s", encoded);
	ar_buf_release(&blob);
}

/* ---- verification ---- */

struct sshsig_fields {
	struct wire public_key;
	struct wire namespace_name;
	struct wire reserved;
	struct wire hash;
	struct wire signature;
};

static enum ar_rc read_fields(struct wire blob, const char *where,
			      struct sshsig_fields *fields,
			      struct ar_error *err)
{
	uint32_t version;

	if (blob.length < 6 || memcmp(blob.data, SSHSIG_MAGIC, 6) != 0)
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: not an SSHSIG signature (bad magic)",
				    where);
	blob.data += 6;
	blob.length -= 6;
	version = wire_u32(&blob);
	if (!blob.bad && version != 1)
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: SSHSIG version %u, only 1 is known",
				    where, (unsigned)version);
	fields->public_key = wire_string(&blob);
	fields->namespace_name = wire_string(&blob);
	fields->reserved = wire_string(&blob);
	fields->hash = wire_string(&blob);
	fields->signature = wire_string(&blob);
	if (blob.bad || blob.length != 0)
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: the SSH signature is truncated or has "
				    "trailing bytes", where);
	return AR_OK;
}

/* The bytes the key signed: magic, namespace, reserved, hash name and
 * the message's digest. */
static enum ar_rc signed_data(const struct sshsig_fields *fields,
			      const void *message, size_t length,
			      const char *where, struct ar_buf *out,
			      struct ar_error *err)
{
	unsigned char digest[crypto_hash_sha512_BYTES];
	size_t digest_length;

	if (wire_is(&fields->hash, "sha512")) {
		crypto_hash_sha512(digest, message, length);
		digest_length = crypto_hash_sha512_BYTES;
	} else if (wire_is(&fields->hash, "sha256")) {
		crypto_hash_sha256(digest, message, length);
		digest_length = crypto_hash_sha256_BYTES;
	} else {
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: hash algorithm is not sha256 or "
				    "sha512", where);
	}
	ar_buf_add(out, SSHSIG_MAGIC, 6);
	put_string(out, fields->namespace_name.data,
		   fields->namespace_name.length);
	put_string(out, fields->reserved.data, fields->reserved.length);
	put_string(out, fields->hash.data, fields->hash.length);
	put_string(out, digest, digest_length);
	return AR_OK;
}

static enum ar_rc check_signature(const struct sshsig_fields *fields,
				  const struct ar_buf *data,
				  const struct sshsig_key *key,
				  const char *where, struct ar_error *err)
{
	struct wire signature = fields->signature;
	struct wire type = wire_string(&signature);
	struct wire bytes = wire_string(&signature);

	if (!wire_is(&type, "ssh-ed25519") || bytes.bad ||
	    bytes.length != ED25519_SIGNATURE_BYTES || signature.length != 0)
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: malformed Ed25519 signature", where);
	if (crypto_sign_verify_detached(bytes.data,
					(const unsigned char *)data->buf,
					data->len, key->ed25519) != 0)
		return ar_error_set(err, AR_ERR_NOPERM,
				    "%s: the signature does not match the "
				    "file (it was changed after signing, or "
				    "signed something else)", where);
	return AR_OK;
}

enum ar_rc sshsig_verify(const void *message, size_t length,
			 const char *armored, const char *namespace_name,
			 const char *where, struct sshsig_key *signer,
			 struct ar_error *err)
{
	struct sshsig_fields fields = { { NULL, 0, 1 }, { NULL, 0, 1 },
				       { NULL, 0, 1 }, { NULL, 0, 1 },
				       { NULL, 0, 1 } };
	struct ar_buf data = AR_BUF_INIT;
	unsigned char *blob = NULL;
	size_t blob_length = 0;
	enum ar_rc rc;

	if (armored && strlen(armored) > SSHSIG_MAX_ARMOR)
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: too long for an SSH signature", where);
	rc = unarmor(armored, where, &blob, &blob_length, err);
	if (rc == AR_OK)
		rc = read_fields((struct wire){ blob, blob_length, 0 }, where,
				 &fields, err);
	if (rc == AR_OK)
		rc = read_public_key(fields.public_key, where, signer, err);
	if (rc == AR_OK && !wire_is(&fields.namespace_name, namespace_name))
		rc = ar_error_set(err, AR_ERR_NOPERM,
				  "%s: signed for another namespace, not "
				  "'%s' (sign with ssh-keygen -Y sign -n %s)",
				  where, namespace_name, namespace_name);
	if (rc == AR_OK)
		rc = signed_data(&fields, message, length, where, &data, err);
	if (rc == AR_OK)
		rc = check_signature(&fields, &data, signer, where, err);
	ar_buf_release(&data);
	free(blob);
	return rc;
}
