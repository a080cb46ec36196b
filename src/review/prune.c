/* prune.c -- "accessreview prune": old snapshots out of the store */
/* SPDX-License-Identifier: MIT */
/*
 * The database side of retention (prune.h says what is kept and why):
 * one write transaction that reads the live snapshots and the campaigns,
 * decides (prune_policy.c), deletes every row of the snapshots that go,
 * marks their snapshot rows pruned and logs one audit event; then,
 * committed, VACUUM.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "accessreview/audit.h"
#include "accessreview/mem.h"
#include "accessreview/prune.h"
#include "accessreview/store.h"
#include "accessreview/text.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* VACUUM when nothing went only if this share of the pages is free (an
 * earlier VACUUM that could not run): rewriting the file for less is not
 * worth it. */
#define PRUNE_FREE_SHARE 10

static const struct {
	const char *name;            /* also the count query's column */
	enum store_query_id delete;
} tables[] = {
	[PRUNE_GRANTS] = { "grants", QUERY_PRUNE_DELETE_GRANTS },
	[PRUNE_FINDINGS] = { "findings", QUERY_PRUNE_DELETE_FINDINGS },
	[PRUNE_WARNINGS] = { "warnings", QUERY_PRUNE_DELETE_WARNINGS },
	[PRUNE_SOURCES] = { "sources", QUERY_PRUNE_DELETE_SOURCES },
	[PRUNE_ACCOUNTS] = { "accounts", QUERY_PRUNE_DELETE_ACCOUNTS },
	[PRUNE_ENTITLEMENTS] = { "entitlements",
				 QUERY_PRUNE_DELETE_ENTITLEMENTS },
	[PRUNE_PEOPLE] = { "people", QUERY_PRUNE_DELETE_PEOPLE },
	[PRUNE_SYSTEMS] = { "systems", QUERY_PRUNE_DELETE_SYSTEMS },
};

_Static_assert(COUNT(tables) == PRUNE_TABLE_COUNT,
	       "one entry per enum prune_table");

const char *prune_table_name(enum prune_table table)
{
	return (unsigned)table < COUNT(tables) ? tables[table].name : "?";
}

/* ---- reading what there is ---- */

static enum ar_rc read_snapshot(void *context, const struct store_row *row,
				struct ar_error *err)
{
	struct prune_plan *plan = context;
	struct prune_snapshot *snapshot;
	const char *taken_at = store_row_text(row, "taken_at");

	plan->snapshots = ar_realloc(plan->snapshots,
				     (plan->snapshot_count + 1) *
					     sizeof(*plan->snapshots));
	snapshot = &plan->snapshots[plan->snapshot_count++];
	memset(snapshot, 0, sizeof(*snapshot));
	snapshot->id = store_row_int(row, "id", 0);
	if (taken_at == NULL || text_parse_time(taken_at, &snapshot->taken))
		return ar_error_set(err, AR_ERR_DATA,
				    "snapshot %lld: its time '%s' is not a "
				    "timestamp", snapshot->id,
				    taken_at ? taken_at : "");
	text_format_time(snapshot->taken, snapshot->taken_at);
	return AR_OK;
}

struct campaigns {
	struct prune_campaign *items;
	size_t count;
};

static enum ar_rc read_campaign(void *context, const struct store_row *row,
				struct ar_error *err)
{
	struct campaigns *campaigns = context;
	struct prune_campaign *campaign;

	(void)err;
	campaigns->items = ar_realloc(campaigns->items,
				      (campaigns->count + 1) *
					      sizeof(*campaigns->items));
	campaign = &campaigns->items[campaigns->count++];
	campaign->id = store_row_int(row, "id", 0);
	campaign->snapshot_id = store_row_int(row, "snapshot_id", 0);
	campaign->open = store_row_int(row, "open", 0) != 0;
	return AR_OK;
}

static enum ar_rc decide(struct store *store,
			 const struct prune_request *request,
			 struct prune_plan *plan, struct ar_error *err)
{
	struct campaigns campaigns = { NULL, 0 };
	enum ar_rc rc;

	rc = store_query(store, QUERY_PRUNE_LIVE_SNAPSHOTS, NULL, 0,
			 read_snapshot, plan, err);
	if (rc == AR_OK)
		rc = store_query(store, QUERY_PRUNE_CAMPAIGNS, NULL, 0,
				 read_campaign, &campaigns, err);
	if (rc == AR_OK)
		prune_decide(plan->snapshots, plan->snapshot_count,
			     campaigns.items, campaigns.count,
			     &request->policy);
	free(campaigns.items);
	return rc;
}

/* ---- removing ---- */

static enum ar_rc read_counts(void *context, const struct store_row *row,
			      struct ar_error *err)
{
	long long *rows = context;

	(void)err;
	for (size_t i = 0; i < COUNT(tables); i++)
		rows[i] += store_row_int(row, tables[i].name, 0);
	return AR_OK;
}

static enum ar_rc count_rows(struct store *store, long long snapshot_id,
			     long long rows[PRUNE_TABLE_COUNT],
			     struct ar_error *err)
{
	struct store_param params[] = {
		STORE_INT(PARAM_SNAPSHOT, snapshot_id),
	};

