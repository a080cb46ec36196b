/* fuzz_json_zendesk.c -- libFuzzer harness: JSON preset zendesk */
/* SPDX-License-Identifier: MIT */
#define FUZZ_TARGET "json_zendesk"
#include "harness.h"
