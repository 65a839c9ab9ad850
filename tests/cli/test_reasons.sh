#!/usr/bin/env bash
# An import's reasons in the reader's language (#14): a schools file
# with bad rows, as an office sends it, goes into a store; `validate`
# under a Vietnamese language and the Vietnamese report's data-quality
# annex write the Vietnamese reasons (from the codes the store keeps)
# and none of the English reason texts; in English they write the
# English ones; --json keeps the code and an English message.  A store
# of schema 4 (made here: the new columns dropped, English rows as
# earlier versions wrote them) opens, migrates to schema 5 and shows its
# rows with their English text as it is.  A units list without polygons
# is pointed to 'units import-list' by the command line, not the library.
# Usage: test_reasons.sh SCHOOLGIS SG_GENSAMPLE LOCALE_DIR
set -u
. "$(dirname "$0")/tap.sh"
locale=$(readlink -f "$3")
tap_args "$1" "$2"
tap_need python3 sqlite3
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
tap_init
export SCHOOLGIS_DB=$T/s.sqlite
vi() { SCHOOLGIS_LOCALEDIR="$locale" LC_ALL=C.UTF-8 LANGUAGE=vi "$SG" "$@"; }
en() { SCHOOLGIS_LOCALEDIR="$locale" LC_ALL=C.UTF-8 LANGUAGE= "$SG" "$@"; }

$GEN --quiet --years 2017-2018 "$T/in"
run "$SG" init -q
run "$SG" import units "$T/in/district.geojson" --kind district -q
run "$SG" import units "$T/in/communes.geojson" -q
run "$SG" import population "$T/in/population.csv" -q
# Four bad rows: a word for a count, an unknown level, more IT teachers
# than teachers (kept, flagged), a negative count.
python3 - "$T/in/schools.csv" "$T/bad.csv" <<'PY'
import csv, sys
r = list(csv.reader(open(sys.argv[1], encoding='utf-8')))
h = r[0]
r[1][h.index('Số học sinh')] = 'abc'
r[2][h.index('Cấp học')] = 'nonsense'
r[3][h.index('Số giáo viên đạt chuẩn CNTT')] = '99'
r[4][h.index('Số máy tính phục vụ dạy học')] = '-3'
csv.writer(open(sys.argv[2], 'w', encoding='utf-8', newline='')).writerows(r)
PY
en import schools "$T/bad.csv" -q >/dev/null 2>&1
ok "the store keeps codes and values (import_issues.code, args)" eq \
	"$(sqlite3 "$SCHOOLGIS_DB" "SELECT group_concat(row || ' ' || code || ' ' || args, '|') FROM (SELECT * FROM import_issues WHERE file LIKE '%bad.csv' ORDER BY row)")" \
	'2 count.not_whole []|3 school.level_unknown []|4 school.teachers_it_more ["23"]|5 count.negative []'

# The English reason texts (from layers/reasons.h, the only place they
# are written) that these rows give, and their Vietnamese.
EN="not a whole number
unknown level name
more IT-standard teachers than teachers (23)
negative count"
VI="dòng 2, Số học sinh = 'abc': không phải số nguyên (dòng không được nhập)
dòng 3, Cấp học = 'nonsense': tên cấp học không rõ (dòng không được nhập)
dòng 4, Số giáo viên đạt chuẩn CNTT = '99': số giáo viên đạt chuẩn tin học nhiều hơn số giáo viên (23)
dòng 5, Số máy tính phục vụ dạy học = '-3': số đếm âm (dòng không được nhập)"
printf '%s\n' "$EN" >"$T/en.txt"
printf '%s\n' "$VI" >"$T/vi.txt"
# Every English reason of the table, to scan for.
python3 - "$(dirname "$0")/../../layers/reasons.h" "$T/all-en.txt" <<'PY'
import re, sys
h = open(sys.argv[1], encoding='utf-8').read().replace('\\\n', ' ')
out = []
for m in re.finditer(r'#define SG_R_\w+\s+"[^"]*",\s*((?:"(?:[^"\\]|\\.)*"\s*)+)', h):
    s = ''.join(eval(x) for x in re.findall(r'"(?:[^"\\]|\\.)*"', m.group(1)))
    # The fixed words before a first value, long enough to be telling.
    s = s.split('%')[0].strip()
    if len(s) >= 10:
        out.append(s)
