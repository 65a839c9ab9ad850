#!/usr/bin/env bash
# bench/tiles.sh - map tiles benchmark (issue 5, item 8; issue 15, item
# 5): the catchments of 1,000 primary schools over a city of 322 wards
# (synthetic, about Ho Chi Minh City's 2,095 km2), zoom 10-16, coloured
# by their children (quantiles, YlGnBu, 75% opacity, 1-pixel white
# outlines), rendered in the same run by
#   1. schoolgis tiles (XYZ directory and MBTiles; threads: all cores),
#   2. Mapnik 3 (Debian python3-mapnik) in the same style, read from the
#      legend schoolgis wrote, one process per core
#      (bench/mapnik_tiles.py), twice: 32-bit PNG at zlib level 1
#      (png32:z=1, Mapnik's fastest PNG) and 8-bit palette PNG (png8),
#   3. gdal_rasterize + gdal2tiles.py: the catchments burnt as class
#      numbers into a paletted GeoTIFF at the resolution of the deepest
#      zoom (the outlines as 1-pixel lines), expanded to RGBA through a
#      VRT and cut into tiles by gdal2tiles.py (--xyz, average
#      resampling, one process per core), for zoom 10-14 and 10-16.
# The same map on every side: schoolgis merges the catchments'
# boundaries (GEOS union) and draws each border once, after all the
# fills.  So Mapnik and gdal draw the outlines from one file of the
# merged lines (ogr2ogr, SQLite dialect:
# ST_LineMerge(ST_Union(ST_Boundary(geom))), one feature per line, made
# once per run, not timed; schoolgis' timed runs do their own union), as
# a second layer over the fills (Mapnik) or a second burn (gdal).  Runs
# before session 8 (2026-12-06) had Mapnik stroke each catchment's ring
# right after its fill (a line rule in the polygons' style): every
# shared border drawn twice and partly covered by the next fill, heavier
# lines on dense tiles, a different map (5 of 8,170 tiles over the bound
# 4, largest 5.73; at zoom 10-14 with the merged lines 0, largest 1.70),
# and gdal burn each polygon's boundary (the same pixels but for ties
# in the line rasterizer's direction).
# Reported per tool: wall seconds and CPU seconds (user + sys of the
# process and its children), tiles of the box per second, tiles written,
# total bytes of the PNGs, peak memory (GNU time %M: the largest
# process).  Every schoolgis tile is compared with each of Mapnik's
# (bench/tiles_compare.c, built here with cc and libpng: mean absolute
# difference of the premultiplied RGBA values per tile, 0-255 scale; the
# largest per-tile difference and its tile printed).
# Targets: schoolgis >= 3x Mapnik's tiles/s against each format (judged
# on CPU time: the machine is shared; wall ratios printed beside), every
# tile's difference from each Mapnik render <= BOUND, total bytes <=
# gdal2tiles' at zoom 10-14 and 10-16, peak memory < 500 MB.
#
# Usage: bench/tiles.sh
# Environment:
#   BUILD=DIR   binaries in DIR/cli/schoolgis (no build); default: build
#               Release into <repo>/build-bench-tiles
#   RUNS=N      timed runs of schoolgis and Mapnik, interleaved (default 3;
#               the median is reported); gdal runs once per zoom range
#   ZOOMS=A-B   zooms of the speed comparison (default 10-16)
#   GDAL_ZOOMS="10-14 10-16"  zoom ranges of the size comparison
#   BOUND=X     largest mean absolute RGBA difference allowed per tile
#               (default 4, about 1.6% of the range)
#   NOGDAL=1    skip the gdal pipeline
# Every figure is printed on stdout as soon as it is measured (lines
# starting "measured:"), so a run stopped midway (gdal at 10-16 takes
# ~10 minutes on a quiet machine) leaves what it measured in its log;
# the tables and every verdict follow at the end.
# Exit status: 0 when the measurements were made, whatever the verdicts;
# 1 when something broke.
set -euo pipefail
export LC_ALL=C.UTF-8 LC_NUMERIC=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
runs=${RUNS:-3}
zooms=${ZOOMS:-10-16}
gdal_zooms=${GDAL_ZOOMS:-10-14 10-16}
bound=${BOUND:-4}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
py=/usr/bin/python3      # Debian's, with mapnik and osgeo
nproc=$(nproc)

