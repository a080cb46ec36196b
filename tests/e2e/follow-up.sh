# follow-up.sh -- two quarters on the demo data: a Q3 campaign with
# revocations, exceptions and MFA attestations (an "enforced" claim
# refused until the accounts without MFA have exceptions); the Q4 snapshot
# then finds the revocation not applied and the exception expired, and the
# Q4 campaign shows last quarter's outcomes and an attested unknown MFA
. tests/e2e/lib.sh
. tests/e2e/campaign-lib.sh

mkdir -p "$WORK/examples"
cp -r "$ROOT/examples/demo" "$WORK/examples/demo"
conf=$WORK/examples/demo/accessreview.conf
q3=$WORK/examples/demo/accessreview-previous.conf
run 0 -c "$conf" init
run 0 -c "$q3" collect --now 2026-08-20T09:00:00Z

# decide FILE SYSTEM ACCOUNT DECISION EXPIRES COMMENT: set the account's
# rows (its account item and its grants) of a worksheet in place
decide() {
	python3 - "$@" <<'PY' || fail "cannot edit $1"
import csv, sys
path, system, account, decision, expires, comment = sys.argv[1:]
with open(path, encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f))
hit = 0
for row in rows[1:]:
    if row[2] == system and row[3] == account:
        row[9:12] = [decision, expires, comment]
        hit += 1
if not hit:
    sys.exit(f"{path}: no row for {system}/{account}")
with open(path, "w", encoding="utf-8-sig", newline="") as f:
    csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
PY
}

# ---- Q3 ----
run 0 -c "$q3" campaign open 2026-Q3 --due 2026-09-30 \
	--now 2026-08-21T09:00:00Z
run 0 -c "$q3" worksheets 1 -o "$WORK/q3" --now 2026-08-21T09:05:00Z
amara=amara.okafor@example.com

# logs has three active accounts without MFA: "enforced" is refused
run 65 -c "$q3" attest-mfa 1 logs --reviewer $amara --enforced yes \
	--statement "Datadog login goes through SSO with MFA" \
	--now 2026-08-22T09:00:00Z
for who in oliver.grant rachel.vance tom.becker; do
	expect_in stderr "logs: $who@example.com has MFA disabled"
done
expect_in stderr "3 active accounts without MFA, not covered"
# only the owner (or a delegate) attests
run 77 -c "$q3" attest-mfa 1 logs --reviewer lena.hoffmann@example.com \
	--statement "not mine to say" --now 2026-08-22T09:00:00Z
expect_in stderr "only its owner ($amara) or a delegate may"

# amara decides: exceptions for the three, one more that expires in October
sheet=$WORK/q3/$amara.csv
cp "$sheet" "$WORK/amara.csv"
for who in oliver.grant rachel.vance tom.becker; do
	decide "$WORK/amara.csv" logs "$who@example.com" exception 2027-06-30 \
		"hardware keys ordered, SSO enforcement follows"
done
decide "$WORK/amara.csv" logs kwame.asante@example.com exception 2026-10-31 \
	"incident responder on contract until October"
run 0 -c "$q3" decisions import "$WORK/amara.csv" --reviewer $amara \
	--now 2026-08-25T10:00:00Z
run 0 -c "$q3" attest-mfa 1 logs --reviewer $amara --enforced yes \
	--statement "Datadog login goes through SSO with MFA" \
	--now 2026-08-25T11:00:00Z
expect_in stdout "logs, 11 active accounts: 7 MFA enabled, 3 disabled"

# github and zendesk owners revoke one account each
lucas=lucas.silva@example.com
fatima=fatima.haddad@example.com
cp "$WORK/q3/$lucas.csv" "$WORK/lucas.csv"
decide "$WORK/lucas.csv" github tom.becker revoke "" "left in October"
run 0 -c "$q3" decisions import "$WORK/lucas.csv" --reviewer $lucas \
	--now 2026-08-26T10:00:00Z
cp "$WORK/q3/$fatima.csv" "$WORK/fatima.csv"
decide "$WORK/fatima.csv" zendesk kwame.asante@example.com revoke "" \
	"moved to the security team"
run 0 -c "$q3" decisions import "$WORK/fatima.csv" --reviewer $fatima \
	--now 2026-08-26T11:00:00Z

# the close wants every system attested
run 65 -c "$q3" campaign close 1 --now 2026-09-01T09:00:00Z
expect_in stderr "no MFA attestation for deploy, github, marketplace, zendesk"
run 0 -c "$q3" attest-mfa 1 github --reviewer $lucas --enforced no \
	--statement "2FA required for the org from October" \
	--now 2026-08-27T09:00:00Z
run 0 -c "$q3" attest-mfa 1 zendesk --reviewer $fatima --enforced no \
	--statement "agents sign in with Google" --now 2026-08-27T09:00:00Z
run 0 -c "$q3" attest-mfa 1 marketplace --reviewer lena.hoffmann@example.com \
	--statement "Google Workspace enforces 2SV" --now 2026-08-27T09:00:00Z
run 0 -c "$q3" attest-mfa 1 deploy --reviewer daniel.moreau@example.com \
	--statement "deploy keys only, behind the bastion's MFA" \
	--now 2026-08-27T09:00:00Z
