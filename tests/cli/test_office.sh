#!/usr/bin/env bash
#
# tests/cli/test_office.sh - `schoolgis import` on files shaped as
# district offices send them, written here: unit lists in the statistics
# office's layout built from the real list of units
# (../shared/data/vn-units), the Cu Chi communes' Dist_ID/Com_ID columns
# (../shared/data/cu-chi), VN-2000 tables in the surveyors' X/Y order,
# DMS coordinates, priority labels, and the exit codes of unusable input.
#
# Usage: test_office.sh PATH/TO/schoolgis PATH/TO/sg-gensample
#
# Prints TAP lines and "1..N"; exits 1 when a check failed, 2 on a usage
# or set-up problem.  Needs bash, sqlite3, python3, ogr2ogr, gdaltransform, iconv.
#
set -u
. "$(dirname "$0")/tap.sh"

tap_args "$@"
tap_need sqlite3 python3 ogr2ogr iconv
DATA=$(cd "$(dirname "$0")/../.." && pwd)/../shared/data
T=$(mktemp -d "${TMPDIR:-/tmp}/sg-officetest.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 2
unset SCHOOLGIS_DB SCHOOLGIS_STANDARDS
export LC_ALL=C.UTF-8 PYTHONIOENCODING=utf-8
export SCHOOLGIS_DB=$T/s.sqlite

tap_init
q() { sqlite3 "$SCHOOLGIS_DB" "$1"; }
qx() { qs "$SCHOOLGIS_DB" "$1"; }  # with SpatiaLite: X(), Y()
fresh() { rm -f "$SCHOOLGIS_DB"; "$SG" init --quiet >/dev/null 2>&1; }

#---- 1. Unusable input: exit 5 with a message, never exit 1 -------------------

fresh
: >empty.csv
sg import schools --year 2023-2024 empty.csv
ok "an empty file: exit 5, 'the file is empty'" \
    eval 'rc_is 5 && file_has "$ERR" "empty.csv: the file is empty"'
head -c 4096 /dev/urandom >random.csv
sg import schools --year 2023-2024 random.csv
ok "random bytes: exit 5, names the file" \
    eval 'rc_is 5 && file_has "$ERR" "random.csv"'
cp random.csv random.geojson
sg import units random.geojson
ok "random bytes as GeoJSON: exit 5, 'not a file schoolgis can read'" \
    eval 'rc_is 5 && file_has "$ERR" "not a file schoolgis can read"'
printf 'Mã trường,Tên trường,Cấp học,Kinh độ,Vĩ độ\nT1,Trường A,TH,106.5,11\n' \
    >good.csv
ogr2ogr -f XLSX good.xlsx good.csv 2>/dev/null
head -c 300 good.xlsx >cut.xlsx
sg import schools --year 2023-2024 cut.xlsx
ok "a truncated XLSX: exit 5, 'damaged or truncated'" \
    eval 'rc_is 5 && file_has "$ERR" "damaged or truncated"'
{ printf '\xff\xfe'; tr ',' '\t' <good.csv | iconv -f UTF-8 -t UTF-16LE; } \
    >unicode.txt
sg import schools --year 2023-2024 unicode.txt
ok "Excel's Unicode text (UTF-16LE, tabs) imports: exit 0" \
    eval 'rc_is 0 && eq "$(q "SELECT name FROM schools WHERE code = '"'T1'"'")" "Trường A"'
printf '{"type":"FeatureCollection","features":[]}' >none.geojson
sg import units none.geojson
ok "units with 0 features: exit 5, 'no rows'" \
    eval 'rc_is 5 && file_has "$ERR" "no rows (0 features)"'
sg import schools --year 2023-24 good.csv
ok "--year 2023-24: usage error (exit 2) showing 2023-2024" \
    eval 'rc_is 2 && file_has "$ERR" "2023-2024"'
printf '\xef\xbb\xbfcode = Mã trường\n' >map.txt
sg import schools --year 2023-2024 --map map.txt good.csv
ok "a mapping file saved with a BOM works" rc_is 0

#---- 2. The statistics office's unit list (vn-units) ---------------------------

if [ -f "$DATA/vn-units/dvhcvn_2025-03-01.json" ]; then
    fresh
    # Districts of Ho Chi Minh City and the wards of Cu Chi, in the
    # office's layout, each a small square (WKT) of its own.
    python3 - "$DATA/vn-units/dvhcvn_2025-03-01.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
p = [x for x in d["data"] if x["level1_id"] == "79"][0]
def sq(i, j, s):
    x, y = 106.0 + i * s, 10.5 + j * s
    return "POLYGON ((%r %r,%r %r,%r %r,%r %r,%r %r))" % (
        x, y, x + s, y, x + s, y + s, x, y + s, x, y)
with open("districts.csv", "w", encoding="utf-8") as f:
    f.write("Mã tỉnh,Tên tỉnh,Mã huyện,Tên huyện,WKT\n")
    for i, q in enumerate(p["level2s"]):
        f.write('%s,%s,%s,%s,"%s"\n' % (p["level1_id"], p["name"],
                q["level2_id"], q["name"], sq(i, 0, 0.5)))
q = [x for x in p["level2s"] if x["level2_id"] == "783"][0]
i = p["level2s"].index(q)
with open("wards.csv", "w", encoding="utf-8") as f, \
     open("wards.expected", "w", encoding="utf-8") as e:
    f.write("Mã tỉnh,Tên tỉnh,Mã huyện,Tên huyện,Mã xã,Tên xã,WKT\n")
    for k, w in enumerate(q["level3s"]):
        x0, y0 = 106.0 + i * 0.5, 10.5
        s = 0.5 / 8
        g = "POLYGON ((%r %r,%r %r,%r %r,%r %r,%r %r))" % (
            x0 + (k % 8) * s, y0 + (k // 8) * s,
            x0 + (k % 8 + 1) * s, y0 + (k // 8) * s,
            x0 + (k % 8 + 1) * s, y0 + (k // 8 + 1) * s,
            x0 + (k % 8) * s, y0 + (k // 8 + 1) * s,
            x0 + (k % 8) * s, y0 + (k // 8) * s)
        f.write('%s,%s,%s,%s,%s,%s,"%s"\n' % (p["level1_id"], p["name"],
                q["level2_id"], q["name"], w["level3_id"], w["name"], g))
        e.write("%s|%s|783\n" % (w["level3_id"], w["name"]))
EOF
    sg import units districts.csv
    ok "GSO district list: the districts, kind from the finest level" \
        eval 'rc_is 0 && eq "$(q "SELECT count(*) || kind FROM units GROUP BY kind")" "22district"'
    ok "GSO district list: code and name of the district, not the city" \
        eq "$(q "SELECT code || '|' || name FROM units WHERE code = '783'")" \
           "783|Huyện Củ Chi"
    sg import units wards.csv
    q "SELECT w.code || '|' || w.name || '|' || d.code FROM units w
       JOIN units d ON d.id = w.parent_id WHERE w.kind = 'ward'
       ORDER BY w.code" >wards.got
    sort wards.expected >wards.want
    ok "GSO ward list: each ward's own code and name, parent the district" \
        eval 'rc_is 0 && same_file wards.got wards.want'
else
    skip "no ../shared/data/vn-units"
    skip "no ../shared/data/vn-units"
    skip "no ../shared/data/vn-units"
fi

#---- 3. Cu Chi: Dist_ID/Dist_Name and Com_ID/Com_Name --------------------------

if [ -f "$DATA/cu-chi/communes_population.geojson" ]; then
    fresh
    ogr2ogr -f GeoJSON district.geojson \
        "$DATA/cu-chi/district_outline.geojson" \
        -sql "SELECT level2_id AS Dist_ID, 'Cu Chi' AS Dist_Name FROM district_outline" \
        2>/dev/null
    sg import units --kind district district.geojson
    ok "Dist_ID/Dist_Name with --kind district, no --map" \
        eval 'rc_is 0 && eq "$(q "SELECT code || name || kind FROM units")" "783Cu Chidistrict"'
    sg import units "$DATA/cu-chi/communes_population.geojson"
    n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["features"]))' \
        "$DATA/cu-chi/communes_population.geojson")
    ok "Com_ID/Com_Name: every commune, its parent district 783" \
        eq "$(q "SELECT count(*) FROM units w JOIN units d ON d.id = w.parent_id WHERE d.code = '783'")" "$n"
else
    skip "no ../shared/data/cu-chi"
    skip "no ../shared/data/cu-chi"
fi

#---- 4. Coordinates: VN-2000 in the surveyors' order, DMS ----------------------

fresh
# One ward around 106.4-106.6 E, 10.9-11.1 N.
cat >ward.geojson <<'EOF'
{"type":"FeatureCollection","features":[{"type":"Feature","properties":
{"Mã":"27538","Tên":"Xã Nhuận Đức"},"geometry":{"type":"Polygon",
"coordinates":[[[106.4,10.9],[106.6,10.9],[106.6,11.1],[106.4,11.1],
[106.4,10.9]]]}}]}
EOF
sg import units ward.geojson
VN2000="+proj=tmerc +lat_0=0 +lon_0=105.75 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 +towgs84=-191.90441429,-39.30318279,-111.45032835,-0.00928836,0.01975479,-0.00427372,0.252906278 +units=m +no_defs"
# Two schools in the ward: their VN-2000 easting/northing computed by
# PROJ (through gdaltransform), written in the surveyors' order:
# X = northing.
pts=$(printf '106.50 11.00\n106.45 10.95\n' |
    gdaltransform -output_xy -s_srs "+proj=longlat +datum=WGS84" \
        -t_srs "$VN2000" 2>/dev/null)
if [ -n "$pts" ]; then
    { echo "Mã trường,Cấp học,X,Y"
      echo "$pts" | awk '{ printf "S%d,Tiểu học,%s,%s\n", NR, $2, $1 }'
    } >surveyor.csv
    sg import schools --year 2023-2024 --crs "$VN2000" surveyor.csv
    ok "X = northing, Y = easting: detected, read swapped, with a warning" \
        eval 'rc_is 0 && file_has "$ERR" "northing/easting"'
    ok "... and the schools are where they are (1e-6 degrees)" \
        eval 'close "$(qx "SELECT X(geom) FROM schools WHERE code = '"'S1'"'")" 106.5 1e-8 && close "$(qx "SELECT Y(geom) FROM schools WHERE code = '"'S2'"'")" 10.95 1e-7'
else
    skip "gdaltransform not found"
    skip "gdaltransform not found"
fi
printf 'Mã trường,Cấp học,Kinh độ,Vĩ độ\nF1,TH,100.4,13.6\nF2,TH,100.5,13.7\n' \
    >allfar.csv
sg import schools --year 2023-2024 allfar.csv
ok "every point outside the study area: exit 5, says so" \
    eval 'rc_is 5 && file_has "$ERR" "every point (2) lies outside the study area"'
cat >dms.csv <<'EOF'
Mã trường,Cấp học,Kinh độ,Vĩ độ
D1,TH,"106°29'12""E","10°55'40.35""N"
D2,TH,106 30 00 E,11 00 00 N
EOF
sg import schools --year 2023-2024 dms.csv
ok "DMS coordinates parse" \
    eval 'rc_is 0 && close "$(qx "SELECT Y(geom) FROM schools WHERE code = '"'D1'"'")" 10.927875 1e-9 && close "$(qx "SELECT X(geom) FROM schools WHERE code = '"'D2'"'")" 106.5 1e-9'

tap_done
