#!/usr/bin/env bash
#
# tests/cli/test_admit_lookup.sh - the families' lookup site of `schoolgis
# admit --publish DIR` in headless Chromium: served on a free 127.0.0.1
# port by python3 -m http.server, driven by a check page beside it that
# loads index.html in a frame, looks up a known applicant through the
# form and with a wrong birth date, asks the zone lookup at placed homes
# and lists every resource fetched.  The expected school comes from
# internal.csv, the expected zones from zones.geojson read by Python.
#
# Usage: test_admit_lookup.sh PATH/TO/schoolgis PATH/TO/sg-gensample
# Prints TAP lines; exits 1 when a check failed.  Needs chromium,
# libjs-leaflet and python3 (scripts/deps.sh).
#
set -u
. "$(dirname "$0")/tap.sh"

tap_args "$@"
tap_need python3 sqlite3
T=$(mktemp -d "${TMPDIR:-/tmp}/sg-lookuptest.XXXXXX") || exit 2
srv_pid=
trap '[ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null; rm -rf "$T"' EXIT
cd "$T" || exit 2
unset SCHOOLGIS_DB SCHOOLGIS_STANDARDS
export LC_ALL=C.UTF-8 PYTHONIOENCODING=utf-8 SCHOOLGIS_DB=$T/s.sqlite
tap_init

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ] || [ ! -f /usr/share/javascript/leaflet/leaflet.js ]; then
    echo "Bail out! chromium and libjs-leaflet are needed (scripts/deps.sh)"
    exit 2
fi

"$GEN" --quiet --applicants 800 "$T/s" && "$SG" init -q &&
    "$SG" import units s/district.geojson --kind district -q &&
    "$SG" import units s/communes.geojson -q &&
    "$SG" import schools s/schools.csv -q &&
    "$SG" import applicants s/applicants_g1.csv -q ||
    { echo "Bail out! set-up failed"; exit 2; }

run "$SG" admit --grade 1 -o out --publish site --kdf-iterations 1000
ok "admit --publish writes the site" \
    eval 'rc_is 0 && [ -s site/index.html ] && [ -s site/lookup.js ] && [ -s site/params.json ] && [ -d site/r ] && [ -s site/leaflet/leaflet.js ] && grep -q "lookup site site: 800 results" "$T/.err"'
ok "no code, name or birth date in the site's files" python3 - "$T/out/internal.csv" "$T/site" <<'PY'
import csv, os, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
blob = ""
for d, _, files in os.walk(sys.argv[2]):
    for f in files:
        if not f.startswith("leaflet"):
            blob += open(os.path.join(d, f), encoding="utf-8", errors="replace").read()
for r in rows:
    for k in ("applicant_code", "public_code", "name", "birth_date"):
        assert r[k] not in blob, (k, r[k])
PY
run "$SG" admit --grade 1 -o out2 --publish site --kdf-iterations 1000
ok "an existing site is kept without --force (exit 5)" eval 'rc_is 5 && [ ! -e out2 ]'

# The applicant to look up: one placed at its 2nd nearest school or
# farther, and some placed homes for the zone lookup.
python3 - "$T/out/internal.csv" "$T/site/zones.geojson" > case.json <<'PY'
import csv, datetime, json, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
pick = next(r for r in rows if r["status"] == "placed" and int(r["rank"]) >= 2)
wrong = (datetime.date.fromisoformat(pick["birth_date"]) + datetime.timedelta(days=1)).isoformat()
def in_ring(x, y, ring):
    c = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            c = not c
    return c
zones = json.load(open(sys.argv[2]))["features"]
def zone_at(x, y):
    for f in zones:
        g = f["geometry"]
        for p in (g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]):
            if sum(in_ring(x, y, r) for r in p) % 2:
                return f["properties"]["school_code"]
    return None
