#!/usr/bin/env bash
# bench/catchments.sh - catchment and point benchmarks against PostGIS on
# the same data, in the same run (issue 4, item 7).  Starts a throwaway
# PostgreSQL + PostGIS on 127.0.0.1 and stops it at the end.
#
#   1. Voronoi + clip, 10,000 and 100,000 primary schools:
#      `schoolgis catchments --level primary --method voronoi --dry-run`
#      (load, Voronoi, clip, area and population of every cell, nothing
#      stored) against one PostGIS statement: ST_VoronoiPolygons of the
#      schools, each cell joined to its school and clipped to the study
#      area (the union of the wards) only when it is not within it, as
#      schoolgis does (CASE WHEN ST_Within(cell, area) THEN cell ELSE
#      ST_Intersection(cell, area) END), the cells counted and their
#      areas summed, all in UTM 48N.  Target >= 3x.
#      schoolgis computes the cells on two threads (the machine has
#      two cores); PostGIS runs the statement in one backend.
#      The stored run (`schoolgis catchments`, which also writes every
#      catchment in EPSG:4326 with its spatial index and figures) against
#      the same PostGIS cells written into a table (CREATE TABLE AS) with
#      a GiST index on them.  Target >= 2.5x.
#   2. 1,000,000 random points put in the catchments and counted per
#      school: sg_points_assign against a GiST join (ST_Contains) of the
#      points with the catchment polygons, GROUP BY school.  Target >= 5x.
#   3. Share of the 1,000,000 points within 1 km of a school:
#      sg_points_within against ST_DWithin with a GiST index.  Target
#      >= 10x.
#   4. Peak memory of the schoolgis side with 1,000,000 points (GNU time
#      %M of bench_points): target < 400 MB.
#
# Both sides must give the same answers: the same study area (areas of
# the cells sum to it), the same per-school areas, equal counts per
# school, equal shares (1e-6); otherwise the script fails.
#
# Usage: bench/catchments.sh
# Environment:
#   BUILD=DIR    binaries in DIR (cli/schoolgis, sg-gensample, bench_points;
#                configure with -DSG_BUILD_BENCH=ON); default: configure
#                and build Release into <repo>/build-bench
#   SIZES="10000 100000"  schools of the level (about: the generator's
#                level mix is scaled)
#   POINTS=1000000        random points
#   RUNS=3                timed runs per side, interleaved; median
#   WORKLOADS="voronoi points"  which parts to run
#   PGBIN=DIR    PostgreSQL binaries (default /usr/lib/postgresql/15/bin)
#   PGPORT=N     port (default: a free one from 55432)
#
# Exit status: 0 when the measurements were made, whatever the verdicts
# (see the PASS/FAIL column); 1 when something broke (install, build,
# server, a command, or the two sides disagree).
set -euo pipefail
export LC_ALL=C.UTF-8 LC_NUMERIC=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
sizes=${SIZES:-10000 100000}
npoints=${POINTS:-1000000}
runs=${RUNS:-3}
workloads=" ${WORKLOADS:-voronoi points} "
pgbin=${PGBIN:-/usr/lib/postgresql/15/bin}
level=primary
distance=1000

die() { echo "bench/catchments.sh: $*" >&2; exit 1; }
say() { echo "== $*" >&2; }

case $npoints in ''|*[!0-9]*) die "POINTS must be a number" ;; esac
case $runs in ''|*[!0-9]*|0) die "RUNS must be a number > 0" ;; esac

