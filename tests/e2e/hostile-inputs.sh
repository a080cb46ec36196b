# hostile-inputs.sh -- hostile exports: refused with file:line, exit 65,
# in bounded memory; `:<` URLs are never opened; a hostile configuration
# line is refused with exit 78.
# (bad-input.sh covers the shared bad/ files' messages; this adds NUL,
# invalid UTF-8 and long lines in every format, memory bounds and proof
# that a URL value is not opened.)  The memory checks need GNU time
# (/usr/bin/time, Debian package `time`) and are skipped without it.
. tests/e2e/lib.sh

cp "$FORMATS/ldif/openldap-users.ldif" "$WORK/people.ldif"
write_config() {
	cat >"$WORK/accessreview.conf" <<CONF
[review]
database = var/test.db
[directory]
source = $1
[system "app"]
category = support
source = $2
field.login = Login
field.email = Mail
CONF
}
write_config ldif:people.ldif csv:ok.csv
printf 'Login,Mail\nalice,alice@example.com\n' >"$WORK/ok.csv"
run 0 -c "$WORK/accessreview.conf" init

# Under AddressSanitizer (SANITIZE=1) freed blocks stay quarantined, so
# a buffer grown by many small reallocs looks big: measure without it.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0
export ASAN_OPTIONS

# the largest RSS (KiB) of one collect, or nothing without GNU time
have_time=0
[ -x /usr/bin/time ] && have_time=1
[ "$have_time" = 1 ] || echo "skip: memory bounds (no /usr/bin/time)"
collect_rss() {
	if [ "$have_time" = 1 ]; then
		/usr/bin/time -f '%M' -o "$WORK/rss" "$ACCESSREVIEW" \
			-c "$WORK/accessreview.conf" collect --now 2026-11-20 \
			>"$WORK/stdout" 2>"$WORK/stderr"
		status=$?
	else
		"$ACCESSREVIEW" -c "$WORK/accessreview.conf" collect \
			--now 2026-11-20 >"$WORK/stdout" 2>"$WORK/stderr"
		status=$?
		echo 0 >"$WORK/rss"
	fi
	return "$status"
}
collect_rss || fail "collect of a tiny export"
baseline=$(tail -n 1 "$WORK/rss")
echo "a tiny export: $baseline KiB resident"

# refused DIRECTORY SOURCE WHERE: exit 65, stderr names WHERE (file:line),
# and memory stays within 24 MiB of a tiny export's whatever the input
# size (every reader caps lines and values at 1 MiB)
refused() {
	write_config "$1" "$2"
	collect_rss
	status=$?
	[ "$status" = 65 ] || {
		fail "$1 / $2 exited $status, expected 65"
		sed 's/^/  stderr: /' "$WORK/stderr"
	}
	expect_in stderr "$3"
	rss=$(tail -n 1 "$WORK/rss")
	echo "$3: refused, $rss KiB resident"
	[ "$rss" -le $((baseline + 24576)) ] ||
		fail "$3: $rss KiB resident, a tiny export needs $baseline"
}

# 32 MiB of 'x' without a newline: an unbounded reader needs that much
xs() { head -c 33554432 /dev/zero | tr '\0' x; }

# LDIF: NUL, invalid UTF-8, a 32 MiB value, a 32 MiB base64 value
cp "$FORMATS/bad/nul-byte.ldif" "$WORK/nul.ldif"
refused ldif:nul.ldif csv:ok.csv "nul.ldif:8"
printf 'version: 1\n\ndn: uid=j,ou=people,dc=example,dc=com\nuid: j\ncn: J\374rgen\n' \
	>"$WORK/latin1.ldif"
refused ldif:latin1.ldif csv:ok.csv "latin1.ldif:5"
{ printf 'version: 1\n\ndn: uid=h,ou=people,dc=example,dc=com\nuid: h\ndescription: '
	xs; printf '\n'; } >"$WORK/long.ldif"
refused ldif:long.ldif csv:ok.csv "long.ldif:5"
{ printf 'version: 1\n\ndn: uid=h,ou=people,dc=example,dc=com\nuid: h\ncn:: '
	xs; printf '\n'; } >"$WORK/long64.ldif"
refused ldif:long64.ldif csv:ok.csv "long64.ldif:5"
# 40,000 continuation lines of 1 KiB fold into one 40 MiB value
awk 'BEGIN {
	printf "version: 1\n\ndn: uid=f,ou=people,dc=example,dc=com\nuid: f\n"
	line = sprintf("%1024s", ""); gsub(/ /, "y", line)
	printf "description: %s\n", line
	for (i = 0; i < 40000; i++) printf " %s\n", line
}' >"$WORK/folded.ldif"
refused ldif:folded.ldif csv:ok.csv "folded.ldif:5"

