# prune.sh -- retention on the demo: what stays, what goes, what is said
# Nine snapshots over a year and three campaigns (two closed, one open);
# `prune` keeps the latest, the campaigns' and each one's baseline, removes
# every row of the rest and the reports of the quarters it empties, logs
# itself in the audit chain, gives the space back, never runs beside a
# collect, and changes nothing that is said about a kept snapshot.
. tests/e2e/lib.sh
. tests/e2e/campaign-lib.sh

command -v sqlite3 >/dev/null 2>&1 || skip "sqlite3 is not installed"
command -v flock >/dev/null 2>&1 || skip "flock(1) is not installed"

campaign_setup
db=$WORK/var/demo.db
# the configuration names it so (relative to examples/demo/)
reports=$WORK/examples/demo/../../reports/demo
tables="system source person account entitlement access_grant finding warning"
campaign_tables="campaign campaign_system campaign_delegate review_item
review_context decision_import mfa_attestation"

# run_demo TIME: `run` on this quarter's exports (exit 1: findings)
run_demo() {
	run 1 -c "$conf" run --now "$1"
}

# the timeline: snapshot 1 (2026-08-20, collect) and 2 (2026-11-20, run)
# come from campaign_setup
run 0 -c "$conf" campaign open 2026-Q4 --now 2026-11-21T09:00:00Z
run 0 -c "$conf" campaign close 1 --force --reason "test" \
	--now 2026-12-01T09:00:00Z
run_demo 2026-12-15T09:00:00Z                      # 3
run_demo 2027-01-15T09:00:00Z                      # 4
run_demo 2027-02-15T09:00:00Z                      # 5
run 0 -c "$conf" campaign open 2027-Q1 --snapshot 5 --now 2027-02-16T09:00:00Z
run 0 -c "$conf" campaign close 2 --force --reason "test" \
	--now 2027-03-01T09:00:00Z
run_demo 2027-04-15T09:00:00Z                      # 6
run_demo 2027-05-15T09:00:00Z                      # 7
run_demo 2027-07-15T09:00:00Z                      # 8
run 0 -c "$conf" campaign open 2027-Q3 --snapshot 8 --now 2027-07-16T09:00:00Z
run_demo 2027-08-15T09:00:00Z                      # 9
[ "$(sql 'SELECT count(*) FROM snapshot')" = 9 ] || fail "expected 9 snapshots"
for period in 2026-Q4 2027-Q1 2027-Q2 2027-Q3; do
	[ -f "$reports/access-review-$period.xml" ] ||
		fail "run did not write the $period report"
done

# rows_per_snapshot FILE: every snapshot's row count in every table
rows_per_snapshot() {
	for table in $tables; do
		sqlite3 "$db" "SELECT '$table', snapshot_id, count(*)
			FROM $table GROUP BY snapshot_id ORDER BY snapshot_id"
	done >"$1"
}

# campaign_rows FILE: the campaign tables' row counts
campaign_rows() {
	for table in $campaign_tables; do
		echo "$table $(sql "SELECT count(*) FROM $table")"
	done >"$1"
}

# what is said about the kept snapshots, before and after
# said SUFFIX: reports of 9, 8 and 5, new findings of 5, the default diff
said() {
	for id in 9 8 5; do
		run 0 -c "$conf" report --snapshot $id --format xml \
			--now 2027-08-20T00:00:00Z -o "$WORK/report-$id.$1.xml"
	done
	run 0 -c "$conf" findings --snapshot 5 --new --format csv
	cp "$WORK/stdout" "$WORK/new-5.$1"
	run 0 -c "$conf" diff
	cp "$WORK/stdout" "$WORK/diff.$1"
	run 0 -c "$conf" campaign status 1 --format json \
		--now 2027-08-20T00:00:00Z
	cp "$WORK/stdout" "$WORK/status-1.$1"
}

said before
rows_per_snapshot "$WORK/rows.before"
campaign_rows "$WORK/campaigns.before"
run 0 -c "$conf" audit verify
head_before=$(sed -n 's/.*head \([0-9a-f]*\)$/\1/p' "$WORK/stdout")
audit_rows=$(sql 'SELECT count(*) FROM audit_log')
# pruned_rows TABLE: the rows of snapshots 1, 2, 3 and 6 in TABLE
pruned_rows() {
	sql "SELECT count(*) FROM $1 WHERE snapshot_id IN (1, 2, 3, 6)"
}
for table in account access_grant person finding system; do
	eval "expected_$table=\$(pruned_rows $table)"
done
[ "$expected_account" -gt 0 ] || fail "no accounts to prune"
checksum=$(cat "$db" "$db-wal" 2>/dev/null | sha256sum)
size_before=$(stat -c %s "$db")

# ---- usage ----
run 64 -c "$conf" prune --keep many
expect_in stderr "prune: --keep: expected a number, not 'many'"
run 64 -c "$conf" prune 3
expect_in stderr "prune: unexpected argument '3'"

