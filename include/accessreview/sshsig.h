/* sshsig.h -- OpenSSH signatures (ssh-keygen -Y sign) and allowed signers */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_SSHSIG_H
#define ACCESSREVIEW_SSHSIG_H

#include <stddef.h>
#include <time.h>

#include "accessreview/error.h"

/*
 * SSH SIGNATURES
 *
 * The format of OpenSSH's PROTOCOL.sshsig: an armored blob holding the
 * public key, the namespace, the hash algorithm (sha256 or sha512) and
 * the signature over "SSHSIG" + namespace + hash of the message.  Only
 * Ed25519 keys are accepted; libsodium checks the signature, ssh-keygen
 * is never run.
 */

#define SSHSIG_ED25519_KEY_BYTES 32
/* "SHA256:" and 43 characters of unpadded base64, as ssh-keygen -l */
#define SSHSIG_FINGERPRINT_SIZE 52

struct sshsig_key {
	unsigned char ed25519[SSHSIG_ED25519_KEY_BYTES];
};

/*
 * Verify armored signature text over message for the namespace.  On
 * success *signer is the key that signed (check it against the allowed
 * signers).  AR_ERR_NOPERM for a signature that does not verify or is
 * for another namespace; AR_ERR_DATA for one that cannot be read.
 * where names the signature file in messages.
 */
enum ar_rc sshsig_verify(const void *message, size_t length,
			 const char *armored, const char *namespace_name,
			 const char *where, struct sshsig_key *signer,
			 struct ar_error *err);

/* "SHA256:..." of the key, as ssh-keygen -l prints it. */
void sshsig_fingerprint(const struct sshsig_key *key,
			char out[SSHSIG_FINGERPRINT_SIZE]);

/* An allowed_signers file (ssh-keygen(1), ALLOWED SIGNERS). */
struct allowed_signers;

enum ar_rc allowed_signers_load(const char *path,
				struct allowed_signers **out,
				struct ar_error *err);
/* The same from text (path only names it in messages). */
enum ar_rc allowed_signers_parse(const char *text, const char *path,
				 struct allowed_signers **out,
				 struct ar_error *err);
/* 1 when a line lists key for principal (its patterns, * and ?, matched
 * without regard to case), allows the namespace and is valid at now
 * (valid-after <= now <= valid-before, as ssh-keygen has them).
 * cert-authority lines never match: the signatures accepted are by plain
 * keys.  Loading refuses (AR_ERR_CONFIG, "path:line: problem") a line
 * ssh-keygen would not read: an unknown or repeated option, a time that
 * is not a calendar date, a line without a key. */
int allowed_signers_check(const struct allowed_signers *signers,
			  const char *principal, const char *namespace_name,
			  const struct sshsig_key *key, time_t now);
void allowed_signers_free(struct allowed_signers *signers);

#endif
