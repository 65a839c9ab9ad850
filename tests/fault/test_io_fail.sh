#!/usr/bin/env bash
# The I/O-failure hook (#18): SG_FAILPOINT=io:N makes the N-th I/O point
# of the output writers (util/failpoint.h: before each write, flush, sync
# and rename of util/file.c's atomic writers, file sets and directory
# swaps, each XYZ tile and each file of an admission run) fail with EIO.
# For a tiles run to an MBTiles file with its legend and TileJSON every N
# from 1 up is tried until the run succeeds; for one to an XYZ directory
# with its viewer every second N, for a report (HTML and CSV annexes) and
# an admission run (a directory of lists, zones and summaries, and a run
# in the store) every fourth, and then each of the last points (the
# renames) up to the first N that succeeds.  Each failed run must exit
# non-zero with a message naming what it could not write, leave the
# earlier output byte for byte as it was and the store's runs as they
# were, and leave no temporary (*.tmp-*, journal) behind.
# Usage: test_io_fail.sh SCHOOLGIS SG_GENSAMPLE
set -u
SG=$1 GEN=$2
T=$(mktemp -d "${TMPDIR:-/tmp}/sg-iofail.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
export SCHOOLGIS_DB=$T/s.sqlite LC_ALL=C.UTF-8 LANGUAGE=
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

"$GEN" --quiet --schools 20 --applicants 200 "$T/in" || exit 2
"$SG" init -q && "$SG" import units "$T/in/district.geojson" --kind district -q &&
	"$SG" import units "$T/in/communes.geojson" -q &&
	"$SG" import schools "$T/in/schools.csv" -q &&
	"$SG" import applicants "$T/in/applicants_g1.csv" -q || exit 2
mkdir "$T/out"

# sums of every file under out/, with names, and the store's runs and
# results: the state to keep
state() { (cd "$T/out" && find . -type f -print0 | sort -z |
	xargs -0 -r sha256sum)
	sqlite3 "$SCHOOLGIS_DB" "SELECT count(*), max(id) FROM runs;
		SELECT count(*) FROM results"; }

# One run with I/O point n failed: 0 when the run succeeded (fewer
# points than n), else 1 after checking what the failure left.
try() {  # name, n, then the command and its arguments
	local name=$1 n=$2 rc after left
	shift 2
	SG_FAILPOINT=io:$n "$SG" "$@" --force -q >"$T/stdout" 2>"$T/stderr"
	rc=$?
	[ "$rc" -eq 0 ] && return 0
	runs=$((runs + 1))
	grep -qi 'cannot\|write\|error' "$T/stderr" ||
		fail "$name io:$n: exit $rc without a message: $(cat "$T/stderr")"
	after=$(state)
	[ "$after" = "$before" ] ||
		fail "$name io:$n: the earlier output changed: $(diff <(echo "$before") <(echo "$after") | head -5)"
	left=$(find "$T/out" -name '*.tmp-*' -o -name '*.commit-*' | head -3)
	[ -z "$left" ] || fail "$name io:$n: left $left"
	return 1
}

# Every point in turn (step 1), or every step-th point and then each of
# the last ones up to the first that succeeds (the renames come last).
sweep() {  # name, step, then the command and its arguments
	local name=$1 step=$2 n last=0 points f0=$fails
	shift 2
	runs=0
	"$SG" "$@" -q || { fail "$name: reference run failed"; return; }
	before=$(state)
	for ((n = 1; n <= 200; n += step)); do
		try "$name" $n "$@" && break
		last=$n
	done
	points=$((n - 1))
	# SG_FAULT_QUICK=1 (scripts/test.sh's sanitizer stage): no fill-in.
	[ "${SG_FAULT_QUICK:-0}" = 1 ] && last=$points
	for ((n = last + 1; n < points + 1; n++)); do
		try "$name" $n "$@" && { points=$((n - 1)); break; }
	done
	[ "$points" -gt 0 ] || fail "$name: no I/O point reached (or never succeeded)"
	echo "$name: $points I/O points, $runs failed in turn (step $step), $((fails - f0)) wrong"
}

# SG_FAULT_QUICK=1: every 4th point of each run, no fill-in (the
# sanitizer build is several times slower; the release stage sweeps all).
q() { [ "${SG_FAULT_QUICK:-0}" = 1 ] && echo 4 || echo "$1"; }
sweep "tiles XYZ" "$(q 2)" tiles --layer units -o "$T/out/xyz" --zoom 10
# MBTiles: X.legend.json and X.tilejson are written after X.mbtiles is
# renamed into place (issue #18 defect 5, the util/ outset fix pending):
# a failed sidecar write leaves a new X.mbtiles beside old sidecars.  Run
# and reported; since util's outset fix landed it fails the test (set
# SG_IOFAIL_MBTILES=0 to only report it).
strict=$fails
sweep "tiles MBTiles" "$(q 1)" tiles --layer units -o "$T/out/t.mbtiles" --zoom 10
if [ "$fails" -gt "$strict" ] && [ "${SG_IOFAIL_MBTILES:-1}" != 1 ]; then
	echo "KNOWN: tiles MBTiles: $((fails - strict)) failed writes changed X.mbtiles (#18 defect 5)"
	fails=$strict
fi
# A report and an admission run: every 4th point and the last ones
# (their writers are the file sets and directory swaps swept above; the
# suite's time stays within CI's budget).
sweep "report" "$(q 4)" report --unit 783 -o "$T/out/r.html"
sweep "admit" "$(q 4)" admit --grade 1 -o "$T/out/adm"
[ "$fails" -eq 0 ] && echo "1 passed, 0 failed" || { echo "0 passed, 1 failed"; exit 1; }
