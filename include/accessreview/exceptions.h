/* exceptions.h -- the exception register: access kept on exception */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_EXCEPTIONS_H
#define ACCESSREVIEW_EXCEPTIONS_H

#include <time.h>

#include "accessreview/error.h"

struct store;

/*
 * An `exception` decision enters the register (a view over the review
 * items: sql/0006_attestation.sql) and stays there across campaigns
 * until a later campaign decides the same access again.  A snapshot
 * taken after its expiry, while the access is still active, raises
 * exception-expired.
 */

enum exception_state {
	EXCEPTION_ACTIVE,
	EXCEPTION_EXPIRING,          /* expires within the given days */
	EXCEPTION_EXPIRED,
	EXCEPTION_REPLACED           /* a later decision replaced it */
};

struct exception_entry {
	long long item_id;
	long long campaign_id;
	const char *period;          /* NULL for an event campaign */
	const char *system;
	const char *kind;            /* account, grant */
	const char *account;
	const char *person;
	const char *entitlement;     /* the grant; NULL for an account */
	const char *reviewer;
	const char *decided_by;
	const char *justification;
	const char *granted_at;
	const char *expires;         /* YYYY-MM-DD */
	long days_left;              /* negative once expired */
	enum exception_state state;
};

typedef enum ar_rc (*exception_fn)(void *context,
				   const struct exception_entry *entry,
				   struct ar_error *err);

/* Each entry of the register, soonest expiry first, judged at now:
 * expiring within expiring_days, or expired.  all: the replaced ones
 * too. */
enum ar_rc exceptions_each(struct store *store, time_t now,
			   long expiring_days, int all, exception_fn fn,
			   void *context, struct ar_error *err);

const char *exception_state_name(enum exception_state state);

#endif