	return store_query(store, QUERY_PRUNE_SNAPSHOT_ROWS, params,
			   COUNT(params), read_counts, rows, err);
}

static enum ar_rc delete_rows(struct store *store, long long snapshot_id,
			      const char *at, long long rows[PRUNE_TABLE_COUNT],
			      struct ar_error *err)
{
	struct store_param params[] = {
		STORE_INT(PARAM_SNAPSHOT, snapshot_id),
	};
	struct store_param mark[] = {
		STORE_INT(PARAM_SNAPSHOT, snapshot_id),
		STORE_TEXT(PARAM_AT, at),
	};
	enum ar_rc rc = AR_OK;

	for (size_t i = 0; rc == AR_OK && i < COUNT(tables); i++) {
		rc = store_query(store, tables[i].delete, params,
				 COUNT(params), NULL, NULL, err);
		if (rc == AR_OK)
			rows[i] += store_changes(store);
	}
	if (rc == AR_OK)
		rc = store_query(store, QUERY_PRUNE_MARK_SNAPSHOT, mark,
				 COUNT(mark), NULL, NULL, err);
	return rc;
}

static enum ar_rc remove_snapshots(struct store *store,
				   const struct prune_request *request,
				   struct prune_plan *plan,
				   struct ar_error *err)
{
	char at[21];
	enum ar_rc rc = AR_OK;

	text_format_time(request->policy.now, at);
	for (size_t i = 0; rc == AR_OK && i < plan->snapshot_count; i++) {
		const struct prune_snapshot *snapshot = &plan->snapshots[i];

		if (snapshot->keep != 0)
			continue;
		plan->pruned++;
		if (request->dry_run)
			rc = count_rows(store, snapshot->id, plan->rows, err);
		else
			rc = delete_rows(store, snapshot->id, at, plan->rows,
					 err);
	}
	return rc;
}

static enum ar_rc database_bytes(struct store *store, long long *bytes,
				 struct ar_error *err)
{
	return store_query_int(store, QUERY_PRUNE_DATABASE_BYTES, NULL, 0, 0,
			       bytes, err);
}

static void foreign_keys_on(struct store *store)
{
	struct ar_error ignored = AR_ERROR_INIT;

	/* on a fresh connection it cannot fail; the next command opens
	 * its own connection with them on anyway */
	store_query(store, QUERY_PRUNE_FOREIGN_KEYS_ON, NULL, 0, NULL, NULL,
		    &ignored);
}

enum ar_rc prune_begin(struct store *store,
		       const struct prune_request *request,
		       struct prune_plan *plan, struct ar_error *err)
{
	enum ar_rc rc;

	memset(plan, 0, sizeof(*plan));
	plan->dry_run = request->dry_run;
	rc = database_bytes(store, &plan->bytes_before, err);
	plan->bytes_after = plan->bytes_before;
	if (rc == AR_OK)
		rc = store_query(store, QUERY_PRUNE_FOREIGN_KEYS_OFF, NULL, 0,
				 NULL, NULL, err);
	if (rc == AR_OK)
		rc = store_begin_write(store, "prune", err);
	if (rc == AR_OK)
		rc = audit_head(store, plan->head, NULL, err);
	if (rc == AR_OK)
		rc = decide(store, request, plan, err);
	if (rc == AR_OK)
		rc = remove_snapshots(store, request, plan, err);
	if (rc != AR_OK) {
		prune_abort(store);
		prune_plan_release(plan);
	}
	return rc;
}

/* ---- the audit event ---- */

static json_t *pruned_json(const struct prune_plan *plan)
{
	json_t *list = json_array();

	for (size_t i = 0; i < plan->snapshot_count; i++) {
		const struct prune_snapshot *snapshot = &plan->snapshots[i];

		if (snapshot->keep != 0)
			continue;
		json_array_append_new(list,
				      json_pack("{s:I, s:s}", "id",
						(json_int_t)snapshot->id,
						"taken_at",
						snapshot->taken_at));
	}
	return list;
}

static json_t *kept_json(const struct prune_plan *plan,
			 const struct prune_policy *policy)
{
	json_t *list = json_array();
	char why[256];

	for (size_t i = 0; i < plan->snapshot_count; i++) {
		if (plan->snapshots[i].keep == 0)
			continue;
		prune_describe_keep(&plan->snapshots[i], policy, why,
				    sizeof(why));
		json_array_append_new(
			list, json_pack("{s:I, s:s}", "id",
					(json_int_t)plan->snapshots[i].id,
					"why", why));
	}
	return list;
}

static json_t *rows_json(const struct prune_plan *plan)
{
	json_t *rows = json_object();

	for (size_t i = 0; i < COUNT(tables); i++)
		json_object_set_new(rows, tables[i].name,
				    json_integer(plan->rows[i]));
	return rows;
}

static json_t *files_json(const char *const *files, size_t file_count)
{
	json_t *list = json_array();

	for (size_t i = 0; i < file_count; i++)
		json_array_append_new(list, json_string(files[i]));
	return list;
}

