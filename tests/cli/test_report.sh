#!/usr/bin/env bash
# CLI checks of `schoolgis report` on the sample district: the figures
# equal `schoolgis stats`, the HTML parses and makes no request, the
# languages, the city comparison, PDF through headless Chromium, errors.
# Usage: test_report.sh SCHOOLGIS SG_GENSAMPLE
set -u
. "$(dirname "$0")/tap.sh"
sg=$1
gen=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
T=$tmp
tap_init
export SCHOOLGIS_DB=$tmp/s.sqlite
"$gen" --quiet --years 2016-2017,2017-2018 --applicants 300 "$tmp/in"
# A city around the district, so the district has a parent.
cat > "$tmp/city.geojson" <<'JSON'
{"type":"FeatureCollection","features":[{"type":"Feature","properties":
{"code":"79","name":"Thành phố Hồ Chí Minh"},"geometry":{"type":"Polygon",
"coordinates":[[[106.0,10.5],[107.2,10.5],[107.2,11.5],[106.0,11.5],
[106.0,10.5]]]}}]}
JSON
$sg init -q
$sg import units "$tmp/city.geojson" --kind city -q
$sg import units "$tmp/in/district.geojson" --kind district -q
$sg import units "$tmp/in/communes.geojson" -q
$sg import population "$tmp/in/population.csv" -q
$sg import schools "$tmp/in/schools.csv" -q
$sg catchments --level primary --method voronoi -q
$sg catchments --level primary --method distance -q
mkdir -p "$tmp/out"
cat > "$tmp/maps.py" <<'PY'
# Every map of the report is an embedded PNG that is not blank.
import base64, re, struct, sys, zlib
html = open(sys.argv[1], encoding='utf-8').read()
imgs = re.findall(r'<img [^>]*src="data:image/png;base64,([^"]+)"', html)
assert len(imgs) == int(sys.argv[2]), (len(imgs), sys.argv[2])
for b64 in imgs:
    data = base64.b64decode(b64)
    assert data[:8] == b'\x89PNG\r\n\x1a\n'
    pos, idat = 8, b''
    while pos < len(data):
        ln, typ = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + ln]
        if typ == b'IHDR':
            w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
        if typ == b'PLTE':
            colours = len(body) // 3
        if typ == b'IDAT':
            idat += body
        pos += 12 + ln
    raw = zlib.decompress(idat)
    # Distinct bytes of the (filtered) rows: a blank image has almost
    # none; a palette image must also have more than a few colours.
    assert len(set(raw)) > 8, len(set(raw))
    if ctype == 3:
        assert colours > 4, colours
PY
cat > "$tmp/annex.py" <<'PY'
# Read a CSV annex: UTF-8 with a byte order mark, column labels in the
# report's language; the HTML's <th data-col="name">label</th> maps each
# label back to its column name.
import csv, html, re
def read(path, html_path):
    raw = open(path, 'rb').read()
    assert raw[:3] == b'\xef\xbb\xbf', 'no UTF-8 byte order mark: ' + path
    names = {}
    for col, label in re.findall(r'<th data-col="([^"]+)">([^<]*)</th>',
                                 open(html_path, encoding='utf-8').read()):
        names[html.unescape(label)] = col
    rows = list(csv.reader(open(path, encoding='utf-8-sig')))
    head = [names.get(h, h) for h in rows[0]]
    return [dict(zip(head, r)) for r in rows[1:]]
PY

check "report --unit 783 writes the HTML and CSV annexes" bash -c "
$sg report --unit 783 -o '$tmp/out/r.html' -q &&
[ -s '$tmp/out/r.html' ] && [ -s '$tmp/out/r-levels.csv' ] &&
[ -s '$tmp/out/r-units.csv' ] && [ -s '$tmp/out/r-schools.csv' ] &&
[ -s '$tmp/out/r-trends.csv' ]"
check "the HTML parses: every element closed, in order" python3 -c "
from html.parser import HTMLParser
VOID = {'meta', 'br', 'img', 'hr', 'link', 'input'}
SVGLEAF = {'rect', 'line', 'path', 'circle'}
class P(HTMLParser):
    def __init__(s):
        super().__init__(); s.stack = []
    def handle_starttag(s, t, a):
        if t not in VOID: s.stack.append(t)
    def handle_startendtag(s, t, a): pass
    def handle_endtag(s, t):
        if t in VOID: return
        assert s.stack and s.stack[-1] == t, (t, s.stack[-5:])
        s.stack.pop()
