/* fuzz_ldap_entry.c -- libFuzzer harness: LDAP entries to records */
/* SPDX-License-Identifier: MIT */
#define FUZZ_TARGET "ldap_entry"
#include "harness.h"
