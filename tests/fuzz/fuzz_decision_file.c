/* fuzz_decision_file.c -- libFuzzer harness: a decision file (worksheet CSV) */
/* SPDX-License-Identifier: MIT */
#define FUZZ_TARGET "decision_file"
#include "harness.h"
