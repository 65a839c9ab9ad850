#!/usr/bin/env bash
# Hostile sizes and encodings (#18 defects 4 and 7): `tiles` counts the
# tiles of the study area's box before rendering and refuses more than
# --max-tiles (default 1,000,000) with the count and the advice, touching
# no file; the count equals what a run that renders reports.  UTF-16
# input: a schools CSV saved as UTF-16 imports as its UTF-8 original;
# UTF-16 text that is not a table is unusable input (exit 5, README).
# Usage: test_limits.sh SCHOOLGIS SG_GENSAMPLE
set -u
SG=$1 GEN=$2
T=$(mktemp -d "${TMPDIR:-/tmp}/sg-limits.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
export SCHOOLGIS_DB=$T/s.sqlite LC_ALL=C.UTF-8 LANGUAGE=
fails=0 passes=0
ok() { passes=$((passes + 1)); echo "ok - $1"; }
fail() { fails=$((fails + 1)); echo "FAIL: $1" >&2; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }

"$GEN" --quiet --schools 20 "$T/in" || exit 2
"$SG" init -q && "$SG" import units "$T/in/district.geojson" --kind district -q &&
	"$SG" import units "$T/in/communes.geojson" -q || exit 2
cp "$SCHOOLGIS_DB" "$T/u16.sqlite"  # units only, for the UTF-16 import
"$SG" import schools "$T/in/schools.csv" -q || exit 2

#---- tiles: the count before rendering, the limit -------------------------
"$SG" tiles --layer units --zoom 10-12 -o "$T/ref" -q --json >"$T/ref.json" ||
	exit 2
n=$(python3 -c "import json,sys; print(json.load(open('$T/ref.json'))['tiles'])")
check "a rendering run reports its tile count ($n)" test "$n" -gt 4
"$SG" tiles --layer units --zoom 10-12 -o "$T/lim" --max-tiles $((n - 1)) \
	2>"$T/err"
rc=$?
check "one tile over --max-tiles: refused as a usage error (exit $rc)" \
	test $rc -eq 2
check "... the message names the count, the limit and the flag" \
	grep -q "make $n tiles, more than the limit of $((n - 1))" "$T/err"
check "... and the advice names --max-tiles" grep -q -- "--max-tiles $n" "$T/err"
check "... no output was made" test ! -e "$T/lim" -a -z "$(ls "$T" | grep 'lim\.')"
"$SG" tiles --layer units --zoom 10-12 -o "$T/lim" --max-tiles "$n" -q
check "exactly --max-tiles: rendered" test $? -eq 0 -a -d "$T/lim"
# The whole district at zoom 22, and the default limit.
start=$(date +%s%N)
"$SG" tiles --layer units --zoom 10-22 -o "$T/huge.mbtiles" 2>"$T/err"
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
check "zooms 10-22 over a district: refused by the default limit (exit $rc, $ms ms)" \
	test $rc -eq 2 -a "$ms" -lt 10000
check "... naming the count over 1000000 and the flag" \
	grep -q "more than the limit of 1000000" "$T/err"
check "... no file made" test -z "$(ls "$T" | grep huge)"
"$SG" tiles --layer units --zoom 10 -o "$T/z" --max-tiles -3 2>/dev/null
check "--max-tiles -3: usage error" test $? -eq 2
"$SG" tiles --layer units --zoom 10 -o "$T/z" --max-tiles 0 -q
check "--max-tiles 0: no limit" test $? -eq 0

#---- UTF-16 input ---------------------------------------------------------
export SCHOOLGIS_DB=$T/u16.sqlite
{ printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$T/in/schools.csv"; } \
	>"$T/schools16.csv"
"$SG" import schools "$T/schools16.csv" -q
rc=$?
check "a schools CSV saved as UTF-16LE (BOM) imports (exit $rc)" test $rc -eq 0
q='SELECT code, name, levels, hex(geom) FROM schools ORDER BY code'
check "... the same schools as its UTF-8 original" test \
	"$(sqlite3 "$T/u16.sqlite" "$q")" = "$(sqlite3 "$T/s.sqlite" "$q")" -a \
	-n "$(sqlite3 "$T/s.sqlite" "$q")"
{ printf '\xff\xfe'; printf 'Không phải bảng\n' | iconv -f UTF-8 -t UTF-16LE; } \
	>"$T/text16.csv"
"$SG" import schools "$T/text16.csv" 2>"$T/err"
rc=$?
check "UTF-16 text that is not a table: unusable input (exit $rc, README: 5)" \
	test $rc -eq 5
check "... the message names the file" grep -q "text16.csv" "$T/err"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
