/* sample.c -- a reproducible sample of review items, from store or bundle */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>
#include <sodium.h>

#include "accessreview/evidence.h"
#include "accessreview/mem.h"
#include "accessreview/store.h"

#define SEED_BYTES 16

/* The population, each item with its rank and stratum. */
struct population {
	struct evidence_sample_item *items;
	char (*ranks)[HASH_HEX_SIZE];
	size_t count;
};

static void add_item(struct population *p, long long id, const char *system,
		     const char *account, const char *entitlement,
		     const char *decision, int privileged)
{
	struct evidence_sample_item *item;

	p->items = ar_realloc(p->items, (p->count + 1) * sizeof(*p->items));
	item = &p->items[p->count++];
	item->id = id;
	item->system = ar_strdup(system ? system : "");
	item->account = ar_strdup(account ? account : "");
	item->entitlement = ar_strdup_or_null(entitlement);
	item->decision = ar_strdup_or_null(decision);
	item->privileged = privileged;
}

static void free_item(struct evidence_sample_item *item)
{
	free(item->system);
	free(item->account);
	free(item->entitlement);
	free(item->decision);
}

static void population_release(struct population *p, int keep_items)
{
	if (!keep_items) {
		for (size_t i = 0; i < p->count; i++)
			free_item(&p->items[i]);
		free(p->items);
	}
	free(p->ranks);
}

/* ---- the algorithm (EVIDENCE_SAMPLE_ALGORITHM) ---- */

static void rank_items(struct population *p, const char *seed)
{
	char text[128];

	p->ranks = ar_malloc((p->count ? p->count : 1) * sizeof(*p->ranks));
	for (size_t i = 0; i < p->count; i++) {
		snprintf(text, sizeof(text), "%s:%lld", seed, p->items[i].id);
		hash_buffer_sha256(text, strlen(text), p->ranks[i]);
	}
}

static const char *stratum(const struct evidence_sample_item *item,
			   enum evidence_stratum how)
{
	if (how == STRATIFY_SYSTEM)
		return item->system;
	if (how == STRATIFY_PRIVILEGED)
		return item->privileged ? "privileged" : "other";
	return "";
}

/* qsort has no context: one sample at a time */
static const struct population *sorting;
static enum evidence_stratum sorting_how;

static int by_stratum_and_rank(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int order = strcmp(stratum(&sorting->items[i], sorting_how),
			   stratum(&sorting->items[j], sorting_how));

	return order ? order : strcmp(sorting->ranks[i], sorting->ranks[j]);
}

