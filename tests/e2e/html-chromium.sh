# html-chromium.sh -- the HTML a person opens (snapshot report, campaign
# report, a reviewer's worksheet) loaded in headless Chromium: it parses
# into the DOM we meant, every list row is there, and nothing on the page
# reaches out (no script, no external link, image or style)
. tests/e2e/lib.sh
. tests/e2e/campaign-lib.sh

browser=$(command -v chromium || command -v chromium-browser ||
	command -v google-chrome) || skip "no Chromium (package chromium)"

# dom FILE: the DOM Chromium built from FILE, after load
dom() {
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
		--no-first-run --user-data-dir="$WORK/chromium" \
		--dump-dom "file://$1" 2>"$WORK/chromium.log" >"$1.dom" ||
		fail "Chromium could not load $1"
}

# rows FILE CLASS: body rows of the tables of that class in the DOM
rows() {
	python3 - "$1.dom" "$2" <<'PY'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self, cls):
        super().__init__(); self.cls = cls; self.depth = 0; self.body = 0
        self.rows = 0; self.bad = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'table':
            if self.depth or self.cls in (a.get('class') or '').split():
                self.depth += 1
        elif tag == 'tbody' and self.depth:
            self.body = 1
        elif tag == 'tr' and self.depth and self.body:
            self.rows += 1
        if tag in ('script', 'iframe', 'object', 'embed'):
            self.bad.append(tag)
        for k in ('src', 'href', 'action'):
            v = a.get(k) or ''
            if v and not v.startswith('#'):
                self.bad.append(f'{tag} {k}={v}')
    def handle_endtag(self, tag):
        if tag == 'table' and self.depth:
            self.depth -= 1
        elif tag == 'tbody':
            self.body = 0
p = P(sys.argv[2]); p.feed(open(sys.argv[1], encoding='utf-8').read())
if p.bad:
    print('external or active content: ' + ', '.join(p.bad), file=sys.stderr)
    sys.exit(1)
print(p.rows)
PY
}

campaign_setup
run 0 -c "$conf" campaign open 2026-Q4 --now 2026-12-01T09:00:00Z
run 0 -c "$conf" worksheets 1 -o "$WORK/sheets" --now 2026-12-01T09:05:00Z
lena=$WORK/sheets/lena.hoffmann@example.com
decide_all "$lena.csv" keep "reviewed" >"$WORK/lena.csv"
run 0 -c "$conf" decisions import "$WORK/lena.csv" \
	--reviewer lena.hoffmann@example.com --now 2026-12-02T10:00:00Z
run 0 -c "$conf" campaign close 1 --force --reason "test" \
	--now 2026-12-20T12:00:00Z

# ---- the snapshot's report ----
run 0 -c "$conf" report --format html -o "$WORK/report.html" \
	--now 2026-12-20T13:00:00Z
dom "$WORK/report.html"
expect_in "$WORK/report.html.dom" "Access review"
findings=$(sql "SELECT count(*) FROM finding WHERE snapshot_id = 2")
[ "$(rows "$WORK/report.html" findings)" -eq "$findings" ] ||
	fail "the report's DOM does not hold the $findings findings"

# ---- the campaign's report ----
run 0 -c "$conf" report --campaign 1 --format html \
	-o "$WORK/campaign.html" --now 2026-12-20T13:00:00Z
dom "$WORK/campaign.html"
expect_in "$WORK/campaign.html.dom" "Review campaign 1 (2026-Q4)"
expect_in "$WORK/campaign.html.dom" "forced-close"
items=$(sql "SELECT count(*) FROM review_item WHERE campaign_id = 1")
[ "$(rows "$WORK/campaign.html" items)" -eq "$items" ] ||
	fail "the campaign report's DOM does not hold its $items items"
[ "$(rows "$WORK/campaign.html" revocations)" -eq 0 ] ||
	fail "the campaign report shows revocations nobody made"

# ---- a worksheet ----
dom "$lena.html"
expect_in "$lena.html.dom" "lena.hoffmann@example.com"
[ "$(sed -n 's/^.*<meta[^>]*charset="\{0,1\}\([A-Za-z0-9-]*\).*$/\1/p' \
	"$lena.html.dom" | head -n 1 | tr a-z A-Z)" = UTF-8 ] ||
	fail "the worksheet does not declare UTF-8"
mine=$(sql "SELECT count(*) FROM review_item WHERE campaign_id = 1
	AND reviewer = 'lena.hoffmann@example.com'")
rows "$lena.html" worksheet >"$WORK/rows" || fail "worksheet: active content"
[ "$(cat "$WORK/rows")" -eq "$mine" ] ||
	fail "lena's HTML worksheet does not show her $mine items"

finish
