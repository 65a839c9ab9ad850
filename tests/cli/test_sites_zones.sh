#!/usr/bin/env bash
# `schoolgis suggest-sites` on a whole store of provinces that spans UTM
# zones 48 and 49 (#15 item 2): measured by place, every distance in
# the zone of the demand cell's province, one greedy over the country.
# Builds the country of test_catchments_parts (tap_country: 4
# provinces, zones 48 and 49) and runs tests/layers/sites_zones_check.c:
# the sites against a projected and a geodesic brute force (see there),
# and the one-zone measure shown different.  Then the CLI's run is stored with the
# zones named.  A store in one zone is as before (test_golden,
# test_sites*).
# Usage: test_sites_zones.sh SCHOOLGIS SG_GENSAMPLE SITES_ZONES_CHECK
set -u
. "$(dirname "$0")/tap.sh"
CHECKER=$(readlink -f "${3:-}")
tap_args "$1" "$2"
tap_need python3
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
tap_init
export SCHOOLGIS_DB=$T/n.sqlite
tap_country "$T/g"

check "sites = projected and geodesic brute forces, zone by province" \
	"$CHECKER" "$SCHOOLGIS_DB" "$T/g/provinces.geojson"
check "the stored run names both zones" python3 - "$SG" "$SCHOOLGIS_DB" <<'PY'
import json, sqlite3, subprocess, sys
sg, db = sys.argv[1:3]
out = json.loads(subprocess.check_output([sg, 'suggest-sites', '--level',
    'primary', '--count', '3', '--max-distance', '15000', '--cell-size',
    '5000', '--json']))
assert out['crs'] == 'UTM by province: EPSG:32648,EPSG:32649', out['crs']
assert all('@EPSG:326' in s['candidate_id'] for s in out['sites']), out
con = sqlite3.connect(db)
crs = con.execute("SELECT value FROM json_each((SELECT parameters FROM runs "
                  "WHERE id = ?)) WHERE key = 'crs'", (out['run_id'],)).fetchone()
assert crs and crs[0] == out['crs'], crs
PY
tap_done
