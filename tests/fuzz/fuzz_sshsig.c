/* fuzz_sshsig.c -- libFuzzer harness: an SSH signature over a fixed message */
/* SPDX-License-Identifier: MIT */
#define FUZZ_TARGET "sshsig"
#include "harness.h"
