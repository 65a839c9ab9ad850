#!/usr/bin/env bash
# bench/roads.sh - road distances against pgRouting on the same graph, in
# the same run (issue 16, item 6).  Starts a throwaway PostgreSQL +
# pgRouting on 127.0.0.1 and stops it at the end.
#
#   1. Multi-source shortest paths: a generated city of about 1,000,000
#      edges (708 x 708 street grid, 50 m blocks, one-way rows and
#      columns, travel times at 30 km/h) and 500 schools on crossings.
#      Ours: sg_road__field_new (one multi-source Dijkstra, every node's
#      nearest school and its cost; bench/bench_roads.c), wall and CPU
#      seconds, and the process's peak memory (GNU time %M, the CSV read
#      included).  pgRouting: pgr_drivingDistance from all the schools at
#      at once: one virtual vertex 0 joined to every school by an edge
#      of cost 0, the classic way to run a multi-source search there
#      (pgr_drivingDistance's own equicost mode, from the 500 schools,
#      gave other costs than three independent Dijkstras for 0.3% of the
#      nodes of a small city, so it is not used), on the same edges.  Targets: ours <= 1 s, < 300 MB, and >= 10x
#      faster than pgRouting; every node's cost equal (1e-6 relative).
#   2. Grade-1 admission of HOMES applicants (default 1,500,000) on the
#      sample district with a street grid of ROAD_STEP metres
#      (sg-gensample --roads): `schoolgis admit --grade 1` in a straight
#      line, then `--distance road` (every home snapped, 16 nearest
#      schools by road each).  Target: road <= 2x straight.
#
# Usage: bench/roads.sh
# Environment:
#   BUILD=DIR     Release build configured with -DSG_BUILD_BENCH=ON
#                 (default: configure and build into <repo>/build-bench)
#   SIDE=708      grid side of the city (edges about 2 x SIDE^2)
#   SCHOOLS=500   schools of the city
#   HOMES=1500000 applicants of the admission part (0: skip it)
#   ROAD_STEP=100 street spacing of the district network, metres
#   RUNS=3        timed runs per side (median)
#   RUNS_ADMIT=N  timed runs of the admission part (default RUNS)
#   PGBIN=DIR     PostgreSQL binaries (default /usr/lib/postgresql/15/bin)
#
# Exit status: 0 when the measurements were made, whatever the verdicts;
# 1 when something broke or the two sides disagree.
set -euo pipefail
export LC_ALL=C.UTF-8 LC_NUMERIC=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
side=${SIDE:-708}
nsch=${SCHOOLS:-500}
homes=${HOMES:-1500000}
step=${ROAD_STEP:-100}
runs=${RUNS:-3}
pgbin=${PGBIN:-/usr/lib/postgresql/15/bin}

die() { echo "bench/roads.sh: $*" >&2; exit 1; }
say() { echo "== $*" >&2; }

