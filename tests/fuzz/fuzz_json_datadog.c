/* fuzz_json_datadog.c -- libFuzzer harness: JSON preset datadog */
/* SPDX-License-Identifier: MIT */
#define FUZZ_TARGET "json_datadog"
#include "harness.h"
