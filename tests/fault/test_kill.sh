#!/usr/bin/env bash
# Killed runs (#18 defect 5): `report` and `tiles` are killed (SIGKILL)
# in the middle of writing their outputs - at util/'s kill points
# (SG_FAILPOINT=outset-commit: every file of the set written, none
# renamed; outset-renamed: the first file of the set renamed, the
# journal standing; dirswap-commit: an XYZ directory written, not swapped
# in) and at a timed point during rendering.  Each time the earlier
# outputs must stand whole (byte for byte, or - killed between renames -
# each file whole and the set finished by the next run), the killed run
# must have left its temporaries (the kill did hit mid-write), and the
# next run must remove them.
# Usage: test_kill.sh SCHOOLGIS SG_GENSAMPLE
set -u
SG=$1 GEN=$2
T=$(mktemp -d "${TMPDIR:-/tmp}/sg-kill.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
export SCHOOLGIS_DB=$T/s.sqlite LC_ALL=C.UTF-8 LANGUAGE=
fails=0 passes=0
ok() { passes=$((passes + 1)); echo "ok - $1"; }
fail() { fails=$((fails + 1)); echo "FAIL: $1" >&2; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }

"$GEN" --quiet --schools 20 "$T/in" || exit 2
"$SG" init -q && "$SG" import units "$T/in/district.geojson" --kind district -q &&
	"$SG" import units "$T/in/communes.geojson" -q &&
	"$SG" import schools "$T/in/schools.csv" -q || exit 2
mkdir "$T/out"

# sums of the files under out/ whose name starts with $1, with names
sums() { (cd "$T/out" && find . -name "$1*" ! -name '*.tmp-*' \
	! -name '*.commit-*' -type f -print0 | sort -z | xargs -0 -r sha256sum); }
left() { find "$T/out" -maxdepth 1 -name "$1*" \( -name '*.tmp-*' -o \
	-name '*.commit-*' -o -name '*.old-*' \) | head -3; }
killed() { [ "$1" -eq 137 ]; }  # 128 + SIGKILL

#---- report: a set of files (HTML and CSV annexes) -----------------------
"$SG" report --unit 783 -o "$T/out/r.html" -q || exit 2
before=$(sums r)
[ "$(echo "$before" | wc -l)" -ge 3 ] || { echo "Bail out! report wrote $before"; exit 2; }
SG_FAILPOINT=outset-commit "$SG" report --unit 783 -o "$T/out/r.html" -f -q
rc=$?
check "report killed with its files written, none renamed (exit $rc)" killed $rc
check "... the earlier report and annexes stand byte for byte" \
	test "$(sums r)" = "$before"
check "... its temporaries were left (the kill hit mid-write)" \
	test -n "$(left r)"
"$SG" report --unit 783 -o "$T/out/r.html" -f -q
check "the next report succeeds and removes them" \
	test $? -eq 0 -a -z "$(left r)"

SG_FAILPOINT=outset-renamed "$SG" report --unit 783 -o "$T/out/r.html" -f -q
rc=$?
check "report killed after its first rename (exit $rc)" killed $rc
check "... the journal stands, naming the renames left" \
	test -n "$(find "$T/out" -name 'r.commit-*')"
n=$(echo "$before" | wc -l)
check "... every file of the set is there, whole (as many as before)" \
	test "$(sums r | wc -l)" -eq "$n"
# The next run, even one refused (the report exists, no --force), first
# finishes the killed run's renames from its journal.
"$SG" report --unit 783 -o "$T/out/r.html" -q 2>/dev/null
rc=$?
check "the next report (refused, exit $rc) finishes the killed run's set" \
	test $rc -eq 5 -a -z "$(left r)" -a "$(sums r | wc -l)" -eq "$n"
"$SG" report --unit 783 -o "$T/out/r.html" -f -q
check "and a report after it succeeds, nothing left over" \
	test $? -eq 0 -a -z "$(left r)"

#---- tiles: an XYZ directory --------------------------------------------
"$SG" tiles --layer units --zoom 10-11 -o "$T/out/xyz" -q || exit 2
before=$(sums xyz)
SG_FAILPOINT=dirswap-commit "$SG" tiles --layer units --zoom 10-11 \
	-o "$T/out/xyz" -f -q
rc=$?
check "tiles (XYZ) killed with the new pyramid written (exit $rc)" killed $rc
check "... the earlier pyramid stands byte for byte" \
	test "$(sums xyz)" = "$before"
check "... its temporary directory was left" test -n "$(left xyz)"
"$SG" tiles --layer units --zoom 10-11 -o "$T/out/xyz" -f -q
check "the next tiles run succeeds and removes it" \
	test $? -eq 0 -a -z "$(left xyz)"
before=$(sums xyz)
# Killed at a timed point while rendering (zooms up to 14: a second or
# more of work on 2 cores); a run that finishes first checks the same.
"$SG" tiles --layer units --zoom 10-14 -o "$T/out/xyz" -f -q --threads 1 &
pid=$!
sleep 0.7
kill -KILL $pid 2>/dev/null
wait $pid  # reaped: its pid is gone, as after a real crash
rc=$?
check "tiles (XYZ) killed while rendering (exit $rc: 137 killed, 0 done)" \
	test $rc -eq 137 -o $rc -eq 0
if [ $rc -eq 137 ]; then
	check "... the earlier pyramid stands byte for byte" \
		test "$(sums xyz)" = "$before"
fi
"$SG" tiles --layer units --zoom 10-11 -o "$T/out/xyz" -f -q
check "the next tiles run succeeds and removes what was left" \
	test $? -eq 0 -a -z "$(left xyz)"

#---- tiles: an MBTiles file with its TileJSON and legend -----------------
"$SG" tiles --layer units --zoom 10-11 -o "$T/out/m.mbtiles" -q || exit 2
before=$(sums m.)
SG_FAILPOINT=outset-commit "$SG" tiles --layer units --zoom 10-11 \
	-o "$T/out/m.mbtiles" -f -q
rc=$?
check "tiles (MBTiles) killed with its files written (exit $rc)" killed $rc
check "... X.mbtiles, X.tilejson and X.legend.json stand byte for byte" \
	test "$(sums m.)" = "$before"
check "... its temporaries were left" test -n "$(left m.)"
"$SG" tiles --layer units --zoom 10-11 -o "$T/out/m.mbtiles" -f -q
check "the next tiles run succeeds and removes them" \
	test $? -eq 0 -a -z "$(left m.)"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
