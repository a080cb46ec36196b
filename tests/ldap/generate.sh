#!/bin/sh
# generate.sh -- COUNT people and their groups under ou=bulk as LDIF
# usage: sh tests/ldap/generate.sh COUNT >bulk.ldif
# Every 50th person is locked, every 11th has an OTP token, every 7th a
# manager, every 13th a non-ASCII display name; 25 groupOfNames share
# every 10th person, the first three nest in a ring (a loop); one
# posixGroup lists every 100th uid.  (Few memberships: the store's
# membership checks, not the reader, would set the pace.)
set -eu
count=${1:-5000}
awk -v n="$count" 'BEGIN {
	base = "ou=bulk,dc=example,dc=com"
	for (i = 1; i <= n; i++) {
		printf "dn: uid=user%05d,%s\n", i, base
		# slapadd wants the objectClass values together
		print "objectClass: inetOrgPerson"
		if (i % 3 == 0)
			print "objectClass: posixAccount"
		if (i % 11 == 0)
			print "objectClass: oathTOTPUser"
		if (i % 3 == 0) {
			printf "uidNumber: %d\ngidNumber: 100\n", 10000 + i
			printf "homeDirectory: /home/user%05d\n", i
		}
		printf "uid: user%05d\ncn: User %05d\nsn: %05d\n", i, i, i
		printf "mail: user%05d@example.com\n", i
		printf "employeeNumber: E%05d\n", i
		if (i % 13 == 0)
			printf "displayName: Zoë Ñúñez %05d\n", i
		if (i % 7 == 0)
			printf "manager: uid=user%05d,%s\n", int(i / 7), base
		if (i % 50 == 0)
			print "pwdAccountLockedTime: 20261001120000Z"
		if (i % 11 == 0)
			printf "oathTOTPToken: cn=token%05d,%s\n", i, base
		print ""
	}
	groups = 25
	for (g = 0; g < groups; g++) {
		printf "dn: cn=bulk-group-%02d,%s\n", g, base
		print "objectClass: groupOfNames"
		printf "cn: bulk-group-%02d\n", g
		for (i = g + 1; i <= n; i += groups * 10)
			printf "member: uid=user%05d,%s\n", i, base
		# three nest in a ring (a loop); a ring of all 25 would grant
		# everyone everything and time the store, not the reader
		if (g < 3)
			printf "member: cn=bulk-group-%02d,%s\n", (g + 1) % 3,
				base
		print ""
	}
	printf "dn: cn=bulk-posix,%s\n", base
	print "objectClass: posixGroup"
	print "cn: bulk-posix"
	print "gidNumber: 100"
	for (i = 10; i <= n; i += 100)
		printf "memberUid: user%05d\n", i
	print ""
}'
