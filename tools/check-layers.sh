#!/bin/sh
# check-layers.sh -- fail when a module reaches up the layers or the CLI
# reaches into the store.  usage: check-layers.sh [ROOT]
#
# Layers, lowest first (docs/ARCHITECTURE.md):
#   util < sources < store < review < report < evidence < config < cli
# A file may include the public headers (include/accessreview/*.h) of its
# own layer and the layers below, and the private headers of its own
# directory only.  src/cli and src/main.c never include sqlite3.h or
# store.h and never call a store_ function: they call operations.
set -u
root=${1:-.}
status=0

layer_of_dir() {
	case $1 in
	util) echo 0 ;; sources) echo 1 ;; store) echo 2 ;; review) echo 3 ;;
	report) echo 4 ;; evidence) echo 5 ;; config) echo 6 ;; cli) echo 7 ;;
	*) echo -1 ;;
	esac
}

# the layer that owns each public header
layer_of_header() {
	case $1 in
	error | buf | mem | text | hash | log | embedded | url | output | \
	spreadsheet | date | sshsig | minisign | process) echo 0 ;;
	sources) echo 1 ;;
	store | queries | database) echo 2 ;;
	review | collect | campaign | decisions | audit | attestation | \
	exceptions | prune | person) echo 3 ;;
	report | run | worksheets | revocations | reminders) echo 4 ;;
	evidence) echo 5 ;;
	config) echo 6 ;;
	*) echo -1 ;;
	esac
}

complain() {
	echo "layering: $*" >&2
	status=1
}

for file in "$root"/src/*/*.c "$root"/src/*/*.h "$root"/src/main.c; do
	[ -f "$file" ] || continue
	relative=${file#"$root"/}
	dir=$(echo "$relative" | cut -d/ -f2)
	[ "$relative" = src/main.c ] && dir=cli
	own=$(layer_of_dir "$dir")
	if [ "$own" -lt 0 ]; then
		complain "$relative: src/$dir is no known layer"
		continue
	fi
	grep -n '^#include "' "$file" | while IFS= read -r line; do
		number=${line%%:*}
		header=$(echo "$line" | sed 's/^[0-9]*:#include "\([^"]*\)".*/\1/')
		case $header in
		accessreview/*.h)
			name=$(basename "$header" .h)
			layer=$(layer_of_header "$name")
			if [ "$layer" -lt 0 ]; then
				echo "$relative:$number: $header belongs to no layer (add it to tools/check-layers.sh)"
			elif [ "$layer" -gt "$own" ]; then
				echo "$relative:$number: src/$dir includes $header of a layer above it"
			fi
			;;
		*/*)
			# another module's private header
			case $dir in
			cli) [ "${header%%/*}" = cli ] && continue ;;
			esac
			echo "$relative:$number: includes $header, private to src/${header%%/*}"
			;;
		esac
	done >"${TMPDIR:-/tmp}/layers.$$"
	if [ -s "${TMPDIR:-/tmp}/layers.$$" ]; then
		sed 's/^/layering: /' "${TMPDIR:-/tmp}/layers.$$" >&2
		status=1
	fi
	rm -f "${TMPDIR:-/tmp}/layers.$$"
done

# the command line calls operations, never the store
for file in "$root"/src/cli/*.c "$root"/src/cli/*.h "$root"/src/main.c; do
	[ -f "$file" ] || continue
	relative=${file#"$root"/}
	grep -n -e '#include <sqlite3.h>' -e '#include "accessreview/store.h"' \
		"$file" | while IFS=: read -r number _; do
		echo "layering: $relative:$number: the command line includes the store's header"
	done | grep . >&2 && status=1
	grep -n -E '(^|[^a-z_])(store_[a-z_]+|sqlite3_[a-z_]+) *\(' "$file" |
		while IFS=: read -r number _; do
			echo "layering: $relative:$number: the command line calls the store directly"
		done | grep . >&2 && status=1
done
exit $status
