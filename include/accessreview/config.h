/* config.h -- the INI configuration file, loaded and validated */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_CONFIG_H
#define ACCESSREVIEW_CONFIG_H

#include <stddef.h>

#include "accessreview/error.h"
#include "accessreview/review.h"
#include "accessreview/sources.h"

/* One input of a system or of the directory: "scim:exports/users.json",
 * or a live directory: "ldaps://ldap.example.com" (format LDAP, location
 * the URL; a system's bare "ldap" is the [directory]'s server). */
struct config_source {
	enum source_format format;
	char *location;              /* path resolved against the config dir */
};

struct config_system {
	char *name;
	char *category;
	char *owner;
	struct config_source accounts;
	struct config_source groups; /* format/location empty when unset */
	struct config_source mfa;
	int has_groups;
	int has_mfa;
	char *preset;
	struct field_mapping *fields;
	size_t field_count;
	int mfa_supported;
	char *match;                 /* email, uid, employeeNumber */
	char **privileged;           /* entitlement names, case-insensitive */
	size_t privileged_count;
	int line;                    /* where the section starts */
	/* For its LDAP sources; strings owned by the configuration.  With a
	 * bare "ldap" source, what the section leaves unset comes from
	 * [directory], except the group keys. */
	struct ldap_settings ldap;
};

struct config {
	char *path;
	char *database;
	char *reports;
	int inactive_days;
	enum severity fail_on;
	struct config_source directory;
	char *directory_base;
	struct ldap_settings directory_ldap; /* for an LDAP [directory] */
	int directory_line;          /* of [directory]'s 'source' */
	unsigned int disabled_rules;
	struct config_system *systems;
	size_t system_count;
};

/*
 * Load and validate path.  Relative paths inside are resolved against the
 * directory holding the file.  Errors name "path:line" and are
 * AR_ERR_CONFIG (AR_ERR_NOINPUT when the file is missing).  Free with
 * config_free.
 */
enum ar_rc config_load(const char *path, struct config **out,
		       struct ar_error *err);
void config_free(struct config *config);

/* Which file to load: explicit, else $ACCESSREVIEW_CONFIG, else default. */
const char *config_choose_path(const char *explicit_path);

/* 1 when name is on the system's privileged list (case-insensitive). */
int config_is_privileged(const struct config_system *system,
			 const char *name);

#endif
