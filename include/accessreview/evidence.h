/* evidence.h -- the auditor's bundle: keys, export, offline verify, sampling */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_EVIDENCE_H
#define ACCESSREVIEW_EVIDENCE_H

#include <stddef.h>
#include <time.h>

#include "accessreview/error.h"
#include "accessreview/hash.h"
#include "accessreview/minisign.h"

struct store;

/*
 * EVIDENCE
 *
 * A campaign's evidence is one directory: the campaign and snapshot
 * reports (XML and HTML) with the XSD, the decision files as reviewers
 * signed them, attestations, exceptions, revocations and last quarter's
 * outcomes, the audit log with its head, a receipt of every input, a
 * control mapping, and a MANIFEST (sha256sum format) over all of them
 * signed with minisign.  `evidence_verify` checks a bundle offline with
 * no database and no configuration; `sha256sum -c MANIFEST` and
 * `minisign -Vm MANIFEST -p accessreview.pub` agree with it.  The same
 * database and time give a byte-identical bundle.
 */

#define EVIDENCE_MANIFEST "MANIFEST"
#define EVIDENCE_SIGNATURE "MANIFEST.minisig"
#define EVIDENCE_SECRET_KEY "accessreview.key"
#define EVIDENCE_PUBLIC_KEY "accessreview.pub"

/* ---- keys ---- */

struct evidence_keys {
	char key_id[17];
	char *secret_path;           /* DIR/accessreview.key, mode 0600 */
	char *public_path;           /* DIR/accessreview.pub */
};

/* A new key pair in minisign's formats in directory (created if
 * missing); AR_ERR_CANTCREATE when a key file exists already. */
enum ar_rc evidence_keygen(const char *directory, struct evidence_keys *keys,
			   struct ar_error *err);
void evidence_keys_release(struct evidence_keys *keys);

/* The secret key at path: AR_ERR_NOPERM when the file is readable or
 * writable by group or others (as ssh refuses such keys). */
enum ar_rc evidence_load_secret_key(const char *path,
				    struct minisign_secret_key *key,
				    struct ar_error *err);

/* ---- export ---- */

struct evidence_export_request {
	long long campaign_id;
	const char *directory;       /* created; must be empty if it exists */
	int include_inputs;          /* copy the input files (personal data) */
	time_t now;
	const char *secret_key;      /* [evidence] secret-key */
	const char *config_path;     /* its digest goes into the receipt */
	char *const *secret_paths;   /* files holding secrets: named only */
	size_t secret_path_count;
};

struct evidence_export_result {
	size_t files;                /* listed in the MANIFEST */
	char manifest_sha256[HASH_HEX_SIZE];
	char previous_manifest_sha256[HASH_HEX_SIZE]; /* "" when first */
	char key_id[17];
};

enum ar_rc evidence_export(struct store *store,
			   const struct evidence_export_request *request,
			   struct evidence_export_result *result,
			   struct ar_error *err);

/* ---- verify ---- */

struct evidence_check {
	char *name;                  /* "manifest", "signature", a file */
	int ok;
	char *why;                   /* when not ok */
};

struct evidence_verification {
	struct evidence_check *checks;
	size_t count;
	size_t failed;
};

struct evidence_sample_request;

struct evidence_verify_request {
	const char *directory;
	const char *public_key;      /* NULL: the bundle's accessreview.pub */
	const char *previous;        /* the previous quarter's bundle */
	const struct evidence_sample_request *sample; /* re-derive, or NULL */
};

/* Every check, one by one; AR_ERR_DATA when any failed (the result says
 * which), other codes when the bundle cannot be read at all. */
enum ar_rc evidence_verify(const struct evidence_verify_request *request,
			   struct evidence_verification *result,
			   struct ar_error *err);
void evidence_verification_release(struct evidence_verification *result);

/* ---- sampling ---- */

enum evidence_stratum { STRATIFY_NONE, STRATIFY_SYSTEM, STRATIFY_PRIVILEGED };

struct evidence_sample_request {
	long long campaign_id;
	long size;
	const char *seed;            /* NULL: a random one is drawn */
	enum evidence_stratum stratify;
};

struct evidence_sample_item {
	long long id;
	char *system;
	char *account;
	char *entitlement;
	char *decision;
	int privileged;
};

/* The algorithm, printed with every sample so that anyone can redo it. */
#define EVIDENCE_SAMPLE_ALGORITHM                                           \
	"accessreview-sample-v1: rank each item by SHA-256(seed \":\" item "   \
	"id), take the lowest ranks (per stratum, sizes by largest "          \
	"remainder), list by item id"

struct evidence_sample {
	char seed[65];
	size_t population;
	struct evidence_sample_item *items;
	size_t count;
};

/* A sample of the campaign's review items, from the database... */
enum ar_rc evidence_sample_campaign(struct store *store,
				    const struct evidence_sample_request *request,
				    struct evidence_sample *sample,
				    struct ar_error *err);
/* ... or from a bundle's campaign report: the same items, the same
 * sample. */
enum ar_rc evidence_sample_bundle(const char *directory,
				  const struct evidence_sample_request *request,
				  struct evidence_sample *sample,
				  struct ar_error *err);
void evidence_sample_release(struct evidence_sample *sample);

#endif
