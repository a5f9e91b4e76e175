/* /route/'s map: the start and end markers and the two routes drawn (route.js decides when).
 * Reads the global of the vendored Leaflet (L). */
import { pageData } from "./util.js";

export const config = pageData("route-config");
const COLOURS = { shortest: "#5f6368", least_watched: "#1b5e20" };

export const map = L.map("route-map", { keyboard: true, zoomControl: true });
L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
if (config.bounds) map.fitBounds(config.bounds);
else map.setView(config.center, config.zoom);

const markers = {};
const lines = L.layerGroup().addTo(map);

function markerIcon(which) {
  return L.divIcon({ className: "route-marker route-marker-" + which, html: which === "start" ? "A" : "B",
    iconSize: [28, 28], iconAnchor: [14, 14] });
}

// Put the start or end marker at [lat, lng] (or take it away with null).
export function placeMarker(which, latlng, title) {
  if (markers[which]) { map.removeLayer(markers[which]); delete markers[which]; }
  if (!latlng) return;
  markers[which] = L.marker(latlng, { icon: markerIcon(which), title, keyboard: false }).addTo(map);
}

// Draw the routes of a FeatureCollection from the API: the shortest dashed, the least-watched over it.
export function drawRoutes(collection) {
  lines.clearLayers();
  const drawn = [];
  for (const name of ["shortest", "least_watched"]) {
    const feature = collection.features.find((f) => f.id === name);
    if (!feature) continue;
    const latlngs = feature.geometry.coordinates.map(([lon, lat]) => [lat, lon]);
    const line = L.polyline(latlngs, { color: COLOURS[name], weight: name === "shortest" ? 5 : 6, opacity: 0.9,
      dashArray: name === "shortest" ? "8 8" : null, className: "route-line route-line-" + name, interactive: false });
    line.addTo(lines);
    drawn.push(line);
  }
  // The whole of both routes and both points chosen (a point off the street lies beside its route).
  if (drawn.length) map.fitBounds(L.featureGroup(drawn.concat(Object.values(markers))).getBounds(), { padding: [32, 32] });
}

export function clearRoutes() { lines.clearLayers(); }
