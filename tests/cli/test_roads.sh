#!/usr/bin/env bash
#
# tests/cli/test_roads.sh - end-to-end checks of `schoolgis roads import`
# and `--distance road` on the generated sample district (sg-gensample
# --roads): exit codes, --json, the network stored and imported once,
# the island, the stored catchments tiling the district (SpatiaLite's own
# union), coverage by road never above the straight line's, admission
# explanations by road, and bad input.
#
# Usage: test_roads.sh PATH/TO/schoolgis PATH/TO/sg-gensample
#
# Prints TAP lines and "1..N"; exits 1 when a check failed, 2 on a usage
# or set-up problem.  Needs bash, sqlite3 (with mod_spatialite for the
# tiling check, else it is skipped), ogrinfo, python3.
#
set -u
. "$(dirname "$0")/tap.sh"

tap_args "$@"
tap_need sqlite3 ogrinfo python3
T=$(mktemp -d "${TMPDIR:-/tmp}/sg-roadstest.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 2
unset SCHOOLGIS_DB SCHOOLGIS_STANDARDS
export LC_ALL=C.UTF-8 PYTHONIOENCODING=utf-8
export SCHOOLGIS_DB=$T/s.sqlite

tap_init
err_has() { grep -q -- "$1" "$ERR"; }
q() { sqlite3 -batch -noheader "$SCHOOLGIS_DB" "$1"; }
jq() { python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }

#---- set-up ---------------------------------------------------------------

"$GEN" --quiet --roads --applicants 600 "$T/s" &&
    "$SG" init -q && "$SG" import units s/district.geojson --kind district -q &&
    "$SG" import units s/communes.geojson --population-field "Dân số 2019" --year 2019 -q &&
    "$SG" import population s/population.csv -q &&
    "$SG" import schools s/schools.csv -q &&
    "$SG" import applicants s/applicants_g1.csv -q ||
    { echo "Bail out! set-up failed"; exit 2; }
feats=$(ogrinfo -ro -so s/roads.gpkg roads | sed -n 's/^Feature Count: //p')

#---- import -----------------------------------------------------------------

sg roads import s/roads.gpkg --json
cp "$OUT" walk.json
ok "roads import --json exits 0" rc_is 0
ok "--json: every line used, the walking profile, EPSG:32648" \
    eval '[ "$(jq walk.json "(d[\"used\"], d[\"features\"], d[\"profile\"], d[\"crs\"])")" = "($feats, $feats, '"'"'walking'"'"', '"'"'EPSG:32648'"'"')" ]'
ok "--json: one edge per line (segments), nodes and edges stored" \
    eval '[ "$(jq walk.json "d[\"edges\"]")" = "$feats" ] && [ "$(q "SELECT count(*) FROM road_edges")" = "$feats" ] && [ "$(q "SELECT count(*) FROM road_nodes")" = "$(jq walk.json "d[\"nodes\"]")" ]'
ok "the generated island is reported: 2 parts, 1 island of 12 edges" \
    eval '[ "$(jq walk.json "(d[\"components\"], d[\"islands\"], d[\"island_edges\"])")" = "(2, 1, 12)" ]'
ok "the island's nodes are stored as component 1" \
    eval '[ "$(q "SELECT count(DISTINCT component) FROM road_nodes")" = 2 ]'
runs=$(q "SELECT count(*) FROM runs")
sg roads import s/roads.gpkg
ok "the same file again: unchanged, no run" \
    eval 'rc_is 0 && out_has "unchanged" && [ "$(q "SELECT count(*) FROM runs")" = "$runs" ]'
sg roads import s/roads.gpkg --profile motorbike --json
cp "$OUT" moto.json
ok "motorbike: the one-way main roads counted, closed ways stored as NULL" \
    eval 'rc_is 0 && [ "$(jq moto.json "d[\"oneway\"] > 0")" = True ] && [ "$(q "SELECT count(*) FROM road_edges e JOIN road_networks n ON n.id = e.network_id WHERE n.name = '"'"'motorbike'"'"' AND (time_fwd_s IS NULL OR time_bwd_s IS NULL)")" -gt 0 ]'

#---- --distance road ----------------------------------------------------------

sg catchments --level primary --distance road
ok "two networks and none named: usage of the data, exit 5, names them" \
    eval 'rc_is 5 && err_has "motorbike, walking"'
sg catchments --level primary --distance road --network walking --json
cp "$OUT" c.json
ok "catchments --distance road exits 0, 41 catchments" \
    eval 'rc_is 0 && [ "$(jq c.json "d[\"catchments\"]")" = 41 ]'
ok "the run names the network (results, subject roads)" \
    eval '[ "$(q "SELECT value FROM results WHERE subject = '"'"'roads'"'"' AND key = '"'"'network'"'"' ORDER BY run_id DESC LIMIT 1")" = walking ]'
if sqlite3 -batch :memory: "SELECT load_extension('mod_spatialite')" >/dev/null 2>&1; then
    tiling=$(sqlite3 -batch -noheader "$SCHOOLGIS_DB" "SELECT load_extension('mod_spatialite');
        SELECT (SELECT ST_Area(Transform(ST_Union(geom), 32648)) FROM units WHERE kind = 'ward'),
               sum(ST_Area(Transform(geom, 32648))), ST_Area(Transform(ST_Union(geom), 32648))
        FROM catchments WHERE run_id = (SELECT max(run_id) FROM catchments)" | tail -n 1)
    ok "stored catchments and unserved areas tile the wards (sum and union = study area, 1e-6)" \
        python3 -c 'import sys; s, a, u = map(float, sys.argv[1].split("|")); assert abs(a - s) < 1e-6 * s and abs(u - s) < 1e-6 * s, (s, a, u)' "$tiling"
else
    skip "stored catchments tile the wards" "no mod_spatialite for sqlite3"
fi
sg stats coverage --level primary --json
cp "$OUT" straight.json
sg stats coverage --level primary --distance road --network walking --json
cp "$OUT" road.json
ok "coverage by road: fewer children within 1000 m than in a straight line" \
    python3 -c 'import json, sys
a = json.load(open(sys.argv[1]))["summary"]["children_within"]
b = json.load(open(sys.argv[2]))["summary"]["children_within"]
assert 0 < b < a, (a, b)' straight.json road.json
sg admit --grade 1 -o g1 --distance road --network walking
ok "admit --distance road: placed, explanations say 'by road'" \
    eval 'rc_is 0 && grep -q "nearest school by road" g1/internal.csv'

#---- suggest-sites and coverage by road -------------------------------------

sg suggest-sites --level primary --count 3 --dry-run --json
cp "$OUT" sites_s.json
sg suggest-sites --level primary --count 3 --distance road --network walking --json
cp "$OUT" sites_r.json
ok "suggest-sites --distance road: 3 sites, by road on 'walking', fewer children served before than in a straight line" \
    python3 -c 'import json, sys
s = json.load(open(sys.argv[1])); r = json.load(open(sys.argv[2]))
assert r["distance"] == "road" and r["cost"] == "length" and r["network"] == "walking", r
assert "distance" not in s, s
assert len(r["sites"]) == 3 and all(x["children"] > 0 for x in r["sites"]), r["sites"]
assert 0 < r["served_before"] < s["served_before"], (r["served_before"], s["served_before"])
assert abs(r["served_after"] - r["served_before"] - sum(x["children"] for x in r["sites"])) < 1e-3
assert r["cells_off_road"] == 0 and r["candidates_off_road"] == 0' sites_s.json sites_r.json
ok "suggest-sites by road: the run stores the network and the cost" \
    eval '[ "$(q "SELECT group_concat(value, \",\") FROM (SELECT value FROM results WHERE run_id = (SELECT max(id) FROM runs WHERE command = '"'"'suggest-sites'"'"') AND subject = '"'"'roads'"'"' AND key IN ('"'"'network'"'"', '"'"'cost'"'"') ORDER BY key)")" = "length,walking" ]'
sg suggest-sites --level primary --count 3 --distance road --network walking --cost time --max-minutes 12 --dry-run --json
cp "$OUT" sites_t.json
ok "suggest-sites --cost time: minutes, no metres; walking 12 min = 1000 m gives the same sites" \
    python3 -c 'import json, sys
r = json.load(open(sys.argv[1])); t = json.load(open(sys.argv[2]))
assert t["cost"] == "time" and t["max_minutes"] == 12 and t["max_distance_m"] is None, t
assert [x["candidate_id"] for x in t["sites"]] == [x["candidate_id"] for x in r["sites"]], (t["sites"], r["sites"])
assert abs(t["served_after"] - r["served_after"]) < 1e-3 * r["served_after"]' sites_r.json sites_t.json
sg suggest-sites --level primary --count 3 --distance road --network walking --cost time
ok "suggest-sites --cost time without --max-minutes: usage error" rc_is 2
sg stats coverage --level primary --distance road --network walking --cost time --max-minutes 12
ok "coverage --cost time: the totals and the tables say minutes by road, not metres" \
    eval 'rc_is 0 && out_has "within 12 min by road of a primary school" && out_has "within 12 min by road) by ward" && ! out_has "within 1000 m"'
sg stats coverage --level primary --distance road --network walking --cost time --max-minutes 12 --json
cp "$OUT" cov_t.json
ok "coverage --cost time --json: max_minutes 12, max_distance_m null, the network named" \
    python3 -c 'import json, sys
d = json.load(open(sys.argv[1])); s = d["summary"]
assert s["max_minutes"] == 12 and s["max_distance_m"] is None and s["cost"] == "time" and s["network"] == "walking", s
assert "12 min by road" in d["units"]["title"] and "straight line" not in d["units"]["note"], d["units"]' cov_t.json

sg stats coverage --level primary --distance road --network walking --snap-limit 50 --json
cp "$OUT" cov_snap.json
cp "$ERR" cov_snap.err
sg suggest-sites --level primary --count 1 --distance road --network walking --snap-limit 50 --dry-run --json
cp "$OUT" sites_snap.json
ok "--snap-limit 50: the schools, squares and cells farther from the roads are reported, counted alike by coverage and suggest-sites, and reach nothing" \
    eval 'rc_is 0 && grep -q "schools lie farther than 50 m from the roads" cov_snap.err && err_has "cells (.* children) lie farther than 50 m" && python3 -c "import json, re, sys
c = json.load(open(sys.argv[1]))[\"summary\"]; s = json.load(open(sys.argv[2])); r = json.load(open(sys.argv[3]))[\"summary\"]
n = int(re.search(r\"coverage: ([0-9]+) of [0-9]+ squares of 250 m .* farther than 50 m\", open(sys.argv[4]).read()).group(1))
assert n > 0 and s[\"cells_off_road\"] == n and s[\"candidates_off_road\"] == n, (n, s[\"cells_off_road\"])
assert abs(s[\"served_before\"] - c[\"children_within\"]) < 1e-3 and c[\"children_within\"] < r[\"children_within\"], (s[\"served_before\"], c, r)" cov_snap.json sites_snap.json road.json cov_snap.err'

dcode=$(q "SELECT code FROM units WHERE kind = 'district'")
sg report --unit "$dcode" -o rr.html --lang en -q --distance road --network walking
ok "report --distance road: the coverage figure says 'by road' and equals coverage by road's within_pct; the annex names the network" \
    python3 -c 'import json, re, sys
h = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"<td>Children of Primary age within 1000 m of a school by road \(%\)</td><td class=\"n\">([0-9.]+)", h)
assert m, "no by-road figure"
want = json.load(open(sys.argv[2]))["summary"]["within_pct"]
assert abs(float(m.group(1)) - want) < 0.051, (m.group(1), want)
assert re.search(r"Coverage by road[^<]*network [^<]*walking", h), "method not stated"' rr.html road.json
sg report --unit "$dcode" -o rr2.html --lang en -q --distance road --network walking --cost time
ok "report --cost time without --max-minutes: usage error" rc_is 2

#---- bad input ----------------------------------------------------------------

sg roads import s/roads.gpkg --profile bicycle
ok "an unknown profile is a usage error (exit 2)" rc_is 2
sg roads import s/none.gpkg
ok "a missing file: exit 4, named" eval 'rc_is 4 && err_has "none.gpkg"'
sg roads import s/roads.gpkg --speed-field vmax --name x
ok "a missing column: exit 4, named" eval 'rc_is 4 && err_has "vmax"'
sg catchments --level primary --network walking
ok "--network without --distance road: usage error" rc_is 2
sg catchments --level primary --distance road --network nowhere
ok "an unknown network: exit 4" eval 'rc_is 4 && err_has "nowhere"'
sg catchments --level primary --method capacity --distance road --network walking
ok "capacity by road is refused (exit 5)" rc_is 5
sg admit --grade 10 -o g10 --distance road
ok "grade 10 by road: usage error" rc_is 2
sg roads --help
ok "roads --help names the profiles" eval 'rc_is 0 && out_has motorbike'

tap_done