die() { echo "bench/tiles.sh: $*" >&2; exit 1; }
say() { echo "== $*" >&2; }

need=()
"$py" -c 'import mapnik' 2>/dev/null || need+=(python3-mapnik)
"$py" -c 'from osgeo import gdal' 2>/dev/null || need+=(python3-gdal)
command -v gdal2tiles.py >/dev/null || need+=(gdal-bin)
[[ -x /usr/bin/time ]] || need+=(time)
if ((${#need[@]})); then
	say "installing ${need[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -q "${need[@]}" >/dev/null 2>&1 || {
		apt-get update -q >/dev/null &&
			apt-get install -y -q "${need[@]}" >/dev/null
	} || die "cannot install ${need[*]}"
fi

if [[ -n ${BUILD:-} ]]; then
	build=$(cd "$BUILD" && pwd) || die "BUILD=$BUILD: no such directory"
else
	build=$root/build-bench-tiles
	say "building Release in $build"
	cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
		-DSG_BUILD_TESTS=OFF >/dev/null
	cmake --build "$build" -j"$nproc" >/dev/null
fi
sg=$build/cli/schoolgis
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -O2 -o "$tmp/tiles_compare" "$here/tiles_compare.c" -lpng ||
	die "cannot build bench/tiles_compare.c (libpng-dev)"

say "generating the city and its catchments (not timed)"
"$py" "$here/tiles_city.py" "$tmp/in" >&2
export SCHOOLGIS_DB=$tmp/city.sqlite
$sg init -q
$sg import units "$tmp/in/wards.geojson" --population-field pop --year 2019 -q
$sg import schools "$tmp/in/schools.csv" --year 2019-2020 -q
$sg catchments --level primary --method voronoi >&2
$sg export catchments -o "$tmp/catchments.gpkg" -q
ogr2ogr -t_srs EPSG:3857 "$tmp/c3857.gpkg" "$tmp/catchments.gpkg"
ncatch=$(ogrinfo -so "$tmp/c3857.gpkg" catchments | sed -n 's/Feature Count: //p')
# The outlines as schoolgis draws them: the boundaries merged (each
# shared border once), one feature per merged line; Mapnik and gdal draw
# these once, after all the fills (see the header).
ogr2ogr -dialect SQLite -sql "SELECT ST_LineMerge(ST_Union(ST_Boundary(geom))) AS geom FROM catchments" \
	-explodecollections -nln outlines "$tmp/outlines.gpkg" "$tmp/c3857.gpkg" ||
	die "cannot merge the outlines (ogr2ogr, SQLite dialect)"
nlines=$(ogrinfo -so "$tmp/outlines.gpkg" outlines | sed -n 's/Feature Count: //p')
((nlines > 0)) || die "no merged outlines"

tiles_cmd=(tiles --layer catchments --by population --zoom "$zooms" -q)
# A first run gives the legend and the box the others use.
$sg "${tiles_cmd[@]}" -o "$tmp/ref.mbtiles"
legend=$tmp/ref.legend.json
bounds=$(sqlite3 "$tmp/ref.mbtiles" "SELECT value FROM metadata WHERE name = 'bounds'")


pngs() { find "$1" -name '*.png' -printf '%s\n' | awk '{ s += $1; n++ } END { printf "%d %d\n", n, s }'; }
# timed OUTFILE CMD...: "wall_s cpu_s peak_kb" into OUTFILE (CPU: user +
# sys of the command and its children, e.g. Mapnik's worker processes)
timed() {
	local out=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$out.raw" "$@" || return 1
	tail -n 1 "$out.raw" | awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' >"$out"
}

# Tools: sgx = schoolgis XYZ, sgm = schoolgis MBTiles, mk1 = Mapnik
# png32:z=1, mk8 = Mapnik png8.
tools="sgx sgm mk1 mk8"
declare -A wall cpu mem
for k in $tools; do wall[$k]= cpu[$k]= mem[$k]=0; done
declare -A tname=([sgx]="schoolgis XYZ" [sgm]="schoolgis MBTiles"
	[mk1]="Mapnik png32:z=1" [mk8]="Mapnik png8")
# measured ...: a figure on stdout as soon as it is measured.
measured() { echo "measured: $*"; }
record() {   # record TOOL FILE RUN
	local t c m
	read -r t c m <"$2"
	wall[$1]+=" $t"
	cpu[$1]+=" $c"
	((m > mem[$1])) && mem[$1]=$m
	measured "run $3/$runs ${tname[$1]}: wall $t s, CPU $c s, peak $((m / 1024)) MB"
}
mapnik() {   # mapnik FORMAT OUTDIR
	timed "$tmp/t" "$py" "$here/mapnik_tiles.py" "$tmp/c3857.gpkg" \
		catchments "$legend" population "$bounds" "$zooms" "$2" \
		"$nproc" "$1" "$tmp/outlines.gpkg" >"$tmp/mapnik.out" 2>"$tmp/mapnik.err" ||
		{ cat "$tmp/mapnik.err" >&2; die "mapnik ($1) failed"; }
	local n
	n=$(awk '{ print $1 }' "$tmp/mapnik.out")
	[[ $n == "$ntiles" ]] || die "Mapnik rendered $n tiles, schoolgis $ntiles"
}
# Every run writes new directories: none pays for deleting the last
# one's files (ext4 slows down creating files right after deleting
# thousands); they are removed at the end.
for ((i = 1; i <= runs; i++)); do
	say "run $i/$runs: schoolgis (XYZ), schoolgis (MBTiles), Mapnik png32:z=1, Mapnik png8"
	sync
	timed "$tmp/t" $sg "${tiles_cmd[@]}" -o "$tmp/sg_xyz.$i" --no-viewer \
		--json >"$tmp/sg_xyz.json"
	record sgx "$tmp/t" "$i"
	ntiles=$("$py" -c "import json; print(json.load(open('$tmp/sg_xyz.json'))['tiles'])")
	sync
	timed "$tmp/t" $sg "${tiles_cmd[@]}" -o "$tmp/sg.$i.mbtiles" \
		--json >"$tmp/sg_mbt.json"
	record sgm "$tmp/t" "$i"
	sync
	mapnik png32:z=1 "$tmp/mk1.$i"
	record mk1 "$tmp/t" "$i"
	sync
	mapnik png8 "$tmp/mk8.$i"
	record mk8 "$tmp/t" "$i"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
median() { printf '%s\n' $* | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
declare -A mw mc
for k in $tools; do
	mw[$k]=$(median "${wall[$k]}")
	mc[$k]=$(median "${cpu[$k]}")
done
speed_verdicts() {
	local m
	for m in mk1 mk8; do
		awk -v n="$m" -v x="${mc[sgx]}" -v mt="${mc[sgm]}" -v k="${mc[$m]}" \
			-v wx="${mw[sgx]}" -v wm="${mw[sgm]}" -v wk="${mw[$m]}" 'BEGIN {
			f = (n == "mk1" ? "png32:z=1" : "png8")
			printf "tiles/s vs Mapnik %s (CPU): XYZ %.2fx, MBTiles %.2fx (target >= 3: %s); wall: %.2fx, %.2fx\n",
				f, k / x, k / mt, (k / x >= 3 && k / mt >= 3 ? "PASS" : "FAIL"),
				wk / wx, wk / wm }'
	done
}
mem_verdict() {
	local m=${mem[sgx]}
	((mem[sgm] > m)) && m=${mem[sgm]}
	awk -v m="$m" 'BEGIN { printf "peak memory: %.0f MB (target < 500: %s)\n", m / 1024,
		(m < 500 * 1024 ? "PASS" : "FAIL") }'
}
measured "load average after the timed runs: $load_after (before: $load_before)"
speed_verdicts | sed 's/^/measured: /'
mem_verdict | sed 's/^/measured: /'
read -r sgx_n sgx_b < <(pngs "$tmp/sg_xyz.1")
sgm_n=$("$py" -c "import json; print(json.load(open('$tmp/sg_mbt.json'))['written'])")
sgm_b=$("$py" -c "import json; print(json.load(open('$tmp/sg_mbt.json'))['bytes'])")
sgm_file=$(stat -c %s "$tmp/sg.1.mbtiles")
read -r mk1_n mk1_b < <(pngs "$tmp/mk1.1")
read -r mk8_n mk8_b < <(pngs "$tmp/mk8.1")
measured "tiles written, bytes (run 1): schoolgis XYZ $sgx_n, $sgx_b; MBTiles $sgm_n, $sgm_b (file $sgm_file); Mapnik png32:z=1 $mk1_n, $mk1_b; png8 $mk8_n, $mk8_b"

say "comparing every tile with Mapnik's (not timed)"
compare() { "$tmp/tiles_compare" "$@" || [[ $? == 2 ]] || die "tiles_compare failed"; }
cmp1=$(compare "$tmp/sg_xyz.1" "$tmp/mk1.1" "$bound")
cmp8=$(compare "$tmp/sg_xyz.1" "$tmp/mk8.1" "$bound")
cmpmm=$(compare "$tmp/mk1.1" "$tmp/mk8.1" "$bound")
kvget() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2"; }
image_verdicts() {
	local c f o
	for c in "png32:z=1 $cmp1" "png8 $cmp8"; do
		f=${c%% *} c=${c#* }
		o=$(kvget over "$c")
		printf 'images vs Mapnik %s: mean per-tile difference %s, p99 %s, largest %s (tile %s), %s of %s tiles over %s (%s)\n' \
			"$f" "$(kvget mean "$c")" "$(kvget p99 "$c")" "$(kvget max "$c")" \
			"$(kvget max_tile "$c")" "$o" "$(kvget tiles "$c")" "$bound" \
			"$([[ $o == 0 ]] && echo PASS || echo FAIL)"
	done
}
image_verdicts | sed 's/^/measured: /'
measured "Mapnik png32 vs png8: $cmpmm"

# --- gdal_rasterize + gdal2tiles.py, once per zoom range ----------------
declare -A gd_t gd_c gd_mem gd_n gd_b sgz_n sgz_b gd_detail
bytes_verdict() {   # bytes_verdict ZOOMS
	awk -v z="$1" -v a="${sgz_b[$1]}" -v b="${gd_b[$1]}" 'BEGIN {
		printf "total size vs gdal2tiles, zoom %s: %d / %d bytes = %.3f (target <= 1: %s)\n",
			z, a, b, a / b, (a <= b ? "PASS" : "FAIL") }'
}
if [[ -z ${NOGDAL:-} ]]; then
	# Class numbers from the legend's breaks; a colour table with the
	# layer's opacity; outlines as class 250, white.
	"$py" - "$tmp/c3857.gpkg" "$legend" <<'PY'
import json, sys
from osgeo import ogr
gpkg, legend = sys.argv[1:3]
lg = json.load(open(legend))['layers'][0]
ds = ogr.Open(gpkg, 1)
lyr = ds.GetLayer('catchments')
lyr.CreateField(ogr.FieldDefn('cls', ogr.OFTInteger))
entries = lg['entries']
ds.StartTransaction()
nodata = next((i + 1 for i, e in enumerate(entries)
               if 'min' not in e and 'max' not in e), 0)
for f in lyr:
    v = f.GetField('population')
    k = nodata
    for i, e in enumerate(entries):
        if v is None or ('min' not in e and 'max' not in e):
            continue
        if (e.get('min') is None or v >= e['min']) and \
           (e.get('max') is None or v < e['max']):
            k = i + 1
            break
    f.SetField('cls', k)
    lyr.SetFeature(f)
ds.CommitTransaction()
op = round(lg['opacity'] * 255)
with open(gpkg + '.ct.txt', 'w') as ct:
    ct.write('0 0 0 0 0\n')
    for i, e in enumerate(entries):
        c = e['color'].lstrip('#')
        ct.write('%d %d %d %d %d\n' % (i + 1, int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16), op))
    ct.write('250 255 255 255 255\n')
