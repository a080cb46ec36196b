# cli.sh -- help, version, report destinations and make install
. tests/e2e/lib.sh

# help goes to stdout and succeeds, without configuration or database
run 0 --help
expect_in stdout "usage: accessreview"
run 0 help report
expect_in stdout "--format xml|html"
run 0 -c "$WORK/none.conf" collect --help
expect_in stdout "usage: accessreview collect"
run 0 --version
expect_in stdout "accessreview 0."
run 64 frobnicate
expect_in stderr "unknown command 'frobnicate'"
run 64
run 64 --log-format yaml findings
expect_in stderr "--log-format: 'yaml' is not text or json"

cp "$FORMATS/ldif/openldap-users.ldif" "$WORK/people.ldif"
cp "$FORMATS/json/zendesk-users.json" "$WORK/zendesk.json"
cat >"$WORK/accessreview.conf" <<CONF
[review]
database = var/cli.db
reports = out
[directory]
source = ldif:people.ldif
[system "zendesk"]
category = support
source = json:zendesk.json
CONF
conf=$WORK/accessreview.conf
run 0 -c "$conf" init
run 0 -c "$conf" init
expect_in stdout "schema version"
# reports need a snapshot first
run 66 -c "$conf" report --format xml
expect_in stderr "no snapshot yet"
run 0 -c "$conf" collect --now 2026-11-20
expect_in stdout "snapshot 1 collected"

# XML to stdout is the same document as XML to a file, and validates
run 0 -c "$conf" report --format xml --now 2026-11-20T00:00:00Z
cp "$WORK/stdout" "$WORK/stdout.xml"
run 0 -c "$conf" report --format xml --now 2026-11-20T00:00:00Z -o "$WORK/file.xml"
cmp -s "$WORK/stdout.xml" "$WORK/file.xml" || fail "stdout and -o differ"
xmllint --noout --schema "$ROOT/templates/accessreview.xsd" "$WORK/file.xml" \
	2>/dev/null || fail "report does not validate"
run 0 -c "$conf" report --format html --snapshot 1 -o "$WORK/file.html"
# a snapshot id that is not a number is refused, never read as "latest"
run 64 -c "$conf" report --format xml --snapshot abc
expect_in stderr "report: --snapshot: expected a positive id, not 'abc'"
run 64 -c "$conf" findings --snapshot 1x
expect_in stderr "findings: --snapshot: expected a positive id, not '1x'"
run 66 -c "$conf" findings --snapshot 7
expect_in stderr "no snapshot 7"
expect_in "$WORK/file.html" "<svg"
run 0 -c "$conf" report --format html
expect_in stdout "</html>"
# no temporary files are left behind
ls -a "$WORK" | grep -q '\.tmp\|\.accessreview-' && fail "temporary file left"

# findings: aligned text and JSON lines
run 0 -c "$conf" findings
expect_in stdout "findings in snapshot 1"
run 0 -c "$conf" findings --format json
expect_in stdout '"code":"mfa-disabled"'
run 64 -c "$conf" findings --format yaml
expect_in stderr "yaml"

# a symlink planted at the report's name is not followed
ln -s "$WORK/victim" "$WORK/link.xml"
run 73 -c "$conf" report --format xml -o "$WORK/link.xml"
expect_in stderr "link.xml"
[ -e "$WORK/victim" ] && fail "followed a symlink"

# make install puts the binary, templates and man pages in place
make -s -C "$ROOT" -o accessreview install PREFIX=/usr DESTDIR="$WORK/root" >/dev/null ||
	fail "make install failed"
for f in usr/bin/accessreview usr/share/accessreview/accessreview.xsd \
	usr/share/accessreview/report.xsl usr/share/man/man1/accessreview.1 \
	usr/share/man/man5/accessreview.conf.5; do
	[ -f "$WORK/root/$f" ] || fail "make install did not install $f"
done
finish
