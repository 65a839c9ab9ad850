#!/usr/bin/env bash
# bench/admit.sh - admissions benchmark at city scale.
#
#   grade 1:  150,000 applicants, about 500 primary schools
#             (sg-gensample --schools 1366: 476 primary + 24 primary and
#             lower-secondary schools), twice: with the seats as
#             generated (about 105,000: a third of the children wander
#             through every school and stay unplaced, the worst case),
#             and with the seats scaled to 1.05 x the applicants (every
#             child placed, the usual case)
#   grade 10: 100,000 applicants x 3 choices, about 110 upper-secondary
#             schools (--schools 2053: 92 + 18), seats as generated
#
# Wall time is judged; CPU time (user + sys, less sensitive to a shared
# machine's load) is printed next to it with the load average.
#
# Targets on this machine: grade 1 under 5 s, grade 10 under 1 s, peak
# RSS under 300 MB, for the whole `schoolgis admit` process: loading the
# store, placing, writing internal.csv, the public lists, the summaries,
# the admission zones (zones.gpkg) and the run.
#
# Usage: bench/admit.sh
# Environment:
#   BUILD=DIR   binaries in DIR/cli/schoolgis and DIR/sg-gensample (no
#               build); default: build Release into <repo>/build-bench
#   RUNS=N      timed runs per case (default 3; median time, max RSS)
#
# Generation and imports are not timed.  Exit 0 when measured (see the
# PASS/FAIL lines), 1 when something failed.
set -euo pipefail
export LC_ALL=C.UTF-8 LC_NUMERIC=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
runs=${RUNS:-3}

die() { echo "bench/admit.sh: $*" >&2; exit 1; }
[[ -x /usr/bin/time ]] || die "/usr/bin/time missing (apt-get install time)"
command -v sqlite3 >/dev/null || die "sqlite3 missing (apt-get install sqlite3)"

if [[ -n ${BUILD:-} ]]; then
	build=$(cd "$BUILD" && pwd) || die "BUILD=$BUILD: no such directory"
else
	build=$root/build-bench
	echo "== building Release in $build" >&2
	cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
		-DSG_BUILD_TESTS=OFF >/dev/null || die "cmake failed"
	cmake --build "$build" -j"$(nproc)" --target schoolgis_cli \
		sg-gensample >/dev/null || die "build failed"
fi
sg=$build/cli/schoolgis
gen=$build/sg-gensample
[[ -x $sg && -x $gen ]] || die "no binaries in $build"
btype=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null || true)
[[ ${btype:-} == Release ]] || echo "bench/admit.sh: warning: $build is not a Release build" >&2

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sg-bench-admit.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# store DIR SCHOOLS APPLICANTS GRADE: generate and import (not timed).
store() {
	local dir=$1 schools=$2 napp=$3 grade=$4
	"$gen" --quiet --schools "$schools" --applicants "$napp" "$dir/in" ||
		die "sg-gensample failed"
	export SCHOOLGIS_DB=$dir/s.sqlite
	"$sg" init -q
	"$sg" import units "$dir/in/district.geojson" --kind district -q
	"$sg" import units "$dir/in/communes.geojson" -q
	"$sg" import schools "$dir/in/schools.csv" -q
	"$sg" import applicants "$dir/in/applicants_g$grade.csv" -q
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# timed LABEL GRADE: RUNS runs of admit; prints one result line.
timed() {
	local label=$1 grade=$2 ts=() cs=() rss=0 i t m u s
	for ((i = 0; i < runs; i++)); do
		rm -rf "$tmp/out"
		/usr/bin/time -f "%e %M %U %S" -o "$tmp/time" \
			"$sg" admit --grade "$grade" -o "$tmp/out" --json -q \
			> "$tmp/sum.json" || die "admit failed ($label)"
		read -r t m u s < "$tmp/time"
		ts+=("$t")
		cs+=("$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')")
		(( m > rss )) && rss=$m
	done
	python3 - "$tmp/sum.json" "$label" "$(median "${ts[@]}")" "$rss" \
		"${ts[*]}" "$(median "${cs[@]}")" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
label, t, rss, all_t = sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
cpu = float(sys.argv[6])
print(f"| {label} | {d['applicants']} | {d['schools']} | {d['seats']} | "
      f"{d['placed']} | {d['unplaced']} | {d['at_first_pct']:.1f} | "
      f"{t:.2f} | {cpu:.2f} | {rss / 1024:.0f} |   <!-- runs: {all_t} -->")
PY
	echo "$label $(median "${ts[@]}") $rss" >> "$tmp/results"
}

echo "== grade 1: generating 150,000 applicants and importing (not timed)" >&2
mkdir -p "$tmp/g1"
store "$tmp/g1" 1366 150000 1
g1db=$tmp/g1/s.sqlite
echo "== grade 10: generating 100,000 applicants and importing (not timed)" >&2
mkdir -p "$tmp/g10"
store "$tmp/g10" 2053 100000 10

printf '\nadmit: %s (%s)\n' "$(date -u +%FT%TZ)" "$("$sg" --version | head -1)"
printf 'machine: %s, nproc %s\n' \
	"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" "$(nproc)"
# The machine may be shared: the load average goes with the figures.
printf 'load average before: %s\n\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
echo "| case | applicants | schools | seats | placed | unplaced | % at nearest / 1st choice | median s | median CPU s | peak RSS MB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"

export SCHOOLGIS_DB=$g1db
timed "grade 1, seats as generated" 1
# Seats scaled so that the city has 5% more seats than applicants.
sqlite3 "$g1db" "UPDATE school_years SET seats_entry_grade = CAST(round(
  seats_entry_grade * 1.05 * 150000.0 / (SELECT sum(y.seats_entry_grade)
  FROM school_years y JOIN schools s ON s.id = y.school_id
  WHERE ',' || s.levels || ',' LIKE '%,primary,%')) AS INTEGER)
  WHERE school_id IN (SELECT id FROM schools WHERE ',' || levels || ','
  LIKE '%,primary,%')"
timed "grade 1, seats 1.05 x applicants" 1
export SCHOOLGIS_DB=$tmp/g10/s.sqlite
timed "grade 10, 3 choices" 10

printf '\nload average after: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
awk '
	/^grade 1,/ { t1 = ($(NF-1) > t1 ? $(NF-1) : t1) }
	/^grade 10,/ { t10 = $(NF-1) }
	{ rss = ($NF > rss ? $NF : rss) }
	END {
		printf "grade 1 < 5 s: %s (worst case %.2f s); grade 10 < 1 s: %s (%.2f s); peak < 300 MB: %s (%.0f MB)\n",
			(t1 < 5 ? "PASS" : "FAIL"), t1, (t10 < 1 ? "PASS" : "FAIL"), t10,
			(rss < 300 * 1024 ? "PASS" : "FAIL"), rss / 1024
	}' "$tmp/results"
