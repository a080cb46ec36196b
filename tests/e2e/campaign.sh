# campaign.sh -- a full quarter on the demo data: open, worksheets, two
# reviewers' decisions (refused, then accepted), a delegate, close, the
# revocation list and the audit log
. tests/e2e/lib.sh
. tests/e2e/campaign-lib.sh

campaign_setup
db=$WORK/var/demo.db

# ---- open ----
run 0 -c "$conf" campaign open 2026-Q4 --now 2026-12-01T09:00:00Z
expect_in stdout "campaign 1 opened on snapshot 2"
expect_in stdout "for 7 reviewers, due 2026-12-31"
# one item per active account of the latest snapshot, one per
# privileged grant
accounts=$(sql "SELECT count(*) FROM account a JOIN system s
	ON s.id = a.system_id WHERE s.snapshot_id = 2 AND a.active = 1")
grants=$(sql "SELECT count(*) FROM access_grant g
	JOIN entitlement e ON e.id = g.entitlement_id
	JOIN account a ON a.id = g.account_id
	WHERE g.snapshot_id = 2 AND e.privileged = 1 AND a.active = 1")
items=$(sql "SELECT count(*) FROM review_item WHERE campaign_id = 1")
[ "$items" -eq $((accounts + grants)) ] ||
	fail "$items items, expected $accounts accounts + $grants grants"
expect_in stdout "$items items ($grants privileged grants)"
inactive=$(sql "SELECT count(*) FROM account a JOIN system s
	ON s.id = a.system_id WHERE s.snapshot_id = 2 AND a.active = 0")
[ "$(sql "SELECT count(*) FROM review_context")" -eq "$inactive" ] ||
	fail "inactive accounts are not all listed as context"

# the owner's own account goes to the fallback reviewer
[ "$(sql "SELECT reviewer || ' ' || reviewer_role FROM review_item
	WHERE system = 'marketplace' AND account = 'lena.hoffmann@example.com'")" \
	= "charlotte.evans@example.com fallback" ] ||
	fail "lena's own marketplace account is not with the fallback"
# reviewer = manager: a GitHub engineer's manager reviews them
[ "$(sql "SELECT reviewer_role FROM review_item WHERE system = 'github'
	AND account = 'bjorn.lindqvist' AND kind = 'account'")" = manager ] ||
	fail "github items are not routed to managers"

# one campaign per period
run 65 -c "$conf" campaign open 2026-Q4 --now 2026-12-01T09:00:00Z
expect_in stderr "campaign 1 for 2026-Q4 is still open"
run 64 -c "$conf" campaign open 2026-Q5
expect_in stderr "'2026-Q5' is not a period (YYYY-Qn"

# ---- worksheets ----
run 0 -c "$conf" worksheets 1 -o "$WORK/sheets" --now 2026-12-01T09:05:00Z
expect_in stdout "7 worksheets ($items items) for campaign 1"
lena=$WORK/sheets/lena.hoffmann@example.com.csv
[ -f "$lena" ] || fail "no worksheet for lena"
[ -f "$WORK/sheets/lena.hoffmann@example.com.html" ] ||
	fail "no HTML worksheet for lena"
head -c 3 "$lena" | od -An -tx1 | grep -q "ef bb bf" ||
	fail "worksheet has no UTF-8 byte order mark"
[ "$(head -n 1 "$lena" | tr -d '\r' | sed 's/^\xef\xbb\xbf//')" = \
	"item,version,system,account,person,entitlement,privileged,findings,mfa,decision,expires,comment" ] ||
	fail "worksheet header is not the documented one"
grep -q "$(printf '\r')\$" "$lena" || fail "worksheet lines do not end in CRLF"
xmllint --html --noout "$WORK/sheets/lena.hoffmann@example.com.html" ||
	fail "HTML worksheet does not parse"

# ---- lena: a stale row and an ineligible row refuse the whole file ----
decide_all "$lena" keep "reviewed" >"$WORK/lena.csv"
# line 3 claims version 2; line 12 is an item of charlotte's
sed -i '3s/^"\([0-9]*\)","1"/"\1","2"/' "$WORK/lena.csv"
own=$(sql "SELECT id FROM review_item WHERE account =
	'lena.hoffmann@example.com' AND system = 'marketplace'")
printf '"%s","1","marketplace","lena.hoffmann@example.com","","","no","","enabled","keep","","mine"\r\n' \
	"$own" >>"$WORK/lena.csv"
lines=$(wc -l <"$WORK/lena.csv")
run 65 -c "$conf" decisions import "$WORK/lena.csv" \
	--reviewer lena.hoffmann@example.com --now 2026-12-02T10:00:00Z
expect_in stderr "lena.csv:3: item"
expect_in stderr "is at version 1, this row has version 2"
expect_in stderr "lena.csv:$lines: item $own is lena.hoffmann@example.com's own account"
expect_in stderr "2 problems, nothing was imported"
[ "$(sql "SELECT count(*) FROM review_item WHERE decision IS NOT NULL")" \
	-eq 0 ] || fail "a refused file wrote decisions"
[ "$(sql "SELECT count(*) FROM decision_import")" -eq 0 ] ||
	fail "a refused file was recorded as imported"

# corrected: accepted, then a re-import is a no-op
decide_all "$lena" keep "reviewed" >"$WORK/lena.csv"
sed -i '4s/"keep","","reviewed"/"revoke","","left the team"/' "$WORK/lena.csv"
run 0 -c "$conf" decisions import "$WORK/lena.csv" \
	--reviewer lena.hoffmann@example.com --now 2026-12-02T10:00:00Z
expect_in stdout "10 changed, 0 unchanged"
run 0 -c "$conf" decisions import "$WORK/lena.csv" \
	--reviewer lena.hoffmann@example.com --now 2026-12-02T10:05:00Z
expect_in stdout "0 changed, 10 unchanged"
[ "$(sql "SELECT count(*) FROM decision_import")" -eq 1 ] ||
	fail "a no-op re-import was recorded"
revoked=$(sed -n '4p' "$WORK/lena.csv" | cut -d, -f4 | tr -d '"')

# a later worksheet changes a decision: its version has advanced
run 0 -c "$conf" worksheets 1 -o "$WORK/sheets2" --now 2026-12-03T09:00:00Z
grep -q '"2","marketplace"' "$WORK/sheets2/lena.hoffmann@example.com.csv" ||
	fail "a later worksheet does not show version 2"

# ---- charlotte, the fallback reviewer: comments for privileged keeps ----
charlotte=$WORK/sheets/charlotte.evans@example.com.csv
decide_all "$charlotte" keep "" >"$WORK/charlotte.csv"
run 65 -c "$conf" decisions import "$WORK/charlotte.csv" \
	--reviewer charlotte.evans@example.com --now 2026-12-02T11:00:00Z
expect_in stderr "keeping privileged access"
expect_in stderr "needs a comment saying why"
decide_all "$charlotte" keep "owner of the system" >"$WORK/charlotte.csv"
sed -i '2s/"keep","","owner of the system"/"exception","2026-12-01","contract"/' \
	"$WORK/charlotte.csv"
run 65 -c "$conf" decisions import "$WORK/charlotte.csv" \
	--reviewer charlotte.evans@example.com --now 2026-12-02T11:00:00Z
expect_in stderr "charlotte.csv:2: expires 2026-12-01 is not in the future"
sed -i '2s/"2026-12-01"/"2028-06-01"/' "$WORK/charlotte.csv"
run 65 -c "$conf" decisions import "$WORK/charlotte.csv" \
	--reviewer charlotte.evans@example.com --now 2026-12-02T11:00:00Z
expect_in stderr "is more than 365 days after the campaign's due date 2026-12-31"
sed -i '2s/"2028-06-01"/"2027-06-30"/' "$WORK/charlotte.csv"
run 0 -c "$conf" decisions import "$WORK/charlotte.csv" \
	--reviewer charlotte.evans@example.com --now 2026-12-02T11:00:00Z
expect_in stdout "7 changed"

# ---- the deploy owner's delegate decides for the owner ----
daniel=$WORK/sheets/daniel.moreau@example.com.csv
# her share: the deploy items of the owner (not the github ones daniel
# reviews as a manager, not her own account)
{ head -n 1 "$daniel"; grep '"deploy"' "$daniel" | grep -v '"mei.lin"'; } \
	>"$WORK/daniel-no-mei.csv"
# "ok" is a comment, so the import takes it, but no reason: the
# campaign report flags it
decide_all "$WORK/daniel-no-mei.csv" keep "ok" >"$WORK/mei.csv"
# ... 20 seconds after the worksheets were issued: rubber-stamping
run 0 -c "$conf" decisions import "$WORK/mei.csv" \
	--reviewer mei.lin@example.com --now 2026-12-01T09:05:20Z
expect_in stdout "changed"
# ... but not on her own account
{ head -n 1 "$daniel"; grep '"deploy"' "$daniel"; } >"$WORK/daniel-deploy.csv"
decide_all "$WORK/daniel-deploy.csv" keep "release duty" >"$WORK/mei-own.csv"
run 65 -c "$conf" decisions import "$WORK/mei-own.csv" \
	--reviewer mei.lin@example.com --now 2026-12-02T12:00:00Z
expect_in stderr "is mei.lin@example.com's own account"

# ---- status ----
run 0 -c "$conf" campaign status 1 --now 2026-12-02T13:00:00Z
expect_in stdout "29 days left"
expect_in stdout "lena.hoffmann@example.com"
run 0 -c "$conf" campaign status --format json --now 2027-01-05T00:00:00Z
expect_in stdout '"days_to_due": -5'
expect_in stdout '"overdue": true'
python3 -c 'import json,sys; json.load(sys.stdin)' <"$WORK/stdout" ||
	fail "campaign status --format json is not JSON"

# ---- close ----
run 65 -c "$conf" campaign close 1 --now 2026-12-20T12:00:00Z
expect_in stderr "undecided item"
# ... and no owner has attested MFA yet: one refusal says both
expect_in stderr "no MFA attestation for deploy, github, logs, marketplace, zendesk"
expect_in stderr "close anyway with --force --reason TEXT"
run 64 -c "$conf" campaign close 1 --force
expect_in stderr "--force needs --reason TEXT"
run 0 -c "$conf" campaign close 1 --force --reason "auditor deadline" \
	--now 2026-12-20T12:00:00Z
expect_in stdout "campaign 1 closed: 1 revocations"
expect_in stdout "recorded as undecided (forced)"
head=$(sed -n 's/^audit head //p' "$WORK/stdout")
revocations=$WORK/reports/demo/revocations.csv
expect_in "$revocations" "\"marketplace\",\"$revoked\""
expect_in "$revocations" "left the team"
python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["count"] == 1' \
	<"$WORK/reports/demo/revocations.json" ||
	fail "revocations.json does not list the one revocation"

# ---- the campaign's report: decisions, reviewers, signals ----
run 0 -c "$conf" report --campaign 1 --format xml -o "$WORK/campaign.xml" \
	--now 2026-12-20T13:00:00Z
xmllint --noout --schema "$ROOT/templates/accessreview.xsd" \
	"$WORK/campaign.xml" 2>/dev/null || fail "campaign report is not XSD-valid"
x() {
	xmllint --xpath "$1" "$WORK/campaign.xml" 2>/dev/null
}
ns='*[local-name()="campaign"]'
[ "$(x "string(//$ns/@state)")" = closed ] || fail "report: not closed"
[ "$(x "string(//$ns/@forced)")" = true ] || fail "report: not forced"
[ "$(x "count(//*[local-name()='item'])")" -eq "$items" ] ||
	fail "report does not list every item"
decided=$(sql "SELECT count(*) FROM review_item WHERE campaign_id = 1
	AND decision IS NOT NULL")
[ "$(x "string(//*[local-name()='completion']/@decided)")" -eq "$decided" ] ||
	fail "report: completion does not count $decided decided items"
[ "$(x "count(//*[local-name()='revocation'])")" -eq 1 ] ||
	fail "report: not the one revocation"
[ "$(x "count(//*[local-name()='import'])")" -eq 3 ] ||
	fail "report: not the 3 accepted decision files"
signal() {
	x "string(//*[local-name()='signal'][@kind='$1']/@${2:-count})"
}
[ "$(signal fallback-decided reviewer)" = charlotte.evans@example.com ] ||
	fail "report: no fallback-decided signal for charlotte"
[ "$(signal fallback-decided)" -eq 7 ] || fail "report: fallback count"
[ "$(signal rubber-stamping reviewer)" = mei.lin@example.com ] ||
	fail "report: mei's 20-second import is not flagged as rubber-stamping"
x "//*[local-name()='signal'][@kind='rubber-stamping']" |
	grep -q "seconds after the worksheets were issued" ||
	fail "report: the rubber-stamping signal does not say why"
[ "$(x "count(//*[local-name()='signal'][@kind='rubber-stamping'])")" -eq 1 ] ||
	fail "report: imports a day after the worksheets flagged as rubber-stamping"
[ "$(signal delegate-decided reviewer)" = daniel.moreau@example.com ] ||
	fail "report: no delegate-decided signal for daniel's items"
# mei kept privileged deploy access for daniel saying only "ok"
[ "$(signal privileged-kept-without-reason reviewer)" = \
	daniel.moreau@example.com ] ||
	fail "report: mei's one-word privileged keeps are not flagged"
weak=$(sql "SELECT count(*) FROM review_item WHERE campaign_id = 1
	AND privileged = 1 AND decision = 'keep' AND comment = 'ok'")
[ "$weak" -gt 0 ] && [ "$(signal privileged-kept-without-reason)" -eq "$weak" ] ||
	fail "report: $weak privileged keeps without a reason, signal says otherwise"
[ "$(x "count(//*[local-name()='item'][@keptWithoutReason='true'])")" \
	-eq "$weak" ] || fail "report: flagged items do not match the signal"
x "//*[local-name()='signal'][@kind='forced-close']" |
	grep -q "auditor deadline" || fail "report: forced close not signalled"
[ "$(x "string(//*[local-name()='audit']/@head)")" = "$head" ] ||
	fail "report: audit head is not the head at close"
run 0 -c "$conf" report --campaign 1 --format html \
	-o "$WORK/campaign.html" --now 2026-12-20T13:00:00Z
for text in "Review campaign 1 (2026-Q4)" "Quality signals" \
	"no reason given" "Decision files" "left the team"; do
	expect_in "$WORK/campaign.html" "$text"
done
run 66 -c "$conf" report --campaign 7 --format xml
expect_in stderr "no campaign 7"

# closed is final
run 65 -c "$conf" decisions import "$WORK/lena.csv" \
	--reviewer lena.hoffmann@example.com
expect_in stderr "campaign 1 is closed: its decisions are final"
run 65 -c "$conf" campaign open 2026-Q4
expect_in stderr "add --reopen"
run 0 -c "$conf" campaign open 2026-Q4 --reopen --now 2026-12-21T09:00:00Z
expect_in stdout "campaign 2 opened"

# ---- audit ----
run 0 -c "$conf" audit verify
expect_in stdout "audit log verified"
for event in open assignment worksheet import decision force close; do
	[ "$(sql "SELECT count(*) FROM audit_log WHERE event = '$event'")" \
		-gt 0 ] || fail "no '$event' event in the audit log"
done
run 65 -c "$conf" audit verify --expect-head "$head"
expect_in stderr "not the expected $head"

finish
