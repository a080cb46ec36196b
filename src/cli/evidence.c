/* evidence.c -- keygen, evidence export, evidence sample and verify */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "accessreview/config.h"
#include "accessreview/evidence.h"
#include "cli.h"

/* ---- keygen ---- */

struct keygen_args {
	const char *output;
};

static const struct cli_option keygen_options[] = {
	CLI_OPTION(CLI_STRING, 'o', "output", "DIR", struct keygen_args,
		   output, "directory for accessreview.key and .pub "
		   "(required)"),
	CLI_OPTIONS_END,
};

static enum ar_rc run_keygen(struct cli_context *context, void *args,
			     struct ar_error *err)
{
	struct keygen_args *options = args;
	struct evidence_keys keys;
	enum ar_rc rc;

	(void)context;
	if (options->output == NULL)
		return ar_error_set(err, AR_ERR_USAGE,
				    "keygen: -o DIR is required");
	rc = evidence_keygen(options->output, &keys, err);
	if (rc == AR_OK)
		printf("key %s: secret key %s (mode 0600; set secret-key in "
		       "[evidence]), public key %s (give it to the "
		       "auditors)\n", keys.key_id, keys.secret_path,
		       keys.public_path);
	evidence_keys_release(&keys);
	return rc;
}

const struct cli_command cli_keygen_command = {
	"keygen", "keygen -o DIR",
	"Make the Ed25519 key pair that signs evidence bundles, in\n"
	"minisign's formats: DIR/accessreview.key (unencrypted, mode 0600)\n"
	"and DIR/accessreview.pub.  An existing key is never replaced.",
	keygen_options, sizeof(struct keygen_args), 0, 0, 0, run_keygen,
};

/* ---- evidence export ---- */

struct export_args {
	const char *output;
	int include_inputs;
	struct cli_time now;
};

static const struct cli_option export_options[] = {
	CLI_OPTION(CLI_STRING, 'o', "output", "DIR", struct export_args,
		   output, "a new directory for the bundle (required)"),
	CLI_OPTION(CLI_FLAG, 0, "include-inputs", NULL, struct export_args,
		   include_inputs, "copy the input files too (personal "
		   "data; their hashes are always in)"),
	CLI_OPTION(CLI_TIME, 0, "now", "TIMESTAMP", struct export_args, now,
		   "the generation time (same time, same bytes)"),
	CLI_OPTIONS_END,
};

/* Files the configuration reads secrets from: named in the receipt,
 * never copied. */
static size_t secret_files(const struct config *config, char **out,
			   size_t max)
{
	size_t count = 0;

	if (config->secret_key != NULL && count < max)
		out[count++] = config->secret_key;
	if (config->collect.directory_ldap.password_file && count < max)
		out[count++] =
			(char *)config->collect.directory_ldap.password_file;
	for (size_t i = 0; i < config->collect.system_count; i++)
		if (config->collect.systems[i].ldap.password_file &&
		    count < max)
			out[count++] = (char *)config->collect.systems[i]
					       .ldap.password_file;
	return count;
}

static enum ar_rc run_export(struct cli_context *context, void *args,
			     struct ar_error *err)
{
	struct export_args *options = args;
	struct evidence_export_request request = { 0 };
	struct evidence_export_result result;
	char *secrets[64];
	enum ar_rc rc;

	rc = cli_campaign_id(context, "evidence export", &request.campaign_id,
			     err);
	if (rc != AR_OK)
		return rc;
	if (options->output == NULL)
		return ar_error_set(err, AR_ERR_USAGE,
				    "evidence export: -o DIR is required");
	request.directory = options->output;
	request.include_inputs = options->include_inputs;
	request.now = cli_now(&options->now);
	request.secret_key = context->config->secret_key;
	request.config_path = context->config->path;
	request.secret_paths = secrets;
	request.secret_path_count = secret_files(context->config, secrets, 64);
	rc = evidence_export(context->store, &request, &result, err);
	if (rc != AR_OK)
		return rc;
	printf("bundle of campaign %lld in %s: %zu files, MANIFEST %s, "
	       "signed by key %s\n", request.campaign_id, options->output,
	       result.files, result.manifest_sha256, result.key_id);
	if (*result.previous_manifest_sha256)
		printf("follows the previous bundle, MANIFEST %s\n",
		       result.previous_manifest_sha256);
	return AR_OK;
}

const struct cli_command cli_evidence_export_command = {
	"evidence export",
	"evidence export ID -o DIR [--include-inputs] [--now TIMESTAMP]",
	"Write campaign ID's evidence bundle into DIR: reports, XSD,\n"
	"decision files with their signatures, attestations, exceptions,\n"
	"revocations, the audit log, a receipt of every input, the control\n"
	"mapping, and a MANIFEST signed with [evidence] secret-key.",
	export_options, sizeof(struct export_args), 1, 1,
	CLI_NEEDS_DATABASE, run_export,
};

/* ---- sampling, from the database or a bundle ---- */

struct sample_args {
	long long size;
	const char *seed;
	const char *stratify;
};

static const struct cli_option sample_options[] = {
	CLI_OPTION(CLI_NUMBER, 0, "size", "N", struct sample_args, size,
		   "how many items (required)"),
	CLI_OPTION(CLI_STRING, 0, "seed", "S", struct sample_args, seed,
		   "the seed; without it one is drawn and printed"),
	CLI_OPTION(CLI_CHOICE, 0, "stratify", "system|privileged",
		   struct sample_args, stratify,
		   "sample each system, or privileged and other items, in "
		   "proportion"),
	CLI_OPTIONS_END,
};

