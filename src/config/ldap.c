/* ldap.c -- LDAP sources of the configuration: inheritance, defaults, checks */
/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "accessreview/mem.h"
#include "accessreview/url.h"
#include "config_int.h"

/* Defaults of the LDAP keys. */
#define LDAP_DEFAULT_TIMEOUT 30
#define LDAP_DEFAULT_NETWORK_TIMEOUT 10
#define LDAP_DEFAULT_PAGE_SIZE 500

void config_ldap_unset(struct ldap_settings *ldap)
{
	memset(ldap, 0, sizeof(*ldap));
	ldap->scope = SOURCE_LDAP_SCOPE_SUB;
	ldap->sasl_external = -1;
	ldap->starttls = -1;
	ldap->allow_plaintext = -1;
	ldap->timeout = -1;
	ldap->network_timeout = -1;
	ldap->page_size = -1;
	ldap->referrals = -1;
}

void config_ldap_release(struct ldap_settings *ldap)
{
	const char *strings[] = {
		ldap->base, ldap->filter, ldap->group_base, ldap->group_filter,
		ldap->bind_dn, ldap->password_file, ldap->password_env,
		ldap->ca_file, ldap->cert_file, ldap->key_file,
		ldap->disabled_filter, ldap->attributes.uid,
		ldap->attributes.mail, ldap->attributes.display_name,
		ldap->attributes.cn, ldap->attributes.employee_number,
		ldap->attributes.manager, ldap->attributes.mfa,
	};

	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
		free((char *)strings[i]);
}



static const char *dup_or_keep(const char *own, const char *inherited)
{
	return own != NULL ? own : ar_strdup_or_null(inherited);
}

static int int_or_keep(int own, int inherited)
{
	return own >= 0 ? own : inherited;
}

/*
 * A system whose source is the bare "ldap" reads the [directory]'s
 * server, so it binds and connects as [directory] says unless it says
 * otherwise.  Its people query (base, scope, filter) comes as one piece,
 * and so do the credentials, so that a half-set pair never mixes two
 * sections.  Its groups are its own business: group keys are not taken.
 */
static void inherit_ldap(struct ldap_settings *own,
			 const struct ldap_settings *from)
{
	struct ldap_attribute_map *mine = &own->attributes;
	const struct ldap_attribute_map *theirs = &from->attributes;

	if (own->base == NULL) {
		own->base = ar_strdup_or_null(from->base);
		own->scope = from->scope;
		own->filter = dup_or_keep(own->filter, from->filter);
	}
	if (own->bind_dn == NULL && own->password_file == NULL &&
	    own->password_env == NULL && own->sasl_external < 0) {
		own->bind_dn = ar_strdup_or_null(from->bind_dn);
		own->password_file = ar_strdup_or_null(from->password_file);
		own->password_env = ar_strdup_or_null(from->password_env);
		own->sasl_external = from->sasl_external;
	}
	own->ca_file = dup_or_keep(own->ca_file, from->ca_file);
	own->cert_file = dup_or_keep(own->cert_file, from->cert_file);
	own->key_file = dup_or_keep(own->key_file, from->key_file);
	own->disabled_filter =
		dup_or_keep(own->disabled_filter, from->disabled_filter);
	own->starttls = int_or_keep(own->starttls, from->starttls);
	own->allow_plaintext =
		int_or_keep(own->allow_plaintext, from->allow_plaintext);
	own->timeout = int_or_keep(own->timeout, from->timeout);
	own->network_timeout =
		int_or_keep(own->network_timeout, from->network_timeout);
	own->page_size = int_or_keep(own->page_size, from->page_size);
	own->referrals = int_or_keep(own->referrals, from->referrals);
	mine->uid = dup_or_keep(mine->uid, theirs->uid);
	mine->mail = dup_or_keep(mine->mail, theirs->mail);
	mine->display_name =
		dup_or_keep(mine->display_name, theirs->display_name);
	mine->cn = dup_or_keep(mine->cn, theirs->cn);
	mine->employee_number =
		dup_or_keep(mine->employee_number, theirs->employee_number);
	mine->manager = dup_or_keep(mine->manager, theirs->manager);
	mine->mfa = dup_or_keep(mine->mfa, theirs->mfa);
}

static enum ar_rc ldap_error(struct parse_state *state, int line,
			     const char *section, const char *problem)
{
	struct ar_location where = AR_LOCATION_LINE(state->path, line);

	return ar_error_at(state->err, AR_ERR_CONFIG, &where, "%s: %s",
			   section, problem);
}

