#!/usr/bin/env bash
# `schoolgis catchments` on a whole store of provinces that spans UTM
# zones 48 and 49 (#15 item 2): a province at a time, each in the UTM
# zone of its centre.  Checks on a small generated country:
# - the run names both zones; each province's own run (--unit P, a
#   margin holding every school) is measured in the zone of its centre
#   (computed here from the generated GeoJSON);
# - the whole store's rows are the provinces' own rows put together:
#   the same schools with the same areas, populations and seats (to
#   1e-7 relative), for the Voronoi and the distance methods;
# - the summary's schools, locations, seats and population are those
#   of one computation of the whole store in one CRS, and its study
#   area the sum of the provinces'.
# A store in one zone is computed at once as before (test_golden).
# Usage: test_catchments_parts.sh SCHOOLGIS SG_GENSAMPLE
set -u
. "$(dirname "$0")/tap.sh"
tap_args "$@"
tap_need python3
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
tap_init
export SCHOOLGIS_DB=$T/n.sqlite
tap_country "$T/g"

cat > "$T/check.py" <<'PY'
import json, math, sqlite3, subprocess, sys
t, sg, method = sys.argv[1:4]
db = t + '/n.sqlite'
whole = json.loads(subprocess.check_output([sg, 'catchments', '--level',
    'primary', '--method', method, '--json']))
assert whole['crs'] == 'UTM by province: EPSG:32648,EPSG:32649', whole['crs']
zones, parts, study = set(), [], 0.0
for f in json.load(open(t + '/g/provinces.geojson', encoding='utf-8'))['features']:
    code = f['properties']['Mã']
    xs = []; ys = []
    def walk(c):
        if isinstance(c[0], (int, float)):
            xs.append(c[0]); ys.append(c[1])
        else:
            for k in c: walk(k)
    walk(f['geometry']['coordinates'])
    zone = 'EPSG:%d' % (32600 + math.floor(((min(xs) + max(xs)) / 2 + 180) / 6) + 1)
    zones.add(zone)
    one = json.loads(subprocess.check_output([sg, 'catchments', '--level',
        'primary', '--method', method, '--unit', code, '--margin', '2000000',
        '--json']))
    assert one['crs'] == zone, (code, one['crs'], zone)
    parts.append(one['run_id'])
    study += one['study_area_km2']
assert zones == {'EPSG:32648', 'EPSG:32649'}, zones
con = sqlite3.connect(db)
def rows(runs):
    q = ('SELECT coalesce(school_id, 0), method, area_km2, population, '
         'coalesce(seats, -1) FROM catchments WHERE run_id IN (%s) '
         'ORDER BY 1, 2, 3' % ','.join('?' * len(runs)))
    return con.execute(q, runs).fetchall()
a, b = rows([whole['run_id']]), rows(parts)
assert len(a) == len(b) > whole['schools'], (len(a), len(b))
def near(x, y):
    return abs(x - y) <= 1e-7 * max(1.0, abs(x), abs(y))
for x, y in zip(a, b):
    assert x[:2] == y[:2] and all(near(p, q) for p, q in zip(x[2:], y[2:])), (x, y)
one = json.loads(subprocess.check_output([sg, 'catchments', '--level',
    'primary', '--method', method, '--crs', 'EPSG:32648', '--dry-run',
    '--json']))
for k in ('schools', 'locations', 'merged'):
    assert whole[k] == one[k], (k, whole[k], one[k])
assert near(whole['seats'], one['seats']), (whole['seats'], one['seats'])
assert abs(whole['population'] - one['population']) <= 1e-6 * one['population']
print(method, len(a), 'rows', whole['schools'], 'schools')
PY
for m in voronoi distance; do
	check "$m: whole store = each province in its own zone" \
		python3 "$T/check.py" "$T" "$SG" "$m"
done
tap_done
