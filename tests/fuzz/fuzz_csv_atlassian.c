/* fuzz_csv_atlassian.c -- libFuzzer harness: CSV preset atlassian */
/* SPDX-License-Identifier: MIT */
#define FUZZ_TARGET "csv_atlassian"
#include "harness.h"
