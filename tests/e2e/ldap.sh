# ldap.sh -- the live LDAP source against a real slapd started here
# Paged pull of 5,000 people equal to the LDIF export of the same data;
# nested, looping, uniqueMember and memberUid groups; group-filter
# systems; wrong password (77, never shown); unreachable and hung server
# (75 within the timeout); ldaps, StartTLS, a wrong CA, SASL EXTERNAL;
# a server size limit (65, nothing written); slapd killed mid-pull.
. tests/e2e/lib.sh
. tests/ldap/slapd.sh

# skipped only without slapd; the other tools it needs must be there
if ! slapd_available; then
	skip "slapd is not installed"
fi
missing=$(slapd_tools_missing)
if [ -n "$missing" ]; then
	fail "the LDAP tests need: $missing"
	finish
fi
trap 'slapd_stop KILL; rm -rf "$WORK"' EXIT

sh tests/ldap/generate.sh 5000 >"$WORK/bulk.ldif"
if ! slapd_start "$WORK/slapd" tests/ldap/fixture.ldif "$WORK/bulk.ldif"
then
	fail "slapd did not start"
	finish
fi
cp "$SLAPD_DIR/reader.secret" "$WORK/reader.secret"
chmod 600 "$WORK/reader.secret"
CONF=$WORK/accessreview.conf
READER="cn=reader,dc=example,dc=com"

# config DIRECTORY-SOURCE [LINES...]: [review] and [directory] (bulk
# people), then the extra lines as they are
config() {
	source=$1
	shift
	{
		printf '[review]\ndatabase = var/test.db\n'
		printf '[directory]\nsource = %s\n' "$source"
		printf 'base = ou=bulk,dc=example,dc=com\n'
		for line in "$@"; do
			printf '%s\n' "$line"
		done
	} >"$CONF"
}

# fresh DB: a new database file for the next collect
fresh() {
	rm -rf "$WORK/var"
	run 0 -c "$CONF" init
}

# dump DB: what the snapshot holds, without row ids
dump() {
	sqlite3 "$1" <<'SQL'
SELECT 'person', source_key, uid, email, display_name, employee_number,
	manager, disabled, mfa, last_login FROM person ORDER BY source_key;
SELECT 'account', s.name, external_id, login, email, display_name,
	employee_number, active, mfa, last_login, is_service
	FROM account a JOIN system s ON s.id = a.system_id
	ORDER BY s.name, external_id;
SELECT 'entitlement', s.name, source_key, e.name, privileged, members_known
	FROM entitlement e JOIN system s ON s.id = e.system_id
	ORDER BY s.name, source_key;
SELECT 'grant', s.name, a.external_id, e.source_key, coalesce(g.via, '')
	FROM access_grant g JOIN account a ON a.id = g.account_id
	JOIN entitlement e ON e.id = g.entitlement_id
	JOIN system s ON s.id = a.system_id
	ORDER BY 2, 3, 4;
SQL
}

# ---- 1. the same data read live and from its LDIF export ----
# The export is what ldapsearch writes for a paged pull (comments,
# paging records, numEntries trailer included).
export_ldif() {
	ldapsearch -Q -Y EXTERNAL -H "$LDAPI_URL" -b "$2" -E pr=500/noprompt \
		"$3" '*' pwdAccountLockedTime \
		>"$WORK/$1" 2>"$WORK/export.err" ||
		fail "ldapsearch export: $(cat "$WORK/export.err")"
}
export_ldif bulk.ldif ou=bulk,dc=example,dc=com "(objectClass=*)"
export_ldif fixture.ldif dc=example,dc=com \
	"(!(entryDN:dnSubtreeMatch:=ou=bulk,dc=example,dc=com))"
both_systems() {
	printf '[system "bulk"]\ncategory = logs\nsource = %s\n' "$1"
	[ -n "$2" ] && printf '%s\n' "$2"
	printf '[system "fixture"]\ncategory = support\nsource = %s\n' "$3"
	[ -n "$4" ] && printf '%s\n' "$4"
	printf 'match = uid\n'
}
config ldif:bulk.ldif
both_systems ldif:bulk.ldif "" ldif:fixture.ldif "" >>"$CONF"
fresh
run 0 -c "$CONF" collect --now 2026-11-20
dump "$WORK/var/test.db" >"$WORK/from-ldif.txt"

config "$LDAP_URL" "bind-dn = $READER" "password-file = reader.secret" \
	"page-size = 100"
both_systems ldap "base = ou=bulk,dc=example,dc=com" ldap \
	"base = ou=people,dc=example,dc=com
group-base = ou=groups,dc=example,dc=com" >>"$CONF"
fresh
start=$(date +%s)
run 0 -v -c "$CONF" collect --now 2026-11-20
end=$(date +%s)
echo "live collect of 2 x 5,000 people + fixture: $((end - start)) s"
dump "$WORK/var/test.db" >"$WORK/from-ldap.txt"
# page size 100: 50 pages of people, seen with -v
expect_in stderr "people search: page 50, 5000 entries"
expect_not_in stderr "people search: page 51,"
if ! cmp -s "$WORK/from-ldif.txt" "$WORK/from-ldap.txt"; then
	fail "LDAP and LDIF records differ"
	diff "$WORK/from-ldif.txt" "$WORK/from-ldap.txt" | head -20
