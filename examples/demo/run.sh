#!/bin/sh
# run.sh -- the Flowdence demo: two quarters of exports, one review run.
# SPDX-License-Identifier: MIT
#
# Run from the repository root (`make demo` does):
#   1. a fresh database (var/demo.db) and reports directory (reports/demo);
#   2. last quarter's exports (examples/demo/previous/) as the baseline
#      snapshot, collected "on" 2026-08-20;
#   3. `run` on this quarter's exports (examples/demo/data/) "on"
#      2026-11-20: collect, findings (new-access against the baseline),
#      XML and HTML reports.  It exits 1 because the demo has findings at
#      or above `fail-on = high`; that is the expected outcome here;
#   4. the quarter's review: campaign 2026-Q4 opened "on" 2026-12-01, a
#      worksheet per reviewer (reports/demo/worksheets/), the marketplace
#      owner's filled-in worksheet (examples/demo/decisions/) imported,
#      the campaign's status and its report.  The campaign stays open:
#      README.md's walkthrough goes on from here;
#   5. a signing key (var/demo-keys/, made once) and the campaign's
#      evidence bundle (reports/demo/evidence-2026-Q4/), verified.
# ACCESSREVIEW=/path/to/accessreview overrides the binary.

set -u

AR=${ACCESSREVIEW:-./accessreview}
DEMO=examples/demo
CONF=$DEMO/accessreview.conf
PREVIOUS_CONF=$DEMO/accessreview-previous.conf
DATABASE=var/demo.db
REPORTS=reports/demo

fail() {
	echo "demo: $*" >&2
	exit 1
}

[ -f "$CONF" ] || fail "run me from the repository root ($CONF not found)"
[ -x "$AR" ] || fail "$AR not found or not executable: run make first"

rm -f "$DATABASE" "$DATABASE-journal" "$DATABASE-wal" "$DATABASE-shm"
rm -rf "$REPORTS"
mkdir -p "$(dirname "$DATABASE")" "$REPORTS" || fail "cannot create var/ or $REPORTS"

echo "== init"
"$AR" -c "$CONF" init || fail "init failed (exit $?)"

echo "== collect last quarter (examples/demo/previous/, 2026-08-20)"
"$AR" -c "$PREVIOUS_CONF" collect --now 2026-08-20T09:00:00Z ||
	fail "collect of last quarter's exports failed (exit $?)"

echo "== run this quarter (examples/demo/data/, 2026-11-20)"
"$AR" -c "$CONF" run --now 2026-11-20T09:00:00Z
status=$?
case $status in
0) echo "run: no findings at or above fail-on" ;;
1) echo "run: findings at or above fail-on (exit 1, expected for the demo)" ;;
*) fail "run failed (exit $status)" ;;
esac

echo
echo "== reports"
found=0
for report in "$REPORTS"/*.xml "$REPORTS"/*.html; do
	[ -f "$report" ] || continue
	echo "  $report"
	found=1
done
[ "$found" -eq 1 ] || fail "no XML or HTML report in $REPORTS"

echo
echo "== findings"
"$AR" -c "$CONF" findings
status=$?
# findings only lists; accept 1 too in case it shares run's exit status
[ "$status" -le 1 ] || fail "findings failed (exit $status)"

echo
echo "== review campaign 2026-Q4 (opened 2026-12-01)"
"$AR" -c "$CONF" campaign open 2026-Q4 --now 2026-12-01T09:00:00Z ||
	fail "campaign open failed (exit $?)"
"$AR" -c "$CONF" worksheets 1 -o "$REPORTS/worksheets" \
	--now 2026-12-01T09:05:00Z || fail "worksheets failed (exit $?)"
"$AR" -c "$CONF" decisions import \
	"$DEMO/decisions/lena.hoffmann@example.com.csv" \
	--reviewer lena.hoffmann@example.com --now 2026-12-02T10:00:00Z ||
	fail "decisions import failed (exit $?)"
"$AR" -c "$CONF" campaign status 1 --now 2026-12-02T11:00:00Z ||
	fail "campaign status failed (exit $?)"
"$AR" -c "$CONF" report --campaign 1 --format html \
	-o "$REPORTS/campaign-2026-Q4.html" --now 2026-12-02T11:00:00Z ||
	fail "the campaign report failed (exit $?)"
echo "  $REPORTS/campaign-2026-Q4.html"

echo
echo "== the auditor's evidence bundle of campaign 1"
[ -f var/demo-keys/accessreview.key ] ||
	"$AR" keygen -o var/demo-keys || fail "keygen failed (exit $?)"
rm -rf "$REPORTS/evidence-2026-Q4"
"$AR" -c "$CONF" evidence export 1 -o "$REPORTS/evidence-2026-Q4" \
	--now 2026-12-02T12:00:00Z || fail "evidence export failed (exit $?)"
"$AR" verify "$REPORTS/evidence-2026-Q4" >/dev/null ||
	fail "the bundle does not verify (exit $?)"
echo "  $REPORTS/evidence-2026-Q4 (verified: accessreview verify DIR)"

echo
echo "Planted findings: $DEMO/EXPECTED.md.  Open the HTML reports in a browser;"
echo "README.md (A quarterly review, step by step) goes on with campaign 1."
exit 0
