#!/usr/bin/env bash
# The typed results agree with the tables, row for row and figure for
# figure, on a generated city of three districts (tests/helpers/
# districts.py from sg-gensample, two school years): the whole store, the
# city 79 and the district 801 (tests/results/results_check.c; its group
# figures are also checked against sums of its school figures).
# Usage: test_results.sh SCHOOLGIS SG_GENSAMPLE RESULTS_CHECK
set -u
. "$(dirname "$0")/tap.sh"
check_bin=$(readlink -f "$3")
tap_args "$1" "$2"
tap_need python3
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
tap_init
python3 "$(dirname "$0")/../helpers/districts.py" "$GEN" "$T/in" 3 \
	>/dev/null || exit 2
export SCHOOLGIS_DB=$T/city.sqlite
"$SG" init -q &&
	"$SG" import units "$T/in/city.geojson" --kind city -q &&
	"$SG" import units "$T/in/district.geojson" --kind district -q &&
	"$SG" import units "$T/in/communes.geojson" -q &&
	"$SG" import population "$T/in/population.csv" -q &&
	"$SG" import schools "$T/in/schools.csv" -q || exit 2
for unit in "" 79 801; do
	check "typed results equal the tables (unit ${unit:-none})" \
		"$check_bin" "$SCHOOLGIS_DB" $unit
	tail -n 1 "$T/.check" | sed "s/^/# /"
done
tap_done
