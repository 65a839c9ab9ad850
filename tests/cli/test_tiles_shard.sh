#!/usr/bin/env bash
# `schoolgis tiles --shard I/N` and `schoolgis tiles-merge` on the sample
# district: the pyramid rendered whole and as 3 shards; the shards are
# disjoint, non-empty and together the whole pyramid; merged, they give
# exactly the tiles (z/x/y and image bytes) and metadata of the whole
# run.  Bad --shard values are usage errors; the merge refuses inputs
# of other zooms or style and a tile that differs between inputs, and
# then leaves no output.
# Usage: test_tiles_shard.sh SCHOOLGIS SG_GENSAMPLE
set -u
. "$(dirname "$0")/tap.sh"
tap_args "$@"
tap_need sqlite3 python3
T=$(mktemp -d "${TMPDIR:-/tmp}/sg-shard.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
tap_init
cd "$T" || exit 2

export SCHOOLGIS_DB=$T/s.sqlite
"$GEN" --quiet "$T/in" &&
"$SG" init -q &&
"$SG" import units "$T/in/district.geojson" --kind district -q &&
"$SG" import units "$T/in/communes.geojson" \
	--population-field "Dân số 2019" --year 2019 -q &&
"$SG" import schools "$T/in/schools.csv" -q &&
"$SG" catchments --level primary --method voronoi -q ||
	{ echo "$0: cannot build the sample store" >&2; exit 2; }

L=(--layer catchments,schools --zoom 10-15 --threads 2)
# tiles_of FILE: every tile as "z/x/y HEX", sorted.
tiles_of() {
	q "$1" "SELECT zoom_level || '/' || tile_column || '/' || tile_row ||
		' ' || hex(tile_data) FROM tiles ORDER BY 1"
}

sg tiles "${L[@]}" -o all.mbtiles --json
cp "$OUT" all.json
ok "the whole pyramid" rc_is 0
total=$(q all.mbtiles "SELECT count(*) FROM tiles")
ok "a few hundred tiles ($total)" test "${total:-0}" -ge 300

shard_ok=0
for i in 0 1 2; do
	sg tiles "${L[@]}" -o "s$i.mbtiles" --shard "$i/3" --json
	[ "$RC" -eq 0 ] || shard_ok=1
	cp "$OUT" "s$i.json"
done
ok "three shards 0/3, 1/3, 2/3" test "$shard_ok" -eq 0
for i in 0 1 2; do
	n=$(q "s$i.mbtiles" "SELECT count(*) FROM tiles")
	ok "shard $i/3 is not empty ($n tiles)" test "${n:-0}" -gt 0
done
ok "the shards' tile counts add up to the whole's" python3 -c '
import json, sys
parts = [json.load(open("s%d.json" % i)) for i in range(3)]
whole = json.load(open("all.json"))
assert sum(p["tiles"] for p in parts) == whole["tiles"], "tiles"
assert sum(p["written"] for p in parts) == whole["written"], "written"
assert max(p["tiles"] for p in parts) - min(p["tiles"] for p in parts) \
    <= whole["tiles"] // 10, "unbalanced"
'
disjoint=$(q s0.mbtiles "ATTACH 's1.mbtiles' AS b; ATTACH 's2.mbtiles' AS c;
	SELECT count(*) FROM (SELECT zoom_level, tile_column, tile_row
	FROM main.map INTERSECT SELECT zoom_level, tile_column, tile_row
	FROM b.map) UNION ALL SELECT count(*) FROM (SELECT zoom_level,
	tile_column, tile_row FROM main.map INTERSECT SELECT zoom_level,
	tile_column, tile_row FROM c.map) UNION ALL SELECT count(*) FROM
	(SELECT zoom_level, tile_column, tile_row FROM b.map INTERSECT
	SELECT zoom_level, tile_column, tile_row FROM c.map)" | tr '\n' ' ')
ok "the shards are disjoint" eq "$disjoint" "0 0 0 "
ok "every shard has the whole run's metadata" bash -c '
for i in 0 1 2; do
	[ "$(sqlite3 s$i.mbtiles "SELECT name, value FROM metadata ORDER BY 1")" = \
	  "$(sqlite3 all.mbtiles "SELECT name, value FROM metadata ORDER BY 1")" ] || exit 1
done'

sg tiles-merge -o m.mbtiles s0.mbtiles s1.mbtiles s2.mbtiles
ok "tiles-merge of the three shards" rc_is 0
tiles_of all.mbtiles >all.txt
tiles_of m.mbtiles >m.txt
ok "merged: the same tiles, z/x/y and bytes, as the whole run" \
	same_file m.txt all.txt
q all.mbtiles "SELECT name, value FROM metadata ORDER BY 1" >all.meta
q m.mbtiles "SELECT name, value FROM metadata ORDER BY 1" >m.meta
ok "merged: the same metadata" same_file m.meta all.meta
ok "merged: legend and TileJSON beside it" bash -c \
	"cmp -s m.legend.json all.legend.json && python3 -c \"import json; assert json.load(open('m.tilejson'))['tilejson'] == '3.0.0'\""
ok "merged: identical images stored once" eq \
	"$(q m.mbtiles "SELECT count(*) FROM images")" \
	"$(q all.mbtiles "SELECT count(*) FROM images")"

sg tiles-merge -o d.mbtiles s0.mbtiles s1.mbtiles s0.mbtiles s2.mbtiles
tiles_of d.mbtiles >d.txt
ok "an input twice: identical duplicates merge" same_file d.txt all.txt
sg tiles-merge -o m.mbtiles s0.mbtiles s1.mbtiles s2.mbtiles
ok "an existing output is kept without -f (exit 5)" rc_is 5

# Bad --shard values: usage errors.
for bad in 3/3 4/3 1/0 0/0 a/b -1/3 1 1/ /3 "1/3x"; do
	sg tiles "${L[@]}" -o bad.mbtiles --shard "$bad"
	ok "--shard $bad: usage error (exit 2) naming --shard" \
		bash -c '[ "$1" -eq 2 ] && grep -q -- "--shard" "$2" &&
			! [ -e bad.mbtiles ]' _ "$RC" "$ERR"
done

# Mismatched inputs: refused, nothing left at the output.
sg tiles --layer catchments,schools --zoom 10-14 --threads 2 \
	-o z.mbtiles --shard 1/3 -q
sg tiles-merge -o x.mbtiles s0.mbtiles z.mbtiles
ok "merge of other zooms: refused (exit 5), the key named" bash -c \
	'[ "$1" -eq 5 ] && grep -q "maxzoom" "$2"' _ "$RC" "$ERR"
ok "... and no output left" bash -c '! ls x.mbtiles* x.legend.json 2>/dev/null | grep -q .'
sg tiles "${L[@]}" --set catchments.opacity=0.5 -o o.mbtiles --shard 1/3 -q
sg tiles-merge -o x.mbtiles s0.mbtiles o.mbtiles
ok "merge of another style: refused (exit 5)" bash -c \
	'[ "$1" -eq 5 ] && grep -q "not parts of one pyramid" "$2"' _ "$RC" "$ERR"
ok "... and no output left" bash -c '! ls x.mbtiles* 2>/dev/null | grep -q .'
# One tile of a copy of shard 1 with other bytes.
cp s1.mbtiles c.mbtiles
q c.mbtiles "UPDATE images SET tile_data = tile_data || x'00'
	WHERE tile_id = (SELECT tile_id FROM map LIMIT 1)"
sg tiles-merge -o x.mbtiles s0.mbtiles s1.mbtiles c.mbtiles
ok "a tile that differs between inputs: refused (exit 5)" bash -c \
	'[ "$1" -eq 5 ] && grep -q "differs from the same tile" "$2"' _ "$RC" "$ERR"
ok "... and no output left" bash -c '! ls x.mbtiles* 2>/dev/null | grep -q .'
sg tiles-merge -o x.mbtiles s0.mbtiles nosuch.mbtiles
ok "a missing input: exit 4" rc_is 4
sg tiles-merge -o x.png s0.mbtiles
ok "an output not .mbtiles: usage error" rc_is 2

# XYZ shards: a directory each, its tiles only, no viewer.
sg tiles "${L[@]}" -o xyz1 --shard 1/3
ok "an XYZ shard" rc_is 0
ok "... with the shard's tiles as files" eq \
	"$(find xyz1 -name '*.png' | wc -l | tr -d ' ')" \
	"$(q s1.mbtiles "SELECT count(*) FROM tiles")"
ok "... legend and TileJSON, no viewer" bash -c \
	'[ -f xyz1/legend.json ] && [ -f xyz1/tilejson.json ] && ! [ -e xyz1/viewer.html ]'

tap_done
