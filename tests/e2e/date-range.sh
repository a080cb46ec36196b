# date-range.sh -- no time value in an export can block the reports
# A last login past 9999 (or before 1970) never reaches the store: AD's
# "never" FILETIME is never, other values outside 1970..9999 are unknown
# with a warning at file:line (LDIF) or refused at file:line (CSV,
# JSON); report --format xml then succeeds and validates.
. tests/e2e/lib.sh

mkdir -p "$WORK/data"
cat >"$WORK/data/people.ldif" <<'LDIF'
dn: uid=ana,ou=people,dc=example,dc=com
objectClass: inetOrgPerson
uid: ana
cn: Ana Lima
sn: Lima
mail: ana@example.com

dn: uid=bo,ou=people,dc=example,dc=com
objectClass: inetOrgPerson
uid: bo
cn: Bo Berg
sn: Berg
mail: bo@example.com
LDIF
# line 8: INT64_MAX, AD's "never"; line 16: one tick less, year 30828
cat >"$WORK/data/ad.ldif" <<'LDIF'
dn: CN=Ana Lima,OU=Staff,DC=corp,DC=example,DC=com
objectClass: user
cn: Ana Lima
sAMAccountName: ana
mail: ana@example.com
userAccountControl: 512
pwdLastSet: 134302224111234567
lastLogonTimestamp: 9223372036854775807

dn: CN=Bo Berg,OU=Staff,DC=corp,DC=example,DC=com
objectClass: user
cn: Bo Berg
sAMAccountName: bo
mail: bo@example.com
userAccountControl: 512
lastLogonTimestamp: 9223372036854775806
LDIF
# generalized time and ISO 8601 of the year 30828
printf 'login,email,last_login\nana,ana@example.com,20260101000000Z\nbo,bo@example.com,308280914024805Z\n' \
	>"$WORK/data/generalized.csv"
printf 'login,email,last_login\nbo,bo@example.com,30828-09-14T02:48:05Z\n' \
	>"$WORK/data/iso.csv"
# Unix milliseconds of the year 292 million
printf '[{"id": 1, "username": "bo", "email": "bo@example.com", "state": "active", "last_sign_in_at": 9223372036854775807}]\n' \
	>"$WORK/data/gitlab.json"

# conf [EXTRA-SYSTEM]: the directory and the AD system, and one more
conf() {
	cat >"$WORK/accessreview.conf" <<CONF
[review]
database = var/range.db
reports = reports
[directory]
source = ldif:data/people.ldif
[system "ad"]
category = deployment
source = ldif:data/ad.ldif
match = email
$1
CONF
}
csv_system() {
	printf '[system "app"]\ncategory = logs\nsource = csv:data/%s\n' "$1"
	printf 'field.login = login\nfield.email = email\n'
	printf 'field.last-login = last_login\nmatch = email\n'
}
validate() {
	xmllint --noout --schema "$ROOT/templates/accessreview.xsd" "$1" \
		2>/dev/null || fail "$1 does not validate"
}

conf ""
run 0 -c "$WORK/accessreview.conf" init
run 0 -c "$WORK/accessreview.conf" collect --now 2026-12-01T00:00:00Z
expect_in stderr "warning: $WORK/data/ad.ldif:16: 'lastLogonTimestamp' value 9223372036854775806 is past the year 9999: last login taken as unknown"
expect_not_in stderr "ad.ldif:8"
last_logins=$(sqlite3 "$WORK/var/range.db" "SELECT a.login || '=' ||
	a.last_login FROM account a WHERE a.snapshot_id = (SELECT max(id)
	FROM snapshot) ORDER BY a.login")
[ "$(echo $last_logins)" = "ana=-1 bo=0" ] ||
	fail "expected ana never, bo unknown; got $(echo $last_logins)"
run 0 -c "$WORK/accessreview.conf" report --format xml -o "$WORK/r.xml" \
	--now 2026-12-02T00:00:00Z
validate "$WORK/r.xml"
expect_not_in "$WORK/r.xml" "30828"
expect_in "$WORK/r.xml" "ad.ldif:16: 'lastLogonTimestamp' value 9223372036854775806 is past the year 9999"
[ "$(xmllint --xpath 'string(//*[local-name()="account"][@login="ana"]/@never)' \
	"$WORK/r.xml")" = true ] || fail "ana's INT64_MAX is not 'never'"
[ -z "$(xmllint --xpath 'string(//*[local-name()="account"][@login="bo"]/@lastLogin)' \
	"$WORK/r.xml")" ] || fail "bo has a lastLogin"
run 0 -c "$WORK/accessreview.conf" run --now 2026-12-03T00:00:00Z
validate "$WORK/reports/access-review-2026-Q4.xml"

# in CSV and JSON a date that is no date is refused where it stands, or
# (where the reader makes it a warning) named where it stands and kept
# out of the store: either way the report validates without it
# far_case FILE TEXT [TEXT]: collect names the value, then a valid report
far_case() {
	"$ACCESSREVIEW" -c "$WORK/accessreview.conf" collect \
		--now 2026-12-04T00:00:00Z >"$WORK/stdout" 2>"$WORK/stderr"
	status=$?
	[ "$status" = 65 ] || [ "$status" = 0 ] ||
		fail "$1: collect exited $status, expected 65 or 0"
	expect_in stderr "$2"
	[ $# -lt 3 ] || expect_in stderr "$3"
	run 0 -c "$WORK/accessreview.conf" report --format xml \
		-o "$WORK/far.xml" --now 2026-12-05T00:00:00Z
	validate "$WORK/far.xml"
	expect_not_in "$WORK/far.xml" 'lastLogin="3'
}
conf "$(csv_system generalized.csv)"
far_case generalized.csv "generalized.csv:3: '308280914024805Z' in column 'last_login' is not a date"
conf "$(csv_system iso.csv)"
far_case iso.csv "iso.csv:2: '30828-09-14T02:48:05Z' in column 'last_login' is not a date"
conf "$(printf '[system "gitlab"]\ncategory = source_control\nsource = json:data/gitlab.json\n')"
far_case gitlab.json "gitlab.json" "past the year 9999"
# and the reports still work from the last good snapshot
run 0 -c "$WORK/accessreview.conf" report --format xml -o "$WORK/r2.xml" \
	--now 2026-12-05T00:00:00Z
validate "$WORK/r2.xml"
finish
