#!/usr/bin/env bash
# `cmake --install` into a temporary prefix, then a small C program
# (tests/install/consumer.c) is built against the installed library twice,
# with pkg-config and with find_package(schoolgis), and run.  Also checks
# that the man pages, the LICENSE and the version file are installed.
# Usage: test_install.sh BUILD_DIR SOURCE_DIR C_COMPILER [SANITIZERS]
set -euo pipefail
build=$1 src=$2 cc=$3 san=${4:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" ||
	{ cat "$tmp/install.log" >&2; fail "cmake --install"; }

# What must be there (the libdir is lib or lib/<multiarch>).
pc=$(find "$prefix" -name schoolgis.pc)
[ -n "$pc" ] || fail "no schoolgis.pc installed"
libdir=$(dirname "$(dirname "$pc")")
for f in "$libdir/libschoolgis.so" "$libdir/cmake/schoolgis/schoolgisConfig.cmake" \
	"$libdir/cmake/schoolgis/schoolgisConfigVersion.cmake" \
	"$libdir/cmake/schoolgis/schoolgisTargets.cmake" \
	"$prefix/include/schoolgis/schoolgis.h" "$prefix/bin/schoolgis" \
	"$prefix/share/doc/schoolgis/LICENSE" \
	"$prefix/share/man/man1/schoolgis.1" \
	"$prefix/share/man/man1/schoolgis-import.1" \
	"$prefix/share/man/man1/schoolgis-catchments.1"; do
	[ -e "$f" ] || fail "not installed: ${f#"$prefix"/}"
done
grep -q 'MIT License' "$prefix/share/doc/schoolgis/LICENSE" || fail "LICENSE"
# Every command of `schoolgis --help` has its page, made from its --help.
cmds=$("$prefix/bin/schoolgis" --help | sed -n '/^Commands:/,/^$/p' |
	awk 'NR > 1 && NF { print $1 }')
[ "$(echo "$cmds" | wc -w)" -ge 10 ] || fail "commands listed: $cmds"
for c in $cmds; do
	page=$prefix/share/man/man1/schoolgis-$c.1
	[ -s "$page" ] || fail "no man page for $c"
	grep -q '^\.TH' "$page" || fail "$page: no .TH"
	# The first option named in the command's --help is in its page.
	opt=$(LC_ALL=C "$prefix/bin/schoolgis" "$c" --help 2>&1 |
		grep -o -- '--[a-z][a-z-]*' | grep -v -- '--help' | head -1 || true)
	if [ -n "$opt" ]; then
		grep -q -- "${opt//-/\\\\-}" "$page" || grep -q -- "$opt" "$page" ||
			fail "$page lacks $opt from '$c --help'"
	fi
done
grep -q 'catchments' "$prefix/share/man/man1/schoolgis.1" ||
	fail "schoolgis.1 lacks the command list"

flags=()
if [ -n "$san" ]; then
	flags=(-fsanitize="$san")
fi

# 1. pkg-config.
export PKG_CONFIG_PATH=$libdir/pkgconfig
ver=$(pkg-config --modversion schoolgis)
[ "$ver" = "$(sed -n 's/^project(schoolgis VERSION \([0-9.]*\).*/\1/p' \
	"$src/CMakeLists.txt")" ] || fail "pkg-config version $ver"
# shellcheck disable=SC2046
"$cc" -std=c11 -Wall -Wextra -Werror "${flags[@]}" \
	"$src/tests/install/consumer.c" -o "$tmp/consumer-pc" \
	$(pkg-config --cflags --libs schoolgis) \
	-Wl,-rpath,"$(pkg-config --variable=libdir schoolgis)"
"$tmp/consumer-pc" "$tmp/a.sqlite"
[ -s "$tmp/a.sqlite" ] || fail "pkg-config program made no store"

# 2. find_package(schoolgis).
CFLAGS="${flags[*]:-}" LDFLAGS="${flags[*]:-}" cmake \
	-S "$src/tests/install/cmake_consumer" -B "$tmp/cb" \
	-DCMAKE_C_COMPILER="$cc" -DCMAKE_PREFIX_PATH="$prefix" \
	-DCMAKE_BUILD_TYPE=Release >"$tmp/cb.log" 2>&1 ||
	{ cat "$tmp/cb.log" >&2; fail "find_package configure"; }
cmake --build "$tmp/cb" >>"$tmp/cb.log" 2>&1 ||
	{ cat "$tmp/cb.log" >&2; fail "find_package build"; }
"$tmp/cb/consumer" "$tmp/b.sqlite"
[ -s "$tmp/b.sqlite" ] || fail "find_package program made no store"
# A version the package does not promise is refused.
sed 's/schoolgis 0.1/schoolgis 9.0/' \
	"$src/tests/install/cmake_consumer/CMakeLists.txt" >"$tmp/v9.txt"
mkdir "$tmp/v9" && cp "$tmp/v9.txt" "$tmp/v9/CMakeLists.txt"
cp "$src/tests/install/consumer.c" "$tmp/consumer.c"
if cmake -S "$tmp/v9" -B "$tmp/v9b" -DCMAKE_PREFIX_PATH="$prefix" \
	>"$tmp/v9.log" 2>&1; then
	fail "find_package(schoolgis 9.0) accepted version $ver"
fi
echo "install: pkg-config and find_package programs built and ran ($ver)"
