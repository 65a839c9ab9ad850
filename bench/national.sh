#!/usr/bin/env bash
# bench/national.sh - the whole pipeline on the generated country (#15,
# item 4): sg-gensample --national (63 provinces, 710 districts, 10,600
# wards, 45,000 schools, 1.5 M grade-1 applicants, over UTM zones 48 and
# 49), then, each step timed with /usr/bin/time (wall, user+sys CPU,
# peak RSS):
#   generate; import units, population, schools; import applicants;
#   catchments (Voronoi) for the 4 levels; stats coverage for the 4
#   levels; stats rollup; tiles z5-12 of the primary catchments (MBTiles);
#   admit grade 1; a report for every province.
# Targets: total < 10 min on the 2-core machine, every step < 1 GB.
# The machine is shared: the load average is printed before and after,
# and CPU time is given beside wall time (a fairer figure under load).
#
# Usage: bench/national.sh
# Environment:
#   BUILD=DIR   binaries (DIR/cli/schoolgis, DIR/sg-gensample); default
#               <repo>/build
#   OUT=DIR     working directory (default: a new one under /tmp, removed)
#   STEPS="..." only these steps (names as printed), for partial runs
#   PROVINCES=N reports for the first N provinces only (default: all)
#   JOBS=N      reports made at once (default: the number of cores).  A
#               report is one single-threaded process; the other steps
#               already use every core (catchments, coverage, tiles), so
#               the province reports run one per core, as an office
#               would batch them (xargs -P).  JOBS=1: one after another.
#               GNU time's peak is that of the largest process: with N
#               reports at once the machine holds up to N times it.
# Exit status: 0 when every step ran (whatever the verdicts), 1 otherwise.
set -euo pipefail
export LC_ALL=C.UTF-8 LC_NUMERIC=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
build=${BUILD:-$root/build}
sg=$build/cli/schoolgis
gen=$build/sg-gensample
[[ -x $sg && -x $gen ]] || { echo "bench/national.sh: build first ($build)" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "bench/national.sh: needs /usr/bin/time" >&2; exit 1; }
if [[ -n ${OUT:-} ]]; then
	tmp=$OUT
	mkdir -p "$tmp"
else
	tmp=$(mktemp -d /tmp/sg-national-XXXXXX)
	trap 'rm -rf "$tmp"' EXIT
fi
export SCHOOLGIS_DB=$tmp/national.sqlite
steps=" ${STEPS:-} "
levels="preschool primary lower_secondary upper_secondary"

