/* fuzz_ndjson.c -- libFuzzer harness: SCIM NDJSON */
/* SPDX-License-Identifier: MIT */
#define FUZZ_TARGET "ndjson"
#include "harness.h"
