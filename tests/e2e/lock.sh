# lock.sh -- cron never runs two collects at once
. tests/e2e/lib.sh

cp "$FORMATS/ldif/openldap-users.ldif" "$WORK/people.ldif"
cp "$FORMATS/json/gitlab-users.json" "$WORK/gitlab.json"
cat >"$WORK/accessreview.conf" <<CONF
[review]
database = var/test.db
[directory]
source = ldif:people.ldif
[system "gitlab"]
category = source_control
source = json:gitlab.json
CONF
run 0 -c "$WORK/accessreview.conf" init
# hold the lock as a running collect would
flock "$WORK/var/test.db.lock" sleep 3 &
holder=$!
sleep 0.5
run 75 -c "$WORK/accessreview.conf" collect
expect_in stderr "another accessreview is running"
# --wait waits for the lock instead
run 0 -c "$WORK/accessreview.conf" --wait collect
wait $holder
[ "$(snapshots "$WORK/var/test.db")" = 1 ] || fail "expected one snapshot"
# readers need no lock
flock "$WORK/var/test.db.lock" sleep 2 &
holder=$!
sleep 0.5
run 0 -c "$WORK/accessreview.conf" findings
wait $holder
finish
