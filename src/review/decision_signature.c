/* decision_signature.c -- a decision file's SSH signature, and its signer */
/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "decisions_int.h"

enum ar_rc decisions_check_signature(const struct decisions_request *request,
				     const struct decision_file *file,
				     char **signature,
				     struct decisions_result *result,
				     struct ar_error *err)
{
	(void)file;
	(void)result;
	*signature = NULL;
	if (request->signature_path == NULL && request->require_signatures)
		return ar_error_set(err, AR_ERR_NOPERM,
				    "%s: unsigned, and require-signatures = "
				    "yes: sign it with 'ssh-keygen -Y sign -n "
				    "%s -f KEY %s' and add --signature %s.sig",
				    request->path, DECISIONS_NAMESPACE,
				    request->path, request->path);
	if (request->signature_path == NULL)
		return AR_OK;
	return ar_error_set(err, AR_ERR_INTERNAL, "signatures: pending");
}
