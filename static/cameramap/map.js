/* The public map, last part (see map-state.js for the others): the counts of matching cameras,
 * popups and the keyboard, "locate me", a refresh at every change of the view or the filters,
 * the legend's symbols, and the start.
 *
 * Reads the global of the vendored Leaflet (L). */
import { cameraIcon } from "./icons.js";
import { loadCameras } from "./map-cameras.js";
import "./map-coverage.js";
import { density } from "./map-density.js";
import { clearTiles, loadGroups } from "./map-groups.js";
import "./map-embed.js";
import "./map-official.js";
import "./map-timeline.js";
import "./map-streets.js";
import { listOut } from "./map-list.js";
import { fileServes, loadFromFile } from "./map-pmtiles.js";
import {
  config, densityBox, filterParams, form, isLatest, map, mapElement, markersById, refreshStart, text, updateUrl, viewBbox
} from "./map-state.js";
import { el, formatNumber, getJson, interpolate, ngettext } from "./util.js";

// --- counts ----------------------------------------------------------------------------
const totals = {};
const countOut = document.getElementById("match-count");
function updateCount(refresh) {
  const filters = filterParams().toString();
  const inView = new URLSearchParams(filters);
  inView.set("bbox", viewBbox());
  const total = totals[filters] !== undefined ? Promise.resolve(totals[filters]) :
    getJson(config.urls.count + "?" + filters).then((body) => (totals[filters] = body.count));
  Promise.all([getJson(config.urls.count + "?" + inView.toString()), total]).then((results) => {
    if (!isLatest(refresh)) return;
    countOut.textContent = "";
    countOut.appendChild(el("strong", null, formatNumber(results[0].count)));
    countOut.appendChild(document.createTextNode(" " + ngettext("matching camera", "matching cameras", results[0].count) + " " + text.inView + " · " +
      formatNumber(results[1]) + " " + text.inAll));
    countOut.dataset.count = results[0].count;
    countOut.dataset.total = results[1];
  }).catch(() => { countOut.textContent = text.loadFailed; });
}

// --- popups and the keyboard ---------------------------------------------------------------
// A popup opened from a marker or from "Show on map" takes the focus, so it is read out and its
// link is the next Tab; Escape (or its close button) closes it and gives the focus back.
let popupOpener = null;
map.on("popupopen", (event) => {
  const active = document.activeElement, marker = event.popup._source;
  if (!active || active === document.body || active === mapElement) { popupOpener = null; return; }
  popupOpener = { element: active, cameraId: marker && marker.cameraId, inList: !!listOut.contains(active) };
  const box = event.popup.getElement().querySelector(".leaflet-popup-content-wrapper");
  box.setAttribute("tabindex", "-1");
  box.setAttribute("role", "dialog");
  if (marker && marker.options.title) box.setAttribute("aria-label", marker.options.title);
  box.focus({ preventScroll: true });
});
map.on("popupclose", (event) => {
  const opener = popupOpener, box = event.popup.getElement();
  popupOpener = null;
  if (!opener || (document.activeElement !== document.body && !(box && box.contains(document.activeElement)))) return;
  let target = opener.element;
  if (!document.contains(target) && opener.inList) {  // the list was drawn again meanwhile
    target = listOut.querySelector('button[data-camera-id="' + String(opener.cameraId) + '"]');
  } else if (!document.contains(target) && markersById[opener.cameraId]) {
    target = markersById[opener.cameraId].getElement();
  }
  if (target && document.contains(target)) target.focus({ preventScroll: true });
});
mapElement.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && event.target.closest && event.target.closest(".leaflet-popup")) {
    event.stopPropagation();
    map.closePopup();
  }
});

// --- refresh on every change -------------------------------------------------------------
let timer = null;
function refresh() {
  const number = refreshStart();
  updateUrl();
  updateCount(number);
  if (fileServes()) loadFromFile(number);  // MAP_TILES=pmtiles, no filter: the release's file
  else if (map.getZoom() >= config.detailZoom) loadCameras(number);
  else loadGroups(number);
}
function refreshSoon() {
  clearTimeout(timer);
  timer = setTimeout(refresh, 150);
}
map.on("moveend", refreshSoon);
form.addEventListener("change", () => { clearTiles(); refreshSoon(); });
form.addEventListener("submit", (event) => { event.preventDefault(); clearTiles(); refresh(); });
form.addEventListener("reset", () => { setTimeout(() => { clearTiles(); refresh(); }, 0); });

// --- locate me ---------------------------------------------------------------------------
// (The embed has no such button.)
const locateStatus = document.getElementById("locate-status");
let here = null;
document.getElementById("locate")?.addEventListener("click", () => {
  locateStatus.textContent = text.locating;
  map.locate({ setView: true, maxZoom: Math.max(config.detailZoom, 16), enableHighAccuracy: true, timeout: 15000 });
});
map.on("locationfound", (event) => {
  locateStatus.textContent = "";
  if (here) here.remove();
  here = L.circle(event.latlng, { radius: event.accuracy, className: "you-are-here", interactive: false }).addTo(map);
});
map.on("locationerror", (event) => {
  locateStatus.textContent = interpolate(text.locateFailed, { reason: event.message }, true);
});

// Legend symbols: the same constant SVG as the markers.
document.querySelectorAll(".legend-icon").forEach((span) => {
  const name = span.getAttribute("data-icon");
  const props = name === "dome" ? { surveillance_type: "camera", camera_type: "dome" } : { surveillance_type: name };
  if (span.hasAttribute("data-imported")) props.verified = false;
  span.appendChild(cameraIcon(props).createIcon());
});

// On a phone the filters and the legend start closed, so that the list of the cameras in view is
// a short scroll away; the filters stay open when the address sets one.
if (window.matchMedia("(max-width: 700px)").matches) {
  const filtered = filterParams().toString() !== "";
  document.querySelectorAll("details.phone-closed").forEach((details) => {
    if (!(filtered && details.contains(form))) details.open = false;
  });
}

window.cameramapMap = map;  // for the browser tests and for people poking at the page
refresh();
if (densityBox.checked) density();
