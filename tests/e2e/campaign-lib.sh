# campaign-lib.sh -- helpers for the campaign tests (sourced after lib.sh)

# campaign_setup: the demo's two quarters collected in $WORK; sets conf
campaign_setup() {
	mkdir -p "$WORK/examples"
	cp -r "$ROOT/examples/demo" "$WORK/examples/demo"
	conf=$WORK/examples/demo/accessreview.conf
	run 0 -c "$conf" init
	run 0 -c "$WORK/examples/demo/accessreview-previous.conf" collect \
		--now 2026-08-20T09:00:00Z
	run 1 -c "$conf" run --now 2026-11-20T09:00:00Z
}

# sql QUERY: one value from the demo database
sql() {
	sqlite3 "$WORK/var/demo.db" "$1"
}

# decide_all WORKSHEET DECISION COMMENT: the worksheet with every row's
# decision and comment filled in (expires left empty)
decide_all() {
	cr=$(printf '\r')
	sed "1!s/,\"[^\"]*\",\"[^\"]*\",\"[^\"]*\"$cr\$/,\"$2\",\"\",\"$3\"$cr/" "$1"
}
