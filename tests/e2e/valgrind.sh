# valgrind.sh -- the demo run under valgrind: no memory errors, no leaks
# Skipped (passes with a message) when valgrind is not installed or the
# binary is built with sanitizers (SANITIZE=1), which valgrind cannot run.
. tests/e2e/lib.sh

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
finish
