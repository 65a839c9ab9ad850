#!/usr/bin/env bash
# The I/O-failure hook (#18): SG_FAILPOINT=io:N makes the N-th I/O point
# of the output writers (util/failpoint.h: before each write, flush, sync
# and rename of util/file.c's atomic writers) fail with EIO.  For a tiles
# run to an XYZ directory with its viewer, and for one to an MBTiles file
# with its legend and TileJSON, every N from 1 up is tried until the run
# succeeds: each failed run must exit non-zero with a message naming what
# it could not write, leave the earlier output byte for byte as it was,
# and leave no temporary (*.tmp-*) behind.
# Usage: test_io_fail.sh SCHOOLGIS SG_GENSAMPLE
set -u
SG=$1 GEN=$2
T=$(mktemp -d "${TMPDIR:-/tmp}/sg-iofail.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
export SCHOOLGIS_DB=$T/s.sqlite LC_ALL=C.UTF-8 LANGUAGE=
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

"$GEN" --quiet --schools 20 "$T/in" || exit 2
"$SG" init -q && "$SG" import units "$T/in/communes.geojson" -q &&
	"$SG" import schools "$T/in/schools.csv" -q || exit 2
mkdir "$T/out"

# sums of every file under out/, with names: the state to keep
state() { (cd "$T/out" && find . -type f -print0 | sort -z |
	xargs -0 -r sha256sum); }

sweep() {  # name, then the tiles arguments
	local name=$1 n rc before after points=0 f0=$fails
	shift
	"$SG" tiles "$@" -q || { fail "$name: reference run failed"; return; }
	before=$(state)
	for n in $(seq 1 200); do
		SG_FAILPOINT=io:$n "$SG" tiles "$@" --force -q \
			>"$T/stdout" 2>"$T/stderr"
		rc=$?
		if [ "$rc" -eq 0 ]; then
			points=$((n - 1))
			break
		fi
		grep -qi 'cannot\|write\|error' "$T/stderr" ||
			fail "$name io:$n: exit $rc without a message: $(cat "$T/stderr")"
		after=$(state)
		[ "$after" = "$before" ] ||
			fail "$name io:$n: the earlier output changed: $(diff <(echo "$before") <(echo "$after") | head -5)"
		left=$(find "$T/out" -name '*.tmp-*' | head -3)
		[ -z "$left" ] || fail "$name io:$n: left $left"
	done
	[ "$points" -gt 0 ] || fail "$name: no I/O point reached (or never succeeded)"
	echo "$name: $points I/O points failed in turn, $((fails - f0)) wrong"
}

sweep "tiles XYZ" --layer units -o "$T/out/xyz" --zoom 10-11
# MBTiles: X.legend.json and X.tilejson are written after X.mbtiles is
# renamed into place (issue #18 defect 5, the util/ outset fix pending):
# a failed sidecar write leaves a new X.mbtiles beside old sidecars.  Run
# and reported; since util's outset fix landed it fails the test (set
# SG_IOFAIL_MBTILES=0 to only report it).
strict=$fails
sweep "tiles MBTiles" --layer units -o "$T/out/t.mbtiles" --zoom 10-11
if [ "$fails" -gt "$strict" ] && [ "${SG_IOFAIL_MBTILES:-1}" != 1 ]; then
	echo "KNOWN: tiles MBTiles: $((fails - strict)) failed writes changed X.mbtiles (#18 defect 5)"
	fails=$strict
fi
[ "$fails" -eq 0 ] && echo "1 passed, 0 failed" || { echo "0 passed, 1 failed"; exit 1; }
