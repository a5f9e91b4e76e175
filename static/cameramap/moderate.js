/* The moderator pages: the mini map (report pin, photo locations, nearby cameras with their
   direction cones, candidates with their scores) and the keyboard shortcuts. No inline script:
   the data comes from a <script type="application/json"> block written by json_script.

   Reads the global of the vendored Leaflet (L). */
import { waitForChecks } from "./moderate-checks.js";
import { gettext, interpolate, pointAt } from "./util.js";

const CONE_METRES = 18;      // how far a cone reaches on the map
const CONE_HALF_ANGLE = 30;  // a 60 degree field of view
const STATUS = { removed: gettext("removed"), covered: gettext("covered") };

function cone(lat, lon, direction) {
  const points = [[lat, lon]];
  for (let a = direction - CONE_HALF_ANGLE; a <= direction + CONE_HALF_ANGLE; a += 10) {
    points.push(pointAt(lat, lon, a, CONE_METRES));
  }
  return points;
}

function drawCones(layer, lat, lon, directions, style) {
  (directions || []).forEach((direction) => {
    L.polygon(cone(lat, lon, direction), style).addTo(layer);
  });
}

function cameraLabel(camera) {
  let text = "#" + camera.id;
  if (camera.rank) { text = camera.rank + ". " + text; }
  if (camera.score !== null && camera.score !== undefined) { text += " · " + Math.round(camera.score * 100) + " %"; }
  if (camera.status !== "present") { text += " · " + (STATUS[camera.status] || camera.status); }
  return text;
}

function drawMap(element) {
  const source = document.getElementById(element.getAttribute("data-map"));
  if (!source || typeof L === "undefined") { return; }
  const data = JSON.parse(source.textContent);
  const map = L.map(element, { scrollWheelZoom: false });
  L.tileLayer(data.tiles.url, { attribution: data.tiles.attribution, maxZoom: 20, maxNativeZoom: 19 }).addTo(map);
  const layer = L.featureGroup().addTo(map);
  const bounds = [];

  data.cameras.forEach((camera) => {
    const isCandidate = camera.rank !== null && camera.rank !== undefined;
    const colour = camera.id === data.named ? "#6a1b9a" : (isCandidate ? "#e65100" : "#546e7a");
    drawCones(layer, camera.lat, camera.lon, camera.directions, { color: colour, weight: 1, fillOpacity: 0.2 });
    const marker = L.circleMarker([camera.lat, camera.lon], {
      radius: isCandidate ? 7 : 5, color: colour, fillColor: colour, fillOpacity: 0.9, weight: 2,
      className: "camera-marker" + (isCandidate ? " candidate-marker" : ""),
    }).addTo(layer);
    marker.bindTooltip(cameraLabel(camera), { permanent: isCandidate, direction: "right", className: "camera-label" });
    marker.on("click", () => { window.location.href = camera.url; });
    bounds.push([camera.lat, camera.lon]);
  });

  (data.pending || []).forEach((other) => {
    L.circleMarker([other.lat, other.lon], { radius: 4, color: "#9e9e9e", fillOpacity: 0.6, weight: 1 })
      .bindTooltip("#" + other.id).addTo(layer);
    bounds.push([other.lat, other.lon]);
  });

  if (data.report) {
    const r = data.report;
    if (r.accuracy_m) {
      L.circle([r.lat, r.lon], { radius: r.accuracy_m, color: "#c62828", weight: 1, fillOpacity: 0.05, dashArray: "4 4" }).addTo(layer);
    }
    drawCones(layer, r.lat, r.lon, r.directions, { color: "#c62828", weight: 2, fillOpacity: 0.15, dashArray: "5 5" });
    L.circleMarker([r.lat, r.lon], { radius: 8, color: "#fff", fillColor: "#c62828", fillOpacity: 1, weight: 2, className: "report-marker" })
      .bindTooltip(interpolate(gettext("report #%(id)s"), { id: r.id }, true)).addTo(layer);
    bounds.push([r.lat, r.lon]);
    data.photos.forEach((photo) => {
      L.polyline([[r.lat, r.lon], [photo.lat, photo.lon]], { color: "#1565c0", weight: 1, dashArray: "2 4" }).addTo(layer);
      L.circleMarker([photo.lat, photo.lon], { radius: 6, color: "#fff", fillColor: "#1565c0", fillOpacity: 1, weight: 2, className: "photo-marker" })
        .bindTooltip(gettext("photo GPS")).addTo(layer);
      bounds.push([photo.lat, photo.lon]);
    });
  }

  if (bounds.length > 1) {
    map.fitBounds(bounds, { padding: [30, 30], maxZoom: 19 });
  } else if (bounds.length === 1) {
    map.setView(bounds[0], 19);
  } else {
    map.setView([0, 0], 2);
  }
  element.setAttribute("data-ready", "true");
}

// --- keyboard shortcuts ----------------------------------------------------------------

function typing(target) {
  const tag = target && target.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
}

function chooseCandidate(rank) {
  const button = document.querySelector('button[data-candidate="' + rank + '"]');
  const input = document.querySelector('#attach-other-form input[name="camera"]');
  if (!button || !input) { return; }
  input.value = button.value;
  document.querySelectorAll("tr.candidate").forEach((row) => {
    row.classList.toggle("chosen", row.getAttribute("data-rank") === String(rank));
  });
}

function toggleHelp() {
  const help = document.getElementById("shortcuts");
  const toggle = document.querySelector("[data-shortcut-help]");
  if (!help) { return; }
  help.hidden = !help.hidden;
  if (toggle) { toggle.setAttribute("aria-expanded", String(!help.hidden)); }
}

function onKey(event) {
  if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
  const key = event.key;
  if (key === "?") { toggleHelp(); event.preventDefault(); return; }
  if (/^[1-9]$/.test(key)) { chooseCandidate(Number(key)); event.preventDefault(); return; }
  if (key === "r") {
    const reason = document.getElementById("id_reason");
    if (reason) { reason.focus(); event.preventDefault(); }
    return;
  }
  const target = document.querySelector('[data-shortcut="' + key + '"]');
  if (!target || target.disabled) { return; }
  event.preventDefault();
  if (target.tagName === "A") { window.location.href = target.href; return; }
  const form = target.form;
  if (form && form.requestSubmit) { form.requestSubmit(target); } else { target.click(); }
}

// A module runs once the page is parsed: the maps, the candidates and the help are all there.
document.querySelectorAll("[data-map]").forEach(drawMap);
waitForChecks();
document.addEventListener("keydown", onKey);
const helpToggle = document.querySelector("[data-shortcut-help]");
if (helpToggle) { helpToggle.addEventListener("click", toggleHelp); }
document.querySelectorAll("button[data-candidate]").forEach((button) => {
  button.closest("tr").addEventListener("click", (event) => {
    if (event.target.tagName !== "BUTTON" && event.target.tagName !== "A") { chooseCandidate(button.getAttribute("data-candidate")); }
  });
});
