/* url.c -- rules about LDAP URLs shared by the configuration and the reader */
/* SPDX-License-Identifier: MIT */
#include <string.h>
#include <strings.h>

#include "accessreview/url.h"

int url_ldap_is_local(const char *url)
{
	static const char *const local_hosts[] = { "localhost", "127.0.0.1",
						   "::1" };
	const char *host, *end;
	size_t length;

	if (strncasecmp(url, "ldapi://", 8) == 0)
		return 1;
	if (strncasecmp(url, "ldap://", 7) == 0)
		host = url + 7;
	else if (strncasecmp(url, "ldaps://", 8) == 0)
		host = url + 8;
	else
		return 0;
	if (*host == '[') {
		host++;
		end = strchr(host, ']');
		if (end == NULL)
			return 0;
	} else {
		end = host + strcspn(host, ":/?");
	}
	length = (size_t)(end - host);
	/* no host: libldap connects to localhost */
	if (length == 0)
		return 1;
	for (size_t i = 0; i < sizeof(local_hosts) / sizeof(local_hosts[0]);
	     i++) {
		if (strlen(local_hosts[i]) == length &&
		    strncasecmp(host, local_hosts[i], length) == 0)
			return 1;
	}
	return 0;
}
