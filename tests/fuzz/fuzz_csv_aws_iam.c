/* fuzz_csv_aws_iam.c -- libFuzzer harness: CSV preset aws-iam */
/* SPDX-License-Identifier: MIT */
#define FUZZ_TARGET "csv_aws_iam"
#include "harness.h"