PY
	for gz in $gdal_zooms; do
		say "gdal_rasterize + gdal2tiles.py, zoom $gz (once); schoolgis at zoom $gz for the sizes"
		"$sg" tiles --layer catchments --by population --zoom "$gz" -q \
			-o "$tmp/sgz.$gz" --no-viewer
		read -r sgz_n[$gz] sgz_b[$gz] < <(pngs "$tmp/sgz.$gz")
		measured "schoolgis zoom $gz (XYZ): ${sgz_n[$gz]} tiles, ${sgz_b[$gz]} bytes"
		# Tile-aligned box at the deepest zoom.
		"$py" - "$bounds" "$gz" >"$tmp/gdal.env" <<'PY'
import math, sys
bounds, zooms = sys.argv[1:3]
R = 6378137.0
M = math.pi * R
z = int(zooms.split('-')[1])
w, s, e, n = map(float, bounds.split(','))
mx = lambda lon: R * math.radians(lon)
my = lambda lat: R * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
tw = 2 * M / (1 << z)
x0 = math.floor((mx(w) + M) / tw); x1 = math.ceil((mx(e) + M) / tw)
y0 = math.floor((M - my(n)) / tw); y1 = math.ceil((M - my(s)) / tw)
print('TE="%.6f %.6f %.6f %.6f"' % (-M + x0 * tw, M - y1 * tw, -M + x1 * tw, M - y0 * tw))
print('TS="%d %d"' % ((x1 - x0) * 256, (y1 - y0) * 256))
PY
		# shellcheck disable=SC1091
		. "$tmp/gdal.env"
		g=$tmp/gdal.$gz
		mkdir -p "$g"
		timed "$g/t1" gdal_rasterize -q -a cls -ot Byte -init 0 -te $TE \
			-ts $TS -co TILED=YES -co COMPRESS=DEFLATE -l catchments \
			"$tmp/c3857.gpkg" "$g/cls.tif" || die "gdal_rasterize failed"
		timed "$g/t2" gdal_rasterize -q -burn 250 -l outlines \
			"$tmp/outlines.gpkg" "$g/cls.tif" ||
			die "gdal_rasterize (outlines) failed"
		"$py" - "$g/cls.tif" "$tmp/c3857.gpkg.ct.txt" <<'PY'
