#!/usr/bin/env bash
# The Vietnamese catalogue against the sources: every message that
# scripts/po-extract.sh extracts (the CLI's _("...") and N_("..."), every
# --help included, and the library's error and warning formats and
# marked texts) has a translation in po/vi.po, none fuzzy (msgcmp); the
# catalogue compiles with its format strings checked (msgfmt --check);
# schoolgis --help and every command's speak Vietnamese when the language
# asked is Vietnamese, English otherwise; and so do the library's errors
# (a failing import, a missing store).  Each command's --help lists
# exactly the options its parser is given (one table, cli/opt.c), the
# real parser accepts them all and refuses another command's, and each
# has a translated help line.  Under a real vi_VN.UTF-8 locale (made with
# localedef when missing) the rejects CSV's reasons are Vietnamese while
# the store keeps them in English.
# Usage: test_po.sh SCHOOLGIS SOURCE_DIR LOCALE_DIR
set -u
. "$(dirname "$0")/tap.sh"
sg=$(readlink -f "$1")
src=$2
locale=$3
tap_need xgettext msgcmp msgfmt
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
tap_init
check "xgettext extracts the CLI's and the library's messages" bash -c "
bash '$src/scripts/po-extract.sh' '$T/s.pot' '$src' &&
[ \$(grep -c '^msgid' '$T/s.pot') -gt 400 ] &&
grep -q '^#: cli/cmd_tiles.c' '$T/s.pot' &&
grep -q '^#: layers/store.c' '$T/s.pot' &&
grep -q '^msgid \"roads: %s: no layer' '$T/s.pot'"
check "po/vi.po translates every message of the sources (msgcmp)" \
	msgcmp "$src/po/vi.po" "$T/s.pot"
check "po/vi.po compiles, format strings checked" \
	msgfmt --check -o "$T/vi.mo" "$src/po/vi.po"
check "--help in Vietnamese when the language is Vietnamese" bash -c "
SCHOOLGIS_LOCALEDIR='$locale' LC_ALL=C.UTF-8 LANGUAGE=vi '$sg' --help |
grep -q '^Cách dùng: schoolgis LỆNH'"
# Every command of the list --help prints, and the subcommands with their
# own --help: Vietnamese (its usage line, and a text that is not the
# English one), English otherwise.
cmds=$(LC_ALL=C.UTF-8 LANGUAGE= "$sg" --help |
	sed -n '/^Commands:/,/^$/s/^  \([a-z-]*\) .*/\1/p')
check "--help lists the commands" test "$(echo "$cmds" | wc -w)" -ge 14
for c in $cmds "stats coverage" "import crosswalk" "roads import"; do
	SCHOOLGIS_LOCALEDIR="$locale" LC_ALL=C.UTF-8 LANGUAGE=vi "$sg" $c \
		--help >"$T/vi.txt" 2>&1
	SCHOOLGIS_LOCALEDIR="$locale" LC_ALL=C.UTF-8 LANGUAGE= "$sg" $c \
		--help >"$T/en.txt" 2>&1
	cp "$T/en.txt" "$T/en-${c// /_}.txt"
	cp "$T/vi.txt" "$T/vi-${c// /_}.txt"
	check "$c --help in Vietnamese under LANGUAGE=vi" bash -c "
head -n 1 '$T/vi.txt' | grep -q '^Cách dùng: schoolgis ' &&
grep -q 'Mã thoát: 0 thành công' '$T/vi.txt' &&
head -n 1 '$T/en.txt' | grep -q '^Usage: schoolgis ' &&
! cmp -s '$T/vi.txt' '$T/en.txt'"
done
# Each command's --help and its parser come from one table (cli/opt.c):
# the options --help lists are exactly those the parser is given
# (SCHOOLGIS_CLI_OPTIONS prints getopt_long's table), each is accepted
# by the real parser ("--opt V --help" shows help: exit 0), options of
# other commands are refused (exit 2), and each has its own help line
# in Vietnamese (its text differs from the English one).
en() { SCHOOLGIS_LOCALEDIR="$locale" LC_ALL=C.UTF-8 LANGUAGE= "$sg" "$@"; }
# The help entry of option $1 (its line and continuation lines) in $2.
entry() {
	awk -v o="$1" '
		f && /^  [^ ]/ { exit } f && !/^   / { exit } f { print; next }
		$0 ~ "^  (-[a-zA-Z], )?" o "( |$)" { f = 1; print }' "$2"
}
# --help's options ($1: a --help page) as "--name[ ARG]" and "-x[ ARG]".
listed() {
	sed -n 's/^  \(-\([a-zA-Z]\), \)\{0,1\}--\([a-z][a-z-]*\)\( [^ ]\)\{0,1\}.*/\2|\3|\4/p' \
		"$1" | while IFS='|' read -r s l a; do
		echo "--$l${a:+ ARG}"
		[ -n "$s" ] && echo "-$s${a:+ ARG}"
	done | LC_ALL=C sort
}
allopts="$T/all.txt"
cat "$T"/en-*.txt | sed -n 's/^  \(-[a-zA-Z], \)\{0,1\}--\([a-z][a-z-]*\).*/\2/p' |
	LC_ALL=C sort -u >"$allopts"
