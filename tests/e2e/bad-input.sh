# bad-input.sh -- bad input: right exit code, file and line, nothing written
. tests/e2e/lib.sh

cp "$FORMATS/ldif/openldap-users.ldif" "$WORK/people.ldif"
cp "$FORMATS/scim/listresponse-groups.json" "$WORK/groups.json"
write_config() {
	cat >"$WORK/accessreview.conf" <<CONF
[review]
database = var/test.db
[directory]
source = ldif:people.ldif
[system "app"]
category = support
source = $1
CONF
}

# a good snapshot first: every failure below must leave it alone
cp "$FORMATS/scim/listresponse-users.json" "$WORK/users.json"
write_config scim:users.json
run 0 -c "$WORK/accessreview.conf" init
run 0 -c "$WORK/accessreview.conf" collect --now 2026-11-20
[ "$(snapshots "$WORK/var/test.db")" = 1 ] || fail "first snapshot missing"

# missing file: 66 with the path
write_config scim:missing.json
run 66 -c "$WORK/accessreview.conf" collect
expect_in stderr "missing.json"

# malformed NDJSON: 65, file:line
cp "$FORMATS/scim/users.ndjson" "$WORK/users.ndjson"
write_config scim:users.ndjson
run 65 -c "$WORK/accessreview.conf" collect
expect_in stderr "users.ndjson:7"

# truncated JSON, deep nesting, a SCIM error body
for bad in truncated.json deep-nesting.json not-a-listresponse.json; do
	cp "$FORMATS/bad/$bad" "$WORK/$bad"
	write_config "scim:$bad"
	run 65 -c "$WORK/accessreview.conf" collect
	expect_in stderr "$bad"
done
expect_in stderr "401"

# non-UTF-8 CSV: 65 naming line 3
cp "$FORMATS/bad/invalid-utf8.csv" "$WORK/bad.csv"
write_config csv:bad.csv
run 65 -c "$WORK/accessreview.conf" collect
expect_in stderr "bad.csv:3"

# hostile LDIF in the directory: 65 naming the line, the URL never opened
for bad in nul-byte.ldif:8 url-value.ldif:8 huge-line.ldif:9; do
	file=${bad%:*}
	cp "$FORMATS/bad/$file" "$WORK/people.ldif"
	write_config scim:users.json
	run 65 -c "$WORK/accessreview.conf" collect
	expect_in stderr "people.ldif:${bad#*:}"
done
cp "$FORMATS/ldif/changes.ldif" "$WORK/people.ldif"
run 65 -c "$WORK/accessreview.conf" collect
expect_in stderr "people.ldif:5: changetype"
cp "$FORMATS/ldif/openldap-users.ldif" "$WORK/people.ldif"

# an empty export: a header-only CSV is zero accounts, an empty file is bad
printf '' >"$WORK/empty.csv"
write_config csv:empty.csv
run 65 -c "$WORK/accessreview.conf" collect
expect_in stderr "empty.csv"

# nothing of the failures above reached the database
[ "$(snapshots "$WORK/var/test.db")" = 1 ] || fail "a failed collect wrote a snapshot"
[ "$(sqlite3 "$WORK/var/test.db" 'PRAGMA integrity_check')" = ok ] ||
	fail "integrity check"

# configuration errors: 78 with file:line
write_config scim:users.json
printf '[review]\ndatabse = x\n' >>"$WORK/accessreview.conf"
run 78 -c "$WORK/accessreview.conf" collect
expect_in stderr "accessreview.conf:9: unknown key 'databse'"
write_config scim:users.json
printf '[system "app"]\ncategory = logs\nsource = scim:users.json\n' >>"$WORK/accessreview.conf"
run 78 -c "$WORK/accessreview.conf" collect
expect_in stderr "duplicate system \"app\""
run 66 -c "$WORK/no-such.conf" collect
expect_in stderr "cannot open configuration '$WORK/no-such.conf'"

# usage errors: 64
write_config scim:users.json
run 64 -c "$WORK/accessreview.conf" report --format pdf
expect_in stderr "report: --format: xml|html, not 'pdf'"
run 64 -c "$WORK/accessreview.conf" frobnicate
expect_in stderr "unknown command 'frobnicate'"
run 64 -c "$WORK/accessreview.conf" collect no-such-system
expect_in stderr "no system 'no-such-system'"

# a database that was never initialised: 66 and a hint
rm -rf "$WORK/var"
run 66 -c "$WORK/accessreview.conf" findings
expect_in stderr "accessreview init"

finish
