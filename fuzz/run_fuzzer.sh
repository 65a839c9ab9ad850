#!/usr/bin/env bash
# One libFuzzer run (a ctest test, or scripts/fuzz.sh): first every input
# of REGRESS_DIR (crashes found before), then SECONDS of fuzzing from the
# seeds into WORK_DIR (kept between runs).  A crash leaves its input in
# WORK_DIR/../artifacts/ and fails.
# Usage: run_fuzzer.sh HARNESS SECONDS WORK_DIR SEED_DIR [REGRESS_DIR]
set -euo pipefail
h=$1 secs=$2 work=$3 seeds=$4 regress=${5:-}
art=$(dirname "$work")/artifacts
mkdir -p "$work" "$art"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
if [ -n "$regress" ] && [ -d "$regress" ] &&
	[ -n "$(ls -A "$regress" 2>/dev/null)" ]; then
	"$h" -runs=1 "$regress"/* 2>&1 | tail -n 3
fi
"$h" -max_total_time="$secs" -timeout=30 -rss_limit_mb=3072 \
	-max_len=65536 -print_final_stats=1 \
	-artifact_prefix="$art/$(basename "$h")-" "$work" "$seeds" 2>&1 |
	grep -v '^#[0-9]' | tail -n 40
exit "${PIPESTATUS[0]}"