# an account whose MFA the export does say cannot be attested
run 65 -c "$q3" attest-mfa 1 logs --reviewer $amara --account kwame.asante@example.com \
	--mfa enabled --statement "x" --now 2026-08-27T09:00:00Z
expect_in stderr "the export already says its MFA is enabled"
[ "$(sql "SELECT count(*) FROM audit_log WHERE event = 'attest'")" -eq 5 ] ||
	fail "five attestations, not five audit events"
run 0 -c "$q3" campaign close 1 --force --reason "Q3 deadline" \
	--now 2026-09-15T09:00:00Z
expect_in stdout "campaign 1 closed: 2 revocations"

# ---- Q4: the snapshot finds what was not done ----
run 1 -c "$conf" run --now 2026-11-20T09:00:00Z
run 0 -c "$conf" findings --code revocation-not-applied --format json
[ "$(grep -c '"code":"revocation-not-applied"' "$WORK/stdout")" -eq 1 ] ||
	fail "not exactly one revocation-not-applied"
expect_in stdout '"system":"github"'
expect_in stdout "revoked in campaign 1 (2026-Q3) by $lucas on 2026-08-26"
run 0 -c "$conf" findings --code exception-expired --format json
[ "$(grep -c '"code":"exception-expired"' "$WORK/stdout")" -eq 1 ] ||
	fail "not exactly one exception-expired"
expect_in stdout "expired on 2026-10-31"
expect_in stdout "incident responder on contract until October"
report=$WORK/reports/demo/access-review-2026-Q4.xml
expect_in "$report" 'code="revocation-not-applied" severity="critical"'
expect_in "$report" 'code="exception-expired" severity="high"'

# the register: five exceptions (rachel.vance's admin grant too), one
# expired by now
run 0 -c "$conf" exceptions --now 2026-11-21T09:00:00Z
expect_in stdout "5 exceptions"
run 0 -c "$conf" exceptions --expiring 30 --format json \
	--now 2026-11-21T09:00:00Z
python3 -c 'import json, sys
entries = json.load(sys.stdin)
assert [e["account"] for e in entries] == ["kwame.asante@example.com"], entries
assert entries[0]["state"] == "expired" and entries[0]["days_left"] < 0' \
	<"$WORK/stdout" || fail "exceptions --expiring does not list the expired one"

# ---- Q4 campaign: history, last quarter's outcomes, an attested unknown ----
run 0 -c "$conf" campaign open 2026-Q4 --now 2026-11-21T09:00:00Z
[ "$(sql "SELECT history FROM review_item WHERE campaign_id = 2
	AND system = 'github' AND account = 'tom.becker' AND kind = 'account'")" \
	= "revoke in campaign 1 (2026-Q3) by $lucas" ] ||
	fail "tom.becker's github item does not carry last quarter's decision"
# ines's Zendesk export says null for MFA: the owner's word, not the data
run 0 -c "$conf" attest-mfa 2 zendesk --reviewer $fatima \
	--account ines.carvalho@example.com --mfa enabled \
	--statement "light agent, signs in with Google 2SV" \
	--now 2026-11-22T09:00:00Z
expect_in stdout "zendesk/ines.carvalho@example.com MFA enabled"
[ "$(sql "SELECT a.mfa FROM account a JOIN system s ON s.id = a.system_id
	WHERE s.snapshot_id = 2 AND a.email = 'ines.carvalho@example.com'")" \
	= unknown ] || fail "the attestation changed the snapshot"
run 0 -c "$conf" report --campaign 2 --format xml -o "$WORK/q4.xml" \
	--now 2026-11-22T10:00:00Z
x() {
	xmllint --xpath "$1" "$WORK/q4.xml" 2>/dev/null
}
outcome() {
	x "string(//*[local-name()='previousRevocations']/*[@system='$1']/@outcome)"
}
[ "$(outcome github)" = not-applied ] ||
	fail "github/tom.becker's revocation is not shown not applied"
[ "$(outcome zendesk)" = applied ] ||
	fail "zendesk/kwame.asante's revocation is not shown applied"
[ "$(x "string(//*[local-name()='exception'][@account='kwame.asante@example.com']/@expired)")" \
	= true ] || fail "the expired exception is not marked expired"
[ "$(x "count(//*[local-name()='exception'])")" -eq 5 ] ||
	fail "the Q4 campaign report does not list the five exceptions"
[ "$(x "string(//*[local-name()='item'][@account='ines.carvalho@example.com']/@mfaAttestedBy)")" \
	= $fatima ] || fail "ines's attested MFA is not in the campaign report"
[ "$(x "string(//*[local-name()='signal'][@kind='mfa-not-attested'])")" \
	= "no MFA attestation for deploy, github, logs, marketplace, zendesk" ] ||
	fail "the Q4 report does not say which systems are unattested"
run 0 -c "$conf" report --campaign 1 --format html -o "$WORK/q3.html" \
	--now 2026-11-22T10:00:00Z
expect_in "$WORK/q3.html" "MFA attestations"
expect_in "$WORK/q3.html" "Datadog login goes through SSO with MFA"
run 0 -c "$conf" audit verify

finish