check "the --help pages list options ($(wc -l <"$allopts") distinct)" \
	test "$(wc -l <"$allopts")" -gt 60
for c in $cmds "stats coverage" "import crosswalk" "roads import"; do
	[ "$c" = roads ] && continue # only dispatches to roads import
	h="$T/en-${c// /_}.txt"
	listed "$h" >"$T/listed.txt"
	SCHOOLGIS_CLI_OPTIONS=1 "$sg" $c 2>&1 | LC_ALL=C sort >"$T/parsed.txt"
	check "$c: --help lists exactly the options its parser accepts" \
		bash -c "diff '$T/listed.txt' '$T/parsed.txt' && [ -s '$T/listed.txt' ]"
	# All of them at once, given to the real parser: it knows each
	# (--help is honoured only when every option is known).
	args=()
	while read -r o a; do
		args+=("$o")
		[ -n "$a" ] && args+=(x)
	done <"$T/listed.txt"
	en $c "${args[@]}" --help >"$T/all-out.txt" 2>&1
	check "$c: the parser accepts every option --help lists" \
		bash -c "[ $? -eq 0 ] && head -n 1 '$T/all-out.txt' | grep -q '^Usage:'"
	# An option of another command (not an abbreviation of one of its
	# own, which getopt_long takes) is refused: a usage error.
	o=$(sed -n 's/^--\([a-z-]*\).*/\1/p' "$T/listed.txt" | LC_ALL=C sort |
		LC_ALL=C comm -13 - "$allopts" | while read -r x; do
		grep -q "^--$x" "$T/listed.txt" || { echo "$x"; break; }
	done)
	en $c "${args[@]}" "--$o" x --help >/dev/null 2>&1
	check "$c: another command's option (--$o) is refused" \
		bash -c "[ $? -eq 2 ]"
	# Vietnamese: the same options, each with its help text translated
	# (lists of values such as --level's level names stay as they are).
	v="$T/vi-${c// /_}.txt"
	listed "$v" | diff -q "$T/listed.txt" - >/dev/null
	same=$?
	bad=
	while read -r o a; do
		case "$o" in -[a-zA-Z]) continue ;; esac
		[ "$o" = --level ] && continue
		[ "$o" = --json ] && [ "$c" = "stats coverage" ] && continue
		[ "$(entry "$o" "$h")" != "$(entry "$o" "$v")" ] || bad="$bad $o"
	done <"$T/listed.txt"
	check "$c: the Vietnamese --help has the same options, each translated ($bad)" \
		bash -c "[ $same -eq 0 ] && [ -z '$bad' ]"
done
# A real Vietnamese locale: the machine's (Debian: locales, vi_VN.UTF-8
# generated), else one made here with localedef from Debian's locale
# data into $T/locales (LOCPATH); LANGUAGE=vi under C.UTF-8 above works
# without.
L="$T/locales"
mkdir -p "$L"
vi_locale=0
if locale -a 2>/dev/null | grep -qi '^vi_VN\.utf-\?8$' ||
	localedef -i vi_VN -f UTF-8 "$L/vi_VN.UTF-8" 2>/dev/null; then
	vi_locale=1
fi
if [ "$vi_locale" = 1 ]; then
	check "LC_ALL=vi_VN.UTF-8: tiles --help in Vietnamese" bash -c "
LOCPATH='$L' SCHOOLGIS_LOCALEDIR='$locale' LANGUAGE= LC_ALL=vi_VN.UTF-8 \
'$sg' tiles --help | head -n 1 | grep -q '^Cách dùng: schoolgis tiles'"
else
	skip "no vi_VN.UTF-8 locale, and localedef cannot make one"
