#!/usr/bin/env bash
# The sample district's figures do not change when the core is reworked:
# stats, coverage, dry-run catchments and suggest-sites JSON and the
# report's CSV annexes of the generated sample equal the files under
# tests/golden/sample/, recorded from the code before the unit scope
# (main at fdc5f12).  `--record DIR` writes them instead.
# Usage: test_golden.sh SCHOOLGIS SG_GENSAMPLE GOLDEN_DIR [--record]
set -u
. "$(dirname "$0")/tap.sh"
sg=$1
gen=$2
golden=$3
record=${4:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
T=$tmp
tap_init
export SCHOOLGIS_DB=$tmp/s.sqlite
"$gen" --quiet --years 2016-2017,2017-2018 "$tmp/in"
cat > "$tmp/city.geojson" <<'JSON'
{"type":"FeatureCollection","features":[{"type":"Feature","properties":
{"code":"79","name":"Thành phố Hồ Chí Minh"},"geometry":{"type":"Polygon",
"coordinates":[[[106.0,10.5],[107.2,10.5],[107.2,11.5],[106.0,11.5],
[106.0,10.5]]]}}]}
JSON
$sg init -q
$sg import units "$tmp/city.geojson" --kind city -q
$sg import units "$tmp/in/district.geojson" --kind district -q
$sg import units "$tmp/in/communes.geojson" -q
$sg import population "$tmp/in/population.csv" -q
$sg import schools "$tmp/in/schools.csv" -q
mkdir -p "$tmp/out" "$tmp/r"
o=$tmp/out
# The figures: one file per question.
for k in ratios it rollup; do
	for by in school ward district city level; do
		$sg stats $k --by $by --json > "$o/$k-$by.json"
		$sg stats $k --by $by --year 2016-2017 --json \
			> "$o/$k-$by-2016.json"
	done
done
$sg stats rollup --years 2016-2017..2017-2018 --json > "$o/rollup-trend.json"
for l in preschool primary lower_secondary upper_secondary; do
	$sg stats coverage --level $l --json > "$o/coverage-$l.json"
done
for m in voronoi distance capacity; do
	$sg catchments --level primary --method $m --dry-run --json \
		> "$o/catchments-$m.json"
done
$sg suggest-sites --level primary --count 3 --dry-run --json |
	sed 's/"run_id": [0-9]*, //' > "$o/sites.json"
$sg catchments --level primary --method voronoi -q
$sg catchments --level primary --method distance -q
$sg report --unit 783 -o "$tmp/r/report.html" -q
$sg report --unit 79 -o "$tmp/r/city.html" -q
cp "$tmp"/r/*.csv "$o/"
if [ "$record" = --record ]; then
	mkdir -p "$golden"
	cp "$o"/* "$golden/"
	echo "recorded $(ls "$o" | wc -l) files in $golden"
	exit 0
fi
# The CSV annexes' header row is presentation (translated by the report's
# message table since): their figures are the rows below it.
for f in "$golden"/*; do
	b=$(basename "$f")
	case $b in
	*.csv) tail -n +2 "$f" > "$tmp/want"; tail -n +2 "$o/$b" > "$tmp/got" ;;
	*) cp "$f" "$tmp/want"; cp "$o/$b" "$tmp/got" ;;
	esac
	check "$b equals the recorded figures" cmp -s "$tmp/want" "$tmp/got"
	cmp -s "$tmp/want" "$tmp/got" || diff "$tmp/want" "$tmp/got" | head -20 >&2
done
check "no figure file more or less than recorded" \
	test "$(ls "$golden" | wc -l)" = "$(ls "$o" | wc -l)"
tap_done
