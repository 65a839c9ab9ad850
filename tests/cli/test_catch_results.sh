#!/usr/bin/env bash
# The typed result of a catchment run (sg_catchment_compute_result) equals
# the run read back by id and the summary, a dry run's equals the stored
# run's, and the unserved areas and catchments add up to the study area,
# for each method (tests/results/catch_check.c): on the sample district
# and on a generated city of three districts, whole and for one district.
# Likewise an admission run's (sg_admit_compute_result,
# tests/results/admit_check.c): grade 1 of the city, whole and for one
# district; grades 1 and 10 of the sample.
# Usage: test_catch_results.sh SCHOOLGIS SG_GENSAMPLE CATCH_CHECK ADMIT_CHECK
set -u
. "$(dirname "$0")/tap.sh"
check_bin=$(readlink -f "$3")
admit_bin=$(readlink -f "$4")
tap_args "$1" "$2"
tap_need sqlite3
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 2
unset SCHOOLGIS_STANDARDS
export LC_ALL=C.UTF-8
tap_init

# The sample district.
"$GEN" --quiet --applicants 400 "$T/s" || exit 2
export SCHOOLGIS_DB=$T/sample.sqlite
"$SG" init -q &&
	"$SG" import units s/district.geojson --kind district -q &&
	"$SG" import units s/communes.geojson -q &&
	"$SG" import population s/population.csv -q &&
	"$SG" import schools s/schools.csv -q &&
	"$SG" import applicants s/applicants_g1.csv -q &&
	"$SG" import applicants s/applicants_g10.csv -q || exit 2
check "the sample: computed = read back = summary, dry = stored" \
	"$check_bin" "$SCHOOLGIS_DB"
grep '^#' "$T/.check" 2>/dev/null
for g in 1 10; do
	mkdir -p "$T/adm$g"
	check "the sample's admission, grade $g: computed = read back = summary" \
		"$admit_bin" "$SCHOOLGIS_DB" $g "$T/adm$g"
	grep '^#' "$T/.check" 2>/dev/null
done

# A generated city.
"$GEN" --city --districts 3 --wards 12 --schools 120 --applicants 1500 \
	--quiet "$T/c" ||
	exit 2
export SCHOOLGIS_DB=$T/city.sqlite
"$SG" init -q &&
	"$SG" import units c/provinces.geojson -q &&
	"$SG" import units c/districts.geojson -q &&
	"$SG" import units c/wards.geojson --population-field "Dân số 2019" \
		--year 2019 -q &&
	"$SG" import population c/population.csv -q &&
	"$SG" import schools c/schools.csv -q &&
	"$SG" import applicants c/applicants_g1.csv -q || exit 2
check "a city: computed = read back = summary, dry = stored" \
	"$check_bin" "$SCHOOLGIS_DB"
D=$(sqlite3 "$SCHOOLGIS_DB" "SELECT code FROM units WHERE kind = 'district'
	ORDER BY code LIMIT 1" 2>/dev/null)
mkdir -p "$T/cadm" "$T/dadm"
check "the city's admission, grade 1: computed = read back = summary" \
	"$admit_bin" "$SCHOOLGIS_DB" 1 "$T/cadm"
grep '^#' "$T/.check" 2>/dev/null
if [ -n "$D" ]; then
	check "a city's district $D: likewise" "$check_bin" "$SCHOOLGIS_DB" "$D"
	check "a city's district $D: its admission, grade 1, likewise" \
		"$admit_bin" "$SCHOOLGIS_DB" 1 "$T/dadm" "$D"
	grep '^#' "$T/.check" 2>/dev/null
else
	check "the city has districts" false
fi
tap_done
