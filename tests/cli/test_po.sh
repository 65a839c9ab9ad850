#!/usr/bin/env bash
# The Vietnamese catalogue against the sources: every message that
# scripts/po-extract.sh extracts (the CLI's _("...") and N_("..."), every
# --help included, and the library's error and warning formats and
# marked texts) has a translation in po/vi.po, none fuzzy (msgcmp); the
# catalogue compiles with its format strings checked (msgfmt --check);
# schoolgis --help and every command's speak Vietnamese when the language
# asked is Vietnamese, English otherwise; and so do the library's errors
# (a failing import, a missing store).
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
	check "$c --help in Vietnamese under LANGUAGE=vi" bash -c "
head -n 1 '$T/vi.txt' | grep -q '^Cách dùng: schoolgis ' &&
grep -q 'Mã thoát: 0 thành công' '$T/vi.txt' &&
head -n 1 '$T/en.txt' | grep -q '^Usage: schoolgis ' &&
! cmp -s '$T/vi.txt' '$T/en.txt'"
done
# A real Vietnamese locale, when the machine has one (Debian: locales,
# vi_VN.UTF-8 generated); LANGUAGE=vi under C.UTF-8 above works without.
if locale -a 2>/dev/null | grep -qi '^vi_VN\.utf-\?8$'; then
	check "LC_ALL=vi_VN.UTF-8: tiles --help in Vietnamese" bash -c "
SCHOOLGIS_LOCALEDIR='$locale' LANGUAGE= LC_ALL=vi_VN.UTF-8 '$sg' tiles --help |
head -n 1 | grep -q '^Cách dùng: schoolgis tiles'"
else
	skip "no vi_VN.UTF-8 locale on this machine (locale -a)"
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
grep -q \"^schoolgis: import: bad.csv: không có cột cho 'code' (hãy nêu trong tệp --map); các cột thấy được ở dòng tiêu đề: 'foo', 'bar'\\\$\" '$T/vi.err'"
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
tap_done
