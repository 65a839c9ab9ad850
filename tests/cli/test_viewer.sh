#!/usr/bin/env bash
# `schoolgis tiles` on the sample district: the command line (usage
# errors, styles, MBTiles read by GDAL, a static map), then the web
# viewer in a real browser: the catchments and schools as an XYZ
# directory, served on a free 127.0.0.1 port by python3 -m http.server
# and opened in headless Chromium.  Checks: tiles load, no console
# message, no failed or outside-localhost request, the school layer and
# its popups' data load, and a screenshot that is not blank.
# Usage: test_viewer.sh SCHOOLGIS SG_GENSAMPLE
# Needs the Debian packages chromium, libjs-leaflet and python3: when one
# is missing the test FAILS (scripts/deps.sh installs them).
set -u
sg=$1
gen=$2
tmp=$(mktemp -d)
srv_pid=
cleanup() {
	[ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
# python3 resolved once, not through a launcher (tap.sh: tap_python).
. "$(dirname "$0")/tap.sh"
tap_python "$tmp/.bin"
pass=0
fail=0
n=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; }
check() {   # check DESCRIPTION COMMAND...
	local d=$1
	shift
	if "$@" >"$tmp/check.out" 2>&1; then
		ok "$d"
	else
		notok "$d"
		sed 's/^/#   /' "$tmp/check.out"
	fi
}
finish() {
	echo "1..$n"
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit $?
}

export SCHOOLGIS_DB=$tmp/s.sqlite
"$gen" --quiet "$tmp/in"
$sg init -q
$sg import units "$tmp/in/district.geojson" --kind district -q
$sg import units "$tmp/in/communes.geojson" \
	--population-field "Dân số 2019" --year 2019 -q
$sg import schools "$tmp/in/schools.csv" -q
$sg catchments --level primary --method voronoi -q

# The command line (no browser needed).
check "tiles --help" bash -c "$sg tiles --help | grep -q -- '--layer'"
check "bad layer: usage error (exit 2)" bash -c \
	"$sg tiles --layer roads -o '$tmp/x'; [ \$? -eq 2 ]"
check "no output: usage error (exit 2)" bash -c \
	"$sg tiles --layer units; [ \$? -eq 2 ]"
check "bad zoom: usage error (exit 2)" bash -c \
	"$sg tiles --layer units --zoom 16-10 -o '$tmp/x'; [ \$? -eq 2 ]"
check "unknown indicator: exit 5, the choices listed" bash -c \
	"$sg tiles --layer catchments --by colour -o '$tmp/x' 2>'$tmp/err'; [ \$? -eq 5 ] && grep -q utilization '$tmp/err'"
check "no distance run: unserved areas not found (exit 4)" bash -c \
	"$sg tiles --layer unserved -o '$tmp/x' 2>'$tmp/err'; [ \$? -eq 4 ] && grep -q 'schoolgis catchments' '$tmp/err'"
check "--print-style prints every layer, --set changes a value" bash -c \
	"$sg tiles --print-style --set catchments.opacity=0.5 > '$tmp/style.ini' && grep -q '^\[schools\]' '$tmp/style.ini' && grep -q '^opacity = 0.5' '$tmp/style.ini'"
check "a printed style loads back" bash -c \
	"$sg tiles --style '$tmp/style.ini' --print-style | tail -n +2 | diff - <(tail -n +2 '$tmp/style.ini')"
check "a bad style names file and line (exit 5)" bash -c \
	"printf '[units]\nramp = rainbow\n' > '$tmp/bad.ini'; $sg tiles --style '$tmp/bad.ini' --layer units -o '$tmp/x' 2>'$tmp/err'; [ \$? -eq 5 ] && grep -q 'bad.ini:2' '$tmp/err'"
check "MBTiles with a --json summary" python3 -c "
import json, subprocess
r = json.loads(subprocess.check_output(['$sg', 'tiles', '--layer', 'units,schools', '--by', 'students_per_teaching_computer', '--zoom', '10-12', '-o', '$tmp/u.mbtiles', '--json']))
assert r['written'] > 0 and r['tiles'] == r['written'] + r['empty'] and r['minzoom'] == 10, r"
check "GDAL reads the MBTiles: zoom 12, 2 overviews" bash -c \
	"gdalinfo '$tmp/u.mbtiles' > '$tmp/gi' && grep -q 'Driver: MBTiles' '$tmp/gi' && grep -q 'ZOOM_LEVEL=12' '$tmp/gi' && grep -q 'Overviews: [0-9]*x[0-9]*, [0-9]*x[0-9]*\$' '$tmp/gi'"
check "legend and TileJSON beside the MBTiles" bash -c \
	"python3 -c \"import json; json.load(open('$tmp/u.legend.json')); t = json.load(open('$tmp/u.tilejson')); assert t['tilejson'] == '3.0.0'\""
check "an existing output is kept without --force (exit 5)" bash -c \
	"$sg tiles --layer units --zoom 10 -o '$tmp/u.mbtiles'; [ \$? -eq 5 ] && $sg tiles --layer units --zoom 10 -o '$tmp/u.mbtiles' -f -q"
check "--png writes a static map of the given size" python3 -c "
import struct, subprocess
subprocess.check_call(['$sg', 'tiles', '--layer', 'catchments,schools', '--png', '$tmp/m.png', '--size', '400x300', '--background', '#ffffff', '-q'])
d = open('$tmp/m.png', 'rb').read()
assert d[:8] == b'\x89PNG\r\n\x1a\n' and struct.unpack('>II', d[16:24]) == (400, 300)"

# The viewer in a browser: chromium, Leaflet and python3 are required.
chromium=$(command -v chromium || command -v chromium-browser || true)
for need in "$chromium" /usr/share/javascript/leaflet/leaflet.js \
	    "$(command -v python3)"; do
	if [ -z "$need" ] || [ ! -e "$need" ]; then
		notok "chromium, libjs-leaflet and python3 are installed (run scripts/deps.sh: apt-get install chromium libjs-leaflet python3)"
		finish
	fi
done
ok "chromium, libjs-leaflet and python3 are installed"

www=$tmp/www
check "tiles writes an XYZ directory with the viewer" \
	$sg tiles --layer catchments,schools --zoom 10-14 -o "$www" -q
[ -f "$www/viewer.html" ] || finish

# The server: port 0 picks a free port; it prints the one it took.
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$www" \
	>"$tmp/http.log" 2>&1 &
srv_pid=$!
port=
for _ in $(seq 50); do
	port=$(sed -n 's/.*port \([0-9][0-9]*\).*/\1/p' "$tmp/http.log" | head -1)
	[ -n "$port" ] && break
	sleep 0.1
done
[ -n "$port" ] || { notok "http.server started"; finish; }
base=http://127.0.0.1:$port

# A page next to the viewer that loads it in a frame and, after the
# tiles had time to load, writes what the viewer reports and every
# resource the frame fetched.
cat >"$www/check.html" <<'HTML'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head>
<body>
<iframe id="v" src="viewer.html" width="1000" height="700"></iframe>
<pre id="out">pending</pre>
<script>
setTimeout(function () {
  var w = document.getElementById('v').contentWindow;
  var names = function (p) {
    return p.getEntriesByType('resource').map(function (e) { return e.name; });
  };
  document.getElementById('out').textContent = JSON.stringify({
    state: JSON.parse(w.document.documentElement.getAttribute('data-sg-state')),
    tiles: w.document.querySelectorAll('img.leaflet-tile-loaded').length,
    markers: w.document.querySelectorAll('path.leaflet-interactive').length,
    legend: w.document.querySelectorAll('.sg-legend div').length,
    resources: names(w.performance).concat(names(performance))
  });
}, 5000);
</script>
</body></html>
HTML

run_chromium() {   # run_chromium OUTFILE ERRFILE ARGS...
	local out=$1 err=$2
	shift 2
	timeout 120 "$chromium" --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync \
		--user-data-dir="$(mktemp -d "$tmp/profile.XXXXXX")" \
		--host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1" \
		--enable-logging=stderr --v=0 --hide-scrollbars \
		--window-size=1000,800 --virtual-time-budget=15000 \
		"$@" >"$out" 2>"$err"
}

run_chromium "$tmp/dom.html" "$tmp/chromium.log" --dump-dom "$base/check.html"
python3 - "$tmp/dom.html" "$base" >"$tmp/report.json" 2>"$tmp/report.err" <<'PY'
import html, json, re, sys
dom = open(sys.argv[1], encoding='utf-8').read()
m = re.search(r'<pre id="out">(.*?)</pre>', dom, re.S)
print(html.unescape(m.group(1)) if m else 'null')
PY
report() {   # report PYTHON-EXPRESSION (r is the parsed report)
	python3 -c "
import json, sys
r = json.load(open('$tmp/report.json'))
assert r is not None, 'the check page wrote nothing'
ok = $1
print(json.dumps(r)[:2000])
sys.exit(0 if ok else 1)"
}
check "the viewer loaded tiles" report "r['state']['tilesLoaded'] > 0 and r['tiles'] > 0"
check "no tile failed to load" report "r['state']['tileErrors'] == 0"
check "the school layer loaded (112 schools, popups bound)" \
	report "r['state']['schools'] == 112 and r['markers'] >= 112"
check "the legend is drawn" report "r['legend'] >= 5"
check "no script error in the page" report "r['state']['errors'] == []"
check "every request went to $base" \
	report "all(u.startswith('$base/') or u.startswith('data:') for u in r['resources']) and len(r['resources']) > 3"
check "no console message" bash -c "! grep -a 'CONSOLE' '$tmp/chromium.log'"
check "no request failed at the server (no 404)" \
	bash -c "grep -q '\"GET /viewer.html' '$tmp/http.log' && ! grep -E '\" (4|5)[0-9][0-9] ' '$tmp/http.log'"

# Search, click and popups, driven like a person would in the page:
# points chosen independently (the nearest primary school of
# in/schools.csv by great-circle distance, far from the second nearest
# and from every school) must be reported as in that school's catchment.
python3 - "$tmp/in/schools.csv" "$tmp/in/communes.geojson" \
	>"$www/points.json" <<'PY'
import csv, json, math, random, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8')))
def f(r, *k):
    for x in k:
        if r.get(x) not in (None, ''): return float(r[x])
lonk = [k for k in rows[0] if k.lower() in ('lon', 'kinh độ', 'x', 'longitude')][0]
latk = [k for k in rows[0] if k.lower() in ('lat', 'vĩ độ', 'y', 'latitude')][0]
codek = [k for k in rows[0] if k.lower() in ('code', 'mã trường')][0]
namek = [k for k in rows[0] if k.lower() in ('name', 'tên trường')][0]
levk = [k for k in rows[0] if k.lower() in ('levels', 'cấp học')][0]
S = [(r[codek], float(r[lonk]), float(r[latk]), r[namek], r[levk]) for r in rows]
prim = lambda lv: lv in ('Tiểu học', 'TH-THCS') or 'primary' in lv
P = [s for s in S if prim(s[4])]
def d(a, b):
    R, rad = 6371008.8, math.pi / 180
    h = (math.sin((b[1] - a[1]) * rad / 2) ** 2 + math.cos(a[1] * rad) *
         math.cos(b[1] * rad) * math.sin((b[0] - a[0]) * rad / 2) ** 2)
    return 2 * R * math.asin(math.sqrt(h))
# Inside the district: the catchments cover the study area only.
wards = json.load(open(sys.argv[2], encoding='utf-8'))['features']
def inside(x, y):
    for w in wards:
        g = w['geometry']
        polys = g['coordinates'] if g['type'] == 'MultiPolygon' else [g['coordinates']]
        c = False
        for poly in polys:
            for r in poly:
                for i in range(len(r) - 1):
                    (x1, y1), (x2, y2) = r[i][:2], r[i + 1][:2]
                    if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                        c = not c
        if c: return True
    return False
xs = [s[1] for s in P]; ys = [s[2] for s in P]
random.seed(7)
pts = []
while len(pts) < 5:
    p = (random.uniform(min(xs), max(xs)), random.uniform(min(ys), max(ys)))
    if not inside(*p): continue
    near = sorted((d(p, (s[1], s[2])), s[0]) for s in P)
    if near[1][0] - near[0][0] < 300: continue
    if min(d(p, (s[1], s[2])) for s in S) < 700: continue
    pts.append({'lon': p[0], 'lat': p[1], 'school': near[0][1],
                'distance': near[0][0]})
one = [s for s in S if s[4] == 'TH-THCS'] or S
print(json.dumps({'points': pts, 'search': one[0][3], 'code': one[0][0],
                  'nfd': one[0][3].lower()}))
PY
cat >"$www/check2.html" <<'HTML'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head>
<body>
<iframe id="v" src="viewer.html" width="1000" height="700"></iframe>
<pre id="out">pending</pre>
<script>
var out = {};
function done() {
  document.getElementById('out').textContent = JSON.stringify(out);
}
setTimeout(function () {
  fetch('points.json').then(function (r) { return r.json(); })
  .then(function (t) {
    var w = document.getElementById('v').contentWindow, d = w.document;
    var map = w.SGV.map, box = map.getContainer().getBoundingClientRect();
    out.clicks = t.points.map(function (p) {
      map.fitBounds(w.L.latLngBounds([p.lat - 0.02, p.lon - 0.02],
                                     [p.lat + 0.02, p.lon + 0.02]),
                    { animate: false });
      var c = map.latLngToContainerPoint([p.lat, p.lon]);
      var x = box.left + c.x, y = box.top + c.y;
      var target = d.elementFromPoint(x, y);
      ['mousedown', 'mouseup', 'click'].forEach(function (type) {
        target.dispatchEvent(new w.MouseEvent(type, { bubbles: true,
          cancelable: true, clientX: x, clientY: y, view: w }));
      });
      var st = JSON.parse(d.documentElement.getAttribute('data-sg-state'));
      return { want: p.school, got: st.click && st.click.school,
               inside: st.click && st.click.inside,
               distance: st.click && st.click.distance, want_d: p.distance,
               text: d.querySelector('.sg-info').textContent,
               target: target.tagName };
    });
    var input = d.querySelector('.sg-search');
    out.placeholder = input.placeholder;
    input.value = t.search;
    input.dispatchEvent(new w.Event('input'));
    out.hits = Array.prototype.map.call(d.querySelectorAll('.sg-hit'),
      function (h) { return [h.getAttribute('data-code'), h.textContent]; });
    var first = d.querySelector('.sg-hit[data-code="' + t.code + '"]');
    if (first) first.click();
    out.popup = Array.prototype.map.call(
      d.querySelectorAll('.leaflet-popup .sg-popup tr'),
      function (r) { return [r.cells[0].textContent, r.cells[1].textContent]; });
    d.querySelector('.sg-lang').click();
    out.placeholder_en = input.placeholder;
    out.legend_en = d.querySelector('.sg-legend').textContent;
    out.labels = d.querySelectorAll('.sg-label').length;
    out.state = JSON.parse(d.documentElement.getAttribute('data-sg-state'));
    done();
  }).catch(function (e) { out.error = String(e); done(); });
}, 5000);
</script>
</body></html>
HTML
run_chromium "$tmp/dom2.html" "$tmp/chromium2.log" --dump-dom "$base/check2.html"
python3 - "$tmp/dom2.html" >"$tmp/report2.json" 2>"$tmp/report2.err" <<'PY'
import html, re, sys
dom = open(sys.argv[1], encoding='utf-8').read()
m = re.search(r'<pre id="out">(.*?)</pre>', dom, re.S)
print(html.unescape(m.group(1)) if m else 'null')
PY
report2() {   # report2 PYTHON-STATEMENTS (r is the parsed report)
	python3 -c "
import json, sys
r = json.load(open('$tmp/report2.json'))
assert r is not None and 'error' not in r, r
t = json.load(open('$www/points.json'))
$1
"
}
check "the viewer speaks Vietnamese: search box, legend" report2 "
assert r['placeholder'].startswith('Tìm trường'), r['placeholder']
assert 'Chú giải' not in r['legend_en'] and 'Legend' in r['legend_en'], r['legend_en'][:200]
assert r['placeholder_en'].startswith('Find a school'), r['placeholder_en']"
check "searching a school's name finds it" report2 "
assert t['code'] in [h[0] for h in r['hits']], (t, r['hits'])"
check "its popup: Vietnamese numbers, ratios from the counts shown" report2 "
p = dict(r['popup'])
num = lambda s: float(s.replace('.', '').replace(',', '.'))
st, tc, mc = num(p['Số học sinh']), num(p['Máy tính dạy học']), num(p['Máy tính quản lý'])
assert p['Học sinh trên một máy tính dạy học'] == ('%.1f' % (st / tc)).replace('.', ','), p
assert p['Học sinh trên một máy tính (dạy học và quản lý)'] == ('%.1f' % (st / (tc + mc))).replace('.', ','), p
assert ',' in p['Cấp học'] and 'primary' not in p['Cấp học'], p"
check "a click reports the school an independent nearest-school search gives" report2 "
for c in r['clicks']:
    assert c['got'] == c['want'] and c['inside'], c
    assert abs(c['distance'] - c['want_d']) < 0.01 * c['want_d'] + 5, c
    assert 'vùng tuyển sinh' in c['text'] or 'catchment' in c['text'], c"
check "unit names are on the map" report2 "
assert r['labels'] == 21 and r['state']['units'] == 21, r['labels']"
check "no script error, no console message, no outside request (search and click)" bash -c "
python3 -c \"import json; r = json.load(open('$tmp/report2.json')); assert r['state']['errors'] == [], r['state']\" &&
! grep -a 'CONSOLE' '$tmp/chromium2.log' &&
! grep -E '\" (4|5)[0-9][0-9] ' '$tmp/http.log'"
check "the TileJSON's tiles URL is relative and names files beside it" python3 -c "
import json, os
t = json.load(open('$www/tilejson.json'))
u = t['tiles'][0]
assert '://' not in u and not u.startswith('/'), u
z = t['minzoom']
assert any(os.path.exists(os.path.join('$www', u.format(z=z, x=x, y=y)))
           for x in range(2 ** z) for y in range(2 ** z)), u"
check "without --name the tileset is named by the viewer's title in Vietnamese" python3 -c "
import json
t = json.load(open('$www/tilejson.json'))
assert t['name'].startswith('Bản đồ mạng lưới trường học'), t['name']"

# The screenshot: decode the PNG and count its colours.
run_chromium "$tmp/shot.out" "$tmp/shot.log" --screenshot="$tmp/shot.png" \
	"$base/viewer.html"
check "the screenshot is not blank" python3 - "$tmp/shot.png" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
pos, idat, w = 8, b'', 0
while pos < len(data):
    n, kind = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b'IHDR':
        w, h, depth, ctype, _, _, interlace = struct.unpack('>IIBBBBB', body)
        assert depth == 8 and ctype in (2, 6) and interlace == 0
        bpp = 3 if ctype == 2 else 4
    elif kind == b'IDAT':
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytearray(stride)
colours, counts = set(), {}
for y in range(h):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp):
        px = bytes(line[x:x + 3])
        colours.add(px)
        counts[px] = counts.get(px, 0) + 1
    prev = line
top = max(counts.values())
print(f'{w}x{h}, {len(colours)} colours, most common {100 * top / (w * h):.1f}%')
assert len(colours) >= 64, 'too few colours: blank page?'
assert top < 0.9 * w * h, 'one colour covers 90% of the page'
PY
finish
