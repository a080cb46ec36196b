# crash-safety.sh -- SIGKILL at random moments of collect loses nothing
# A collect writes its snapshot in one SQLite transaction (WAL), so a kill
# at any moment must leave the database consistent, the previous snapshot
# untouched, no half-written snapshot visible, and the next run working.
# A report is renamed into place when complete, so a kill never leaves a
# truncated one under the final name.
# CRASH_KILLS (default 50) and CRASH_SEED (default 20261120) vary the run.
. tests/e2e/lib.sh

kills_wanted=${CRASH_KILLS:-50}
seed=${CRASH_SEED:-20261120}
users=10000
# AddressSanitizer (SANITIZE=1) makes every collect ~4x slower: half the
# data keeps the test near its plain length
grep -q __asan_init "$ACCESSREVIEW" && users=5000
baseline_users=200
people=15
db=$WORK/var/accessreview.db

cp "$FORMATS/ldif/openldap-users.ldif" "$WORK/people.ldif"
# $users SCIM users, one per line: a plain collect takes 100-300 ms
awk -v n="$users" 'BEGIN {
	for (i = 1; i <= n; i++)
		printf "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:" \
		    "2.0:User\"],\"id\":\"u%05d\",\"userName\":\"user%05d\"," \
		    "\"displayName\":\"User %05d\",\"active\":%s,\"emails\":" \
		    "[{\"value\":\"user%05d@example.com\",\"primary\":true}]}\n",
		    i, i, i, (i % 7 ? "true" : "false"), i
}' >"$WORK/big.ndjson"
for name in accessreview measure; do
	cat >"$WORK/$name.conf" <<CONF
[review]
database = var/$name.db
[directory]
source = ldif:people.ldif
[system "app"]
category = support
source = scim:users.ndjson
CONF
	run 0 -c "$WORK/$name.conf" init
done

# The previous snapshot is a small export of the same system, so that
# new-access (which compares every account with the previous snapshot)
# stays cheap and the kills land in reading and writing.
head -n "$baseline_users" "$WORK/big.ndjson" >"$WORK/users.ndjson"
run 0 -c "$WORK/accessreview.conf" collect --now 2026-08-20
run 0 -c "$WORK/measure.conf" collect --now 2026-08-20
cp "$WORK/big.ndjson" "$WORK/users.ndjson"

# What snapshot 1 holds; compared again after every kill.
digest() {
	sqlite3 "$db" "SELECT * FROM snapshot WHERE id = 1;
		SELECT * FROM source WHERE snapshot_id = 1;
		SELECT * FROM person WHERE snapshot_id = 1 ORDER BY id;
		SELECT * FROM account WHERE snapshot_id = 1 ORDER BY id;
		SELECT * FROM finding WHERE snapshot_id = 1 ORDER BY id;" |
		cksum
}
baseline=$(digest)

# A snapshot is whole when it has every person and account and its
# findings (computed in the same transaction); count the others.
partial_snapshots() {
	sqlite3 "$db" "SELECT count(*) FROM snapshot s WHERE
		(SELECT count(*) FROM person p WHERE p.snapshot_id = s.id)
			!= $people OR
		(SELECT count(*) FROM account a WHERE a.snapshot_id = s.id)
			!= CASE s.id WHEN 1 THEN $baseline_users ELSE $users END OR
		(SELECT count(*) FROM finding f WHERE f.snapshot_id = s.id)
			= 0"
}
[ "$(partial_snapshots)" = 0 ] || fail "the first snapshot is not whole"

# How long a whole collect takes here, in ms (on a copy of the database,
# so the one under test keeps a single snapshot): kills land inside it.
now_ms() { date +%s%3N; }
start=$(now_ms)
run 0 -c "$WORK/measure.conf" collect --now 2026-11-20
duration=$(($(now_ms) - start))
echo "one collect of $users users: ${duration} ms"
[ "$duration" -ge 20 ] || fail "collect too fast (${duration} ms) to kill inside"

# Seeded fractions of that time.  A collect that finishes before its
# kill means this machine got faster (load varies): aim 25% earlier.
awk -v seed="$seed" 'BEGIN {
	srand(seed)
	for (i = 0; i < 200; i++)
		printf "%.4f\n", rand()
}' >"$WORK/fractions"

