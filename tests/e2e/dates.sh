# dates.sh -- per-system date settings: date-order for slash dates that
# could be either, timezone for values without a zone, date-format for
# anything else; a bad setting names the file and line
. tests/e2e/lib.sh

mkdir -p "$WORK/data"
cat >"$WORK/data/people.ldif" <<'LDIF'
dn: uid=ana,ou=people,dc=example,dc=com
objectClass: inetOrgPerson
uid: ana
cn: Ana Lima
sn: Lima
mail: ana@example.com
LDIF
printf 'login,email,last_login\nana,ana@example.com,05/11/2026 10:00\n' \
	>"$WORK/data/slash.csv"
printf 'login,email,last_login\nana,ana@example.com,2026-11-20 14:02:11\n' \
	>"$WORK/data/zoneless.csv"
printf 'login,email,last_login\nana,ana@example.com,20261120.1402\n' \
	>"$WORK/data/custom.csv"

# conf SYSTEM-FILE EXTRA-KEYS: a configuration with one CSV system
conf() {
	cat >"$WORK/accessreview.conf" <<CONF
[review]
database = var/dates.db
reports = reports
[directory]
source = ldif:data/people.ldif
[system "app"]
category = logs
source = csv:data/$1
field.login = login
field.email = email
field.last-login = last_login
match = email
$2
CONF
}

last_login() {
	sqlite3 "$WORK/var/dates.db" "SELECT strftime('%Y-%m-%dT%H:%M:%SZ',
		a.last_login, 'unixepoch') FROM account a WHERE a.snapshot_id =
		(SELECT max(id) FROM snapshot)"
}

conf slash.csv ""
run 0 -c "$WORK/accessreview.conf" init
# a date it cannot judge: a warning, the last use unknown, the run goes on
run 0 -c "$WORK/accessreview.conf" collect --now 2026-12-01T00:00:00Z
expect_in stderr "slash.csv:2: '05/11/2026 10:00' in column 'last_login' is not a date this tool knows: last use unknown"
[ "$(sqlite3 "$WORK/var/dates.db" "SELECT last_login FROM account")" = 0 ] ||
	fail "an unjudged date was stored as a time"
[ "$(sqlite3 "$WORK/var/dates.db" "SELECT count(*) FROM warning
	WHERE message LIKE '%05/11/2026%'")" -eq 1 ] ||
	fail "the warning is not kept for the report's caveats"
# ... and with strict = yes the error it was
conf slash.csv "strict = yes"
sed -i 's/^strict = yes$//' "$WORK/accessreview.conf"
sed -i 's/^\[review\]$/[review]\nstrict = yes/' "$WORK/accessreview.conf"
run 65 -c "$WORK/accessreview.conf" collect --now 2026-12-01T00:00:00Z
expect_in stderr "slash.csv:2"
expect_in stderr "no day/month order (dmy or mdy) is set"
conf slash.csv "date-order = dmy"
run 0 -c "$WORK/accessreview.conf" collect --now 2026-12-01T00:00:00Z
[ "$(last_login)" = 2026-11-05T10:00:00Z ] ||
	fail "date-order = dmy did not read 05/11 as 5 November ($(last_login))"
conf slash.csv "date-order = mdy"
run 0 -c "$WORK/accessreview.conf" collect --now 2026-12-01T00:00:00Z
[ "$(last_login)" = 2026-05-11T10:00:00Z ] ||
	fail "date-order = mdy did not read 05/11 as 11 May ($(last_login))"

conf zoneless.csv "timezone = +01:00"
run 0 -c "$WORK/accessreview.conf" collect --now 2026-12-01T00:00:00Z
[ "$(last_login)" = 2026-11-20T13:02:11Z ] ||
	fail "timezone = +01:00 not applied ($(last_login))"

conf custom.csv "date-format = %Y%m%d.%H%M"
run 0 -c "$WORK/accessreview.conf" collect --now 2026-12-01T00:00:00Z
[ "$(last_login)" = 2026-11-20T14:02:00Z ] ||
	fail "date-format not applied ($(last_login))"

conf slash.csv "date-order = ymd"
run 78 -c "$WORK/accessreview.conf" collect
expect_in stderr "accessreview.conf:13: 'date-order' must be dmy"
conf slash.csv "timezone = Europe/Paris"
run 78 -c "$WORK/accessreview.conf" collect
expect_in stderr "'timezone' must be a fixed offset from UTC"

finish
