# output-files.sh -- reports: atomic, private, never through a symlink
# Unwritable or full output: exit 73, nothing under the final name, the
# database untouched; a full disk under the database: 73, the previous
# snapshot intact.  Reports 0640, the database 0600.
. tests/e2e/lib.sh

db=$WORK/var/test.db
cp "$FORMATS/ldif/openldap-users.ldif" "$WORK/people.ldif"
cp "$FORMATS/json/gitlab-users.json" "$WORK/gitlab.json"
write_config() {
	cat >"$WORK/accessreview.conf" <<CONF
[review]
database = var/test.db
reports = $1
[directory]
source = ldif:people.ldif
[system "gitlab"]
category = source_control
source = json:gitlab.json
CONF
}
write_config reports
run 0 -c "$WORK/accessreview.conf" init
run 0 -c "$WORK/accessreview.conf" collect --now 2026-11-20
# the database as it is now; no failure below may change it
sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
db_sum() { cksum <"$db"; }
before=$(db_sum)

# modes: the database and its lock 0600, reports 0640 whatever the umask
mode() { stat -c %a "$1"; }
[ "$(mode "$db")" = 600 ] || fail "database mode $(mode "$db"), expected 600"
[ "$(mode "$db.lock")" = 600 ] || fail "lock mode $(mode "$db.lock")"
mkdir "$WORK/out"
(umask 0 && "$ACCESSREVIEW" -c "$WORK/accessreview.conf" report \
	--format xml --now 2026-11-20 -o "$WORK/out/report.xml") ||
	fail "report -o"
[ "$(mode "$WORK/out/report.xml")" = 640 ] ||
	fail "report mode $(mode "$WORK/out/report.xml"), expected 640"
(umask 0 && "$ACCESSREVIEW" -c "$WORK/accessreview.conf" run \
	--now 2026-11-20 >/dev/null 2>&1)
for report in "$WORK"/reports/*; do
	[ "$(mode "$report")" = 640 ] || fail "$report mode $(mode "$report")"
done
[ -f "$WORK/reports/access-review-2026-Q4.html" ] || fail "run wrote no HTML"
sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
before=$(db_sum)

# a symlink at the output name is refused, its target untouched
echo precious >"$WORK/target"
ln -s "$WORK/target" "$WORK/link.xml"
run 73 -c "$WORK/accessreview.conf" report --format xml -o "$WORK/link.xml"
expect_in stderr "link.xml"
[ "$(cat "$WORK/target")" = precious ] || fail "wrote through a symlink"
[ -L "$WORK/link.xml" ] || fail "the symlink was replaced"
# (a dangling symlink, whose target would be created: cli.sh)

# unwritable output directory: a path under a regular file fails even
# for root, a read-only directory for everyone else
touch "$WORK/plainfile"
run 73 -c "$WORK/accessreview.conf" report --format html \
	-o "$WORK/plainfile/report.html"
expect_in stderr "plainfile"
if [ "$(id -u)" != 0 ]; then
	mkdir "$WORK/readonly" && chmod 0555 "$WORK/readonly"
	run 73 -c "$WORK/accessreview.conf" report --format xml \
		-o "$WORK/readonly/report.xml"
	[ -e "$WORK/readonly/report.xml" ] && fail "wrote into a read-only dir"
	chmod 0755 "$WORK/readonly"
fi
[ "$(db_sum)" = "$before" ] || fail "a failed report changed the database"

# run with reports it cannot write: 73 before the snapshot commits, so
# the next run still sees the same access as new
write_config plainfile/reports
count=$(snapshots "$db")
run 73 -c "$WORK/accessreview.conf" run --now 2026-11-21
expect_in stderr "plainfile"
[ "$(snapshots "$db")" = "$count" ] ||
	fail "run committed a snapshot without its reports"
write_config reports

# disk full: a 64 KiB tmpfs filled up first (needs root and mount(2))
full=$WORK/full
mkdir "$full"
if mount -t tmpfs -o size=64k accessreview-test "$full" 2>/dev/null; then
	trap 'umount "$full/data/var" "$full" 2>/dev/null; rm -rf "$WORK"' EXIT
	dd if=/dev/zero of="$full/filler" bs=1k count=128 2>/dev/null
	run 73 -c "$WORK/accessreview.conf" report --format html \
		-o "$full/report.html"
	expect_in stderr "cannot"
	[ -e "$full/report.html" ] && fail "a partial report under the final name"
	leftovers=$(find "$full" -type f ! -name filler | wc -l)
	[ "$leftovers" = 0 ] || fail "temporary file left on a full disk"
	# an existing report survives a failed rewrite whole
	rm -f "$full/filler"
	"$ACCESSREVIEW" -c "$WORK/accessreview.conf" report --format xml \
		--now 2026-11-20 -o "$full/report.xml" ||
		fail "report to the tmpfs with room"
	cp "$full/report.xml" "$WORK/report.copy"
	dd if=/dev/zero of="$full/filler" bs=1k count=128 2>/dev/null
	run 73 -c "$WORK/accessreview.conf" report --format html \
		-o "$full/report.xml"
	cmp -s "$full/report.xml" "$WORK/report.copy" ||
		fail "a failed rewrite damaged the existing report"
	# run with a full reports disk: 73, no snapshot committed
	write_config "$full/reports"
	run 73 -c "$WORK/accessreview.conf" run --now 2026-11-21
	expect_in stderr "$full/reports"
	[ "$(snapshots "$db")" = "$count" ] ||
		fail "run committed a snapshot on a full reports disk"
	[ -z "$(ls -A "$full/reports" 2>/dev/null)" ] ||
		fail "a full reports disk kept part of a report"
	rm -f "$full/filler"
	write_config reports
	umount "$full"

	# the database's disk full during a collect: 73, the snapshot
	# before it intact (a 2 MiB tmpfs; 10,000 accounts need more)
	mkdir -p "$full/data/var"
	mount -t tmpfs -o size=2m accessreview-test "$full/data/var"
	cp "$WORK/people.ldif" "$full/data/people.ldif"
	awk 'BEGIN {
		for (i = 1; i <= 10000; i++)
			printf "{\"id\":\"u%05d\",\"userName\":\"user%05d\"," \
			    "\"displayName\":\"User %05d\"}\n", i, i, i
	}' >"$full/data/big.ndjson"
	head -n 100 "$full/data/big.ndjson" >"$full/data/users.ndjson"
	printf '[review]\ndatabase = var/t.db\n[directory]\nsource = %s\n%s\n%s\n%s\n' \
		ldif:people.ldif '[system "app"]' 'category = support' \
		'source = scim:users.ndjson' >"$full/data/accessreview.conf"
	run 0 -c "$full/data/accessreview.conf" init
	run 0 -c "$full/data/accessreview.conf" collect --now 2026-11-20
	cp "$full/data/big.ndjson" "$full/data/users.ndjson"
	run 73 -c "$full/data/accessreview.conf" collect --now 2026-11-21
	expect_in stderr "full"
	[ "$(snapshots "$full/data/var/t.db")" = 1 ] ||
		fail "a collect on a full disk changed the snapshots"
	[ "$(sqlite3 "$full/data/var/t.db" 'PRAGMA integrity_check')" = ok ] ||
		fail "integrity check after a full disk"
	umount "$full/data/var"
	trap 'rm -rf "$WORK"' EXIT
else
	echo "skip: disk full (cannot mount a tmpfs here; needs root)"
fi
[ "$(db_sum)" = "$before" ] || fail "a failed report changed the database"
[ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] || fail "integrity check"
finish
