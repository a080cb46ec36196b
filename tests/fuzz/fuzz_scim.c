/* fuzz_scim.c -- libFuzzer harness: SCIM JSON documents */
/* SPDX-License-Identifier: MIT */
#define FUZZ_TARGET "scim"
#include "harness.h"
