#!/usr/bin/env bash
# Long fuzzing runs: build the libFuzzer harnesses of fuzz/ with clang
# (ASan + UBSan) in build-fuzz/, generate the seeds, then run every
# harness for SECONDS (default 600), two at a time.  The corpus grows in
# build-fuzz/fuzz/work/NAME and is kept between runs; a crash leaves its
# input in build-fuzz/fuzz/artifacts/ and makes this script fail.  Copy a
# crash into fuzz/regress/NAME/ once fixed: every test build replays it.
# Usage: scripts/fuzz.sh [SECONDS] [HARNESS...]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
shift || true
scripts/deps.sh
jobs=$(nproc)
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	-DSG_BUILD_FUZZ=ON -DSG_BUILD_TESTS=OFF \
	-DSG_SANITIZE=address,undefined -DSG_FUZZ_SECONDS="$secs" >/dev/null
cmake --build build-fuzz -j"$jobs" --target sg_fuzz
cd build-fuzz
if [ $# -gt 0 ]; then
	pat="fuzz_seeds|$(printf 'fuzz_%s$|' "$@")"
	ctest --output-on-failure -j"$jobs" -L fuzz -R "${pat%|}"
else
	ctest --output-on-failure -j"$jobs" -L fuzz
fi
