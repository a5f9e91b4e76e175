/* The public map, part 4 (see map-state.js): far away (below config.detailZoom), the vector
 * tiles of /api/v1/tiles/. The server groups the cameras of each tile: a group is a marker that
 * zooms in, a camera alone in its place is a marker of its own.
 *
 * Reads the global of the vendored Leaflet (L). */
import { groupIcon, readTile, tileLatLng } from "./icons.js";
import { showCameras } from "./map-cameras.js";
import { listStatus, showListZoom } from "./map-list.js";
import { clamp, config, filterParams, groupLayer, isLatest, map, mapElement, text } from "./map-state.js";
import { formatNumber, interpolate, ngettext } from "./util.js";

let tileCache = {}, tileCacheSize = 0;

function fetchTile(url) {
  if (!tileCache[url]) {
    if (tileCacheSize > 400) { tileCache = {}; tileCacheSize = 0; }
    tileCacheSize++;
    tileCache[url] = fetch(url).then((response) => {
      if (!response.ok) throw new Error(response.status);
      return response.arrayBuffer();
    }).then(readTile);
    tileCache[url].catch(() => { delete tileCache[url]; });
  }
  return tileCache[url];
}

// The filters changed: the tiles fetched so far are of the old ones.
export function clearTiles() { tileCache = {}; }

// A tile of /api/v1/tiles/ with the filters set: a promise of its points (icons.js readTile).
function liveTile(z, x, y) {
  const query = filterParams().toString();
  return fetchTile(config.urls.tiles.replace("{z}", z).replace("{x}", x).replace("{y}", y) + (query ? "?" + query : ""));
}

// ``tileSource(z, x, y)``: where the tiles come from (map-pmtiles.js reads them from a file).
export function loadGroups(refresh, tileSource = liveTile) {
  const z = map.getZoom(), n = Math.pow(2, z), pixels = map.getPixelBounds();
  const x0 = clamp(Math.floor(pixels.min.x / 256), 0, n - 1), x1 = clamp(Math.floor(pixels.max.x / 256), 0, n - 1);
  const y0 = clamp(Math.floor(pixels.min.y / 256), 0, n - 1), y1 = clamp(Math.floor(pixels.max.y / 256), 0, n - 1);
  const requests = [];
  for (let x = x0; x <= x1; x++) {
    for (let y = y0; y <= y1; y++) {
      requests.push(tileSource(z, x, y).then((points) => ({ x: x, y: y, points: points })));
    }
  }
  showListZoom();
  Promise.all(requests).then((tiles) => {
    if (!isLatest(refresh)) return;
    groupLayer.clearLayers();
    const singles = [];
    tiles.forEach((tile) => {
      tile.points.forEach((point) => {
        const latlng = tileLatLng(z, tile.x, tile.y, point.x, point.y), props = point.properties;
        if (props.count > 1) {
          const title = interpolate(ngettext("%(count)s camera here, %(verified)s of them verified by volunteers; zoom in",
            "%(count)s cameras here, %(verified)s of them verified by volunteers; zoom in", props.count),
          { count: formatNumber(props.count), verified: formatNumber(props.verified_count || 0) }, true);
          const group = L.marker(latlng, { icon: groupIcon(props.count, props.verified_count), title: title });
          const zoomToGroup = () => {
            // The group's marker goes once the map zooms: keep the keyboard focus in the map.
            if (document.activeElement === group.getElement()) mapElement.focus({ preventScroll: true });
            map.setView(latlng, Math.min(z + 2, config.detailZoom));
          };
          group.on("click", zoomToGroup);
          // Leaflet answers Enter only on markers with a popup; a group zooms in on it too.
          group.on("keypress", (event) => { if (event.originalEvent.key === "Enter") zoomToGroup(); });
          group.addTo(groupLayer);
        } else if (props.id !== undefined) {
          singles.push({ id: props.id, latlng: latlng, props: props, fetchPopup: true });
        }
      });
    });
    showCameras(singles);
    mapElement.setAttribute("data-drawn-zoom", String(z));  // what is drawn is this zoom's (for tests)
  }).catch(() => { if (isLatest(refresh)) listStatus.textContent = text.loadFailed; });
}
