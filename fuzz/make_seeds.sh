#!/usr/bin/env bash
# Write the fuzzers' seed corpus into OUT, one directory per harness, from
# files the project generates (sg-gensample: a tiny country with its 2025
# reform and a small district; the CLI's own standards and style output)
# plus a few hand-written mapping and crosswalk files.  OUT/base/ is the
# tiny country the harnesses load into their store ($SG_FUZZ_BASE).
# Usage: fuzz/make_seeds.sh SCHOOLGIS SG_GENSAMPLE OUT
set -euo pipefail
sg=$1 gen=$2 out=$3
rm -rf "$out"
mkdir -p "$out"/{base,csv,xlsx,geojson,applicants,mapping,standards,style,crosswalk}
"$gen" --national --provinces 1 --districts 2 --wards 6 --reform \
	--applicants 40 --quiet "$out/base"
"$gen" --quiet --schools 8 --errors --applicants 5 "$out/d"
d=$out/d b=$out/base

# CSV (schools): good rows, rows with errors, VN-2000 x/y, a file of
# another kind, a BOM and a semicolon variant.
head -n 6 "$d/schools.csv" >"$out/csv/schools.csv"
head -n 12 "$d/schools_errors.csv" >"$out/csv/schools_errors.csv"
head -n 4 "$d/schools_vn2000.csv" >"$out/csv/schools_vn2000.csv"
head -n 6 "$d/population.csv" >"$out/csv/population.csv"
head -n 4 "$b/schools.csv" >"$out/csv/national.csv"
{ printf '\357\273\277'; head -n 3 "$d/schools.csv"; } >"$out/csv/bom.csv"
head -n 3 "$d/schools.csv" | tr ',' ';' >"$out/csv/semicolon.csv"

cp "$d/schools.xlsx" "$out/xlsx/schools.xlsx"

# GeoJSON (units): wards, the 2025 communes, an invalid polygon.
cp "$b/wards.geojson" "$out/geojson/wards.geojson"
cp "$b/communes_2025.geojson" "$out/geojson/communes_2025.geojson"
cp "$d/communes_invalid.geojson" "$out/geojson/invalid.geojson"
cp "$b/provinces.geojson" "$out/geojson/provinces.geojson"

# Applicants of grades 1, 6, 10 (the district's codes and the country's).
head -n 8 "$b/applicants_g1.csv" >"$out/applicants/national_g1.csv"
for g in 1 6 10; do
	cp "$d/applicants_g$g.csv" "$out/applicants/g$g.csv"
done

# Mapping files for fuzz_mapping's CSV (ID,Title,Tier,Ward,X,Y,Kids,PCs).
printf 'code = ID\nname = Title\nlevels = Tier\nunit_code = Ward\nlon = X\nlat = Y\nstudents = Kids\ncomputers_teaching = PCs\n' \
	>"$out/mapping/full.map"
printf '# partial\ncode = ID\nlon = X\nlat = Y\n\nname=Title\n' >"$out/mapping/partial.map"
printf '\357\273\277code = ID\r\nname = Title\r\nlon = X\r\nlat = Y\r\n' >"$out/mapping/bom_crlf.map"

# Standards and style: what the CLI prints (every key), and small files.
"$sg" standards >"$out/standards/all.ini"
printf '[ratios]\nprimary = 20\n' >"$out/standards/small.ini"
grep -v '^[#;]' "$out/standards/all.ini" | grep -v '^$' | head -n 12 \
	>"$out/standards/head.ini"
SCHOOLGIS_DB=$out/none.sqlite "$sg" tiles --print-style >"$out/style/all.ini"
grep -v '^[#;]' "$out/style/all.ini" | grep -v '^$' | head -n 12 \
	>"$out/style/head.ini"

# Crosswalks: the generated 2025 reform (CSV), and the JSON layout.
cp "$b/crosswalk_2025.csv" "$out/crosswalk/reform.csv"
cat >"$out/crosswalk/list.json" <<'JSON'
{"wards": {"1": {"new_ward_id": "00001", "new_ward_name": "Phường Quý Nghĩa",
  "new_province_name": "Thành phố Tây Xuân", "old_wards": [
  {"old_ward_id": "00001", "old_ward_name": "Phường Tam Hưng",
   "old_district_name": "", "old_province_name": "Thành phố Tây Xuân"}]}}}
JSON
printf 'new_code,new_name,new_province,old_code,old_name,old_district,old_province,share\n00013,Phường Hòa Phong,Thành phố Tây Xuân,00013,x,,Thành phố Tây Xuân,0.5\n' \
	>"$out/crosswalk/columns.csv"
rm -rf "$d"
for h in csv xlsx geojson applicants mapping standards style crosswalk; do
	n=$(find "$out/$h" -type f -size +0 | wc -l)
	[ "$n" -gt 0 ] || { echo "make_seeds: no seeds for $h" >&2; exit 1; }
done
echo "fuzz seeds: $(find "$out" -type f -path '*/[a-z]*/*' ! -path '*/base/*' | wc -l) files in $out"
