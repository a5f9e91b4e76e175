#!/usr/bin/env bash
# Vendors the map's JavaScript libraries from the npm registry at pinned versions, with their
# licences, into static/vendor/<name>/. The results are committed: the site never loads code
# from a CDN, and `make run` needs no npm. Re-run after changing a version below; check the
# diff. Leaflet itself comes from django-leaflet's static files (leaflet/leaflet.js).
# (static/vendor/exifr is vendored by the capture page's own script.)
set -euo pipefail
cd "$(dirname "$0")"

# name  version  files to keep (from the package's folder; "path:name" keeps it under another name)
vendor() {
  local name=$1 version=$2; shift 2
  local work
  work=$(mktemp -d)
  (cd "$work" && npm pack --silent "$name@$version" >/dev/null && tar -xzf ./*.tgz)
  rm -rf "./$name"
  mkdir -p "./$name"
  for file in "$@"; do
    if [[ $file == *:* ]]; then cp "$work/package/${file%%:*}" "./$name/${file#*:}"; else cp "$work/package/$file" "./$name/"; fi
  done
  printf '%s@%s from the npm registry (npm pack), integrity %s\n' "$name" "$version" \
    "$(npm view "$name@$version" dist.integrity)" > "./$name/VERSION"
  rm -rf "$work"
}

# pbf: Protocol Buffers reader, used by cameramap/icons.js to read the vector tiles of the map (BSD-3-Clause).
vendor pbf 3.3.0 dist/pbf.js LICENSE

# libheif-js: libheif and its HEVC decoder libde265 compiled to plain JavaScript by Emscripten
# (LGPL-3.0; the build without WebAssembly, so the site's script-src 'self' needs no
# 'wasm-unsafe-eval'), used by cameramap/heic-worker.js to preview HEIC/HEIF photos in browsers
# that cannot draw them. LICENSE is libheif's, LICENSE.libheif-js the package's.
vendor libheif-js 1.23.2 libheif/libheif.js libheif/LICENSE LICENSE:LICENSE.libheif-js
