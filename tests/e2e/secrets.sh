# secrets.sh -- a planted secret never leaves the password file
# The bind password (from password-file and password-env), a wrong one,
# a TOTP seed (oathSecret) and a userPassword held by the directory and
# by an LDIF export are planted; every command runs with -v, in text and
# JSON logs, and stdout, stderr, the database and every report are
# searched for each secret, raw and base64: zero hits.  Needs slapd (the
# test passes with a message without it, as ldap.sh does).
. tests/e2e/lib.sh
. tests/ldap/slapd.sh

if ! slapd_available; then
	skip "slapd, slapadd or openssl is not installed"
fi
trap 'slapd_stop KILL; rm -rf "$WORK"' EXIT

# planted: a user password the reader may not read, a TOTP seed it may
random() { od -An -N12 -tx1 /dev/urandom | tr -d ' \n'; }
user_secret=user-$(random)
seed_secret=seed-$(random)
wrong_secret=wrong-$(random)
seed_base64=$(printf '%s' "$seed_secret" | base64)
cat >"$WORK/planted.ldif" <<LDIF
dn: uid=mallory,ou=people,dc=example,dc=com
objectClass: inetOrgPerson
objectClass: oathTOTPUser
uid: mallory
cn: Mallory Secret
sn: Secret
mail: mallory@example.com
userPassword: $user_secret
oathTOTPToken: cn=mallory-phone,ou=tokens,dc=example,dc=com

dn: cn=mallory-phone,ou=tokens,dc=example,dc=com
objectClass: device
objectClass: oathTOTPToken
cn: mallory-phone
oathSecret:: $seed_base64
LDIF
if ! slapd_start "$WORK/slapd" tests/ldap/fixture.ldif "$WORK/planted.ldif"
then
	fail "slapd did not start"
	finish
fi
cp "$SLAPD_DIR/reader.secret" "$WORK/reader.secret"
chmod 600 "$WORK/reader.secret"
bind_secret=$(cat "$WORK/reader.secret")
printf '%s\n' "$wrong_secret" >"$WORK/wrong.secret"
chmod 600 "$WORK/wrong.secret"

# the same secrets in an LDIF export read as a system
{
	sed 's/^userPassword: .*/userPassword: '"$user_secret"'/' \
		"$WORK/planted.ldif"
	printf '\ndn: uid=bind,ou=people,dc=example,dc=com\n'
	printf 'objectClass: inetOrgPerson\nuid: bind\ncn: Bind\nsn: Bind\n'
	printf 'userPassword: %s\n' "$bind_secret"
} >"$WORK/export.ldif"

config() {
	cat >"$WORK/accessreview.conf" <<CONF
[review]
database = var/test.db
reports = reports
[directory]
source = $LDAP_URL
base = ou=people,dc=example,dc=com
group-base = ou=groups,dc=example,dc=com
bind-dn = cn=reader,dc=example,dc=com
starttls = yes
ca-file = slapd/ca.pem
$1
[system "ldap"]
category = logs
source = ldap
base = ou=people,dc=example,dc=com
group-base = ou=groups,dc=example,dc=com
match = uid
[system "export"]
category = deployment
source = ldif:export.ldif
match = uid
CONF
}

step=0
# ar EXPECTED ARGS...: run with -v, keep stdout and stderr of every step
ar() {
	expected=$1
	shift
	step=$((step + 1))
	"$ACCESSREVIEW" -v -c "$WORK/accessreview.conf" "$@" \
		>"$WORK/out.$step" 2>"$WORK/err.$step"
	status=$?
	[ "$status" = "$expected" ] || {
		fail "accessreview -v $* exited $status, expected $expected"
		sed 's/^/  stderr: /' "$WORK/err.$step"
	}
}

config "password-file = reader.secret"
mkdir -p "$WORK/reports"
ar 0 init
ar 0 collect --now 2026-08-20
ar 0 --log-format json collect --now 2026-11-20
ar 0 findings
ar 0 findings --format json
ar 0 report --format xml --now 2026-11-20 -o "$WORK/reports/report.xml"
ar 0 report --format html --now 2026-11-20 -o "$WORK/reports/report.html"
ar 0 report --format xml --now 2026-11-20
ar 0 diff
ar 1 run --now 2026-11-21
# the wrong password: 77 and the server's diagnostic, never the password
config "password-file = wrong.secret"
ar 77 collect
ar 77 --log-format json run
# the right one from the environment
config "password-env = AR_PLANTED"
AR_PLANTED=$bind_secret
export AR_PLANTED
ar 1 --log-format json run --now 2026-11-22
unset AR_PLANTED
[ "$(snapshots "$WORK/var/test.db")" = 4 ] || fail "expected 4 snapshots"
# the LDIF export and the directory were read: mallory is known
mallory=$(sqlite3 "$WORK/var/test.db" "SELECT group_concat(name) FROM
	(SELECT s.name FROM account a JOIN system s ON s.id = a.system_id
	WHERE a.login = 'mallory' AND a.snapshot_id = 4 ORDER BY s.name)")
[ "$mallory" = "export,ldap" ] || fail "mallory read from: '$mallory'"

# everything the tool wrote or said
ls "$WORK"/var/test.db* "$WORK"/reports/* "$WORK"/out.* "$WORK"/err.* \
	>"$WORK/written" 2>/dev/null
[ "$(grep -c 'reports/access-review' "$WORK/written")" -ge 2 ] ||
	fail "run wrote no reports"
for secret in "$bind_secret" "$wrong_secret" "$user_secret" \
	"$seed_secret" "$seed_base64" \
	"$(printf '%s' "$bind_secret" | base64)" \
	"$(printf '%s' "$user_secret" | base64)"; do
	while read -r file; do
		if grep -aqF -- "$secret" "$file"; then
			fail "secret '$secret' found in $file"
			grep -aF -- "$secret" "$file" | head -3 | cut -c1-200
		fi
	done <"$WORK/written"
done
finish
