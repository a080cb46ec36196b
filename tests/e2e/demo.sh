# demo.sh -- the shipped demo: every finding code, valid XML, stable output
. tests/e2e/lib.sh

mkdir -p "$WORK/examples"
cp -r "$ROOT/examples/demo" "$WORK/examples/demo"
conf=$WORK/examples/demo/accessreview.conf
previous=$WORK/examples/demo/accessreview-previous.conf

run 0 -c "$conf" init
run 0 -c "$previous" collect --now 2026-08-20T09:00:00Z
# fail-on = high and the demo has high findings: status 1
run 1 -c "$conf" run --now 2026-11-20T09:00:00Z
expect_in stdout "at or above [review] fail-on = high"
xml=$WORK/reports/demo/access-review-2026-Q4.xml
html=$WORK/reports/demo/access-review-2026-Q4.html
[ -f "$xml" ] || fail "no XML report at $xml"
[ -f "$html" ] || fail "no HTML report at $html"

# the report validates against the real schema
xmllint --noout --schema "$ROOT/templates/accessreview.xsd" "$xml" \
	2>"$WORK/xmllint" || { fail "XML report does not validate";
	cat "$WORK/xmllint"; }
# the HTML loads in an HTML parser and as XML, and has its charts
xmllint --html --noout "$html" 2>"$WORK/htmllint" ||
	fail "HTML report does not parse"
expect_in "$html" "<svg"
expect_not_in "$html" "<script"
expect_not_in "$html" "http://"

# every finding code that needs no campaign is in the demo
cp "$conf" "$WORK/accessreview.conf"
for code in orphan-account terminated-with-access mfa-disabled \
	mfa-unknown privileged-access dormant-account new-access \
	duplicate-account shared-account incomplete-export; do
	n=$("$ACCESSREVIEW" -c "$conf" findings --format json |
		grep -c "\"code\":\"$code\"")
	[ "$n" -gt 0 ] || fail "demo has no $code finding"
	expect_in "$xml" "code=\"$code\""
done

# the planted findings of EXPECTED.md are found
if [ -f "$ROOT/examples/demo/EXPECTED.md" ]; then
	"$ACCESSREVIEW" -c "$conf" findings --format json >"$WORK/findings.json"
	# section 1 of EXPECTED.md: the planted findings
	sed -n '/^## 1\./,/^## 2\./p' "$ROOT/examples/demo/EXPECTED.md" |
		grep '^| *[a-z-]* *| *[a-z0-9_, -]* *|' |
		grep -v -e '^| *code' -e '^| *-' |
		while IFS='|' read -r _ code system account _; do
			code=$(echo $code)
			system=$(echo $system)
			account=$(echo $account | tr -d '`')
			for one in $(echo "$system" | tr ',' ' '); do
				grep "\"code\":\"$code\"" "$WORK/findings.json" |
					grep -q "\"system\":\"$one\"" ||
					echo "missing: $code $one $account"
			done
		done >"$WORK/missing"
	[ -s "$WORK/missing" ] && { fail "planted findings not found";
		cat "$WORK/missing"; }
fi

# diff: what changed since last quarter
run 0 -c "$conf" diff
grep -q '^granted  *github  *oliver.grant  *Owners$' "$WORK/stdout" ||
	fail "diff does not show oliver.grant's new Owners grant"
expect_in stdout "from snapshot 1 to 2"
run 0 -c "$conf" diff 2 1
expect_in stdout "revoked     github         oliver.grant  Owners"
run 66 -c "$conf" diff 1 99
expect_in stderr "no snapshot 99"
run 64 -c "$conf" diff 1
expect_in stderr "usage: accessreview diff"

# same database, same --now: byte-identical reports
run 0 -c "$conf" report --format xml --now 2026-11-20T09:00:00Z -o "$WORK/again.xml"
cmp -s "$xml" "$WORK/again.xml" || fail "XML report differs on a rerun"
run 0 -c "$conf" report --format html --now 2026-11-20T09:00:00Z -o "$WORK/again.html"
cmp -s "$html" "$WORK/again.html" || fail "HTML report differs on a rerun"

# a fresh database over the same inputs gives the same report too
rm -rf "$WORK/var" "$WORK/reports"
run 0 -c "$conf" init
run 0 -c "$previous" collect --now 2026-08-20T09:00:00Z
run 1 -c "$conf" run --now 2026-11-20T09:00:00Z
expect_in stdout "at or above [review] fail-on = high"
cmp -s "$xml" "$WORK/again.xml" || fail "XML differs across databases"

# reports are not world-readable; the database is private
case $(stat -c %a "$xml") in 640) ;; *) fail "report mode $(stat -c %a "$xml")" ;; esac
case $(stat -c %a "$WORK/var/demo.db") in 600) ;; *) fail "database mode" ;; esac

# `make demo` itself (examples/demo/run.sh), review campaign included
(cd "$WORK" && ACCESSREVIEW=$ACCESSREVIEW sh examples/demo/run.sh) \
	>"$WORK/demo.out" 2>&1 || { fail "examples/demo/run.sh failed";
	tail -5 "$WORK/demo.out"; }
expect_in "$WORK/demo.out" "campaign 1 opened on snapshot 2: 87 items"
expect_in "$WORK/demo.out" "10 changed, 0 unchanged"
expect_in "$WORK/demo.out" "10 of 87 items decided"
[ -f "$WORK/reports/demo/campaign-2026-Q4.html" ] ||
	fail "make demo wrote no campaign report"
[ "$(ls "$WORK/reports/demo/worksheets" | wc -l)" -eq 14 ] ||
	fail "make demo did not write 7 CSV and 7 HTML worksheets"

finish