# --- tools --------------------------------------------------------------
need=()
[[ -x $pgbin/initdb ]] || need+=(postgresql)
ls /usr/share/postgresql/*/extension/pgrouting.control >/dev/null 2>&1 ||
	need+=(postgresql-15-pgrouting)
command -v psql >/dev/null || need+=(postgresql-client)
[[ -x /usr/bin/time ]] || need+=(time)
if ((${#need[@]})); then
	say "installing ${need[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null ||
		die "cannot install ${need[*]}"
fi

# --- build --------------------------------------------------------------
if [[ -n ${BUILD:-} ]]; then
	build=$(cd "$BUILD" && pwd)
else
	build=$root/build-bench
	say "building Release in $build"
	cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
		-DSG_BUILD_TESTS=OFF -DSG_BUILD_BENCH=ON >"$build.log" 2>&1 ||
		die "cmake failed (see $build.log)"
	cmake --build "$build" -j2 --target schoolgis_cli sg-gensample \
		bench_roads >>"$build.log" 2>&1 || die "build failed ($build.log)"
fi
sg=$build/cli/schoolgis
gen=$build/sg-gensample
br=$build/bench_roads
for b in "$sg" "$gen" "$br"; do [[ -x $b ]] || die "$b not found"; done

# --- PostgreSQL + pgRouting on loopback ---------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sg-bench-roads.XXXXXX")
pgdir=$tmp/pg
mkdir -p "$pgdir"
asuser=()
if ((EUID == 0)); then
	chown postgres "$pgdir"
	chmod 755 "$tmp"
	asuser=(runuser -u postgres --)
fi
stop_pg() {
	[[ -f $pgdir/data/postmaster.pid ]] &&
		"${asuser[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -m fast -w stop \
			>/dev/null 2>&1 || true
}
trap 'stop_pg; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
for ((port = 55532; port < 55632; port++)); do
	(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
done
say "starting PostgreSQL on 127.0.0.1:$port"
"${asuser[@]}" "$pgbin/initdb" -D "$pgdir/data" -A trust -U postgres -E UTF8 \
	--no-sync >"$tmp/initdb.log" 2>&1 || die "initdb failed"
"${asuser[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w start \
	-o "-k $pgdir -c listen_addresses=127.0.0.1 -p $port -c shared_buffers=1GB -c work_mem=512MB -c fsync=off -c synchronous_commit=off" \
	>/dev/null || die "pg_ctl start failed: $(tail -n 5 "$pgdir/log")"
pgconn="host=127.0.0.1 port=$port user=postgres dbname=postgres"
export PGOPTIONS="-c client_min_messages=warning"
psqlq() { psql -X -q -v ON_ERROR_STOP=1 -At -d "$pgconn" "$@"; }
psqlq -c "CREATE EXTENSION pgrouting CASCADE" || die "no pgRouting"
pgr_version=$(psqlq -c "SELECT pgr_version()")

now_ns() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", (b - a) / 1e9 }'; }
median() { sort -g | awk '{ v[NR] = $1 } END {
	if (NR % 2) printf "%.3f", v[(NR + 1) / 2];
	else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

load0=$(load)
# --- 1. multi-source shortest paths --------------------------------------
city=$tmp/city
mkdir -p "$city"
say "city: ${side}x$side grid, $nsch schools"
"$br" write "$city" "$side" "$nsch" || die "bench_roads write failed"
psqlq -c "CREATE UNLOGGED TABLE edges (id bigint, source bigint, target bigint, cost float8, reverse_cost float8)"
psqlq -c "\\copy edges FROM '$city/edges.csv' CSV HEADER"
# pgRouting's vertices from 1.
psqlq -c "UPDATE edges SET source = source + 1, target = target + 1; CREATE INDEX ON edges (id); ANALYZE edges"
starts=$(awk '{ printf "%s%d", (NR > 1 ? "," : ""), $1 + 1 }' "$city/schools.txt")
nedges=$(psqlq -c "SELECT count(*) FROM edges")

ours=() ourscpu=() pg=() pgcpu=()
for ((r = 0; r < runs; r++)); do
	/usr/bin/time -f '%M' -o "$tmp/rss" "$br" run "$city" >"$tmp/ours.txt" ||
		die "bench_roads run failed"
	ours+=("$(sed -n 's/.*search_s=\([0-9.]*\).*/\1/p' "$tmp/ours.txt")")
	ourscpu+=("$(sed -n 's/.*search_cpu_s=\([0-9.]*\).*/\1/p' "$tmp/ours.txt")")
	rss_kb=$(cat "$tmp/rss")
	t0=$(now_ns)
	# The backend's CPU seconds of the statement (getrusage, written to
	# the server log by log_statement_stats): the same load on both sides
	# is compared in CPU time, whatever share of the cores each got.
	PGOPTIONS="$PGOPTIONS -c log_statement_stats=on" \
	psqlq -c "\\copy (SELECT node - 1, agg_cost FROM pgr_drivingDistance('SELECT id, source, target, cost, reverse_cost FROM edges UNION ALL SELECT -s, 0, s, 0, -1 FROM unnest(ARRAY[$starts]::bigint[]) s', 0, 1e15) WHERE node > 0 ORDER BY node) TO '$tmp/pg.csv' CSV" ||
		die "pgr_drivingDistance failed"
	t1=$(now_ns)
	pg+=("$(secs "$t0" "$t1")")
	pgcpu+=("$(sed -n 's/.*![[:space:]]*\([0-9.]*\) s user, \([0-9.]*\) s system.*/\1 \2/p' "$pgdir/log" |
		tail -n 1 | awk '{ printf "%.3f", $1 + $2 }')")
