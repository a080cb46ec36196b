/* revocations.c -- the close operation: the revocation list, then commit */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "accessreview/buf.h"
#include "accessreview/mem.h"
#include "accessreview/output.h"
#include "accessreview/revocations.h"
#include "accessreview/spreadsheet.h"
#include "accessreview/text.h"

#define REVOCATIONS_MODE 0640
#define REVOCATIONS_HEADER \
	"item,system,account,account_id,person,entitlement,reviewer," \
	"decided_by,decided_at,comment"

struct revocation_list {
	struct ar_buf csv;
	json_t *items;
	long count;
};

static json_t *text_or_null(const char *text)
{
	return text ? json_string(text) : json_null();
}

static enum ar_rc add_revocation(void *context,
				 const struct campaign_revocation *revocation,
				 struct ar_error *err)
{
	struct revocation_list *list = context;
	const char *cells[] = {
		revocation->system, revocation->account,
		revocation->account_id, revocation->person,
		revocation->entitlement, revocation->reviewer,
		revocation->decided_by, revocation->decided_at,
		revocation->comment,
	};
	char item[24];
	json_t *object = json_object();

	snprintf(item, sizeof(item), "%lld", revocation->item_id);
	spreadsheet_add_cell(&list->csv, item, 1);
	for (size_t i = 0; i < sizeof(cells) / sizeof(cells[0]); i++)
		spreadsheet_add_cell(&list->csv, cells[i], 0);
	spreadsheet_end_row(&list->csv);
	json_object_set_new(object, "item", json_integer(revocation->item_id));
	json_object_set_new(object, "system", json_string(revocation->system));
	json_object_set_new(object, "account",
			    json_string(revocation->account));
	json_object_set_new(object, "account_id",
			    json_string(revocation->account_id));
	json_object_set_new(object, "person", text_or_null(revocation->person));
	json_object_set_new(object, "person_name",
			    text_or_null(revocation->person_name));
	json_object_set_new(object, "kind", json_string(revocation->kind));
	json_object_set_new(object, "entitlement",
			    text_or_null(revocation->entitlement));
	json_object_set_new(object, "reviewer",
			    json_string(revocation->reviewer));
	json_object_set_new(object, "decided_by",
			    text_or_null(revocation->decided_by));
	json_object_set_new(object, "decided_at",
			    text_or_null(revocation->decided_at));
	json_object_set_new(object, "comment",
			    text_or_null(revocation->comment));
	json_array_append_new(list->items, object);
	list->count++;
	(void)err;
	return AR_OK;
}

static enum ar_rc stage(struct output_file *out, const char *path,
			const char *data, size_t length, struct ar_error *err)
{
	enum ar_rc rc = output_open(path, out, err);

	if (rc != AR_OK)
		return rc;
	output_write(out, data, length);
	rc = output_finish(out, REVOCATIONS_MODE, err);
	if (rc != AR_OK)
		output_abort(out);
	return rc;
}

enum ar_rc revocations_render(struct store *store, long long campaign_id,
			      const char *closed_at, struct ar_buf *csv,
			      struct ar_buf *json, long *count,
			      struct ar_error *err)
{
	struct revocation_list list = { AR_BUF_INIT, json_array(), 0 };
	json_t *root = NULL;
	char *text = NULL;
	enum ar_rc rc;

	ar_buf_adds(&list.csv, SPREADSHEET_BOM REVOCATIONS_HEADER "\r\n");
	rc = campaign_each_revocation(store, campaign_id, add_revocation,
				      &list, err);
	if (rc == AR_OK)
		root = json_pack("{s:I, s:s?, s:i, s:O}", "campaign",
				 (json_int_t)campaign_id, "closed_at",
				 closed_at, "count", (int)list.count,
				 "revocations", list.items);
	text = root ? json_dumps(root, JSON_INDENT(2) | JSON_SORT_KEYS) : NULL;
	if (rc == AR_OK && text == NULL)
		rc = ar_error_set(err, AR_ERR_INTERNAL,
				  "cannot build revocations.json");
	if (rc == AR_OK) {
		ar_buf_add(csv, list.csv.buf, list.csv.len);
		ar_buf_addf(json, "%s\n", text);
		*count = list.count;
	}
	free(text);
	json_decref(root);
	json_decref(list.items);
	ar_buf_release(&list.csv);
	return rc;
}

static enum ar_rc stage_lists(struct store *store,
			      const struct campaign_close_request *request,
			      struct campaign_closed *closed,
			      struct output_file outputs[2],
			      struct ar_error *err)
{
	struct ar_buf csv = AR_BUF_INIT, json = AR_BUF_INIT;
	char at[21];
	enum ar_rc rc;

	text_format_time(request->now, at);
	rc = revocations_render(store, request->campaign_id, at, &csv, &json,
				&closed->revocations, err);
	if (rc == AR_OK)
		rc = stage(&outputs[0], closed->csv_path, csv.buf, csv.len,
			   err);
	if (rc == AR_OK) {
		rc = stage(&outputs[1], closed->json_path, json.buf, json.len,
			   err);
		if (rc != AR_OK)
			output_abort(&outputs[0]);
	}
	ar_buf_release(&csv);
	ar_buf_release(&json);
	return rc;
}

/* The files appear only once the close is committed. */
static enum ar_rc commit_and_publish(struct store *store,
				     struct campaign_closed *closed,
				     struct output_file outputs[2],
				     struct ar_error *err)
{
	enum ar_rc rc = campaign_close_commit(store, closed->head, err);

	if (rc != AR_OK) {
		output_abort(&outputs[0]);
		output_abort(&outputs[1]);
		return rc;
	}
	rc = output_publish(&outputs[0], err);
	if (rc == AR_OK)
		rc = output_publish(&outputs[1], err);
	else
		output_abort(&outputs[1]);
	return rc;
}

enum ar_rc campaign_close(struct store *store,
			  const struct campaign_close_request *request,
			  const char *directory, struct campaign_closed *closed,
			  struct ar_error *err)
{
	struct output_file outputs[2];
	enum ar_rc rc;

	memset(closed, 0, sizeof(*closed));
	closed->csv_path = output_path(directory, "revocations.csv", NULL);
	closed->json_path = output_path(directory, "revocations.json", NULL);
	rc = output_make_directory(directory, err);
	if (rc == AR_OK)
		rc = campaign_close_begin(store, request, &closed->undecided,
					  err);
	if (rc != AR_OK)
		return rc;
	rc = stage_lists(store, request, closed, outputs, err);
	if (rc == AR_OK)
		rc = commit_and_publish(store, closed, outputs, err);
	else
		campaign_close_abort(store);
	return rc;
}

void campaign_closed_release(struct campaign_closed *closed)
{
	free(closed->csv_path);
	free(closed->json_path);
	closed->csv_path = closed->json_path = NULL;
}
