/* person.c -- "accessreview person": one person's accounts everywhere */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "accessreview/person.h"
#include "cli.h"
#include "table.h"

/* Columns on a terminal are cut at this width, never on a pipe. */
#define TERMINAL_COLUMN_CAP 32
#define COLUMNS 8

struct person_args {
	const char *format;
	long long snapshot;
};

static const struct cli_option person_options[] = {
	CLI_OPTION(CLI_CHOICE, 0, "format", "text|json", struct person_args,
		   format, "aligned text (default) or one JSON document"),
	CLI_OPTION(CLI_ID, 0, "snapshot", "ID", struct person_args, snapshot,
		   "a snapshot other than the latest"),
	CLI_OPTIONS_END,
};

struct person_output {
	int json;
	struct cli_table table;
	struct ar_buf scratch;
	json_t *entries;
	json_t *accounts;
	long account_count;
	long system_count;
	char last_system[256];
};

static json_t *optional_string(const char *value)
{
	return value != NULL ? json_string(value) : json_null();
}

/* A JSON array the query built; an empty array if it is not one. */
static json_t *parse_array(const char *text)
{
	json_t *array = text != NULL ? json_loads(text, 0, NULL) : NULL;

	if (json_is_array(array))
		return array;
	json_decref(array);
	return json_array();
}

/* The names of a JSON array, joined with ", " into scratch. */
static const char *joined(struct ar_buf *scratch, const char *text)
{
	json_t *array = parse_array(text);
	json_t *item;
	size_t index;

	ar_buf_reset(scratch);
	json_array_foreach(array, index, item) {
		if (index > 0)
			ar_buf_add(scratch, ", ", 2);
		ar_buf_add(scratch, json_string_value(item),
			   json_string_length(item));
	}
	json_decref(array);
	return scratch->len > 0 ? scratch->buf : NULL;
}

/* "Tom Becker (uid tom.becker, email tom@example.com): disabled ..." */
static void print_entry(struct ar_buf *scratch,
			const struct person_entry *entry)
{
	const char *name = entry->display_name != NULL ? entry->display_name
						       : entry->source_key;

	printf("%s", cli_printable(scratch, name));
	printf(" (uid %s", cli_printable(scratch, entry->uid ? entry->uid
							    : "-"));
	printf(", email %s)", cli_printable(scratch, entry->email
							  ? entry->email
							  : "-"));
	puts(entry->disabled ? ": disabled in the directory" : "");
}

static enum ar_rc take_entry(void *context, const struct person_entry *entry,
			     struct ar_error *err)
{
	struct person_output *output = context;
	json_t *object;

	(void)err;
	if (!output->json) {
		print_entry(&output->scratch, entry);
		return AR_OK;
	}
	object = json_object();
	json_object_set_new(object, "key", optional_string(entry->source_key));
	json_object_set_new(object, "uid", optional_string(entry->uid));
	json_object_set_new(object, "email", optional_string(entry->email));
	json_object_set_new(object, "name",
			    optional_string(entry->display_name));
	json_object_set_new(object, "disabled",
			    json_boolean(entry->disabled));
	json_array_append_new(output->entries, object);
	return AR_OK;
}

static void count_system(struct person_output *output, const char *system)
{
	output->account_count++;
	if (system != NULL && strcmp(system, output->last_system) != 0) {
		output->system_count++;
		snprintf(output->last_system, sizeof(output->last_system),
			 "%s", system);
	}
}

static void add_json_account(struct person_output *output,
			     const struct person_account *account)
{
	json_t *object = json_object();

	json_object_set_new(object, "system", optional_string(account->system));
	json_object_set_new(object, "id",
			    optional_string(account->external_id));
	json_object_set_new(object, "login", optional_string(account->login));
	json_object_set_new(object, "email", optional_string(account->email));
	json_object_set_new(object, "active", json_boolean(account->active));
	json_object_set_new(object, "mfa", optional_string(account->mfa));
	json_object_set_new(object, "last_login",
			    optional_string(account->last_login));
	json_object_set_new(object, "entitlements",
			    parse_array(account->entitlements));
	json_object_set_new(object, "findings",
			    parse_array(account->findings));
	json_array_append_new(output->accounts, object);
}

