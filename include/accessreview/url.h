/* url.h -- rules about LDAP URLs shared by the configuration and the reader */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_URL_H
#define ACCESSREVIEW_URL_H

/*
 * 1 when an ldap:// or ldaps:// URL names this machine (localhost,
 * 127.0.0.1, ::1, or no host) or the URL is ldapi://: there StartTLS is
 * not needed by default and a simple bind in clear is not refused.
 * Lives in util so that the configuration (which decides StartTLS) and
 * the LDAP reader (which enforces it) apply one rule.
 */
int url_ldap_is_local(const char *url);

#endif
