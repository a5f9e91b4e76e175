#!/usr/bin/env bash
# Vendors the map's JavaScript libraries from the npm registry at pinned versions, with their
# licences, into static/vendor/<name>/. The results are committed: the site never loads code
# from a CDN, and `make run` needs no npm. Re-run after changing a version below; check the
# diff. Leaflet itself comes from django-leaflet's static files (leaflet/leaflet.js).
# (static/vendor/exifr is vendored by the capture page's own script.)
set -euo pipefail
cd "$(dirname "$0")"

# name  version  files to keep (from the package's folder)
vendor() {
  local name=$1 version=$2; shift 2
  local work
  work=$(mktemp -d)
  (cd "$work" && npm pack --silent "$name@$version" >/dev/null && tar -xzf ./*.tgz)
  rm -rf "./$name"
  mkdir -p "./$name"
  for file in "$@"; do
    cp "$work/package/$file" "./$name/"
  done
  printf '%s@%s from the npm registry (npm pack), integrity %s\n' "$name" "$version" \
    "$(npm view "$name@$version" dist.integrity)" > "./$name/VERSION"
  rm -rf "$work"
}

# pbf: Protocol Buffers reader, used by cameramap/icons.js to read the vector tiles of the map (BSD-3-Clause).
vendor pbf 3.3.0 dist/pbf.js LICENSE
