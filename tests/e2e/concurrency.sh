# concurrency.sh -- two collects or runs at once: one works, one exits 75
# 100 racing pairs on tiny inputs: every process either gets the lock and
# finishes, or exits 75 at once; every finished one adds exactly one whole
# snapshot, and the database stays consistent.
. tests/e2e/lib.sh

db=$WORK/var/test.db
iterations=${RACE_ITERATIONS:-100}
cp "$FORMATS/ldif/openldap-users.ldif" "$WORK/people.ldif"
cp "$FORMATS/json/gitlab-users.json" "$WORK/gitlab.json"
cat >"$WORK/accessreview.conf" <<CONF
[review]
database = var/test.db
fail-on = none
[directory]
source = ldif:people.ldif
[system "gitlab"]
category = source_control
source = json:gitlab.json
CONF
run 0 -c "$WORK/accessreview.conf" init
run 0 -c "$WORK/accessreview.conf" collect --now 2026-11-20
people=$(sqlite3 "$db" 'SELECT count(*) FROM person')
accounts=$(sqlite3 "$db" 'SELECT count(*) FROM account')

# start A and B together; count what each did
finished=1
refused=0
i=0
while [ "$i" -lt "$iterations" ]; do
	case $((i % 3)) in
	0) first=collect second=collect ;;
	1) first=run second=collect ;;
	*) first=run second=run ;;
	esac
	"$ACCESSREVIEW" -c "$WORK/accessreview.conf" $first --now 2026-11-20 \
		>/dev/null 2>"$WORK/err.a" &
	a=$!
	"$ACCESSREVIEW" -c "$WORK/accessreview.conf" $second --now 2026-11-20 \
		>/dev/null 2>"$WORK/err.b" &
	b=$!
	wait "$a"
	status_a=$?
	wait "$b"
	status_b=$?
	for status in "$status_a" "$status_b"; do
		case $status in
		0) finished=$((finished + 1)) ;;
		75) refused=$((refused + 1)) ;;
		*) fail "iteration $i: $first/$second exited $status"
		   cat "$WORK/err.a" "$WORK/err.b" ;;
		esac
	done
	[ "$status_a" = 75 ] && [ "$status_b" = 75 ] &&
		fail "iteration $i: both refused, nobody held the lock"
	for file in "$WORK/err.a" "$WORK/err.b"; do
		if grep -q 'database is locked\|busy' "$file"; then
			fail "iteration $i: SQLite busy instead of the lock"
			cat "$file"
		fi
	done
	i=$((i + 1))
done
echo "$((iterations * 2)) processes: $((finished - 1)) finished, $refused refused (75)"
[ "$refused" -gt 0 ] || fail "no race was ever lost: the test proved nothing"

[ "$(snapshots "$db")" = "$finished" ] ||
	fail "$(snapshots "$db") snapshots for $finished finished collects"
whole=$(sqlite3 "$db" "SELECT count(*) FROM snapshot s WHERE
	(SELECT count(*) FROM person p WHERE p.snapshot_id = s.id) = $people
	AND (SELECT count(*) FROM account a WHERE a.snapshot_id = s.id)
		= $accounts")
[ "$whole" = "$finished" ] || fail "only $whole of $finished snapshots whole"
[ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] || fail "integrity check"
xmllint --noout "$WORK/reports/access-review-2026-Q4.xml" ||
	fail "the report of the last run is not well-formed"
finish
