/* revocations.h -- closing a campaign and writing what is to be revoked */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_REVOCATIONS_H
#define ACCESSREVIEW_REVOCATIONS_H

#include "accessreview/campaign.h"
#include "accessreview/error.h"
#include "accessreview/hash.h"

struct store;

/*
 * Close a campaign (campaign.h) and write the revocation list for the
 * operators who apply it: DIR/revocations.csv and DIR/revocations.json
 * (system, account, person, entitlement, reviewer, decided at, comment).
 * The files are written before the close commits and appear only once
 * it has: a full disk leaves the campaign open, never closed without its
 * list.
 */
struct campaign_closed {
	long undecided;              /* recorded as undecided (forced) */
	long revocations;
	char head[HASH_HEX_SIZE];    /* the audit log's head after closing */
	char *csv_path;              /* owned: campaign_closed_release */
	char *json_path;
};

enum ar_rc campaign_close(struct store *store,
			  const struct campaign_close_request *request,
			  const char *directory, struct campaign_closed *closed,
			  struct ar_error *err);
void campaign_closed_release(struct campaign_closed *closed);

/* The revocation list of a campaign as revocations.csv (BOM, CRLF,
 * formula cells guarded) and revocations.json text, appended to csv and
 * json; closed_at may be NULL (an open campaign).  The close writes
 * these; the evidence bundle holds them too. */
struct ar_buf;
enum ar_rc revocations_render(struct store *store, long long campaign_id,
			      const char *closed_at, struct ar_buf *csv,
			      struct ar_buf *json, long *count,
			      struct ar_error *err);

#endif
