/* source.c -- dispatch to the reader of a source's format, shared helpers */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>

#include "accessreview/sources.h"
#include "reader.h"

static const char *const format_names[] = {
	[SOURCE_FORMAT_LDIF] = "ldif",
	[SOURCE_FORMAT_SCIM] = "scim",
	[SOURCE_FORMAT_CSV] = "csv",
	[SOURCE_FORMAT_JSON] = "json",
	[SOURCE_FORMAT_LDAP] = "ldap",
};

const char *source_mfa_status_name(enum mfa_status status)
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
		return source_read_ldif(spec, sink, summary, err);
	case SOURCE_FORMAT_SCIM:
		return source_read_scim(spec, sink, summary, err);
	case SOURCE_FORMAT_CSV:
		return source_read_csv(spec, sink, summary, err);
	case SOURCE_FORMAT_JSON:
		return source_read_json(spec, sink, summary, err);
	case SOURCE_FORMAT_LDAP:
		return source_read_ldap(spec, sink, summary, err);
	}
	return ar_error_set(err, AR_ERR_INTERNAL, "%s: unknown source format",
			    spec->location);
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
