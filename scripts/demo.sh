#!/usr/bin/env bash
# The whole pipeline on the generated sample district (modelled on Cu Chi):
# install missing packages, build, generate the sample, create a store,
# import units, population and schools (clean and faulty files), validate
# and export.  Outputs go to ./out (or $1).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
sg=build/cli/schoolgis
out=${1:-out}
mkdir -p "$out"
db="$out/cuchi.sqlite"
export SCHOOLGIS_DB="$db"

echo "== sample district (generated, seeded) in $out/sample"
build/sg-gensample --years 2016-2017,2017-2018 --errors --applicants 7000 \
	--raster "$out/sample"

echo "== store"
$sg init --force
$sg import units "$out/sample/district.geojson" --kind district
$sg import units "$out/sample/communes.geojson" \
	--population-field "Dân số 2019" --year 2019
$sg import population "$out/sample/population.csv"
$sg import schools "$out/sample/schools.xlsx"
echo "== a faulty file: bad rows are rejected, good rows kept (exit 3)"
$sg import schools "$out/sample/schools_errors.csv" --year 2016-2017 \
	|| [ $? -eq 3 ]

echo "== data-quality report"
$sg validate > "$out/validate.txt" || [ $? -eq 3 ]
$sg validate --json > "$out/validate.json" || [ $? -eq 3 ]
tail -n 1 "$out/validate.txt"

echo "== statistics (latest year) and trends"
$sg stats ratios --by level
$sg stats it --by district --csv -o "$out/it.csv" --force
$sg stats rollup --gpkg "$out/rollup.gpkg" -o "$out/rollup.txt" --force
$sg stats rollup --years 2016-2017..2017-2018 --csv -o "$out/trends.csv" \
	--force

echo "== catchments and coverage"
$sg catchments --level primary --method voronoi
$sg catchments --level primary --method distance
$sg catchments --level lower_secondary --method capacity
$sg catchments --level preschool --method capacity \
	--population-raster "$out/sample/population.tif"
$sg stats coverage --level primary
$sg suggest-sites --level primary --count 3 -o "$out/sites.gpkg" --force

echo "== admissions: grade 1 by residence, grade 10 by choices and score"
$sg import applicants "$out/sample/applicants_g1.csv"
$sg import applicants "$out/sample/applicants_g10.csv"
$sg admit --grade 1 --year 2016-2017 -o "$out/admit-g1" --force
$sg admit --grade 10 --year 2016-2017 -o "$out/admit-g10" --force

echo "== exports"
$sg export schools -o "$out/schools.gpkg" --force
$sg export units -o "$out/units.geojson" --force
$sg export school_years -o "$out/school_years.csv" --force
$sg export catchments -o "$out/catchments.gpkg" --force

echo "== the district report"
pdf=
command -v chromium >/dev/null && pdf=--pdf
$sg report --unit 783 -o "$out/report.html" --force $pdf

cat <<TXT

Outputs in $out/:
  cuchi.sqlite              the project store (SpatiaLite)
  sample/                   the generated input files
  sample/*.rejects.csv      rows the imports rejected, with reasons
  validate.txt, .json       the data-quality report
  schools.gpkg, units.geojson, school_years.csv, catchments.gpkg  exports
  it.csv, rollup.txt, rollup.gpkg, trends.csv     statistics
  sites.gpkg                3 suggested sites for new primary schools
  admit-g1/, admit-g10/      placements: internal.csv, public/*.csv (no
                            names or places), summary, zones.gpkg
  report.html (+ report.pdf, report-*.csv)        the district report
TXT
