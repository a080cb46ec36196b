#!/bin/sh
# run.sh -- run every unit test binary given, then the end-to-end tests;
# prints one "N passed, N skipped, N failed" line and fails if anything
# failed.  A test that exits 77 is skipped (automake's convention) and
# says why; a test that passed but skipped a part prints its "skip:" lines.
# usage: tests/run.sh build/tests/test_*
passed=0
skipped=0
failed=0
failures=""

# outcome NAME STATUS LOG: count one test's result and show it
outcome() {
	if [ "$2" -eq 0 ]; then
		passed=$((passed + 1))
		echo "PASS $1"
		grep '^skip:' "$3" | sed 's/^/     /'
	elif [ "$2" -eq 77 ]; then
		skipped=$((skipped + 1))
		echo "SKIP $1 ($(grep -m1 '^skip:' "$3" | sed 's/^skip: //'))"
	else
		failed=$((failed + 1))
		failures="$failures $1"
		echo "FAIL $1"
		cat "$3"
	fi
}

for test in "$@"; do
	"$test" >"$test.log" 2>&1
	outcome "$test" $? "$test.log"
done
for test in tests/e2e/*.sh; do
	[ -f "$test" ] || continue
	name=$(basename "$test" .sh)
	case $name in lib | *-lib) continue ;; esac
	log=${TMPDIR:-/tmp}/accessreview-e2e-$name.log
	ACCESSREVIEW="$(pwd)/accessreview" sh "$test" >"$log" 2>&1
	outcome "$test" $? "$log"
done
[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $skipped skipped, $failed failed"
[ "$failed" -eq 0 ]
