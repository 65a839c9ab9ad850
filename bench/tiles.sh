#!/usr/bin/env bash
# bench/tiles.sh - map tiles benchmark (issue 5, item 8): the catchments
# of 1,000 primary schools over a city of 322 wards (synthetic, about
# Ho Chi Minh City's 2,095 km2), zoom 10-16, coloured by their children
# (quantiles, YlGnBu, 75% opacity, 1-pixel white outlines), rendered in
# the same run by
#   1. schoolgis tiles (XYZ directory and MBTiles; threads: all cores),
#   2. Mapnik 3 (Debian python3-mapnik) in the same style, read from the
#      legend schoolgis wrote, one process per core
#      (bench/mapnik_tiles.py),
#   3. gdal_rasterize + gdal2tiles.py: the catchments burnt as class
#      numbers into a paletted GeoTIFF at the zoom-16 resolution (the
#      outlines as 1-pixel lines), expanded to RGBA through a VRT and
#      cut into tiles by gdal2tiles.py (--xyz, average resampling, one
#      process per core).
# Reported per tool: wall seconds, tiles of the box per second, tiles
# written, total bytes of the PNGs, peak memory (GNU time %M: the
# largest process).  Targets: schoolgis >= 3x Mapnik's tiles/s, total
# size <= gdal2tiles', peak memory < 500 MB.
#
# Usage: bench/tiles.sh
# Environment:
#   BUILD=DIR   binaries in DIR/cli/schoolgis (no build); default: build
#               Release into <repo>/build-bench-tiles
#   RUNS=N      timed runs of schoolgis and Mapnik, interleaved (default 3;
#               the median is reported); gdal runs once (minutes)
#   ZOOMS=A-B   (default 10-16)
#   NOGDAL=1    skip the gdal pipeline
# Exit status: 0 when the measurements were made, whatever the verdicts;
# 1 when something broke.
set -euo pipefail
export LC_ALL=C.UTF-8 LC_NUMERIC=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
runs=${RUNS:-3}
zooms=${ZOOMS:-10-16}
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

tiles_cmd=(tiles --layer catchments --by population --zoom "$zooms" -q)
# A first run gives the legend and the box the others use.
$sg "${tiles_cmd[@]}" -o "$tmp/ref.mbtiles"
legend=$tmp/ref.legend.json
bounds=$(sqlite3 "$tmp/ref.mbtiles" "SELECT value FROM metadata WHERE name = 'bounds'")

pngs() { find "$1" -name '*.png' -printf '%s\n' | awk '{ s += $1; n++ } END { printf "%d %d\n", n, s }'; }
timed() {   # timed OUTFILE CMD...: "seconds peak_kb" into OUTFILE
	local out=$1
	shift
	/usr/bin/time -f '%e %M' -o "$out" "$@"
}

declare -a sgx_t sgm_t mk_t
sgx_mem=0 sgm_mem=0 mk_mem=0
# Every run writes new directories: none pays for deleting the last
# one's files (ext4 slows down creating files right after deleting
# thousands); they are removed at the end.
for ((i = 1; i <= runs; i++)); do
	say "run $i/$runs: schoolgis (XYZ), schoolgis (MBTiles), Mapnik"
	sync
	timed "$tmp/t" $sg "${tiles_cmd[@]}" -o "$tmp/sg_xyz.$i" --no-viewer \
		--json >"$tmp/sg_xyz.json"
	read -r t m <"$tmp/t"
	sgx_t+=("$t")
	((m > sgx_mem)) && sgx_mem=$m
	sync
	timed "$tmp/t" $sg "${tiles_cmd[@]}" -o "$tmp/sg.$i.mbtiles" \
		--json >"$tmp/sg_mbt.json"
	read -r t m <"$tmp/t"
	sgm_t+=("$t")
	((m > sgm_mem)) && sgm_mem=$m
	sync
	timed "$tmp/t" "$py" "$here/mapnik_tiles.py" "$tmp/c3857.gpkg" \
		catchments "$legend" population "$bounds" "$zooms" \
		"$tmp/mapnik.$i" "$nproc" >"$tmp/mapnik.out" 2>"$tmp/mapnik.err" ||
		{ cat "$tmp/mapnik.err" >&2; die "mapnik failed"; }
	read -r t m <"$tmp/t"
	mk_t+=("$t")
	((m > mk_mem)) && mk_mem=$m
done
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
ntiles=$("$py" -c "import json; print(json.load(open('$tmp/sg_xyz.json'))['tiles'])")
read -r sgx_n sgx_b < <(pngs "$tmp/sg_xyz.1")
sgm_n=$("$py" -c "import json; print(json.load(open('$tmp/sg_mbt.json'))['written'])")
sgm_b=$("$py" -c "import json; print(json.load(open('$tmp/sg_mbt.json'))['bytes'])")
sgm_file=$(stat -c %s "$tmp/sg.1.mbtiles")
read -r mk_n mk_b < <(pngs "$tmp/mapnik.1")
mk_total=$(awk '{ print $1 }' "$tmp/mapnik.out")
[[ $mk_total == "$ntiles" ]] || die "Mapnik rendered $mk_total tiles, schoolgis $ntiles"

gd_t= gd_mem=0 gd_n=0 gd_b=0
if [[ -z ${NOGDAL:-} ]]; then
	say "gdal_rasterize + gdal2tiles.py (once)"
	# Class numbers from the legend's breaks; a colour table with the
	# layer's opacity; outlines as class 250, white.
	"$py" - "$tmp/c3857.gpkg" "$legend" "$bounds" "$zooms" \
		>"$tmp/gdal.env" <<'PY'