# ---- the dry run: what would go, nothing changed ----
run 0 -c "$conf" prune --keep 1 --dry-run --now 2027-08-20T00:00:00Z
cp "$WORK/stdout" "$WORK/dry"
expect_in stdout "kept snapshot 9 (2027-08-15T09:00:00Z): latest"
expect_in stdout "kept snapshot 8 (2027-07-15T09:00:00Z): open campaign 3, baseline of snapshot 9"
expect_in stdout "kept snapshot 7 (2027-05-15T09:00:00Z): baseline of snapshot 8"
expect_in stdout "kept snapshot 5 (2027-02-15T09:00:00Z): closed campaign 2"
expect_in stdout "kept snapshot 4 (2027-01-15T09:00:00Z): baseline of snapshot 5"
expect_in stdout "would prune 4 snapshots: 1, 2, 3, 6"
expect_in stdout "would remove $expected_access_grant grants, "
expect_in stdout ", $expected_account accounts, "
expect_in stdout "would remove $reports/access-review-2026-Q4.xml"
expect_in stdout "would remove $reports/access-review-2026-Q4.html"
expect_not_in stdout "2027-Q2"
expect_in stdout "dry run: nothing changed"
[ "$(cat "$db" "$db-wal" 2>/dev/null | sha256sum)" = "$checksum" ] ||
	fail "--dry-run changed the database"
[ -f "$reports/access-review-2026-Q4.xml" ] || fail "--dry-run removed a report"

# ---- the lock: never beside a collect or run ----
flock "$db.lock" sleep 3 &
holder=$!
sleep 0.5
run 75 -c "$conf" prune --keep 1 --now 2027-08-20T00:00:00Z
expect_in stderr "another accessreview is running"
wait $holder
[ "$(cat "$db" "$db-wal" 2>/dev/null | sha256sum)" = "$checksum" ] ||
	fail "a refused prune changed the database"

# ---- the prune ----
run 0 -c "$conf" prune --keep 1 --now 2027-08-20T00:00:00Z
cp "$WORK/stdout" "$WORK/real"
expect_in stdout "pruned 4 snapshots: 1, 2, 3, 6"
expect_in stdout "removed $expected_access_grant grants, $expected_finding findings, "
expect_in stdout ", $expected_account accounts, "
expect_in stdout ", $expected_person people, $expected_system systems"
expect_in stdout "removed $reports/access-review-2026-Q4.xml"
# the dry run said the same
grep -v '^dry run' "$WORK/dry" | sed 's/^would prune/pruned/; s/^would remove/removed/' \
	>"$WORK/dry.said"
grep -v '^database\|^audit head' "$WORK/real" >"$WORK/real.said"
cmp -s "$WORK/dry.said" "$WORK/real.said" || {
	fail "the dry run and the prune disagree"
	diff "$WORK/dry.said" "$WORK/real.said"
}
prune_head=$(sed -n 's/^audit head //p' "$WORK/real")
freed=$(sed -n 's/.*(\([0-9]*\) freed)$/\1/p' "$WORK/real")
[ "${freed:-0}" -gt 0 ] || fail "prune freed no space: $(grep database "$WORK/real")"

# every row of 1, 2, 3 and 6 went, nothing else did
rows_per_snapshot "$WORK/rows.after"
grep -v -E '\|(1|2|3|6)\|' "$WORK/rows.before" >"$WORK/rows.expected"
cmp -s "$WORK/rows.expected" "$WORK/rows.after" || {
	fail "prune removed other rows than those of snapshots 1, 2, 3 and 6"
	diff "$WORK/rows.expected" "$WORK/rows.after"
}
[ "$(sql 'SELECT group_concat(id) FROM snapshot WHERE pruned_at IS NULL')" = "4,5,7,8,9" ] ||
	fail "live snapshots: $(sql 'SELECT group_concat(id) FROM snapshot WHERE pruned_at IS NULL')"
[ "$(sql "SELECT count(*) FROM snapshot WHERE pruned_at = '2027-08-20T00:00:00Z'")" = 4 ] ||
	fail "the pruned snapshots' rows are not marked"
[ -z "$(sql 'PRAGMA foreign_key_check')" ] ||
	fail "rows point at deleted ones: $(sql 'PRAGMA foreign_key_check')"
campaign_rows "$WORK/campaigns.after"
cmp -s "$WORK/campaigns.before" "$WORK/campaigns.after" ||
	fail "prune changed campaign tables: $(diff "$WORK/campaigns.before" "$WORK/campaigns.after")"

# the files: the emptied quarter's reports only
[ ! -e "$reports/access-review-2026-Q4.xml" ] || fail "2026-Q4 XML report left"
[ ! -e "$reports/access-review-2026-Q4.html" ] || fail "2026-Q4 HTML report left"
for file in access-review-2027-Q1.xml access-review-2027-Q2.xml \
	access-review-2027-Q2.html access-review-2027-Q3.xml revocations.csv \
	revocations.json; do
	[ -f "$reports/$file" ] || fail "prune removed $file"
done

# the space: the file itself is smaller
size_after=$(stat -c %s "$db")
[ "$size_after" -lt "$size_before" ] ||
	fail "the database did not shrink: $size_before -> $size_after bytes"
[ ! -s "$db-wal" ] || fail "the WAL was not checkpointed"

