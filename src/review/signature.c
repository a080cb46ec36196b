/* signature.c -- a reviewer's SSH signature on a file or statement, and its signer */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accessreview/mem.h"
#include "accessreview/sshsig.h"
#include "signature_int.h"

/* An armored signature is a few hundred bytes. */
#define SIGNATURE_MAX_FILE (64 * 1024)

static enum ar_rc read_signature(const char *path, char **text,
				 struct ar_error *err)
{
	FILE *file = fopen(path, "r");
	size_t length;

	*text = NULL;
	if (file == NULL)
		return ar_error_errno(err, AR_ERR_NOINPUT, errno,
				      "cannot open signature '%s'", path);
	*text = ar_malloc(SIGNATURE_MAX_FILE + 1);
	length = fread(*text, 1, SIGNATURE_MAX_FILE + 1, file);
	fclose(file);
	if (length > SIGNATURE_MAX_FILE || memchr(*text, '\0', length)) {
		free(*text);
		*text = NULL;
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: not an SSH signature file", path);
	}
	(*text)[length] = '\0';
	return AR_OK;
}

static enum ar_rc check_signer(const struct review_signature_request *request,
			       const struct sshsig_key *key,
			       const char *fingerprint, struct ar_error *err)
{
	struct allowed_signers *signers = NULL;
	enum ar_rc rc = allowed_signers_load(request->allowed_signers,
					     &signers, err);

	if (rc == AR_OK &&
	    !allowed_signers_check(signers, request->reviewer,
				   REVIEW_SIGNATURE_NAMESPACE, key,
				   request->now))
		rc = ar_error_set(err, AR_ERR_NOPERM,
				  "%s: signed by key %s, which %s does not "
				  "list for %s (namespace %s)",
				  request->signature_path, fingerprint,
				  request->allowed_signers, request->reviewer,
				  REVIEW_SIGNATURE_NAMESPACE);
	allowed_signers_free(signers);
	return rc;
}

enum ar_rc review_check_signature(const struct review_signature_request *request,
				  const void *data, size_t length,
				  char **armored,
				  char signer[REVIEW_SIGNER_SIZE],
				  struct ar_error *err)
{
	struct sshsig_key key;
	char fingerprint[SSHSIG_FINGERPRINT_SIZE];
	enum ar_rc rc;

	*armored = NULL;
	signer[0] = '\0';
	if (request->signature_path == NULL && request->require_signatures)
		return ar_error_set(err, AR_ERR_NOPERM,
				    "%s: unsigned, and require-signatures = "
				    "yes: sign it with 'ssh-keygen -Y sign -n "
				    "%s -f KEY %s' and add --signature %s.sig",
				    request->signed_path,
				    REVIEW_SIGNATURE_NAMESPACE,
				    request->signed_path, request->signed_path);
	if (request->signature_path == NULL)
		return AR_OK;
	if (request->allowed_signers == NULL)
		return ar_error_set(err, AR_ERR_CONFIG,
				    "--signature: set allowed-signers = FILE "
				    "in [review] to say whose keys are "
				    "trusted");
	rc = read_signature(request->signature_path, armored, err);
	if (rc == AR_OK)
		rc = sshsig_verify(data, length, *armored,
				   REVIEW_SIGNATURE_NAMESPACE,
				   request->signature_path, &key, err);
	if (rc == AR_OK) {
		sshsig_fingerprint(&key, fingerprint);
		rc = check_signer(request, &key, fingerprint, err);
	}
	if (rc == AR_OK)
		snprintf(signer, REVIEW_SIGNER_SIZE, "%s", fingerprint);
	if (rc != AR_OK) {
		free(*armored);
		*armored = NULL;
	}
	return rc;
}