# --- tools --------------------------------------------------------------
need_pkgs=()
[[ -x $pgbin/initdb && -x $pgbin/pg_ctl ]] || need_pkgs+=(postgresql)
[[ -n $(ls /usr/share/postgresql/*/extension/postgis.control 2>/dev/null) ]] ||
	need_pkgs+=(postgresql-15-postgis-3)
command -v psql >/dev/null || need_pkgs+=(postgresql-client)
command -v ogr2ogr >/dev/null || need_pkgs+=(gdal-bin)
[[ -x /usr/bin/time ]] || need_pkgs+=(time)
if ((${#need_pkgs[@]})); then
	say "installing ${need_pkgs[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y "${need_pkgs[@]}" >/dev/null 2>&1 || {
		apt-get update >/dev/null && apt-get install -y "${need_pkgs[@]}" >/dev/null
	} || die "cannot install ${need_pkgs[*]}"
fi
[[ -x $pgbin/initdb ]] || die "no initdb in $pgbin (set PGBIN)"

# --- build --------------------------------------------------------------
if [[ -n ${BUILD:-} ]]; then
	build=$(cd "$BUILD" && pwd) || die "BUILD=$BUILD: no such directory"
else
	build=$root/build-bench
	say "building Release in $build"
	cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
		-DSG_BUILD_TESTS=OFF -DSG_BUILD_BENCH=ON \
		>"$build.log" 2>&1 || die "cmake failed (see $build.log)"
	cmake --build "$build" -j"$(nproc)" --target schoolgis_cli \
		sg-gensample bench_points >>"$build.log" 2>&1 ||
		die "build failed (see $build.log)"
fi
sg=$build/cli/schoolgis
gen=$build/sg-gensample
bp=$build/bench_points
for b in "$sg" "$gen" "$bp"; do
	[[ -x $b ]] || die "$b not found (configure with -DSG_BUILD_BENCH=ON)"
done
btype=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null || true)
[[ ${btype:-} == Release ]] ||
	echo "bench/catchments.sh: warning: ${btype:-unknown} build, not Release" >&2

# --- PostgreSQL on loopback --------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sg-bench-catch.XXXXXX")
pgdir=$tmp/pg
mkdir -p "$pgdir"
asuser=()
if ((EUID == 0)); then
	# initdb refuses root: the server runs as postgres.
	id postgres >/dev/null 2>&1 || die "no postgres user"
	chown postgres "$pgdir"
	chmod 755 "$tmp"
	asuser=(runuser -u postgres --)
fi
stop_pg() {
	if [[ -f $pgdir/data/postmaster.pid ]]; then
		"${asuser[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -m fast -w stop \
			>/dev/null 2>&1 || true
	fi
}
trap 'stop_pg; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

port=${PGPORT:-}
if [[ -z $port ]]; then
	for ((port = 55432; port < 55532; port++)); do
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
	done
fi
say "starting PostgreSQL on 127.0.0.1:$port ($pgdir)"
"${asuser[@]}" "$pgbin/initdb" -D "$pgdir/data" -A trust -U postgres \
	-E UTF8 --no-sync >"$tmp/initdb.log" 2>&1 ||
	die "initdb failed: $(tail -n 5 "$tmp/initdb.log")"
# Settings of a dedicated analysis server; fsync off only because the
# cluster is thrown away.  Parallel query stays at its default (2).
"${asuser[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w start \
	-o "-k $pgdir -c listen_addresses=127.0.0.1 -p $port -c shared_buffers=1GB -c work_mem=256MB -c maintenance_work_mem=512MB -c effective_cache_size=8GB -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c autovacuum=off" \
	>/dev/null || die "pg_ctl start failed: $(tail -n 5 "$pgdir/log")"
pgconn="host=127.0.0.1 port=$port user=postgres dbname=postgres"
export PGOPTIONS="-c client_min_messages=warning"
psqlq() { psql -X -q -v ON_ERROR_STOP=1 -At -d "$pgconn" "$@"; }
psqlq -c "CREATE EXTENSION postgis" || die "CREATE EXTENSION postgis failed"
pg_version=$(psqlq -c "SELECT split_part(version(), ' ', 2) || ', PostGIS ' || postgis_full_version()")

# --- helpers -------------------------------------------------------------
now_ns() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", (b - a) / 1e9 }'; }
median() { sort -g | awk '{ v[NR] = $1 } END {
	if (NR % 2) printf "%.3f", v[(NR + 1) / 2];
	else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
kv() { sed -n "s/^$1=//p" "$2"; }

# pg_cpu: CPU seconds (user + sys) used so far by the server: the
# postmaster, its children that have ended (backends, parallel workers:
# cutime + cstime of the postmaster, which reaps them) and those alive.
clk_tck=$(getconf CLK_TCK)
pg_cpu() {
	local pm c files
	pm=$(head -n 1 "$pgdir/data/postmaster.pid")
	files=("/proc/$pm/stat")
	for c in $(ps -o pid= --ppid "$pm"); do
		files+=("/proc/$c/stat")
	done
	# Fields after the command name "(postgres)": utime is the 14th
	# field of the line, stime, cutime, cstime follow.
	cat "${files[@]}" 2>/dev/null | awk -v hz="$clk_tck" \
		'{ t += $14 + $15 + $16 + $17 } END { printf "%.3f\n", t / hz }'
}
# timed_pg FILE SQL... : run SQL in one psql session (its own backend),
# wall time to FILE, the server's CPU time for it to FILE.cpu
timed_pg() {
	local out=$1 t0 t1 c0 c1
	shift
	c0=$(pg_cpu)
	t0=$(now_ns)
	psqlq "$@" >"$tmp/pg.out" 2>"$tmp/pg.err" ||
		die "PostGIS query failed: $(cat "$tmp/pg.err")"
	t1=$(now_ns)
	secs "$t0" "$t1" >>"$out"
	sleep 0.3 # the postmaster reaps the ended backend
	c1=$(pg_cpu)
	awk -v a="$c0" -v b="$c1" 'BEGIN { printf "%.3f\n", b - a }' >>"$out.cpu"
}
# timed_sg FILE CMD...: run schoolgis, wall time to FILE, user + sys to
# FILE.cpu
timed_sg() {
	local out=$1 t0 t1
	shift
	t0=$(now_ns)
	/usr/bin/time -f '%U %S' -o "$tmp/sg.time" "$@" || return 1
	t1=$(now_ns)
	secs "$t0" "$t1" >>"$out"
	tail -n 1 "$tmp/sg.time" | awk '{ printf "%.3f\n", $1 + $2 }' >>"$out.cpu"
}

load_before=$(cut -d" " -f1-3 /proc/loadavg)
rows=()       # result table rows: name|sg|pg|target
rss_rows=()   # name|KB
notes=()      # what the checks found
res=$tmp/res
mkdir -p "$res"
cpu=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo | head -n 1)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)

for size in $sizes; do
	case $size in ''|*[!0-9]*) die "SIZES: not a number: $size" ;; esac
	# The generator mixes levels like Cu Chi: 41 of 112 schools teach
	# primary (39 primary + 2 primary-lower secondary).
	total=$(( (size * 112 + 40) / 41 ))
	d=$tmp/data-$size
	say "$size schools: generating $total schools (all levels), importing"
	"$gen" --quiet --schools "$total" "$d" || die "sg-gensample failed"
	store=$tmp/store-$size.sqlite
	"$sg" init --db "$store" -q
	"$sg" import units "$d/district.geojson" --kind district --db "$store" -q
	"$sg" import units "$d/communes.geojson" --db "$store" -q
	"$sg" import population "$d/population.csv" --db "$store" -q ||
		die "import population failed"
	"$sg" import schools "$d/schools.csv" --db "$store" -q ||
		die "import schools failed"
	nsch=$(ogrinfo -ro -q "$store" -sql "SELECT count(*) AS n FROM schools WHERE instr(',' || levels || ',', ',$level,') > 0" |
		sed -n 's/^ *n (Integer) = //p')

	say "$size: loading PostGIS (ogr2ogr; not timed)"
	ogr2ogr -f PostgreSQL "PG:$pgconn" "$store" -nln sch_in -lco GEOMETRY_NAME=geom \
		-lco SPATIAL_INDEX=NONE -overwrite \
		-sql "SELECT id, code, geom FROM schools WHERE instr(',' || levels || ',', ',$level,') > 0" ||
		die "ogr2ogr schools failed"
	ogr2ogr -f PostgreSQL "PG:$pgconn" "$store" -nln units_in -lco GEOMETRY_NAME=geom \
		-nlt MULTIPOLYGON -overwrite \
		-sql "SELECT code, geom FROM units WHERE kind = 'ward'" ||
		die "ogr2ogr units failed"
	psqlq <<-'SQL' || die "PostGIS setup failed"
	DROP TABLE IF EXISTS sch, wards;
	CREATE TABLE sch AS SELECT id, code,
	  ST_Transform(geom, 32648)::geometry(Point, 32648) AS geom FROM sch_in;
	CREATE INDEX ON sch USING gist (geom);
	CREATE TABLE wards AS SELECT code,
	  ST_Transform(geom, 32648)::geometry(MultiPolygon, 32648) AS geom FROM units_in;
	VACUUM ANALYZE sch; VACUUM ANALYZE wards;
	SQL

	# --- 1. Voronoi + clip ---------------------------------------------
	if [[ $workloads == *" voronoi "* ]]; then
	say "$size: Voronoi + clip, $runs runs per side"
	cells_sql="WITH study AS (SELECT ST_Union(geom) AS geom FROM wards),
cells AS (SELECT (ST_Dump(ST_VoronoiPolygons(ST_Collect(geom)))).geom FROM sch)
SELECT s.id AS school_id, CASE WHEN ST_Within(c.geom, a.geom) THEN c.geom
  ELSE ST_Intersection(c.geom, a.geom) END AS geom
FROM cells c JOIN sch s ON ST_Intersects(c.geom, s.geom) CROSS JOIN study a
WHERE ST_Intersects(c.geom, a.geom)"
	dry_sql="SELECT count(*), sum(ST_Area(geom)) FROM ($cells_sql) x"
	vor_sql="DROP TABLE IF EXISTS pg_catch; CREATE TABLE pg_catch AS $cells_sql;
CREATE INDEX ON pg_catch USING gist (geom);"
	for ((i = 1; i <= runs; i++)); do
		timed_sg "$res/dry-sg-$size" "$sg" catchments --db "$store" \
			--level "$level" --method voronoi --dry-run --json -q \
			>"$tmp/dry.json" 2>"$tmp/sg.err" ||
			die "schoolgis catchments --dry-run failed: $(tail -n 3 "$tmp/sg.err")"
		timed_pg "$res/dry-pg-$size" -c "$dry_sql"
		cp "$tmp/pg.out" "$tmp/dry-pg"
		cp "$store" "$tmp/run.sqlite"
		timed_sg "$res/vor-sg-$size" "$sg" catchments --db "$tmp/run.sqlite" \
			--level "$level" --method voronoi --json -q \
			>"$tmp/stored.json" 2>"$tmp/sg.err" ||
			die "schoolgis catchments failed: $(tail -n 3 "$tmp/sg.err")"
		timed_pg "$res/vor-pg-$size" -c "$vor_sql"
		printf '   run %d (wall/CPU s): Voronoi + clip: schoolgis %s/%s, PostGIS %s/%s; stored: schoolgis %s/%s, PostGIS %s/%s\n' "$i" \
			"$(tail -n 1 "$res/dry-sg-$size")" "$(tail -n 1 "$res/dry-sg-$size.cpu")" \
			"$(tail -n 1 "$res/dry-pg-$size")" "$(tail -n 1 "$res/dry-pg-$size.cpu")" \
			"$(tail -n 1 "$res/vor-sg-$size")" "$(tail -n 1 "$res/vor-sg-$size.cpu")" \
			"$(tail -n 1 "$res/vor-pg-$size")" "$(tail -n 1 "$res/vor-pg-$size.cpu")" >&2
	done
	# Same answer, unstored: as many cells (schoolgis merges schools
	# sharing a location into one), areas summing to the same study area.
	IFS='|' read -r dry_n dry_area <"$tmp/dry-pg"
	python3 - "$tmp/dry.json" "$dry_n" "$dry_area" <<-'PY' ||
	import json, sys
	s = json.load(open(sys.argv[1]))
	n, area = int(sys.argv[2]), float(sys.argv[3]) / 1e6
	ok = (s["catchments"] + s["merged"] == n and
	      abs(s["catchment_area_km2"] - area) <= 1e-6 * area and
	      abs(s["study_area_km2"] - area) <= 1e-6 * area)
	print(f"   dry run: schoolgis {s['catchments']} cells + {s['merged']} merged, "
	      f"{s['catchment_area_km2']:.6f} km2; PostGIS {n} cells, {area:.6f} km2",
	      file=sys.stderr)
	sys.exit(0 if ok else 1)
	PY
		die "Voronoi + clip (dry run) answers differ"
	# The dry run (cells on two threads) and the stored run (one by one)
	# give the same figures, to the last digit.
	python3 - "$tmp/dry.json" "$tmp/stored.json" <<-'PY' ||
	import json, sys
	a, b = (json.load(open(f)) for f in sys.argv[1:3])
	for k in ("run_id", "dry_run"):
	    a.pop(k, None); b.pop(k, None)
	sys.exit(0 if a == b else 1)
	PY
		die "the dry run and the stored run give different figures"
	# Same answer: the schoolgis polygons, back in UTM, against PostGIS's.
	ogr2ogr -f PostgreSQL "PG:$pgconn" "$tmp/run.sqlite" -nln catch_in \
		-lco GEOMETRY_NAME=geom -nlt MULTIPOLYGON -overwrite \
		-sql "SELECT school_id, geom FROM catchments WHERE level = '$level' AND method = 'voronoi'" ||
		die "ogr2ogr catchments failed"
	psqlq <<-'SQL' >"$tmp/vor-check" || die "PostGIS check failed"
	DROP TABLE IF EXISTS catch;
	CREATE TABLE catch AS SELECT school_id,
	  ST_Transform(geom, 32648)::geometry(MultiPolygon, 32648) AS geom FROM catch_in;
	CREATE INDEX ON catch USING gist (geom);
	VACUUM ANALYZE catch; VACUUM ANALYZE pg_catch;
	WITH a AS (SELECT sum(ST_Area(geom)) AS s FROM (SELECT ST_Union(geom) AS geom FROM wards) w),
	g AS (SELECT school_id, sum(ST_Area(geom)) AS area FROM pg_catch GROUP BY school_id),
	s AS (SELECT school_id, ST_Area(geom) AS area FROM catch),
	shared AS (SELECT a.id FROM sch a JOIN sch b ON a.id <> b.id AND ST_DWithin(a.geom, b.geom, 1)),
	near AS (SELECT DISTINCT n.school_id FROM pg_catch x JOIN pg_catch n ON ST_Intersects(x.geom, n.geom)
	  WHERE x.school_id IN (SELECT id FROM shared)),
	m AS (SELECT abs(g.area - s.area) / greatest(s.area, 1) AS rel FROM g JOIN s USING (school_id)
	  WHERE school_id NOT IN (SELECT school_id FROM near))
	SELECT (SELECT count(*) FROM catch), (SELECT count(*) FROM pg_catch),
	  (SELECT count(*) FROM m), (SELECT max(rel) FROM m),
	  (SELECT abs(sum(area) - a.s) / a.s FROM s, a GROUP BY a.s),
	  (SELECT abs(sum(area) - a.s) / a.s FROM g, a GROUP BY a.s);
	SQL
	IFS='|' read -r n_sg n_pg n_match max_rel sg_cover pg_cover <"$tmp/vor-check"
	# Schools sharing a location (< 1 m) have one schoolgis catchment and
	# two PostGIS cells, which also moves their neighbours' edges by up to
	# a metre: the per-school comparison leaves those schools out.
	awk -v a="$sg_cover" -v b="$pg_cover" -v m="$max_rel" \
		'BEGIN { exit !(a < 1e-6 && b < 1e-6 && m < 1e-6) }' ||
		die "Voronoi answers differ: schoolgis $n_sg cells (area off by $sg_cover), PostGIS $n_pg (off by $pg_cover), max per-school relative area difference $max_rel over $n_match schools"
	vor_note="$size: schoolgis $n_sg catchments, PostGIS $n_pg cells; areas sum to the study area within $sg_cover / $pg_cover; $n_match schools compared, max relative area difference $max_rel"
	echo "   $vor_note" >&2
	rows+=("Voronoi + clip, $nsch schools|$(median <"$res/dry-sg-$size")|$(median <"$res/dry-pg-$size")|3|$(median <"$res/dry-sg-$size.cpu")|$(median <"$res/dry-pg-$size.cpu")")
	rows+=("Voronoi + clip stored as a run, $nsch schools|$(median <"$res/vor-sg-$size")|$(median <"$res/vor-pg-$size")|2.5|$(median <"$res/vor-sg-$size.cpu")|$(median <"$res/vor-pg-$size.cpu")")
	notes+=("$vor_note")
	fi

	# --- points ---------------------------------------------------------
	if [[ $workloads == *" points "* ]]; then
	if [[ $workloads != *" voronoi "* ]]; then
		# The PostGIS join needs the schoolgis catchments (not timed).
		cp "$store" "$tmp/run.sqlite"
		"$sg" catchments --db "$tmp/run.sqlite" --level "$level" \
			--method voronoi -q || die "schoolgis catchments failed"
		ogr2ogr -f PostgreSQL "PG:$pgconn" "$tmp/run.sqlite" -nln catch_in \
			-lco GEOMETRY_NAME=geom -nlt MULTIPOLYGON -overwrite \
			-sql "SELECT school_id, geom FROM catchments WHERE level = '$level' AND method = 'voronoi'" ||
			die "ogr2ogr catchments failed"
		psqlq <<-'SQL' || die "PostGIS catch failed"
		DROP TABLE IF EXISTS catch;
		CREATE TABLE catch AS SELECT school_id,
		  ST_Transform(geom, 32648)::geometry(MultiPolygon, 32648) AS geom FROM catch_in;
		CREATE INDEX ON catch USING gist (geom);
		VACUUM ANALYZE catch;
		SQL
	fi
	bbox=$(ogrinfo -ro -so -al "$d/district.geojson" |
		sed -n 's/^Extent: (\([^,]*\), \([^)]*\)) - (\([^,]*\), \([^)]*\))$/\1,\2,\3,\4/p')
	[[ -n $bbox ]] || die "no extent for $d/district.geojson"
	pts=$tmp/points.csv
	if [[ ! -s $pts ]]; then
		say "generating $npoints random points in the district's box $bbox"
		"$bp" gen --bbox "$bbox" -n "$npoints" --seed 42 -o "$pts" ||
			die "bench_points gen failed"
	fi
	say "$size: loading $npoints points into PostGIS (not timed)"
	psqlq <<-SQL || die "PostGIS points load failed"
	DROP TABLE IF EXISTS pts_in, pts;
	CREATE UNLOGGED TABLE pts_in (lon float8, lat float8);
	\\copy pts_in FROM '$pts' CSV HEADER
	CREATE TABLE pts AS SELECT row_number() OVER () AS id,
	  ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), 32648)::geometry(Point, 32648) AS geom
	  FROM pts_in;
	CREATE INDEX ON pts USING gist (geom);
	VACUUM ANALYZE pts;
	SQL
	join_sql="SELECT c.school_id, count(*) FROM pts p JOIN catch c ON ST_Contains(c.geom, p.geom) GROUP BY c.school_id ORDER BY 1"
	within_sql="SELECT count(*) FILTER (WHERE EXISTS (SELECT 1 FROM sch s WHERE ST_DWithin(s.geom, p.geom, $distance)))::float8 / count(*) FROM pts p"
	say "$size: $npoints points, $runs runs per side"
	for ((i = 1; i <= runs; i++)); do
		/usr/bin/time -f '%M' -o "$tmp/rss" "$bp" run --db "$store" \
			--level "$level" --points "$pts" --distance "$distance" \
			--counts "$tmp/sg-counts.csv" >"$tmp/bp.out" 2>"$tmp/bp.err" ||
			die "bench_points run failed: $(cat "$tmp/bp.err")"
		ix=$(kv index_s "$tmp/bp.out")
		awk -v a="$ix" -v b="$(kv assign_s "$tmp/bp.out")" 'BEGIN { printf "%.3f\n", a + b }' >>"$res/asg-sg-$size"
		awk -v a="$ix" -v b="$(kv within_s "$tmp/bp.out")" 'BEGIN { printf "%.3f\n", a + b }' >>"$res/win-sg-$size"
		tail -n 1 "$tmp/rss" >>"$res/rss-$size"
		timed_pg "$res/asg-pg-$size" -F, -c "$join_sql"
		cp "$tmp/pg.out" "$tmp/pg-counts.csv"
		timed_pg "$res/win-pg-$size" -c "$within_sql"
		cp "$tmp/pg.out" "$tmp/pg-share"
		printf '   run %d: assign %s / %s s, within %s / %s s (schoolgis / PostGIS)\n' "$i" \
			"$(tail -n 1 "$res/asg-sg-$size")" "$(tail -n 1 "$res/asg-pg-$size")" \
			"$(tail -n 1 "$res/win-sg-$size")" "$(tail -n 1 "$res/win-pg-$size")" >&2
	done
	# Same answers: counts per school, and the share.
	tail -n +2 "$tmp/sg-counts.csv" | sort -t, -k1,1n >"$tmp/a"
	sort -t, -k1,1n "$tmp/pg-counts.csv" >"$tmp/b"
	cmp -s "$tmp/a" "$tmp/b" ||
		die "counts per school differ: $(diff "$tmp/a" "$tmp/b" | head -n 6 | tr '\n' ' ')"
	sg_share=$(kv within_share "$tmp/bp.out")
	pg_share=$(cat "$tmp/pg-share")
	awk -v a="$sg_share" -v b="$pg_share" 'BEGIN { d = a - b; exit !(d < 1e-6 && d > -1e-6) }' ||
		die "shares within $distance m differ: schoolgis $sg_share, PostGIS $pg_share"
	assigned=$(kv assigned "$tmp/bp.out")
	pts_note="$size: $assigned of $npoints points in $(wc -l <"$tmp/a") catchments, equal counts per school on both sides; share within $distance m: schoolgis $sg_share, PostGIS $pg_share"
	echo "   $pts_note" >&2
	notes+=("$pts_note")
	rows+=("Assign $npoints points, $nsch schools|$(median <"$res/asg-sg-$size")|$(median <"$res/asg-pg-$size")|5")
	rows+=("Share within $distance m, $nsch schools|$(median <"$res/win-sg-$size")|$(median <"$res/win-pg-$size")|10")
	rss_max=$(sort -n "$res/rss-$size" | tail -n 1)
	rss_rows+=("$npoints points, $nsch schools|$rss_max")
	fi
	psqlq -c "DROP TABLE IF EXISTS pts_in, pts, catch, catch_in, pg_catch, sch, sch_in, wards, units_in"
done

# --- report ---------------------------------------------------------------
echo
echo "catchments vs PostGIS ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
echo "machine:   ${cpu:-unknown CPU}, nproc $(nproc), $mem, $(uname -sr); load average before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)"
echo "schoolgis: $("$sg" --version | tail -n 1)"
echo "build:     $build (${btype:-unknown})"
echo "PostgreSQL $pg_version"
echo "runs:      $runs per side, interleaved; medians of wall time and of CPU time"
echo "CPU time:  schoolgis: user + sys of the process (both its threads);"
echo "           PostGIS: user + sys of the server's processes during the"
echo "           query (its backend and any parallel workers, /proc of the"
echo "           postmaster and its children); psql's own time not counted."
echo "           Rows with a CPU figure are judged on the CPU ratio (the"
echo "           machine is shared: wall times are upper bounds)."
for n in "${notes[@]}"; do echo "check:     $n"; done
echo
echo "| workload | schoolgis s (wall / CPU) | PostGIS s (wall / CPU) | ratio wall | ratio CPU | target | verdict |"
echo "|---|---:|---:|---:|---:|---:|---|"
for r in "${rows[@]}"; do
	IFS='|' read -r name a b t ca cb <<<"$r"
	awk -v n="$name" -v a="$a" -v b="$b" -v t="$t" -v ca="$ca" -v cb="$cb" 'BEGIN {
		r = b / a
		if (ca != "" && ca > 0) {
			rc = cb / ca
			sa = sprintf("%.3f / %.3f", a, ca); sb = sprintf("%.3f / %.3f", b, cb)
			rcs = sprintf("%.1fx", rc); j = rc
		} else {
			sa = sprintf("%.3f", a); sb = sprintf("%.3f", b); rcs = "-"; j = r
		}
		if (t == 0) printf "| %s | %s | %s | %.1fx | %s | none | - |\n", n, sa, sb, r, rcs
		else printf "| %s | %s | %s | %.1fx | %s | >= %gx | %s |\n",
			n, sa, sb, r, rcs, t, (j >= t ? "PASS" : "FAIL") }'
done
for r in "${rss_rows[@]}"; do
	IFS='|' read -r name kb <<<"$r"
	awk -v n="$name" -v k="$kb" 'BEGIN {
		printf "| peak memory, schoolgis, %s | %.0f MB | | | | < 400 MB | %s |\n",
		n, k / 1024, (k / 1024 < 400 ? "PASS" : "FAIL") }'
done
exit 0
