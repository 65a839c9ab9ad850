#!/usr/bin/env bash
# The report speaks one language: a Vietnamese report of a city of many
# districts (Ha Noi's real districts, generated schools) and of the
# sample district shows none of the English legend, header and value
# strings that earlier versions printed (scanned in the HTML's visible
# text), and its legends write numbers the Vietnamese way; --lang en
# shows the English ones.
# Usage: test_report_lang.sh SCHOOLGIS SG_GENSAMPLE [SHARED_DATA_DIR]
set -u
. "$(dirname "$0")/tap.sh"
data=${3:-}
tap_args "$1" "$2"
tap_need python3
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
tap_init
export SCHOOLGIS_DB=$T/s.sqlite

# The visible text of an HTML file (no style, script or attributes), one
# piece a line; what is marked translate="no" (commands, checksums and
# versions as recorded) is left out.
cat > "$T/visible.py" <<'PY'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(s):
        super().__init__(); s.skip = 0; s.out = []; s.stack = []
    def handle_starttag(s, t, a):
        if t in ('meta', 'br', 'img', 'hr', 'link', 'input'): return
        no = t in ('style', 'script', 'title') or ('translate', 'no') in a
        s.stack.append(no); s.skip += no
    def handle_endtag(s, t):
        if t in ('meta', 'br', 'img', 'hr', 'link', 'input'): return
        if s.stack: s.skip -= s.stack.pop()
    def handle_data(s, d):
        if not s.skip and d.strip(): s.out.append(d.strip())
p = P(); p.feed(open(sys.argv[1], encoding='utf-8').read())
print('\n'.join(p.out))
PY
# The English strings of the report before it had one message table:
# map legend titles and labels (tiles/style.c, tiles/map.c), raw column
# names and values, check codes, the standards file's comments.
cat > "$T/english.txt" <<'TXT'
Utilization (students / seats, %)
Children in the catchment per seat (%)
Population
Seats
Students
Area (km²)
Students per teaching computer
Students per computer
Computer ratio meets the standard
Schools meeting the computer standard (%)
Schools meeting the school-wide computer ratio (%)
Schools with the minimum equipment (%)
Schools with fibre (%)
Schools with a website (%)
Schools with an e-gradebook (%)
Teachers meeting the IT standard (%)
Teaching computers missing
Cost of the missing computers (VND)
Children within reach of a school (%)
Children of school age
Children within reach
Children beyond reach
Seats minus children
School level
Schools
Teaching computers
Preschool (Mầm non)
Primary (Tiểu học)
Lower secondary (THCS)
Upper secondary (THPT)
Multi-level
Meets the standard
Below the standard
Unknown
No standard (not assessed)
no data
Unserved area
Unserved areas
Catchment
School
Unit
units
catchments
schools
all
equipment_ok
change
primary
lower_secondary
upper_secondary
preschool
primary,lower_secondary
lower_secondary,upper_secondary
figures_multilevel
import_flagged
unit_without_parent
built-in defaults
[ratios]
N
TXT
cat > "$T/scan.py" <<'PY'
# No visible piece of text is, or contains as a line, one of the English
# strings; legend numbers use the decimal comma.
import re, subprocess, sys
eng = [l for l in open(sys.argv[2], encoding='utf-8').read().split('\n') if l]
vis = subprocess.check_output([sys.executable, sys.argv[3], sys.argv[1]]).decode().split('\n')
bad = []
for v in vis:
    for e in eng:
        if v == e or v.startswith(e + ' —') or \
           (len(e) > 12 and e in v):
            bad.append((e, v))
assert not bad, bad[:10]
html = open(sys.argv[1], encoding='utf-8').read()
legends = re.findall(r'<li><span class="sw"[^>]*></span>([^<]*)</li>', html)
assert legends, 'no legend entries'
dots = [l for l in legends if re.search(r'\d\.\d', l)]
assert not dots, dots
PY
# Every map's extent (data-bbox) holds the unit's box and stays within it
# plus the 5% margin (and a rounding pixel); the names placed on a map
# (data-labels, the renderer's list) include the given share of the
# sub-units' names, read from the input file.
cat > "$T/extent.py" <<'PY'
import html as H, json, re, sys
page = open(sys.argv[1], encoding='utf-8').read()
unit = json.load(open(sys.argv[2], encoding='utf-8'))
subs = json.load(open(sys.argv[3], encoding='utf-8'))
share = float(sys.argv[4])
name_key = sys.argv[5]
def pts(g):
    c = g['coordinates']
    polys = c if g['type'] == 'MultiPolygon' else [c]
    return [p for poly in polys for ring in poly for p in ring]
