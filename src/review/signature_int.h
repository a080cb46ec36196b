/* signature_int.h -- a reviewer's SSH signature on what they submit */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_SIGNATURE_INT_H
#define ACCESSREVIEW_SIGNATURE_INT_H

#include <stddef.h>
#include <time.h>

#include "accessreview/error.h"

/* ssh-keygen -Y sign -n accessreview: decisions and attestations alike */
#define REVIEW_SIGNATURE_NAMESPACE "accessreview"
#define REVIEW_SIGNER_SIZE 128

struct review_signature_request {
	const char *signed_path;     /* what was signed, for messages */
	const char *signature_path;  /* NULL when unsigned */
	const char *allowed_signers; /* NULL when not configured */
	int require_signatures;
	const char *reviewer;        /* whose key it must be */
	time_t now;                  /* for valid-after / valid-before */
};

/*
 * Check the signature of data[0..length) when there is one or the
 * configuration requires it: an SSH signature (namespace "accessreview")
 * by a key that the allowed-signers file lists for the reviewer.  On
 * success *armored is the signature text to keep (NULL when unsigned)
 * and signer the key's fingerprint ("" when unsigned).  AR_ERR_NOPERM
 * when unsigned but required, or signed by the wrong key, for the wrong
 * namespace or over other bytes; AR_ERR_CONFIG for a signature without
 * allowed-signers; AR_ERR_DATA for a malformed signature.
 */
enum ar_rc review_check_signature(const struct review_signature_request *request,
				  const void *data, size_t length,
				  char **armored,
				  char signer[REVIEW_SIGNER_SIZE],
				  struct ar_error *err);

#endif
