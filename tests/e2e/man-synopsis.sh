# man-synopsis.sh -- the man pages match the binary's generated help
# For the global usage and each command listed by `accessreview help`:
#   - its usage line ("usage: accessreview ...") is one of the SYNOPSIS
#     lines of man/accessreview.1 (or man/accessreview-COMMAND.1 when that
#     page exists), compared with all blanks removed;
#   - every option of `accessreview help COMMAND` is named in the command's
#     subsection (".Ss COMMAND") of the page.
# The pages must also be free of mandoc warnings.  Skipped without mandoc.
. tests/e2e/lib.sh

if ! command -v mandoc >/dev/null 2>&1; then
	skip "mandoc is not installed (apt-get install mandoc)"
fi

for page in man/*.1 man/*.5; do
	[ -f "$page" ] || continue
	mandoc -T lint -W warning "$page" >"$WORK/lint" 2>&1 ||
		fail "mandoc warnings in $page: $(cat "$WORK/lint")"
done

backspace=$(printf '\b')

# render PAGE: the page as plain text (no overstrike, no tabs)
render() {
	mandoc -T ascii "$1" | sed "s/.$backspace//g"
}

# synopsis_lines TEXT_FILE: each synopsis entry on one line, blanks removed
synopsis_lines() {
	awk '
	/^SYNOPSIS$/ { inside = 1; next }
	inside && /^[^ ]/ { inside = 0 }
	!inside { next }
	/^ *accessreview( |$)/ { if (entry != "") print entry; entry = "" }
	{ gsub(/[ \t]/, ""); entry = entry $0 }
	END { if (entry != "") print entry }
	' "$1"
}

# subsection TEXT_FILE NAME: the body of ".Ss NAME" as rendered
subsection() {
	awk -v name="$2" '
	$0 == "   " name { inside = 1; next }
	inside && (/^   [^ ]/ || /^[^ ]/) { exit }
	inside { print }
	' "$1"
}

# page_of COMMAND: the man page documenting COMMAND
page_of() {
	if [ -f "man/accessreview-$1.1" ]; then
		echo "man/accessreview-$1.1"
	else
		echo "man/accessreview.1"
	fi
}

# has_option TEXT_FILE OPTION: OPTION appears as a whole word
has_option() {
	grep -Eq -- "(^|[^[:alnum:]-])$2([^[:alnum:]-]|\$)" "$1"
}

# check_usage PAGE USAGE_LINE WHAT
check_usage() {
	render "$1" >"$WORK/page.txt" || fail "mandoc cannot render $1"
	synopsis_lines "$WORK/page.txt" >"$WORK/synopsis"
	wanted=$(printf '%s\n' "$2" | sed 's/^usage: //' | tr -d ' \t')
	grep -qxF -- "$wanted" "$WORK/synopsis" || {
		fail "$3: '$2' is not in the SYNOPSIS of $1"
		sed 's/^/  synopsis: /' "$WORK/synopsis"
	}
}

"$ACCESSREVIEW" --help >"$WORK/help" || fail "accessreview --help failed"
check_usage man/accessreview.1 "$(head -n 1 "$WORK/help")" "global usage"

# the commands, as `accessreview help` lists them: one word ("report"),
# or two ("campaign open") when the second is a lowercase word
commands=$(sed -n '/^commands:$/,/^$/p' "$WORK/help" |
	awk 'NR > 1 && NF { if ($2 ~ /^[a-z]+$/) print $1 " " $2
		else print $1 }')
for expected in init collect findings report run; do
	case " $(echo $commands) " in
	*" $expected "*) ;;
	*) fail "'accessreview help' does not list '$expected'" ;;
	esac
done

newline='
'
old_ifs=$IFS
IFS=$newline
for command in $commands; do
	IFS=$old_ifs
	page=$(page_of "$command")
	file=$WORK/help.$(echo "$command" | tr ' ' '-')
	# shellcheck disable=SC2086 # "campaign open" is two words
	"$ACCESSREVIEW" help $command >"$file" ||
		fail "accessreview help $command failed"
	cp "$file" "$WORK/help.command"
	check_usage "$page" "$(head -n 1 "$WORK/help.command")" "$command"

	# the subsection of a shared page, or the whole per-command page
	if [ "$page" = man/accessreview.1 ]; then
		subsection "$WORK/page.txt" "$command" >"$WORK/section"
		[ -s "$WORK/section" ] ||
			fail "$page has no subsection for '$command'"
	else
		cp "$WORK/page.txt" "$WORK/section"
	fi

	# option names: "  -o, --output FILE    text" -> -o --output
	options=$(sed -n '/^options:$/,$p' "$WORK/help.command" |
		sed -e '1d' -e 's/^  //' -e 's/  .*//' | tr ', ' '\n\n' |
		grep '^-')
	for option in $options; do
		case $option in
		# every command takes -h/--help: documented once, globally
		-h | --help) where=$WORK/page.txt ;;
		*) where=$WORK/section ;;
		esac
		has_option "$where" "$option" ||
			fail "$command: option $option is not documented in $page"
	done
done
IFS=$old_ifs

finish
