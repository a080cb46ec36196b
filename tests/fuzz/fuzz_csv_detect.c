/* fuzz_csv_detect.c -- libFuzzer harness: CSV, preset from the header */
/* SPDX-License-Identifier: MIT */
#define FUZZ_TARGET "csv_detect"
#include "harness.h"