import sys
from osgeo import gdal
ds = gdal.Open(sys.argv[1], gdal.GA_Update)
ct = gdal.ColorTable()
for line in open(sys.argv[2]):
    i, r, g, b, a = map(int, line.split())
    ct.SetColorEntry(i, (r, g, b, a))
ds.GetRasterBand(1).SetRasterColorTable(ct)
ds = None
PY
		gdal_translate -q -of VRT -expand rgba "$g/cls.tif" "$g/rgba.vrt"
		timed "$g/t3" gdal2tiles.py -q -z "$gz" --xyz -w none -r average \
			--processes="$nproc" "$g/rgba.vrt" "$g/tiles" ||
			die "gdal2tiles.py failed"
		gd_t[$gz]=0 gd_c[$gz]=0 gd_mem[$gz]=0 gd_detail[$gz]=
		for f in t1 t2 t3; do
			read -r t c m <"$g/$f"
			gd_t[$gz]=$(awk -v a="${gd_t[$gz]}" -v b="$t" 'BEGIN { print a + b }')
			gd_c[$gz]=$(awk -v a="${gd_c[$gz]}" -v b="$c" 'BEGIN { print a + b }')
			((m > gd_mem[$gz])) && gd_mem[$gz]=$m
			gd_detail[$gz]+=" $t"
		done
		read -r gd_n[$gz] gd_b[$gz] < <(pngs "$g/tiles")
		rm -rf "$g"
		measured "gdal zoom $gz: ${gd_n[$gz]} tiles, ${gd_b[$gz]} bytes; wall s (rasterize, outlines, gdal2tiles)${gd_detail[$gz]}, CPU ${gd_c[$gz]} s, peak $(( gd_mem[$gz] / 1024 )) MB; schoolgis ${sgz_n[$gz]} tiles, ${sgz_b[$gz]} bytes; load average $(cut -d' ' -f1-3 /proc/loadavg)"
		bytes_verdict "$gz" | sed 's/^/measured: /'
	done