P = [p for f in unit['features'] for p in pts(f['geometry'])]
u = (min(p[0] for p in P), min(p[1] for p in P),
     max(p[0] for p in P), max(p[1] for p in P))
mx, my = (u[2] - u[0]) * 0.05, (u[3] - u[1]) * 0.05
tol = (u[2] - u[0]) * 0.003
maps = re.findall(r'<figure class="map" data-bbox="([^"]+)" '
                  r'data-scale="(\d+)" data-labels="([^"]*)"', page)
assert maps, 'no map'
names = {f['properties'][name_key] for f in subs['features']}
for bbox, scale, labels in maps:
    b = [float(v) for v in bbox.split(',')]
    assert b[0] <= u[0] and b[1] <= u[1] and b[2] >= u[2] and b[3] >= u[3], (b, u)
    assert b[0] >= u[0] - mx - tol and b[1] >= u[1] - my - tol, (b, u)
    assert b[2] <= u[2] + mx + tol and b[3] <= u[3] + my + tol, (b, u)
    assert int(scale) > 0
    placed = {l['text'] for l in json.loads(H.unescape(labels))}
    assert placed <= names, placed - names
    assert len(placed) >= share * len(names), (len(placed), len(names),
                                               sorted(names - placed))
    # Names do not overlap.
    L = json.loads(H.unescape(labels))
    for i, a in enumerate(L):
        for c in L[i + 1:]:
            assert not (a['x'] < c['x'] + c['w'] and c['x'] < a['x'] + a['w']
                        and a['y'] < c['y'] + c['h'] and c['y'] < a['y'] + a['h']), (a, c)
PY

$GEN --quiet --years 2016-2017,2017-2018 "$T/in"
run "$SG" init -q
run "$SG" import units "$T/in/district.geojson" --kind district -q
run "$SG" import units "$T/in/communes.geojson" -q
run "$SG" import population "$T/in/population.csv" -q
run "$SG" import schools "$T/in/schools.csv" -q
run "$SG" catchments --level primary --method voronoi -q
run "$SG" catchments --level primary --method distance -q
check "a Vietnamese district report shows no English string" bash -c "
$SG report --unit 783 -o '$T/d.html' -q --no-csv &&
python3 '$T/scan.py' '$T/d.html' '$T/english.txt' '$T/visible.py'"
check "each map of the district shows the district and names all its wards" \
	python3 "$T/extent.py" "$T/d.html" "$T/in/district.geojson" \
	"$T/in/communes.geojson" 1 "Tên xã"
check "--lang en shows the English legends and level names" bash -c "
$SG report --unit 783 --lang en -o '$T/e.html' -q --no-csv &&
python3 '$T/visible.py' '$T/e.html' > '$T/e.txt' &&
grep -qx 'Students per teaching computer' '$T/e.txt' &&
grep -qx 'Meets the standard' '$T/e.txt' &&
grep -qx 'Primary, Lower secondary' '$T/e.txt' &&
! grep -q 'Tỷ lệ trường đạt chuẩn' '$T/e.txt'"
check "CSV for spreadsheets: report annexes and stats --csv --excel start with a BOM" bash -c "
$SG report --unit 783 -o '$T/b.html' -q &&
head -c 3 '$T/b-levels.csv' | od -An -tx1 | grep -q 'ef bb bf' &&
$SG stats ratios --csv --excel > '$T/x.csv' &&
$SG stats ratios --csv > '$T/p.csv' &&
head -c 3 '$T/x.csv' | od -An -tx1 | grep -q 'ef bb bf' &&
! head -c 3 '$T/p.csv' | od -An -tx1 | grep -q 'ef bb bf' &&
cmp <(tail -c +4 '$T/x.csv') '$T/p.csv'"
check "tiles --lang en: English legends; vi by default" bash -c "
$SG tiles --layer units --zoom 10 -o '$T/v.mbtiles' -q &&
$SG tiles --layer units --zoom 10 --lang en -o '$T/e.mbtiles' -q &&
grep -q 'Tỷ lệ trường đạt chuẩn máy tính' '$T/v.tilejson' &&
grep -q 'Schools meeting the computer standard' '$T/e.tilejson' &&
$SG tiles --layer units --zoom 10 --lang fr -o '$T/f.mbtiles' -q
[ \$? -eq 5 ]"
check "students of multi-level schools are whole numbers" bash -c "
python3 - '$T/d.html' <<'PY'
import re, sys
html = open(sys.argv[1], encoding='utf-8').read()
# The schools table's students column (4th) holds integers.
t = html[html.index('data-col=\"school_code\"'):]
t = t[:t.index('</table>')]
for row in re.findall(r'<tr>(.*?)</tr>', t)[1:]:
    cells = re.findall(r'<td[^>]*>([^<]*)</td>', row)
    assert ',' not in cells[3], cells
