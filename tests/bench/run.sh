#!/bin/sh
# run.sh -- `make bench [SIZES="10000 100000"]`: accessreview at scale,
# timed beside the standard tools on the same data in the same run
# SPDX-License-Identifier: MIT
#
#   sh tests/bench/run.sh [PEOPLE...]        (default: 10000 100000)
#
# For each size, tests/bench/gen.py writes a synthetic company (this
# quarter and last quarter) under build/bench/PEOPLE/, last quarter is
# collected into a baseline database, and then, each RUNS times (default
# 3, interleaved so that the machine's drift hits both sides alike):
#   - SCIM read: `accessreview collect` of the largest SCIM export (as the
#     directory, into an empty database) vs `jq -c '.Resources[]'`;
#   - LDAP pull: the directory and its groups from a throwaway slapd
#     (loaded with slapadd -q, stopped by PID) vs `ldapsearch -E
#     pr=1000/noprompt` of the same entries and attributes;
#   - full `accessreview run` (collect, correlate, findings, XML and HTML
#     report) on a copy of the baseline: wall time, peak RSS, database size;
#   - `report --format xml`, `report --format html`, and `xsltproc
#     templates/report.xsl` on the same XML.
# Timings are medians; ratios compare medians of the same run.  The table
# goes to stdout and to build/bench/results.md.
#
# Environment: BENCH_DIR (default build/bench), BENCH_RUNS (default 3),
# BENCH_SEED (default 20261120), BENCH_LDAP_PORT (default 38990),
# ACCESSREVIEW (the binary; default ./accessreview).
# Needs python3, jq, xsltproc and sqlite3; slapd, slapadd and ldapsearch
# for the LDAP rows (all in .ci/packages).
set -eu

cd "$(dirname "$0")/../.."
ROOT=$(pwd)
SIZES=${*:-10000 100000}
BENCH=${BENCH_DIR:-$ROOT/build/bench}
RUNS=${BENCH_RUNS:-3}
SEED=${BENCH_SEED:-20261120}
PORT=${BENCH_LDAP_PORT:-38990}
AR=${ACCESSREVIEW:-$ROOT/accessreview}
NOW=2026-11-20
PREVIOUS_NOW=2026-08-20
RESULTS=$BENCH/results.md
SLAPD_PID=

for tool in python3 jq xsltproc sqlite3; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "bench: '$tool' is missing (apt-get install -y" \
			"\$(cat .ci/packages))" >&2
		exit 69
	fi
done
[ -x "$AR" ] || { echo "bench: build ./accessreview first" >&2; exit 69; }
# `make check SANITIZE=1` links ./accessreview with AddressSanitizer too
if grep -q __asan_init "$AR" 2>/dev/null; then
	echo "bench: $AR is a SANITIZE=1 build: run 'rm accessreview; make'" \
		"first" >&2
	exit 69
fi

mkdir -p "$BENCH"

