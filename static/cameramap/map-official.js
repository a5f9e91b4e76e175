/* The public map, part 8 (see map-state.js): an official list compared with the cameras on the
 * street. Chosen in the panel's "Compare with an official list" (web/_map_official.html) and kept
 * in the address as ?official=ID, so the permalink and the embed show the same comparison.
 *
 * Drawn: the list's entries in view as diamonds by status — found (matched), probably found (a
 * moderator has yet to check), not found yet (hollow) — from /api/v1/official-lists/{id}/entries/;
 * close up, a ring around each camera in view that the list does not declare, from the cameras
 * endpoint with official_list=ID&declared=false and the map's own filters; and the list's figures
 * in the panel, from /api/v1/official-lists/{id}/. Data is only ever put in the page as text.
 *
 * Reads the global of the vendored Leaflet (L). */
import { config, filterParams, map, updateUrl, urlState, viewBbox } from "./map-state.js";
import { el, formatNumber, getJson, gettext, interpolate, ngettext } from "./util.js";

const box = document.getElementById("official-box");
const select = document.getElementById("official-list");
const key = document.getElementById("official-key");
const figuresOut = document.getElementById("official-figures");
const statusOut = document.getElementById("official-status");
const STATUS_TEXT = {
  matched: gettext("declared, found"), probable: gettext("declared, probably found (to be checked)"),
  not_found: gettext("declared, not found yet")
};

// The entries over the cameras' markers, the rings under them (their own panes).
map.createPane("officialRings").style.zIndex = 390;
map.createPane("officialEntries").style.zIndex = 620;
const entryLayer = L.layerGroup().addTo(map);
const ringLayer = L.layerGroup().addTo(map);
let latest = 0, figuresFor = null;

const chosen = () => (select && /^\d{1,18}$/.test(select.value) ? select.value : "");
const listUrl = (id) => box.getAttribute("data-list-url").replace("{id}", encodeURIComponent(id));
const entriesUrl = (id) => box.getAttribute("data-entries-url").replace("{id}", encodeURIComponent(id));

function entryPopup(p) {
  const content = el("div", "official-popup");
  content.appendChild(el("strong", null, p.ref));
  if (p.address || p.name) content.appendChild(el("div", null, p.address || p.name));
  content.appendChild(el("div", null, STATUS_TEXT[p.status] || p.status));
  if (p.camera) {
    const link = el("a", null, interpolate(gettext("Camera %(id)s"), { id: p.camera }, true));
    link.href = config.urls.cameraPage.replace("{id}", encodeURIComponent(p.camera));
    content.appendChild(link);
    if (p.distance_m !== null) content.appendChild(document.createTextNode(" · " + interpolate(gettext("%(m)s m away"), { m: formatNumber(Math.round(p.distance_m)) }, true)));
  }
  return content;
}

function drawEntries(collection) {
  entryLayer.clearLayers();
  collection.features.forEach((feature) => {
    if (!feature.geometry) return;
    const p = feature.properties, [lon, lat] = feature.geometry.coordinates;
    // Leaflet positions the icon with a transform: the diamond is the element inside it.
    const icon = L.divIcon({ className: "official-marker", html: el("span", "official-entry official-" + p.status), iconSize: [18, 18] });
    const marker = L.marker([lat, lon], { icon, pane: "officialEntries", keyboard: false, title: p.ref + ": " + (STATUS_TEXT[p.status] || p.status) });
    marker.bindPopup(() => entryPopup(p));
    entryLayer.addLayer(marker);
  });
  const shown = collection.features.length, total = collection.count ?? shown;
  statusOut.textContent = total > shown ? interpolate(gettext("%(shown)s of %(total)s entries in view are drawn: zoom in for all."), { shown: formatNumber(shown), total: formatNumber(total) }, true) : "";
}

function drawRings(collection) {
  ringLayer.clearLayers();
  collection.features.forEach((feature) => {
    const [lon, lat] = feature.geometry.coordinates;
    ringLayer.addLayer(L.circleMarker([lat, lon], { radius: 17, pane: "officialRings", className: "official-undeclared", interactive: false }));
  });
}

function showFigures(list) {
  const f = list.figures;
  figuresOut.textContent = "";
  figuresOut.appendChild(el("strong", null, list.name));
  [
    [f.declared, ngettext("declared", "declared", f.declared)],
    [f.matched.total, gettext("found")],
    [f.probable.total, gettext("probably found")],
    [f.not_found, gettext("not found yet")],
    [f.not_declared.total, ngettext("camera on the street not on the list", "cameras on the street not on the list", f.not_declared.total)]
  ].forEach(([n, label]) => figuresOut.appendChild(el("span", "official-figure", formatNumber(n) + " " + label)));
  figuresOut.dataset.declared = f.declared;
  figuresOut.dataset.notDeclared = f.not_declared.total;
}

function refreshOfficial() {
  const id = chosen(), number = ++latest;
  key.hidden = !id;
  if (!id) { entryLayer.clearLayers(); ringLayer.clearLayers(); statusOut.textContent = ""; figuresFor = null; return; }
  if (figuresFor !== id) {
    figuresFor = id;
    getJson(listUrl(id)).then((list) => { if (chosen() === id) showFigures(list); })
      .catch(() => { figuresOut.textContent = gettext("The official list could not be loaded."); });
  }
  const entries = new URLSearchParams({ bbox: viewBbox(), limit: String(config.maxFeatures) });
  getJson(entriesUrl(id) + "?" + entries.toString()).then((collection) => { if (number === latest) drawEntries(collection); })
    .catch(() => { if (number === latest) statusOut.textContent = gettext("The official list could not be loaded."); });
  if (map.getZoom() < config.detailZoom) { ringLayer.clearLayers(); return; }
  const cameras = filterParams();
  cameras.set("official_list", id);
  cameras.set("declared", "false");
  cameras.set("bbox", viewBbox());
  cameras.set("limit", String(config.maxFeatures));
  getJson(config.urls.cameras + "?" + cameras.toString()).then((collection) => { if (number === latest) drawRings(collection); })
    .catch(() => { if (number === latest) ringLayer.clearLayers(); });
}

if (box && select) {
  const wanted = new URLSearchParams(window.location.search).get("official");
  if (wanted && [...select.options].some((option) => option.value === wanted)) select.value = wanted;
  urlState.push((params) => { if (chosen()) params.set("official", chosen()); });
  // updateUrl() tells "cameramap:view", as every refresh of the map does (a move, a filter, the start).
  select.addEventListener("change", updateUrl);
  window.addEventListener("cameramap:view", refreshOfficial);
  if (chosen()) box.hidden = false;
}
