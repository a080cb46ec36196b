/* events.c -- what the command line shows of an operation while it runs */
/* SPDX-License-Identifier: MIT */
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "accessreview/log.h"
#include "cli.h"

static void show_source(void *context, const char *location,
			const char *format, const char *role, long records)
{
	(void)context;
	if (records < 0)
		log_info("reading %s (%s, %s)", location, format, role);
	else
		log_info("%s: %ld records", location, records);
}

static void show_warning(void *context, const char *message)
{
	(void)context;
	log_warning("%s", message);
}

/* One line per LDAP page with -v: a big pull shows that it moves. */
static void show_progress(void *context, const char *message)
{
	(void)context;
	log_info("%s", message);
}

struct collect_events cli_collect_events(struct cli_context *context)
{
	struct collect_events events = { context, show_source, show_warning,
					 show_progress };

	return events;
}

time_t cli_now(const struct cli_time *now)
{
	return now->given ? now->value : time(NULL);
}

const char *cli_printable(struct ar_buf *scratch, const char *text)
{
	const unsigned char *p;

	if (text == NULL)
		return NULL;
	for (p = (const unsigned char *)text; *p; p++)
		if (*p < 0x20 || *p == 0x7F)
			break;
	if (*p == '\0')
		return text;
	ar_buf_reset(scratch);
	for (p = (const unsigned char *)text; *p; p++) {
		if (*p == '\n')
			ar_buf_adds(scratch, "\\n");
		else if (*p == '\r')
			ar_buf_adds(scratch, "\\r");
		else if (*p == '\t')
			ar_buf_adds(scratch, "\\t");
		else if (*p < 0x20 || *p == 0x7F)
			ar_buf_addf(scratch, "\\x%02x", *p);
		else
			ar_buf_addch(scratch, *p);
	}
	return scratch->buf;
}

const char *cli_actor(void)
{
	static char name[64];
	struct passwd *entry = getpwuid(geteuid());

	if (entry && entry->pw_name && *entry->pw_name)
		snprintf(name, sizeof(name), "%s", entry->pw_name);
	else
		snprintf(name, sizeof(name), "uid %ld", (long)geteuid());
	return name;
}