/* The first and last id pruned: the range, for a reader of the log. */
static void pruned_range(const struct prune_plan *plan, long long *first,
			 long long *last)
{
	*first = 0;
	*last = 0;
	for (size_t i = 0; i < plan->snapshot_count; i++) {
		if (plan->snapshots[i].keep != 0)
			continue;
		if (*first == 0)
			*first = plan->snapshots[i].id;
		*last = plan->snapshots[i].id;
	}
}

static enum ar_rc log_prune(struct store *store,
			    const struct prune_request *request,
			    const struct prune_plan *plan,
			    const char *const *files, size_t file_count,
			    struct ar_error *err)
{
	const struct prune_policy *policy = &request->policy;
	char at[21];
	struct audit_event event = { at, 0, "prune", request->actor, 0, NULL };
	long long first, last;

	text_format_time(policy->now, at);
	pruned_range(plan, &first, &last);
	return audit_append_object(
		store, &event,
		json_pack("{s:o, s:I, s:I, s:o, s:o, s:o, s:I, s:o, s:s}",
			  "snapshots", pruned_json(plan), "first",
			  (json_int_t)first, "last", (json_int_t)last, "rows",
			  rows_json(plan), "files",
			  files_json(files, file_count), "kept",
			  kept_json(plan, policy), "keep_campaigns",
			  (json_int_t)policy->keep_campaigns,
			  "older_than_days",
			  policy->older_than_days >= 0
				  ? json_integer(policy->older_than_days)
				  : json_null(),
			  "audit_head_before", plan->head),
		err);
}

static enum ar_rc report_dangling(void *context, const struct store_row *row,
				  struct ar_error *err)
{
	(void)context;
	return ar_error_set(err, AR_ERR_INTERNAL,
			    "prune: %s row %s would point at a deleted %s "
			    "row; nothing was pruned",
			    store_row_text(row, "table"),
			    store_row_text(row, "rowid"),
			    store_row_text(row, "parent"));
}

enum ar_rc prune_commit(struct store *store,
			const struct prune_request *request,
			struct prune_plan *plan, const char *const *files,
			size_t file_count, struct ar_error *err)
{
	enum ar_rc rc;

	if (plan->dry_run || plan->pruned == 0) {
		prune_abort(store);
		return AR_OK;
	}
	rc = log_prune(store, request, plan, files, file_count, err);
	if (rc == AR_OK)
		rc = store_query(store, QUERY_PRUNE_FOREIGN_KEY_CHECK, NULL, 0,
				 report_dangling, NULL, err);
	if (rc == AR_OK)
		rc = audit_head(store, plan->head, NULL, err);
	if (rc == AR_OK)
		rc = store_commit(store, "prune", err);
	if (rc != AR_OK)
		store_rollback(store);
	foreign_keys_on(store);
	return rc;
}

void prune_abort(struct store *store)
{
	store_rollback(store);
	foreign_keys_on(store);
}

/* ---- giving the space back ---- */

static enum ar_rc read_free_pages(void *context, const struct store_row *row,
				  struct ar_error *err)
{
	long long *pages = context;

	(void)err;
	pages[0] = store_row_int(row, "free_pages", 0);
	pages[1] = store_row_int(row, "pages", 0);
	return AR_OK;
}

static enum ar_rc worth_vacuum(struct store *store,
			       const struct prune_plan *plan, int *worth,
			       struct ar_error *err)
{
	long long pages[2] = { 0, 0 };
	enum ar_rc rc = AR_OK;

	*worth = !plan->dry_run && plan->pruned > 0;
	if (!plan->dry_run && !*worth)
		rc = store_query(store, QUERY_PRUNE_FREE_PAGES, NULL, 0,
				 read_free_pages, pages, err);
	if (rc == AR_OK && pages[0] > 0 &&
	    pages[0] * PRUNE_FREE_SHARE >= pages[1])
		*worth = 1;
	return rc;
}

static enum ar_rc ignore_row(void *context, const struct store_row *row,
			     struct ar_error *err)
{
	(void)context;
	(void)row;
	(void)err;
	return AR_OK;
}

enum ar_rc prune_vacuum(struct store *store, struct prune_plan *plan,
			struct ar_error *err)
{
	int worth = 0;
	enum ar_rc rc = worth_vacuum(store, plan, &worth, err);

	if (rc != AR_OK || !worth)
		return rc;
	rc = store_query(store, QUERY_PRUNE_VACUUM, NULL, 0, NULL, NULL, err);
	/* a reader still on the old pages keeps the WAL: the checkpoint
	 * then copies what it can, and the next one the rest */
	if (rc == AR_OK)
		rc = store_query(store, QUERY_PRUNE_CHECKPOINT, NULL, 0,
				 ignore_row, NULL, err);
	if (rc == AR_OK)
		rc = database_bytes(store, &plan->bytes_after, err);
	if (rc != AR_OK)
		ar_error_prefix(err, "the snapshots were pruned, but VACUUM "
				"did not give the space back (run "
				"'accessreview prune' again later)");
	return rc;
}

void prune_plan_release(struct prune_plan *plan)
{
	free(plan->snapshots);
	plan->snapshots = NULL;
	plan->snapshot_count = 0;
}
