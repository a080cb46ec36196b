/* source.c -- dispatch to the reader of a source's format, shared helpers */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "accessreview/sources.h"
#include "reader.h"

static const char *const format_names[] = {
	[SOURCE_FORMAT_LDIF] = "ldif",
	[SOURCE_FORMAT_SCIM] = "scim",
	[SOURCE_FORMAT_CSV] = "csv",
	[SOURCE_FORMAT_JSON] = "json",
	[SOURCE_FORMAT_LDAP] = "ldap",
};

const char *mfa_status_name(enum mfa_status status)
{
	switch (status) {
	case MFA_ENABLED: return "enabled";
	case MFA_DISABLED: return "disabled";
	case MFA_NOT_APPLICABLE: return "not-applicable";
	case MFA_UNKNOWN: break;
	}
	return "unknown";
}

int source_format_from_name(const char *name, enum source_format *out)
{
	for (size_t i = 0; i < sizeof(format_names) / sizeof(format_names[0]);
	     i++) {
		if (strcmp(name, format_names[i]) == 0) {
			*out = (enum source_format)i;
			return 0;
		}
	}
	return -1;
}

const char *source_format_name(enum source_format format)
{
	if ((size_t)format < sizeof(format_names) / sizeof(format_names[0]))
		return format_names[format];
	return "unknown";
}

enum ar_rc source_read(const struct source_spec *spec,
		       const struct record_sink *sink,
		       struct source_summary *summary, struct ar_error *err)
{
	memset(summary, 0, sizeof(*summary));
	summary->declared = -1;
	switch (spec->format) {
	case SOURCE_FORMAT_LDIF:
		return ldif_read(spec, sink, summary, err);
	case SOURCE_FORMAT_SCIM:
		return scim_read(spec, sink, summary, err);
	case SOURCE_FORMAT_CSV:
		return csv_read(spec, sink, summary, err);
	case SOURCE_FORMAT_JSON:
		return json_read(spec, sink, summary, err);
	case SOURCE_FORMAT_LDAP:
		return ldap_read(spec, sink, summary, err);
	}
	return ar_error_set(err, AR_ERR_INTERNAL, "%s: unknown source format",
			    spec->location);
}

/* Without libldap: the configuration decides StartTLS with this too. */
int source_ldap_url_is_local(const char *url)
{
	static const char *const local_hosts[] = { "localhost", "127.0.0.1",
						   "::1" };
	const char *host, *end;
	size_t length;

	if (strncasecmp(url, "ldapi://", 8) == 0)
		return 1;
	if (strncasecmp(url, "ldap://", 7) == 0)
		host = url + 7;
	else if (strncasecmp(url, "ldaps://", 8) == 0)
		host = url + 8;
	else
		return 0;
	if (*host == '[') {
		host++;
		end = strchr(host, ']');
		if (end == NULL)
			return 0;
	} else {
		end = host + strcspn(host, ":/?");
	}
	length = (size_t)(end - host);
	/* no host: libldap connects to localhost */
	if (length == 0)
		return 1;
	for (size_t i = 0; i < sizeof(local_hosts) / sizeof(local_hosts[0]);
	     i++) {
		if (strlen(local_hosts[i]) == length &&
		    strncasecmp(host, local_hosts[i], length) == 0)
			return 1;
	}
	return 0;
}

enum ar_rc reader_open(const struct source_spec *spec, FILE **out,
		       struct ar_error *err)
{
	*out = fopen(spec->location, "rb");
	if (*out == NULL)
		return ar_error_set(err, errno == EACCES ? AR_ERR_NOPERM
							 : AR_ERR_NOINPUT,
				    "cannot open '%s': %s", spec->location,
				    strerror(errno));
	return AR_OK;
}
