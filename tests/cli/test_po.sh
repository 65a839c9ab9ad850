#!/usr/bin/env bash
# The CLI's Vietnamese catalogue against the sources: every message that
# xgettext extracts from cli/*.c (_("...") and N_("...")) has a
# translation in po/vi.po, none fuzzy (msgcmp); the catalogue compiles
# with its format strings checked (msgfmt --check); and schoolgis --help
# speaks Vietnamese when the language asked is Vietnamese, English
# otherwise.
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
check "xgettext extracts the CLI's messages" bash -c "
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ -o '$T/s.pot' \
	'$src'/cli/*.c && [ \$(grep -c '^msgid' '$T/s.pot') -gt 10 ]"
check "po/vi.po translates every message of the sources (msgcmp)" \
	msgcmp "$src/po/vi.po" "$T/s.pot"
check "po/vi.po compiles, format strings checked" \
	msgfmt --check -o "$T/vi.mo" "$src/po/vi.po"
check "--help in Vietnamese when the language is Vietnamese" bash -c "
SCHOOLGIS_LOCALEDIR='$locale' LC_ALL=C.UTF-8 LANGUAGE=vi '$sg' --help |
grep -q '^Cách dùng: schoolgis LỆNH'"
check "--help in English otherwise" bash -c "
SCHOOLGIS_LOCALEDIR='$locale' LC_ALL=C.UTF-8 LANGUAGE= '$sg' --help |
grep -q '^Usage: schoolgis COMMAND'"
check "numbers stay in the C format under a Vietnamese language" bash -c "
SCHOOLGIS_LOCALEDIR='$locale' LC_ALL=C.UTF-8 LANGUAGE=vi '$sg' standards |
grep -q '0\.046'"
tap_done
