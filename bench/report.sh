#!/usr/bin/env bash
# bench/report.sh - a unit's report costs the unit's size, not the store's.
#
# One province (11 districts of 64 schools, about 700 schools) is
# reported twice: from a store holding only it (and the schools within
# the margin around it) and from a national store of DISTRICTS districts
# (default 700, 64 schools each: about 45,000 schools, 15,000 wards, 64
# provinces) built by tests/helpers/districts.py from sg-gensample.
# Both stores have primary catchments (Voronoi and distance) for the maps.
#
# Targets: national / only <= 2; the national-store report <= 10 s and
# < 400 MB peak RSS (the whole `schoolgis report` process).
#
# Usage: bench/report.sh
# Environment:
#   BUILD=DIR      binaries in DIR/cli/schoolgis and DIR/sg-gensample;
#                  default: build Release into <repo>/build-bench
#   DISTRICTS=N    districts of the national store (default 700)
#   RUNS=N         timed runs per store (default 3; median time, max RSS)
#   KEEP=DIR       keep (and reuse) the generated stores in DIR
#
# Generation, imports and catchments are not timed.  Exit 0 when
# measured (see the PASS/FAIL lines), 1 when something failed.
set -euo pipefail
export LC_ALL=C.UTF-8 LC_NUMERIC=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
runs=${RUNS:-3}
ndist=${DISTRICTS:-700}

die() { echo "bench/report.sh: $*" >&2; exit 1; }
[[ -x /usr/bin/time ]] || die "/usr/bin/time missing (apt-get install time)"
command -v python3 >/dev/null || die "python3 missing"

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

if [[ -n ${KEEP:-} ]]; then
	mkdir -p "$KEEP"
	tmp=$(cd "$KEEP" && pwd)
else
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/sg-bench-report.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
fi

# store DB DIR: import and compute catchments (not timed).
store() {
	export SCHOOLGIS_DB=$1
	[[ -f $1 ]] && return 0
	"$sg" init -q --db "$1.part" || die "init failed"
	export SCHOOLGIS_DB=$1.part
	"$sg" import units "$2/city.geojson" --kind city -q
	"$sg" import units "$2/district.geojson" --kind district -q
	"$sg" import units "$2/communes.geojson" -q
	"$sg" import population "$2/population.csv" -q
	# The margin's schools of the province store lie in no ward.
	"$sg" import schools "$2/schools.csv" -q > /dev/null 2>&1 || true
	"$sg" catchments --level primary --method voronoi -q
	"$sg" catchments --level primary --method distance -q
	mv "$1.part" "$1"
	export SCHOOLGIS_DB=$1
}

if [[ ! -f $tmp/in/schools.csv ]]; then
	echo "== generating $ndist districts" >&2
	python3 "$root/tests/helpers/districts.py" "$gen" "$tmp/in" \
		"$ndist" 3000 1 --schools 64 --per-province 11 \
		--keep-province > /dev/null || die "generation failed"
	rm -rf "$tmp"/in/src*
fi
echo "== importing" >&2
store "$tmp/only.sqlite" "$tmp/in/only"
store "$tmp/national.sqlite" "$tmp/in"

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# timed DB: RUNS reports of province 11; sets T (median s) and M (max KB).
timed() {
	local ts=() i t m
	M=0
	for ((i = 0; i < runs; i++)); do
		rm -rf "$tmp/r"
		/usr/bin/time -f "%e %M" -o "$tmp/time" \
			"$sg" report --db "$1" --unit 11 -o "$tmp/r/report.html" \
			-q || die "report failed ($1)"
		read -r t m < "$tmp/time"
		ts+=("$t")
		((m > M)) && M=$m
	done
	T=$(median "${ts[@]}")
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
schools=$(sqlite3 "$tmp/national.sqlite" "SELECT count(*) FROM schools" 2>/dev/null || echo '?')
units=$(sqlite3 "$tmp/national.sqlite" "SELECT count(*) FROM units" 2>/dev/null || echo '?')
timed "$tmp/only.sqlite"
t1=$T m1=$M
timed "$tmp/national.sqlite"
t2=$T m2=$M
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
ratio=$(awk -v a="$t2" -v b="$t1" 'BEGIN { printf "%.2f", b > 0 ? a / b : 0 }')
printf 'report --unit 11 (province, 11 districts)\n'
printf '  store holding only it:  %6.2f s  %6d MB\n' "$t1" $((m1 / 1024))
printf '  national store (%s schools, %s units): %6.2f s  %6d MB\n' \
	"$schools" "$units" "$t2" $((m2 / 1024))
printf '  ratio national / only:  %s\n' "$ratio"
ok=1
awk -v r="$ratio" 'BEGIN { exit !(r <= 2) }' &&
	echo "PASS ratio <= 2" || { echo "FAIL ratio <= 2"; ok=0; }
awk -v t="$t2" 'BEGIN { exit !(t <= 10) }' &&
	echo "PASS national-store report <= 10 s" ||
	{ echo "FAIL national-store report <= 10 s"; ok=0; }
((m2 < 400 * 1024)) && echo "PASS peak < 400 MB" ||
	{ echo "FAIL peak < 400 MB"; ok=0; }
exit 0
