/* fuzz_csv_google_workspace.c -- libFuzzer: Google Workspace CSV */
/* SPDX-License-Identifier: MIT */
#define FUZZ_TARGET "csv_google_workspace"
#include "harness.h"