/* The credentials: one way to bind, never half of one. */
static enum ar_rc check_ldap_bind(struct parse_state *state, int line,
				  const char *section, const char *url,
				  const struct ldap_settings *ldap)
{
	int tls = strncasecmp(url, "ldaps://", 8) == 0 || ldap->starttls;

	if (ldap->bind_dn != NULL && ldap->sasl_external > 0)
		return ldap_error(state, line, section,
				  "'bind-dn' and 'sasl = external' exclude "
				  "each other");
	if (ldap->bind_dn != NULL &&
	    (ldap->password_file == NULL) == (ldap->password_env == NULL))
		return ldap_error(state, line, section,
				  "'bind-dn' needs one of 'password-file' "
				  "and 'password-env'");
	if (ldap->bind_dn == NULL &&
	    (ldap->password_file != NULL || ldap->password_env != NULL))
		return ldap_error(state, line, section,
				  "a password without 'bind-dn'");
	if ((ldap->cert_file == NULL) != (ldap->key_file == NULL))
		return ldap_error(state, line, section,
				  "'cert-file' and 'key-file' go together");
	if (ldap->sasl_external > 0 &&
	    strncasecmp(url, "ldapi://", 8) != 0 &&
	    (!tls || ldap->cert_file == NULL))
		return ldap_error(state, line, section,
				  "'sasl = external' needs ldapi://, or TLS "
				  "with 'cert-file' and 'key-file'");
	/* policy: no password in clear over the network */
	if (ldap->bind_dn != NULL && !tls && !ldap->allow_plaintext &&
	    !url_ldap_is_local(url))
		return ldap_error(state, line, section,
				  "a simple bind without TLS to a remote "
				  "server is refused: use ldaps://, "
				  "'starttls = yes' or, knowingly, "
				  "'allow-plaintext = yes'");
	return AR_OK;
}

/* Apply the defaults, then check what only the whole section shows. */
static enum ar_rc check_ldap(struct parse_state *state, int line,
			     const char *section, const char *url,
			     struct ldap_settings *ldap)
{
	int plain = strncasecmp(url, "ldap://", 7) == 0;

	if (ldap->base == NULL)
		return ldap_error(state, line, section,
				  "an LDAP source needs 'base'");
	if (ldap->starttls > 0 && !plain)
		return ldap_error(state, line, section,
				  "'starttls' applies to ldap:// only");
	if (ldap->starttls < 0)
		ldap->starttls = plain && !url_ldap_is_local(url);
	if (ldap->sasl_external < 0)
		ldap->sasl_external = 0;
	if (ldap->allow_plaintext < 0)
		ldap->allow_plaintext = 0;
	if (ldap->timeout < 0)
		ldap->timeout = LDAP_DEFAULT_TIMEOUT;
	if (ldap->network_timeout < 0)
		ldap->network_timeout = LDAP_DEFAULT_NETWORK_TIMEOUT;
	if (ldap->page_size < 0)
		ldap->page_size = LDAP_DEFAULT_PAGE_SIZE;
	if (ldap->referrals < 0)
		ldap->referrals = 0;
	return check_ldap_bind(state, line, section, url, ldap);
}

static int is_bare_ldap(const struct collect_source *source)
{
	return source->format == SOURCE_FORMAT_LDAP &&
	       strcmp(source->location, CONFIG_BARE_LDAP) == 0;
}

/* The system's LDAP server: one per system, bare "ldap" resolved. */
static enum ar_rc resolve_system_ldap(struct parse_state *state,
				      struct collect_system *system)
{
	struct config *config = state->config;
	struct collect_source *sources[3] = { NULL, NULL, NULL };
	const char *url = NULL;
	char section[300];
	int bare = 0;
	size_t count = 0;

	if (system->accounts.location != NULL)
		sources[count++] = &system->accounts;
	if (system->groups.location != NULL)
		sources[count++] = &system->groups;
	if (system->mfa.location != NULL)
		sources[count++] = &system->mfa;
	snprintf(section, sizeof(section), "[system \"%.200s\"]",
		 system->name);
	for (size_t i = 0; i < count; i++) {
		const char *here;

		if (sources[i]->format != SOURCE_FORMAT_LDAP)
			continue;
		bare |= is_bare_ldap(sources[i]);
		here = is_bare_ldap(sources[i]) ? config->collect.directory.location
						: sources[i]->location;
		if (is_bare_ldap(sources[i]) &&
		    config->collect.directory.format != SOURCE_FORMAT_LDAP)
			return ldap_error(state, system->line, section,
					  "'ldap' means the [directory]'s "
					  "LDAP server, but [directory] has "
					  "no LDAP source");
		if (url != NULL && strcasecmp(url, here) != 0)
			return ldap_error(state, system->line, section,
					  "one LDAP server per system");
		url = here;
	}
	if (url == NULL)
		return AR_OK;
	/* url is the directory's location or a non-bare source's, never
	 * one freed here */
	for (size_t i = 0; i < count; i++) {
		if (is_bare_ldap(sources[i])) {
			free(sources[i]->location);
			/* NOLINTNEXTLINE(clang-analyzer-unix.Malloc) */
			sources[i]->location = ar_strdup(url);
		}
	}
	if (bare)
		inherit_ldap(&system->ldap, &config->collect.directory_ldap);
	return check_ldap(state, system->line, section, url, &system->ldap);
}

enum ar_rc config_resolve_ldap(struct parse_state *state)
{
	struct config *config = state->config;
	enum ar_rc rc = AR_OK;

	if (config->collect.directory.format == SOURCE_FORMAT_LDAP)
		rc = check_ldap(state, state->directory_line, "[directory]",
				config->collect.directory.location,
				&config->collect.directory_ldap);
	for (size_t i = 0; rc == AR_OK && i < config->collect.system_count; i++)
		rc = resolve_system_ldap(state, &config->collect.systems[i]);
	return rc;
}

