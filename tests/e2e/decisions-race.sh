# decisions-race.sh -- two real processes import decisions on the same
# items at the same moment, many times: one wins, the other reports the
# rows decided since its worksheet and writes nothing; no update is lost
. tests/e2e/lib.sh
. tests/e2e/campaign-lib.sh

campaign_setup
run 0 -c "$conf" campaign open 2026-Q4 --now 2026-12-01T09:00:00Z
run 0 -c "$conf" worksheets 1 -o "$WORK/sheets" --now 2026-12-01T09:05:00Z
sheet=$WORK/sheets/daniel.moreau@example.com.csv
# the deploy items the owner and his delegate may both decide
{ head -n 1 "$sheet"; grep '"deploy"' "$sheet" | grep -v '"mei.lin"'; } \
	>"$WORK/shared.csv"
decide_all "$WORK/shared.csv" keep "still deploys" >"$WORK/owner.csv"
decide_all "$WORK/shared.csv" revoke "left release duty" >"$WORK/delegate.csv"
items=$(($(wc -l <"$WORK/shared.csv") - 1))
cp "$WORK/var/demo.db" "$WORK/clean.db"

rounds=${RACE_ROUNDS:-12}
round=1
while [ "$round" -le "$rounds" ]; do
	rm -f "$WORK/var/demo.db-wal" "$WORK/var/demo.db-shm"
	cp "$WORK/clean.db" "$WORK/var/demo.db"
	"$ACCESSREVIEW" -c "$conf" decisions import "$WORK/owner.csv" \
		--reviewer daniel.moreau@example.com >"$WORK/a.out" \
		2>"$WORK/a.err" &
	a=$!
	"$ACCESSREVIEW" -c "$conf" decisions import "$WORK/delegate.csv" \
		--reviewer mei.lin@example.com >"$WORK/b.out" 2>"$WORK/b.err" &
	b=$!
	wait $a
	status_a=$?
	wait $b
	status_b=$?
	case "$status_a $status_b" in
	"0 65") winner=daniel.moreau@example.com loser=$WORK/b.err ;;
	"65 0") winner=mei.lin@example.com loser=$WORK/a.err ;;
	*) fail "round $round: exits $status_a and $status_b, expected one" \
		"0 and one 65"
	   cat "$WORK/a.err" "$WORK/b.err"
	   round=$((round + 1))
	   continue ;;
	esac
	grep -q "it was decided since this worksheet was written" "$loser" ||
		fail "round $round: the loser does not name the stale rows"
	grep -q "nothing was imported" "$loser" ||
		fail "round $round: the loser does not say nothing was written"
	# every shared item decided once, by the winner, at version 2
	[ "$(sql "SELECT count(*) FROM review_item WHERE decided_by =
		'$winner' AND version = 2")" -eq "$items" ] ||
		fail "round $round: not all $items items are the winner's"
	[ "$(sql "SELECT count(*) FROM review_item WHERE decision IS NOT
		NULL")" -eq "$items" ] ||
		fail "round $round: the loser wrote decisions"
	[ "$(sql "SELECT count(*) FROM audit_log WHERE event =
		'decision'")" -eq "$items" ] ||
		fail "round $round: the audit log has other than $items decisions"
	run 0 -c "$conf" audit verify
	round=$((round + 1))
done

finish