# SCIM NDJSON: raw NUL, \u0000, Latin-1, a 32 MiB line
user='{"id":"a","userName":"amara"}'
printf '%s\n{"id":"b","userName":"bo\000b"}\n' "$user" >"$WORK/nul.ndjson"
refused ldif:people.ldif scim:nul.ndjson "nul.ndjson:2"
printf '%s\n{"id":"b","userName":"b\\u0000b"}\n' "$user" >"$WORK/esc.ndjson"
refused ldif:people.ldif scim:esc.ndjson "esc.ndjson:2"
printf '%s\n{"id":"b","userName":"J\374rgen"}\n' "$user" >"$WORK/latin1.ndjson"
refused ldif:people.ldif scim:latin1.ndjson "latin1.ndjson:2"
{ printf '%s\n{"id":"b","userName":"' "$user"; xs; printf '"}\n'; } \
	>"$WORK/long.ndjson"
refused ldif:people.ldif scim:long.ndjson "long.ndjson:2"

# SCIM and JSON documents: deep nesting and truncation name the position
cp "$FORMATS/bad/deep-nesting.json" "$FORMATS/bad/truncated.json" "$WORK/"
refused ldif:people.ldif scim:deep-nesting.json "deep-nesting.json:1"
refused ldif:people.ldif json:deep-nesting.json "deep-nesting.json:1"
refused ldif:people.ldif scim:truncated.json "truncated.json:1"
refused ldif:people.ldif json:truncated.json "truncated.json:1"
printf '[\n{"user":"a","mail":"a@example.com"},\n{"user":"b\000"}\n]\n' \
	>"$WORK/nul.json"
refused ldif:people.ldif json:nul.json "nul.json:3"

# CSV: NUL, Windows-1252, a 32 MiB field, a 32 MiB quoted field
printf 'Login,Mail\nalice,a@example.com\nbo\000b,b@example.com\n' >"$WORK/nul.csv"
refused ldif:people.ldif csv:nul.csv "nul.csv:3"
cp "$FORMATS/bad/invalid-utf8.csv" "$WORK/latin1.csv"
refused ldif:people.ldif csv:latin1.csv "latin1.csv:3"
{ printf 'Login,Mail\nalice,a@example.com\nbob,'; xs; printf '\n'; } \
	>"$WORK/long.csv"
refused ldif:people.ldif csv:long.csv "long.csv:3"
{ printf 'Login,Mail\nalice,a@example.com\nbob,"'; xs; printf '"\n'; } \
	>"$WORK/quoted.csv"
refused ldif:people.ldif csv:quoted.csv "quoted.csv:3"

# `:<` URL values are never opened.  The URL names a FIFO: opening it for
# reading would block until timeout(1) kills the process (exit 124).
mkfifo "$WORK/fifo"
cat >"$WORK/url.ldif" <<LDIF
version: 1

dn: uid=eve,ou=people,dc=example,dc=com
uid: eve
cn: Eve
jpegPhoto:< file://$WORK/fifo
mail:< file://$WORK/fifo
LDIF
write_config ldif:url.ldif csv:ok.csv
timeout 10 "$ACCESSREVIEW" -c "$WORK/accessreview.conf" collect \
	>"$WORK/stdout" 2>"$WORK/stderr"
status=$?
[ "$status" = 65 ] || fail "URL as the match key: exit $status, expected 65"
expect_in stderr "url.ldif:7"
# on an attribute the reader does not use: a warning, still not opened
sed '/^mail:</d' "$WORK/url.ldif" >"$WORK/photo.ldif"
write_config ldif:photo.ldif csv:ok.csv
timeout 10 "$ACCESSREVIEW" -c "$WORK/accessreview.conf" collect \
	--now 2026-11-20 >"$WORK/stdout" 2>"$WORK/stderr"
status=$?
[ "$status" = 0 ] || fail "URL on jpegPhoto: exit $status, expected 0"
expect_in stderr "photo.ldif:6"

# the configuration: a Latin-1 owner (it reaches every report) and a line
# longer than the INI parser's buffer are refused naming the line (78)
write_config ldif:people.ldif csv:ok.csv
cp "$WORK/accessreview.conf" "$WORK/good.conf"
printf 'owner = J\374rgen\n' >>"$WORK/accessreview.conf"
run 78 -c "$WORK/accessreview.conf" collect
expect_in stderr "accessreview.conf:10: line is not valid UTF-8"
cp "$WORK/good.conf" "$WORK/accessreview.conf"
{ printf 'owner = '; head -c 10000 /dev/zero | tr '\0' o; echo; } \
	>>"$WORK/accessreview.conf"
run 78 -c "$WORK/accessreview.conf" collect
expect_in stderr "accessreview.conf:10: line longer than"

[ "$(snapshots "$WORK/var/test.db")" = 2 ] ||
	fail "a refused export wrote a snapshot"
finish
