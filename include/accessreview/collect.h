/* collect.h -- the collect operation: every source into one new snapshot */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_COLLECT_H
#define ACCESSREVIEW_COLLECT_H

#include <stddef.h>
#include <time.h>

#include "accessreview/date.h"
#include "accessreview/error.h"
#include "accessreview/sources.h"

struct store;

/*
 * COLLECT
 *
 * One operation, one transaction: the directory and every selected system
 * are read into a new snapshot, accounts are linked to people and the
 * findings computed, and only then is the snapshot committed.  Any
 * failure rolls everything back, so the previous snapshot stays the
 * latest, untouched.
 *
 * The plan says what to read; the configuration fills it (config.h),
 * tests may build one by hand.  Strings are owned by whoever built the
 * plan.
 */

/* A list of names from the configuration ("Owners", "admin"). */
struct name_list {
	char **items;
	size_t count;
};

/* One input: "scim:exports/users.json", or a live directory URL. */
struct collect_source {
	enum source_format format;
	char *location;              /* path, or ldap://, ldaps://, ldapi:// */
};

struct collect_system {
	char *name;
	char *category;              /* source_control, marketplace_admin, ... */
	char *owner;                 /* the reviewer by default */
	char *reviewer;              /* owner or manager (campaign.h) */
	struct name_list delegates;  /* may decide for the owner */
	struct collect_source accounts;  /* location NULL when unset */
	struct collect_source groups;
	struct collect_source mfa;
	char *preset;                /* forced CSV/JSON preset, or NULL */
	struct field_mapping *fields;
	size_t field_count;
	int mfa_supported;
	char *match;                 /* email, uid, employeeNumber */
	struct name_list privileged; /* entitlements, case-insensitive */
	/* how its exports write dates: date-order, timezone; date-format
	 * is owned here, dates.format points at it when reading */
	struct date_options dates;
	char *date_format;
	/* For its LDAP sources; a bare "ldap" source is the [directory]'s
	 * server, with what the section leaves unset taken from there. */
	struct ldap_settings ldap;
	int line;                    /* where its section starts (messages) */
};

struct collect_plan {
	struct collect_source directory;
	struct ldap_settings directory_ldap; /* for an LDAP directory */
	unsigned int disabled_rules;         /* DISABLED_* bits */
	struct collect_system *systems;
	size_t system_count;
	int inactive_days;                   /* dormant after this long */
	int strict;                          /* [review] strict */
};

/* 1 when name is on the system's privileged list (case-insensitive). */
int collect_system_is_privileged(const struct collect_system *system,
				 const char *name);

/* What a collect tells while it runs; every callback may be NULL. */
struct collect_events {
	void *context;
	/* one source starts or ends; records is -1 at the start */
	void (*source)(void *context, const char *location,
		       const char *format, const char *role, long records);
	/* a non-fatal problem, with its input location in the text */
	void (*warning)(void *context, const char *message);
	/* a line of progress inside a source (an LDAP page) */
	void (*progress)(void *context, const char *message);
};

struct collect_options {
	time_t now;                  /* the snapshot's time */
	char *const *systems;        /* only these; NULL/0 = every system */
	size_t system_count;
	struct collect_events events;
};

struct collect_result {
	long long snapshot_id;
	long long previous_snapshot_id;  /* 0 when it is the first */
	long warnings;
};

/*
 * Read, link and judge into a new snapshot, inside a write transaction
 * left open: the caller then commits with collect_commit (or writes the
 * reports first, as `run` does) or discards with collect_abort.  On
 * failure the transaction is already rolled back.  AR_ERR_USAGE for a
 * selected system the plan does not have; the readers' errors else.
 */
enum ar_rc collect_prepare(struct store *store, const struct collect_plan *plan,
			   const struct collect_options *options,
			   struct collect_result *result,
			   struct ar_error *err);
enum ar_rc collect_commit(struct store *store, struct ar_error *err);
void collect_abort(struct store *store);

/* collect_prepare, then collect_commit. */
enum ar_rc collect_snapshot(struct store *store,
			    const struct collect_plan *plan,
			    const struct collect_options *options,
			    struct collect_result *result,
			    struct ar_error *err);

#endif
