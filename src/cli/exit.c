/* exit.c -- the one place that turns result codes into exit statuses */
/* SPDX-License-Identifier: MIT */
#include <sysexits.h>

#include "cli.h"

int cli_exit_status(enum ar_rc rc)
{
	switch (rc) {
	case AR_OK: return EX_OK;
	case AR_ERR_USAGE: return EX_USAGE;
	case AR_ERR_DATA: return EX_DATAERR;
	case AR_ERR_NOINPUT: return EX_NOINPUT;
	case AR_ERR_CANTCREATE: return EX_CANTCREAT;
	case AR_ERR_TEMPFAIL: return EX_TEMPFAIL;
	case AR_ERR_NOPERM: return EX_NOPERM;
	case AR_ERR_CONFIG: return EX_CONFIG;
	case AR_ERR_INTERNAL: break;
	}
	return EX_SOFTWARE;
}
