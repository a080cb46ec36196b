/* fuzz_ldif.c -- libFuzzer harness: LDIF exports */
/* SPDX-License-Identifier: MIT */
#define FUZZ_TARGET "ldif"
#include "harness.h"
