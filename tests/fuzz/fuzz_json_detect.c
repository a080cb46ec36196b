/* fuzz_json_detect.c -- libFuzzer harness: JSON, preset from the shape */
/* SPDX-License-Identifier: MIT */
#define FUZZ_TARGET "json_detect"
#include "harness.h"
