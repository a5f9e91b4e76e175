/* cameramap: the public map at /. Reads its settings from the json_script "map-config".
 *
 * Below config.detailZoom it draws the vector tiles of /api/v1/tiles/ (the server groups the
 * cameras of each tile, so the page holds at most a few dozen points per tile whatever the
 * density); from detailZoom on it loads the cameras in view from /api/v1/cameras/?bbox=… (at
 * most config.maxFeatures) and lists them beside the map. Filters, the view and the density
 * layer live in the URL, so the address is always a permalink. Data is only ever put in the
 * page as text.
 *
 * The page's script comes in modules; web/map.html (and web/embed.html, the map for other sites'
 * iframes) loads map.js, which imports the others:
 *   map-state.js    the settings, the filters and the view read from and written to the URL,
 *                   the Leaflet map and its layers (this file)
 *   map-list.js     the list of the cameras in view, and the keyboard focus in it
 *   map-cameras.js  close up: the cameras in view as markers, their cones, and the list
 *   map-groups.js   far away: the groups of the vector tiles
 *   map-density.js  the density layer by district and its legend
 *   map-streets.js  close up, the streets in view and out of view (vector tiles), and their legend
 *   map-embed.js    "Embed this map": the iframe code of /embed/ for the view shown
 *   map-official.js an official list's entries by status, and the cameras it does not declare
 *   map-timeline.js the map as of a day: a date and "Play", month by month
 *   map.js          the counts, popups and the keyboard, "locate me", refreshing, the start
 * Each part only defines things and listens; map.js, last, draws the map.
 *
 * Reads the global of the vendored Leaflet (L). */
import { gettext, pageData } from "./util.js";

export const config = pageData("map-config");
// Messages from Django's JavaScript catalogue (through util.js).
export const text = {
  inView: gettext("in view"), inAll: gettext("in all"),
  zoomToList: gettext("Zoom in to list the cameras in view."), noneInView: gettext("No matching camera in view."),
  locating: gettext("Finding your location…"), locateFailed: gettext("Your location is not available: %(reason)s"),
  perKm2: gettext("cameras per km²"), per1000: gettext("cameras per 1,000 residents"), noData: gettext("no data"),
  densityFailed: gettext("District statistics are not available right now."),
  population: gettext("population"), loading: gettext("Loading…"), loadFailed: gettext("The cameras could not be loaded."),
  showOnMap: gettext("Show on map"), camera: gettext("Camera"), unknownOperator: gettext("unknown"),
  imported: gettext("imported, not yet seen by our volunteers")
};
export const form = document.getElementById("filters");
// "area" (a district's slug) is a hidden input: it comes from the address (an embed, a link from
// /data/) and goes back to it, but the page offers no way to choose it.
// "as_of" (a day) is hidden too: the timeline (map-timeline.js) sets it.
const FILTER_NAMES = ["verified", "surveillance_type", "operator_type", "facial_recognition", "status", "added_since", "area", "as_of"];

// Every refresh (map.js) is numbered; an answer to an older one is dropped.
let latestRefresh = 0;
export const refreshStart = () => ++latestRefresh;
export const isLatest = (refresh) => refresh === latestRefresh;

// --- state from the URL ---------------------------------------------------------------
const initial = new URLSearchParams(window.location.search);
function number(name, min, max) {
  const value = parseFloat(initial.get(name));
  return isFinite(value) && value >= min && value <= max ? value : null;
}
const lat = number("lat", -85, 85), lon = number("lon", -180, 180), zoom = number("z", 0, 19);
FILTER_NAMES.forEach((name) => {
  initial.getAll(name).forEach((value) => {
    for (const input of form.elements) {
      if (input.name !== name) continue;
      if (input.type === "checkbox" && input.value === value) input.checked = true;
      if (input.type === "date" && /^\d{4}-\d{2}-\d{2}$/.test(value)) input.value = value;
      if (input.type === "hidden" && /^[-\w]{1,200}$/.test(value)) input.value = value;
    }
  });
});
export const densityBox = document.getElementById("density");
export const metricSelect = document.getElementById("density-metric");
densityBox.checked = initial.get("density") === "1";
if (initial.get("metric") === "per_1000") metricSelect.value = "per_1000";

// --- the map ---------------------------------------------------------------------------
export const map = L.map("map", {
  center: lat !== null && lon !== null ? [lat, lon] : config.center,
  zoom: zoom !== null ? Math.round(zoom) : config.zoom,
  maxZoom: 19
});
// A district named in the address (?area=), without a view of its own: start on the whole district.
if (config.areaBounds && (lat === null || lon === null || zoom === null)) map.fitBounds(config.areaBounds);
L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
export const densityLayer = L.layerGroup().addTo(map);
export const coneLayer = L.layerGroup().addTo(map);
export const markerLayer = L.layerGroup().addTo(map);
export const groupLayer = L.layerGroup().addTo(map);
export const markersById = {};
// Keyboard order inside the map: the map itself, its controls (zoom, attribution), then the
// markers. Leaflet puts its controls after the panes; they are positioned absolutely, so moving
// them first in the page changes only the order of Tab.
export const mapElement = map.getContainer();
mapElement.insertBefore(mapElement.querySelector(".leaflet-control-container"), mapElement.firstChild);

export function filterParams() {
  const params = new URLSearchParams();
  FILTER_NAMES.forEach((name) => {
    for (const input of form.elements) {
      if (input.name !== name) continue;
      if (input.type === "checkbox" && input.checked) params.append(name, input.value);
      if ((input.type === "date" || input.type === "hidden") && input.value) params.append(name, input.value);
    }
  });
  return params;
}

export const clamp = (value, min, max) => Math.max(min, Math.min(max, value));

export function viewBbox() {
  const b = map.getBounds();
  return [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90), clamp(b.getEast(), -180, 180),
    clamp(b.getNorth(), -90, 90)].map((n) => n.toFixed(6)).join(",");
}

// Functions (params) => void that add a part's own state to the address, e.g. ?official=ID.
export const urlState = [];

export function updateUrl() {
  const params = filterParams(), center = map.getCenter();
  params.set("z", map.getZoom());
  params.set("lat", center.lat.toFixed(5));
  params.set("lon", center.lng.toFixed(5));
  if (densityBox.checked) {
    params.set("density", "1");
    params.set("metric", metricSelect.value);
  }
  urlState.forEach((write) => write(params));  // what other parts keep in the permalink (map-official.js)
  history.replaceState(null, "", window.location.pathname + "?" + params.toString());
  // Links that carry the view elsewhere (the embed's link to the full map, "Embed this map").
  document.querySelectorAll("a[data-view-link]").forEach((link) => {
    link.href = link.getAttribute("data-view-link") + "?" + params.toString();
  });
  window.dispatchEvent(new CustomEvent("cameramap:view", { detail: params }));
}
