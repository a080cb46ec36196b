/* exceptions.c -- "accessreview exceptions": the exception register */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "accessreview/exceptions.h"
#include "cli.h"
#include "table.h"

#define TERMINAL_COLUMN_CAP 40
#define DEFAULT_EXPIRING_DAYS 30

struct exceptions_args {
	const char *format;
	long long expiring;
	int all;
	struct cli_time now;
};

static const struct cli_option exceptions_options[] = {
	CLI_OPTION(CLI_CHOICE, 0, "format", "text|json",
		   struct exceptions_args, format,
		   "output format (default text)"),
	CLI_OPTION(CLI_NUMBER, 0, "expiring", "DAYS", struct exceptions_args,
		   expiring, "only those expired or expiring within DAYS; "
		   "marks expiring within 30 days by default"),
	CLI_OPTION(CLI_FLAG, 0, "all", NULL, struct exceptions_args, all,
		   "also those a later decision replaced"),
	CLI_OPTION(CLI_TIME, 0, "now", "TIMESTAMP", struct exceptions_args,
		   now, "judge expiry at this time"),
	CLI_OPTIONS_END,
};

struct listing {
	const struct exceptions_args *options;
	struct cli_table table;
	json_t *entries;
	long count;
};

static int wanted(const struct listing *listing,
		  const struct exception_entry *entry)
{
	return listing->options->expiring == 0 ||
	       entry->state == EXCEPTION_EXPIRED ||
	       entry->state == EXCEPTION_EXPIRING;
}

static enum ar_rc take_entry(void *context,
			     const struct exception_entry *entry,
			     struct ar_error *err)
{
	struct listing *listing = context;
	char campaign[64], days[32];
	const char *cells[8];

	(void)err;
	if (!wanted(listing, entry))
		return AR_OK;
	listing->count++;
	snprintf(campaign, sizeof(campaign), "%lld %s", entry->campaign_id,
		 entry->period ? entry->period : "(event)");
	snprintf(days, sizeof(days), "%ld", entry->days_left);
	if (listing->entries != NULL) {
		json_array_append_new(
			listing->entries,
			json_pack("{s:I, s:I, s:s?, s:s, s:s, s:s, s:s?, s:s?, "
				  "s:s, s:s?, s:s?, s:s?, s:s, s:i, s:s}",
				  "item", (json_int_t)entry->item_id,
				  "campaign", (json_int_t)entry->campaign_id,
				  "period", entry->period, "system",
				  entry->system, "kind", entry->kind,
				  "account", entry->account, "person",
				  entry->person, "entitlement",
				  entry->entitlement, "reviewer",
				  entry->reviewer, "decided_by",
				  entry->decided_by, "justification",
				  entry->justification, "granted_at",
				  entry->granted_at, "expires",
				  entry->expires ? entry->expires : "",
				  "days_left", (int)entry->days_left, "state",
				  exception_state_name(entry->state)));
		return AR_OK;
	}
	cells[0] = entry->expires;
	cells[1] = exception_state_name(entry->state);
	cells[2] = days;
	cells[3] = entry->system;
	cells[4] = entry->account;
	cells[5] = entry->entitlement;
	cells[6] = campaign;
	cells[7] = entry->justification;
	cli_table_add(&listing->table, cells);
	return AR_OK;
}

static enum ar_rc run_exceptions(struct cli_context *context, void *args,
				 struct ar_error *err)
{
	static const char *const header[] = { "EXPIRES", "STATE", "DAYS",
					      "SYSTEM", "ACCOUNT",
					      "ENTITLEMENT", "CAMPAIGN",
					      "JUSTIFICATION" };
	struct exceptions_args *options = args;
	int json = options->format && strcmp(options->format, "json") == 0;
	struct listing listing = { options, { 0 }, json ? json_array() : NULL,
				   0 };
	long days = options->expiring > 0 ? (long)options->expiring
					  : DEFAULT_EXPIRING_DAYS;
	enum ar_rc rc;

	cli_table_init(&listing.table, 8);
	cli_table_add(&listing.table, header);
	rc = exceptions_each(context->store, cli_now(&options->now), days,
			     options->all, take_entry, &listing, err);
	if (rc == AR_OK && json) {
		json_dumpf(listing.entries, stdout, JSON_INDENT(2));
		putchar('\n');
	} else if (rc == AR_OK) {
		if (listing.count > 0)
			cli_table_print(&listing.table, stdout,
					isatty(STDOUT_FILENO),
					TERMINAL_COLUMN_CAP);
		printf("%ld exception%s\n", listing.count,
		       listing.count == 1 ? "" : "s");
	}
	json_decref(listing.entries);
	cli_table_release(&listing.table);
	return rc;
}

const struct cli_command cli_exceptions_command = {
	"exceptions",
	"exceptions [--format text|json] [--expiring DAYS] [--all]",
	"List the exception register: access kept on an exception decision,\n"
	"soonest expiry first, marked expired or expiring (within 30 days,\n"
	"or DAYS).  An exception stays until a later campaign decides the\n"
	"same access again.",
	exceptions_options, sizeof(struct exceptions_args), 0, 0,
	CLI_NEEDS_DATABASE | CLI_READ_ONLY, run_exceptions,
};