p = P(); p.feed(open('$tmp/out/r.html', encoding='utf-8').read()); p.close()
assert p.stack == [], p.stack"
check "no external request: only data: images, no href or url()" bash -c "
! grep -Eq 'src=\"[^d]|src=\"d[^a]|href=|url\\(|@import' '$tmp/out/r.html' &&
[ \$(grep -o 'http[s]*://[^\"]*' '$tmp/out/r.html' | grep -vc 'www.w3.org/2000/svg') -eq 0 ]"
check "levels annex equals stats ratios --by district for 783" python3 -c "
import csv, io, subprocess
out = subprocess.check_output(['$sg', 'stats', 'ratios', '--by', 'district', '--csv']).decode()
stats = {r['level']: r for r in csv.DictReader(io.StringIO(out)) if r['unit_code'] == '783'}
import sys; sys.path.insert(0, '$tmp'); import annex
rep = annex.read('$tmp/out/r-levels.csv', '$tmp/out/r.html')
assert len(rep) == len(stats) and len(rep) >= 5, (len(rep), len(stats))
for r in rep:
    for k, v in r.items():
        assert stats[r['level']][k] == v, (r['level'], k, v, stats[r['level']][k])"
check "wards annex equals the roll-up rows of the district's wards" python3 -c "
import csv, io, subprocess
out = subprocess.check_output(['$sg', 'stats', 'rollup', '--csv']).decode()
roll = {r['unit_code']: r for r in csv.DictReader(io.StringIO(out)) if r['parent_code'] == '783'}
import sys; sys.path.insert(0, '$tmp'); import annex
rep = annex.read('$tmp/out/r-units.csv', '$tmp/out/r.html')
assert len(rep) == 21 == len(roll)
for r in rep:
    for k, v in r.items():
        assert roll[r['unit_code']][k] == v, (k, v)"
check "the key figures show the district's students in Vietnamese format" python3 -c "
import csv, io, subprocess
out = subprocess.check_output(['$sg', 'stats', 'ratios', '--by', 'district', '--csv']).decode()
st = [r for r in csv.DictReader(io.StringIO(out)) if r['unit_code'] == '783' and r['level'] == 'all'][0]
n = int(st['students'])
vi = f'{n:,}'.replace(',', '.')
html = open('$tmp/out/r.html', encoding='utf-8').read()
assert vi in html, vi
assert 'năm học 2017-2018' in html and 'Số liệu chính' in html"
check "4 maps, each an embedded PNG that is not blank" \
	python3 "$tmp/maps.py" "$tmp/out/r.html" 4
