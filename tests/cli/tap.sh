# tests/cli/tap.sh - the TAP helpers of the CLI test scripts.
#
# Sourced (not run) by a test script at its start, before any cd (the
# path comes from $0); tap_init then starts the counts once the script
# has made its scratch directory T:
#
#     set -u
#     . "$(dirname "$0")/tap.sh"
#     tap_args "$@"                 # SG, GEN (or the script's own)
#     tap_need sqlite3 python3
#     T=$(mktemp -d ...) || exit 2
#     tap_init
#
# Checks print TAP lines ("ok N - ...", "not ok N - ..." with "#"
# diagnostics); tap_done prints "1..N" and "N passed, M failed" and
# returns 1 when a check failed, so that a script ending with it exits 1.
# Set-up problems exit 2.  A script may define a helper again after
# sourcing this file when its own behaves differently.

# tap_args "$@": the two arguments of the scripts, schoolgis and
# sg-gensample, as absolute paths in SG and GEN; a usage error exits 2.
tap_args() {
    if [ $# -ne 2 ]; then
        echo "usage: $0 PATH/TO/schoolgis PATH/TO/sg-gensample" >&2
        exit 2
    fi
    SG=$(readlink -f "$1")
    GEN=$(readlink -f "$2")
}

# tap_need TOOL...: exit 2 when a tool is not found.
tap_need() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null 2>&1 ||
            { echo "$0: $tool not found" >&2; exit 2; }
    done
}

# tap_country DIR: generate a small country of 4 provinces that spans
# UTM zones 48 and 49 (12 districts, 150 wards, 700 schools, no
# applicants) into DIR and import it into $SCHOOLGIS_DB; exits 2 when
# the generator or an import fails.
tap_country() {
    "$GEN" --national --provinces 4 --districts 12 --wards 150 \
        --schools 700 --applicants 0 -q "$1" ||
        { echo "generator failed" >&2; exit 2; }
    { "$SG" init -q &&
      "$SG" import units "$1/provinces.geojson" -q &&
      "$SG" import units "$1/districts.geojson" -q &&
      "$SG" import units "$1/wards.geojson" \
          --population-field 'Dân số 2019' --year 2019 -q &&
      "$SG" import population "$1/population.csv" -q &&
      "$SG" import schools "$1/schools.csv" -q; } ||
        { echo "import failed" >&2; exit 2; }
}

# tap_python DIR: when python3 in PATH is not the interpreter itself
# but a launcher (a pyenv shim: a shell script that runs `pyenv exec`,
# ~0.5 s of CPU per call, seconds under load), put first in PATH a
# DIR/python3 that execs the interpreter the launcher chose
# (sys.executable), once resolved.  Same interpreter, same version.
tap_python() {
    local py
    py=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) ||
        return 0
    [ -n "$py" ] && [ -x "$py" ] || return 0
    [ "$(command -v python3)" = "$py" ] && return 0
    mkdir -p "$1" &&
        printf '#!/bin/sh\nexec "%s" "$@"\n' "$py" >"$1/python3" &&
        chmod +x "$1/python3" &&
        PATH="$1:$PATH"
}

# tap_init: no checks yet; $OUT and $ERR (in T) empty; python3 resolved
# once (tap_python, in T/.bin).
tap_init() {
    tap_python "$T/.bin"
    N=0
    PASS=0
    FAIL=0
    RC=0
    OUT="$T/.out"
    ERR="$T/.err"
    : >"$OUT"
    : >"$ERR"
}

# run CMD ARGS...: run a command, keep its exit code in RC, stdout in $OUT,
# stderr in $ERR.
run() {
    "$@" >"$OUT" 2>"$ERR"
    RC=$?
}

# sg ARGS...: run schoolgis.
sg() {
    run "$SG" "$@"
}

# tap_line STATUS DESCRIPTION: count one check, print its TAP line;
# returns STATUS (0 or not).
tap_line() {
    N=$((N + 1))
    if [ "$1" -eq 0 ]; then
        PASS=$((PASS + 1))
        echo "ok $N - $2"
        return 0
    fi
    FAIL=$((FAIL + 1))
    echo "not ok $N - $2"
    return 1
}

# ok DESCRIPTION COMMAND...: one check, passing when COMMAND succeeds.
# DIAG, when set, is printed as a TAP comment on failure, then cleared;
# then the exit code and stderr of the last run.
DIAG=
ok() {
    local desc=$1 st
    shift
    "$@"
    st=$?
    if ! tap_line "$st" "$desc"; then
        if [ -n "$DIAG" ]; then
            printf '%s\n' "$DIAG" | sed 's/^/#   /'
        fi
        echo "#   last command: exit $RC; stderr:"
        head -n 4 "$ERR" | sed 's/^/#     /'
    fi
    DIAG=
}

# check DESCRIPTION COMMAND...: one check of a command whose output is
# kept aside; on failure its first 20 lines are printed as TAP comments.
check() {
    local desc=$1 st
    shift
    "$@" >"$T/.check" 2>&1
    st=$?
    if ! tap_line "$st" "$desc"; then
        sed 's/^/#   /' "$T/.check" | head -n 20
    fi
}

# skip REASON: a check that was not made (counted as passed).
skip() {
    tap_line 0 "# SKIP $1"
}

# tap_done: the plan and the closing line; fails when a check failed.
tap_done() {
    echo "1..$N"
    echo "$PASS passed, $FAIL failed"
    [ "$FAIL" -eq 0 ]
}

# Small predicates for ok.
rc_is() { [ "$RC" -eq "$1" ]; }
eq() {
    [ "$1" = "$2" ] && return 0
    DIAG="expected '$2', got '$1'"
    return 1
}
# close A B REL: |A - B| <= REL * |B|.
close() {
    python3 -c 'import sys; a, b, r = map(float, sys.argv[1:4]); sys.exit(0 if abs(a - b) <= r * abs(b) else 1)' "$1" "$2" "$3" && return 0
    DIAG="$1 is not within $3 of $2"
    return 1
}
same_file() {
    cmp -s "$1" "$2" && return 0
    DIAG=$(diff "$1" "$2" 2>&1 | head -n 6)
    return 1
}
out_has() { grep -q -- "$1" "$OUT"; }
file_has() { grep -q -F -- "$2" "$1"; }

# q DB SQL: one sqlite3 query, plain output.
q() {
    sqlite3 -batch -noheader "$1" "$2" 2>>"$T/.sqlite.err"
}

HAVE_SPATIALITE=0
if [ "$(sqlite3 -batch -noheader -cmd '.load mod_spatialite' :memory: \
    'SELECT 1' 2>/dev/null)" = 1 ]; then
    HAVE_SPATIALITE=1
fi
# qs DB SQL: a query that needs SpatiaLite functions.
qs() {
    sqlite3 -batch -noheader -cmd '.load mod_spatialite' "$1" "$2" \
        2>>"$T/.sqlite.err"
}

# json_get FILE KEY: a top-level value of a JSON object.
json_get() {
    python3 -c 'import json,sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
print(d[sys.argv[2]])' "$1" "$2" 2>/dev/null
}
