# units.sh -- the shipped systemd units and cron file install and check out
# `make install DESTDIR=... PREFIX=/usr` puts the cron file and the units
# under usr/share/accessreview/examples; `systemd-analyze verify` accepts
# the units without a single warning (it exits 0 even on an unknown key,
# so any output fails), and `systemd-analyze security --offline=yes`
# scores the service at 2.0 or lower.  Neither needs a running systemd.
# Skipped without systemd-analyze (Debian package systemd, in .ci/packages).
. tests/e2e/lib.sh

if ! command -v systemd-analyze >/dev/null 2>&1; then
	skip "systemd-analyze is not installed (apt-get install systemd)"
fi

# ---- make install ----
# -o accessreview: install the binary the tests run, never rebuild it
# here (make check may be running a sanitizer build)
root=$WORK/root
examples=$root/usr/share/accessreview/examples
MAKEFLAGS= make -s -C "$ROOT" -o accessreview install DESTDIR="$root" \
	PREFIX=/usr >"$WORK/install.log" 2>&1 ||
	fail "make install failed: $(cat "$WORK/install.log")"
for file in cron.d/accessreview systemd/accessreview.service \
	systemd/accessreview.timer; do
	[ -f "$examples/$file" ] || fail "make install did not install $file"
	mode=$(stat -c %a "$examples/$file" 2>/dev/null)
	[ "$mode" = 644 ] || fail "$file installed with mode $mode, not 644"
done
[ -x "$root/usr/bin/accessreview" ] || fail "no usr/bin/accessreview"
grep -q '^ExecStart=/usr/bin/accessreview ' \
	"$examples/systemd/accessreview.service" ||
	fail "the installed service does not start /usr/bin/accessreview"

# ---- systemd-analyze verify ----
# The units as installed, but starting the binary under DESTDIR: verify
# checks that ExecStart's program exists.  With man-db, MANPATH makes it
# check that the Documentation= pages were installed too.
units=$WORK/units
mkdir -p "$units"
sed "s|^ExecStart=/usr/bin/accessreview|ExecStart=$root/usr/bin/accessreview|" \
	"$examples/systemd/accessreview.service" >"$units/accessreview.service"
cp "$examples/systemd/accessreview.timer" "$units/"
man_check=--man=yes
if ! command -v man >/dev/null 2>&1; then
	echo "skip: Documentation= pages not checked (no man command)"
	man_check=--man=no
fi
# verify UNIT...: exit 0 and no output at all
verify() {
	MANPATH=$root/usr/share/man systemd-analyze verify "$man_check" "$@" \
		>"$WORK/verify" 2>&1
}
verify "$units/accessreview.service" "$units/accessreview.timer" ||
	fail "systemd-analyze verify exited $?"
[ -s "$WORK/verify" ] &&
	fail "systemd-analyze verify complained: $(cat "$WORK/verify")"
# the check is not blind: a misspelt directive is reported
sed 's/^ProtectSystem=/ProtectSytem=/' "$units/accessreview.service" \
	>"$WORK/typo.service"
verify "$WORK/typo.service"
grep -q "Unknown key 'ProtectSytem'" "$WORK/verify" ||
	fail "verify missed a misspelt key: $(cat "$WORK/verify")"

# ---- systemd-analyze security ----
# exposure SERVICE: the number of its "Overall exposure level" line
exposure() {
	systemd-analyze security --offline=yes "$1" >"$WORK/security" 2>&1
	sed -n 's/.*Overall exposure level for [^:]*: \([0-9][0-9.]*\).*/\1/p' \
		"$WORK/security"
}
score=$(exposure "$units/accessreview.service")
echo "systemd-analyze security: accessreview.service exposure $score"
[ -n "$score" ] || fail "no exposure level in: $(cat "$WORK/security")"
awk -v score="${score:-99}" 'BEGIN { exit !(score <= 2.0) }' ||
	fail "exposure $score is above 2.0: $(grep '✗' "$WORK/security")"
# the parse is not blind: a bare service scores UNSAFE
printf '[Service]\nType=oneshot\nExecStart=/bin/true\n' >"$WORK/bare.service"
bare=$(exposure "$WORK/bare.service")
awk -v score="${bare:-0}" 'BEGIN { exit !(score > 9.0) }' ||
	fail "a bare service scored '$bare', expected above 9.0"
# what the sandbox must keep: LDAP over TCP and ldapi://
grep -q '^RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX$' \
	"$units/accessreview.service" ||
	fail "RestrictAddressFamilies= must keep AF_INET AF_INET6 AF_UNIX"

# ---- the timer's two schedules ----
systemd-analyze calendar --iterations=4 \
	"$(sed -n 's/^OnCalendar=\(.*-20 .*\)/\1/p' "$units/accessreview.timer")" \
	>"$WORK/calendar" 2>&1
months=$(grep -o -- '-[0-9][0-9]-20 06:30' "$WORK/calendar" | cut -c2-3 |
	sort | tr '\n' ' ')
[ "$months" = "02 05 08 11 " ] ||
	fail "the quarterly run falls in months '$months', not 02 05 08 11"
systemd-analyze calendar --iterations=3 \
	"$(sed -n 's/^OnCalendar=\(Mon .*\)/\1/p' "$units/accessreview.timer")" \
	>"$WORK/calendar" 2>&1
[ "$(grep -c ': Mon [0-9]' "$WORK/calendar")" = 3 ] ||
	fail "the weekly run is not on Mondays: $(cat "$WORK/calendar")"
finish
