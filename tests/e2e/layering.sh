# layering.sh -- the layering rule holds, and its check catches violations
# tools/check-layers.sh on the real tree passes; on copies with a planted
# violation of each kind it fails naming the file and line.  The library
# holds no command-line code.
. tests/e2e/lib.sh

sh "$ROOT/tools/check-layers.sh" "$ROOT" 2>"$WORK/real" ||
	{ fail "the tree breaks its own layering"; cat "$WORK/real"; }

# plant ROOT_COPY FILE LINE: a copy of src/ with LINE added to FILE
plant() {
	rm -rf "$WORK/tree"
	mkdir -p "$WORK/tree"
	cp -r "$ROOT/src" "$WORK/tree/src"
	printf '%s\n' "$2" >>"$WORK/tree/$1"
	if sh "$ROOT/tools/check-layers.sh" "$WORK/tree" 2>"$WORK/planted"; then
		fail "check-layers.sh accepted: $1 with '$2'"
	fi
}

plant src/sources/csv.c '#include "accessreview/review.h"'
expect_in "$WORK/planted" "src/sources/csv.c:"
expect_in "$WORK/planted" "includes accessreview/review.h of a layer above it"

plant src/store/store.c '#include "accessreview/report.h"'
expect_in "$WORK/planted" "src/store/store.c:"

plant src/review/collect.c '#include "cli/cli.h"'
expect_in "$WORK/planted" "includes cli/cli.h, private to src/cli"

plant src/cli/findings.c '#include <sqlite3.h>'
expect_in "$WORK/planted" "src/cli/findings.c:"
expect_in "$WORK/planted" "the command line includes the store's header"

plant src/cli/diff.c 'static void f(void) { store_query(0, 0, 0, 0, 0, 0, 0); }'
expect_in "$WORK/planted" "src/cli/diff.c:"
expect_in "$WORK/planted" "the command line calls the store directly"

plant src/review/collect.c '#include "accessreview/unheard_of.h"'
expect_in "$WORK/planted" "belongs to no layer"

# the library is built without src/cli
library=$ROOT/build/libaccessreview.a
[ -f "$ROOT/build-sanitize/libaccessreview.a" ] && [ ! -f "$library" ] &&
	library=$ROOT/build-sanitize/libaccessreview.a
if [ -f "$library" ] && command -v nm >/dev/null 2>&1; then
	nm "$library" | grep -E ' [TDBR] cli_' >"$WORK/cli_symbols"
	[ -s "$WORK/cli_symbols" ] && { fail "cli_ symbols in the library";
		head "$WORK/cli_symbols"; }
else
	echo "skip: no library or no nm, symbol check not run"
fi

finish