fi
[ "$(grep -c '^person|' "$WORK/from-ldap.txt")" = 5000 ] ||
	fail "expected 5000 people"
[ "$(grep -c '^account|bulk|' "$WORK/from-ldap.txt")" = 5000 ] ||
	fail "expected 5000 bulk accounts"
# locked (pwdAccountLockedTime), OTP token, manager, non-ASCII names
B=ou=bulk,dc=example,dc=com
P=ou=people,dc=example,dc=com
G=ou=groups,dc=example,dc=com
live() {
	expect_in "$WORK/from-ldap.txt" "$1"
}
live "person|uid=user00050,$B|user00050|user00050@example.com|User 00050|\
E00050||1|unknown|0"
live "|user00011|user00011@example.com|User 00011|E00011||0|enabled|0"
live "|Zoë Ñúñez 00013|E00013|"
live "|E00014|uid=user00002,$B|"
# nested groups with a loop, uniqueMember, memberUid in other case
live "grant|fixture|uid=bob,$P|cn=github-admins,$G|ops"
live "grant|fixture|uid=carol,$P|cn=github-devs,$G|"
live "grant|fixture|uid=alice,$P|cn=deployers,$G|"
live "grant|fixture|uid=dave,$P|cn=deployers,$G|"
live "grant|bulk|uid=user00010,$B|cn=bulk-posix,$B|"
sqlite3 "$WORK/var/test.db" 'SELECT message FROM warning' >"$WORK/warnings"
expect_in "$WORK/warnings" "group 'ops' contains itself through nested groups"
# the source is recorded with the SHA-256 of what was read
[ "$(sqlite3 "$WORK/var/test.db" "SELECT count(*) FROM source
	WHERE format = 'ldap' AND length(sha256) = 64 AND bytes > 0")" = 3 ] ||
	fail "LDAP sources not recorded with a hash"
[ "$(sqlite3 "$WORK/var/test.db" "SELECT count(*) FROM source
	WHERE coalesce(incomplete, '') != ''")" = 0 ] ||
	fail "a complete pull was marked incomplete"
cp "$WORK/var/test.db" "$WORK/good.db"

