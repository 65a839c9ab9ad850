#!/usr/bin/env bash
# Extract every message people can see into a .pot file: the CLI's
# _("...") and N_("...") (cli/*.c, every --help included) and the
# library's messages: the formats of sg_error__set, sg_error__set_last
# and sg_ctx__warn, and the texts marked sg__tr("...") or SG_N_("...")
# (engine/, layers/, ops/, report/, tiles/, util/).  One domain, "schoolgis":
# the CLI and the library share po/vi.po.  An import's reasons are not
# here: layers/reasons.c has them in both languages (the report writes
# them in its own language, whatever the messages' language is).
#
# A file's string macros (#define WHAT "roads") written before a literal
# (WHAT ": %s: ...") are put in first, on a copy, so that the message
# extracted is the format the program looks up ("roads: %s: ...").
# Usage: scripts/po-extract.sh OUT.pot [SOURCE_DIR]
set -euo pipefail
out=$(readlink -f "$1")
src=$(readlink -f "${2:-$(dirname "$0")/..}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src"
files=()
for d in cli engine layers ops report tiles util; do
	[ -d "$d" ] || continue
	for f in "$d"/*.c; do
		[ -e "$f" ] || continue
		files+=("$f")
		mkdir -p "$tmp/$d"
		perl -0777 -pe '
			my %m;
			while (/^#define\s+([A-Z_][A-Z0-9_]*)\s+("(?:[^"\\\n]|\\.)*")\s*$/mg) {
				$m{$1} = $2;
			}
			for my $k (keys %m) {
				s/\b\Q$k\E(?=\s*")/$m{$k}/g;
			}' "$f" >"$tmp/$f"
	done
done
cd "$tmp"
xgettext --from-code=UTF-8 --add-comments \
	--keyword=_ --keyword=N_ --keyword=sg__tr --keyword=SG_N_ \
	--keyword=sg_error__set:3 --keyword=sg_error__set_last:2 \
	--keyword=sg_ctx__warn:2 --keyword=sg_ctx__progress:2 \
	--flag=sg_error__set:3:c-format --flag=sg_error__set_last:2:c-format \
	--flag=sg_ctx__warn:2:c-format \
	--package-name=schoolgis --msgid-bugs-address= \
	-o "$out" "${files[@]}"