kills=0
finished=0
limit=$duration
while read -r fraction; do
	[ "$kills" -ge "$kills_wanted" ] && break
	delay=$(awk -v f="$fraction" -v ms="$limit" \
		'BEGIN { printf "%.3f", f * ms / 1000 }')
	"$ACCESSREVIEW" -c "$WORK/accessreview.conf" collect \
		--now 2026-11-20 >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid"
	status=$?
	case $status in
	137) kills=$((kills + 1)) ;;
	0) finished=$((finished + 1)) limit=$((limit * 3 / 4)) ;;
	*) fail "collect exited $status after ${delay}s" ;;
	esac
	check=$(sqlite3 "$db" 'PRAGMA integrity_check' 2>&1)
	[ "$check" = ok ] || { fail "integrity after ${delay}s: $check"; break; }
	partial=$(partial_snapshots)
	[ "$partial" = 0 ] || { fail "$partial partial snapshot(s) after ${delay}s"; break; }
	# a kill after the commit keeps the new snapshot: at most one more
	after=$(snapshots "$db")
	[ "$after" -le 2 ] || fail "$after snapshots after one collect"
	# Drop a snapshot that made it, so the next collect again compares
	# $users accounts with 200 and its length stays what was measured.
	[ "$after" = 2 ] && sqlite3 "$db" "PRAGMA foreign_keys = ON;
		DELETE FROM snapshot WHERE id > 1"
done <"$WORK/fractions"
echo "$kills collects killed, $finished finished before the kill"
[ "$kills" -ge "$kills_wanted" ] ||
	fail "only $kills of $kills_wanted collects were killed in time"
[ "$(digest)" = "$baseline" ] || fail "the first snapshot changed"

# the next run after a kill works and adds one whole snapshot; no sqlite3
# in between, so accessreview itself meets the WAL of the killed run
before=$(snapshots "$db")
"$ACCESSREVIEW" -c "$WORK/accessreview.conf" collect --now 2026-11-20 \
	>/dev/null 2>&1 &
pid=$!
sleep "$(awk -v max="$duration" 'BEGIN { printf "%.3f", max / 2000 }')"
kill -KILL "$pid" 2>/dev/null
wait "$pid"
run 0 -c "$WORK/accessreview.conf" collect --now 2026-11-21
[ "$(snapshots "$db")" = $((before + 1)) ] || fail "the last collect added no snapshot"
[ "$(partial_snapshots)" = 0 ] || fail "partial snapshot after the last collect"
[ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] || fail "final integrity check"

# A report killed while it is written leaves the previous file under the
# final name or the whole new one, never a truncated one (20 kills).
report() {
	"$ACCESSREVIEW" -c "$WORK/accessreview.conf" report --format html \
		--now 2026-11-21 -o "$1" >/dev/null 2>&1
}
start=$(now_ms)
report "$WORK/reference.html" || fail "report"
limit=$(($(now_ms) - start))
echo "one HTML report of $users accounts: ${limit} ms"
echo "last quarter's report" >"$WORK/old.html"
cp "$WORK/old.html" "$WORK/report.html"
kills=0
while read -r fraction; do
	[ "$kills" -ge 20 ] && break
	delay=$(awk -v f="$fraction" -v ms="$limit" \
		'BEGIN { printf "%.3f", f * ms / 1000 }')
	# the binary itself, not a function: killing a backgrounded
	# function kills its subshell and leaves the report running
	"$ACCESSREVIEW" -c "$WORK/accessreview.conf" report --format html \
		--now 2026-11-21 -o "$WORK/report.html" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid"
	case $? in
	137) kills=$((kills + 1)) ;;
	*) limit=$((limit * 3 / 4)) ;;
	esac
	if cmp -s "$WORK/report.html" "$WORK/reference.html"; then
		cp "$WORK/old.html" "$WORK/report.html"
	elif ! cmp -s "$WORK/report.html" "$WORK/old.html"; then
		fail "a killed report left $(wc -c <"$WORK/report.html") bytes"
		break
	fi
done <"$WORK/fractions"
echo "$kills reports killed"
[ "$kills" -ge 5 ] || fail "only $kills reports were killed in time"
finish
