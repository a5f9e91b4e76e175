/* The public map, drawn from a file (MAP_TILES=pmtiles; see map-state.js for the other parts):
 * the cameras come from the latest release's cameras.pmtiles, read by HTTP range requests with
 * the vendored PMTiles reader (static/vendor/pmtiles, the global ``pmtiles``), so a reader of the
 * map asks the server for no tile. The tiles are the live ones (same layer, groups, properties):
 *   far away (below config.detailZoom)  the file's groups at the map's zoom, drawn by
 *                                       map-groups.js as it draws live tiles;
 *   close up                            the file's single cameras (zoom config.pmtiles.singlesZoom,
 *                                       over-zoomed further in) as markers with their wedges, and
 *                                       listed beside the map (the file has no operator's name).
 * The file holds every published camera and no filter: with a filter or a district chosen (or
 * when the file cannot be read), fileServes() is false and map.js draws live tiles as it does by
 * default. The page says so
 * (web/_map_source.html); #map-source-now says which it is at the moment.
 *
 * Reads the globals of the vendored Leaflet (L) and PMTiles reader (pmtiles). */
import { readTile, tileLatLng } from "./icons.js";
import { showCameras } from "./map-cameras.js";
import { loadGroups } from "./map-groups.js";
import { listStatus, showList } from "./map-list.js";
import { clamp, config, filterParams, groupLayer, isLatest, map, mapElement, text } from "./map-state.js";
import { gettext } from "./util.js";

const source = config.pmtiles;
const archive = source && typeof pmtiles !== "undefined" ? new pmtiles.PMTiles(source.url) : null;
// A file that cannot be read (gone, or a server without range requests) leaves the map live:
// the next refresh (a "moveend" is what map.js refreshes on) asks the live endpoints.
let unreadable = false;
if (archive !== null) archive.getHeader().catch(() => { unreadable = true; map.fire("moveend"); });
const nowOut = document.getElementById("map-source-now");
const nowText = {
  file: gettext("Now: from the release file."),
  live: gettext("Now: live from the server, for the filters chosen.")
};

let tiles = new Map();  // "z/x/y" → a promise of the tile's points
function fileTile(z, x, y) {
  const key = z + "/" + x + "/" + y;
  if (!tiles.has(key)) {
    if (tiles.size > 800) tiles = new Map();
    // The reader answers undefined for a tile the file does not hold: no camera there.
    const points = archive.getZxy(z, x, y).then((tile) => (tile && tile.data.byteLength ? readTile(tile.data) : []));
    points.catch(() => { tiles.delete(key); });
    tiles.set(key, points);
  }
  return tiles.get(key);
}

// Does the file answer the map as it is now? Not with a filter (nor a district), and not close up
// when the file holds no single cameras.
export function fileServes() {
  const served = archive !== null && !unreadable && filterParams().toString() === "" &&
    (map.getZoom() < config.detailZoom || source.singlesZoom !== null);
  if (archive !== null) {
    mapElement.setAttribute("data-tiles", served ? "file" : "live");
    if (nowOut) nowOut.textContent = served ? nowText.file : nowText.live;
  }
  return served;
}

export function loadFromFile(refresh) {
  if (map.getZoom() < config.detailZoom) loadGroups(refresh, fileTile);
  else loadSingles(refresh);
}

// The tiles of zoom z that cover the view (whatever the map's own zoom).
function tilesInView(z) {
  const bounds = map.getBounds(), n = Math.pow(2, z);
  const nw = map.project(bounds.getNorthWest(), z), se = map.project(bounds.getSouthEast(), z);
  const result = [];
  for (let x = clamp(Math.floor(nw.x / 256), 0, n - 1); x <= clamp(Math.floor(se.x / 256), 0, n - 1); x++) {
    for (let y = clamp(Math.floor(nw.y / 256), 0, n - 1); y <= clamp(Math.floor(se.y / 256), 0, n - 1); y++) {
      result.push({ x: x, y: y });
    }
  }
  return result;
}

// Close up: every camera of the file in view, at most config.maxFeatures of them (as the live
// list), on the map and in the list.
function loadSingles(refresh) {
  const z = source.singlesZoom, drawnZoom = map.getZoom();
  listStatus.textContent = text.loading;
  Promise.all(tilesInView(z).map((tile) => fileTile(z, tile.x, tile.y).then((points) => ({ tile: tile, points: points }))))
    .then((results) => {
      if (!isLatest(refresh)) return;
      groupLayer.clearLayers();
      const bounds = map.getBounds(), cameras = [];
      results.forEach((result) => {
        result.points.forEach((point) => {
          const latlng = tileLatLng(z, result.tile.x, result.tile.y, point.x, point.y);
          if (point.properties.id !== undefined && bounds.contains(latlng)) {
            cameras.push({ id: point.properties.id, latlng: latlng, props: point.properties, fetchPopup: true });
          }
        });
      });
      cameras.sort((a, b) => a.id - b.id);  // the API's order
      const shown = cameras.slice(0, config.maxFeatures);
      showCameras(shown);
      showList(shown.map((camera) => ({ id: camera.id, properties: camera.props })), cameras.length);
      mapElement.setAttribute("data-drawn-zoom", String(drawnZoom));
    }).catch(() => { if (isLatest(refresh)) listStatus.textContent = text.loadFailed; });
}
