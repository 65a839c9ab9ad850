#!/usr/bin/env bash
# The README's screenshots, made from the sample district (sg-gensample):
# a report page (the PDF's first map page, by pdftoppm), one map of the
# report (its embedded PNG) and the web viewer (headless Chromium on a
# 127.0.0.1 server, after a search and a click).  Writes docs/report.png,
# docs/map.png and docs/viewer.png.
# Usage: scripts/screenshots.sh [BUILD_DIR]   (default: build)
# Needs chromium, poppler-utils, python3 (scripts/deps.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
sg=$build/cli/schoolgis
gen=$build/sg-gensample
out=$root/docs
T=$(mktemp -d)
srv=
trap '[ -n "$srv" ] && kill "$srv" 2>/dev/null; rm -rf "$T"' EXIT
mkdir -p "$out"
export SCHOOLGIS_DB=$T/s.sqlite
"$gen" --quiet --years 2016-2017,2017-2018 "$T/in"
"$sg" init -q
"$sg" import units "$T/in/district.geojson" --kind district -q
"$sg" import units "$T/in/communes.geojson" -q
"$sg" import population "$T/in/population.csv" -q
"$sg" import schools "$T/in/schools.csv" -q
"$sg" catchments --level primary --method voronoi -q
"$sg" catchments --level primary --method distance -q
"$sg" report --unit 783 -o "$T/r.html" --pdf -q --no-csv

# A report page: the first page that carries a map.
page=$(python3 - "$T/r.pdf" <<'PY'
import subprocess, sys
n = int([l.split()[1] for l in subprocess.check_output(
    ['pdfinfo', sys.argv[1]]).decode().splitlines() if l.startswith('Pages:')][0])
for p in range(1, n + 1):
    t = subprocess.check_output(['pdftotext', '-f', str(p), '-l', str(p),
                                 sys.argv[1], '-']).decode()
    if 'Tỷ lệ 1:' in t:
        print(p); break
else:
    print(1)
PY
)
pdftoppm -png -r 60 -f "$page" -l "$page" -singlefile "$T/r.pdf" "$out/report"

# A map: the report's schools-by-compliance map, as embedded.
python3 - "$T/r.html" "$out/map.png" <<'PY'
import base64, re, sys
imgs = re.findall(r'src="data:image/png;base64,([^"]+)"',
                  open(sys.argv[1], encoding='utf-8').read())
open(sys.argv[2], 'wb').write(base64.b64decode(imgs[1]))
PY

# The viewer, after a search for a school and a click on the map.
"$sg" tiles --layer catchments,schools --zoom 10-13 -o "$T/www" -q
cat > "$T/www/shot.html" <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="icon" href="data:,"><style>body{margin:0}</style></head><body>
<iframe id="v" src="viewer.html" width="1100" height="720"
 style="border:0"></iframe>
<script>
setTimeout(function () {
  var w = document.getElementById('v').contentWindow, d = w.document;
  var m = w.SGV.map, c = m.getCenter();
  m.fire('click', { latlng: w.L.latLng(c.lat + 0.01, c.lng - 0.02) });
  var i = d.querySelector('.sg-search');
  i.value = 'Phước Thạnh';
  i.dispatchEvent(new w.Event('input'));
}, 4000);
</script></body></html>
HTML
python3 -m http.server 0 --bind 127.0.0.1 --directory "$T/www" \
	>"$T/http.log" 2>&1 &
srv=$!
port=
for _ in $(seq 50); do
	port=$(sed -n 's/.*port \([0-9][0-9]*\).*/\1/p' "$T/http.log" | head -1)
	[ -n "$port" ] && break
	sleep 0.1
done
chromium --headless --no-sandbox --disable-gpu --no-first-run \
	--disable-background-networking --disable-component-update \
	--user-data-dir="$T/prof" --hide-scrollbars --window-size=1100,720 \
	--virtual-time-budget=9000 --screenshot="$out/viewer.png" \
	"http://127.0.0.1:$port/shot.html" >/dev/null 2>&1
ls -l "$out"/report.png "$out"/map.png "$out"/viewer.png
