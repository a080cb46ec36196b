# lib.sh -- helpers for the end-to-end tests (sourced, POSIX sh)
# Each test runs the real binary ($ACCESSREVIEW) in a fresh temp directory.
set -u
: "${ACCESSREVIEW:=$(pwd)/accessreview}"
ROOT=$(pwd)
FORMATS=$ROOT/tests/data/formats
WORK=$(mktemp -d "${TMPDIR:-/tmp}/accessreview-e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# run EXPECTED_STATUS ARGS...: run the binary, keep stdout/stderr
run() {
	expected=$1
	shift
	"$ACCESSREVIEW" "$@" >"$WORK/stdout" 2>"$WORK/stderr"
	status=$?
	if [ "$status" != "$expected" ]; then
		fail "accessreview $* exited $status, expected $expected"
		sed 's/^/  stderr: /' "$WORK/stderr"
	fi
}

# expect_in FILE TEXT: FILE (stdout, stderr or a path) contains TEXT
expect_in() {
	file=$1
	case $file in stdout | stderr) file=$WORK/$file ;; esac
	grep -qF -- "$2" "$file" || {
		fail "'$2' not found in $1"
		sed 's/^/  | /' "$file" | head -20
	}
}

expect_not_in() {
	file=$1
	case $file in stdout | stderr) file=$WORK/$file ;; esac
	if grep -qF -- "$2" "$file"; then fail "'$2' unexpectedly in $1"; fi
}

# snapshots DB: number of snapshots in the database
snapshots() {
	sqlite3 "$1" 'SELECT count(*) FROM snapshot'
}

# finding_count CODE [SYSTEM]: findings of the latest snapshot (json)
finding_count() {
	"$ACCESSREVIEW" -c "$WORK/accessreview.conf" findings --format json |
		grep "\"code\":\"$1\"" | { [ $# -gt 1 ] &&
		grep "\"system\":\"$2\"" || cat; } | wc -l
}

# skip REASON: the whole test cannot run here; tests/run.sh counts it
# as skipped (exit 77, as automake does), never as passed
skip() {
	echo "skip: $*"
	exit 77
}

finish() {
	if [ "$failures" -ne 0 ]; then
		echo "$failures failure(s)"
		exit 1
	fi
	echo "ok"
	exit 0
}
