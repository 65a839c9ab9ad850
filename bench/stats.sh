#!/usr/bin/env bash
# bench/stats.sh - statistics benchmark: ratios + roll-up for 50,000
# schools x 5 school years, against the same aggregation written as one
# SQL query run by SpatiaLite's sqlite3 shell on the same store, in the
# same run.  Target: schoolgis <= 1 s and faster than the SQL reference.
#
# Usage: bench/stats.sh
# Environment:
#   BUILD=DIR   binaries in DIR/cli/schoolgis and DIR/sg-gensample (no
#               build); default: build Release into <repo>/build-bench
#   SCHOOLS=N   schools (default 50000); RUNS=N timed runs (default 5)
#
# Timed, schoolgis: `stats ratios --by ward --years A..E` plus
# `stats rollup --years A..E` (two processes, each loading the store).
# Timed, SQL: one statement computing per year, ward and level group the
# same sums (students, computers, computers needed by the level standard,
# compliant schools, management equipment, IT shares), and per year the
# roll-up to wards and districts, read to the end by the sqlite3 shell.
set -euo pipefail
export LC_ALL=C.UTF-8

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
schools=${SCHOOLS:-50000}
runs=${RUNS:-5}
years=2015-2016,2016-2017,2017-2018,2018-2019,2019-2020

command -v sqlite3 >/dev/null || { echo "apt-get install sqlite3" >&2; exit 1; }
if [ -n "${BUILD:-}" ]; then
	build=$BUILD
else
	build=$root/build-bench
	cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
		-DSG_BUILD_TESTS=OFF >/dev/null
	cmake --build "$build" -j"$(nproc)" >/dev/null
fi
sg=$build/cli/schoolgis
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "generating $schools schools x 5 years and importing (not timed)" >&2
"$build/sg-gensample" --quiet --schools "$schools" --years "$years" "$tmp/in"
export SCHOOLGIS_DB=$tmp/s.sqlite
$sg init -q
$sg import units "$tmp/in/district.geojson" --kind district -q
$sg import units "$tmp/in/communes.geojson" -q
$sg import schools "$tmp/in/schools.csv" -q
rows=$(sqlite3 "$tmp/s.sqlite" "SELECT count(*) FROM school_years")

cat > "$tmp/q.sql" <<'SQL'
WITH s AS (
  SELECT y.year, w.code AS ward, d.code AS district,
    CASE WHEN instr(s.levels, ',') > 0 THEN 'multi_level' ELSE s.levels END AS lg,
    y.students AS st, y.computers_teaching AS ct, y.computers_management AS cm,
    CASE s.levels WHEN 'primary' THEN (y.students + 23) / 24
      WHEN 'lower_secondary' THEN (y.students + 15) / 16
      WHEN 'upper_secondary' THEN (y.students + 11) / 12 END AS need,
    y.printers AS pr, y.webcams AS wc, y.fibre, y.website, y.e_gradebook AS eg,
    y.teachers AS te, y.teachers_it_standard AS ti
  FROM school_years y JOIN schools s ON s.id = y.school_id
  LEFT JOIN units w ON w.id = s.unit_id LEFT JOIN units d ON d.id = w.parent_id),
g AS (
  SELECT year, ward AS unit, lg, * FROM s UNION ALL
  SELECT year, ward, 'all', * FROM s UNION ALL
  SELECT year, district, 'all', * FROM s UNION ALL
  SELECT year, NULL, 'all', * FROM s)
SELECT year, unit, lg, count(*), sum(st), sum(ct), sum(cm),
  sum(CASE WHEN ct IS NOT NULL THEN st END) * 1.0 / sum(CASE WHEN st IS NOT NULL THEN ct END),
  sum(CASE WHEN cm IS NOT NULL AND ct IS NOT NULL THEN st END) * 1.0 /
    sum(CASE WHEN st IS NOT NULL THEN ct + cm END),
  count(need IS NOT NULL AND ct IS NOT NULL OR NULL), sum(need <= ct),
  sum(CASE WHEN need > ct THEN need - ct ELSE 0 END),
  sum(cm >= 2 AND pr >= 1 AND wc >= 1),
  sum(max(0, 2 - cm)), sum(max(0, 1 - pr)), sum(max(0, 1 - wc)),
  100.0 * sum(fibre) / count(fibre), 100.0 * sum(website) / count(website),
  100.0 * sum(eg) / count(eg),
  100.0 * sum(CASE WHEN te IS NOT NULL THEN ti END) / sum(CASE WHEN ti IS NOT NULL THEN te END)
FROM g GROUP BY year, unit, lg;
SQL

now() { date +%s.%N; }
sg_t=()
sql_t=()
for ((i = 0; i < runs; i++)); do
	t0=$(now)
	$sg stats ratios --by ward --years 2015-2016..2019-2020 -q >/dev/null
	$sg stats rollup --years 2015-2016..2019-2020 -q >/dev/null
	t1=$(now)
	sqlite3 "$tmp/s.sqlite" < "$tmp/q.sql" > "$tmp/sql.out"
	t2=$(now)
	sg_t+=("$(echo "$t1 - $t0" | bc -l)")
	sql_t+=("$(echo "$t2 - $t1" | bc -l)")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
m_sg=$(median "${sg_t[@]}")
m_sql=$(median "${sql_t[@]}")
printf 'stats: %s schools, %s school-year rows, 5 years (%s)\n' "$schools" "$rows" "$(date -u +%FT%TZ)"
printf 'machine: %s, nproc %s\n' "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" "$(nproc)"
printf 'schoolgis runs (s): %s\n' "${sg_t[*]}"
printf 'SQL runs (s):       %s\n' "${sql_t[*]}"
printf 'SQL result rows: %s\n\n' "$(wc -l < "$tmp/sql.out")"
printf '| side | median s |\n|---|---:|\n| schoolgis ratios + rollup, 5-year trends | %.3f |\n| one SQL query (SpatiaLite sqlite3) | %.3f |\n\n' "$m_sg" "$m_sql"
awk -v a="$m_sg" -v b="$m_sql" 'BEGIN {
	printf "schoolgis <= 1 s: %s; ratio schoolgis/SQL: %.2f (%s)\n",
		(a <= 1 ? "PASS" : "FAIL"), a / b, (a < b ? "PASS" : "FAIL") }'