# ---- 2. a system made of LDAP groups (group-filter) ----
config "$LDAP_URL" "bind-dn = $READER" "password-file = reader.secret"
cat >>"$CONF" <<'EOF'
[system "github"]
category = source_control
source = ldap
base = ou=people,dc=example,dc=com
group-base = ou=groups,dc=example,dc=com
group-filter = (cn=github-*)
privileged = "github-admins"
match = uid
[system "deploy"]
category = deployment
source = ldap
base = ou=people,dc=example,dc=com
group-base = ou=groups,dc=example,dc=com
group-filter = (&(objectClass=posixGroup)(cn=deployers))
match = uid
EOF
fresh
run 0 -c "$CONF" collect --now 2026-11-20
accounts=$(sqlite3 "$WORK/var/test.db" "SELECT s.name || ':' ||
	group_concat(login, ',') FROM (SELECT * FROM account ORDER BY login) a
	JOIN system s ON s.id = a.system_id GROUP BY s.name ORDER BY s.name")
[ "$accounts" = "deploy:alice,dave
github:alice,bob,carol" ] || fail "group-filter accounts: $accounts"
groups=$(sqlite3 "$WORK/var/test.db" "SELECT group_concat(name, ',')
	FROM (SELECT name FROM entitlement ORDER BY name)")
[ "$groups" = "deployers,github-admins,github-devs,ops" ] ||
	fail "group-filter entitlements: $groups"

# ---- 3. credentials ----
# a wrong password: 77, and no password anywhere
fresh
printf 'not-the-password-%s\n' "$$" >"$WORK/wrong.secret"
chmod 600 "$WORK/wrong.secret"
config "$LDAP_URL" "bind-dn = $READER" "password-file = wrong.secret"
run 77 -c "$CONF" collect
expect_in stderr "bind as 'cn=reader,dc=example,dc=com'"
expect_in stderr "Invalid credentials"
for file in "$WORK/stdout" "$WORK/stderr" "$WORK/var/test.db"; do
	if grep -aqF -f "$WORK/wrong.secret" "$file" ||
		grep -aqF -f "$WORK/reader.secret" "$file"; then
		fail "a password leaked into $file"
	fi
done
[ "$(snapshots "$WORK/var/test.db")" = 0 ] || fail "a refused bind wrote"
# the right one from the environment works; a readable file is refused
config "$LDAP_URL" "bind-dn = $READER" "password-env = AR_TEST_SECRET"
AR_TEST_SECRET=$(cat "$WORK/reader.secret")
export AR_TEST_SECRET
run 0 -c "$CONF" collect
unset AR_TEST_SECRET
chmod 644 "$WORK/wrong.secret"
config "$LDAP_URL" "bind-dn = $READER" "password-file = wrong.secret"
run 78 -c "$CONF" collect
expect_in stderr "chmod 600"
# a simple bind in clear to a remote host is refused by the config
config "ldap://192.0.2.1" "bind-dn = $READER" \
	"password-file = reader.secret" "starttls = no"
run 78 -c "$CONF" collect
expect_in stderr "accessreview.conf:4: [directory]: a simple bind without TLS"

# ---- 4. unreachable and hung servers: 75, within the timeouts ----
config "ldap://127.0.0.1:$((LDAP_PORT + 2))" "network-timeout = 2"
start=$(date +%s)
run 75 -c "$CONF" collect
[ $(($(date +%s) - start)) -le 3 ] || fail "refused connection took long"
expect_in stderr "Can't contact LDAP server"
config "ldap://192.0.2.1" "network-timeout = 1" "starttls = no"
start=$(date +%s)
run 75 -c "$CONF" collect
expect_in stderr "192.0.2.1"
[ $(($(date +%s) - start)) -le 3 ] || fail "network-timeout not kept"
kill -STOP "$(slapd_pid)"
config "$LDAP_URL" "timeout = 1" "network-timeout = 1"
start=$(date +%s)
run 75 -c "$CONF" collect
expect_in stderr "no answer within 1 s"
elapsed=$(($(date +%s) - start))
kill -CONT "$(slapd_pid)"
[ "$elapsed" -le 4 ] || fail "a hung server took $elapsed s (timeout 1)"

# ---- 5. TLS: ldaps, StartTLS, a wrong CA, SASL EXTERNAL ----
fresh
tls() {
	config "$1" "bind-dn = $READER" "password-file = reader.secret" \
		"ca-file = slapd/$2" "$3"
}
tls "$LDAPS_URL" ca.pem ""
run 0 -c "$CONF" collect
# libldap checks "localhost" as the machine's own name: not in this
# certificate
tls "ldaps://localhost:$LDAPS_PORT" ca.pem ""
run 78 -c "$CONF" collect
expect_in stderr "certificate"
tls "$LDAP_URL" ca.pem "starttls = yes"
run 0 -c "$CONF" collect
tls "$LDAPS_URL" wrong-ca.pem ""
run 78 -c "$CONF" collect
expect_in stderr "certificate"
expect_in stderr "TLS"
tls "$LDAP_URL" wrong-ca.pem "starttls = yes"
run 78 -c "$CONF" collect
expect_in stderr "StartTLS failed"
config "$LDAPI_URL" "sasl = external"
run 0 -c "$CONF" collect
config "$LDAPS_URL" "sasl = external" "ca-file = slapd/ca.pem" \
	"cert-file = slapd/client.pem" "key-file = slapd/client.key"
# (libldap leaks the client key it loads: tests/ldap/lsan.supp)
LSAN_OPTIONS="suppressions=$ROOT/tests/ldap/lsan.supp:${LSAN_OPTIONS:-}" \
	"$ACCESSREVIEW" -c "$CONF" collect >"$WORK/stdout" 2>"$WORK/stderr" ||
	fail "SASL EXTERNAL with a client certificate: $(cat "$WORK/stderr")"
[ "$(snapshots "$WORK/var/test.db")" = 4 ] || fail "TLS snapshots missing"

# ---- 6. bad base: 78; server size limit: 65, nothing written ----
config "$LDAP_URL" "bind-dn = $READER" "password-file = reader.secret"
sed -i 's/^base = .*/base = ou=nowhere,dc=example,dc=com/' "$CONF"
run 78 -c "$CONF" collect
expect_in stderr "ou=nowhere,dc=example,dc=com' does not exist"
config "$LDAP_URL" "bind-dn = cn=limited,dc=example,dc=com" \
	"password-file = reader.secret" "page-size = 100"
run 65 -c "$CONF" collect
expect_in stderr "Size limit exceeded"
expect_in stderr "after 1000 entries; nothing was kept"
[ "$(snapshots "$WORK/var/test.db")" = 4 ] || fail "a size limit wrote"

# ---- 7. slapd killed in the middle of a pull: nothing written ----
config "$LDAP_URL" "bind-dn = $READER" "password-file = reader.secret" \
	"page-size = 5"
"$ACCESSREVIEW" -v -c "$CONF" collect >"$WORK/stdout" 2>"$WORK/stderr" &
collector=$!
waited=0
while ! grep -q "people search: page 3," "$WORK/stderr" &&
	[ "$waited" -lt 200 ]; do
	sleep 0.02
	waited=$((waited + 1))
done
slapd_stop KILL
wait "$collector"
status=$?
[ "$status" = 75 ] || {
	fail "collect during a slapd crash exited $status, expected 75"
	tail -3 "$WORK/stderr"
}
[ "$(snapshots "$WORK/var/test.db")" = 4 ] || fail "a broken pull wrote"
[ "$(sqlite3 "$WORK/var/test.db" 'PRAGMA integrity_check')" = ok ] ||
	fail "integrity check"

finish
