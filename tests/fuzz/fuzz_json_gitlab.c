/* fuzz_json_gitlab.c -- libFuzzer harness: JSON preset gitlab */
/* SPDX-License-Identifier: MIT */
#define FUZZ_TARGET "json_gitlab"
#include "harness.h"
