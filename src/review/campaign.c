/* campaign.c -- opening a review campaign: scope, items, reviewers */
/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "accessreview/audit.h"
#include "accessreview/buf.h"
#include "accessreview/campaign.h"
#include "accessreview/mem.h"
#include "accessreview/review.h"
#include "accessreview/store.h"
#include "accessreview/text.h"
#include "campaign_int.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))
#define SECONDS_PER_DAY 86400

int campaign_period_is_valid(const char *period)
{
	if (period == NULL || strlen(period) != 7)
		return 0;
	for (int i = 0; i < 4; i++)
		if (!isdigit((unsigned char)period[i]))
			return 0;
	return period[4] == '-' && period[5] == 'Q' && period[6] >= '1' &&
	       period[6] <= '4';
}

int campaign_parse_day(const char *text, time_t *day)
{
	struct tm tm = { 0 };
	int year, month, mday, used = 0;

	if (text == NULL || strlen(text) != 10 ||
	    sscanf(text, "%4d-%2d-%2d%n", &year, &month, &mday, &used) != 3 ||
	    used != 10 || text[4] != '-' || text[7] != '-')
		return 0;
	tm.tm_year = year - 1900;
	tm.tm_mon = month - 1;
	tm.tm_mday = mday;
	*day = timegm(&tm);
	/* timegm normalises 2026-02-30 to March: a real day round-trips */
	return year >= 1970 && tm.tm_year == year - 1900 &&
	       tm.tm_mon == month - 1 && tm.tm_mday == mday;
}

