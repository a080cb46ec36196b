# valgrind.sh -- the demo run and a review campaign under valgrind: no
# memory errors, no leaks
# Skipped (passes with a message) when valgrind is not installed or the
# binary is built with sanitizers (SANITIZE=1), which valgrind cannot run.
. tests/e2e/lib.sh
. tests/e2e/campaign-lib.sh

if ! command -v valgrind >/dev/null 2>&1; then
	skip "valgrind is not installed"
fi
if grep -q __asan_init "$ACCESSREVIEW"; then
	skip "$ACCESSREVIEW is built with AddressSanitizer"
fi

# the demo in a copy: its configuration puts var/ and reports/ two levels
# up from examples/demo/, here inside $WORK
mkdir -p "$WORK/examples"
cp -r "$ROOT/examples/demo" "$WORK/examples/"
conf=$WORK/examples/demo/accessreview.conf
run 0 -c "$conf" init
run 0 -c "$WORK/examples/demo/accessreview-previous.conf" collect \
	--now 2026-08-20T09:00:00Z

# exit 1 is the demo's findings at or above fail-on: valgrind's own
# errors get 99 so they cannot hide behind it
valgrind --leak-check=full --errors-for-leak-kinds=definite \
	--error-exitcode=99 --log-file="$WORK/valgrind.log" \
	"$ACCESSREVIEW" -c "$conf" run --now 2026-11-20T09:00:00Z \
	>"$WORK/stdout" 2>"$WORK/stderr"
status=$?
[ "$status" = 1 ] || fail "run under valgrind exited $status, expected 1"
expect_in "$WORK/valgrind.log" "ERROR SUMMARY: 0 errors"
# no leak summary at all means nothing was left allocated
if grep -q "LEAK SUMMARY" "$WORK/valgrind.log"; then
	expect_in "$WORK/valgrind.log" "definitely lost: 0 bytes"
fi
[ "$status" = 1 ] || sed 's/^/  valgrind: /' "$WORK/valgrind.log" | tail -40
[ -f "$WORK/reports/demo/access-review-2026-Q4.html" ] ||
	fail "no HTML report"

# vg STATUS ARGS...: one command under valgrind, clean and leak-free
vg() {
	want=$1
	shift
	valgrind --leak-check=full --errors-for-leak-kinds=definite \
		--error-exitcode=99 --log-file="$WORK/vg.log" \
		"$ACCESSREVIEW" -c "$conf" "$@" >"$WORK/stdout" 2>"$WORK/stderr"
	got=$?
	[ "$got" = "$want" ] || {
		fail "$1 $2 under valgrind exited $got, expected $want"
		sed 's/^/  valgrind: /' "$WORK/vg.log" | tail -30
		sed 's/^/  stderr: /' "$WORK/stderr"
	}
	grep -q "ERROR SUMMARY: 0 errors" "$WORK/vg.log" ||
		fail "$1 $2: valgrind errors"
}

vg 0 campaign open 2026-Q4 --now 2026-12-01T09:00:00Z
vg 0 worksheets 1 -o "$WORK/sheets" --now 2026-12-01T09:05:00Z
vg 0 decisions import "$WORK/examples/demo/decisions/lena.hoffmann@example.com.csv" \
	--reviewer lena.hoffmann@example.com --now 2026-12-02T10:00:00Z
# a refused file (not lena's items): the error paths free what they took
decide_all "$WORK/sheets/daniel.moreau@example.com.csv" keep "on call" \
	>"$WORK/daniel.csv"
vg 65 decisions import "$WORK/daniel.csv" \
	--reviewer lena.hoffmann@example.com --now 2026-12-02T10:00:00Z
vg 0 campaign remind 1 -o "$WORK/reminders" --now 2026-12-02T10:30:00Z
# a sendmail that refuses every message: each failure is named and freed
printf '#!/bin/sh\ncat >/dev/null\nexit 75\n' >"$WORK/sendmail"
chmod +x "$WORK/sendmail"
printf '\n[mail]\nfrom = review@example.com\nsendmail = %s\n' \
	"$WORK/sendmail" >>"$conf"
vg 75 campaign remind 1 --sendmail --now 2026-12-02T10:40:00Z
vg 0 campaign status 1 --format json --now 2026-12-02T11:00:00Z
vg 0 campaign close 1 --force --reason "valgrind" --now 2026-12-20T09:00:00Z
vg 0 report --campaign 1 --format html -o "$WORK/campaign.html" \
	--now 2026-12-20T10:00:00Z
vg 65 campaign remind 1 -o "$WORK/late"
vg 0 audit verify
# retention: two more quarters, then prune what is left of the first two
run 1 -c "$conf" run --now 2027-01-15T09:00:00Z
run 1 -c "$conf" run --now 2027-02-15T09:00:00Z
vg 0 prune --keep 0 --dry-run --now 2027-03-01T00:00:00Z
vg 0 prune --keep 0 --now 2027-03-01T00:00:00Z
expect_in stdout "pruned 2 snapshots: 1, 2"
finish