homes = [r for r in rows if r["status"] == "placed"][::37][:20]
pts = [[float(r["lon"]), float(r["lat"])] for r in homes]
json.dump({"code": pick["applicant_code"].lower() + " ", "birth": pick["birth_date"],
           "wrong": wrong, "school": pick["school_code"], "rank": int(pick["rank"]),
           "points": pts, "zones": [zone_at(*p) for p in pts],
           "own": [r["school_code"] for r in homes]}, sys.stdout)
PY

python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$T/site" >http.log 2>&1 &
srv_pid=$!
port=
for _ in $(seq 50); do
    port=$(sed -n 's/.*port \([0-9][0-9]*\).*/\1/p' http.log | head -1)
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "Bail out! http.server did not start"; exit 2; }
base=http://127.0.0.1:$port

python3 - case.json > site/check.html <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
print("""<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head>
<body><iframe id="v" src="index.html" width="900" height="900"></iframe>
<pre id="out">pending</pre><script>
const C = %s;
const sleep = ms => new Promise(r => setTimeout(r, ms));
async function until(f) { for (let i = 0; i < 200 && !f(); i++) await sleep(50); }
async function go() {
  const fr = document.getElementById('v');
  await until(() => fr.contentWindow.document.body &&
                    fr.contentWindow.document.body.dataset.ready === '1');
  const w = fr.contentWindow, d = w.document, out = {};
  async function ask(code, birth) {
    const n = +(d.body.dataset.done || 0);
    d.getElementById('code').value = code;
    d.getElementById('birth').value = birth;
    d.getElementById('go').click();
    await until(() => +(d.body.dataset.done || 0) > n);
    const r = d.getElementById('result');
    return {text: r.textContent, cls: r.className, school: r.dataset.school || ''};
  }
  out.right = await ask(C.code, C.birth);
  out.wrong = await ask(C.code, C.wrong);
  out.zones = C.points.map(p => { const z = w.sgZoneAt(p[0], p[1]); return z ? z.school_code : null; });
  const names = p => p.getEntriesByType('resource').map(e => e.name);
  out.resources = names(w.performance).concat(names(performance));
  document.getElementById('out').textContent = JSON.stringify(out);
}
go();
</script></body></html>""" % json.dumps(c))
PY

timeout 120 "$chromium" --headless --no-sandbox --disable-gpu \
    --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync \
    --user-data-dir="$T/profile" \
    --host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1" \
    --virtual-time-budget=30000 --dump-dom "$base/check.html" \
    > dom.html 2> chromium.log
python3 - dom.html > report.json <<'PY'
import html, re, sys
m = re.search(r'<pre id="out">(.*?)</pre>', open(sys.argv[1], encoding="utf-8").read(), re.S)
print(html.unescape(m.group(1)) if m else "null")
PY
report() {   # report DESCRIPTION PYTHON-EXPRESSION (r: report, c: case)
    check "$1" python3 -c "
import json, sys
r = json.load(open('report.json')); c = json.load(open('case.json'))
assert r not in (None, 'pending'), 'the check page wrote nothing'
ok = $2
print(json.dumps(r, ensure_ascii=False)[:1500])
sys.exit(0 if ok else 1)"
}
report "a known applicant (code typed in lower case) finds the right school, the rank and the explanation in Vietnamese" \
    "r['right']['school'] == c['school'] and r['right']['cls'] == 'found' and ('trường gần nhà thứ %d' % c['rank']) in r['right']['text'] and 'Giải thích' in r['right']['text']"
report "a wrong birth date finds nothing" \
    "r['wrong']['cls'] == 'none' and r['wrong']['school'] == '' and 'Không tìm thấy' in r['wrong']['text']"
report "the zone lookup answers as the published zones do, mostly the school of the home" \
    "r['zones'] == c['zones'] and sum(a == b for a, b in zip(r['zones'], c['own'])) >= 15"
report "no request leaves localhost" \
    "len(r['resources']) >= 5 and all(u.startswith('http://127.0.0.1:') for u in r['resources'])"
ok "the server saw only the site's own files" \
    eval '! grep -q "\"GET [^/]" http.log'

tap_done
