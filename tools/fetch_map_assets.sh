#!/usr/bin/env bash
# Fetch Leaflet (the map library) from the npm registry into resources/map/leaflet/
# (or $IOC_LEAFLET_DIR). Third-party code is fetched at install time, never committed.
#
# Idempotent: does nothing when leaflet.js and leaflet.css are already there. Never fails the
# install: without npm or network it warns and exits 0, and the map tile then says
# "map assets missing: run tools/fetch_map_assets.sh" instead of showing a blank page.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)

version="1.9.4"   # folium 0.20 targets Leaflet 1.9.x; npm already has 2.0 alphas
# a relative IOC_LEAFLET_DIR means the same folder here as for the console: from the caller's cwd
target=$(realpath -m "${IOC_LEAFLET_DIR:-$repo/resources/map/leaflet}")

if [ -f "$target/leaflet.js" ] && [ -f "$target/leaflet.css" ] && [ -d "$target/images" ]; then
  echo "fetch_map_assets: Leaflet already in $target"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "fetch_map_assets: WARNING: npm is not installed, so Leaflet was not fetched." >&2
  echo "fetch_map_assets: map tiles will show 'map assets missing' until you install npm" >&2
  echo "fetch_map_assets: (apt-get install npm) and run tools/fetch_map_assets.sh again." >&2
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! (cd "$work" && npm pack --silent "leaflet@$version" >/dev/null 2>npm.log \
      && tar xzf "leaflet-$version.tgz"); then
  echo "fetch_map_assets: WARNING: 'npm pack leaflet@$version' failed (offline?):" >&2
  sed 's/^/  /' "$work/npm.log" >&2 || true
  echo "fetch_map_assets: map tiles will show 'map assets missing'; run this script again." >&2
  exit 0
fi

# assemble next to the target, then rename: an interrupted run never leaves half a Leaflet
# that the check above would take for a complete one
parent=$(dirname "$target")
mkdir -p "$parent"
staging=$(mktemp -d "$parent/.leaflet.XXXXXX")
trap 'rm -rf "$work" "$staging"' EXIT
cp -r "$work/package/dist/leaflet.js" "$work/package/dist/leaflet.css" \
      "$work/package/dist/images" "$staging/"
cp "$work/package/LICENSE" "$staging/LICENSE"
chmod 755 "$staging"
rm -rf "$target"
mv "$staging" "$target"
echo "fetch_map_assets: Leaflet $version in $target"