fi

rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.0f", n / t }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
kbmb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

printf 'tiles: %s catchments, zoom %s, box %s: %s tiles (%s)\n' "$ncatch" \
	"$zooms" "$bounds" "$ntiles" "$(date -u +%FT%TZ)"
printf 'machine: %s, nproc %s; load average before: %s, after the timed runs: %s, at the end: %s\n' \
	"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" "$nproc" \
	"$load_before" "$load_after" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'schoolgis: %s; Mapnik %s\n' "$($sg --version | tail -n 1)" \
	"$("$py" -c 'import mapnik; print(mapnik.mapnik_version())')"
for k in $tools; do
	printf 'runs %s: wall%s s; CPU%s s\n' "$k" "${wall[$k]}" "${cpu[$k]}"
done
printf '\n| tool | wall s | CPU s | tiles/s (wall) | tiles/s (CPU) | tiles written | total MB | peak MB |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|\n'
row() {   # row NAME KEY N BYTES [MB text]
	printf '| %s | %.2f | %.2f | %s | %s | %s | %s | %s |\n' "$1" "${mw[$2]}" \
		"${mc[$2]}" "$(rate "$ntiles" "${mw[$2]}")" \
		"$(rate "$ntiles" "${mc[$2]}")" "$3" "${5:-$(mb "$4")}" \
		"$(kbmb "${mem[$2]}")"
}
row "schoolgis, XYZ directory" sgx "$sgx_n" "$sgx_b"
row "schoolgis, MBTiles" sgm "$sgm_n" "$sgm_b" "$(mb "$sgm_b") (file $(mb "$sgm_file"))"
row "Mapnik png32:z=1, $nproc processes" mk1 "$mk1_n" "$mk1_b"
row "Mapnik png8, $nproc processes" mk8 "$mk8_n" "$mk8_b"
if [[ -z ${NOGDAL:-} ]]; then
	echo
	printf '| zoom | schoolgis tiles | schoolgis MB | gdal2tiles tiles | gdal2tiles MB | ratio | gdal wall s (rasterize, outlines, gdal2tiles) | gdal CPU s | gdal peak MB |\n'
	printf '|---|---:|---:|---:|---:|---:|---|---:|---:|\n'
	for gz in $gdal_zooms; do
		printf '| %s | %s | %s | %s | %s | %.3f | %s | %s | %s |\n' "$gz" \
			"${sgz_n[$gz]}" "$(mb "${sgz_b[$gz]}")" "${gd_n[$gz]}" \
			"$(mb "${gd_b[$gz]}")" \
			"$(awk -v a="${sgz_b[$gz]}" -v b="${gd_b[$gz]}" 'BEGIN { print a / b }')" \
			"${gd_detail[$gz]# }" "${gd_c[$gz]}" "$(kbmb "${gd_mem[$gz]}")"
	done
fi
echo
printf 'image comparison (mean absolute difference of premultiplied RGBA per tile, 0-255):\n'
printf '  schoolgis vs Mapnik png32: %s\n' "$cmp1"
printf '  schoolgis vs Mapnik png8:  %s\n' "$cmp8"
printf '  Mapnik png32 vs png8:      %s\n' "$cmpmm"
echo
speed_verdicts
image_verdicts
if [[ -z ${NOGDAL:-} ]]; then
	for gz in $gdal_zooms; do
		bytes_verdict "$gz"
	done
fi
mem_verdict
