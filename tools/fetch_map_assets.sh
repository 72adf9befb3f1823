#!/usr/bin/env bash
# Fetch Leaflet (the map library) from the npm registry into resources/map/leaflet/.
# Third-party code is fetched at install time, never committed. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${IOC_LEAFLET_DIR:-resources/map/leaflet}"
version="1.9.4"   # folium 0.20 targets Leaflet 1.9.x
if [ -f "$target/leaflet.js" ] && [ -f "$target/leaflet.css" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "fetch_map_assets: npm is not installed; map tiles will say that their assets are missing" >&2
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "leaflet@$version" >/dev/null && tar xzf "leaflet-$version.tgz")
mkdir -p "$target"
cp -r "$work/package/dist/leaflet.js" "$work/package/dist/leaflet.css" "$work/package/dist/images" "$target/"
cp "$work/package/LICENSE" "$target/LICENSE" 2>/dev/null || true
echo "fetch_map_assets: Leaflet $version in $target"