# the audit chain: whole, with the prune as its newest row
run 0 -c "$conf" audit verify --expect-head "$prune_head"
expect_in stdout "audit log verified: $((audit_rows + 1)) rows"
[ "$(sql "SELECT event || ' ' || json_extract(detail, '$.first') || '-' ||
	json_extract(detail, '$.last') || ' ' ||
	json_array_length(detail, '$.snapshots') || ' ' ||
	json_extract(detail, '$.rows.accounts') || ' ' ||
	json_extract(detail, '$.files[0]') || ' ' ||
	json_extract(detail, '$.keep_campaigns') || ' ' ||
	json_extract(detail, '$.audit_head_before')
	FROM audit_log ORDER BY id DESC LIMIT 1")" = \
	"prune 1-6 4 $expected_account access-review-2026-Q4.xml 1 $head_before" ] ||
	fail "prune event: $(sql 'SELECT detail FROM audit_log ORDER BY id DESC LIMIT 1')"

# nothing said about a kept snapshot changed
said after
for name in report-9 report-8 report-5; do
	cmp -s "$WORK/$name.before.xml" "$WORK/$name.after.xml" ||
		fail "$name.xml changed with the prune"
done
for name in new-5 diff status-1; do
	cmp -s "$WORK/$name.before" "$WORK/$name.after" ||
		fail "$name changed with the prune"
done
[ -s "$WORK/new-5.after" ] || fail "findings --new of snapshot 5 is empty"

# a pruned snapshot is named as such, its campaign's report cannot be made
run 66 -c "$conf" report --snapshot 2 --format xml -o "$WORK/x.xml"
expect_in stderr "snapshot 2 was pruned on 2027-08-20T00:00:00Z"
run 66 -c "$conf" report --campaign 1 --format xml -o "$WORK/x.xml"
expect_in stderr "snapshot 2 was pruned"
run 66 -c "$conf" campaign open 2026-Q3 --snapshot 1
expect_in stderr "snapshot 1 was pruned"
run 0 -c "$conf" report --campaign 3 --format html -o "$WORK/c3.html" \
	--now 2027-08-20T00:00:00Z
run 0 -c "$conf" findings --snapshot 9

# ---- again, with nothing to prune: nothing logged, nothing changed ----
checksum=$(cat "$db" "$db-wal" 2>/dev/null | sha256sum)
run 0 -c "$conf" prune --keep 1 --now 2027-08-21T00:00:00Z
expect_in stdout "nothing to prune: 5 snapshots, all kept"
[ "$(cat "$db" "$db-wal" 2>/dev/null | sha256sum)" = "$checksum" ] ||
	fail "a prune with nothing to prune changed the database"

# ---- --keep 0 --older-than: campaign 2's snapshot goes, 2027-Q1 too ----
run 0 -c "$conf" prune --keep 0 --older-than 30 --now 2027-08-20T00:00:00Z
expect_in stdout "kept snapshot 9 (2027-08-15T09:00:00Z): latest, taken within 30 days"
expect_in stdout "pruned 2 snapshots: 4, 5"
expect_in stdout "removed $reports/access-review-2027-Q1.xml"
[ ! -e "$reports/access-review-2027-Q1.html" ] || fail "2027-Q1 HTML report left"
[ -f "$reports/access-review-2027-Q2.xml" ] || fail "2027-Q2 report removed"
run 0 -c "$conf" audit verify
[ "$(sql "SELECT count(*) FROM audit_log WHERE event = 'prune'")" = 2 ] ||
	fail "expected two prune events"
[ "$(sql "SELECT json_extract(detail, '$.older_than_days') FROM audit_log
	ORDER BY id DESC LIMIT 1")" = 30 ] || fail "--older-than not logged"

# ---- real processes racing: a run and a prune at once ----
i=0
while [ "$i" -lt 5 ]; do
	"$ACCESSREVIEW" -c "$conf" run --now "2027-09-0$((i + 1))T09:00:00Z" \
		>/dev/null 2>"$WORK/err.run" &
	a=$!
	"$ACCESSREVIEW" -c "$conf" prune --keep 0 --now 2027-09-10T00:00:00Z \
		>/dev/null 2>"$WORK/err.prune" &
	b=$!
	wait "$a"
	status_run=$?
	wait "$b"
	status_prune=$?
	case "$status_run.$status_prune" in
	[01].0 | [01].75 | 75.0) ;;
	*) fail "iteration $i: run exited $status_run, prune $status_prune"
	   cat "$WORK/err.run" "$WORK/err.prune" ;;
	esac
	if grep -q 'database is locked\|busy' "$WORK/err.run" "$WORK/err.prune"; then
		fail "iteration $i: SQLite busy instead of the lock"
	fi
	i=$((i + 1))
done
run 0 -c "$conf" audit verify
[ -z "$(sql 'PRAGMA foreign_key_check')" ] ||
	fail "rows point at deleted ones after the race"
[ "$(sql 'SELECT count(*) FROM snapshot WHERE pruned_at IS NULL AND id NOT IN
	(SELECT snapshot_id FROM system)')" = 0 ] ||
	fail "a live snapshot lost its rows in the race"
finish
