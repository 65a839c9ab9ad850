#!/usr/bin/env bash
# Checks of sg-gensample --national / --city / --reform on a small
# country: the files import cleanly, codes have the official widths,
# every parent is tiled by its children (SpatiaLite unions of the
# imported polygons), the country spans UTM zones 48 and 49, one seed
# gives the same bytes, and the 2025 crosswalk accounts for every old
# ward once (shares summing to 1, one split, one renamed).
# Usage: test_gensample_national.sh SCHOOLGIS SG_GENSAMPLE
set -u
. "$(dirname "$0")/tap.sh"
tap_args "$@"
tap_need sqlite3 python3
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
tap_init
export SCHOOLGIS_DB=$T/n.sqlite
small="--national --provinces 4 --districts 12 --wards 150 --schools 700"
small="$small --applicants 3000 --reform"
# shellcheck disable=SC2086
"$GEN" $small -q "$T/a" || { echo "generator failed" >&2; exit 2; }

check "the same seed writes the same bytes, another seed other ones" bash -c "
'$GEN' $small -q '$T/b' && for f in wards.geojson schools.csv \
applicants_g1.csv communes_2025.geojson crosswalk_2025.csv; do
cmp -s '$T/a/'\$f '$T/b/'\$f || exit 1; done;
'$GEN' $small --seed 7 -q '$T/c' && ! cmp -s '$T/a/wards.geojson' '$T/c/wards.geojson'"
check "usage errors exit 2" bash -c "
'$GEN' --national --provinces 0 '$T/x' 2>/dev/null; [ \$? -eq 2 ] &&
'$GEN' --national --districts 9 --wards 5 '$T/x' 2>/dev/null; [ \$? -eq 2 ] &&
'$GEN' --national --help | grep -q -- '--reform'"

check "codes: 2-digit provinces, 3-digit districts, 5-digit wards" python3 -c "
import json, re
def feats(n): return json.load(open('$T/a/' + n, encoding='utf-8'))['features']
p, d, w = feats('provinces.geojson'), feats('districts.geojson'), feats('wards.geojson')
assert (len(p), len(d), len(w)) == (4, 12, 150), (len(p), len(d), len(w))
for fs, n in ((p, 2), (d, 3), (w, 5)):
    codes = [f['properties']['Mã'] for f in fs]
    assert all(re.fullmatch('[0-9]{%d}' % n, c) for c in codes), codes[:5]
    assert len(set(codes)) == len(codes)
pc = {f['properties']['Mã'] for f in p}
dc = {f['properties']['Mã'] for f in d}
assert all(f['properties']['Mã cấp trên'] in pc for f in d)
assert all(f['properties']['Mã cấp trên'] in dc for f in w)
assert any(f['properties']['Mã'].startswith('0') for f in w)"

check "all files import with nothing rejected" bash -c "
'$SG' init -q &&
'$SG' import units '$T/a/provinces.geojson' -q &&
'$SG' import units '$T/a/districts.geojson' -q &&
'$SG' import units '$T/a/wards.geojson' --population-field 'Dân số 2019' --year 2019 -q &&
'$SG' import population '$T/a/population.csv' -q &&
'$SG' import schools '$T/a/schools.csv' --json > '$T/s.json' &&
'$SG' import applicants '$T/a/applicants_g1.csv' --json > '$T/ap.json'"
check "schools: 700 inserted, none flagged, all 4 levels" python3 -c "
import json, csv
s = json.load(open('$T/s.json'))
assert s['inserted'] == 700 and s['rejected'] == 0 and s['flagged'] == 0, s
lv = {r['Cấp học'] for r in csv.DictReader(open('$T/a/schools.csv', encoding='utf-8'))}
assert {'Mầm non', 'Tiểu học', 'THCS', 'THPT'} <= lv, lv
a = json.load(open('$T/ap.json'))
assert a['inserted'] == 3000 and a['rejected'] == 0 and a['flagged'] < 150, a"
no_orphans() {
	[ "$(q "$SCHOOLGIS_DB" "SELECT count(*) FROM units
	    WHERE kind <> 'city' AND parent_id IS NULL")" = 0 ]
}
check "every unit has its parent in the store" no_orphans
check "population: the 0-120 rows add up to the wards' Dân số 2019" python3 -c "
import json, csv
w = json.load(open('$T/a/wards.geojson', encoding='utf-8'))['features']
tot = sum(int(r['Số người']) for r in csv.DictReader(open('$T/a/population.csv', encoding='utf-8')) if r['Từ tuổi'] == '0' and r['Đến tuổi'] == '120')
assert tot == sum(f['properties']['Dân số 2019'] for f in w) > 0"

