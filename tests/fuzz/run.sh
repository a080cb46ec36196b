#!/bin/sh
# run.sh -- run libFuzzer harnesses for a while each; stop at the first crash
# usage: tests/fuzz/run.sh SECONDS BUILD_DIR HARNESS...
# Seeds come from tests/fuzz/corpus/HARNESS (read only); new inputs go to
# BUILD_DIR/corpus/HARNESS so the repository stays clean, and crashes to
# BUILD_DIR/crashes/HARNESS/.  FUZZ_JOBS=N runs N harnesses at a time.
set -u
seconds=$1
build=$2
shift 2
jobs=${FUZZ_JOBS:-1}
status=0
pids=
running=0

fuzz_one() {
	name=$1
	mkdir -p "$build/corpus/$name" "$build/crashes/$name"
	# a dictionary per harness, else per format (csv_*, json_*)
	dict=
	for file in "tests/fuzz/dict/$name.dict" \
		"tests/fuzz/dict/${name%%_*}.dict"; do
		[ -f "$file" ] && dict=-dict=$file && break
	done
	case $name in scim | ndjson) dict=-dict=tests/fuzz/dict/json.dict ;; esac
	# -timeout: a parse over 10 s is a hang worth a report;
	# -rss_limit_mb: the readers must stay bounded on small inputs
	"$build/fuzz_$name" -max_total_time="$seconds" -timeout=10 \
		-rss_limit_mb=1024 -print_final_stats=1 $dict \
		-artifact_prefix="$build/crashes/$name/" \
		"$build/corpus/$name" "tests/fuzz/corpus/$name" \
		>"$build/$name.log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' \
		"$build/$name.log")
	if [ "$rc" -eq 0 ]; then
		echo "fuzz $name: ${seconds}s, ${execs:-?} runs, no crash"
	else
		echo "fuzz $name: FAILED (exit $rc), see $build/$name.log"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*unexpected result)' \
			"$build/$name.log" | head -5
	fi
	return "$rc"
}

for name in "$@"; do
	if [ "$jobs" -le 1 ]; then
		fuzz_one "$name" || status=1
		continue
	fi
	fuzz_one "$name" &
	pids="$pids $!"
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		for pid in $pids; do wait "$pid" || status=1; done
		pids=
		running=0
	fi
done
for pid in $pids; do wait "$pid" || status=1; done
exit "$status"
