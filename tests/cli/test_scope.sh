#!/usr/bin/env bash
# A unit's figures do not depend on what else the store holds: district
# 801 of a three-district city store and of a store holding only it and
# the schools within the margin around it (built by
# tests/helpers/districts.py from sg-gensample) give the same stats,
# coverage, dry-run catchments, report CSV annexes and maps' extents;
# its school count is the generator's, and its report names no other
# district's school.
# Usage: test_scope.sh SCHOOLGIS SG_GENSAMPLE
set -u
. "$(dirname "$0")/tap.sh"
tap_args "$@"
tap_need python3
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
tap_init
helpers=$(dirname "$0")/../helpers
python3 "$helpers/districts.py" "$GEN" "$T/in" 3 3000 1 > "$T/margin" ||
	exit 2
build() {   # build DB DIR
	export SCHOOLGIS_DB=$1
	"$SG" init -q &&
	{ [ ! -f "$2/city.geojson" ] ||
	  "$SG" import units "$2/city.geojson" --kind city -q; } &&
	"$SG" import units "$2/district.geojson" --kind district -q &&
	"$SG" import units "$2/communes.geojson" -q &&
	"$SG" import population "$2/population.csv" -q &&
	"$SG" import schools "$2/schools.csv" -q >/dev/null 2>&1
	# (the margin's schools lie outside every ward: import warns)
	"$SG" catchments --level primary --method voronoi -q &&
	"$SG" catchments --level primary --method distance -q
}
build "$T/city.sqlite" "$T/in" || exit 2
build "$T/only.sqlite" "$T/in/only" || exit 2
mkdir -p "$T/city" "$T/only"
for db in city only; do
	export SCHOOLGIS_DB=$T/$db.sqlite
	o=$T/$db
	for k in ratios it rollup; do
		for by in school ward district; do
			"$SG" stats $k --unit 801 --by $by --json \
				> "$o/$k-$by.json"
		done
	done
	for l in preschool primary lower_secondary upper_secondary; do
		"$SG" stats coverage --unit 801 --level $l --json \
			> "$o/coverage-$l.json"
	done
	"$SG" catchments --unit 801 --level primary --method voronoi \
		--dry-run --json > "$o/catchments.json"
	mkdir -p "$o/r"
	"$SG" report --unit 801 -o "$o/r/report.html" -q
	mv "$o"/r/*.csv "$o/"
	grep -o 'data-bbox="[^"]*"' "$o/r/report.html" > "$o/maps.txt"
done
for f in "$T"/only/*.json "$T"/only/*.csv "$T"/only/maps.txt; do
	b=$(basename "$f")
	check "district 801: $b is the same from both stores" \
		cmp -s "$f" "$T/city/$b"
done
check "the maps have extents" test -s "$T/city/maps.txt"
# Independent: the generator wrote the district's schools (two rows a
# school, one per year) in $T/in/src1/schools.csv.
n=$(( ($(wc -l < "$T/in/src1/schools.csv") - 1) / 2 ))
check "the unit counts the $n schools generated for it" python3 -c "
import json, sys
t = json.load(open('$T/city/ratios-school.json'))
sys.exit(len(t['rows']) != $n)"
check "the margin holds schools of the neighbours" test "$(cat "$T/margin")" -gt 0
check "the report names no school of another district" bash -c \
	"! grep -Eq '(MN|TH|THCS|THPT)[0-9]+-[02]' '$T/city/r/report.html'"
# The whole city store's figures differ (the scope is not a no-op).
export SCHOOLGIS_DB=$T/city.sqlite
"$SG" stats ratios --by school --json > "$T/all.json"
check "the whole store holds more schools than the unit" python3 -c "
import json, sys
t = json.load(open('$T/all.json'))
sys.exit(len(t['rows']) <= $n)"
check "an unknown unit is 'not found' (exit 4)" bash -c \
	"'$SG' stats ratios --unit 999999 -q >/dev/null 2>&1; test \$? = 4"
tap_done