assert len(out) > 50, len(out)
open(sys.argv[2], 'w', encoding='utf-8').write('\n'.join(out) + '\n')
PY
vi validate >"$T/v.txt" 2>&1
ok "validate in Vietnamese writes the Vietnamese reasons" bash -c "
while IFS= read -r l; do grep -qF \"\$l\" '$T/v.txt' || { echo \"missing: \$l\"; exit 1; }; done < '$T/vi.txt'"
ok "... and none of the English reason texts" bash -c "
! grep -F -f '$T/all-en.txt' '$T/v.txt'"
en validate >"$T/e.txt" 2>&1
ok "validate in English writes the English reasons" bash -c "
while IFS= read -r l; do grep -qF \"\$l\" '$T/e.txt' || { echo \"missing: \$l\"; exit 1; }; done < '$T/en.txt' &&
! grep -q 'dòng\|không phải số' '$T/e.txt'"
vi validate --json >"$T/j.json" 2>/dev/null
ok "validate --json keeps the code and an English message" python3 -c "
import json
f = [x for x in json.load(open('$T/j.json'))['findings'] if x['check'].startswith('import_')]
got = sorted((x['row'], x['reason'], x['reason_args'], x['message']) for x in f)
assert got == [
 (2, 'count.not_whole', [], \"row 2, Số học sinh = 'abc': not a whole number (row not imported)\"),
 (3, 'school.level_unknown', [], \"row 3, Cấp học = 'nonsense': unknown level name (row not imported)\"),
 (4, 'school.teachers_it_more', ['23'], \"row 4, Số giáo viên đạt chuẩn CNTT = '99': more IT-standard teachers than teachers (23)\"),
 (5, 'count.negative', [], \"row 5, Số máy tính phục vụ dạy học = '-3': negative count (row not imported)\")], got"

# The report's data-quality annex (its visible text), in either
# language whatever the messages' language is.
cat >"$T/annex.py" <<'PY'
import html, re, sys
page = open(sys.argv[1], encoding='utf-8').read()
a = page[page.index(sys.argv[2]):]
a = a[:a.index('</section>')]
print(html.unescape(re.sub(r'<[^>]+>', '\n', a)))
PY
en report --unit 783 -o "$T/r.html" -q --no-csv
python3 "$T/annex.py" "$T/r.html" "Phụ lục B" >"$T/ra.txt"
ok "the Vietnamese report's annex writes the Vietnamese reasons" bash -c "
while IFS= read -r l; do grep -qxF \"\$l\" '$T/ra.txt' || { echo \"missing: \$l\"; exit 1; }; done < '$T/vi.txt'"
ok "... and none of the English reason texts" bash -c "
! grep -F -f '$T/all-en.txt' '$T/ra.txt'"
vi report --unit 783 --lang en -o "$T/e.html" -q --no-csv
python3 "$T/annex.py" "$T/e.html" "Annex B" >"$T/ea.txt"
ok "the English report's annex writes the English reasons" bash -c "
grep -qxF \"row 2, Số học sinh = 'abc': not a whole number (row not imported)\" '$T/ea.txt' &&
grep -qxF \"row 4, Số giáo viên đạt chuẩn CNTT = '99': more IT-standard teachers than teachers (23)\" '$T/ea.txt' &&
! grep -q 'không phải số\|dòng' '$T/ea.txt'"

# A store of schema 4: the columns of schema 5 dropped, the rows'
# reasons as English text only, version 4.
cp "$SCHOOLGIS_DB" "$T/old.sqlite"
sqlite3 "$T/old.sqlite" "ALTER TABLE import_issues DROP COLUMN code;
ALTER TABLE import_issues DROP COLUMN args;
ALTER TABLE import_issues DROP COLUMN lon;
ALTER TABLE import_issues DROP COLUMN lat;
UPDATE import_issues SET reason = 'old text: ' || reason;
UPDATE meta SET value = '4' WHERE key = 'schema_version';"
vi validate --db "$T/old.sqlite" >"$T/o.txt" 2>&1
ok "a schema-4 store opens and migrates to schema 5" eq \
	"$(sqlite3 "$T/old.sqlite" "SELECT (SELECT value FROM meta WHERE key = 'schema_version') || ' ' || (SELECT count(*) FROM pragma_table_info('import_issues') WHERE name IN ('code', 'args', 'lon', 'lat'))")" "5 4"
en validate --db "$T/old.sqlite" >"$T/oe.txt" 2>&1
ok "... and shows its rows with the text stored" bash -c "
grep -qF \"dòng 2, Số học sinh = 'abc': old text: not a whole number (dòng không được nhập)\" '$T/o.txt' &&
grep -qF \"dòng 4, Số giáo viên đạt chuẩn CNTT = '99': old text: more IT-standard teachers than teachers (23)\" '$T/o.txt' &&
grep -qF \"row 5, Số máy tính phục vụ dạy học = '-3': old text: negative count (row not imported)\" '$T/oe.txt'"

# The library names no command: a units list without polygons is told
# where it goes by the command line, in its language.
printf 'Mã tỉnh,Tên tỉnh,Mã huyện,Tên huyện,Mã xã,Tên xã\n79,TP Hồ Chí Minh,783,Huyện Củ Chi,27496,Thị trấn Củ Chi\n' >"$T/dvhc.csv"
en import units "$T/dvhc.csv" -q >/dev/null 2>"$T/l.err"
rc_en=$?
vi import units "$T/dvhc.csv" -q >/dev/null 2>"$T/lv.err"
ok "a unit list without polygons: the CLI names 'units import-list', the library does not" bash -c "
[ $rc_en -eq 5 ] && cat '$T/l.err' '$T/lv.err' &&
grep -q \"^schoolgis: import: dvhc.csv: no polygons: .*goes in as the list of an administrative set\$\" '$T/l.err' &&
grep -qx \"schoolgis: import a unit list without polygons with 'schoolgis units import-list FILE --set SET'\" '$T/l.err' &&
grep -qx \"schoolgis: danh sách đơn vị không có đa giác được nhập bằng 'schoolgis units import-list TỆP --set BỘ'\" '$T/lv.err'"
tap_done
