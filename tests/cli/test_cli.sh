#!/usr/bin/env bash
#
# tests/cli/test_cli.sh - end-to-end tests of the schoolgis command line.
#
# Usage: test_cli.sh PATH/TO/schoolgis PATH/TO/sg-gensample
#
# Generates the sample district with sg-gensample into a temporary
# directory, runs the commands init, import, validate and export on it and
# checks what they did from outside: row counts and values with the
# sqlite3 CLI (with mod_spatialite when it loads, for X()/Y()), exported
# files with ogrinfo, CSV and JSON with python3.  Prints TAP lines
# ("ok N - ...", "not ok N - ..."), then "1..N" and one closing line
# "N passed, M failed"; exits 1 when a check failed, 2 on a usage or
# set-up problem.
#
# Needs: bash, sqlite3, ogrinfo (gdal-bin), python3, coreutils.
#
set -u
. "$(dirname "$0")/tap.sh"

tap_args "$@"
for b in "$SG" "$GEN"; do
    if [ ! -x "$b" ]; then
        echo "$0: $b: not an executable" >&2
        exit 2
    fi
done
tap_need sqlite3 ogrinfo python3 sha256sum

T=$(mktemp -d "${TMPDIR:-/tmp}/sg-clitest.XXXXXX") || exit 2
BGPID=
cleanup() {
    if [ -n "$BGPID" ] && kill -0 "$BGPID" 2>/dev/null; then
        kill -9 "$BGPID" 2>/dev/null
        wait "$BGPID" 2>/dev/null
    fi
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

unset SCHOOLGIS_DB
export PYTHONIOENCODING=utf-8
export LC_ALL=C.UTF-8 2>/dev/null || true
cd "$T" || exit 2

# VN-2000 / TM-3 zone 105°45', the CRS of schools_vn2000.csv.
VN2000='+proj=tmerc +lat_0=0 +lon_0=105.75 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 +towgs84=-191.90441429,-39.30318279,-111.45032835,-0.00928836,0.01975479,-0.00427372,0.252906278 +units=m +no_defs'

#---- TAP helpers: tap.sh ------------------------------------------------

tap_init

#---- Data helpers ---------------------------------------------------------

# q, qs and json_get are in tap.sh.

TABLES="units schools school_years population applicants runs catchments results meta import_issues"

# counts DB: "table=n ..." for every table of the store.
counts() {
    local t s=
    for t in $TABLES; do
        s="$s $t=$(q "$1" "SELECT count(*) FROM $t")"
    done
    echo "$s"
}

# csv_rows FILE: number of data records of a CSV file.
csv_rows() {
    python3 -c 'import csv,sys
print(sum(1 for _ in csv.DictReader(open(sys.argv[1], encoding="utf-8", newline=""))))' "$1"
}

# json_valid FILE
json_valid() {
    python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' \
        "$1" 2>/dev/null
}

# export_coords CSV: "code lon lat" (%.9f) of an exported schools CSV
# (points as lon/lat columns; X/Y in older versions), by code.
export_coords() {
    python3 -c 'import csv,sys
r = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
lon, lat = ("lon", "lat") if r and "lon" in r[0] else ("X", "Y")
for x in sorted(r, key=lambda x: x["code"]):
    print("%s %.9f %.9f" % (x["code"], float(x[lon]), float(x[lat])))' "$1"
}

# coords DB FILE: "code lon lat" (%.9f) of every school, by code.
coords() {
    if [ "$HAVE_SPATIALITE" = 1 ]; then
        qs "$1" "SELECT code || ' ' || printf('%.9f %.9f', X(geom), Y(geom)) FROM schools ORDER BY code" >"$2"
    else
        "$SG" export schools -o "$T/.coords.csv" --force --db "$1" -q &&
            export_coords "$T/.coords.csv" >"$2"
    fi
}

# coords_close A B TOL: same codes, |dlon| and |dlat| < TOL.
coords_close() {
    local r
    r=$(awk -v tol="$3" 'NR == FNR { x[$1] = $2; y[$1] = $3; n++; next }
        { m++
          if (!($1 in x)) { bad++; next }
          dx = $2 - x[$1]; dy = $3 - y[$1]
          if (dx < 0) dx = -dx
          if (dy < 0) dy = -dy
          if (dx > mx) mx = dx
          if (dy > mx) mx = dy
          if (dx >= tol || dy >= tol) bad++ }
        END { printf "%d %d %d %.3g\n", n, m, bad, mx }' "$1" "$2")
    set -- $r
    [ "$1" -gt 0 ] && [ "$1" -eq "$2" ] && [ "$3" -eq 0 ] && return 0
    DIAG="schools: $1 vs $2, $3 too far; largest difference $4 deg"
    return 1
}

# school_content DB: the schools and their figures without row ids.
school_content() {
    q "$1" "SELECT s.code, s.name, s.levels, s.ownership, s.address,
      u.code, y.year, y.students, y.students_preschool,
      y.students_primary, y.students_lower_secondary,
      y.students_upper_secondary, y.classes, y.seats_entry_grade,
      y.computers_teaching, y.computers_management, y.printers,
      y.webcams, y.fibre, y.bandwidth_mbps, y.lan, y.wifi, y.website,
      y.e_gradebook, y.e_contact_book, y.teachers,
      y.teachers_it_standard
      FROM schools s LEFT JOIN units u ON u.id = s.unit_id
      LEFT JOIN school_years y ON y.school_id = s.id
      ORDER BY s.code, y.year"
}

# feature_count FILE: ogrinfo's feature count (summed over layers).
feature_count() {
    ogrinfo -ro -so -al "$1" 2>/dev/null |
        awk '/^Feature Count:/ { n += $3; seen = 1 }
             END { if (seen) print n; else print "none" }'
}

# new_store DB: init, then import the district and the communes.
new_store() {
    "$SG" init --db "$1" -q &&
        "$SG" import units "$S/district.geojson" --kind district \
            --db "$1" -q &&
        "$SG" import units "$S/communes.geojson" --year 2019 \
            --population-field "Dân số 2019" --db "$1" -q
}

#---- The sample district --------------------------------------------------

S="$T/sample"
run "$GEN" --errors --raster --quiet "$S"
ok "sg-gensample --errors --raster writes the sample district" \
    eval 'rc_is 0 && [ -s "$S/schools.csv" ] && [ -s "$S/schools_errors.csv" ] && [ -s "$S/population.tif" ]'
if [ "$RC" -ne 0 ]; then
    echo "# cannot go on without the sample"
    tap_done
    exit 1
fi

#---- 1. Help and usage errors ---------------------------------------------

sg --help
ok "schoolgis --help exits 0 and prints Usage" eval 'rc_is 0 && out_has Usage'
for c in init import validate export; do
    sg "$c" --help
    ok "schoolgis $c --help exits 0 and prints Usage" \
        eval 'rc_is 0 && out_has Usage'
done
sg frobnicate
ok "an unknown command exits 2" rc_is 2
sg
ok "no command exits 2" rc_is 2
for c in init import validate export; do
    sg "$c" --no-such-option
    ok "schoolgis $c with a bad option exits 2" rc_is 2
done
sg import things "$S/schools.csv" --db "$T/none.sqlite"
ok "import of an unknown kind exits 2" rc_is 2
sg export schools --db "$T/none.sqlite"
ok "export without -o exits 2" rc_is 2

#---- 2. init ----------------------------------------------------------------

DB="$T/init.sqlite"
sg init --db "$DB"
ok "init creates the store" eval 'rc_is 0 && [ -s "$DB" ]'
ok "the store has the tables units, schools, school_years, population, applicants, runs, catchments, results, meta" \
    eq "$(q "$DB" "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('units','schools','school_years','population','applicants','runs','catchments','results','meta')")" 9
ok "meta has schema_version 5" \
    eq "$(q "$DB" "SELECT value FROM meta WHERE key = 'schema_version'")" 5
ok "a new store is empty" \
    eq "$(q "$DB" "SELECT (SELECT count(*) FROM units) + (SELECT count(*) FROM schools) + (SELECT count(*) FROM school_years) + (SELECT count(*) FROM population)")" 0

q "$DB" "INSERT INTO meta (key, value) VALUES ('test_marker', 'x')"
sum_before=$(sha256sum <"$DB")
sg init --db "$DB"
ok "init on an existing store exits 5" rc_is 5
marker=$(q "$DB" "SELECT value FROM meta WHERE key = 'test_marker'")
ok "init without --force leaves the file untouched" \
    eq "$(sha256sum <"$DB") $marker" "$sum_before x"
sg init --db "$DB" --force
ok "init --force exits 0" rc_is 0
ok "init --force recreates the store (old content gone, schema_version 5)" \
    eq "$(q "$DB" "SELECT count(*) FROM meta WHERE key = 'test_marker'") $(q "$DB" "SELECT value FROM meta WHERE key = 'schema_version'")" "0 5"

sg init --db "$T/json.sqlite" --json
ok "init --json prints the store and schema_version 5" \
    eval 'rc_is 0 && [ "$(json_get "$OUT" schema_version)" = 5 ] && [ "$(json_get "$OUT" store)" = "$T/json.sqlite" ]'

mkdir -p "$T/cwd"
(cd "$T/cwd" && SCHOOLGIS_DB="$T/env.sqlite" "$SG" init -q) >"$OUT" 2>"$ERR"
RC=$?
ok "init honours SCHOOLGIS_DB" \
    eval 'rc_is 0 && [ -s "$T/env.sqlite" ] && [ ! -e "$T/cwd/schoolgis.sqlite" ]'
(cd "$T/cwd" && SCHOOLGIS_DB="$T/env.sqlite" "$SG" validate --json) >"$OUT" 2>"$ERR"
RC=$?
ok "validate opens the store named by SCHOOLGIS_DB" \
    eval 'rc_is 0 && [ "$(json_get "$OUT" store)" = "$T/env.sqlite" ]'
(cd "$T/cwd" && SCHOOLGIS_DB="$T/env.sqlite" "$SG" init -q --db "$T/flag.sqlite") >"$OUT" 2>"$ERR"
RC=$?
ok "--db wins over SCHOOLGIS_DB" eval 'rc_is 0 && [ -s "$T/flag.sqlite" ]'
(cd "$T/cwd" && "$SG" init -q) >"$OUT" 2>"$ERR"
RC=$?
ok "init without --db or SCHOOLGIS_DB creates ./schoolgis.sqlite" \
    eval 'rc_is 0 && [ -s "$T/cwd/schoolgis.sqlite" ]'
ok "./schoolgis.sqlite is a store with schema_version 5" \
    eq "$(q "$T/cwd/schoolgis.sqlite" "SELECT value FROM meta WHERE key = 'schema_version'")" 5
(cd "$T/cwd" && SCHOOLGIS_DB= "$SG" validate -q) >"$OUT" 2>"$ERR"
RC=$?
ok "an empty SCHOOLGIS_DB falls back to ./schoolgis.sqlite" rc_is 0
sg validate --db "$T/no-such-store.sqlite"
ok "validate of a missing store exits 4 and creates nothing" \
    eval 'rc_is 4 && [ ! -e "$T/no-such-store.sqlite" ]'
cp "$T/init.sqlite" "$T/newer.sqlite"
q "$T/newer.sqlite" "UPDATE meta SET value = '99' WHERE key = 'schema_version'"
sg validate --db "$T/newer.sqlite"
ok "a store with a newer schema_version exits 6" rc_is 6

#---- 3. import units ------------------------------------------------------

M="$T/main.sqlite"
sg init --db "$M" -q
sg import units "$S/district.geojson" --kind district --db "$M"
ok "import units district.geojson --kind district exits 0" rc_is 0
sg import units "$S/communes.geojson" --population-field "Dân số 2019" \
    --year 2019 --db "$M"
ok "import units communes.geojson --population-field --year exits 0" rc_is 0
ok "one district, code 783" \
    eq "$(q "$M" "SELECT count(*) || ' ' || group_concat(code) FROM units WHERE kind = 'district'")" "1 783"
ok "21 wards" eq "$(q "$M" "SELECT count(*) FROM units WHERE kind = 'ward'")" 21
ok "every ward has the district as parent" \
    eq "$(q "$M" "SELECT count(*) FROM units w JOIN units d ON d.id = w.parent_id WHERE w.kind = 'ward' AND d.kind = 'district' AND d.code = '783'")" 21
ok "population sum (age 0-120) = 462047" \
    eq "$(q "$M" "SELECT sum(count) FROM population WHERE age_from = 0 AND age_to = 120")" 462047
python3 -c 'import json,sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for f in sorted(d["features"], key=lambda f: str(f["properties"]["Mã xã"])):
    p = f["properties"]
    print("%s|2019|%d" % (p["Mã xã"], p["Dân số 2019"]))' \
    "$S/communes.geojson" >"$T/pop_expected.txt"
q "$M" "SELECT u.code || '|' || p.year || '|' || p.count FROM population p JOIN units u ON u.id = p.unit_id WHERE p.age_from = 0 AND p.age_to = 120 ORDER BY u.code" >"$T/pop_store.txt"
ok "each ward's population equals its 'Dân số 2019' in communes.geojson" \
    same_file "$T/pop_store.txt" "$T/pop_expected.txt"

#---- 4. import schools ----------------------------------------------------

ROWS=$(csv_rows "$S/schools.csv")
ok "schools.csv has data rows ($ROWS)" eval '[ "$ROWS" -gt 0 ]'
sg import schools "$S/schools.csv" --db "$M" --json
cp "$OUT" "$T/import1.json"
ok "import schools schools.csv exits 0" rc_is 0
ok "--json summary parses" json_valid "$T/import1.json"
ok "summary: rows = inserted = $ROWS, rejected = 0" \
    eq "$(json_get "$T/import1.json" rows) $(json_get "$T/import1.json" inserted) $(json_get "$T/import1.json" rejected)" "$ROWS $ROWS 0"
ok "the store holds $ROWS schools" \
    eq "$(q "$M" "SELECT count(*) FROM schools")" "$ROWS"
ok "the store holds $ROWS school-year rows" \
    eq "$(q "$M" "SELECT count(*) FROM school_years")" "$ROWS"
ok "every school has a unit_id" \
    eq "$(q "$M" "SELECT count(*) FROM schools WHERE unit_id IS NULL")" 0
python3 -c 'import csv,sys
r = csv.DictReader(open(sys.argv[1], encoding="utf-8", newline=""))
for x in sorted(r, key=lambda x: x["Mã trường"]):
    print(x["Mã trường"] + "|" + x["Mã xã"])' "$S/schools.csv" >"$T/unit_expected.txt"
q "$M" "SELECT s.code || '|' || u.code FROM schools s JOIN units u ON u.id = s.unit_id ORDER BY s.code" >"$T/unit_store.txt"
ok "every school lies in the ward of its 'Mã xã'" \
    same_file "$T/unit_store.txt" "$T/unit_expected.txt"
if [ "$HAVE_SPATIALITE" = 1 ]; then
    ok "SpatiaLite: every school lies within the district and within its ward" \
        eq "$(qs "$M" "SELECT count(*) FROM schools s, units d, units w WHERE d.kind = 'district' AND w.id = s.unit_id AND ST_Within(s.geom, d.geom) = 1 AND ST_Within(s.geom, w.geom) = 1")" "$ROWS"
fi
python3 -c 'import csv,sys
r = csv.DictReader(open(sys.argv[1], encoding="utf-8", newline=""))
for x in sorted(r, key=lambda x: x["Mã trường"]):
    print("|".join([x["Mã trường"], x["Tên trường"], x["Năm học"], x["Số học sinh"], x["Số lớp"], x["Số giáo viên"]]))' \
    "$S/schools.csv" >"$T/values_expected.txt"
q "$M" "SELECT s.code || '|' || s.name || '|' || y.year || '|' || y.students || '|' || y.classes || '|' || y.teachers FROM schools s JOIN school_years y ON y.school_id = s.id ORDER BY s.code" >"$T/values_store.txt"
ok "names, years, students, classes and teachers equal the CSV's" \
    same_file "$T/values_store.txt" "$T/values_expected.txt"

sqlite3 -batch "$M" ".dump schools school_years" >"$T/dump1.sql"
sg import schools "$S/schools.csv" --db "$M" --json
cp "$OUT" "$T/import2.json"
ok "re-import of schools.csv exits 0" rc_is 0
ok "re-import: unchanged = rows = $ROWS, inserted = updated = 0" \
    eq "$(json_get "$T/import2.json" rows) $(json_get "$T/import2.json" unchanged) $(json_get "$T/import2.json" inserted) $(json_get "$T/import2.json" updated)" "$ROWS $ROWS 0 0"
sqlite3 -batch "$M" ".dump schools school_years" >"$T/dump2.sql"
ok "re-import leaves schools and school_years byte-identical" \
    eval '[ -s "$T/dump1.sql" ] && same_file "$T/dump1.sql" "$T/dump2.sql"'
coords "$M" "$T/coords_csv.txt"
python3 -c 'import csv,sys
r = csv.DictReader(open(sys.argv[1], encoding="utf-8", newline=""))
for x in sorted(r, key=lambda x: x["Mã trường"]):
    print("%s %.9f %.9f" % (x["Mã trường"], float(x["Kinh độ"]), float(x["Vĩ độ"])))' \
    "$S/schools.csv" >"$T/coords_input.txt"
ok "stored coordinates equal the CSV's Kinh độ/Vĩ độ (1e-9 deg)" \
    coords_close "$T/coords_input.txt" "$T/coords_csv.txt" 1e-9
school_content "$M" >"$T/content_csv.txt"
# A copy of the store with the 112 schools and nothing else, for the
# kill test.
cp "$M" "$T/kill_base.sqlite"

#---- 5. The same schools from XLSX and GeoJSON ----------------------------

for fmt in xlsx geojson; do
    D="$T/from_$fmt.sqlite"
    run new_store "$D"
    sg import schools "$S/schools.$fmt" --db "$D" --json
    ok "import schools schools.$fmt exits 0 with $ROWS inserted" \
        eval 'rc_is 0 && [ "$(json_get "$OUT" inserted)" = "$ROWS" ]'
    coords "$D" "$T/coords_$fmt.txt"
    cut -d' ' -f1 "$T/coords_$fmt.txt" >"$T/codes_$fmt.txt"
    cut -d' ' -f1 "$T/coords_csv.txt" >"$T/codes_csv.txt"
    ok "schools.$fmt gives the same codes as schools.csv" \
        same_file "$T/codes_$fmt.txt" "$T/codes_csv.txt"
    ok "schools.$fmt gives the same coordinates as schools.csv (1e-9 deg)" \
        coords_close "$T/coords_csv.txt" "$T/coords_$fmt.txt" 1e-9
    school_content "$D" >"$T/content_$fmt.txt"
    ok "schools.$fmt gives the same attributes and figures as schools.csv" \
        same_file "$T/content_$fmt.txt" "$T/content_csv.txt"
done

#---- 6. VN-2000 x/y -------------------------------------------------------

D="$T/vn2000.sqlite"
run new_store "$D"
sg import schools "$S/schools_vn2000.csv" --crs "$VN2000" --db "$D"
ok "import schools schools_vn2000.csv --crs '<VN-2000 PROJ string>' exits 0" \
    rc_is 0
coords "$D" "$T/coords_vn.txt"
cut -d' ' -f1 "$T/coords_vn.txt" >"$T/codes_vn.txt"
ok "VN-2000 import gives the same codes as schools.csv" \
    same_file "$T/codes_vn.txt" "$T/codes_csv.txt"
ok "VN-2000 import: coordinates within 1e-7 deg (~1 cm) of schools.csv" \
    coords_close "$T/coords_csv.txt" "$T/coords_vn.txt" 1e-7
# The same with '+type=crs' appended, which makes PROJ read the string as
# a CRS: separates the transform's accuracy from how --crs is parsed.
D="$T/vn2000b.sqlite"
run new_store "$D"
sg import schools "$S/schools_vn2000.csv" --crs "$VN2000 +type=crs" --db "$D"
coords "$D" "$T/coords_vnb.txt"
ok "VN-2000 with '+type=crs': exits 0, coordinates within 1e-7 deg of schools.csv" \
    eval 'rc_is 0 && coords_close "$T/coords_csv.txt" "$T/coords_vnb.txt" 1e-7'

#---- 7. Rejected rows -----------------------------------------------------

mkdir -p "$T/err"
cp "$S/schools_errors.csv" "$T/err/schools_errors.csv"
EDB="$T/errors.sqlite"
run new_store "$EDB"
before=$(q "$EDB" "SELECT count(*) FROM schools")
sg import schools "$T/err/schools_errors.csv" --db "$EDB" --json
cp "$OUT" "$T/errors.json"
ok "import schools schools_errors.csv exits 3" rc_is 3
REJ="$T/err/schools_errors.csv.rejects.csv"
ok "the rejects CSV is written beside the input (schools_errors.csv.rejects.csv)" \
    eval '[ -s "$REJ" ] && [ "$(json_get "$T/errors.json" rejects)" = "$REJ" ]'

# What each bad row of schools_errors.csv is, found from the file itself,
# and whether the rejects CSV lists it.
python3 - "$T/err/schools_errors.csv" "$REJ" "$S/schools.csv" \
    "$S/district.geojson" >"$T/cases.txt" <<'EOF'
import csv, json, re, sys

errs, rej_path, good_path, district_path = sys.argv[1:5]
rows = list(csv.DictReader(open(errs, encoding="utf-8", newline="")))
try:
    rej = list(csv.DictReader(open(rej_path, encoding="utf-8", newline="")))
except OSError:
    rej = []
levels = {x["Cấp học"] for x in
          csv.DictReader(open(good_path, encoding="utf-8", newline=""))}
xs, ys = [], []
def walk(c):
    if isinstance(c[0], (int, float)):
        xs.append(c[0]); ys.append(c[1])
    else:
        for k in c:
            walk(k)
for f in json.load(open(district_path, encoding="utf-8"))["features"]:
    walk(f["geometry"]["coordinates"])
bbox = (min(xs), min(ys), max(xs), max(ys))

COUNTS = ["Số học sinh", "Số lớp", "Chỉ tiêu tuyển sinh đầu cấp",
          "Số máy tính phục vụ dạy học", "Số máy tính phục vụ quản lý",
          "Số máy in", "Số webcam", "Số giáo viên",
          "Số giáo viên đạt chuẩn CNTT"]

def num(s):
    try:
        return float(s)
    except ValueError:
        return None

cases = []   # (name, row, field or None, reason substring, action)
seen = {}
for i, x in enumerate(rows):
    r = i + 2            # the header is row 1
    code = x["Mã trường"]
    if code in seen:
        cases.append(("duplicate code", r, "Mã trường", "duplicate",
                      "rejected", code))
    else:
        seen[code] = x
    lon, lat = x["Kinh độ"].strip(), x["Vĩ độ"].strip()
    if not lon or not lat:
        cases.append(("missing coordinate", r, "Kinh độ" if not lon
                      else "Vĩ độ", "missing coordinate", "rejected", code))
    elif num(lon) is None or num(lat) is None:
        cases.append(("coordinate not a number", r, "Kinh độ"
                      if num(lon) is None else "Vĩ độ", "not a number",
                      "rejected", code))
    elif abs(num(lon)) > 180 or abs(num(lat)) > 90:
        cases.append(("coordinate out of range", r, "Vĩ độ"
                      if abs(num(lat)) > 90 else "Kinh độ", "out of range",
                      "rejected", code))
    elif not (bbox[0] <= num(lon) <= bbox[2] and
              bbox[1] <= num(lat) <= bbox[3]):
        cases.append(("point outside the district", r, None, "outside",
                      "flagged", code))
    for c in COUNTS:
        v = x[c].strip()
        if not v or re.fullmatch(r"\d+", v):
            continue
        if re.fullmatch(r"-\d+", v):
            cases.append(("negative count", r, c, "negative", "rejected",
                          code))
        else:
            cases.append(("count not a whole number", r, c,
                          "not a whole number", "rejected", code))
    if x["Cấp học"] not in levels:
        cases.append(("unknown level name", r, "Cấp học",
                      "unknown level name", "rejected", code))

names = {c[0] for c in cases}
for want in ["duplicate code", "missing coordinate",
             "coordinate not a number", "negative count",
             "count not a whole number", "unknown level name",
             "coordinate out of range", "point outside the district"]:
    if want not in names:
        print("FAIL|%s|no such row in schools_errors.csv" % want)
for name, r, field, sub, action, code in cases:
    hit = [y for y in rej if y["row"] == str(r) and
           (field is None or y["field"] == field) and
           sub in y["reason"] and y["action"] == action]
    if name == "point outside the district":
        hit = [y for y in hit if "105" in y["value"] and "10" in y["value"]]
    if hit:
        print("PASS|%s|row %d" % (name, r))
    else:
        got = [(y["row"], y["field"], y["reason"], y["action"]) for y in rej
               if y["row"] == str(r)]
        print("FAIL|%s|row %d: want field %s, reason ~ '%s', %s; got %s"
              % (name, r, field, sub, action, got))
bad_rows = {c[1] for c in cases if c[4] == "rejected"}
listed = {int(y["row"]) for y in rej if y["action"] == "rejected"}
print("REJECTED|%d" % len(bad_rows))
print("IMPORTED|%d" % (len(rows) - len(bad_rows)))
print("EXTRA|%s" % ",".join(str(r) for r in sorted(listed - bad_rows)))
print("OUTSIDE|%s" % ",".join(c[5] for c in cases
                              if c[0] == "point outside the district"))
good_codes = {x["Mã trường"] for i, x in enumerate(rows)
              if i + 2 not in bad_rows}
print("ABSENT|%s" % ",".join(sorted({c[5] for c in cases
                                     if c[4] == "rejected"} - good_codes)))
first = next(x for x in rows if x["Mã trường"] ==
             next(c[5] for c in cases if c[0] == "duplicate code"))
print("DUPNAME|%s|%s" % (first["Mã trường"], first["Tên trường"]))
EOF
while IFS='|' read -r verdict name detail; do
    case $verdict in
    PASS | FAIL)
        DIAG=$detail
        ok "rejects CSV: $name ($detail)" [ "$verdict" = PASS ]
        ;;
    esac
done < <(grep -E '^(PASS|FAIL)\|' "$T/cases.txt")
want_rej=$(sed -n 's/^REJECTED|//p' "$T/cases.txt")
want_imp=$(sed -n 's/^IMPORTED|//p' "$T/cases.txt")
extra=$(sed -n 's/^EXTRA|//p' "$T/cases.txt")
outside=$(sed -n 's/^OUTSIDE|//p' "$T/cases.txt")
absent=$(sed -n 's/^ABSENT|//p' "$T/cases.txt")
dup_code=$(sed -n 's/^DUPNAME|\([^|]*\)|.*/\1/p' "$T/cases.txt")
dup_name=$(sed -n 's/^DUPNAME|[^|]*|//p' "$T/cases.txt")
ok "summary: rejected = $want_rej (one per bad row), flagged >= 1" \
    eval '[ "$(json_get "$T/errors.json" rejected)" = "$want_rej" ] && [ "$(json_get "$T/errors.json" flagged)" -ge 1 ]'
ok "no good row is rejected" eq "$extra" ""
ok "the good rows are imported (schools $before -> $((before + want_imp)))" \
    eq "$(q "$EDB" "SELECT count(*) FROM schools")" "$((before + want_imp))"
ok "the flagged outside school ($outside) is kept" \
    eq "$(q "$EDB" "SELECT count(*) FROM schools WHERE code = '$outside'")" 1
n_absent=0
for c in ${absent//,/ }; do
    n_absent=$((n_absent + $(q "$EDB" "SELECT count(*) FROM schools WHERE code = '$c'")))
done
ok "no rejected row's school is in the store" eq "$n_absent" 0
ok "the duplicate code keeps its first row ($dup_code)" \
    eq "$(q "$EDB" "SELECT name FROM schools WHERE code = '$dup_code'")" "$dup_name"

EDB2="$T/errors2.sqlite"
run new_store "$EDB2"
cp "$REJ" "$T/default_rejects.csv" 2>/dev/null
rm -f "$REJ"
sg import schools "$T/err/schools_errors.csv" --db "$EDB2" \
    --rejects "$T/custom_rejects.csv"
ok "--rejects PATH: exits 3, writes PATH, nothing beside the input" \
    eval 'rc_is 3 && [ -s "$T/custom_rejects.csv" ] && [ ! -e "$REJ" ]'
ok "--rejects PATH has the same content as the default rejects CSV" \
    same_file "$T/custom_rejects.csv" "$T/default_rejects.csv"

#---- 8. A failing import changes nothing ----------------------------------

c0=$(counts "$M")
sg import schools "$T/no-such-file.csv" --db "$M"
ok "import of a missing file exits 4" rc_is 4
ok "... and changes no table" eq "$(counts "$M")" "$c0"
sg import schools "$S/schools_vn2000.csv" --db "$M"
ok "import of an x/y CSV without --crs exits 5" rc_is 5
ok "... and changes no table" eq "$(counts "$M")" "$c0"
printf 'code = Mã trường\nno_such_field = Tên trường\n' >"$T/badfield.map"
sg import schools "$S/schools.csv" --map "$T/badfield.map" --db "$M"
ok "a --map file naming an unknown field exits 5" rc_is 5
ok "... and changes no table" eq "$(counts "$M")" "$c0"
printf 'code = Mã trường\nname = No Such Column\n' >"$T/badcol.map"
sg import schools "$S/schools.csv" --map "$T/badcol.map" --db "$M"
ok "a --map file naming a missing column exits 5" rc_is 5
ok "... and changes no table" eq "$(counts "$M")" "$c0"
sg import schools "$S/schools_vn2000.csv" --crs EPSG:99999 --db "$M"
ok "an unknown --crs (EPSG:99999) exits 5 (input unusable: CRS)" rc_is 5
ok "... and changes no table" eq "$(counts "$M")" "$c0"
sg import schools "$S/schools.csv" --db "$M" --layer no_such_layer
ok "a missing --layer exits 4" rc_is 4
ok "... and changes no table" eq "$(counts "$M")" "$c0"

# Kill test: a large import killed with SIGKILL leaves the store as it was.
run "$GEN" --schools 100000 --csv-only --quiet "$T/big"
ok "sg-gensample --schools 100000 writes a large schools.csv" \
    eval 'rc_is 0 && [ -s "$T/big/schools.csv" ]'
# How long a whole import takes here, so the kills land inside it
# whatever the machine's speed: at 30% and 80% of that time.
# The fastest of two whole imports; kills at 25% and 50% of it leave
# margin for a machine that is busier during the timing than after.
t_full=
for i in 1 2; do
    cp "$T/kill_base.sqlite" "$T/kill_full.sqlite"
    t_start=$(date +%s.%N)
    sg import schools "$T/big/schools.csv" --db "$T/kill_full.sqlite" -q
    t_i=$(echo "$(date +%s.%N) - $t_start" | awk '{print $1 - $3}')
    t_full=$(awk -v a="${t_full:-$t_i}" -v b="$t_i" 'BEGIN { print (a < b ? a : b) }')
done
ok "the uninterrupted 100000-school import completes (${t_full} s)" \
    eval 'rc_is 0 && [ "$(q "$T/kill_full.sqlite" "SELECT count(*) FROM schools")" -ge 100000 ]'
for delay in $(awk -v t="$t_full" 'BEGIN { printf "%.2f %.2f", t * 0.25, t * 0.5 }'); do
    K="$T/kill_$delay.sqlite"
    # A machine less busy than during the timing may finish first: then
    # the kill comes too late, which says nothing of atomicity; try
    # again sooner (up to 4 times).
    for attempt in 1 2 3 4; do
        cp "$T/kill_base.sqlite" "$K"
        rm -f "$K-wal" "$K-shm" "$K-journal"
        k0=$(counts "$K")
        "$SG" import schools "$T/big/schools.csv" --db "$K" -q \
            >"$T/kill.out" 2>"$T/kill.err" &
        BGPID=$!
        sleep "$delay"
        if kill -0 "$BGPID" 2>/dev/null; then alive=1; else alive=0; fi
        kill -9 "$BGPID" 2>/dev/null
        wait "$BGPID" 2>/dev/null
        RC=$?
        BGPID=
        [ "$alive" = 1 ] && break
        delay=$(awk -v d="$delay" 'BEGIN { printf "%.2f", d / 2 }')
    done
    ok "kill -9 after ${delay} s: the import was still running" \
        eval '[ "$alive" = 1 ] && [ "$RC" -eq 137 ]'
    sg validate --db "$K" -q
    ok "kill -9 after ${delay} s: the store opens (validate exits 0 or 3)" \
        eval 'rc_is 0 || rc_is 3'
    ok "kill -9 after ${delay} s: every table count is as before" \
        eq "$(counts "$K")" "$k0"
    ok "kill -9 after ${delay} s: still $ROWS schools, integrity_check ok" \
        eq "$(q "$K" "SELECT count(*) FROM schools") $(q "$K" "PRAGMA integrity_check")" "$ROWS ok"
    sg import schools "$S/schools.csv" --db "$K" --json
    ok "kill -9 after ${delay} s: the store takes the next import" \
        eval 'rc_is 0 && [ "$(json_get "$OUT" unchanged)" = "$ROWS" ]'
done

#---- 9. validate ----------------------------------------------------------

sg validate --db "$M" --json
cp "$OUT" "$T/validate_main.json"
vrc=$RC
ok "validate --json parses" json_valid "$T/validate_main.json"
ok "validate --json has counts, errors, warnings, findings" \
    python3 -c 'import json,sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert all(k in d for k in ("counts", "errors", "warnings", "findings"))
assert isinstance(d["findings"], list)' "$T/validate_main.json"
ok "validate counts equal the store's (units 22, schools $ROWS)" \
    eq "$(python3 -c 'import json,sys
c = json.load(open(sys.argv[1], encoding="utf-8"))["counts"]
print(c["units"], c["schools"], c["school_years"], c["population"])' "$T/validate_main.json" 2>/dev/null)" \
    "$(q "$M" "SELECT count(*) FROM units") $(q "$M" "SELECT count(*) FROM schools") $(q "$M" "SELECT count(*) FROM school_years") $(q "$M" "SELECT count(*) FROM population")"
ok "validate 'errors' is the number of error findings, and exit code follows it" \
    python3 -c 'import json,sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
n = sum(1 for f in d["findings"] if f["severity"] == "error")
assert d["errors"] == n
assert int(sys.argv[2]) == (3 if n else 0)' "$T/validate_main.json" "$vrc"
ok "the clean sample store validates with exit 0" eq "$vrc" 0

sg validate --db "$EDB" --json
cp "$OUT" "$T/validate_err.json"
ok "validate after importing schools_errors.csv exits 3" rc_is 3
checks_of() {
    python3 -c 'import json,sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for f in d["findings"]:
    print(f["check"], f["code"])' "$1" 2>/dev/null
}
ok "findings include school_outside_units for $outside" \
    eval 'checks_of "$T/validate_err.json" | grep -q -x "school_outside_units $outside"'
ok "findings include import_rejected, one per rejected row ($want_rej)" \
    eq "$(checks_of "$T/validate_err.json" | grep -c '^import_rejected ')" "$want_rej"
sg validate --db "$EDB"
ok "plain validate also exits 3 and names the checks" \
    eval 'rc_is 3 && out_has school_outside_units && out_has import_rejected'

#---- 10. export -----------------------------------------------------------

X="$T/export"
mkdir -p "$X"
sg export units -o "$X/units.gpkg" --db "$M"
ok "export units to .gpkg exits 0" rc_is 0
ok "units.gpkg reopens with 22 features (21 wards + 1 district)" \
    eq "$(feature_count "$X/units.gpkg")" 22
sg export schools -o "$X/schools.geojson" --db "$M" --json
ok "export schools to .geojson exits 0, --json features = $ROWS" \
    eval 'rc_is 0 && [ "$(json_get "$OUT" features)" = "$ROWS" ]'
ok "schools.geojson reopens with $ROWS features" \
    eq "$(feature_count "$X/schools.geojson")" "$ROWS"
ok "schools.geojson parses as JSON with $ROWS features" \
    eq "$(python3 -c 'import json,sys
print(len(json.load(open(sys.argv[1], encoding="utf-8"))["features"]))' "$X/schools.geojson" 2>/dev/null)" "$ROWS"
sg export schools -o "$X/schools.csv" --db "$M"
ok "export schools to .csv exits 0" rc_is 0
ok "schools.csv reopens with $ROWS features" \
    eq "$(feature_count "$X/schools.csv")" "$ROWS"
name=$(python3 -c 'import csv,sys
r = csv.DictReader(open(sys.argv[1], encoding="utf-8", newline=""))
print(next(x["Tên trường"] for x in r if x["Tên trường"].startswith("Trường Mầm non") and any(ord(ch) > 127 for ch in x["Tên trường"][15:])))' "$S/schools.csv")
ok "the CSV keeps Vietnamese names intact ('$name')" \
    eval '[ -n "$name" ] && file_has "$X/schools.csv" "$name"'
export_coords "$X/schools.csv" >"$T/coords_export.txt" 2>/dev/null
ok "the CSV's codes and coordinates equal the imported file's (1e-9 deg)" \
    coords_close "$T/coords_input.txt" "$T/coords_export.txt" 1e-9
RT="$T/roundtrip.sqlite"
run new_store "$RT"
sg import schools "$X/schools.csv" --db "$RT" --json
ok "the exported CSV imports back into a new store ($ROWS inserted, none rejected)" \
    eval 'rc_is 0 && [ "$(json_get "$OUT" inserted) $(json_get "$OUT" rejected)" = "$ROWS 0" ]'
school_content "$RT" >"$T/content_roundtrip.txt"
ok "... with the same attributes and figures" \
    same_file "$T/content_roundtrip.txt" "$T/content_csv.txt"
coords "$RT" "$T/coords_roundtrip.txt"
ok "... and the same coordinates (1e-9 deg)" \
    coords_close "$T/coords_csv.txt" "$T/coords_roundtrip.txt" 1e-9
sum_before=$(sha256sum <"$X/schools.csv")
sg export schools -o "$X/schools.csv" --db "$M"
ok "export to an existing file without --force exits 5" rc_is 5
ok "... and leaves the file untouched" \
    eq "$(sha256sum <"$X/schools.csv")" "$sum_before"
sg export schools -o "$X/schools.csv" --db "$M" --force
ok "export --force replaces it" \
    eval 'rc_is 0 && [ "$(feature_count "$X/schools.csv")" = "$ROWS" ]'
sg export no_such_layer -o "$X/nothing.csv" --db "$M"
ok "export of an unknown layer exits 5 and writes nothing" \
    eval 'rc_is 5 && [ ! -e "$X/nothing.csv" ]'

#---- 11. An invalid polygon is repaired -----------------------------------

IDB="$T/invalid.sqlite"
sg init --db "$IDB" -q
sg import units "$S/communes_invalid.geojson" --db "$IDB" --json
cp "$OUT" "$T/invalid.json"
ok "import units communes_invalid.geojson exits 0" rc_is 0
ok "summary says repaired >= 1" \
    eval '[ "$(json_get "$T/invalid.json" repaired)" -ge 1 ] 2>/dev/null'
ok "every feature is stored" \
    eq "$(q "$IDB" "SELECT count(*) FROM units")" \
    "$(python3 -c 'import json,sys
print(len(json.load(open(sys.argv[1], encoding="utf-8"))["features"]))' "$S/communes_invalid.geojson")"
sg validate --db "$IDB" --json
ok "validate reports no unit_invalid_geometry" \
    eval '[ "$RC" -ne 1 ] && json_valid "$OUT" && ! checks_of "$OUT" | grep -q "^unit_invalid_geometry "'
if [ "$HAVE_SPATIALITE" = 1 ]; then
    ok "SpatiaLite: every stored unit geometry is valid" \
        eq "$(qs "$IDB" "SELECT count(*) FROM units WHERE ST_IsValid(geom) = 1 AND ST_Area(geom) > 0")" \
        "$(q "$IDB" "SELECT count(*) FROM units")"
fi

#---- 12. A --map file -----------------------------------------------------

MAPD="$T/map"
mkdir -p "$MAPD"
# Three schools of the sample under other headers and codes.
python3 -c 'import csv,sys
r = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
w = csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline=""))
w.writerow(["MaSo", "TenDonVi", "CapTruong", "KD", "VD", "HS"])
for i, x in enumerate(r[:3]):
    w.writerow(["X%03d" % (i + 1), x["Tên trường"] + " (ánh xạ)",
                x["Cấp học"], x["Kinh độ"], x["Vĩ độ"], 500 + i])
    print("X%03d %s" % (i + 1, x["Mã trường"]))' \
    "$S/schools.csv" "$MAPD/odd.csv" >"$MAPD/sources.txt"
cat >"$MAPD/odd.map" <<'EOF'
# schoolgis column mapping
code = MaSo
name = TenDonVi
levels = CapTruong
lon = KD
lat = VD
students = HS
EOF
MDB="$T/map.sqlite"
run new_store "$MDB"
sg import schools "$MAPD/odd.csv" --db "$MDB"
ok "without --map the unusual headers are refused (exit 5)" rc_is 5
sg import schools "$MAPD/odd.csv" --map "$MAPD/odd.map" --db "$MDB"
ok "without --year the mapped file is refused (exit 5)" rc_is 5
sg import schools "$MAPD/odd.csv" --map "$MAPD/odd.map" --year 2016-2017 \
    --db "$MDB" --json
ok "import with --map and --year exits 0, 3 inserted" \
    eval 'rc_is 0 && [ "$(json_get "$OUT" inserted)" = 3 ]'
python3 -c 'import csv,sys
r = csv.DictReader(open(sys.argv[1], encoding="utf-8", newline=""))
for x in r:
    print("|".join([x["MaSo"], x["TenDonVi"], "2016-2017", x["HS"]]))' \
    "$MAPD/odd.csv" >"$T/map_expected.txt"
q "$MDB" "SELECT s.code || '|' || s.name || '|' || y.year || '|' || y.students FROM schools s JOIN school_years y ON y.school_id = s.id ORDER BY s.code" >"$T/map_store.txt"
ok "mapped codes, names, year and students are stored" \
    same_file "$T/map_store.txt" "$T/map_expected.txt"
lv_ok=1
lv_diag=
while read -r new_code src_code; do
    a=$(q "$MDB" "SELECT levels FROM schools WHERE code = '$new_code'")
    b=$(q "$M" "SELECT levels FROM schools WHERE code = '$src_code'")
    if [ -z "$b" ] || [ "$a" != "$b" ]; then
        lv_ok=0
        lv_diag="$lv_diag $new_code: '$a' vs $src_code: '$b';"
    fi
done <"$MAPD/sources.txt"
DIAG=$lv_diag
ok "mapped levels are those of the source schools" [ "$lv_ok" = 1 ]
coords "$MDB" "$T/coords_map.txt"
python3 -c 'import csv,sys
r = csv.DictReader(open(sys.argv[1], encoding="utf-8", newline=""))
for x in sorted(r, key=lambda x: x["MaSo"]):
    print("%s %.9f %.9f" % (x["MaSo"], float(x["KD"]), float(x["VD"])))' \
    "$MAPD/odd.csv" >"$T/coords_map_expected.txt"
ok "mapped KD/VD are the stored coordinates (1e-9 deg)" \
    coords_close "$T/coords_map_expected.txt" "$T/coords_map.txt" 1e-9
ok "mapped schools are placed in wards" \
    eq "$(q "$MDB" "SELECT count(*) FROM schools WHERE unit_id IS NOT NULL")" 3

#---- catchments and stats coverage ----------------------------------------

CDB="$T/catch.sqlite"
sg init --db "$CDB" -q
sg import units "$S/district.geojson" --kind district --db "$CDB" -q
sg import units "$S/communes.geojson" --population-field "Dân số 2019" \
    --year 2019 --db "$CDB" -q
sg import population "$S/population.csv" --db "$CDB" -q
sg import schools "$S/schools.csv" --db "$CDB" -q
ok "catchments: the sample store is ready" rc_is 0
# jnum FILE KEY: a JSON number, as a float.
jnum() { json_get "$1" "$2"; }
sg catchments --level primary --method voronoi --db "$CDB" --json
cp "$OUT" "$T/vor.json"
ok "catchments voronoi --json exits 0" rc_is 0
ok "voronoi: one catchment per primary school location" \
    eq "$(jnum "$T/vor.json" catchments)" "$(jnum "$T/vor.json" locations)"
ok "voronoi: the catchments cover the 435 km2 district" \
    close "$(jnum "$T/vor.json" catchment_area_km2)" 435 0.001
ok "voronoi: rows stored under the run" \
    eq "$(q "$CDB" "SELECT count(*) FROM catchments WHERE method = 'voronoi' AND run_id = $(jnum "$T/vor.json" run_id)")" "$(jnum "$T/vor.json" catchments)"
ok "voronoi: the run records level, method and versions" \
    eq "$(q "$CDB" "SELECT json_extract(parameters, '$.level') || '/' || json_extract(parameters, '$.method') || '/' || (versions LIKE '%GEOS%') FROM runs WHERE command = 'catchments'")" "primary/voronoi/1"
if [ "$HAVE_SPATIALITE" = 1 ]; then
    ok "voronoi: stored polygons sum to the wards' area (1e-6, UTM 48N)" \
        close "$(qs "$CDB" "SELECT sum(ST_Area(Transform(geom, 32648))) FROM catchments WHERE method = 'voronoi'")" \
        "$(qs "$CDB" "SELECT sum(ST_Area(Transform(geom, 32648))) FROM units WHERE kind = 'ward'")" 1e-6
    ok "voronoi: every primary school lies in its own catchment" \
        eq "$(qs "$CDB" "SELECT count(*) FROM catchments c JOIN schools s ON s.id = c.school_id WHERE c.method = 'voronoi' AND ST_Intersects(c.geom, s.geom)")" "$(jnum "$T/vor.json" catchments)"
fi
sg catchments --level primary --method voronoi --db "$CDB" -q
ok "voronoi again: the new run replaces the polygons" \
    eq "$(q "$CDB" "SELECT count(*) || '/' || count(DISTINCT run_id) FROM catchments WHERE method = 'voronoi'")" "$(jnum "$T/vor.json" catchments)/1"
sg catchments --level primary --method distance --max-distance 1500 \
    --db "$CDB" --json
cp "$OUT" "$T/dist.json"
ok "catchments distance --json exits 0" rc_is 0
ok "distance: unserved areas stored without a school" \
    eq "$(q "$CDB" "SELECT count(*) FROM catchments WHERE method = 'distance-unserved' AND school_id IS NULL")" "$(jnum "$T/dist.json" unserved_areas)"
ok "distance: served + unserved children = all children" \
    close "$(python3 -c 'import json,sys; d = json.load(open(sys.argv[1])); print(d["catchment_population"] + d["unserved_population"])' "$T/dist.json")" \
    "$(jnum "$T/dist.json" population)" 1e-6
ok "distance: served + unserved area = study area" \
    close "$(python3 -c 'import json,sys; d = json.load(open(sys.argv[1])); print(d["catchment_area_km2"] + d["unserved_area_km2"])' "$T/dist.json")" \
    "$(jnum "$T/dist.json" study_area_km2)" 1e-6
if [ "$HAVE_SPATIALITE" = 1 ]; then
    # Every ring of every unserved part, with the area it encloses.
    rings="WITH RECURSIVE p(g, i, n) AS (SELECT geom, 1, NumGeometries(geom) FROM catchments WHERE method = 'distance-unserved' UNION ALL SELECT g, i + 1, n FROM p WHERE i < n), r(part, j, m) AS (SELECT GeometryN(g, i), 0, NumInteriorRings(GeometryN(g, i)) FROM p UNION ALL SELECT part, j + 1, m FROM r WHERE j < m) SELECT count(*) || ' ' || min(ST_Area(Transform(MakePolygon(CASE WHEN j = 0 THEN ExteriorRing(part) ELSE InteriorRingN(part, j) END), 32648))) FROM r"
    ok "distance: unserved areas are valid, without slivers (no ring under 1 m2)" \
        eval '[ "$(qs "$CDB" "SELECT count(*) FROM catchments WHERE method = '"'distance-unserved'"' AND NOT ST_IsValid(geom)")" = 0 ] && python3 -c "import sys; n, a = sys.argv[1].split(); sys.exit(0 if int(n) > 1 and float(a) >= 1 else 1)" "$(qs "$CDB" "$rings")"'
fi
before=$(q "$CDB" "SELECT (SELECT count(*) FROM runs) || '/' || (SELECT count(*) FROM catchments) || '/' || (SELECT count(*) FROM results)")
sg catchments --level primary --method distance --max-distance 1500 \
    --db "$CDB" --json --dry-run
cp "$OUT" "$T/dry.json"
ok "catchments --dry-run exits 0 with no run id" \
    eval 'rc_is 0 && [ "$(json_get "$T/dry.json" run_id)" = None ]'
same_json() {
    python3 -c 'import json,sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
for k in ("run_id", "dry_run"): a.pop(k, None); b.pop(k, None)
sys.exit(0 if a == b else 1)' "$1" "$2"
}
ok "--dry-run: the same figures as the stored run" \
    same_json "$T/dry.json" "$T/dist.json"
# Voronoi: the stored run takes the cells one by one from a worker
# thread, a dry run computes them in place (on two threads from 256
# sites: tests/engine/test_catchment.c); the figures must not differ.
sg catchments --level primary --method voronoi --db "$CDB" --json --dry-run
ok "--dry-run voronoi: the same figures as the stored voronoi run" \
    same_json "$OUT" "$T/vor.json"
ok "--dry-run: the store is left as it was" \
    eq "$(q "$CDB" "SELECT (SELECT count(*) FROM runs) || '/' || (SELECT count(*) FROM catchments) || '/' || (SELECT count(*) FROM results)")" "$before"
sg catchments --level preschool --method capacity --cell-size 300 \
    --db "$CDB" --json
cp "$OUT" "$T/cap.json"
ok "catchments capacity --json exits 0" rc_is 0
ok "capacity: seated children never exceed the seats" \
    python3 -c 'import json,sys; d = json.load(open(sys.argv[1])); sys.exit(0 if d["catchment_population"] <= d["seats"] + 1e-6 else 1)' "$T/cap.json"
ok "capacity: no school's children exceed its seats" \
    eq "$(q "$CDB" "SELECT count(*) FROM catchments WHERE method = 'capacity' AND population > coalesce(seats, 0) + 1e-6")" 0
ok "capacity: seated children per school add up to the run's total" \
    close "$(q "$CDB" "SELECT sum(population) FROM catchments WHERE method = 'capacity'")" \
    "$(jnum "$T/cap.json" catchment_population)" 1e-6
# The population raster: the same run, children placed by the raster.
sg catchments --level preschool --method capacity --cell-size 300 \
    --population-raster "$S/population.tif" --db "$CDB" --json
cp "$OUT" "$T/rcap.json"
ok "capacity --population-raster --json exits 0, no warning" \
    eval 'rc_is 0 && [ ! -s "$ERR" ]'
ok "raster: seated + unseated children = the wards' children" \
    close "$(python3 -c 'import json,sys; d = json.load(open(sys.argv[1])); print(d["catchment_population"] + d["unserved_population"])' "$T/rcap.json")" \
    "$(jnum "$T/cap.json" population)" 1e-9
ok "raster: no school's children exceed its seats" \
    eq "$(q "$CDB" "SELECT count(*) FROM catchments WHERE method = 'capacity' AND population > coalesce(seats, 0) + 1e-6")" 0
ok "raster: the children left over are not where the even spread put them" \
    python3 -c 'import json,sys; a, b = (json.load(open(f)) for f in sys.argv[1:3]); sys.exit(0 if a["unserved_area_km2"] != b["unserved_area_km2"] else 1)' "$T/cap.json" "$T/rcap.json"
ok "raster: the run records the raster and its checksum" \
    eq "$(q "$CDB" "SELECT json_extract(parameters, '$.population_raster') = '$S/population.tif' AND json_extract(parameters, '$.population_raster_file') LIKE 'crc32:%' AND input_checksums LIKE '%population.tif%' FROM runs WHERE id = $(jnum "$T/rcap.json" run_id)")" 1
ok "raster: every populated ward distributed by it" \
    eq "$(q "$CDB" "SELECT value FROM results WHERE run_id = $(jnum "$T/rcap.json" run_id) AND subject = 'summary' AND key = 'raster_units'")" 21.0
if command -v gdal_translate >/dev/null 2>&1; then
    # The western half of the raster: the other wards fall back.
    gdal_translate -q -srcwin 0 0 100 267 "$S/population.tif" "$T/west.tif"
    sg catchments --level preschool --method capacity --cell-size 300 \
        --population-raster "$T/west.tif" --db "$CDB" --json
    ok "raster missing wards: exit 0, a warning names each ward spread evenly" \
        eval 'rc_is 0 && grep -q "west.tif has no people in unit 275[0-9][0-9] (.*): its .* children are spread evenly" "$ERR"'
    ok "raster missing wards: the children still add up" \
        close "$(python3 -c 'import json,sys; d = json.load(open(sys.argv[1])); print(d["catchment_population"] + d["unserved_population"])' "$OUT")" \
        "$(jnum "$T/cap.json" population)" 1e-9
    # The same pixels georeferenced 500 km away, and a Float32 raster
    # whose nodata is the float maximum: neither has people here, and
    # both must fail rather than fall back everywhere.
    gdal_translate -q -a_ullr 100000 1800000 110000 1773300 "$S/population.tif" "$T/away.tif"
    sg catchments --level preschool --method capacity --cell-size 300 \
        --population-raster "$T/away.tif" --db "$CDB"
    ok "raster over another area: exit 5, the file named" \
        eval 'rc_is 5 && grep -q "away.tif has no people over the study area" "$ERR"'
    gdal_translate -q -ot Float32 -scale 0 1 3.4028234663852886e38 3.4028234663852886e38 -a_nodata 3.40282346638529e+38 "$S/population.tif" "$T/nodata.tif"
    sg catchments --level preschool --method capacity --cell-size 300 \
        --population-raster "$T/nodata.tif" --db "$CDB"
    ok "Float32 raster all nodata (FLT_MAX): exit 5, no pixel taken for people" \
        eval 'rc_is 5 && grep -q "nodata.tif has no people over the study area" "$ERR"'
    # 400 m pixels over 300 m cells.
    gdal_translate -q -r average -tr 400 400 "$S/population.tif" "$T/coarse.tif"
    sg catchments --level preschool --method capacity --cell-size 300 \
        --population-raster "$T/coarse.tif" --db "$CDB"
    ok "raster pixels larger than the cells: a warning suggests cells of 400 m" \
        eval 'rc_is 0 && grep -q "coarse.tif: its pixels (about 400 m) are larger than the 300 m cells.*cells of 400 m or more" "$ERR"'
fi
runs_before=$(q "$CDB" "SELECT count(*) FROM runs")
sg catchments --level preschool --method capacity \
    --population-raster "$T/no-such.tif" --db "$CDB"
ok "a missing population raster exits 4 and names it" \
    eval 'rc_is 4 && grep -q "no-such.tif" "$ERR"'
sg catchments --level preschool --method capacity \
    --population-raster "$S/schools.csv" --db "$CDB"
ok "a file GDAL cannot open as a raster exits 1 and names it" \
    eval 'rc_is 1 && grep -q "schools.csv: GDAL cannot open it as a raster" "$ERR"'
printf 'ncols 2\nnrows 2\nxllcorner 106.4\nyllcorner 10.9\ncellsize 0.1\nNODATA_value -9999\n1 2\n3 4\n' >"$T/nocrs.asc"
sg catchments --level preschool --method capacity \
    --population-raster "$T/nocrs.asc" --db "$CDB"
ok "a raster without a CRS exits 5 and names it" \
    eval 'rc_is 5 && grep -q "nocrs.asc declares no CRS" "$ERR"'
ok "failed raster runs leave no run behind" \
    eq "$(q "$CDB" "SELECT count(*) FROM runs")" "$runs_before"
sg catchments --level preschool --method voronoi \
    --population-raster "$S/population.tif" --db "$CDB"
ok "--population-raster without --method capacity is a usage error (2)" rc_is 2
sg export catchments -o "$T/catchments.gpkg" --db "$CDB" -q
ok "export catchments to GeoPackage: every row" \
    eq "$(ogrinfo -ro -al -so "$T/catchments.gpkg" catchments 2>/dev/null | sed -n 's/^Feature Count: //p')" \
    "$(q "$CDB" "SELECT count(*) FROM catchments")"
sg catchments --method voronoi --db "$CDB"
ok "catchments without --level is a usage error (2)" rc_is 2
sg catchments --level primary --method nearest --db "$CDB"
ok "catchments with an unknown method is a usage error (2)" rc_is 2
sg catchments --level primary --max-distance 500 --db "$CDB"
ok "--max-distance without --method distance is a usage error (2)" rc_is 2
sg catchments --level university --db "$CDB"
ok "an unknown level exits 5" rc_is 5
sg catchments --level primary --db "$T/nowhere.sqlite"
ok "a missing store exits 4" rc_is 4
sg catchments --help
ok "catchments --help exits 0" eval 'rc_is 0 && out_has "capacity"'
sg stats coverage --help
if [ "$RC" -eq 0 ] && out_has "unserved"; then
    sg stats coverage --level primary --db "$CDB" --json
    cp "$OUT" "$T/cov.json"
    ok "stats coverage --json exits 0" rc_is 0
    ok "coverage: within + beyond = children, per ward" \
        python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
rows = d["units"]["rows"]
ok = len(rows) == 21 and all(abs(r["children_within"] + r["children_beyond"] - r["children"]) < 0.11 for r in rows)
sys.exit(0 if ok else 1)' "$T/cov.json"
    ok "coverage: the same children within 1000 m as catchments --method distance" \
        close "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["children_within"])' "$T/cov.json")" \
        "$(sg catchments --level primary --method distance --db "$CDB" --json; json_get "$OUT" catchment_population)" 1e-6
    sg stats coverage --level primary --db "$CDB" --csv --table schools
    ok "coverage --csv --table schools: one row per primary school" \
        eq "$(($(wc -l <"$OUT") - 1))" "$(q "$CDB" "SELECT count(*) FROM schools WHERE instr(',' || levels || ',', ',primary,') > 0")"
else
    skip "stats coverage is not dispatched by 'schoolgis stats' yet"
fi

#---- Summary --------------------------------------------------------------

tap_done
