#!/usr/bin/env bash
# bench/import.sh - import benchmark: 100,000 schools from CSV into the
# store, timed against `ogr2ogr -f SQLite -dsco SPATIALITE=YES` on the same
# file in the same run.  Target: schoolgis no slower than 1.5x ogr2ogr while
# validating every row.  Figures go to bench/RESULTS.md (by hand).
#
# Usage: bench/import.sh
# Environment:
#   BUILD=DIR     use the binaries in DIR (DIR/cli/schoolgis and
#                 DIR/sg-gensample) and build nothing; default: configure
#                 and build Release into <repo>/build-bench
#   SCHOOLS=N     schools in the sample (default 100000)
#   RUNS=N        timed runs per side, fresh output each (default 3)
#   TARGET=R      the ratio to pass (default 1.5)
#
# Each side runs RUNS times, interleaved (schoolgis, ogr2ogr, schoolgis,
# ...), and the median wall time is reported.  On the schoolgis side the
# store is made fresh each run with `schoolgis init` and the wards are
# loaded with `schoolgis import units communes.geojson` (not timed) so that
# every school is placed in its ward; only `schoolgis import schools` is
# timed.  Peak RSS is the largest maximum resident set size of the timed
# command over the runs (GNU time %M).
#
# Exit status: 0 when the measurement was made, whether the target was met
# or not (see the PASS/FAIL line); 1 when something failed (build, sample,
# an import, or an output that does not hold every row).
set -euo pipefail

export LC_ALL=C.UTF-8 LC_NUMERIC=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
schools=${SCHOOLS:-100000}
runs=${RUNS:-3}
target=${TARGET:-1.5}

die() { echo "bench/import.sh: $*" >&2; exit 1; }

case $schools in ''|*[!0-9]*) die "SCHOOLS must be a number" ;; esac
case $runs in ''|*[!0-9]*|0) die "RUNS must be a number > 0" ;; esac

# --- tools -------------------------------------------------------------
if [[ ! -x /usr/bin/time ]]; then
	echo "bench/import.sh: /usr/bin/time missing, installing 'time'" >&2
	apt-get install -y time >/dev/null 2>&1 || {
		apt-get update >/dev/null && apt-get install -y time >/dev/null
	} || die "cannot install GNU time (apt-get install time)"
fi
for t in ogr2ogr ogrinfo; do
	command -v "$t" >/dev/null || die "$t not found (apt-get install gdal-bin)"
done

# --- build -------------------------------------------------------------
if [[ -n ${BUILD:-} ]]; then
	build=$(cd "$BUILD" && pwd) || die "BUILD=$BUILD: no such directory"
else
	# Only the two programs timed here; the test suite is not built.
	build=$root/build-bench
	echo "== building Release in $build" >&2
	mkdir -p "$build"
	cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
		-DSG_BUILD_TESTS=OFF -DSG_BUILD_CLI=ON >"$build/bench-build.log" 2>&1 ||
		die "cmake configure failed (see $build/bench-build.log)"
	cmake --build "$build" -j"$(nproc)" --target schoolgis_cli \
		sg-gensample >>"$build/bench-build.log" 2>&1 ||
		die "build failed (see $build/bench-build.log)"
fi
sg=$build/cli/schoolgis
gen=$build/sg-gensample
[[ -x $sg ]] || die "$sg not found"
[[ -x $gen ]] || die "$gen not found"
btype=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt" \
	2>/dev/null || true)
if [[ ${btype:-} != Release ]]; then
	echo "bench/import.sh: warning: $build is a '${btype:-unknown}'" \
		"build, not Release" >&2
fi

# --- sample ------------------------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sg-bench-import.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

echo "== generating $schools schools in $tmp" >&2
"$gen" --quiet --schools "$schools" "$tmp/data" ||
	die "sg-gensample failed"
csv=$tmp/data/schools.csv
units=$tmp/data/communes.geojson
[[ -s $csv && -s $units ]] || die "sample incomplete: no schools.csv or communes.geojson"
# Both sides read the same file from the page cache.
cat "$csv" >/dev/null

# --- helpers -----------------------------------------------------------
now_ns() { date +%s%N; }

# timed OUT_PREFIX CMD... : run CMD, append wall seconds to OUT_PREFIX.t
# and peak RSS (KB) to OUT_PREFIX.rss; stdout and stderr to OUT_PREFIX.log
timed() {
	local pre=$1 t0 t1 rc=0
	shift
	t0=$(now_ns)
	/usr/bin/time -f '%M %U %S' -o "$pre.rss1" "$@" >>"$pre.log" 2>&1 || rc=$?
	t1=$(now_ns)
	if ((rc != 0)); then
		echo "bench/import.sh: failed (exit $rc): $*" >&2
		tail -n 20 "$pre.log" >&2
		exit 1
	fi
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", (b - a) / 1e9 }' \
		>>"$pre.t"
	tail -n 1 "$pre.rss1" | awk '{ print $1 }' >>"$pre.rss"
	# CPU time (user + sys): less moved by other load than wall time.
	tail -n 1 "$pre.rss1" | awk '{ printf "%.2f\n", $2 + $3 }' >>"$pre.cpu"
}