stop_slapd() {
	if [ -n "$SLAPD_PID" ]; then
		kill "$SLAPD_PID" 2>/dev/null || true
		# slapd flushes and exits; wait until the PID is gone
		i=0
		while kill -0 "$SLAPD_PID" 2>/dev/null && [ $i -lt 100 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		SLAPD_PID=
	fi
}
trap 'stop_slapd' EXIT
trap 'stop_slapd; exit 130' INT TERM

# measure LOG COMMAND...: append "wall rss status" to LOG
measure() {
	log=$1
	shift
	python3 "$ROOT/tests/bench/measure.py" -e "$log.err" "$@" >>"$log"
	status=$(tail -n 1 "$log" | cut -d' ' -f3)
	# 1 = findings at or above fail-on: a result, not a failure
	if [ "$status" != 0 ] && [ "$status" != 1 ]; then
		echo "bench: '$*' failed with status $status:" >&2
		tail -n 5 "$log.err" >&2
		exit 1
	fi
}

# median FILE FIELD: the median of column FIELD (1 wall, 2 RSS)
median() {
	cut -d' ' -f"$2" "$1" | sort -n |
		awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'
}

seconds() {
	awk -v s="$1" 'BEGIN { printf "%.2f s", s }'
}

mib() {
	awk -v k="$1" 'BEGIN { printf "%.0f MiB", k / 1024 }'
}

bytes_mib() {
	awk -v b="$1" 'BEGIN { printf "%.0f MiB", b / 1048576 }'
}

file_size() {
	total=0
	for f in "$@"; do
		[ -f "$f" ] && total=$((total + $(wc -c <"$f")))
	done
	echo $total
}

# verdict VALUE LIMIT: "yes" when VALUE <= LIMIT
verdict() {
	awk -v v="$1" -v l="$2" 'BEGIN { print ((v <= l) ? "yes" : "**no**") }'
}

# Write a copy of the generated configuration with its own database and
# reports directory (paths are relative to the configuration file).
bench_config() {
	sed -e "s|^database = .*|database = $2|" \
		-e "s|^reports = .*|reports = $3|" "$1/accessreview.conf"
}

generate() {
	n=$1
	w=$BENCH/$n
	stamp="$(cksum <"$ROOT/tests/bench/gen.py") seed $SEED"
	if [ -f "$w/stamp" ] && [ "$(cat "$w/stamp")" = "$stamp" ]; then
		return
	fi
	echo "bench: generating $n people in $w" >&2
	rm -rf "$w"
	mkdir -p "$w"
	python3 "$ROOT/tests/bench/gen.py" --seed "$SEED" "$n" "$w/data"
	python3 "$ROOT/tests/bench/gen.py" --seed "$SEED" --previous "$n" \
		"$w/previous"
	echo "$stamp" >"$w/stamp"
}

# The baseline: last quarter's snapshot, which every timed run diffs to.
baseline() {
	w=$1
	bench_config "$w/previous" ../base.db ../reports-previous \
		>"$w/previous/bench.conf"
	if [ -f "$w/base.db" ] && [ "$w/base.db" -nt "$AR" ]; then
		return
	fi
	echo "bench: collecting last quarter into $w/base.db" >&2
	rm -f "$w/base.db" "$w/base.db-wal" "$w/base.db-shm"
	"$AR" -q -c "$w/previous/bench.conf" init >/dev/null
	"$AR" -q -c "$w/previous/bench.conf" run --now "$PREVIOUS_NOW" \
		>/dev/null || [ $? = 1 ]
}

# ---- LDAP: a throwaway slapd holding the directory and its groups ----

ldap_available() {
	command -v slapd >/dev/null 2>&1 &&
		command -v slapadd >/dev/null 2>&1 &&
		command -v ldapsearch >/dev/null 2>&1 &&
		[ -f "$ROOT/src/sources/ldap.c" ] &&
		grep -q source_read_ldap "$ROOT/src/sources/ldap.c"
}

start_slapd() {
	w=$1
	d=$w/slapd
	modules=/usr/lib/ldap
	rm -rf "$d"
	mkdir -p "$d/db"
	cat >"$d/slapd.conf" <<CONF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
modulepath $modules
moduleload back_mdb
moduleload ppolicy
pidfile $d/slapd.pid
sizelimit unlimited
database mdb
suffix "dc=example,dc=com"
rootdn "cn=admin,dc=example,dc=com"
rootpw bench
directory $d/db
maxsize 4294967296
overlay ppolicy
index objectClass eq
CONF
	slapadd -q -f "$d/slapd.conf" -l "$w/data/ldap-seed.ldif" \
		>"$d/slapadd.log" 2>&1 || {
		echo "bench: slapadd failed:" >&2
		tail -n 5 "$d/slapadd.log" >&2
		exit 1
	}
	slapd -f "$d/slapd.conf" -h "ldap://127.0.0.1:$PORT/" \
		>"$d/slapd.log" 2>&1
	i=0
	while [ ! -s "$d/slapd.pid" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	SLAPD_PID=$(cat "$d/slapd.pid")
	i=0
	until ldapsearch -x -H "ldap://127.0.0.1:$PORT/" -b "" -s base \
		>/dev/null 2>&1; do
		sleep 0.1
		i=$((i + 1))
		if [ $i -gt 100 ]; then
			echo "bench: slapd did not answer" >&2
			exit 1
		fi
	done
}

# ---- one size ----

bench_size() {
	n=$1
	w=$BENCH/$n
	generate "$n"
	baseline "$w"
	t=$w/times
	rm -rf "$t"
	mkdir -p "$t"

	# SCIM read: the largest SCIM export, as the directory of an empty
	# database (no systems: the read and its inserts, nothing else)
	scim=$(ls -S "$w"/data/github-users.json "$w"/data/splunk-users.json \
		"$w"/data/*-groups.json | head -n 1)
	case $scim in
	*-groups.json)
		echo "bench: note: $scim is the largest SCIM file;" \
			"timing github-users.json instead" >&2
		scim=$w/data/github-users.json ;;
	esac
	cat >"$w/data/scim.conf" <<CONF
[review]
database = ../scim.db
reports = ../reports-scim
[directory]
source = scim:$(basename "$scim")
CONF

	bench_config "$w/data" ../run.db ../reports >"$w/data/bench.conf"
	for r in $(seq "$RUNS"); do
		echo "bench: $n people, round $r of $RUNS" >&2
		rm -f "$w/scim.db" "$w/scim.db-wal" "$w/scim.db-shm"
		"$AR" -q -c "$w/data/scim.conf" init >/dev/null
		measure "$t/scim" "$AR" -q -c "$w/data/scim.conf" collect \
			--now "$NOW"
		measure "$t/jq" jq -c '.Resources[]' "$scim"

		rm -f "$w/run.db" "$w/run.db-wal" "$w/run.db-shm"
		cp "$w/base.db" "$w/run.db"
		measure "$t/run" "$AR" -q -c "$w/data/bench.conf" run \
			--now "$NOW"
		measure "$t/xml" "$AR" -q -c "$w/data/bench.conf" report \
			--format xml --now "$NOW" -o "$w/report.xml"
		measure "$t/html" "$AR" -q -c "$w/data/bench.conf" report \
			--format html --now "$NOW" -o "$w/report.html"
		xml_size=$(file_size "$w/report.xml")
		# xsltproc holds the whole tree: ~10x the XML in memory
		if [ "$xml_size" -lt 1073741824 ]; then
			measure "$t/xsltproc" xsltproc -o "$w/xsltproc.html" \
				"$ROOT/templates/report.xsl" "$w/report.xml"
		fi
	done
	rm -f "$w/xsltproc.html"

	if ldap_available; then
		bench_ldap "$n"
	fi
	report_size "$n"
}

# The attribute types the tool requests (src/sources/entry.c) and its
# default people and group filters (src/sources/ldap.c): ldapsearch asks
# for exactly the same.
LDAP_ATTRIBUTES="objectClass uid sAMAccountName mail userPrincipalName
displayName cn employeeNumber employeeID manager pwdAccountLockedTime
nsAccountLock userAccountControl accountExpires oathTOTPToken oathHOTPToken
ipaUserAuthType lastLogonTimestamp pwdLastSet member uniqueMember memberUid"
LDAP_PEOPLE_FILTER="(|(objectClass=person)(objectClass=organizationalPerson)\
(objectClass=inetOrgPerson)(objectClass=posixAccount)(objectClass=user))"
LDAP_GROUP_FILTER="(|(objectClass=groupOfNames)\
(objectClass=groupOfUniqueNames)(objectClass=posixGroup)(objectClass=group))"

# ldap_conf W [SYSTEM]: the directory from slapd, and with SYSTEM the
# deploy system too (its groups under ou=groups, its accounts the people)
ldap_conf() {
	printf '%s\n' '[review]' 'database = ../ldap.db' \
		'reports = ../reports-ldap' 'fail-on = none' '[directory]' \
		"source = ldap://127.0.0.1:$PORT/" \
		'base = ou=people,dc=example,dc=com' 'allow-plaintext = yes'
	if [ $# -gt 1 ]; then
		printf '%s\n' '[system "deploy"]' 'category = deployment' \
			'source = ldap' 'base = ou=people,dc=example,dc=com' \
			'group-base = ou=groups,dc=example,dc=com' \
			'mfa-supported = no' 'match = uid' \
			'privileged = "deployers"'
	fi
}

bench_ldap() {
	n=$1
	w=$BENCH/$n
	t=$w/times
	people_filter=$LDAP_PEOPLE_FILTER
	group_filter=$LDAP_GROUP_FILTER
	start_slapd "$w"
	ldap_conf "$w" >"$w/data/ldap-directory.conf"
	ldap_conf "$w" deploy >"$w/data/ldap-groups.conf"
	# context: the same people read from their LDIF export
	sed -e "s|^source = ldap://.*|source = ldif:directory.ldif|" \
		"$w/data/ldap-directory.conf" >"$w/data/ldif-directory.conf"
	# the reference: the same searches (the deploy system pulls its
	# groups, then the people as its accounts), output to /dev/null
	cat >"$w/ldapsearch.sh" <<SH
set -e
ldapsearch_pull() {
	ldapsearch -x -LLL -H "ldap://127.0.0.1:$PORT/" -E pr=1000/noprompt \\
		-b "\$1" "\$2" $(echo $LDAP_ATTRIBUTES)
}
ldapsearch_pull ou=people,dc=example,dc=com '$people_filter'
[ "\$1" = groups ] || exit 0
ldapsearch_pull ou=groups,dc=example,dc=com '$group_filter'
ldapsearch_pull ou=people,dc=example,dc=com '$people_filter'
SH
	for r in $(seq "$RUNS"); do
		echo "bench: $n people, LDAP round $r of $RUNS" >&2
		for kind in directory groups; do
			rm -f "$w/ldap.db" "$w/ldap.db-wal" "$w/ldap.db-shm"
			"$AR" -q -c "$w/data/ldap-$kind.conf" init >/dev/null
			measure "$t/ldap-$kind" "$AR" -q -c \
				"$w/data/ldap-$kind.conf" collect --now "$NOW"
			measure "$t/ldapsearch-$kind" sh "$w/ldapsearch.sh" \
				"$kind"
		done
		rm -f "$w/ldap.db" "$w/ldap.db-wal" "$w/ldap.db-shm"
		"$AR" -q -c "$w/data/ldif-directory.conf" init >/dev/null
		measure "$t/ldif-directory" "$AR" -q -c \
			"$w/data/ldif-directory.conf" collect --now "$NOW"
	done
	stop_slapd
}

report_size() {
	n=$1
	w=$BENCH/$n
	t=$w/times
	db_size=$(file_size "$w/run.db" "$w/run.db-wal")
	counts=$(sqlite3 "$w/run.db" "
		SELECT (SELECT count(*) FROM person WHERE snapshot_id = s.id),
		(SELECT count(*) FROM account WHERE snapshot_id = s.id),
		(SELECT count(*) FROM access_grant WHERE snapshot_id = s.id),
		(SELECT count(*) FROM finding WHERE snapshot_id = s.id)
		FROM (SELECT max(id) AS id FROM snapshot) s" | tr '|' ' ')
	set -- $counts
	people=$1 accounts=$2 grants=$3 findings=$4
	inputs=$(du -sk "$w/data" | cut -f1)

	scim=$(median "$t/scim" 1)
	jq=$(median "$t/jq" 1)
	run=$(median "$t/run" 1)
	run_rss=$(median "$t/run" 2)
	xml=$(median "$t/xml" 1)
	html=$(median "$t/html" 1)
	html_rss=$(median "$t/html" 2)
	scim_ratio=$(ratio "$scim" "$jq")
	scim_file=$(basename "$(sed -n 's/^source = scim://p' \
		"$w/data/scim.conf")")
	scim_bytes=$(file_size "$w/data/$scim_file")

	{
		echo
		echo "### $n people: $people people, $accounts accounts," \
			"$grants grants, $findings findings"
		echo
		echo "Inputs $(awk -v k="$inputs" \
			'BEGIN { printf "%.0f MiB", k / 1024 }'), median of" \
			"$RUNS runs, $(date -u +%Y-%m-%d), $(nproc) cores."
		echo
		echo "| measure | accessreview | reference tool | ratio |" \
			"target | met |"
		echo "|---|---|---|---|---|---|"
		if [ -s "$t/ldap-directory" ]; then
			for kind in directory groups; do
				ldap=$(median "$t/ldap-$kind" 1)
				ldapsearch=$(median "$t/ldapsearch-$kind" 1)
				lr=$(ratio "$ldap" "$ldapsearch")
				case $kind in
				directory) what="LDAP pull: people" ;;
				groups) what="LDAP pull: people, then deploy's"
					what="$what groups and people" ;;
				esac
				echo "| $what (collect) | $(seconds "$ldap")" \
					"| ldapsearch -E pr=1000/noprompt" \
					"$(seconds "$ldapsearch") | $lr | <= 1.5" \
					"| $(verdict "$lr" 1.5) |"
			done
			ldif=$(median "$t/ldif-directory" 1)
			echo "| (context) the same people from directory.ldif" \
				"(collect) | $(seconds "$ldif") | | | | |"
		else
			echo "| LDAP pull | not measured: live LDAP source" \
				"not available yet | | | <= 1.5 | - |"
		fi
		echo "| SCIM read, $scim_file ($(bytes_mib "$scim_bytes"))" \
			"| $(seconds "$scim") | jq -c '.Resources[]'" \
			"$(seconds "$jq") | $scim_ratio | <= 1.0 |" \
			"$(verdict "$scim_ratio" 1.0) |"
		if [ "$n" = 100000 ]; then
			echo "| full run, wall | $(seconds "$run") | | |" \
				"< 15 s | $(verdict "$run" 15) |"
			echo "| full run, peak RSS | $(mib "$run_rss") | | |" \
				"< 300 MiB | $(verdict "$run_rss" 307200) |"
		else
			echo "| full run, wall | $(seconds "$run") | | | | |"
			echo "| full run, peak RSS | $(mib "$run_rss") | | | | |"
		fi
		echo "| database after the run (2 snapshots) |" \
			"$(bytes_mib "$db_size") | | | | |"
		echo "| report --format xml ($(bytes_mib \
			"$(file_size "$w/report.xml")")) | $(seconds "$xml") |" \
			"| | | |"
		if [ -s "$t/xsltproc" ]; then
			xsltproc=$(median "$t/xsltproc" 1)
			xsltproc_rss=$(median "$t/xsltproc" 2)
			hr=$(ratio "$html" "$xsltproc")
			echo "| report --format html ($(bytes_mib \
				"$(file_size "$w/report.html")"), peak" \
				"$(mib "$html_rss")) | $(seconds "$html") |" \
				"xsltproc $(seconds "$xsltproc") (peak" \
				"$(mib "$xsltproc_rss")) | $hr | | |"
			# the XML from the database, validated, is common to
			# both commands: what is left is the rendering
			render=$(awk -v h="$html" -v x="$xml" \
				'BEGIN { print ((h > x) ? h - x : 0) }')
			echo "| HTML rendering alone (html - xml) |" \
				"$(seconds "$render") | xsltproc" \
				"$(seconds "$xsltproc") | $(ratio "$render" \
				"$xsltproc") | | |"
		else
			echo "| report --format html ($(bytes_mib \
				"$(file_size "$w/report.html")"), peak" \
				"$(mib "$html_rss")) | $(seconds "$html") |" \
				"xsltproc not run: XML over 1 GiB | | | |"
		fi
	} | tee -a "$RESULTS"
	echo "$n $run $run_rss" >>"$BENCH/scaling"
}

: >"$BENCH/scaling"
echo >>"$RESULTS"
echo "## make bench, $(date -u '+%Y-%m-%d %H:%M') UTC" >>"$RESULTS"
for n in $SIZES; do
	bench_size "$n"
done

# linear: the run time may grow at most 1.1x as fast as the people
if [ "$(wc -l <"$BENCH/scaling")" -gt 1 ]; then
	{
		echo
		echo "| scaling | run time | size | time ratio |" \
			"target (<= 1.1 x size ratio) | met |"
		echo "|---|---|---|---|---|---|"
		sort -n "$BENCH/scaling" | awk '
			NR > 1 {
				tr = $2 / t; sr = $1 / n
				printf "| %d -> %d people | %.2f -> %.2f s | x%.0f" \
					" | x%.2f | <= %.1f | %s |\n", n, $1, t, $2,
					sr, tr, 1.1 * sr,
					tr <= 1.1 * sr ? "yes" : "**no**"
			}
			{ n = $1; t = $2 }'
	} | tee -a "$RESULTS"
fi
echo >&2
echo "bench: results appended to $RESULTS" >&2
