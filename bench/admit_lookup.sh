#!/usr/bin/env bash
# bench/admit_lookup.sh - loopback load test of the families' lookup site
# (`schoolgis admit --publish DIR`) behind a static server.
#
# A district of 20,000 grade-1 applicants is placed and published; the
# site is served by python3 -m http.server (threaded) on 127.0.0.1 only;
# a Python client with 8 threads makes LOOKUPS lookups (default 10,000)
# the way the page does (PBKDF2-SHA256 of code and birth date, HMAC id,
# GET r/SHARD.json, entry present), 1 in 10 with a wrong birth date
# (nothing found).  The keys are derived before the clock starts (the
# browser's share of the work); what is timed is the server answering.
# Reference in the same run: as many GETs of params.json (the smallest
# file) from the same server.  Every loop is bounded in count and each
# request in time (5 s); the server is stopped at the end.
#
# Usage: bench/admit_lookup.sh
# Environment: BUILD=DIR (binaries in DIR/cli/schoolgis, DIR/sg-gensample;
#              default: build Release into <repo>/build-bench),
#              LOOKUPS=N (default 10000), ITERATIONS=N (PBKDF2 of the
#              site, default 2000: the server's work does not depend on
#              it, the publishing time does)
set -euo pipefail
export LC_ALL=C.UTF-8 LC_NUMERIC=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
lookups=${LOOKUPS:-10000}
die() { echo "bench/admit_lookup.sh: $*" >&2; exit 1; }
if [[ -n ${BUILD:-} ]]; then
	build=$(cd "$BUILD" && pwd) || die "BUILD=$BUILD: no such directory"
else
	build=$root/build-bench
	cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
		-DSG_BUILD_TESTS=OFF >/dev/null || die "cmake failed"
	cmake --build "$build" -j"$(nproc)" --target schoolgis_cli \
		sg-gensample >/dev/null || die "build failed"
fi
sg=$build/cli/schoolgis
gen=$build/sg-gensample
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sg-bench-lookup.XXXXXX")
srv=
trap '[[ -n $srv ]] && kill "$srv" 2>/dev/null; rm -rf "$tmp"' EXIT

echo "== generating 20,000 applicants, importing, placing, publishing" >&2
"$gen" --quiet --applicants 20000 "$tmp/in"
export SCHOOLGIS_DB=$tmp/s.sqlite
"$sg" init -q
"$sg" import units "$tmp/in/district.geojson" --kind district -q
"$sg" import units "$tmp/in/communes.geojson" -q
"$sg" import schools "$tmp/in/schools.csv" -q
"$sg" import applicants "$tmp/in/applicants_g1.csv" -q
t0=$(date +%s.%N)
"$sg" admit --grade 1 -o "$tmp/out" --publish "$tmp/site" \
	--kdf-iterations "${ITERATIONS:-2000}" -q
t1=$(date +%s.%N)

python3 -m http.server 0 --bind 127.0.0.1 --directory "$tmp/site" \
	> "$tmp/http.log" 2>&1 &
srv=$!
port=
for _ in $(seq 100); do
	port=$(sed -n 's/.*port \([0-9][0-9]*\).*/\1/p' "$tmp/http.log" | head -1)
	[[ -n $port ]] && break
	sleep 0.1
done
[[ -n $port ]] || die "the static server did not start"

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$tmp/out/internal.csv" "$tmp/site/params.json" "$port" \
	"$lookups" "$(echo "$t1 - $t0" | bc)" <<'PY'
import csv, hashlib, hmac, json, sys, time, urllib.request, urllib.error
from concurrent.futures import ThreadPoolExecutor
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
P = json.load(open(sys.argv[2]))
base = "http://127.0.0.1:%s/" % sys.argv[3]
n, publish_s = int(sys.argv[4]), float(sys.argv[5])
salt = bytes.fromhex(P["salt"])
def ident(code, birth):
    k = hashlib.pbkdf2_hmac("sha256", (code.upper() + "\n" + birth).encode(),
                            salt, P["iterations"], 32)
    return hmac.new(k, b"id", "sha256").hexdigest()
cases = []
for i, r in enumerate(rows[:500]):
    birth = r["birth_date"] if i % 10 else "1900-01-01"   # 1 in 10 wrong
    cases.append((ident(r["applicant_code"], birth), i % 10 != 0))
def lookup(i):
    h, want = cases[i % len(cases)]
    try:
        with urllib.request.urlopen(base + "r/" + h[:P["shard_hex"]] + ".json", timeout=5) as f:
            found = h[:32] in json.load(f)
    except urllib.error.HTTPError:
        found = False
    return found == want
def small(i):
    with urllib.request.urlopen(base + "params.json", timeout=5) as f:
        return len(f.read()) > 0
def timed(fn):
    t = time.monotonic()
    with ThreadPoolExecutor(8) as ex:
        ok = sum(ex.map(fn, range(n)))
    return ok, time.monotonic() - t
ok, t = timed(lookup)
ok_ref, t_ref = timed(small)
assert ok == n and ok_ref == n, (ok, ok_ref)
print("site: %d results, %d shards, PBKDF2 %d iterations; admit --publish %.1f s"
      % (P["results"], len(set(c[0][:P["shard_hex"]] for c in cases)), P["iterations"], publish_s))
print("| case | requests | s | per second |")
print("|---|---:|---:|---:|")
print("| lookups (GET r/SHARD.json, entry checked) | %d | %.2f | %.0f |" % (n, t, n / t))
print("| reference: GET params.json, same server | %d | %.2f | %.0f |" % (n, t_ref, n / t_ref))
print("lookups/s vs reference: %.2f; every answer right: %s" % ((n / t) / (n / t_ref), ok == n))
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
