#!/usr/bin/env bash
# `schoolgis stats coverage` on a store of several provinces (#15): the
# whole store is computed a province at a time, each in the UTM zone of
# its centre.  Checks on a small generated country that spans zones 48
# and 49:
# - in one named CRS, the provinces one at a time give the ward and
#   school rows and totals of the computation of the whole store at once
#   (--whole, the code before the split), for a dense level and a sparse
#   one (whose margins must widen);
# - each province is measured in the zone of the centre of its box
#   (computed here from the generated GeoJSON), and its wards' rows equal
#   those of `--unit P` with a margin holding every school.
# Usage: test_coverage_parts.sh SCHOOLGIS SG_GENSAMPLE
set -u
. "$(dirname "$0")/tap.sh"
tap_args "$@"
tap_need python3
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
tap_init
export SCHOOLGIS_DB=$T/n.sqlite
tap_country "$T/g"

cat > "$T/same.py" <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
for t in ('units', 'schools'):
    ra, rb = a[t]['rows'], b[t]['rows']
    assert len(ra) == len(rb) > 0, (t, len(ra), len(rb))
    for x, y in zip(ra, rb):
        assert x == y, (t, x, y)
sa, sb = a['summary'], b['summary']
for k in sa:
    if k in ('unserved_areas',):
        continue
    if k in ('unserved_children', 'unserved_area_km2', 'children_within'):
        assert abs(sa[k] - sb[k]) <= 1e-6 * max(1, abs(sb[k])), (k, sa[k], sb[k])
    else:
        assert sa[k] == sb[k], (k, sa[k], sb[k])
assert sa['unserved_areas'] >= sb['unserved_areas'] >= 1
print(len(a['units']['rows']), len(a['schools']['rows']), sa['unserved_areas'])
PY
for l in primary upper_secondary; do
	check "$l, one CRS: by province = whole store at once" bash -c "
	'$SG' stats coverage --level $l --crs EPSG:32648 --json > '$T/p.json' &&
	'$SG' stats coverage --level $l --crs EPSG:32648 --whole --json > '$T/w.json' &&
	python3 '$T/same.py' '$T/p.json' '$T/w.json'"
done

check "each province in the UTM zone of its centre; both zones used" bash -c "
'$SG' stats coverage --level primary --json > '$T/all.json' &&
python3 - '$T' '$SG' <<'PY'
import json, math, subprocess, sys
t, sg = sys.argv[1:3]
allv = json.load(open(t + '/all.json'))
zones = set()
for f in json.load(open(t + '/g/provinces.geojson', encoding='utf-8'))['features']:
    code = f['properties']['Mã']
    xs = []; ys = []
    def walk(c):
        if isinstance(c[0], (int, float)):
            xs.append(c[0]); ys.append(c[1])
        else:
            for k in c: walk(k)
    walk(f['geometry']['coordinates'])
    cx = (min(xs) + max(xs)) / 2
    zone = 'EPSG:%d' % (32600 + math.floor((cx + 180) / 6) + 1)
    zones.add(zone)
    one = json.loads(subprocess.check_output([sg, 'stats', 'coverage',
        '--level', 'primary', '--unit', code, '--margin', '2000000', '--json']))
    assert one['summary']['crs'] == zone, (code, cx, one['summary']['crs'], zone)
    mine = {r['unit_code'] for r in one['units']['rows']}
    rows = [r for r in allv['units']['rows'] if r['unit_code'] in mine]
    assert rows == one['units']['rows'], code
assert zones == {'EPSG:32648', 'EPSG:32649'}, zones
assert allv['summary']['crs'] == 'UTM by province: EPSG:32648,EPSG:32649', allv['summary']['crs']
assert 'EPSG:32648' in allv['units']['note'] and 'EPSG:32649' in allv['units']['note']
PY"
tap_done
