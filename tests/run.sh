#!/bin/sh
# run.sh -- run every unit test binary given, then the end-to-end tests;
# prints one "N passed, N failed" line and fails if anything failed.
# usage: tests/run.sh build/tests/test_*
passed=0
failed=0
failures=""
for test in "$@"; do
	if "$test" >"$test.log" 2>&1; then
		passed=$((passed + 1))
		echo "PASS $test"
	else
		failed=$((failed + 1))
		failures="$failures $test"
		echo "FAIL $test"
		cat "$test.log"
	fi
done
for test in tests/e2e/*.sh; do
	[ -f "$test" ] || continue
	name=$(basename "$test" .sh)
	[ "$name" = lib ] && continue
	log=${TMPDIR:-/tmp}/accessreview-e2e-$name.log
	if ACCESSREVIEW="$(pwd)/accessreview" sh "$test" >"$log" 2>&1; then
		passed=$((passed + 1))
		echo "PASS $test"
	else
		failed=$((failed + 1))
		failures="$failures $test"
		echo "FAIL $test"
		cat "$log"
	fi
done
[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
