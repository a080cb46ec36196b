# remind.sh -- campaign remind on the demo: one message per reviewer with
# items left (none for a reviewer who decided everything), written to
# files and piped to a sendmail, parsed back with Python's email package;
# a failing sendmail, a header injection through an owner's address, a
# closed campaign; msmtp against a local SMTP sink when it is installed
. tests/e2e/lib.sh
. tests/e2e/campaign-lib.sh

command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"

campaign_setup
# configurations beside the demo's: their relative paths stay right
demo=$WORK/examples/demo
run 0 -c "$conf" campaign open 2026-Q4 --now 2026-12-01T09:00:00Z
run 0 -c "$conf" worksheets 1 -o "$WORK/sheets" --now 2026-12-01T09:05:00Z
reviewers=$(sql "SELECT count(DISTINCT reviewer) FROM review_item
	WHERE campaign_id = 1")

# lena decides everything: she gets no reminder
lena=lena.hoffmann@example.com
decide_all "$WORK/sheets/$lena.csv" keep "reviewed" >"$WORK/lena.csv"
run 0 -c "$conf" decisions import "$WORK/lena.csv" --reviewer "$lena" \
	--now 2026-12-02T10:00:00Z
[ "$(sql "SELECT count(*) FROM review_item WHERE reviewer = '$lena'
	AND decision IS NULL")" -eq 0 ] || fail "lena has items left"
open=$(sql "SELECT count(DISTINCT reviewer) FROM review_item
	WHERE campaign_id = 1 AND decision IS NULL")
[ "$open" -eq $((reviewers - 1)) ] || fail "$open reviewers with items left"

# check_messages DIR AT: every DIR/*.eml parses, is to a reviewer with
# items left, and says what the database says
cat >"$WORK/check.py" <<'EOF'
import email, email.policy, email.utils, glob, os, re, sqlite3, sys
from datetime import datetime, timezone

directory, at, database, line_ends = sys.argv[1:5]
db = sqlite3.connect(database)
expected_at = datetime.fromisoformat(at.replace("Z", "+00:00"))
problems = []
seen = set()
for path in sorted(glob.glob(os.path.join(directory, "*.eml"))):
    raw = open(path, "rb").read()
    name = os.path.basename(path)
    if line_ends == "crlf":
        if raw.count(b"\n") != raw.count(b"\r\n"):
            problems.append(name + ": a line does not end in CRLF")
    elif b"\r" in raw:
        problems.append(name + ": a CR in a message for sendmail")
    message = email.message_from_bytes(raw, policy=email.policy.default)
    if message.defects:
        problems.append("%s: defects %s" % (name, message.defects))
    to = str(message["to"])
    seen.add(to)
    undecided, privileged, due = db.execute(
        "SELECT count(*), sum(privileged), c.due FROM review_item i"
        " JOIN campaign c ON c.id = i.campaign_id WHERE i.campaign_id = 1"
        " AND reviewer = ? AND decision IS NULL", (to,)).fetchone()
    subject = str(message["subject"])
    want = "Access review 2026-Q4: %d item%s to decide by %s" % (
        undecided, "" if undecided == 1 else "s", due)
    if not subject.startswith(want):
        problems.append("%s: subject %r, expected %r" % (name, subject, want))
    date = message["date"].datetime
    if date != expected_at:
        problems.append("%s: date %s, expected %s" % (name, date, at))
    for header in ("from", "message-id"):
        if not message[header]:
            problems.append("%s: no %s" % (name, header))
    if message.get_content_type() != "text/plain" or \
            message.get_content_charset() != "utf-8":
        problems.append(name + ": not text/plain; charset=UTF-8")
    body = message.get_content()
    counts = re.search(r"Undecided items: +(\d+)\s+privileged: +(\d+)", body)
    if not counts or (int(counts[1]), int(counts[2])) != (undecided, privileged):
        problems.append("%s: body counts %s, database %d/%d" % (
            name, counts and counts.groups(), undecided, privileged))
    if to + ".csv" not in body or to + ".html" not in body:
        problems.append(name + ": the worksheet names are missing")
    # counts only: no account, person or entitlement of the reviewer's
    for (value,) in db.execute(
            "SELECT account FROM review_item WHERE campaign_id = 1 AND"
            " reviewer = ? UNION SELECT person FROM review_item WHERE"
            " campaign_id = 1 AND reviewer = ? AND person IS NOT NULL",
            (to, to)):
        if value in body:
            problems.append("%s: the body names %r" % (name, value))
open_reviewers = {r for (r,) in db.execute(
    "SELECT DISTINCT reviewer FROM review_item WHERE campaign_id = 1 AND"
    " decision IS NULL")}
if seen != open_reviewers:
    problems.append("messages to %s, reviewers with items left %s" % (
        sorted(seen), sorted(open_reviewers)))
print("\n".join(problems))
sys.exit(1 if problems else 0)
EOF
check_messages() {
	python3 "$WORK/check.py" "$1" "$2" "$WORK/var/demo.db" "${3:-crlf}" \
		>"$WORK/check.out" 2>&1 ||
		fail "messages in $1: $(cat "$WORK/check.out")"
}

# ---- to files ----
run 0 -c "$conf" campaign remind 1 -o "$WORK/mail" --now 2026-12-05T09:00:00Z
expect_in stdout "$open reminders written to $WORK/mail (from accessreview@"
expect_in stdout "1 reviewer with nothing left to decide: no reminder"
[ ! -e "$WORK/mail/$lena.eml" ] || fail "a reminder for lena, who is done"
[ "$(ls "$WORK/mail" | wc -l)" -eq "$open" ] ||
	fail "not one file per reviewer with items left"
[ "$(stat -c %a "$WORK/mail/daniel.moreau@example.com.eml")" = 640 ] ||
	fail "a reminder file is not mode 0640"
check_messages "$WORK/mail" 2026-12-05T09:00:00Z
expect_in "$WORK/mail/daniel.moreau@example.com.eml" "(26 days left)"
[ "$(sql "SELECT count(*) FROM audit_log WHERE event = 'remind'
	AND json_extract(detail, '$.delivery') = 'file'")" -eq "$open" ] ||
	fail "not one 'remind' audit event per file"
[ "$(sql "SELECT json_extract(detail, '$.undecided') FROM audit_log
	WHERE event = 'remind' AND json_extract(detail, '$.reviewer') =
	'daniel.moreau@example.com'")" -eq "$(sql "SELECT count(*) FROM
	review_item WHERE reviewer = 'daniel.moreau@example.com'
	AND decision IS NULL")" ] || fail "the audit event's count is wrong"
run 0 -c "$conf" audit verify

# ---- status: when each was last reminded ----
run 0 -c "$conf" campaign status 1 --now 2026-12-05T10:00:00Z
expect_in stdout "REMINDED"
grep "^daniel.moreau@example.com " "$WORK/stdout" |
	grep -q "2026-12-05T09:00:00Z" || fail "status: daniel's reminder time"
grep "^$lena " "$WORK/stdout" | grep -q " -\$" ||
	fail "status: lena was never reminded, status says otherwise"
run 0 -c "$conf" campaign status 1 --format json
python3 -c '
import json, sys
reviewers = {r["reviewer"]: r for r in json.load(sys.stdin)["reviewers"]}
assert reviewers["lena.hoffmann@example.com"]["reminded_at"] is None
assert reviewers["daniel.moreau@example.com"]["reminded_at"] == \
	"2026-12-05T09:00:00Z"
' <"$WORK/stdout" || fail "status JSON: reminded_at"

# ---- sendmail ----
run 78 -c "$conf" campaign remind 1 --sendmail
expect_in stderr "reminders by sendmail need a sender: set 'from' in the [mail] section"
run 64 -c "$conf" campaign remind 1
expect_in stderr "give either -o DIR or --sendmail"
run 64 -c "$conf" campaign remind 1 -o "$WORK/x" --sendmail
expect_in stderr "give either -o DIR or --sendmail"

# a sendmail that keeps each message and its arguments
cat >"$WORK/sendmail" <<EOF
#!/bin/sh
mkdir -p "$WORK/sent"
n=\$(ls "$WORK/sent" | wc -l)
printf '%s\n' "\$@" >"$WORK/sent/\$n.argv"
cat >"$WORK/sent/\$n.eml"
EOF
chmod +x "$WORK/sendmail"
cp "$conf" "$demo/plain.conf"
printf '\n[mail]\nfrom = access-review@example.com\nsendmail = %s\n' \
	"$WORK/sendmail" >>"$conf"
run 0 -c "$conf" campaign remind 1 --sendmail --now 2026-12-06T09:00:00Z
expect_in stdout "$open reminders sent with $WORK/sendmail (from access-review@example.com)"
[ "$(ls "$WORK/sent"/*.eml | wc -l)" -eq "$open" ] ||
	fail "sendmail did not get one message per reviewer"
for argv in "$WORK/sent"/*.argv; do
	[ "$(cat "$argv")" = "$(printf -- '-t\n-oi')" ] ||
		fail "sendmail arguments: $(cat "$argv")"
done
check_messages "$WORK/sent" 2026-12-06T09:00:00Z lf
grep -q "^From: access-review@example.com\$" "$WORK/sent/0.eml" ||
	fail "sendmail message not from [mail] from"
[ "$(sql "SELECT count(*) FROM audit_log WHERE event = 'remind'
	AND json_extract(detail, '$.delivery') = 'sendmail'")" -eq "$open" ] ||
	fail "not one 'remind' audit event per message sent"

# a sendmail that fails for daniel only: the others are still sent
daniel=daniel.moreau@example.com
cat >"$WORK/sendmail-daniel" <<EOF
#!/bin/sh
message=\$(cat)
case \$message in *"To: $daniel"*) exit 75 ;; esac
exit 0
EOF
chmod +x "$WORK/sendmail-daniel"
sed "s#^sendmail = .*#sendmail = $WORK/sendmail-daniel#" "$conf" \
	>"$demo/daniel.conf"
run 75 -c "$demo/daniel.conf" campaign remind 1 --sendmail \
	--now 2026-12-07T09:00:00Z
expect_in stderr "1 reviewer not reminded: '$daniel': sendmail exited with status 75"
expect_in stdout "$((open - 1)) reminders sent"
[ "$(sql "SELECT max(at) FROM audit_log WHERE event = 'remind'
	AND json_extract(detail, '$.reviewer') = '$daniel'")" = \
	2026-12-06T09:00:00Z ] || fail "daniel's failed reminder was logged"
[ "$(sql "SELECT count(*) FROM audit_log WHERE event = 'remind'
	AND at = '2026-12-07T09:00:00Z'")" -eq $((open - 1)) ] ||
	fail "the others' reminders were not logged"

# one that exits 75 without reading: every reviewer named, nothing logged
printf '#!/bin/sh\nexit 75\n' >"$WORK/sendmail-75"
chmod +x "$WORK/sendmail-75"
sed "s#^sendmail = .*#sendmail = $WORK/sendmail-75#" "$conf" >"$demo/75.conf"
run 75 -c "$demo/75.conf" campaign remind 1 --sendmail \
	--now 2026-12-08T09:00:00Z
expect_in stderr "$open reviewers not reminded"
expect_in stderr "'$daniel': sendmail exited with status 75"
expect_in stdout "0 reminders sent"
[ "$(sql "SELECT count(*) FROM audit_log WHERE event = 'remind'
	AND at = '2026-12-08T09:00:00Z'")" -eq 0 ] ||
	fail "failed reminders were logged"
sed "s#^sendmail = .*#sendmail = $WORK/no-such-sendmail#" "$conf" \
	>"$demo/missing.conf"
run 78 -c "$demo/missing.conf" campaign remind 1 --sendmail
expect_in stderr "[mail] sendmail: cannot run '$WORK/no-such-sendmail'"

# [mail] from is a bare address: nothing that ends a header or adds a
# recipient
for from in '"a@example.com, b@example.com"' '<a@example.com>' \
	'"Review <a@example.com>"' 'nobody'; do
	sed "s#^from = .*#from = $from#" "$conf" >"$demo/from.conf"
	run 78 -c "$demo/from.conf" campaign remind 1 --sendmail
	expect_in stderr "'from' must be a bare mail address (name@example.com)"
done

# ---- msmtp, a real sendmail, against a local SMTP sink ----
if command -v msmtp >/dev/null 2>&1; then
	cat >"$WORK/sink.py" <<'EOF'
import os, socketserver, sys
directory = sys.argv[1]
class Sink(socketserver.StreamRequestHandler):
    def reply(self, text):
        self.wfile.write(text.encode() + b"\r\n")
    def handle(self):
        self.reply("220 sink ESMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.reply("250-sink")
                self.reply("250 8BITMIME")
            elif verb == b"DATA":
                self.reply("354 go on")
                data = b""
                for line in iter(self.rfile.readline, b""):
                    if line == b".\r\n":
                        break
                    data += line[1:] if line.startswith(b".") else line
                count = len(os.listdir(directory))
                with open(os.path.join(directory, "%d.eml" % count), "wb") as f:
                    f.write(data)
                self.reply("250 kept")
            elif verb == b"QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")
server = socketserver.TCPServer(("127.0.0.1", 0), Sink)
with open(os.path.join(directory, "..", "sink.port"), "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
EOF
	mkdir -p "$WORK/smtp"
	python3 "$WORK/sink.py" "$WORK/smtp" &
	sink=$!
	tries=0
	while [ ! -s "$WORK/sink.port" ] && [ $tries -lt 50 ]; do
		sleep 0.1
		tries=$((tries + 1))
	done
	printf 'account default\nhost 127.0.0.1\nport %s\nfrom %s\nauth off\ntls off\n' \
		"$(cat "$WORK/sink.port")" access-review@example.com \
		>"$WORK/.msmtprc"
	chmod 600 "$WORK/.msmtprc"
	sed "s#^sendmail = .*#sendmail = $(command -v msmtp)#" "$conf" \
		>"$demo/msmtp.conf"
	home=$HOME
	export HOME="$WORK"
	run 0 -c "$demo/msmtp.conf" campaign remind 1 --sendmail \
		--now 2026-12-09T09:00:00Z
	export HOME="$home"
	expect_in stdout "$open reminders sent with $(command -v msmtp)"
	check_messages "$WORK/smtp" 2026-12-09T09:00:00Z crlf
	kill "$sink"
	wait "$sink" 2>/dev/null
else
	echo "skip: msmtp is not installed: no test through a real sendmail"
fi

# ---- a header injection through an owner's address ----
# A CR inside the owner's address is refused where it is written, at
# config load (the reminder code refuses such a reviewer too: the unit
# tests of the messages prove it)
sed 's/^owner = amara.okafor@example.com$/owner = amara.okafor@example.com\rBcc: mallory@evil.example/' \
	"$conf" >"$demo/evil.conf"
grep -q "$(printf '\r')Bcc" "$demo/evil.conf" || fail "no CR planted"
run 78 -c "$demo/evil.conf" campaign open --event "phishing" \
	--now 2026-12-10T09:00:00Z
expect_in stderr "evil.conf:"
expect_in stderr "'owner' must be a bare mail address (name@example.com): it holds a line break"

# ---- an event campaign's reason in the subject, RFC 2047 encoded ----
run 0 -c "$demo/plain.conf" campaign open --event "phishing – test ✓" \
	--system logs --system zendesk --now 2026-12-10T09:00:00Z
run 0 -c "$demo/plain.conf" campaign remind 2 -o "$WORK/evil" \
	--now 2026-12-10T10:00:00Z
expect_in stdout "reminders written to $WORK/evil"
[ -f "$WORK/evil/fatima.haddad@example.com.eml" ] ||
	fail "the event campaign's reviewers were not reminded"
python3 -c '
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"),
	policy=email.policy.default)
subject = str(m["subject"])
assert subject.startswith("Access review (phishing – test ✓): "), subject
raw = open(sys.argv[1], "rb").read().split(b"\r\n\r\n")[0]
assert max(raw) < 128, "a raw non-ASCII byte in the headers"
assert b"=?UTF-8?B?" in raw, "the subject is not RFC 2047 encoded"
assert "after an event: phishing – test ✓" in m.get_content()
' "$WORK/evil/fatima.haddad@example.com.eml" ||
	fail "the event's subject is not RFC 2047 encoded and decoded back"

# ---- closed: nobody is reminded ----
run 0 -c "$demo/plain.conf" campaign close 1 --force --reason "test" \
	--now 2026-12-20T12:00:00Z
run 65 -c "$demo/plain.conf" campaign remind 1 -o "$WORK/late"
expect_in stderr "campaign 1 is closed (on 2026-12-20T12:00:00Z): nobody is reminded"
[ ! -e "$WORK/late" ] || [ -z "$(ls "$WORK/late")" ] ||
	fail "a closed campaign's reminders were written"
run 0 -c "$conf" audit verify

finish
