#!/usr/bin/env bash
# Refresh the message catalogue: extract the CLI's and the library's
# messages (scripts/po-extract.sh) into po/schoolgis.pot and merge it
# into po/vi.po (msgmerge).  Then translate the new or fuzzy entries of
# po/vi.po; tests/cli/test_po.sh fails while one is missing.
# Needs Debian's gettext.  Usage: scripts/po-update.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/po-extract.sh po/schoolgis.pot
if [ -f po/vi.po ]; then
	msgmerge --quiet --update --backup=none --no-fuzzy-matching \
		po/vi.po po/schoolgis.pot
else
	msginit --no-translator --locale=vi_VN.UTF-8 -i po/schoolgis.pot \
		-o po/vi.po
fi
msgfmt --check --statistics -o /dev/null po/vi.po
