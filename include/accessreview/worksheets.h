/* worksheets.h -- per-reviewer worksheets: the decision CSV and its HTML */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_WORKSHEETS_H
#define ACCESSREVIEW_WORKSHEETS_H

#include <stddef.h>
#include <time.h>

#include "accessreview/error.h"

struct store;

/*
 * WORKSHEETS
 *
 * For each reviewer of a campaign, DIR/<reviewer>.csv (the decision
 * file: UTF-8 with a BOM, CRLF, every cell that a spreadsheet would take
 * for a formula prefixed with ') and DIR/<reviewer>.html (a read-only,
 * self-contained view of the same items).  Decisions already made are
 * filled in, with the item's current version, so a later worksheet can
 * change them.  Each worksheet issued is an audit event; the files
 * appear only when all of them are written and the events committed.
 */
struct worksheets_request {
	long long campaign_id;       /* 0 = the latest campaign */
	const char *directory;
	time_t now;
	const char *actor;
};

struct worksheets_result {
	long long campaign_id;
	long worksheets;             /* reviewers, two files each */
	long items;
};

enum ar_rc worksheets_write(struct store *store,
			    const struct worksheets_request *request,
			    struct worksheets_result *result,
			    struct ar_error *err);

/* The file name (without extension) for a reviewer: the address with
 * anything but letters, digits and . _ @ + - replaced by '_'. */
void worksheets_file_name(const char *reviewer, char *out, size_t size);

#endif
