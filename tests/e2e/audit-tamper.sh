# audit-tamper.sh -- a changed, deleted or reordered audit row, a
# decision changed behind the log's back, or an item reassigned or added
# after opening, fails `audit verify` naming it
. tests/e2e/lib.sh
. tests/e2e/campaign-lib.sh

campaign_setup
run 0 -c "$conf" campaign open 2026-Q4 --now 2026-12-01T09:00:00Z
run 0 -c "$conf" worksheets 1 -o "$WORK/sheets" --now 2026-12-01T09:05:00Z
decide_all "$WORK/sheets/lena.hoffmann@example.com.csv" keep "ok" \
	>"$WORK/lena.csv"
sed -i '2s/"keep","","ok"/"revoke","","gone"/' "$WORK/lena.csv"
run 0 -c "$conf" decisions import "$WORK/lena.csv" \
	--reviewer lena.hoffmann@example.com --now 2026-12-02T10:00:00Z
# the newest rows are worksheet events, not decisions
run 0 -c "$conf" worksheets 1 -o "$WORK/sheets2" --now 2026-12-03T09:00:00Z
run 0 -c "$conf" audit verify
expect_in stdout "audit log verified"
rows=$(sql "SELECT count(*) FROM audit_log")
head=$(sed -n 's/.*head \([0-9a-f]*\)$/\1/p' "$WORK/stdout")
cp "$WORK/var/demo.db" "$WORK/clean.db"

# tamper SQL EXPECTED: apply SQL to a fresh copy, expect exit 65 + text
tamper() {
	cp "$WORK/clean.db" "$WORK/var/demo.db"
	rm -f "$WORK/var/demo.db-wal" "$WORK/var/demo.db-shm"
	sqlite3 "$WORK/var/demo.db" "$1" || fail "sqlite3 could not run: $1"
	run 65 -c "$conf" audit verify
	expect_in stderr "$2"
}

revoked=$(sql "SELECT id FROM review_item WHERE decision = 'revoke'")
# a decision changed in the table, the log left alone
tamper "UPDATE review_item SET decision = 'keep' WHERE id = $revoked" \
	"review item $revoked: its decision 'keep'"
# a decision changed in the log: that row's hash no longer matches
decision_row=$(sql "SELECT id FROM audit_log WHERE event = 'decision'
	AND item_id = $revoked")
tamper "UPDATE audit_log SET detail = replace(detail, 'revoke', 'keep')
	WHERE id = $decision_row" \
	"audit row $decision_row (decision): its hash does not match"
# a row deleted from the middle
tamper "DELETE FROM audit_log WHERE id = 5" \
	"audit row 6: expected row 5 next"
# two rows swapped (ids exchanged)
tamper "UPDATE audit_log SET id = -1 WHERE id = 7;
	UPDATE audit_log SET id = 7 WHERE id = 8;
	UPDATE audit_log SET id = 8 WHERE id = -1" \
	"audit row 7"
# the whole log emptied
tamper "DELETE FROM audit_log" "is not the last decision the audit log holds"
# ... and without decisions, the campaign's opening is missed
tamper "DELETE FROM audit_log; UPDATE review_item SET decision = NULL" \
	"campaign 1 has no 'open' row"
# an item moved to another reviewer, or slipped in after opening: the
# assignment digests logged at opening no longer match
tamper "UPDATE review_item SET reviewer = 'lucas.silva@example.com'
	WHERE id = $revoked" \
	"the items of lena.hoffmann@example.com (9 now, 10 when opened)"
tamper "INSERT INTO review_item (campaign_id, kind, system, account,
	account_id, mfa, reviewer, reviewer_role) VALUES (1, 'account',
	'deploy', 'ghost', 'ghost', 'enabled', 'daniel.moreau@example.com',
	'owner')" \
	"the items of daniel.moreau@example.com"
tamper "INSERT INTO review_item (campaign_id, kind, system, account,
	account_id, mfa, reviewer, reviewer_role) VALUES (1, 'account',
	'deploy', 'ghost', 'ghost', 'enabled', 'mallory@example.com',
	'owner')" \
	"items of mallory@example.com, whom the audit log never assigned"
# the newest row deleted (a worksheet event): the chain is whole, the
# head is not
cp "$WORK/clean.db" "$WORK/var/demo.db"
sqlite3 "$WORK/var/demo.db" "DELETE FROM audit_log WHERE id = $rows"
run 0 -c "$conf" audit verify
run 65 -c "$conf" audit verify --expect-head "$head"
expect_in stderr "not the expected $head"

finish
