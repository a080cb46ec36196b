/* fuzz_json_github_2fa_disabled.c -- libFuzzer: GitHub 2FA list */
/* SPDX-License-Identifier: MIT */
#define FUZZ_TARGET "json_github_2fa_disabled"
#include "harness.h"
