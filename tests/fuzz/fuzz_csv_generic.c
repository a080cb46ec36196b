/* fuzz_csv_generic.c -- libFuzzer harness: CSV via field.* keys */
/* SPDX-License-Identifier: MIT */
#define FUZZ_TARGET "csv_generic"
#include "harness.h"