check "maps have a legend, a scale bar and a north arrow" bash -c "
[ \$(grep -o 'class=\"legend\"' '$tmp/out/r.html' | wc -l) -eq 4 ] &&
[ \$(grep -o 'class=\"scale\"' '$tmp/out/r.html' | wc -l) -eq 4 ] &&
[ \$(grep -o 'class=\"north\"' '$tmp/out/r.html' | wc -l) -eq 4 ]"
check "with --year of an admissions run, the report shows its placements" bash -c "
$sg import applicants '$tmp/in/applicants_g1.csv' -q; rc=\$?; [ \$rc -eq 0 ] || [ \$rc -eq 3 ] &&
$sg admit --grade 1 --year 2016-2017 -o '$tmp/out/adm' -q &&
$sg report --unit 783 --year 2016-2017 --no-csv -o '$tmp/out/r16.html' -q &&
python3 -c \"
import json
t = json.load(open('$tmp/out/adm/summary.json'))['totals']
placed = f\\\"{int(t['placed']):,}\\\".replace(',', '.')
html = open('$tmp/out/r16.html', encoding='utf-8').read()
i = html.index('Tuyển sinh lớp 1')
assert placed + ' được xếp trường' in html[i:i + 2000], placed
\""
check "the schools annex lists the district's 112 schools" python3 -c "
import sys; sys.path.insert(0, '$tmp'); import annex
assert len(annex.read('$tmp/out/r-schools.csv', '$tmp/out/r.html')) == 112"
check "trends cover both years" python3 -c "
import sys; sys.path.insert(0, '$tmp'); import annex
rows = annex.read('$tmp/out/r-trends.csv', '$tmp/out/r.html')
assert '2016-2017' in rows[0] and '2017-2018' in rows[0] and 'change' in rows[0]"
check "English with --lang en, numbers 1,234.5" bash -c "
$sg report --unit 783 --lang en --no-csv -o '$tmp/out/en.html' -q &&
grep -q 'School network report' '$tmp/out/en.html' &&
grep -q 'Annex A. Method and definitions' '$tmp/out/en.html' &&
grep -Eq '>[0-9]{1,3}(,[0-9]{3})+<' '$tmp/out/en.html' && ! ls '$tmp/out'/en-*.csv"
check "city report compares its districts" bash -c "
$sg report --unit 79 -o '$tmp/out/city.html' -q &&
grep -q 'Theo quận, huyện' '$tmp/out/city.html' &&
grep -q '^783,' '$tmp/out/city-units.csv' &&
python3 '$tmp/maps.py' '$tmp/out/city.html' 3"
check "an existing report is kept without --force (exit 5)" bash -c "
$sg report --unit 783 -o '$tmp/out/r.html' -q; [ \$? -eq 5 ]"
check "an unknown unit exits 4" bash -c "
$sg report --unit 99999 -o '$tmp/out/x.html' -q; [ \$? -eq 4 ] && [ ! -e '$tmp/out/x.html' ]"
check "a ward exits 5" bash -c "
$sg report --unit 27511 -o '$tmp/out/x.html' -q; [ \$? -eq 5 ]"
check "--pdf without Chromium says how to install it (exit 4)" bash -c "
PATH=/nonexistent $sg report --unit 783 -o '$tmp/out/p.html' --pdf 2>'$tmp/err'; rc=\$?
[ \$rc -eq 4 ] && grep -q 'apt-get install chromium' '$tmp/err' && [ -s '$tmp/out/p.html' ]"
if command -v chromium >/dev/null && command -v pdfinfo >/dev/null; then
	check "--pdf prints A4 pages: the body plus one per annex" bash -c "
	$sg report --unit 783 -o '$tmp/out/p.html' -f --pdf -q &&
	pages=\$(pdfinfo '$tmp/out/p.pdf' | awk '/^Pages:/ {print \$2}') &&
	pdfinfo '$tmp/out/p.pdf' | grep -q '(A4)' &&
	[ \"\$pages\" -ge 4 ] && [ \"\$pages\" -le 30 ]"
	# Nothing cut off: every word pdftotext finds lies inside the page
	# less 1 cm on each side (the text area is 1.5 cm in, the running
	# header and footer in the 1.8 cm top and bottom margins), on every
	# page; each page carries its number, the unit and the year.
	check "the PDF: every word inside the printable area, pages numbered" bash -c "
	pdftotext -bbox '$tmp/out/p.pdf' '$tmp/out/p.bbox.html' &&
	python3 - '$tmp/out/p.bbox.html' <<'PY'
import re, sys
h = open(sys.argv[1], encoding='utf-8').read()
pages = re.findall(r'<page width=\"([\\d.]+)\" height=\"([\\d.]+)\">(.*?)</page>', h, re.S)
assert len(pages) >= 4, len(pages)
cm = 72 / 2.54
for n, (W, H, body) in enumerate(pages, 1):
    W, H = float(W), float(H)
    words = re.findall(r'<word xMin=\"([-\\d.]+)\" yMin=\"([-\\d.]+)\" '
                       r'xMax=\"([-\\d.]+)\" yMax=\"([-\\d.]+)\">([^<]*)</word>', body)
    assert words, n
    for x0, y0, x1, y1, w in words:
        x0, y0, x1, y1 = map(float, (x0, y0, x1, y1))
        assert cm <= x0 and x1 <= W - cm and cm / 2 <= y0 and y1 <= H - cm / 2, \\
            (n, w, x0, y0, x1, y1, W, H)
    text = ' '.join(w[4] for w in words)
    assert f'Trang {n} / {len(pages)}' in text, (n, text[-80:])
    assert 'Huyện Củ Chi' in text and 'Năm học 2017-2018' in text, n
PY"
	check "headless Chromium renders the report: not blank, no console error" bash -c "
	cd '$tmp' && chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update \
		--disable-sync --user-data-dir='$tmp/prof' --window-size=1000,1400 \
		--enable-logging=stderr --v=0 --screenshot='$tmp/shot.png' \
		'file://$tmp/out/r.html' 2>'$tmp/chrome.log' &&
	! grep -q 'CONSOLE' '$tmp/chrome.log' &&
	python3 - '$tmp/shot.png' <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n'
pos, idat, w = 8, b'', 0
while pos < len(data):
    ln, typ = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + ln]
    if typ == b'IHDR':
        w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
    if typ == b'IDAT':
        idat += body
    pos += 12 + ln
raw = zlib.decompress(idat)
bpp = 4 if ctype == 6 else 3
stride = w * bpp + 1
colours = set()
for y in range(0, h, 7):
    row = raw[y * stride + 1:(y + 1) * stride]
    for x in range(0, len(row), bpp * 5):
        colours.add(row[x:x + bpp])
assert len(colours) > 5, len(colours)
PY"
else
	check "chromium and pdfinfo are needed (scripts/deps.sh installs them)" false
fi
tap_done
