/* fuzz_date.c -- libFuzzer harness: every date form (src/util/date.c) */
/* SPDX-License-Identifier: MIT */
#define FUZZ_TARGET "date"
#include "harness.h"
