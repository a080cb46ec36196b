# mfa-unknown.sh -- a system whose export carries no MFA at all gets one
# system-level mfa-unknown finding; a system that gives MFA for some
# accounts keeps one finding per account it cannot tell about
. tests/e2e/lib.sh

mkdir -p "$WORK/data"
for uid in ana bob carl; do
	printf 'dn: uid=%s,ou=people,dc=example,dc=com\n' "$uid"
	printf 'objectClass: inetOrgPerson\nuid: %s\ncn: %s\nsn: %s\n' \
		"$uid" "$uid" "$uid"
	printf 'mail: %s@example.com\n\n' "$uid"
done >"$WORK/data/people.ldif"
printf 'login,email,active\n%s\n%s\n%s\n%s\n' 'ana,ana@example.com,true' \
	'bob,bob@example.com,true' 'carl,carl@example.com,true' \
	'dora,dora@example.com,false' >"$WORK/data/nomfa.csv"
printf 'login,email,mfa\n%s\n%s\n%s\n' 'ana,ana@example.com,true' \
	'bob,bob@example.com,false' 'carl,carl@example.com,' \
	>"$WORK/data/somemfa.csv"
cat >"$WORK/accessreview.conf" <<'CONF'
[review]
database = var/mfa.db
reports = reports
[directory]
source = ldif:data/people.ldif
[system "nomfa"]
category = logs
source = csv:data/nomfa.csv
field.login = login
field.email = email
field.active = active
[system "somemfa"]
category = logs
source = csv:data/somemfa.csv
field.login = login
field.email = email
field.mfa = mfa
CONF

cd "$WORK" || exit 1
run 0 -c accessreview.conf init
run 0 -c accessreview.conf collect --now 2026-11-20T09:00:00Z
run 0 -c accessreview.conf findings --format json
[ "$(finding_count mfa-unknown nomfa)" = 1 ] ||
	fail "nomfa: $(finding_count mfa-unknown nomfa) mfa-unknown, expected 1"
expect_in stdout "the export has no MFA status for its 3 active accounts: add an mfa = source or attest MFA with accessreview attest-mfa"
[ "$(finding_count mfa-unknown somemfa)" = 1 ] ||
	fail "somemfa: only carl's MFA is unknown"
expect_in stdout "the export does not tell whether 'carl' uses MFA"
[ "$(finding_count mfa-disabled somemfa)" = 1 ] ||
	fail "somemfa: bob has MFA disabled"
# the accounts themselves keep MFA unknown
unknown=$(sqlite3 var/mfa.db "SELECT count(*) FROM account a JOIN system s
	ON s.id = a.system_id WHERE s.name = 'nomfa' AND a.mfa = 'unknown'")
[ "$unknown" = 4 ] ||
	fail "nomfa accounts do not keep MFA unknown"

finish
