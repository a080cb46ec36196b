/* ldif.c -- placeholder until the ldif reader lands */
/* SPDX-License-Identifier: MIT */
#include <stddef.h>

#include "accessreview/sources.h"

enum ar_rc ldif_read(const struct source_spec *spec,
		const struct record_sink *sink,
		struct source_summary *summary, struct ar_error *err)
{
	(void)sink;
	(void)summary;
	return ar_error_set(err, AR_ERR_INTERNAL, "%s: ldif reader missing",
			    spec->location);
}

char *dn_normalize(const char *dn)
{
	(void)dn;
	return NULL;
}
