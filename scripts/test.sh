#!/usr/bin/env bash
# Install missing packages, build, run every test with ctest, then again
# in an AddressSanitizer + UndefinedBehaviorSanitizer build, then a short
# libFuzzer run of every fuzz/ harness (clang).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
jobs=$(nproc)

echo "== build (release) and test" >&2
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"
(cd build && ctest --output-on-failure -j"$jobs")

# Every test again, but the format check (label "format": it reads the
# sources, not the build, and passed above).
echo "== build (address,undefined sanitizers) and test" >&2
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug \
	-DSG_SANITIZE=address,undefined >/dev/null
cmake --build build-asan -j"$jobs"
(cd build-asan &&
 SG_FAULT_QUICK=1 \
 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
 ctest --output-on-failure -j"$jobs" -LE format)

# libFuzzer harnesses (fuzz/): clang, ASan + UBSan, a short run of each
# (SG_FUZZ_SECONDS, default 60 as #18 asks: 8 harnesses, two at a time,
# ~4 min);
# scripts/fuzz.sh makes long runs.
echo "== fuzz (clang libFuzzer, ${SG_FUZZ_SECONDS:-60} s per harness)" >&2
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	-DSG_BUILD_FUZZ=ON -DSG_BUILD_TESTS=OFF \
	-DSG_SANITIZE=address,undefined \
	-DSG_FUZZ_SECONDS="${SG_FUZZ_SECONDS:-60}" >/dev/null
cmake --build build-fuzz -j"$jobs" --target sg_fuzz
(cd build-fuzz && ctest --output-on-failure -j"$jobs" -L fuzz)