void campaign_format_day(time_t when, char out[11])
{
	struct tm tm;

	gmtime_r(&when, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

time_t campaign_midnight(time_t when)
{
	return when - when % SECONDS_PER_DAY;
}

/* ---- the period: one campaign per quarter ---- */

struct period_campaign {
	long long id;
	char state[8];
	char closed_at[32];
};

static enum ar_rc read_period_campaign(void *context,
				       const struct store_row *row,
				       struct ar_error *err)
{
	struct period_campaign *found = context;
	const char *closed = store_row_text(row, "closed_at");

	found->id = store_row_int(row, "id", 0);
	snprintf(found->state, sizeof(found->state), "%s",
		 store_row_text(row, "state"));
	snprintf(found->closed_at, sizeof(found->closed_at), "%s",
		 closed ? closed : "");
	(void)err;
	return AR_OK;
}

static enum ar_rc check_period(struct store *store,
			       const struct campaign_request *request,
			       long long *reopens, struct ar_error *err)
{
	struct store_param params[] = {
		STORE_TEXT(PARAM_PERIOD, request->period),
	};
	struct period_campaign found = { 0 };
	enum ar_rc rc;

	*reopens = 0;
	rc = store_query(store, QUERY_CAMPAIGN_OF_PERIOD, params, COUNT(params),
			 read_period_campaign, &found, err);
	if (rc != AR_OK || found.id == 0) {
		if (rc == AR_OK && request->reopen)
			return ar_error_set(err, AR_ERR_USAGE,
					    "--reopen: no campaign for %s to "
					    "reopen", request->period);
		return rc;
	}
	if (strcmp(found.state, "open") == 0)
		return ar_error_set(err, AR_ERR_DATA,
				    "campaign %lld for %s is still open "
				    "(close it first: accessreview campaign "
				    "close %lld)",
				    found.id, request->period, found.id);
	if (!request->reopen)
		return ar_error_set(err, AR_ERR_DATA,
				    "campaign %lld for %s was closed on %s; "
				    "to review the period again, add --reopen",
				    found.id, request->period, found.closed_at);
	*reopens = found.id;
	return AR_OK;
}

/* ---- the scope: the snapshot's systems, or the ones asked for ---- */

struct scope_system {
	char *name;
	char *category;
	char *owner;
};

struct scope {
	struct scope_system *systems;
	size_t count;
};

static enum ar_rc read_scope_system(void *context, const struct store_row *row,
				    struct ar_error *err)
{
	struct scope *scope = context;
	struct scope_system *system;

	scope->systems = ar_realloc(scope->systems, (scope->count + 1) *
						    sizeof(*scope->systems));
	system = &scope->systems[scope->count++];
	system->name = ar_strdup(store_row_text(row, "name"));
	system->category = ar_strdup(store_row_text(row, "category"));
	system->owner = ar_strdup_or_null(store_row_text(row, "owner"));
	(void)err;
	return AR_OK;
}

static void scope_release(struct scope *scope)
{
	for (size_t i = 0; i < scope->count; i++) {
		free(scope->systems[i].name);
		free(scope->systems[i].category);
		free(scope->systems[i].owner);
	}
	free(scope->systems);
	*scope = (struct scope){ 0 };
}

static int scope_has(const struct scope *scope, const char *name)
{
	for (size_t i = 0; i < scope->count; i++)
		if (strcmp(scope->systems[i].name, name) == 0)
			return 1;
	return 0;
}

/* Keep only the requested systems; each must be in the snapshot. */
static enum ar_rc narrow_scope(struct scope *scope,
			       const struct campaign_request *request,
			       long long snapshot_id, struct ar_error *err)
{
	size_t kept = 0;

	for (size_t i = 0; i < request->system_count; i++)
		if (!scope_has(scope, request->systems[i]))
			return ar_error_set(err, AR_ERR_USAGE,
					    "--system %s: snapshot %lld has no "
					    "such system",
					    request->systems[i], snapshot_id);
	if (request->system_count == 0)
		return AR_OK;
	for (size_t i = 0; i < scope->count; i++) {
		int wanted = 0;

		for (size_t j = 0; j < request->system_count; j++)
			wanted |= strcmp(scope->systems[i].name,
					 request->systems[j]) == 0;
		if (wanted) {
			scope->systems[kept++] = scope->systems[i];
		} else {
			free(scope->systems[i].name);
			free(scope->systems[i].category);
			free(scope->systems[i].owner);
		}
	}
	scope->count = kept;
	return AR_OK;
}

static const struct collect_system *
configured_system(const struct campaign_settings *settings, const char *name)
{
	const struct collect_plan *plan = settings->plan;

	for (size_t i = 0; plan && i < plan->system_count; i++)
		if (strcmp(plan->systems[i].name, name) == 0)
			return &plan->systems[i];
	return NULL;
}

/* ---- items ---- */

struct opening {
	struct store *store;
	const struct campaign_settings *settings;
	const struct campaign_request *request;
	long long campaign_id;
	long long snapshot_id;
	char at[21];
};

static enum ar_rc add_delegates(struct opening *opening, const char *system,
				const struct collect_system *config,
				struct ar_error *err)
{
	enum ar_rc rc = AR_OK;

	for (size_t i = 0; config && rc == AR_OK &&
			   i < config->delegates.count; i++) {
		struct store_param params[] = {
			STORE_INT(PARAM_CAMPAIGN, opening->campaign_id),
			STORE_TEXT(PARAM_SYSTEM, system),
			STORE_TEXT(PARAM_DELEGATE, config->delegates.items[i]),
		};

		rc = store_query(opening->store, QUERY_CAMPAIGN_DELEGATE_INSERT,
				 params, COUNT(params), NULL, NULL, err);
	}
	return rc;
}

static enum ar_rc add_system_items(struct opening *opening,
				   const struct scope_system *system,
				   struct ar_error *err)
{
	const struct collect_system *config =
		configured_system(opening->settings, system->name);
	const char *rule = config && config->reviewer ? config->reviewer
						      : "owner";
	/* the configuration's owner wins over the snapshot's: it may have
	 * been corrected since the collect */
	const char *owner = config && config->owner ? config->owner
						    : system->owner;
	struct store_param system_params[] = {
		STORE_INT(PARAM_CAMPAIGN, opening->campaign_id),
		STORE_TEXT(PARAM_SYSTEM, system->name),
		STORE_TEXT(PARAM_CATEGORY, system->category),
		STORE_TEXT(PARAM_OWNER, owner),
		STORE_TEXT(PARAM_RULE, rule),
	};
	struct store_param item_params[] = {
		STORE_INT(PARAM_CAMPAIGN, opening->campaign_id),
		STORE_INT(PARAM_SNAPSHOT, opening->snapshot_id),
		STORE_TEXT(PARAM_SYSTEM, system->name),
		STORE_TEXT(PARAM_RULE, rule),
		STORE_TEXT(PARAM_OWNER, owner),
		STORE_TEXT(PARAM_FALLBACK,
			   opening->settings->fallback_reviewer),
	};
	struct store_param context_params[] = {
		STORE_INT(PARAM_CAMPAIGN, opening->campaign_id),
		STORE_INT(PARAM_SNAPSHOT, opening->snapshot_id),
		STORE_TEXT(PARAM_SYSTEM, system->name),
	};
	enum ar_rc rc;

	rc = store_query(opening->store, QUERY_CAMPAIGN_SYSTEM_INSERT,
			 system_params, COUNT(system_params), NULL, NULL, err);
	if (rc == AR_OK)
		rc = add_delegates(opening, system->name, config, err);
	if (rc == AR_OK)
		rc = store_query(opening->store,
				 QUERY_CAMPAIGN_INSERT_ACCOUNT_ITEMS,
				 item_params, COUNT(item_params), NULL, NULL,
				 err);
	if (rc == AR_OK)
		rc = store_query(opening->store, QUERY_CAMPAIGN_INSERT_CONTEXT,
				 context_params, COUNT(context_params), NULL,
				 NULL, err);
	return rc;
}

/* ---- refusing items nobody may review ---- */

struct unassigned {
	struct ar_buf list;
	long count;
};

static enum ar_rc read_unassigned(void *context, const struct store_row *row,
				  struct ar_error *err)
{
	struct unassigned *unassigned = context;
	const char *person = store_row_text(row, "person");
	const char *entitlement = store_row_text(row, "entitlement");
	int grant = strcmp(store_row_text(row, "kind"), "grant") == 0;

	/* the message names the first few; the count says the rest */
	if (unassigned->count++ < 5)
		ar_buf_addf(&unassigned->list, "%s%s/%s%s%s%s%s",
			    unassigned->count > 1 ? ", " : "",
			    store_row_text(row, "system"),
			    store_row_text(row, "account"),
			    grant ? " grant '" : "",
			    grant && entitlement ? entitlement : "",
			    grant ? "'" : "",
			    person ? "" : " (no person)");
	(void)err;
	return AR_OK;
}

static enum ar_rc refuse_unassigned(struct opening *opening,
				    struct ar_error *err)
{
	struct store_param params[] = {
		STORE_INT(PARAM_CAMPAIGN, opening->campaign_id),
	};
	struct unassigned unassigned = { AR_BUF_INIT, 0 };
	enum ar_rc rc;

	rc = store_query(opening->store, QUERY_CAMPAIGN_UNASSIGNED_ITEMS, params,
			 COUNT(params), read_unassigned, &unassigned, err);
	if (rc == AR_OK && unassigned.count > 0)
		rc = ar_error_set(err, AR_ERR_CONFIG,
				  "%ld item%s would have no eligible reviewer: "
				  "%s%s (give each system an owner, and set "
				  "fallback-reviewer in [review] for accounts "
				  "of their own reviewer)",
				  unassigned.count,
				  unassigned.count == 1 ? "" : "s",
				  unassigned.list.buf,
				  unassigned.count > 5 ? ", ..." : "");
	ar_buf_release(&unassigned.list);
	return rc;
}

/* ---- the audit rows of an opening ---- */

static enum ar_rc log_open(struct opening *opening,
			   const struct campaign_opened *opened,
			   long long reopens, struct ar_error *err)
{
	const struct campaign_request *request = opening->request;
	json_t *scope = json_array();
	struct audit_event event = {
		opening->at, opening->campaign_id, "open", request->actor, 0,
		NULL
	};

	for (size_t i = 0; i < request->system_count; i++)
		json_array_append_new(scope, json_string(request->systems[i]));
	return audit_append_object(
		opening->store, &event,
		json_pack("{s:s?, s:s?, s:I, s:s, s:i, s:i, s:i, s:o, s:I}",
			  "period", request->period, "reason", request->reason,
			  "snapshot", (json_int_t)opening->snapshot_id,
			  "due", opened->due, "items", (int)opened->items,
			  "reviewers", (int)opened->reviewers,
			  "context", (int)opened->context, "systems", scope,
			  "reopens", (json_int_t)reopens),
		err);
}

struct assignment_log {
	struct opening *opening;
	long reviewers;
	long fallback;
};

static enum ar_rc log_assignment(void *context, const struct store_row *row,
				 struct ar_error *err)
{
	struct assignment_log *log = context;
	const char *reviewer = store_row_text(row, "reviewer");
	const char *roles = store_row_text(row, "roles");
	struct audit_event event = {
		log->opening->at, log->opening->campaign_id, "assignment",
		log->opening->request->actor, 0, NULL
	};
	char digest[HASH_HEX_SIZE];
	long items = 0;
	enum ar_rc rc;

	rc = campaign_assignment_digest(log->opening->store,
					log->opening->campaign_id, reviewer,
					digest, &items, err);
	log->reviewers++;
	if (roles && strstr(roles, "fallback"))
		log->fallback++;
	if (rc != AR_OK)
		return rc;
	return audit_append_object(
		log->opening->store, &event,
		json_pack("{s:s, s:s, s:i, s:s}", "reviewer", reviewer,
			  "roles", roles ? roles : "", "items", (int)items,
			  "items_sha256", digest),
		err);
}

/* ---- campaign_open ---- */

static enum ar_rc insert_campaign(struct opening *opening, const char *due,
				  long long reopens, struct ar_error *err)
{
	const struct campaign_request *request = opening->request;
	struct store_param params[] = {
		STORE_TEXT(PARAM_KIND, request->period ? "period" : "event"),
		STORE_TEXT(PARAM_PERIOD, request->period),
		STORE_TEXT(PARAM_REASON, request->reason),
		STORE_INT(PARAM_SNAPSHOT, opening->snapshot_id),
		STORE_TEXT(PARAM_AT, opening->at),
		STORE_TEXT(PARAM_ACTOR, request->actor),
		STORE_TEXT(PARAM_DUE, due),
		STORE_INT(PARAM_REOPENS, reopens),
	};
	enum ar_rc rc = store_query(opening->store, QUERY_CAMPAIGN_INSERT,
				    params, COUNT(params), NULL, NULL, err);

	opening->campaign_id = store_last_insert_id(opening->store);
	return rc;
}

static enum ar_rc choose_due(const struct campaign_request *request,
			     char due[11], struct ar_error *err)
{
	time_t today = campaign_midnight(request->now), day;

	if (request->due == NULL) {
		int days = request->period ? CAMPAIGN_PERIOD_DAYS
					   : CAMPAIGN_EVENT_DAYS;

		campaign_format_day(today + (time_t)days * SECONDS_PER_DAY, due);
		return AR_OK;
	}
	if (!campaign_parse_day(request->due, &day))
		return ar_error_set(err, AR_ERR_USAGE,
				    "--due: '%s' is not a day (YYYY-MM-DD)",
				    request->due);
	if (day < today)
		return ar_error_set(err, AR_ERR_USAGE,
				    "--due: %s is in the past", request->due);
	snprintf(due, 11, "%s", request->due);
	return AR_OK;
}

static enum ar_rc check_request(const struct campaign_request *request,
				struct ar_error *err)
{
	if (request->period && !campaign_period_is_valid(request->period))
		return ar_error_set(err, AR_ERR_USAGE,
				    "'%s' is not a period (YYYY-Qn, like "
				    "2026-Q4)", request->period);
	if (request->period == NULL &&
	    (request->reason == NULL || *request->reason == '\0'))
		return ar_error_set(err, AR_ERR_USAGE,
				    "an event campaign needs its reason "
				    "(--event \"REASON\")");
	if (request->period && request->system_count > 0)
		return ar_error_set(err, AR_ERR_USAGE,
				    "a quarterly campaign reviews every "
				    "system; --system is for an --event "
				    "campaign");
	return AR_OK;
}

static enum ar_rc fill_scope(struct opening *opening, struct scope *scope,
			     struct ar_error *err)
{
	struct store_param params[] = {
		STORE_INT(PARAM_SNAPSHOT, opening->snapshot_id),
	};
	enum ar_rc rc;

	rc = store_query(opening->store, QUERY_CAMPAIGN_SNAPSHOT_SYSTEMS, params,
			 COUNT(params), read_scope_system, scope, err);
	if (rc == AR_OK)
		rc = narrow_scope(scope, opening->request, opening->snapshot_id,
				  err);
	if (rc == AR_OK && scope->count == 0)
		rc = ar_error_set(err, AR_ERR_DATA,
				  "snapshot %lld has no systems to review",
				  opening->snapshot_id);
	return rc;
}

static enum ar_rc open_items(struct opening *opening, struct scope *scope,
			     struct ar_error *err)
{
	struct store_param params[] = {
		STORE_INT(PARAM_CAMPAIGN, opening->campaign_id),
		STORE_INT(PARAM_SNAPSHOT, opening->snapshot_id),
	};
	enum ar_rc rc = AR_OK;

	for (size_t i = 0; rc == AR_OK && i < scope->count; i++)
		rc = add_system_items(opening, &scope->systems[i], err);
	if (rc == AR_OK)
		rc = store_query(opening->store, QUERY_CAMPAIGN_INSERT_GRANT_ITEMS,
				 params, COUNT(params), NULL, NULL, err);
	if (rc == AR_OK)
		rc = store_query(opening->store, QUERY_CAMPAIGN_SET_HISTORY,
				 params, 1, NULL, NULL, err);
	if (rc == AR_OK)
		rc = refuse_unassigned(opening, err);
	return rc;
}

static enum ar_rc log_opening(struct opening *opening,
			      struct campaign_opened *opened,
			      long long reopens, struct ar_error *err)
{
	struct store_param params[] = {
		STORE_INT(PARAM_CAMPAIGN, opening->campaign_id),
	};
	struct assignment_log log = { opening, 0, 0 };
	struct campaign_counts counts;
	enum ar_rc rc;

	rc = campaign_count(opening->store, opening->campaign_id, &counts, err);
	opened->items = counts.items;
	opened->grants = counts.grants;
	opened->reviewers = counts.reviewers;
	opened->context = counts.context;
	if (rc == AR_OK)
		rc = log_open(opening, opened, reopens, err);
	if (rc == AR_OK)
		rc = store_query(opening->store, QUERY_CAMPAIGN_REVIEWERS, params,
				 COUNT(params), log_assignment, &log, err);
	opened->fallback = counts.fallback;
	return rc;
}

enum ar_rc campaign_open(struct store *store,
			 const struct campaign_settings *settings,
			 const struct campaign_request *request,
			 struct campaign_opened *opened, struct ar_error *err)
{
	struct opening opening = { store, settings, request, 0, 0, { 0 } };
	struct scope scope = { 0 };
	long long reopens = 0;
	enum ar_rc rc;

	memset(opened, 0, sizeof(*opened));
	text_format_time(request->now, opening.at);
	rc = check_request(request, err);
	if (rc == AR_OK)
		rc = choose_due(request, opened->due, err);
	if (rc != AR_OK)
		return rc;
	rc = store_begin_write(store, "open a campaign", err);
	if (rc != AR_OK)
		return rc;
	if (request->period)
		rc = check_period(store, request, &reopens, err);
	if (rc == AR_OK)
		rc = review_choose_snapshot(store, request->snapshot_id,
					      &opening.snapshot_id, err);
	if (rc == AR_OK)
		rc = fill_scope(&opening, &scope, err);
	if (rc == AR_OK)
		rc = insert_campaign(&opening, opened->due, reopens, err);
	if (rc == AR_OK)
		rc = open_items(&opening, &scope, err);
	if (rc == AR_OK)
		rc = log_opening(&opening, opened, reopens, err);
	if (rc == AR_OK)
		rc = store_commit(store, "open a campaign", err);
	else
		store_rollback(store);
	scope_release(&scope);
	opened->campaign_id = rc == AR_OK ? opening.campaign_id : 0;
	opened->snapshot_id = opening.snapshot_id;
	return rc;
}
