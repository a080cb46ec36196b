/* queries_int.h -- the generated table of named queries (tools/gen-queries.sh) */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_QUERIES_INT_H
#define ACCESSREVIEW_QUERIES_INT_H

#include "accessreview/queries.h"

/* Most parameters one query takes, plus the PARAM_COUNT terminator. */
#define STORE_QUERY_MAX_PARAMS 16

struct store_query_text {
	const char *name;            /* "findings_of_snapshot" */
	const char *sql;
	/* the parameters the SQL uses, ended by PARAM_COUNT */
	enum store_param_id params[STORE_QUERY_MAX_PARAMS];
};

extern const struct store_query_text store_queries[QUERY_COUNT];
/* ":snapshot" for PARAM_SNAPSHOT */
extern const char *const store_param_names[PARAM_COUNT];

#endif
