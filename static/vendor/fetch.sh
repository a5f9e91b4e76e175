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

pmtiles_licence() {
  cat > ./pmtiles/LICENSE <<'LICENCE'
The below license (BSD-3) applies to the reference implementations in this repository.

The PMTiles specification itself is public domain, or CC0 where applicable.

Sample tilesets available in this repository are subject to their own license terms.

---

Copyright 2021 Protomaps LLC

Redistribution and use in source and binary forms, with or without modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright notice, this list of conditions and the following disclaimer in the documentation and/or other materials provided with the distribution.

3. Neither the name of the copyright holder nor the names of its contributors may be used to endorse or promote products derived from this software without specific prior written permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
LICENCE
}

# pbf: Protocol Buffers reader, used by cameramap/icons.js to read the vector tiles of the map (BSD-3-Clause).
vendor pbf 3.3.0 dist/pbf.js LICENSE

# pmtiles: the reader of PMTiles archives (BSD-3-Clause), used by cameramap/map-pmtiles.js to read
# the map's tiles from a release's cameras.pmtiles by HTTP range requests; the map draws them
# with its own markers. Its browser bundle includes fflate (MIT) for browsers without
# DecompressionStream. The npm package ships no licence file: LICENSE is the one of its source
# repository (protomaps/PMTiles), LICENSE.fflate comes from fflate's own package.
vendor pmtiles 4.5.0 dist/pmtiles.js
pmtiles_licence
fflate_work=$(mktemp -d)
(cd "$fflate_work" && npm pack --silent fflate@0.8.2 >/dev/null && tar -xzf ./*.tgz)
cp "$fflate_work/package/LICENSE" ./pmtiles/LICENSE.fflate
rm -rf "$fflate_work"

# libheif-js: libheif and its HEVC decoder libde265 compiled to plain JavaScript by Emscripten
# (LGPL-3.0; the build without WebAssembly, so the site's script-src 'self' needs no
# 'wasm-unsafe-eval'), used by cameramap/heic-worker.js to preview HEIC/HEIF photos in browsers
# that cannot draw them. LICENSE is libheif's, LICENSE.libheif-js the package's.
vendor libheif-js 1.23.2 libheif/libheif.js libheif/LICENSE LICENSE:LICENSE.libheif-js
