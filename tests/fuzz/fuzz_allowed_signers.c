/* fuzz_allowed_signers.c -- libFuzzer harness: an allowed_signers file */
/* SPDX-License-Identifier: MIT */
#define FUZZ_TARGET "allowed_signers"
#include "harness.h"
