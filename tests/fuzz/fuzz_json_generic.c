/* fuzz_json_generic.c -- libFuzzer harness: JSON via field.* keys */
/* SPDX-License-Identifier: MIT */
#define FUZZ_TARGET "json_generic"
#include "harness.h"