done
ours_s=$(printf '%s\n' "${ours[@]}" | median)
ours_cpu=$(printf '%s\n' "${ourscpu[@]}" | median)
pg_s=$(printf '%s\n' "${pg[@]}" | median)
pg_cpu=$(printf '%s\n' "${pgcpu[@]}" | median)
# Same costs for every node (sorted by node on both sides).
sort -t, -k1,1n "$city/ours.csv" >"$tmp/ours.sorted"
sort -t, -k1,1n "$tmp/pg.csv" >"$tmp/pg.sorted"
check=$(join -t, "$tmp/ours.sorted" "$tmp/pg.sorted" | awk -F, '
	{ n++; d = $2 - $3; if (d < 0) d = -d; m = ($3 > 1 ? $3 : 1);
	  if (d / m > 1e-6) bad++ }
	END { printf "%d %d", n, bad }')
read -r njoined nbad <<<"$check"
nours=$(wc -l <"$city/ours.csv")
npg=$(wc -l <"$tmp/pg.csv")
[[ $nbad == 0 && $njoined == "$nours" && $njoined == "$npg" ]] ||
	die "the costs differ: $njoined nodes on both sides ($nours ours, $npg pgRouting), $nbad different"
ratio=$(awk -v a="$pg_s" -v b="$ours_s" 'BEGIN { printf "%.1f", a / b }')
cratio=$(awk -v a="$pg_cpu" -v b="$ours_cpu" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN {
	ok = op == "le" ? v <= t : v >= t; print ok ? "PASS" : "FAIL" }'; }

# --- 2. admission by road ------------------------------------------------
adm=""
if ((homes > 0)); then
	d=$tmp/district
	say "district: $homes applicants, streets every $step m"
	"$gen" --quiet --roads --road-step "$step" \
		--applicants "$homes" "$d" || die "sg-gensample failed"
	store=$tmp/d.sqlite
	"$sg" init --db "$store" -q
	"$sg" import units "$d/district.geojson" --kind district --db "$store" -q
	"$sg" import units "$d/communes.geojson" --db "$store" -q
	"$sg" import schools "$d/schools.csv" --db "$store" -q
	# Exit 3: some rows flagged or rejected (listed); the rest is in.
	"$sg" import applicants "$d/applicants_g1.csv" --db "$store" -q ||
		[[ $? == 3 ]] || die "import applicants failed"
	"$sg" roads import "$d/roads.gpkg" --db "$store" -q
	edges_d=$(sqlite3 "$store" "SELECT edges FROM road_networks")
	st=() rd=()
	for ((r = 0; r < ${RUNS_ADMIT:-$runs}; r++)); do
		t0=$(now_ns)
		"$sg" admit --grade 1 -o "$tmp/a-s" --force --db "$store" -q ||
			die "admit failed"
		t1=$(now_ns)
		"$sg" admit --grade 1 -o "$tmp/a-r" --force --db "$store" -q \
			--distance road || die "admit --distance road failed"
		t2=$(now_ns)
		st+=("$(secs "$t0" "$t1")")
		rd+=("$(secs "$t1" "$t2")")
	done
	st_s=$(printf '%s\n' "${st[@]}" | median)
	rd_s=$(printf '%s\n' "${rd[@]}" | median)
	aratio=$(awk -v a="$rd_s" -v b="$st_s" 'BEGIN { printf "%.2f", a / b }')
	adm="| grade-1 admission, $homes homes, $edges_d road edges | $rd_s s by road | $st_s s straight | ${aratio}x (<= 2x) | $(verdict "$aratio" 2 le) |"
fi
load1=$(load)

cat <<EOF
## Road distances (bench/roads.sh) - $(date -u +%Y-%m-%d)

Machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo | head -n 1); load average before $load0, after $load1.
pgRouting $pgr_version.  Medians of $runs runs (admission: ${RUNS_ADMIT:-$runs}).

| workload | schoolgis | reference | ratio / figure | verdict |
|---|---|---|---|---|
| multi-source Dijkstra, $nedges edges, $nsch schools (wall) | $ours_s s | pgr_drivingDistance $pg_s s | ${ratio}x (>= 10x) | $(verdict "$ratio" 10 ge) |
| same, CPU seconds of the search | $ours_cpu s | | <= 1 s | $(verdict "$ours_cpu" 1 le) |
| same, CPU seconds (pgRouting: its backend's, graph built from SQL included) | $ours_cpu s | pgr_drivingDistance $pg_cpu s | ${cratio}x (>= 10x) | $(verdict "$cratio" 10 ge) |
| peak memory of the search process | $((rss_kb / 1024)) MB | | < 300 MB | $(verdict "$((rss_kb / 1024))" 299 le) |
${adm}

Costs: $njoined nodes, every one equal to pgRouting's (1e-6 relative).
EOF
