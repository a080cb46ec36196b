/* person.h -- the person view: one person's accounts in every system */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_PERSON_H
#define ACCESSREVIEW_PERSON_H

#include "accessreview/error.h"

struct store;

/*
 * The first question of an offboarding review: what does this person
 * still have?  The person is named by a uid or an email (any case); the
 * view lists the accounts linked to the directory entries of that name,
 * and the unlinked accounts whose login or email is that name (a leaver
 * whose entry was deleted keeps those).  Strings are valid only during
 * the callback.
 */
struct person_entry {
	const char *source_key;      /* the directory's key (a DN, an id) */
	const char *uid;
	const char *email;
	const char *display_name;
	int disabled;
};

struct person_account {
	const char *system;
	const char *external_id;
	const char *login;
	const char *email;
	int active;
	const char *mfa;             /* enabled, disabled, unknown, ... */
	const char *last_login;      /* YYYY-MM-DD, "never" or NULL */
	const char *entitlements;    /* a JSON array of names */
	const char *findings;        /* a JSON array of finding codes */
};

struct person_view {
	enum ar_rc (*entry)(void *context, const struct person_entry *entry,
			    struct ar_error *err);
	enum ar_rc (*account)(void *context,
			      const struct person_account *account,
			      struct ar_error *err);
	void *context;
};

/*
 * Deliver the directory entries, then the accounts, of `who` in snapshot
 * `requested` (0: the latest), whose id goes to *snapshot_id.
 * AR_ERR_NOINPUT when the snapshot does not exist, or when neither an
 * entry nor an account has that name.
 */
enum ar_rc review_person(struct store *store, long long requested,
			 const char *who, const struct person_view *view,
			 long long *snapshot_id, struct ar_error *err);

#endif