static void add_text_account(struct person_output *output,
			     const struct person_account *account)
{
	struct ar_buf entitlements = AR_BUF_INIT;
	struct ar_buf findings = AR_BUF_INIT;
	const char *cells[COLUMNS] = {
		account->system,
		account->login != NULL ? account->login : account->email,
		account->external_id,
		account->active ? "yes" : "no",
		account->mfa,
		account->last_login != NULL ? account->last_login : "unknown",
		joined(&entitlements, account->entitlements),
		joined(&findings, account->findings),
	};

	cli_table_add(&output->table, cells);
	ar_buf_release(&entitlements);
	ar_buf_release(&findings);
}

static enum ar_rc take_account(void *context,
			       const struct person_account *account,
			       struct ar_error *err)
{
	struct person_output *output = context;

	(void)err;
	count_system(output, account->system);
	if (output->json)
		add_json_account(output, account);
	else
		add_text_account(output, account);
	return AR_OK;
}

static void print_json(struct person_output *output, const char *who,
		       long long snapshot_id)
{
	json_t *document = json_object();
	char *text;

	json_object_set_new(document, "snapshot", json_integer(snapshot_id));
	json_object_set_new(document, "query", json_string(who));
	json_object_set(document, "directory", output->entries);
	json_object_set(document, "accounts", output->accounts);
	text = json_dumps(document, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (text != NULL)
		puts(text);
	free(text);
	json_decref(document);
}

static void print_text(struct person_output *output, long long snapshot_id)
{
	if (output->account_count > 0)
		cli_table_print(&output->table, stdout, isatty(STDOUT_FILENO),
				TERMINAL_COLUMN_CAP);
	printf("%ld account%s in %ld system%s in snapshot %lld\n",
	       output->account_count, output->account_count == 1 ? "" : "s",
	       output->system_count, output->system_count == 1 ? "" : "s",
	       snapshot_id);
}

static void start_table(struct person_output *output)
{
	static const char *const header[COLUMNS] = {
		"SYSTEM", "ACCOUNT", "ID", "ACTIVE", "MFA", "LAST-LOGIN",
		"ENTITLEMENTS", "FINDINGS",
	};

	cli_table_init(&output->table, COLUMNS);
	cli_table_add(&output->table, header);
}

static enum ar_rc run_person(struct cli_context *context, void *args,
			     struct ar_error *err)
{
	struct person_args *person = args;
	struct person_output output = { 0 };
	struct person_view view = { take_entry, take_account, &output };
	const char *who = context->operands[0];
	long long snapshot_id = 0;
	enum ar_rc rc;

	output.scratch = (struct ar_buf)AR_BUF_INIT;
	output.json = person->format != NULL &&
		      strcmp(person->format, "json") == 0;
	output.entries = json_array();
	output.accounts = json_array();
	start_table(&output);
	rc = review_person(context->store, person->snapshot, who, &view,
			   &snapshot_id, err);
	if (rc == AR_OK && output.json)
		print_json(&output, who, snapshot_id);
	else if (rc == AR_OK)
		print_text(&output, snapshot_id);
	json_decref(output.entries);
	json_decref(output.accounts);
	cli_table_release(&output.table);
	ar_buf_release(&output.scratch);
	return rc;
}

const struct cli_command cli_person_command = {
	"person",
	"person UID|EMAIL [--snapshot ID] [--format text|json]",
	"List every account a person has in every system of the latest\n"
	"snapshot (or --snapshot ID): active or not, entitlements, MFA, last\n"
	"login and finding codes.  Unlinked accounts whose login or email is\n"
	"UID|EMAIL are listed too.",
	person_options, sizeof(struct person_args), 1, 1,
	CLI_NEEDS_DATABASE | CLI_READ_ONLY, run_person,
};
