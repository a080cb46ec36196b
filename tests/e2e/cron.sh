# cron.sh -- `run` unattended: --quiet, --wait SECONDS, no prompt, no escape
# `run --quiet` prints exactly one line (checked word for word against
# the database and the report on disk), warnings only counted; under a
# held lock `--wait 1` gives up after a second with exit 75 and says so,
# a longer --wait gets the lock; no output carries an ESC byte even when
# the exports do; the command lines of the shipped cron file and service
# run as written.  (units.sh checks the units with systemd-analyze.)
. tests/e2e/lib.sh

esc=$(printf '\033')
conf=$WORK/accessreview.conf
db=$WORK/var/test.db
# An entry twice, its DN carrying an escape (a warning quotes it), and
# accounts whose login, email and name carry terminal escapes.
dn=$(printf 'uid=ev\033[31mil,ou=people,dc=example,dc=com' | base64 | tr -d '\n')
{
	printf 'dn: uid=alice,ou=people,dc=example,dc=com\n'
	printf 'objectClass: inetOrgPerson\nuid: alice\ncn: Alice\nsn: A\n'
	printf 'mail: alice@example.com\n\n'
	for copy in 1 2; do
		printf 'dn:: %s\nobjectClass: inetOrgPerson\nuid: evil\n' "$dn"
		printf 'cn: Evil\nsn: E\nmail: evil@example.com\n\n'
	done
} >"$WORK/people.ldif"
printf 'Login,Mail,Name\nalice,alice@example.com,Alice\n' >"$WORK/app.csv"
printf 'ro\033[2Jot,root\033]0;x\007@example.com,R\033[31moot\n' >>"$WORK/app.csv"
write_config() {
	cat >"$conf" <<CONF
[review]
database = var/test.db
reports = reports
fail-on = $1
[directory]
source = ldif:people.ldif
[system "app"]
category = support
source = csv:app.csv
field.login = Login
field.email = Mail
field.name = Name
CONF
}
write_config high
run 0 -c "$conf" init

# no_escape WHAT: neither stdout nor stderr of the last run holds ESC
no_escape() {
	for file in "$WORK/stdout" "$WORK/stderr"; do
		if LC_ALL=C grep -q "$esc" "$file"; then
			fail "$1: an ESC byte in $(basename "$file")"
			od -c "$file" | head -5
		fi
	done
}

# ---- run --quiet: one line, every figure true ----
# stdin closed and no terminal: a prompt would block or print
"$ACCESSREVIEW" -c "$conf" run --quiet --now 2026-11-20 \
	<&- >"$WORK/stdout" 2>"$WORK/stderr"
status=$?
[ "$status" = 1 ] || fail "run --quiet exited $status, expected 1 (fail-on)"
no_escape "run --quiet"
[ "$(wc -l <"$WORK/stdout")" = 1 ] ||
	fail "run --quiet printed $(wc -l <"$WORK/stdout") lines, not one"
[ -s "$WORK/stderr" ] &&
	fail "run --quiet wrote to stderr: $(cat "$WORK/stderr")"
