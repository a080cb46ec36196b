/* fuzz_config.c -- libFuzzer harness: the INI configuration */
/* SPDX-License-Identifier: MIT */
#define FUZZ_TARGET "config"
#include "harness.h"
