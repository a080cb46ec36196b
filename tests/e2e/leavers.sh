# leavers.sh -- a leaver whose directory entry was deleted between two
# snapshots keeps an active account: terminated-with-access naming both
# snapshots, not orphan-account; an account nobody ever was stays orphan
. tests/e2e/lib.sh

mkdir -p "$WORK/data"
person() {
	printf 'dn: uid=%s,ou=people,dc=example,dc=com\n' "$1"
	printf 'objectClass: inetOrgPerson\nuid: %s\ncn: %s\nsn: %s\n' \
		"$1" "$2" "$1"
	printf 'mail: %s@example.com\n\n' "$1"
}
{ person ana "Ana Lima"; person bob "Bob Stone"; } >"$WORK/previous.ldif"
person ana "Ana Lima" >"$WORK/current.ldif"
printf 'login,email,active\nana,ana@example.com,true\n%s\n%s\n%s\n' \
	'bob,bob@example.com,true' 'carl,carl@example.org,true' \
	'dora,dora@example.org,false' >"$WORK/data/app.csv"
printf 'login\nana\nbob\n' >"$WORK/data/shell.csv"
cat >"$WORK/accessreview.conf" <<'CONF'
[review]
database = var/leavers.db
reports = reports
[directory]
source = ldif:data/people.ldif
[system "app"]
category = logs
source = csv:data/app.csv
field.login = login
field.email = email
field.active = active
match = email
[system "shell"]
category = deployment
source = csv:data/shell.csv
field.login = login
match = uid
CONF

cd "$WORK" || exit 1
cp previous.ldif data/people.ldif
run 0 -c accessreview.conf init
run 0 -c accessreview.conf collect --now 2026-08-20T09:00:00Z
[ "$(finding_count terminated-with-access)" = 0 ] ||
	fail "bob is in the first directory: no terminated-with-access yet"
cp current.ldif data/people.ldif
run 0 -c accessreview.conf collect --now 2026-11-20T09:00:00Z

run 0 -c accessreview.conf findings --format json
expect_in stdout "Bob Stone was removed from the directory between snapshot 1 (2026-08-20) and 2 (2026-11-20) but account 'bob' is still active"
[ "$(finding_count terminated-with-access app)" = 1 ] ||
	fail "app: bob (matched by email) is not terminated-with-access"
[ "$(finding_count terminated-with-access shell)" = 1 ] ||
	fail "shell: bob (matched by uid) is not terminated-with-access"
[ "$(finding_count orphan-account)" = 1 ] ||
	fail "only carl is an orphan ($(finding_count orphan-account))"
grep '"code":"orphan-account"' "$WORK/stdout" | grep -q carl ||
	fail "carl, never in the directory, is not the orphan"
grep '"code":"terminated-with-access"' "$WORK/stdout" | grep -q critical ||
	fail "terminated-with-access is not critical"
expect_not_in stdout "dora"

finish