fi
# The library's messages, translated through the same catalogue.
sgt() { SCHOOLGIS_LOCALEDIR="$locale" LC_ALL=C.UTF-8 "$sg" "$@"; }
LANGUAGE= sgt init --db "$T/s.sqlite" -q
printf 'foo,bar\n1,2\n' >"$T/bad.csv"
LANGUAGE=vi sgt import schools "$T/bad.csv" --db "$T/s.sqlite" \
	>/dev/null 2>"$T/vi.err"
rc_vi=$?
LANGUAGE= sgt import schools "$T/bad.csv" --db "$T/s.sqlite" \
	>/dev/null 2>"$T/en.err"
check "a failing import: the library's error in Vietnamese under LANGUAGE=vi" \
	bash -c "[ $rc_vi -eq 5 ] && cat '$T/vi.err' &&
grep -q \"^schoolgis: import: bad.csv: không có cột cho 'code' (hãy nêu trong ánh xạ cột); các cột thấy được ở dòng tiêu đề: 'foo', 'bar'\\\$\" '$T/vi.err'"
check "the same error in English otherwise" bash -c "cat '$T/en.err' &&
grep -q \"^schoolgis: import: bad.csv: no column for 'code'\" '$T/en.err'"
check "a missing store: the library's error in Vietnamese" bash -c "
LANGUAGE=vi SCHOOLGIS_LOCALEDIR='$locale' LC_ALL=C.UTF-8 '$sg' stats ratios \
	--db '$T/none.sqlite' 2>&1 >/dev/null |
grep -q 'không có tệp này (hãy tạo bằng .schoolgis init.)'"
check "--help in English otherwise" bash -c "
SCHOOLGIS_LOCALEDIR='$locale' LC_ALL=C.UTF-8 LANGUAGE= '$sg' --help |
grep -q '^Usage: schoolgis COMMAND'"
check "numbers stay in the C format under a Vietnamese language" bash -c "
SCHOOLGIS_LOCALEDIR='$locale' LC_ALL=C.UTF-8 LANGUAGE=vi '$sg' standards |
grep -q '0\.046'"
# The rejects CSV of an import speaks the messages' language under a real
# Vietnamese locale (above); the store keeps the English reasons.
if [ "$vi_locale" = 1 ]; then
	printf 'code,name,levels,lon,lat,students\n%s\n%s\n%s\n' \
		'S1,Trường Một,primary,106.50,10.90,abc' \
		'S2,Trường Hai,nonsense,106.51,10.90,10' \
		'S3,Trường Ba,primary,106.52,10.90,20' >"$T/rej.csv"
	# glibc's locale loading under LOCPATH keeps 30 bytes it never frees
	# (__argz_add_sep, not ours): LeakSanitizer is told to ignore it.
	printf 'leak:__argz_add_sep\n' >"$T/lsan.supp"
	LSAN_OPTIONS="suppressions=$T/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}" \
	LOCPATH="$L" LC_ALL= LANGUAGE= LANG=vi_VN.UTF-8 \
		SCHOOLGIS_LOCALEDIR="$locale" "$sg" import schools "$T/rej.csv" \
		--year 2023-2024 --db "$T/s.sqlite" -q 2>"$T/rej.err"
	rc=$?
	check "rejects CSV under LANG=vi_VN.UTF-8: the reasons in Vietnamese" \
		bash -c "[ $rc -eq 3 ] && cat '$T/rej.csv.rejects.csv' &&
grep -q '^rej.csv,2,students,abc,không phải số nguyên,rejected\$' '$T/rej.csv.rejects.csv' &&
grep -q '^rej.csv,3,levels,nonsense,tên cấp học không rõ,rejected\$' '$T/rej.csv.rejects.csv' &&
! grep -q 'not a whole number\|unknown level name' '$T/rej.csv.rejects.csv'"
	check "the store keeps the reasons in English (import_issues)" \
		python3 -c "
import sqlite3, sys
r = {x[0] for x in sqlite3.connect('$T/s.sqlite').execute(
    'SELECT reason FROM import_issues')}
print(r)
sys.exit(not {'not a whole number', 'unknown level name'} <= r)"
	LANGUAGE= LC_ALL=C.UTF-8 "$sg" import schools "$T/rej.csv" \
		--year 2023-2024 --db "$T/s.sqlite" -q 2>/dev/null
	check "... and the same CSV in English otherwise" \
		grep -q '^rej.csv,3,levels,nonsense,unknown level name,rejected$' \
		"$T/rej.csv.rejects.csv"
else
	skip "no vi_VN.UTF-8 locale and localedef cannot make one"
fi
tap_done