import json, math, sys
from osgeo import ogr
gpkg, legend, bounds, zooms = sys.argv[1:5]
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
# Tile-aligned box at the deepest zoom.
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
op = round(lg['opacity'] * 255)
with open(sys.argv[1] + '.ct.txt', 'w') as ct:
    ct.write('0 0 0 0 0\n')
    for i, e in enumerate(entries):
        c = e['color'].lstrip('#')
        ct.write('%d %d %d %d %d\n' % (i + 1, int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16), op))
    ct.write('250 255 255 255 255\n')
PY
	# shellcheck disable=SC1091
	. "$tmp/gdal.env"
	gdt0=$(date +%s.%N)
	timed "$tmp/t1" gdal_rasterize -q -a cls -ot Byte -init 0 -te $TE \
		-ts $TS -co TILED=YES -co COMPRESS=DEFLATE -l catchments \
		"$tmp/c3857.gpkg" "$tmp/cls.tif"
	timed "$tmp/t2" gdal_rasterize -q -burn 250 -dialect SQLite -sql \
		"SELECT ST_Boundary(geom) FROM catchments" "$tmp/c3857.gpkg" \
		"$tmp/cls.tif"
	"$py" - "$tmp/cls.tif" "$tmp/c3857.gpkg.ct.txt" <<'PY'
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
	gdal_translate -q -of VRT -expand rgba "$tmp/cls.tif" "$tmp/rgba.vrt"
	timed "$tmp/t3" gdal2tiles.py -q -z "$zooms" --xyz -w none -r average \
		--processes="$nproc" "$tmp/rgba.vrt" "$tmp/gdal2tiles"
	gdt1=$(date +%s.%N)
	gd_t=$(echo "$gdt1 - $gdt0" | bc -l)
	for f in "$tmp/t1" "$tmp/t2" "$tmp/t3"; do
		read -r _ m <"$f"
		((m > gd_mem)) && gd_mem=$m
	done
	read -r gd_n gd_b < <(pngs "$tmp/gdal2tiles")
	read -r r_t _ <"$tmp/t1"
	read -r l_t _ <"$tmp/t2"
	read -r g_t _ <"$tmp/t3"
fi

m_sgx=$(median "${sgx_t[@]}")
m_sgm=$(median "${sgm_t[@]}")
m_mk=$(median "${mk_t[@]}")
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.0f", n / t }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
kbmb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

printf 'tiles: %s catchments, zoom %s, box %s: %s tiles (%s)\n' "$ncatch" \
	"$zooms" "$bounds" "$ntiles" "$(date -u +%FT%TZ)"
printf 'machine: %s, nproc %s; load average before: %s\n' \
	"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" "$nproc" \
	"$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'schoolgis XYZ runs (s): %s\nschoolgis MBTiles runs (s): %s\nMapnik runs (s): %s\n' \
	"${sgx_t[*]}" "${sgm_t[*]}" "${mk_t[*]}"
[[ -n $gd_t ]] && printf 'gdal: rasterize %s s, outlines %s s, gdal2tiles %s s\n' \
	"$r_t" "$l_t" "$g_t"
printf '\n| tool | wall s | tiles/s | tiles written | total MB | peak MB |\n'
printf '|---|---:|---:|---:|---:|---:|\n'
printf '| schoolgis, XYZ directory | %.2f | %s | %s | %s | %s |\n' "$m_sgx" \
	"$(rate "$ntiles" "$m_sgx")" "$sgx_n" "$(mb "$sgx_b")" "$(kbmb "$sgx_mem")"
printf '| schoolgis, MBTiles | %.2f | %s | %s | %s (file %s) | %s |\n' "$m_sgm" \
	"$(rate "$ntiles" "$m_sgm")" "$sgm_n" "$(mb "$sgm_b")" "$(mb "$sgm_file")" \
	"$(kbmb "$sgm_mem")"
printf '| Mapnik 3, %s processes | %.2f | %s | %s | %s | %s |\n' "$nproc" "$m_mk" \
	"$(rate "$ntiles" "$m_mk")" "$mk_n" "$(mb "$mk_b")" "$(kbmb "$mk_mem")"
[[ -n $gd_t ]] && printf '| gdal_rasterize + gdal2tiles.py, %s processes | %.2f | %s | %s | %s | %s |\n' \
	"$nproc" "$gd_t" "$(rate "$ntiles" "$gd_t")" "$gd_n" "$(mb "$gd_b")" "$(kbmb "$gd_mem")"
echo
awk -v x="$m_sgx" -v mt="$m_sgm" -v k="$m_mk" -v sb="$sgx_b" -v gb="$gd_b" \
	-v mem="$sgx_mem" -v mem2="$sgm_mem" -v g="$gd_t" 'BEGIN {
	printf "tiles/s vs Mapnik: XYZ %.2fx, MBTiles %.2fx (target >= 3: %s)\n",
		k / x, k / mt, (k / x >= 3 && k / mt >= 3 ? "PASS" : "FAIL")
	if (g != "")
		printf "total size vs gdal2tiles: %.2f (target <= 1: %s)\n", sb / gb,
			(sb <= gb ? "PASS" : "FAIL")
	m = mem > mem2 ? mem : mem2
	printf "peak memory: %.0f MB (target < 500: %s)\n", m / 1024,
		(m < 500 * 1024 ? "PASS" : "FAIL") }'