PY"

if [ -n "$data" ] && [ -r "$data/ha-noi/districts.geojson" ]; then
	# A city: Ha Noi's 30 districts and schools generated inside them.
	python3 - "$data/ha-noi/districts.geojson" "$T" <<'PY'
import json, random, sys
random.seed(1)
d = json.load(open(sys.argv[1], encoding='utf-8'))
feats = []
for f in d['features']:
    p = f['properties']
    feats.append({'type': 'Feature', 'geometry': f['geometry'],
                  'properties': {'code': p['Mã quận huyện'],
                                 'name': p['Tên quận huyện'],
                                 'parent_code': '01'}})
json.dump({'type': 'FeatureCollection', 'features': feats},
          open(sys.argv[2] + '/districts.geojson', 'w'), ensure_ascii=False)
def rings(g):
    polys = g['coordinates'] if g['type'] == 'MultiPolygon' else [g['coordinates']]
    return [r for p in polys for r in p]
def inside(x, y, g):
    c = False
    for r in rings(g):
        for i in range(len(r) - 1):
            (x1, y1), (x2, y2) = r[i][:2], r[i + 1][:2]
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                c = not c
    return c
xs = [pt[0] for f in feats for r in rings(f['geometry']) for pt in r]
ys = [pt[1] for f in feats for r in rings(f['geometry']) for pt in r]
box = (min(xs) - .01, min(ys) - .01, max(xs) + .01, max(ys) + .01)
ring = [[box[0], box[1]], [box[2], box[1]], [box[2], box[3]],
        [box[0], box[3]], [box[0], box[1]]]
json.dump({'type': 'FeatureCollection', 'features': [{'type': 'Feature',
          'properties': {'code': '01', 'name': 'Thành phố Hà Nội'},
          'geometry': {'type': 'Polygon', 'coordinates': [ring]}}]},
          open(sys.argv[2] + '/city.geojson', 'w'), ensure_ascii=False)
levels = ['primary', 'lower_secondary', 'upper_secondary', 'preschool',
          'primary,lower_secondary']
with open(sys.argv[2] + '/schools.csv', 'w', encoding='utf-8') as o:
    o.write('code,name,levels,year,lon,lat,students,classes,'
            'computers_teaching,computers_management\n')
    n = 0
    for f in feats:
        for k in range(4):
            for _ in range(1000):
                x = random.uniform(box[0], box[2])
                y = random.uniform(box[1], box[3])
                if inside(x, y, f['geometry']):
                    break
            else:
                continue
            n += 1
            lv = levels[n % len(levels)]
            st = random.randint(300, 1500)
            o.write(f'HN{n:04d},"Trường {f["properties"]["name"]} {k + 1}",'
                    f'"{lv}",2023-2024,{x:.6f},{y:.6f},{st},{st // 35},'
                    f'{random.randint(0, 60)},{random.randint(0, 5)}\n')
PY
	export SCHOOLGIS_DB=$T/city.sqlite
	run "$SG" init -q
	run "$SG" import units "$T/city.geojson" --kind city -q
	run "$SG" import units "$T/districts.geojson" --kind district -q
	"$SG" import schools "$T/schools.csv" -q
	check "a Vietnamese city report of 30 districts shows no English string" \
		bash -c "
	$SG report --unit 01 -o '$T/c.html' -q --no-csv &&
	python3 '$T/scan.py' '$T/c.html' '$T/english.txt' '$T/visible.py'"
	# The city's box is its districts' (the test's city polygon is a
	# rectangle around them).  The inner-city districts are small at
	# the city's scale: most names fit, none overlaps.
	check "each map of the city shows the city and names its districts" \
		python3 "$T/extent.py" "$T/c.html" "$T/districts.geojson" \
		"$T/districts.geojson" 0.7 name
else
	skip "a Vietnamese city report of 30 districts" \
		"no shared data at '$data'"
fi
tap_done