# sql DB QUERY : the first value of the first row, via ogrinfo
sql() {
	ogrinfo -q -ro "$1" -sql "$2" 2>/dev/null |
		sed -n 's/^  .* ([A-Za-z0-9]*) = //p' | head -n 1
}

median() { sort -n "$1" | awk '{ v[NR] = $1 } END {
	if (NR % 2) printf "%.3f", v[(NR + 1) / 2];
	else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
max() { sort -n "$1" | tail -n 1; }

# --- runs --------------------------------------------------------------
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== load average before: $load_before" >&2
res=$tmp/res
mkdir -p "$res"
for ((i = 1; i <= runs; i++)); do
	# schoolgis: fresh store holding the wards, then the timed import.
	db=$tmp/store-$i.sqlite
	"$sg" init --db "$db" --quiet >>"$res/sg-setup.log" 2>&1 ||
		die "schoolgis init failed (see output above)"
	"$sg" import units "$units" --db "$db" --quiet \
		--rejects "$tmp/units-$i.rejects.csv" >>"$res/sg-setup.log" 2>&1 ||
		die "schoolgis import units failed: $(tail -n 5 "$res/sg-setup.log")"
	timed "$res/sg" "$sg" import schools "$csv" --db "$db" --quiet \
		--rejects "$tmp/schools-$i.rejects.csv"
	n=$(sql "$db" "SELECT count(*) FROM schools")
	placed=$(sql "$db" "SELECT count(*) FROM schools WHERE unit_id IS NOT NULL AND geom IS NOT NULL")
	years=$(sql "$db" "SELECT count(*) FROM school_years")
	[[ $n == "$schools" && $placed == "$schools" && $years == "$schools" ]] ||
		die "schoolgis run $i: store holds $n schools ($placed placed), $years school-years; expected $schools"
	printf '   run %d schoolgis %8.3f s\n' "$i" "$(tail -n 1 "$res/sg.t")" >&2
	rm -f "$db"

	# ogr2ogr: a new SpatiaLite file each run.
	out=$tmp/ogr-$i.sqlite
	timed "$res/ogr" ogr2ogr -f SQLite -dsco SPATIALITE=YES "$out" "$csv" \
		-oo X_POSSIBLE_NAMES="Kinh độ" -oo Y_POSSIBLE_NAMES="Vĩ độ" \
		-oo KEEP_GEOM_COLUMNS=NO -a_srs EPSG:4326 -nln schools
	info=$(ogrinfo -so -ro "$out" schools 2>&1) ||
		die "ogrinfo on the ogr2ogr output failed: $info"
	grep -q '^Geometry: Point$' <<<"$info" ||
		die "ogr2ogr run $i: layer is not Point: $(grep '^Geometry' <<<"$info")"
	grep -q "^Feature Count: $schools\$" <<<"$info" ||
		die "ogr2ogr run $i: $(grep '^Feature Count' <<<"$info"); expected $schools"
	printf '   run %d ogr2ogr   %8.3f s\n' "$i" "$(tail -n 1 "$res/ogr.t")" >&2
	rm -f "$out"
done

# --- report ------------------------------------------------------------
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
sg_cpu=$(median "$res/sg.cpu")
ogr_cpu=$(median "$res/ogr.cpu")
cpu_ratio=$(awk -v a="$sg_cpu" -v b="$ogr_cpu" 'BEGIN { printf "%.2f", a / b }')
sg_med=$(median "$res/sg.t")
ogr_med=$(median "$res/ogr.t")
sg_rss=$(max "$res/sg.rss")
ogr_rss=$(max "$res/ogr.rss")
ratio=$(awk -v a="$sg_med" -v b="$ogr_med" 'BEGIN { printf "%.2f", a / b }')
verdict=$(awk -v r="$ratio" -v t="$target" 'BEGIN { print (r <= t) ? "PASS" : "FAIL" }')
cpu=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo | head -n 1)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)

echo
echo "import: $schools schools from CSV ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
echo "machine: ${cpu:-unknown CPU}, nproc $(nproc), $mem, $(uname -sr)"
echo "schoolgis: $("$sg" --version | tail -n 1)"
echo "ogr2ogr:   $(ogr2ogr --version)"
echo "build:     $build (${btype:-unknown})"
echo "runs:      $runs per side, median wall time; peak RSS = max over runs"
echo "load average (1, 5, 15 min): before $load_before, after $load_after"
echo "schoolgis runs (s): $(sort -n "$res/sg.t" | tr '\n' ' ')"
echo "ogr2ogr runs (s):   $(sort -n "$res/ogr.t" | tr '\n' ' ')"
echo
echo "| tool      | median s | rows/s  | peak RSS MB |"
echo "|-----------|---------:|--------:|------------:|"
for side in schoolgis ogr2ogr; do
	if [[ $side == schoolgis ]]; then m=$sg_med r=$sg_rss
	else m=$ogr_med r=$ogr_rss; fi
	awk -v s="$side" -v m="$m" -v r="$r" -v n="$schools" 'BEGIN {
		printf "| %-9s | %8.2f | %7.0f | %11.1f |\n", s, m, n / m, r / 1024 }'
done
echo
echo "CPU s (user+sys) medians: schoolgis $sg_cpu, ogr2ogr $ogr_cpu, ratio $cpu_ratio"
echo "ratio schoolgis/ogr2ogr: $ratio (target <= $target): $verdict"
exit 0