# below: float of a query's answer is under 1e-9
below() {
	python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 1e-9 else 1)" \
	    "$1"
}
tiled() {
	below "$(qs "$SCHOOLGIS_DB" "SELECT max(abs(Area(p.geom) -
	    (SELECT Area(ST_Union(c.geom)) FROM units c
	     WHERE c.parent_id = p.id)) + coalesce(Area(SymDifference(p.geom,
	    (SELECT ST_Union(c.geom) FROM units c WHERE c.parent_id = p.id))),
	    0))
	    FROM units p WHERE p.kind IN ('city', 'district')")"
}
no_overlap() {
	below "$(qs "$SCHOOLGIS_DB" "SELECT abs(sum(Area(geom)) -
	    (SELECT Area(ST_Union(geom)) FROM units WHERE kind = 'ward'))
	    FROM units WHERE kind = 'ward'")"
}
two_zones() {
	[ "$(qs "$SCHOOLGIS_DB" "SELECT min(MbrMinX(geom)) < 108 AND
	    max(MbrMaxX(geom)) > 108 FROM units WHERE kind = 'ward'")" = 1 ]
}
if [ "$HAVE_SPATIALITE" = 1 ]; then
	check "each district is its wards' union, each province its districts'" \
	    tiled
	check "wards do not overlap (sum of areas = area of the union)" \
	    no_overlap
	check "the country spans UTM zones 48 and 49 (lon 108 E inside)" \
	    two_zones
else
	skip "tiling and zone checks (no mod_spatialite)"
fi

check "2025 crosswalk: every old ward once, shares sum to 1, one split, one renamed" python3 -c "
import json, csv, collections
rows = list(csv.DictReader(open('$T/a/crosswalk_2025.csv', encoding='utf-8')))
old = {f['properties']['Mã']: f['properties']['Tên'] for f in json.load(open('$T/a/wards.geojson', encoding='utf-8'))['features']}
new = {f['properties']['Mã']: f['properties']['Tên'] for f in json.load(open('$T/a/communes_2025.geojson', encoding='utf-8'))['features']}
xa = [r for r in rows if r['Cấp'] == 'xa']
share = collections.defaultdict(float)
for r in xa: share[r['Mã cũ']] += float(r['Tỷ lệ'])
assert set(share) == set(old), len(set(old) - set(share))
assert all(abs(v - 1) < 1e-9 for v in share.values())
assert {r['Mã mới'] for r in xa} == set(new)
assert all(new[r['Mã mới']] == r['Tên mới'] for r in xa)
split = [c for c in share if sum(r['Mã cũ'] == c for r in xa) == 2]
assert len(split) == 1, split
per = collections.Counter(r['Mã mới'] for r in xa)
ren = [r for r in xa if per[r['Mã mới']] == 1 and r['Mã mới'] == r['Mã cũ'] and r['Tên mới'] != r['Tên cũ']]
assert len(ren) >= 1
assert 40 <= len(new) <= 55, len(new)
tinh = [r for r in rows if r['Cấp'] == 'tinh']
assert len(tinh) == 4 and len({r['Mã mới'] for r in tinh}) == 2"
check "2025 communes cover the old wards (sum of areas)" python3 -c "
import json
def area(g):
    def ring(r): return abs(sum(r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1] for i in range(len(r)-1))) / 2
    polys = [g['coordinates']] if g['type'] == 'Polygon' else g['coordinates']
    return sum(ring(p[0]) - sum(ring(h) for h in p[1:]) for p in polys)
def tot(n): return sum(area(f['geometry']) for f in json.load(open('$T/a/' + n, encoding='utf-8'))['features'])
a, b = tot('wards.geojson'), tot('communes_2025.geojson')
assert abs(a - b) < 1e-9 * a + 1e-9, (a, b)"
check "--city: one province, its districts and wards" bash -c "
'$GEN' --city --districts 6 --wards 60 --applicants 100 -q '$T/city' &&
python3 -c \"
import json
p = json.load(open('$T/city/provinces.geojson', encoding='utf-8'))['features']
w = json.load(open('$T/city/wards.geojson', encoding='utf-8'))['features']
assert len(p) == 1 and p[0]['properties']['Cấp'].startswith('Thành phố') and len(w) == 60
\""
tap_done