accounts=$(sqlite3 "$db" 'SELECT count(*) FROM account WHERE snapshot_id = 1')
findings=$(sqlite3 "$db" 'SELECT count(*) FROM finding WHERE snapshot_id = 1')
high=$(sqlite3 "$db" "SELECT count(*) FROM finding WHERE snapshot_id = 1
	AND severity IN ('high', 'critical')")
warnings=$(sqlite3 "$db" 'SELECT count(*) FROM warning WHERE snapshot_id = 1')
[ "$accounts/$high/$warnings" = 2/1/1 ] ||
	fail "fixture drifted: $accounts accounts, $high high, $warnings warnings"
report=$WORK/reports/access-review-2026-Q4.html
expected="snapshot 1: 2 accounts, 1 finding at or above high ($findings in all), 1 warning; $report"
[ "$(cat "$WORK/stdout")" = "$expected" ] ||
	fail "run --quiet printed '$(cat "$WORK/stdout")', expected '$expected'"
[ -s "$report" ] || fail "the report the summary names is not there"
[ -s "$WORK/reports/access-review-2026-Q4.xml" ] || fail "no XML report"

# the warning is still in the report, and printed, escaped, without --quiet
grep -q 'appears twice' "$WORK/reports/access-review-2026-Q4.xml" ||
	fail "the warning --quiet counted is not in the report"
run 1 -c "$conf" run --now 2026-11-20
no_escape "run"
expect_in stdout "snapshot 2 collected"
expect_in stdout "1 finding at or above [review] fail-on = high"
expect_in stderr "warning: $WORK/people.ldif:15: entry 'uid=ev"
expect_in stderr "appears twice"

# fail-on = none: total findings, exit 0
write_config none
run 0 -c "$conf" run --quiet --now 2026-11-20
[ "$(cat "$WORK/stdout")" = "snapshot 3: 2 accounts, $findings findings (fail-on none), 1 warning; $report" ] ||
	fail "run --quiet with fail-on none printed '$(cat "$WORK/stdout")'"
write_config high

# ---- --wait SECONDS under a held lock ----
flock "$db.lock" sleep 4 &
holder=$!
sleep 0.5
started=$(date +%s)
run 75 -c "$conf" --wait 1 run --quiet
waited=$(($(date +%s) - started))
[ "$waited" -ge 1 ] && [ "$waited" -le 3 ] ||
	fail "--wait 1 gave up after $waited s"
expect_in stderr "another accessreview is running (lock '$db.lock' still held after waiting 1 second); try again later"
[ -s "$WORK/stdout" ] && fail "a refused run printed: $(cat "$WORK/stdout")"
run 75 -c "$conf" --wait=1 run --quiet
expect_in stderr "still held after waiting 1 second"
# without --wait: at once, as before
run 75 -c "$conf" run --quiet
expect_in stderr "(lock '$db.lock' is held); try again later"
# long enough: waits for the holder, then runs
run 1 -c "$conf" --wait 30 run --quiet --now 2026-11-20
expect_in stdout "snapshot 4: 2 accounts"
wait $holder
[ "$(snapshots "$db")" = 4 ] || fail "refused runs added snapshots"
run 64 -c "$conf" --wait=soon run
expect_in stderr "--wait: 'soon' is not a number of seconds"

# ---- no ESC byte anywhere, inputs full of them ----
for command in "findings" "findings --format json" "diff" \
	"report --format xml" "report --format html" "help run" "--help"; do
	# shellcheck disable=SC2086
	"$ACCESSREVIEW" -c "$conf" $command </dev/null >"$WORK/stdout" \
		2>"$WORK/stderr"
	no_escape "$command"
done
run 0 -c "$conf" findings
expect_in stdout 'ro\x1b[2Jot'
# an error quoting the configuration
printf '[review]\ndatabase = var/test.db\nfoo\033[31m = 1\n' >"$WORK/bad.conf"
run 78 -c "$WORK/bad.conf" run --quiet
no_escape "a configuration error"
expect_in stderr "unknown key 'foo\\x1b[31m' in [review]"
run 78 --log-format json -c "$WORK/bad.conf" run --quiet
no_escape "a JSON configuration error"
expect_in stderr '"message":"'

# ---- the shipped command lines run as written ----
# (the configuration path swapped for this test's, the binary from PATH)
cron_jobs=$(grep -v '^#' "$ROOT/examples/cron.d/accessreview" |
	grep -v '^[A-Z]*=' | grep -c .)
[ "$cron_jobs" = 2 ] || fail "the cron file has $cron_jobs jobs, not 2"
for variable in SHELL PATH MAILTO; do
	grep -q "^$variable=" "$ROOT/examples/cron.d/accessreview" ||
		fail "the cron file sets no $variable"
done
bin=$(dirname "$ACCESSREVIEW")
grep -v '^#' "$ROOT/examples/cron.d/accessreview" | grep -v '^[A-Z]*=' |
	grep . >"$WORK/jobs"
snapshot=$(snapshots "$db")
while read -r minute hour day month weekday user command; do
	[ "$user" = accessreview ] || fail "a cron job runs as '$user'"
	case $command in
	*" run --quiet"*) ;;
	*) fail "a cron job is not 'run --quiet': $command" ;;
	esac
	snapshot=$((snapshot + 1))
	PATH=$bin:$PATH sh -c "$(echo "$command" |
		sed "s|/etc/accessreview/accessreview.conf|$conf|")" \
		</dev/null >"$WORK/stdout" 2>"$WORK/stderr"
	no_escape "the cron job '$minute $hour $day $month $weekday'"
	[ "$(wc -l <"$WORK/stdout")" = 1 ] &&
		grep -q "^snapshot $snapshot: 2 accounts, " "$WORK/stdout" ||
		fail "cron job '$command' printed: $(cat "$WORK/stdout" "$WORK/stderr")"
done <"$WORK/jobs"
exec_start=$(sed -n 's|^ExecStart=/usr/bin/accessreview ||p' \
	"$ROOT/examples/systemd/accessreview.service")
[ -n "$exec_start" ] || fail "the service has no ExecStart"
# shellcheck disable=SC2086
"$ACCESSREVIEW" $(echo "$exec_start" |
	sed "s|/etc/accessreview/accessreview.conf|$conf|") </dev/null \
	>"$WORK/stdout" 2>"$WORK/stderr"
[ "$(wc -l <"$WORK/stdout")" = 1 ] &&
	grep -q "^snapshot $((snapshot + 1)): 2 accounts, " "$WORK/stdout" ||
	fail "the service's ExecStart printed: $(cat "$WORK/stdout" "$WORK/stderr")"
finish