static int by_id(const void *a, const void *b)
{
	const struct evidence_sample_item *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

struct stratum_share {
	size_t first, count, take;
	double remainder;
};

/* Sizes per stratum in proportion, the rest to the largest remainders
 * (the first stratum, by name, on a tie). */
static void allocate(struct stratum_share *shares, size_t count, size_t size,
		     size_t total)
{
	size_t given = 0;

	for (size_t i = 0; i < count; i++) {
		double exact = (double)size * (double)shares[i].count /
			       (double)total;

		shares[i].take = (size_t)exact;
		shares[i].remainder = exact - (double)shares[i].take;
		given += shares[i].take;
	}
	while (given < size) {
		size_t best = count;

		for (size_t i = 0; i < count; i++)
			if (shares[i].take < shares[i].count &&
			    (best == count ||
			     shares[i].remainder > shares[best].remainder))
				best = i;
		if (best == count)
			break;
		shares[best].take++;
		shares[best].remainder = -1;
		given++;
	}
}

static void draw(struct population *p, const struct evidence_sample_request *r,
		 struct evidence_sample *sample)
{
	size_t *order = ar_malloc((p->count ? p->count : 1) * sizeof(size_t));
	struct stratum_share *shares = ar_malloc((p->count ? p->count : 1) *
						 sizeof(*shares));
	size_t share_count = 0;
	size_t size = (size_t)r->size < p->count ? (size_t)r->size : p->count;

	for (size_t i = 0; i < p->count; i++)
		order[i] = i;
	sorting = p;
	sorting_how = r->stratify;
	qsort(order, p->count, sizeof(size_t), by_stratum_and_rank);
	sorting = NULL;
	for (size_t i = 0; i < p->count; i++) {
		if (i == 0 || strcmp(stratum(&p->items[order[i]], r->stratify),
				     stratum(&p->items[order[i - 1]],
					     r->stratify)) != 0)
			shares[share_count++] =
				(struct stratum_share){ i, 0, 0, 0 };
		shares[share_count - 1].count++;
	}
	allocate(shares, share_count, size, p->count);
	sample->items = ar_malloc((size ? size : 1) * sizeof(*sample->items));
	for (size_t s = 0; s < share_count; s++)
		for (size_t k = 0; k < shares[s].take; k++) {
			size_t chosen = order[shares[s].first + k];

			sample->items[sample->count++] = p->items[chosen];
			p->items[chosen].system = NULL;
		}
	qsort(sample->items, sample->count, sizeof(*sample->items), by_id);
	/* the items not chosen are freed with the population */
	for (size_t i = 0; i < p->count; i++)
		if (p->items[i].system != NULL)
			free_item(&p->items[i]);
	free(p->items);
	p->items = NULL;
	free(order);
	free(shares);
}

static void choose_seed(const struct evidence_sample_request *r,
			struct evidence_sample *sample)
{
	unsigned char bytes[SEED_BYTES];

	if (r->seed != NULL) {
		snprintf(sample->seed, sizeof(sample->seed), "%s", r->seed);
		return;
	}
	randombytes_buf(bytes, sizeof(bytes));
	sodium_bin2hex(sample->seed, sizeof(sample->seed), bytes,
		       sizeof(bytes));
}

static enum ar_rc sample_population(struct population *p,
				    const struct evidence_sample_request *r,
				    struct evidence_sample *sample)
{
	sample->population = p->count;
	rank_items(p, sample->seed);
	draw(p, r, sample);
	population_release(p, 1);
	return AR_OK;
}

/* ---- from the store ---- */

static enum ar_rc item_row(void *context, const struct store_row *row,
			   struct ar_error *err)
{
	(void)err;
	add_item(context, store_row_int(row, "id", 0),
		 store_row_text(row, "system"), store_row_text(row, "account"),
		 store_row_text(row, "entitlement"),
		 store_row_text(row, "decision"),
		 (int)store_row_int(row, "privileged", 0));
	return AR_OK;
}

static enum ar_rc check_seed(const struct evidence_sample_request *r,
			     struct ar_error *err)
{
	if (r->seed != NULL && (strlen(r->seed) == 0 || strlen(r->seed) > 64))
		return ar_error_set(err, AR_ERR_USAGE,
				    "--seed: 1 to 64 characters");
	return AR_OK;
}

enum ar_rc evidence_sample_campaign(struct store *store,
				    const struct evidence_sample_request *r,
				    struct evidence_sample *sample,
				    struct ar_error *err)
{
	struct store_param param = STORE_INT(PARAM_CAMPAIGN, r->campaign_id);
	struct population p = { NULL, NULL, 0 };
	enum ar_rc rc;

	memset(sample, 0, sizeof(*sample));
	rc = check_seed(r, err);
	if (rc == AR_OK)
		rc = store_query(store, QUERY_EVIDENCE_SAMPLE_ITEMS, &param, 1,
				 item_row, &p, err);
	if (rc == AR_OK && p.count == 0)
		rc = ar_error_set(err, AR_ERR_NOINPUT,
				  "campaign %lld has no review items",
				  r->campaign_id);
	if (rc != AR_OK) {
		population_release(&p, 0);
		return rc;
	}
	choose_seed(r, sample);
	return sample_population(&p, r, sample);
}

/* ---- from a bundle's campaign report ---- */

static char *attribute(xmlTextReaderPtr reader, const char *name)
{
	xmlChar *value = xmlTextReaderGetAttribute(reader, BAD_CAST name);
	char *copy = value ? ar_strdup((const char *)value) : NULL;

	xmlFree(value);
	return copy;
}

static void add_element(struct population *p, xmlTextReaderPtr reader)
{
	char *id = attribute(reader, "id"), *system = attribute(reader,
								"system");
	char *account = attribute(reader, "account");
	char *entitlement = attribute(reader, "entitlement");
	char *decision = attribute(reader, "decision");
	char *privileged = attribute(reader, "privileged");

	add_item(p, id ? atoll(id) : 0, system, account, entitlement, decision,
		 privileged && strcmp(privileged, "true") == 0);
	free(id);
	free(system);
	free(account);
	free(entitlement);
	free(decision);
	free(privileged);
}

static enum ar_rc read_bundle_items(const char *path, struct population *p,
				    struct ar_error *err)
{
	/* no network, no entities, no DTD: verify has checked the schema */
	xmlTextReaderPtr reader = xmlReaderForFile(path, NULL,
						   XML_PARSE_NONET);
	int in_items = 0, status;

	if (reader == NULL)
		return ar_error_set(err, AR_ERR_NOINPUT, "cannot read '%s'",
				    path);
	while ((status = xmlTextReaderRead(reader)) == 1) {
		const xmlChar *name = xmlTextReaderConstLocalName(reader);
		int type = xmlTextReaderNodeType(reader);

		if (type == XML_READER_TYPE_DOCUMENT_TYPE)
			break;
		if (type == XML_READER_TYPE_ELEMENT &&
		    xmlStrEqual(name, BAD_CAST "reviewItems"))
			in_items = 1;
		else if (type == XML_READER_TYPE_END_ELEMENT &&
			 xmlStrEqual(name, BAD_CAST "reviewItems"))
			in_items = 0;
		else if (in_items && type == XML_READER_TYPE_ELEMENT &&
			 xmlStrEqual(name, BAD_CAST "item"))
			add_element(p, reader);
	}
	xmlFreeTextReader(reader);
	if (status != 0)
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: not a readable report", path);
	return AR_OK;
}

enum ar_rc evidence_sample_bundle(const char *directory,
				  const struct evidence_sample_request *r,
				  struct evidence_sample *sample,
				  struct ar_error *err)
{
	size_t size = strlen(directory) + 32;
	char *path = ar_malloc(size);
	struct population p = { NULL, NULL, 0 };
	enum ar_rc rc;

	memset(sample, 0, sizeof(*sample));
	snprintf(path, size, "%s/campaign-report.xml", directory);
	rc = check_seed(r, err);
	if (rc == AR_OK && r->seed == NULL)
		rc = ar_error_set(err, AR_ERR_USAGE,
				  "a bundle's sample needs its --seed");
	if (rc == AR_OK)
		rc = read_bundle_items(path, &p, err);
	free(path);
	if (rc != AR_OK) {
		population_release(&p, 0);
		return rc;
	}
	choose_seed(r, sample);
	return sample_population(&p, r, sample);
}

void evidence_sample_release(struct evidence_sample *sample)
{
	for (size_t i = 0; i < sample->count; i++)
		free_item(&sample->items[i]);
	free(sample->items);
	memset(sample, 0, sizeof(*sample));
}
