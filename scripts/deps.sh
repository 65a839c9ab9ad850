#!/usr/bin/env bash
# Install what schoolgis needs to build, test and run, from Debian 12
# packages, when something is missing.  Used by demo.sh and test.sh.
# PostgreSQL + PostGIS are for tests/cli/test_postgis.sh, which starts
# its own throwaway cluster (the server is not needed to run schoolgis).
set -euo pipefail

pkgs=(build-essential cmake pkg-config
      libgdal-dev libproj-dev libgeos-dev libspatialite-dev
      libsqlite3-dev libpng-dev libcmocka-dev zlib1g-dev libunistring-dev libssl-dev libjson-c-dev
      gdal-bin sqlite3 libsqlite3-mod-spatialite python3
      chromium poppler-utils libjs-leaflet
      postgresql postgresql-15-postgis-3 postgresql-client
      libfreetype-dev fonts-dejavu-core gettext postgresql-15-pgrouting
      help2man clang libclang-rt-14-dev clang-format)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: installing ${missing[*]}" >&2
	sudo=""
	[ "$(id -u)" -ne 0 ] && sudo="sudo"
	$sudo apt-get update -q
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
		--no-install-recommends "${missing[@]}"
fi