total_wall=0 total_cpu=0 worst=0 worst_step= top_wall=0 top_step=
rows=()
# step NAME CMD...: run, time, record; stop on failure.
step() {
	local name=$1 w u s m cpu
	shift
	if [[ $steps != "  " && $steps != *" $name "* ]]; then
		return 0
	fi
	echo "== $name (load $(cut -d' ' -f1 /proc/loadavg))" >&2
	if ! /usr/bin/time -f "%e %U %S %M" -o "$tmp/.time" bash -c "$*" \
		> "$tmp/.out" 2> "$tmp/.err"; then
		cat "$tmp/.err" >&2
		echo "bench/national.sh: step $name failed" >&2
		exit 1
	fi
	read -r w u s m < <(tail -1 "$tmp/.time")
	cpu=$(awk -v u="$u" -v s="$s" 'BEGIN {printf "%.2f", u + s}')
	rows+=("$(printf '%-28s %9.2f %9.2f %8.0f' "$name" "$w" "$cpu" \
		"$((m / 1024))")")
	echo "   ${rows[-1]}" >&2
	total_wall=$(awk -v a="$total_wall" -v b="$w" 'BEGIN {print a + b}')
	total_cpu=$(awk -v a="$total_cpu" -v b="$cpu" 'BEGIN {print a + b}')
	if ((m > worst)); then worst=$m; worst_step=$name; fi
	if awk -v a="$w" -v b="$top_wall" 'BEGIN { exit !(a > b) }'; then
		top_wall=$w
		top_step=$name
	fi
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
step generate "'$gen' --national -q '$tmp/g'"
step import_units "rm -f '$SCHOOLGIS_DB' && '$sg' init -q &&
	'$sg' import units '$tmp/g/provinces.geojson' -q &&
	'$sg' import units '$tmp/g/districts.geojson' -q &&
	'$sg' import units '$tmp/g/wards.geojson' --population-field 'Dân số 2019' --year 2019 -q &&
	'$sg' import population '$tmp/g/population.csv' -q"
step import_schools "'$sg' import schools '$tmp/g/schools.csv' -q"
step import_applicants "'$sg' import applicants '$tmp/g/applicants_g1.csv' -q"
for l in $levels; do
	step "catchments_$l" "'$sg' catchments --level $l --method voronoi -q"
done
for l in $levels; do
	step "coverage_$l" "'$sg' stats coverage --level $l --json > '$tmp/coverage_$l.json'"
done
step rollup "'$sg' stats rollup --json > '$tmp/rollup.json'"
step tiles_z5_12 "rm -f '$tmp/primary.mbtiles' && '$sg' tiles --layer catchments --level primary --zoom 5-12 -o '$tmp/primary.mbtiles' -q"
step admit_grade1 "rm -rf '$tmp/admit' && '$sg' admit --grade 1 -o '$tmp/admit' -q"
codes=$(sqlite3 "$SCHOOLGIS_DB" "SELECT code FROM units WHERE parent_id IS NULL AND kind = 'city' ORDER BY code" 2>/dev/null ||
	python3 -c "import json,sys; print('\n'.join(f['properties']['Mã'] for f in json.load(open('$tmp/g/provinces.geojson'))['features']))")
[[ -n ${PROVINCES:-} ]] && codes=$(echo "$codes" | head -n "$PROVINCES")
nprov=$(echo "$codes" | wc -w)
jobs=${JOBS:-$(nproc)}
echo "reports: $jobs at once (JOBS)" >&2
# xargs exits 123 when any report failed: the step fails.
step "reports_${nprov}_provinces" "mkdir -p '$tmp/reports' && echo $(echo $codes) | tr ' ' '\n' | xargs -P '$jobs' -I{} '$sg' report --unit {} -o '$tmp/reports/{}.html' -q"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
printf '%-28s %9s %9s %8s\n' step "wall s" "CPU s" "peak MB"
printf '%s\n' "${rows[@]}"
printf '%-28s %9.2f %9.2f %8.0f\n' total "$total_wall" "$total_cpu" "$((worst / 1024))"
for l in $levels; do
	[[ -f $tmp/coverage_$l.json ]] && python3 -c "
import json; s = json.load(open('$tmp/coverage_$l.json'))['summary']
print('coverage %-16s %6d wards %6d schools  %.1f%% within %g m  %d unserved areas  crs %s' % ('$l', s['units'], s['schools'], s['within_pct'] or 0, s['max_distance_m'], s['unserved_areas'], s['crs']))"
done
echo
if awk -v t="$total_wall" 'BEGIN {exit !(t < 600)}'; then
	echo "PASS total ${total_wall} s < 600 s (wall, under the load above)"
else
	echo "FAIL total ${total_wall} s >= 600 s (wall, under the load above; CPU ${total_cpu} s)"
fi
awk -v s="$top_step" -v w="$top_wall" -v t="$total_wall" 'BEGIN {
	if (t > 0) printf "largest step: %s, %.1f s wall (%.0f%% of the total)\n", s, w, 100 * w / t }'
if ((worst < 1024 * 1024)); then
	echo "PASS every step < 1 GB (largest: $worst_step, $((worst / 1024)) MB)"
else
	echo "FAIL $worst_step used $((worst / 1024)) MB >= 1 GB"
fi
