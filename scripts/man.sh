#!/usr/bin/env bash
# Generate the man pages of the CLI from its --help, with help2man
# (Debian: help2man): schoolgis.1 and one schoolgis-COMMAND.1 per command
# listed by `schoolgis --help`.  The build runs it (target sg_man) and
# `cmake --install` installs the pages under share/man/man1.
# Usage: scripts/man.sh SCHOOLGIS_BINARY OUT_DIR VERSION
set -euo pipefail
bin=$(realpath "$1") out=$2 ver=$3
command -v help2man >/dev/null || { echo "man.sh: help2man not found (scripts/deps.sh installs it)" >&2; exit 1; }
export LC_ALL=C.UTF-8 LANGUAGE=   # English pages, UTF-8 text (Vietnamese names)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

# The command table of `schoolgis --help`: "  NAME  summary".
"$bin" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF' >"$tmp/cmds"
[ -s "$tmp/cmds" ] || { echo "man.sh: no command list in '$bin --help'" >&2; exit 1; }

seealso=$(awk '{ printf "%s.BR schoolgis\\-%s (1)", (NR > 1 ? ",\n" : ""), $1 }' "$tmp/cmds")
printf '[SEE ALSO]\n%s\n' "$seealso" >"$tmp/main.h2m"
# The command table goes in a COMMANDS section of its own (help2man
# reads "  NAME  summary" rows as running text); the wrapper drops it
# from the --help it shows help2man.
{
	echo '[COMMANDS]'
	while read -r name summary; do
		printf '.TP\n.B %s\n%s\n' "$name" "$summary"
	done <"$tmp/cmds"
} >>"$tmp/main.h2m"
cat >"$tmp/schoolgis" <<EOS
#!/bin/sh
[ "\$1" = --help ] || exec "$bin" "\$@"
"$bin" --help | awk '/^Commands:/ { c = 1; next } c && NF == 0 { c = 0; next } !c'
EOS
chmod +x "$tmp/schoolgis"
help2man --locale=C.UTF-8 --no-info --version-string="$ver" \
	--name="plan a school network: import, check, statistics, catchments, admissions, tiles, reports" \
	--include="$tmp/main.h2m" -o "$tmp/schoolgis.1" "$tmp/schoolgis"
mv "$tmp/schoolgis.1" "$out/schoolgis.1"

while read -r name summary; do
	# help2man runs PROGRAM --help: a wrapper named schoolgis-NAME.
	w=$tmp/schoolgis-$name
	printf '#!/bin/sh\nexec "%s" %s "$@"\n' "$bin" "$name" >"$w"
	chmod +x "$w"
	printf '[SEE ALSO]\n.BR schoolgis (1)\n' >"$tmp/sub.h2m"
	help2man --locale=C.UTF-8 --no-info --no-discard-stderr --version-string="$ver" \
		--name="$summary" --include="$tmp/sub.h2m" \
		-o "$tmp/page.1" "$w"
	mv "$tmp/page.1" "$out/schoolgis-$name.1"
done <"$tmp/cmds"
