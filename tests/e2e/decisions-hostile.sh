# decisions-hostile.sh -- hostile decision files are refused, each with
# its line and problem and nothing written, or neutralised
. tests/e2e/lib.sh
. tests/e2e/campaign-lib.sh

campaign_setup
run 0 -c "$conf" campaign open 2026-Q4 --now 2026-12-01T09:00:00Z
run 0 -c "$conf" worksheets 1 -o "$WORK/sheets" --now 2026-12-01T09:05:00Z
sheet=$WORK/sheets/lena.hoffmann@example.com.csv
decide_all "$sheet" keep "ok" >"$WORK/good.csv"
reviewer=lena.hoffmann@example.com

# refused FILE TEXT: refused with exit 65, TEXT on stderr, nothing written
refused() {
	run 65 -c "$conf" decisions import "$1" --reviewer "$reviewer" \
		--now 2026-12-02T10:00:00Z
	expect_in stderr "$2"
	[ "$(sql "SELECT count(*) FROM review_item WHERE decision IS NOT
		NULL")" -eq 0 ] || fail "$(basename "$1") wrote decisions"
}

# NUL byte on line 3
{ head -n 2 "$WORK/good.csv"; sed -n '3p' "$WORK/good.csv" | tr -d '\n'
  printf '\000\n'; tail -n +4 "$WORK/good.csv"; } >"$WORK/nul.csv"
refused "$WORK/nul.csv" "nul.csv:3: NUL byte"

# invalid UTF-8 on line 4
awk 'NR == 4 { sub(/"ok"/, "\"\351t\351\"") } { print }' "$WORK/good.csv" \
	>"$WORK/latin1.csv"
refused "$WORK/latin1.csv" "latin1.csv:4: not UTF-8"

# a 10 MB cell
{ head -n 2 "$WORK/good.csv"; printf '"1","1","marketplace","x","","","no","","","keep","","'
  head -c 10485760 /dev/zero | tr '\0' 'a'; printf '"\r\n'; } >"$WORK/huge.csv"
refused "$WORK/huge.csv" "huge.csv:3: a cell longer than 65536 bytes"

# the same item twice, with different decisions
{ cat "$WORK/good.csv"; sed -n '2p' "$WORK/good.csv" |
	sed 's/"keep","","ok"/"revoke","","no"/'; } >"$WORK/twice.csv"
first=$(sed -n '2p' "$WORK/good.csv" | cut -d, -f1 | tr -d '"')
refused "$WORK/twice.csv" "item $first again (first on line 2)"

# a formula in the item column (the guard prefix stripped, then checked)
sed "2s/^\"$first\"/\"'=1+1\"/" "$WORK/good.csv" >"$WORK/formula-item.csv"
refused "$WORK/formula-item.csv" "formula-item.csv:2: item '=1+1' is not an item number"

# an item of another campaign
run 0 -c "$conf" campaign open --event "laptop stolen" --system marketplace \
	--now 2026-12-01T10:00:00Z
other=$(sql "SELECT min(id) FROM review_item WHERE campaign_id = 2")
account=$(sql "SELECT account FROM review_item WHERE id = $other")
{ cat "$WORK/good.csv"; printf '"%s","1","marketplace","%s","","","no","","","keep","","x"\r\n' \
	"$other" "$account"; } >"$WORK/other.csv"
refused "$WORK/other.csv" "item $other belongs to campaign 2, the file's first decision (line 2) to campaign 1"

# shapes: header, cell count, quotes, empty
sed '1s/comment/remarks/' "$WORK/good.csv" >"$WORK/header.csv"
refused "$WORK/header.csv" "header.csv:1: the header is not a worksheet's"
{ head -n 1 "$WORK/good.csv"; printf '"1","1","x"\r\n'; } >"$WORK/short.csv"
refused "$WORK/short.csv" "short.csv:2: 3 cells, a worksheet row has 12"
{ head -n 1 "$WORK/good.csv"; printf '"1","1","x"y,"a"\r\n'; } >"$WORK/quote.csv"
refused "$WORK/quote.csv" "quote.csv:2: malformed CSV"
: >"$WORK/empty.csv"
refused "$WORK/empty.csv" "empty file (no worksheet header)"
sed '2s/"keep"/"approve"/' "$WORK/good.csv" >"$WORK/word.csv"
refused "$WORK/word.csv" "decision 'approve' is not keep, revoke or exception"
sed "2s/\"marketplace\"/\"github\"/" "$WORK/good.csv" >"$WORK/moved.csv"
refused "$WORK/moved.csv" "(was the row edited or moved?)"
# saved again by a spreadsheet in a locale whose separator is ';'
tr ',' ';' <"$WORK/good.csv" >"$WORK/semicolon.csv"
refused "$WORK/semicolon.csv" \
	"semicolon.csv:1: the cells are separated by ';', not commas"
run 66 -c "$conf" decisions import "$WORK/missing.csv" --reviewer "$reviewer"
expect_in stderr "cannot open '$WORK/missing.csv'"

# formula text in a comment is kept as written and neutralised on output:
# the next worksheet and the revocation list prefix it with '
sed '2s/"keep","","ok"/"revoke","","=HYPERLINK(""http:\/\/x"")"/' \
	"$WORK/good.csv" | tr -d '\r' | sed '1s/^\xef\xbb\xbf//' \
	>"$WORK/formula.csv"   # also: no BOM, LF line ends
run 0 -c "$conf" decisions import "$WORK/formula.csv" --reviewer "$reviewer" \
	--now 2026-12-02T10:00:00Z
expect_in stdout "10 changed"
[ "$(sql "SELECT comment FROM review_item WHERE id = $first")" = \
	'=HYPERLINK("http://x")' ] || fail "the comment was not kept as written"
run 0 -c "$conf" worksheets 1 -o "$WORK/sheets2" --now 2026-12-03T09:00:00Z
expect_in "$WORK/sheets2/lena.hoffmann@example.com.csv" "\"'=HYPERLINK(\"\"http://x\"\")\""
expect_not_in "$WORK/sheets2/lena.hoffmann@example.com.html" "<a "

# as a spreadsheet saves it again: quotes only where needed, LF, no BOM
decide_all "$WORK/sheets2/lena.hoffmann@example.com.csv" keep "ok" \
	>"$WORK/current.csv"
python3 -c 'import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
csv.writer(sys.stdout, lineterminator="\n").writerows(rows)' \
	"$WORK/current.csv" >"$WORK/resaved.csv"
grep -q '^"' "$WORK/resaved.csv" && fail "resaved.csv still quotes every cell"
run 0 -c "$conf" decisions import "$WORK/resaved.csv" --reviewer "$reviewer" \
	--now 2026-12-03T10:00:00Z
# ... and it says what is stored, the guarded formula comment included
expect_in stdout "0 changed, 10 unchanged"

finish
