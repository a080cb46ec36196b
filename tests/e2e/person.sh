# person.sh -- "accessreview person" on the demo: every account of a
# person in every system, with entitlements, MFA, last login, findings
. tests/e2e/lib.sh

mkdir -p "$WORK/examples"
cp -r "$ROOT/examples/demo" "$WORK/examples/demo"
conf=$WORK/examples/demo/accessreview.conf
previous=$WORK/examples/demo/accessreview-previous.conf

run 0 -c "$conf" init
run 0 -c "$previous" collect --now 2026-08-20T09:00:00Z
run 1 -c "$conf" run --now 2026-11-20T09:00:00Z

# row SYSTEM TEXT: the text row of SYSTEM contains TEXT
row() {
	grep -E "^$1 " "$WORK/stdout" | grep -qF -- "$2" ||
		fail "no $1 row with '$2' in: $(grep -E "^$1 " "$WORK/stdout")"
}

# tom.becker left (locked); he still has accounts in five systems
run 0 -c "$conf" person tom.becker
expect_in stdout "Tom Becker (uid tom.becker, email tom.becker@example.com): disabled in the directory"
expect_in stdout "SYSTEM"
expect_in stdout "ENTITLEMENTS"
expect_in stdout "5 accounts in 5 systems in snapshot 2"
row github "terminated-with-access"
row github "049e5e0b-c351-5488-bdff-788ba02c79aa"
row deploy "deployers"
row deploy "not-supported"
row deploy "privileged-access, terminated-with-access"
row zendesk "tom.becker@example.com"
row zendesk "terminated-with-access"
grep -E "^marketplace " "$WORK/stdout" | grep -Eq " no +" ||
	fail "tom.becker's Google account is suspended: not active"
grep -E "^logs " "$WORK/stdout" | grep -Eq " no +" ||
	fail "tom.becker's Datadog user is disabled: not active"

# by email, in any case, the same accounts; JSON has the data
run 0 -c "$conf" person TOM.BECKER@EXAMPLE.COM --format json
expect_in stdout '"snapshot":2'
expect_in stdout '"uid":"tom.becker"'
expect_in stdout '"disabled":true'
expect_in stdout '"system":"deploy","id":"tom.becker"'
expect_in stdout '"entitlements":["deployers"]'
expect_in stdout '"findings":["privileged-access","terminated-with-access"]'
n=$(grep -o '"system":' "$WORK/stdout" | wc -l)
[ "$n" = 5 ] || fail "JSON lists $n accounts of tom.becker, expected 5"

# an MFA status and a last login
run 0 -c "$conf" person samuel.osei@example.com
row marketplace "2026-07-02"
row marketplace "dormant-account"
run 0 -c "$conf" person jose.nunez
row github "disabled"
row github "mfa-disabled"

# rachel.vance's directory entry is gone: her unlinked accounts by name
run 0 -c "$conf" person rachel.vance
expect_not_in stdout "(uid"
row github "Owners"
row github "orphan-account"
row deploy "orphan-account"

# an earlier snapshot: noah.fischer had not joined yet
run 66 -c "$conf" person noah.fischer --snapshot 1
expect_in stderr "no person or account 'noah.fischer' in snapshot 1"
run 0 -c "$conf" person noah.fischer
row github "new-access"

# unknown person, unknown snapshot, no operand
run 66 -c "$conf" person nobody@example.com
expect_in stderr "no person or account 'nobody@example.com' in snapshot 2"
run 66 -c "$conf" person tom.becker --snapshot 99
expect_in stderr "no snapshot 99"
run 64 -c "$conf" person
run 64 -c "$conf" person tom.becker --format csv

finish
