/* The public map, part 6 (see map-state.js): the streets in view. Close up (from
 * config.streetsZoom on), the vector tiles of /api/v1/tiles/streets/ colour each walkable
 * street's parts: thick red where at least one camera's field of view reaches it, thin blue where
 * none does. A checkbox turns the layer off (and ?streets=0 keeps it off in the address); its
 * legend says what the colours mean and that the figure is a model (docs/exposure.md).
 *
 * Reads the global of the vendored Leaflet (L); the page without the checkbox (the embed) has
 * no streets layer. */
import { readLayers } from "./icons.js";
import { clamp, config, map } from "./map-state.js";
import { gettext } from "./util.js";

const box = document.getElementById("streets");
const status = document.getElementById("streets-status");
const legend = document.getElementById("streets-legend");
const STYLE = {
  true: { className: "street street-in-view", color: "#b3261e", weight: 5, opacity: 0.9 },
  false: { className: "street street-out-of-view", color: "#2c6fbb", weight: 3, opacity: 0.75 }
};

let layer = null, tiles = {}, latest = 0;

// MVT line geometry: MoveTo(1) starts a line, LineTo(2) extends it; deltas are zigzag-encoded.
function decodeLines(commands, extent) {
  const lines = [];
  let x = 0, y = 0, i = 0, line = null;
  while (i < commands.length) {
    const command = commands[i] & 7, count = commands[i] >> 3;
    i++;
    if (command === 7) continue;
    for (let n = 0; n < count; n++) {
      x += (commands[i] >> 1) ^ -(commands[i] & 1);
      y += (commands[i + 1] >> 1) ^ -(commands[i + 1] & 1);
      i += 2;
      if (command === 1) { line = []; lines.push(line); }
      line.push([x / extent, y / extent]);
    }
  }
  return lines.filter((l) => l.length > 1);
}

function latLng(z, tx, ty, fx, fy) {
  const n = Math.pow(2, z);
  const lat = Math.atan(Math.sinh(Math.PI * (1 - 2 * (ty + fy) / n))) * 180 / Math.PI;
  return [lat, (tx + fx) / n * 360 - 180];
}

// [{inView, share, latlngs}] of the tile's "streets" layer.
function readStreets(buffer, z, tx, ty) {
  const parts = [];
  readLayers(buffer).filter((l) => l.name === "streets").forEach((l) => {
    l.features.forEach((feature) => {
      const props = {};
      for (let i = 0; i + 1 < feature.tags.length; i += 2) props[l.keys[feature.tags[i]]] = l.values[feature.tags[i + 1]];
      decodeLines(feature.geometry, l.extent).forEach((line) => {
        parts.push({ inView: props.in_view === true, latlngs: line.map(([fx, fy]) => latLng(z, tx, ty, fx, fy)) });
      });
    });
  });
  return parts;
}

function fetchTile(z, x, y) {
  const url = config.urls.streetTiles.replace("{z}", z).replace("{x}", x).replace("{y}", y);
  if (!tiles[url]) {
    if (Object.keys(tiles).length > 200) tiles = {};
    tiles[url] = fetch(url).then((response) => {
      if (!response.ok) throw new Error(response.status);
      return response.arrayBuffer();
    }).then((buffer) => readStreets(buffer, z, x, y));
    tiles[url].catch(() => { delete tiles[url]; });
  }
  return tiles[url];
}

function keepInAddress() {
  const params = new URLSearchParams(window.location.search);
  if (box.checked) params.delete("streets"); else params.set("streets", "0");
  history.replaceState(null, "", window.location.pathname + "?" + params.toString());
}

function draw() {
  const number = ++latest, z = map.getZoom();
  if (layer) layer.clearLayers();
  legend.hidden = !box.checked;
  if (!box.checked) { status.textContent = ""; return; }
  if (z < config.streetsZoom) { status.textContent = gettext("Zoom in to see which streets are in view."); return; }
  const n = Math.pow(2, z), pixels = map.getPixelBounds(), requests = [];
  const x0 = clamp(Math.floor(pixels.min.x / 256), 0, n - 1), x1 = clamp(Math.floor(pixels.max.x / 256), 0, n - 1);
  const y0 = clamp(Math.floor(pixels.min.y / 256), 0, n - 1), y1 = clamp(Math.floor(pixels.max.y / 256), 0, n - 1);
  for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) requests.push(fetchTile(z, x, y));
  Promise.all(requests).then((all) => {
    if (number !== latest) return;
    if (!layer) layer = L.layerGroup().addTo(map);
    layer.clearLayers();
    let drawn = 0;
    all.forEach((parts) => parts.forEach((part) => {
      L.polyline(part.latlngs, { ...STYLE[part.inView], pane: "streets", interactive: false }).addTo(layer);
      drawn++;
    }));
    status.textContent = drawn ? "" : gettext("No street data here yet.");
    map.getContainer().setAttribute("data-streets-zoom", String(z));  // what is drawn is this zoom's (for tests)
  }).catch(() => { if (number === latest) status.textContent = gettext("The streets in view could not be loaded."); });
}

if (box && config.urls.streetTiles) {
  // Above the base map, the density layer and the cones (translucent areas), below the markers.
  map.createPane("streets").style.zIndex = 410;
  box.checked = new URLSearchParams(window.location.search).get("streets") !== "0";
  box.addEventListener("change", () => { keepInAddress(); draw(); });
  window.addEventListener("cameramap:view", () => { if (!box.checked) keepInAddress(); });
  map.on("moveend", draw);
  draw();
}
