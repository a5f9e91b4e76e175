/* The public map's layer "where nobody has looked yet", for volunteers planning a walk: from
 * zoom MIN_ZOOM on, the walkable streets in view (GET /api/v1/coverage/streets/?bbox=…) coloured
 * by when someone last looked along them — never, not for N months, recently. Only days whose
 * publication delay has passed are in the answer (docs/coverage.md). The layer draws under the
 * cameras; its checkbox and legend are coverage/_map_layer.html. The embed has neither: then this
 * module does nothing.
 *
 * Reads the global of the vendored Leaflet (L). */
import { map } from "./map-state.js";
import { gettext, interpolate } from "./util.js";

const MIN_ZOOM = 15;
const STYLES = {
  never: { color: "#c2185b", weight: 5, opacity: 0.85 },
  stale: { color: "#f57c00", weight: 4, opacity: 0.8 },
  recent: { color: "#2e7d32", weight: 2, opacity: 0.5 },
};

const box = document.getElementById("coverage");
const holder = document.getElementById("coverage-layer");
const statusLine = document.getElementById("coverage-status");
const legend = document.getElementById("coverage-legend");
const layer = L.layerGroup();
let latest = 0;

function bboxOf(bounds) {
  return [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()].map((n) => n.toFixed(6)).join(",");
}

async function draw() {
  layer.clearLayers();
  legend.hidden = !box.checked;
  if (!box.checked) { statusLine.textContent = ""; map.removeLayer(layer); return; }
  layer.addTo(map);
  if (map.getZoom() < MIN_ZOOM) { statusLine.textContent = gettext("Zoom in to see which streets nobody has looked at."); return; }
  const number = ++latest;
  statusLine.textContent = gettext("Loading the streets…");
  try {
    const url = holder.dataset.streets + "?bbox=" + bboxOf(map.getBounds()) + "&months=" + holder.dataset.months;
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(String(response.status));
    const body = await response.json();
    if (number !== latest || !box.checked) return;
    let never = 0;
    body.features.forEach((feature) => {
      const state = feature.properties.state;
      never += state === "never" ? 1 : 0;
      const line = L.geoJSON(feature, { style: STYLES[state] || STYLES.never, interactive: false });
      line.addTo(layer);
      line.bringToBack();
    });
    statusLine.textContent = interpolate(gettext("%(never)s of %(all)s streets in view: nobody has looked yet."),
      { never: never, all: body.features.length }, true);
    statusLine.dataset.never = String(never);
  } catch (error) {
    if (number === latest) statusLine.textContent = gettext("The streets could not be loaded right now.");
  }
}

if (box && holder) {
  box.addEventListener("change", draw);
  map.on("moveend", () => { if (box.checked) draw(); });
}