static enum evidence_stratum stratum_of(const char *word)
{
	if (word == NULL)
		return STRATIFY_NONE;
	return strcmp(word, "system") == 0 ? STRATIFY_SYSTEM
					   : STRATIFY_PRIVILEGED;
}

static void print_sample(const struct evidence_sample *sample,
			 const char *stratify)
{
	printf("sample of %zu from %zu items, seed %s%s%s\n", sample->count,
	       sample->population, sample->seed,
	       stratify ? ", stratified by " : "", stratify ? stratify : "");
	printf("algorithm: %s\n", EVIDENCE_SAMPLE_ALGORITHM);
	for (size_t i = 0; i < sample->count; i++) {
		const struct evidence_sample_item *item = &sample->items[i];

		printf("%lld\t%s\t%s\t%s\t%s\n", item->id, item->system,
		       item->account, item->entitlement ? item->entitlement
							: "-",
		       item->decision ? item->decision : "undecided");
	}
}

static enum ar_rc run_sample(struct cli_context *context, void *args,
			     struct ar_error *err)
{
	struct sample_args *options = args;
	struct evidence_sample_request request = { 0 };
	struct evidence_sample sample;
	enum ar_rc rc;

	rc = cli_campaign_id(context, "evidence sample", &request.campaign_id,
			     err);
	if (rc != AR_OK)
		return rc;
	if (options->size <= 0)
		return ar_error_set(err, AR_ERR_USAGE,
				    "evidence sample: --size N is required");
	request.size = (long)options->size;
	request.seed = options->seed;
	request.stratify = stratum_of(options->stratify);
	rc = evidence_sample_campaign(context->store, &request, &sample, err);
	if (rc == AR_OK)
		print_sample(&sample, options->stratify);
	evidence_sample_release(&sample);
	return rc;
}

const struct cli_command cli_evidence_sample_command = {
	"evidence sample",
	"evidence sample ID --size N [--seed S] [--stratify system|privileged]",
	"Print a reproducible sample of campaign ID's review items for an\n"
	"auditor's tests, with its seed and algorithm: 'verify DIR --sample\n"
	"N --seed S' gives the same sample from the bundle alone.",
	sample_options, sizeof(struct sample_args), 1, 1,
	CLI_NEEDS_DATABASE | CLI_READ_ONLY, run_sample,
};

/* ---- verify: offline, no configuration ---- */

struct verify_args {
	const char *pubkey;
	const char *previous;
	long long sample;
	const char *seed;
	const char *stratify;
};

static const struct cli_option verify_options[] = {
	CLI_OPTION(CLI_STRING, 0, "pubkey", "FILE", struct verify_args, pubkey,
		   "the public key, as the auditor got it (default: the "
		   "bundle's own accessreview.pub)"),
	CLI_OPTION(CLI_STRING, 0, "previous", "DIR", struct verify_args,
		   previous, "the previous quarter's bundle, to check the "
		   "chain"),
	CLI_OPTION(CLI_NUMBER, 0, "sample", "N", struct verify_args, sample,
		   "re-derive a sample of N items from the bundle"),
	CLI_OPTION(CLI_STRING, 0, "seed", "S", struct verify_args, seed,
		   "the sample's seed (with --sample)"),
	CLI_OPTION(CLI_CHOICE, 0, "stratify", "system|privileged",
		   struct verify_args, stratify, "as the sample was drawn"),
	CLI_OPTIONS_END,
};

static enum ar_rc run_verify(struct cli_context *context, void *args,
			     struct ar_error *err)
{
	struct verify_args *options = args;
	struct evidence_sample_request sample_request = { 0 };
	struct evidence_verify_request request = { 0 };
	struct evidence_verification result;
	struct evidence_sample sample;
	enum ar_rc rc;

	if (options->sample > 0 && options->seed == NULL)
		return ar_error_set(err, AR_ERR_USAGE,
				    "verify: --sample N needs --seed S (the "
				    "one printed with the sample)");
	request.directory = context->operands[0];
	request.public_key = options->pubkey;
	request.previous = options->previous;
	rc = evidence_verify(&request, &result, err);
	for (size_t i = 0; i < result.count; i++) {
		const struct evidence_check *check = &result.checks[i];

		if (check->ok)
			printf("ok      %s\n", check->name);
		else
			printf("FAILED  %s: %s\n", check->name, check->why);
	}
	evidence_verification_release(&result);
	if (rc == AR_OK && options->sample > 0) {
		sample_request.size = (long)options->sample;
		sample_request.seed = options->seed;
		sample_request.stratify = stratum_of(options->stratify);
		rc = evidence_sample_bundle(request.directory, &sample_request,
					    &sample, err);
		if (rc == AR_OK)
			print_sample(&sample, options->stratify);
		evidence_sample_release(&sample);
	}
	return rc;
}

const struct cli_command cli_verify_command = {
	"verify",
	"verify DIR [--pubkey FILE] [--previous DIR] [--sample N --seed S "
	"[--stratify system|privileged]]",
	"Check an evidence bundle offline: every MANIFEST hash, no file\n"
	"missing or extra, the signature, each report against the bundled\n"
	"XSD (and that XSD against the tool's own), the audit chain, and\n"
	"the link to the previous bundle.  Needs no database or\n"
	"configuration.  Prints one line per check.",
	verify_options, sizeof(struct verify_args), 1, 1, 0, run_verify,
};
