#!/usr/bin/env bash
# CLI checks of `schoolgis stats` and `schoolgis standards` on the sample
# district.  Usage: test_stats.sh SCHOOLGIS SG_GENSAMPLE
set -u
. "$(dirname "$0")/tap.sh"
sg=$1
gen=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
T=$tmp
tap_init
export SCHOOLGIS_DB=$tmp/s.sqlite
"$gen" --quiet --years 2016-2017,2017-2018,2018-2019 "$tmp/in"
$sg init -q
$sg import units "$tmp/in/district.geojson" --kind district -q
$sg import units "$tmp/in/communes.geojson" -q
$sg import schools "$tmp/in/schools.csv" -q

check "ratios --json parses and has 112 schools in 'all'" python3 -c "
import json, subprocess
t = json.loads(subprocess.check_output(['$sg', 'stats', 'ratios', '--by', 'level', '--json']))
rows = [r for r in t['rows'] if r['level'] == 'all']
assert rows[0]['schools'] == 112, rows
assert '2018-2019' in t['title'] and 'primary <= 24' in t['note']"
check "ratios --csv: the all-levels students equal the CSV's sum" python3 -c "
import csv, io, subprocess
out = subprocess.check_output(['$sg', 'stats', 'ratios', '--by', 'level', '--csv', '--year', '2017-2018']).decode()
row = [r for r in csv.DictReader(io.StringIO(out)) if r['level'] == 'all'][0]
src = [r for r in csv.DictReader(open('$tmp/in/schools.csv', encoding='utf-8')) if r['Năm học'] == '2017-2018']
assert int(row['students']) == sum(int(r['Số học sinh']) for r in src if r['Số học sinh']), row"
check "it by ward has 7 indicators per ward and level" python3 -c "
import json, subprocess
t = json.loads(subprocess.check_output(['$sg', 'stats', 'it', '--json']))
keys = {(r['unit_code'], r['level']) for r in t['rows']}
assert len(t['rows']) == 7 * len(keys)"
check "trends have a column per year and the change" python3 -c "
import json, subprocess
t = json.loads(subprocess.check_output(['$sg', 'stats', 'rollup', '--years', '2016-2017..2018-2019', '--json']))
assert t['columns'][-4:] == ['2016-2017', '2017-2018', '2018-2019', 'change'], t['columns']
r = [r for r in t['rows'] if r['unit_code'] == '783' and r['indicator'] == 'students'][0]
assert abs(r['change'] - (r['2018-2019'] - r['2016-2017'])) < 1e-9"
check "rollup --gpkg writes the 22 unit polygons" bash -c "
$sg stats rollup --gpkg '$tmp/r.gpkg' -o '$tmp/r.txt' &&
ogrinfo -so '$tmp/r.gpkg' units | grep -q 'Feature Count: 22'"
check "-o without --force refuses an existing file (exit 5)" bash -c "
$sg stats rollup -o '$tmp/r.txt'; [ \$? -eq 5 ]"
check "standards prints a config that loads back" bash -c "
$sg standards > '$tmp/std.ini' && sed -i 's/^primary  *= 24/primary = 20/' '$tmp/std.ini' &&
$sg standards --standards '$tmp/std.ini' | grep -q '^primary *= 20 '"
check "a changed standard changes compliance" python3 -c "
import json, subprocess
def pct(*extra):
    t = json.loads(subprocess.check_output(['$sg', 'stats', 'ratios', '--by', 'level', '--json'] + list(extra)))
    return [r for r in t['rows'] if r['level'] == 'primary'][0]['schools_compliant']
open('$tmp/loose.ini', 'w').write('[ratios]\nprimary = 60\n')
assert pct('--standards', '$tmp/loose.ini') > pct()"
check "a bad standards file exits 5 naming file and line" bash -c "
printf '[ratios]\nprimary = lots\n' > '$tmp/bad.ini';
$sg stats ratios --standards '$tmp/bad.ini' 2>'$tmp/err'; [ \$? -eq 5 ] && grep -q 'bad.ini:2' '$tmp/err'"
check "unknown year exits 4" bash -c "$sg stats ratios --year 1990-1991; [ \$? -eq 4 ]"
check "bad --by exits 2" bash -c "$sg stats ratios --by planet; [ \$? -eq 2 ]"
check "stats --help exits 0" bash -c "$sg stats --help | grep -q Usage"
tap_done
