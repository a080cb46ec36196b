# database-perms.sh -- a database others can write is refused, not used
# The database, its -wal/-shm/-journal and its lock must be regular files
# of ours that group and others cannot write, in a directory nobody else
# can write (or a sticky one): else exit 78 naming the path and the fix.
. tests/e2e/lib.sh

cp "$FORMATS/ldif/openldap-users.ldif" "$WORK/people.ldif"
write_config() {
	cat >"$WORK/$1.conf" <<CONF
[review]
database = $1/test.db
[directory]
source = ldif:people.ldif
CONF
}
conf() { echo "$WORK/$1.conf"; }
fresh() {
	rm -rf "${WORK:?}/$1"
	mkdir -m 700 "$WORK/$1"
	write_config "$1"
}

# the normal path: init and collect in a private directory
fresh ok
run 0 -c "$(conf ok)" init
run 0 -c "$(conf ok)" collect --now 2026-11-20
run 0 -c "$(conf ok)" findings
[ "$(stat -c %a "$WORK/ok/test.db")" = 600 ] || fail "database not 0600"
[ "$(stat -c %a "$WORK/ok/test.db.lock")" = 600 ] || fail "lock not 0600"

# a database planted 0666 before init is never adopted
fresh planted
: >"$WORK/planted/test.db"
chmod 666 "$WORK/planted/test.db"
run 78 -c "$(conf planted)" init
expect_in stderr "database file '$WORK/planted/test.db' must be owned by uid $(id -u) and not writable by group or others (mode 0666"
expect_in stderr "chmod go-w it"
# nor one made group-writable later
fresh later
run 0 -c "$(conf later)" init
chmod 620 "$WORK/later/test.db"
run 78 -c "$(conf later)" collect --now 2026-11-20
expect_in stderr "(mode 0620, owner $(id -u)): chmod go-w it"
run 78 -c "$(conf later)" findings
expect_in stderr "test.db' must be owned by uid"

# a -wal of ours, but 0666: its frames would be read as the database's
fresh wal
run 0 -c "$(conf wal)" init
: >"$WORK/wal/test.db-wal"
chmod 666 "$WORK/wal/test.db-wal"
run 78 -c "$(conf wal)" collect --now 2026-11-20
expect_in stderr "database file '$WORK/wal/test.db-wal' must be owned by uid"
expect_in stderr "(mode 0666"
[ "$(sqlite3 "$WORK/wal/test.db" 'SELECT count(*) FROM snapshot' 2>/dev/null)" != 1 ] ||
	fail "a snapshot was written through the planted -wal"
# a FIFO as -journal is refused at once, never waited on
rm -f "$WORK/wal/test.db-wal"
mkfifo "$WORK/wal/test.db-journal"
status=0
timeout 10 "$ACCESSREVIEW" -c "$(conf wal)" findings >"$WORK/stdout" \
	2>"$WORK/stderr" || status=$?
[ "$status" = 78 ] || fail "FIFO -journal: exit $status, expected 78"
expect_in stderr "database file '$WORK/wal/test.db-journal' is not a regular file: remove it"

# a symlinked lock (to a file others could hold) is refused
fresh link
run 0 -c "$(conf link)" init
rm -f "$WORK/link/test.db.lock"
: >"$WORK/elsewhere.lock"
ln -s "$WORK/elsewhere.lock" "$WORK/link/test.db.lock"
run 78 -c "$(conf link)" collect --now 2026-11-20
expect_in stderr "lock file '$WORK/link/test.db.lock' is a symbolic link: remove it"
# a lock that is ours but writable by others, likewise
rm -f "$WORK/link/test.db.lock"
: >"$WORK/link/test.db.lock"
chmod 666 "$WORK/link/test.db.lock"
run 78 -c "$(conf link)" collect --now 2026-11-20
expect_in stderr "database file '$WORK/link/test.db.lock' must be owned by uid"
# a symlinked database and side file are refused too
fresh sym
run 0 -c "$(conf sym)" init
ln -s "$WORK/sym/test.db" "$WORK/sym/test.db-shm"
run 78 -c "$(conf sym)" findings
expect_in stderr "database file '$WORK/sym/test.db-shm' is a symbolic link: remove it"

# a directory anyone can write: anyone can swap the files
fresh open
run 0 -c "$(conf open)" init
chmod 777 "$WORK/open"
run 78 -c "$(conf open)" collect --now 2026-11-20
expect_in stderr "the directory '$WORK/open' of database '$WORK/open/test.db' is writable by group or others (mode 0777): chmod go-w it, or move the database"
chmod 770 "$WORK/open"
run 78 -c "$(conf open)" findings
expect_in stderr "(mode 0770)"
run 78 -c "$(conf open)" init
expect_in stderr "is writable by group or others"
# sticky (as /tmp): others cannot replace our files, so it is accepted
chmod 1777 "$WORK/open"
run 0 -c "$(conf open)" collect --now 2026-11-20
run 0 -c "$(conf open)" findings
chmod 700 "$WORK/open"
run 0 -c "$(conf open)" collect --now 2026-11-21
finish
