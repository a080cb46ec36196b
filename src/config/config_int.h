/* config_int.h -- private state of the configuration loader in src/config/ */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_CONFIG_INT_H
#define ACCESSREVIEW_CONFIG_INT_H

#include <stddef.h>
#include <stdio.h>

#include "accessreview/config.h"

/* A system's source that is the [directory]'s LDAP server. */
#define CONFIG_BARE_LDAP "ldap"

/* The sections a key may appear in (bits). */
enum config_section {
	SECTION_REVIEW = 1 << 0,
	SECTION_DIRECTORY = 1 << 1,
	SECTION_SYSTEM = 1 << 2,
	SECTION_MAIL = 1 << 3,
	SECTION_EVIDENCE = 1 << 4,
	SECTION_RETENTION = 1 << 5,
};

/* Which struct a key's offset is into. */
enum config_target {
	TARGET_CONFIG = 0,           /* struct config */
	TARGET_PLAN,                 /* struct collect_plan */
	TARGET_SYSTEM,               /* the section's struct collect_system */
	TARGET_LDAP                  /* the section's struct ldap_settings */
};

/* Parsing state: inih calls back once per "key = value" line. */
struct parse_state {
	struct config *config;
	FILE *file;
	const char *path;
	char *base_dir;
	int line;                    /* line most recently read */
	int line_too_long;
	int max_line;                /* inih's line buffer size */
	int line_not_utf8;
	int line_has_nul;
	int directory_line;           /* of [directory]'s source key */
	struct collect_system *system;   /* of the current section */
	struct ldap_settings *ldap;      /* of the current section */
	struct ar_error *err;
};

struct config_key;

typedef enum ar_rc (*config_parse_fn)(struct parse_state *state,
				      const struct config_key *key,
				      const char *name, const char *value,
				      void *field);

/* An integer key's bounds and unit, for the message. */
struct config_range {
	int min;
	int max;
	const char *unit;            /* "days", "seconds" */
};

struct config_key {
	const char *name;            /* "inactive-days"; "field." a family */
	unsigned int sections;       /* enum config_section bits */
	enum config_target target;
	size_t offset;               /* of the field in the target */
	config_parse_fn parse;
	const void *detail;          /* a config_range, a word list, ... */
};

/* The table (keys.c), ended by an entry whose name is NULL. */
extern const struct config_key config_keys[];

/* "path:line: message"; AR_ERR_CONFIG. */
enum ar_rc config_fail(struct parse_state *state, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Strip one pair of double quotes around value, into a new string. */
char *config_unquote(const char *value);
/* A path relative to the configuration's directory, or absolute. */
char *config_resolve_path(const struct parse_state *state, const char *path);
/* Split `"Owners", "admin"` or `Owners, admin` into a list. */
void config_parse_name_list(const char *value, char ***names, size_t *count);

/* Find the key for name in section, NULL when unknown. */
const struct config_key *config_find_key(const char *name,
					 unsigned int section);
/* The closest known key of the section, for "did you mean", or NULL. */
const char *config_closest_key(const char *name, unsigned int section);

/* ldap.c: inherit, default and check every LDAP source of the file. */
enum ar_rc config_resolve_ldap(struct parse_state *state);
/* Unset LDAP settings: -1 or NULL, so a bare "ldap" can inherit. */
void config_ldap_unset(struct ldap_settings *ldap);
void config_ldap_release(struct ldap_settings *ldap);

#endif
