#!/usr/bin/env bash
#
# tests/cli/test_sites.sh - end-to-end checks of `schoolgis suggest-sites`
# on the generated sample district: exit codes, the --json fields, the
# run stored, the GeoPackage and CSV read back with ogrinfo / python3,
# the children newly served by site 1 recounted independently with
# SpatiaLite SQL over the grid (squares clipped to the wards, children
# area-weighted from `stats coverage`'s ward figures), candidates files,
# the population raster, and bad input.
#
# Usage: test_sites.sh PATH/TO/schoolgis PATH/TO/sg-gensample
#
# Prints TAP lines and "1..N"; exits 1 when a check failed, 2 on a usage
# or set-up problem.  Needs bash, sqlite3 (with mod_spatialite for the
# recount, else that check is skipped), ogrinfo, python3.
#
set -u
. "$(dirname "$0")/tap.sh"

tap_args "$@"
tap_need sqlite3 ogrinfo python3
T=$(mktemp -d "${TMPDIR:-/tmp}/sg-sitestest.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 2
unset SCHOOLGIS_DB SCHOOLGIS_STANDARDS
export LC_ALL=C.UTF-8 PYTHONIOENCODING=utf-8
export SCHOOLGIS_DB=$T/s.sqlite

tap_init
err_has() { grep -q -- "$1" "$T/.err"; }
# q SQL: a query of this test's store (tap.sh's q takes the file too).
q() { sqlite3 -batch -noheader "$SCHOOLGIS_DB" "$1"; }
# jq FILE EXPR: a Python expression over the JSON document d.
jq() { python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }

#---- set-up ---------------------------------------------------------------

"$GEN" --quiet --raster "$T/s" &&
    "$SG" init -q && "$SG" import units s/district.geojson --kind district -q &&
    "$SG" import units s/communes.geojson --population-field "Dân số 2019" --year 2019 -q &&
    "$SG" import population s/population.csv -q &&
    "$SG" import schools s/schools.csv -q ||
    { echo "Bail out! set-up failed"; exit 2; }

#---- the run --------------------------------------------------------------

run "$SG" suggest-sites --level primary --count 3 --json -o "$T/sites.gpkg"
cp "$T/.out" "$T/s3.json"
ok "suggest-sites --json -o FILE.gpkg exits 0" rc_is 0
ok "--json: level, ages, distance and cell size of the standards" \
    eval '[ "$(jq s3.json "(d[\"level\"], d[\"ages\"], d[\"max_distance_m\"], d[\"cell_size_m\"], d[\"dry_run\"])")" = "('"'"'primary'"'"', [6, 10], 1000, 250, False)" ]'
ok "--json: 3 sites ranked 1..3, children not increasing, cumulative = before + sum" \
    python3 -c 'import json, sys
d = json.load(open(sys.argv[1])); s = d["sites"]
assert [x["rank"] for x in s] == [1, 2, 3] and len(s) == 3
assert s[0]["children"] >= s[1]["children"] >= s[2]["children"] > 0
cum = d["served_before"]
for x in s:
    cum += x["children"]
    assert abs(x["cumulative"] - cum) < 1e-5, (x, cum)
    assert abs(x["cumulative_pct"] - 100 * cum / d["children"]) < 1e-5
assert abs(d["served_after"] - cum) < 1e-5 and not d["exhausted"]
assert d["schools"] == 41 and d["cells"] == d["candidates"] > 7000
assert all(x["candidate_id"].startswith("cell:") for x in s)' "$T/s3.json"
ok "--json: the children are the wards' primary-age children (35350)" \
    eval '[ "$(jq s3.json "round(d[\"children\"])")" = 35350 ]'
codes=$(q "SELECT group_concat(code) FROM units WHERE kind = 'ward'")
ok "every site lies in a ward of the store, inside the district" \
    python3 -c 'import json, sys
d = json.load(open(sys.argv[1])); codes = sys.argv[2].split(",")
assert all(x["unit_code"] in codes and x["unit_name"] for x in d["sites"])
assert all(106.3 < x["lon"] < 106.7 and 10.8 < x["lat"] < 11.2 for x in d["sites"])' "$T/s3.json" "$codes"
run_id=$(jq s3.json 'd["run_id"]')
ok "the run is stored: command, parameters, summary" \
    eval '[ "$(q "SELECT command || \"|\" || json_extract(parameters, \"$.count\") || \"|\" || json_extract(parameters, \"$.max_distance_m\") || \"|\" || json_extract(summary, \"$.sites\") FROM runs WHERE id = $run_id")" = "suggest-sites|3|1000.0|3" ]'
ok "results hold each site: site:1 children as in the JSON" \
    python3 -c 'import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); sys.exit(0 if abs(a - b) < 1e-6 else 1)' \
    "$(q "SELECT value FROM results WHERE run_id = $run_id AND subject = 'site:1' AND key = 'children'")" \
    "$(jq s3.json 'd["sites"][0]["children"]')"
ok "the GeoPackage has 3 points in EPSG:4326 with the attributes" \
    eval 'ogrinfo -ro -so sites.gpkg sites >"$T/info" 2>&1 && grep -q "Feature Count: 3" "$T/info" && grep -q "Geometry: Point" "$T/info" && grep -q "ID\[\"EPSG\",4326\]" "$T/info" && grep -q "^children: Real" "$T/info" && grep -q "^unit_code: String" "$T/info" && grep -q "^cumulative_pct: Real" "$T/info"'
ok "the GeoPackage's site 1 is the JSON's (rank, ward, children)" \
    python3 -c 'import json, re, subprocess, sys
d = json.load(open(sys.argv[1]))["sites"][0]
out = subprocess.check_output(["ogrinfo", "-ro", "-al", "-where", "rank = 1", sys.argv[2]]).decode()
ch = float(re.search(r"children \(Real\) = ([0-9.]+)", out).group(1))
assert abs(ch - d["children"]) < 1e-6 and ("unit_code (String) = " + d["unit_code"]) in out
pt = re.search(r"POINT \(([0-9.]+) ([0-9.]+)\)", out)
assert abs(float(pt.group(1)) - d["lon"]) < 1e-7 and abs(float(pt.group(2)) - d["lat"]) < 1e-7' "$T/s3.json" "$T/sites.gpkg"

# The recount: site 1's new children from the wards and the schools with
# SpatiaLite, not through the grid builder or the greedy.
if [ "$(sqlite3 -batch -noheader -cmd '.load mod_spatialite' :memory: 'SELECT 1' 2>/dev/null)" = 1 ]; then
    "$SG" stats coverage --level primary --json >"$T/cov.json" 2>/dev/null
    python3 - "$T/s3.json" "$T/cov.json" >"$T/recount.sql" <<'EOF'
import json, math, sys
d = json.load(open(sys.argv[1])); cov = json.load(open(sys.argv[2]))
s = d["sites"][0]; R = d["max_distance_m"]; cs = d["cell_size_m"]
srid = int(d["crs"].split(":")[1])
kids = ",".join("('%s', %.17g)" % (r["unit_code"], r["children"]) for r in cov["units"]["rows"])
sq = []
for j in range(math.floor((s["y"] - R) / cs) - 1, math.floor((s["y"] + R) / cs) + 1):
    for i in range(math.floor((s["x"] - R) / cs) - 1, math.floor((s["x"] + R) / cs) + 1):
        sq.append("(%d, %d)" % (i, j))
print(f"""
CREATE TEMP TABLE kids(code, children);
INSERT INTO kids VALUES {kids};
CREATE TEMP TABLE w AS SELECT u.code, Transform(u.geom, {srid}) AS g, k.children
  FROM units u JOIN kids k ON k.code = u.code WHERE u.kind = 'ward';
CREATE TEMP TABLE study AS SELECT ST_Union(g) AS g FROM w;
CREATE TEMP TABLE sq(i, j);
INSERT INTO sq VALUES {",".join(sq)};
CREATE TEMP TABLE cell AS SELECT BuildMbr(i * {cs}, j * {cs}, (i + 1) * {cs}, (j + 1) * {cs}, {srid}) AS g FROM sq;
CREATE TEMP TABLE part AS SELECT c.g AS sq, ST_Intersection(c.g, s.g) AS p FROM cell c, study s;
CREATE TEMP TABLE dem AS SELECT ST_Centroid(p) AS c,
  (SELECT total(w.children * ST_Area(ST_Intersection(part.sq, w.g)) / ST_Area(w.g)) FROM w
   WHERE ST_Intersects(part.sq, w.g)) AS pop
  FROM part WHERE p IS NOT NULL AND ST_Area(p) > 0;
CREATE TEMP TABLE sch AS SELECT Transform(geom, {srid}) AS g FROM schools
  WHERE instr(',' || levels || ',', ',primary,') > 0;
SELECT printf('%.9f', total(pop)) FROM dem
  WHERE ST_Distance(c, MakePoint({s["x"]!r}, {s["y"]!r}, {srid})) <= {R}
  AND NOT EXISTS (SELECT 1 FROM sch WHERE ST_Distance(sch.g, dem.c) <= {R});
""")
EOF
    recount=$(sqlite3 -batch -noheader -cmd '.load mod_spatialite' "$SCHOOLGIS_DB" <"$T/recount.sql" 2>"$T/.err" | tail -n 1)
    ok "site 1's new children equal an independent SpatiaLite recount ($recount)" \
        python3 -c 'import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); sys.exit(0 if abs(a - b) <= 1e-4 * b + 1e-3 else 1)' \
        "$(jq s3.json 'd["sites"][0]["children"]')" "${recount:-nan}"
else
    skip "mod_spatialite does not load: no independent recount"
fi

#---- text, CSV, dry run, from scratch -------------------------------------

before=$(q "SELECT count(*) FROM runs")/$(q "SELECT count(*) FROM results")
run "$SG" suggest-sites --level primary --count 3 --dry-run -o "$T/sites.csv"
ok "text: a table of 3 sites on stdout, the totals on stderr" \
    eval 'rc_is 0 && [ "$(wc -l <"$T/.out")" -eq 4 ] && head -n 1 "$T/.out" | grep -q "^rank .*children .*unit_code" && err_has "within reach of the 41 existing schools" && err_has "dry run, nothing stored"'
ok "the text table's first site is the JSON's" \
    eval '[ "$(awk "NR == 2 { print \$4 }" "$T/.out")" = "$(jq s3.json "format(d[\"sites\"][0][\"children\"], \".0f\")")" ]'
ok "--dry-run stores nothing" \
    eval '[ "$(q "SELECT count(*) FROM runs")/$(q "SELECT count(*) FROM results")" = "$before" ]'
ok "-o FILE.csv: a header and 3 rows with lon, lat, children" \
    python3 -c 'import csv, sys
r = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
assert len(r) == 3 and [x["rank"] for x in r] == ["1", "2", "3"]
assert all(float(x["lon"]) > 106 and float(x["lat"]) > 10 and float(x["children"]) > 0 for x in r)' "$T/sites.csv"
run "$SG" suggest-sites --level primary --count 2 --ignore-existing --json --dry-run
ok "--ignore-existing: nobody served before, more children per site" \
    eval 'rc_is 0 && [ "$(jq .out "(d[\"schools\"], d[\"served_before\"], d[\"sites\"][0][\"children\"] >= $(jq s3.json "d[\"sites\"][0][\"children\"]"))")" = "(0, 0, True)" ]'
run "$SG" suggest-sites --level upper_secondary --count 4 --max-distance 5000 --cell-size 500 --json --dry-run
ok "--max-distance and --cell-size are used" \
    eval 'rc_is 0 && [ "$(jq .out "(d[\"max_distance_m\"], d[\"cell_size_m\"], len(d[\"sites\"]))")" = "(5000, 500, 4)" ]'
run "$SG" suggest-sites --level primary --count 2 --population-raster s/population.tif --json --dry-run
ok "--population-raster: children placed by the raster, same total" \
    eval 'rc_is 0 && [ "$(jq .out "(d[\"population_raster\"], round(d[\"children\"]))")" = "('"'"'s/population.tif'"'"', 35350)" ]'

#---- candidates -----------------------------------------------------------

# The lower-secondary schools' grounds as candidates (Vietnamese
# headers, as offices write them), and a point outside the district.
python3 - "$T/s/schools.csv" >"$T/cand.csv" <<'EOF2'
import csv, sys
print("Mã,Tên,Kinh độ,Vĩ độ")
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    if r["Cấp học"] == "THCS":
        print("%s,%s,%s,%s" % (r["Mã trường"], r["Tên trường"].replace(",", " "), r["Kinh độ"], r["Vĩ độ"]))
print("FAR,Far away,107.5,12.0")
EOF2
run "$SG" suggest-sites --level primary --count 3 --candidates "$T/cand.csv" --json --dry-run
ok "--candidates FILE.csv (Mã, Tên, Kinh độ, Vĩ độ): sites among them, the outside one warned about" \
    eval 'rc_is 0 && err_has "1 point outside the study area left out: FAR" && python3 -c "import csv, json, sys
ids = {r[\"Mã\"]: r[\"Tên\"] for r in csv.DictReader(open(sys.argv[2], encoding=\"utf-8\"))}
d = json.load(open(sys.argv[1]))
assert len(ids) > 10 and d[\"candidates\"] == len(ids) - 1 and d[\"candidates_outside\"] == 1, d
assert d[\"sites\"] and all(ids.get(x[\"candidate_id\"]) == x[\"candidate_name\"] for x in d[\"sites\"])" "$T/.out" "$T/cand.csv"'
run "$SG" suggest-sites --level primary --count 3 --candidates "$T/nowhere.csv"
ok "a missing candidates file exits 4 naming it" eval 'rc_is 4 && err_has "nowhere.csv"'
# Projected metres in x/y columns and no CRS: not taken for lon/lat.
printf 'id,x,y\nP1,667000,1220000\n' >"$T/utm.csv"
run "$SG" suggest-sites --level primary --count 1 --candidates "$T/utm.csv" --dry-run
ok "candidates without a CRS that are not lon/lat: exit 5, the file and feature named" \
    eval 'rc_is 5 && err_has "utm.csv: no CRS, and feature 1 (P1)"'

#---- bad input ------------------------------------------------------------

run "$SG" suggest-sites --level university --count 3
ok "an unknown level is a usage error (2) with a clear message" \
    eval 'rc_is 2 && err_has "unknown level .university."'
run "$SG" suggest-sites --level primary --count 0
ok "--count 0 is a usage error (2)" eval 'rc_is 2 && err_has "count"'
run "$SG" suggest-sites --level primary --count two
ok "--count two is a usage error (2)" eval 'rc_is 2 && err_has "count"'
run "$SG" suggest-sites --level primary
ok "a missing --count is a usage error (2)" eval 'rc_is 2 && err_has "--count is required"'
run "$SG" suggest-sites --level primary --count 2 --max-distance -500
ok "a negative distance is a usage error (2)" eval 'rc_is 2 && err_has "positive number of metres"'
run "$SG" suggest-sites --level primary --count 2 --cell-size 0
ok "a zero cell size is a usage error (2)" eval 'rc_is 2 && err_has "positive number of metres"'
run "$SG" suggest-sites --level primary --count 2 -o "$T/sites.shp"
ok "an unknown output format is a usage error (2)" eval 'rc_is 2 && err_has ".gpkg"'
before=$(q "SELECT count(*) FROM runs")
run "$SG" suggest-sites --level primary --count 2 -o "$T/sites.gpkg"
ok "an existing output without --force exits 5 and stores nothing" \
    eval 'rc_is 5 && err_has "exists" && [ "$(q "SELECT count(*) FROM runs")" = "$before" ]'
run "$SG" suggest-sites --level primary --count 2 -o "$T/sites.gpkg" --force -q
ok "--force replaces it" eval 'rc_is 0 && ogrinfo -ro -so "$T/sites.gpkg" sites | grep -q "Feature Count: 2"'
run "$SG" suggest-sites --level primary --count 2 --db "$T/nowhere.sqlite"
ok "a missing store exits 4" rc_is 4
run "$SG" suggest-sites --help
ok "--help exits 0 and says what is left out" eval 'rc_is 0 && grep -q "road distances" "$T/.out" && grep -q "1 - 1/e" "$T/.out"'
run "$SG" --help
ok "suggest-sites is listed in the commands" eval 'rc_is 0 && grep -q "suggest-sites" "$T/.out"'

tap_done
