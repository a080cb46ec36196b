/* scim.c -- placeholder until the scim reader lands */
/* SPDX-License-Identifier: MIT */
#include "accessreview/sources.h"

enum ar_rc scim_read(const struct source_spec *spec,
		const struct record_sink *sink,
		struct source_summary *summary, struct ar_error *err)
{
	(void)sink;
	(void)summary;
	return ar_error_set(err, AR_ERR_INTERNAL, "%s: scim reader missing",
			    spec->location);
}
