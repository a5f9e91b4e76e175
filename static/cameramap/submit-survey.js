/* The capture page's survey mode: "I walked these streets and looked for cameras". The volunteer
 * taps the streets they walked on a map of their own (the report's map keeps its pin), picks
 * the day, and sends the street ids and the day — nothing else — through the outbox
 * (outbox.js), like a report: kept on the phone when there is no signal, tried again later, never
 * sooner than a 429's Retry-After. Once the server has a survey, the outbox forgets it, so the
 * phone keeps no trace of the walk either.
 *
 * Streets come from GET /api/v1/coverage/streets/?bbox=… from zoom STREETS_ZOOM on; those loaded
 * stay, so a volunteer who loses signal can still mark the streets already shown. From the
 * keyboard, "Mark the street in the middle of the map" marks the street nearest the centre.
 *
 * Reads the global of the vendored Leaflet (L). */
import * as Outbox from "./outbox.js";
import { randomHex } from "./outbox-keys.js";
import { config } from "./submit-base.js";
import { el, formatDistance, gettext, interpolate, ngettext } from "./util.js";

const STREETS_ZOOM = 16;
const CENTRE_PICK_PX = 30;  // "the street in the middle": the nearest within this many pixels
const STYLE = { color: "#6b6b6b", weight: 5, opacity: 0.55 };
const STYLE_CHOSEN = { color: "#0b4fb3", weight: 8, opacity: 0.95 };

const section = document.getElementById("survey");
const streets = new Map();   // way id → {layer, name, metres}
const chosen = new Set();    // way ids marked
let map = null;
let loading = 0;

const part = (id) => document.getElementById(id);
const statusLine = part("survey-status");

function today() {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
}

function daysBefore(day, days) {
  const date = new Date(day + "T12:00:00Z");
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}

function lengthOf(latlngs) {
  let metres = 0;
  for (let i = 1; i < latlngs.length; i++) metres += latlngs[i - 1].distanceTo(latlngs[i]);
  return metres;
}

/* ------------------------------------------------------------------- the list */

function nameOf(way) {
  const street = streets.get(way);
  return street && street.name ? street.name : interpolate(gettext("street without a name (%(id)s)"), { id: way }, true);
}

function drawList() {
  const list = part("survey-chosen");
  list.replaceChildren(...[...chosen].map((way) => {
    const item = el("li", "survey-street");
    const street = streets.get(way);
    item.appendChild(el("span", "", nameOf(way) + (street ? " · " + formatDistance(street.metres) : "")));
    const remove = el("button", "button small", gettext("Remove"));
    remove.type = "button";
    remove.setAttribute("aria-label", interpolate(gettext("Remove %(street)s"), { street: nameOf(way) }, true));
    remove.addEventListener("click", () => toggle(way));
    item.appendChild(remove);
    return item;
  }));
  const metres = [...chosen].reduce((sum, way) => sum + (streets.has(way) ? streets.get(way).metres : 0), 0);
  part("survey-count").textContent = chosen.size
    ? "(" + interpolate(ngettext("%(count)s street, %(length)s", "%(count)s streets, %(length)s", chosen.size),
      { count: chosen.size, length: formatDistance(metres) }, true) + ")" : "";
  part("survey-send").disabled = !chosen.size;
}

function toggle(way) {
  if (chosen.has(way)) chosen.delete(way); else chosen.add(way);
  const street = streets.get(way);
  if (street) street.layer.setStyle(chosen.has(way) ? STYLE_CHOSEN : STYLE);
  if (street && chosen.has(way)) street.layer.bringToFront();
  clearErrors();
  part("survey-result").textContent = "";
  drawList();
}

/* ---------------------------------------------------------------- the streets */

function addStreet(feature) {
  const way = feature.id;
  if (streets.has(way)) return;
  const latlngs = feature.geometry.coordinates.map(([lon, lat]) => L.latLng(lat, lon));
  const layer = L.polyline(latlngs, chosen.has(way) ? STYLE_CHOSEN : STYLE);
  layer.on("click", (event) => { L.DomEvent.stop(event); toggle(way); });
  layer.addTo(map);
  streets.set(way, { layer: layer, name: feature.properties.name || "", metres: lengthOf(latlngs) });
}

async function loadStreets() {
  if (map.getZoom() < STREETS_ZOOM) {
    statusLine.textContent = gettext("Zoom in to see the streets you can mark.");
    return;
  }
  const bounds = map.getBounds();
  const bbox = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()].map((n) => n.toFixed(6)).join(",");
  const number = ++loading;
  statusLine.textContent = gettext("Loading the streets…");
  try {
    const response = await fetch(section.dataset.streets + "?bbox=" + bbox, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(String(response.status));
    const body = await response.json();
    if (number !== loading) return;
    body.features.forEach(addStreet);
    statusLine.textContent = body.features.length ? gettext("Tap each street you walked along; tap again to unmark it.")
      : gettext("No streets here that we know of.");
  } catch (error) {
    if (number !== loading) return;
    statusLine.textContent = navigator.onLine === false
      ? gettext("No connection: more streets load when it is back. You can mark the streets already shown.")
      : gettext("The streets could not be loaded. Move the map to try again.");
  }
}

/* The street nearest the middle of the map, for the keyboard. */
function markCentre() {
  const centre = map.latLngToLayerPoint(map.getCenter());
  let best = null, bestPx = CENTRE_PICK_PX;
  streets.forEach((street, way) => {
    const points = street.layer.getLatLngs().map((latlng) => map.latLngToLayerPoint(latlng));
    for (let i = 1; i < points.length; i++) {
      const px = L.LineUtil.pointToSegmentDistance(centre, points[i - 1], points[i]);
      if (px < bestPx) { best = way; bestPx = px; }
    }
  });
  if (best === null) statusLine.textContent = gettext("No street in the middle of the map: move the map onto one.");
  else toggle(best);
}

/* ------------------------------------------------------------------- sending */

function clearErrors() {
  section.querySelectorAll("[data-survey-error]").forEach((slot) => { slot.textContent = ""; });
}

function showErrors(body) {
  Object.keys(body || {}).forEach((field) => {
    const slot = section.querySelector('[data-survey-error~="' + field + '"]') || section.querySelector('[data-survey-error~="detail"]');
    const messages = Array.isArray(body[field]) ? body[field] : [String(body[field])];
    slot.textContent = (slot.textContent ? slot.textContent + " " : "") + messages.join(" ");
  });
}

function newKey() {
  return window.crypto && crypto.randomUUID ? crypto.randomUUID() : randomHex(16);
}

function resetChoice() {
  [...chosen].forEach((way) => { const street = streets.get(way); if (street) street.layer.setStyle(STYLE); });
  chosen.clear();
  drawList();
}

async function send() {
  clearErrors();
  const day = part("survey-day").value;
  if (!day) { showErrors({ day: [gettext("Give the day of the walk.")] }); return; }
  const survey = {
    key: newKey(), created: Date.now(), kind: "survey", api: section.dataset.api, photos: [],
    fields: [["day", day]].concat([...chosen].sort((a, b) => a - b).map((way) => ["segments", String(way)])),
  };
  const count = chosen.size;
  const button = part("survey-send");
  button.disabled = true;
  const result = part("survey-result");
  result.textContent = gettext("Sending…");
  let kept = true;
  try {
    await Outbox.save(survey);
  } catch (error) {
    kept = false;  // private browsing or a full disk: sent as it is, without keeping it
  }
  let answer;
  if (kept) {
    answer = await Outbox.send(survey.key);
    if (!answer) {  // the outbox's own retry got there first: a survey it sent is gone from it
      const entry = await Outbox.get(survey.key);
      answer = !entry ? { outcome: "sent" } : { outcome: entry.state === "attention" ? "attention" : "retry",
                                                 result: { body: entry.errors } };
    }
  } else {
    const sent = await Outbox.post(survey);
    answer = { outcome: Outbox.outcomeOf(sent), result: sent };
  }
  button.disabled = false;
  if (answer && answer.outcome === "sent") {
    resetChoice();
    result.textContent = interpolate(ngettext(
      "Thank you: %(count)s street sent. It shows on the map once the delay has passed.",
      "Thank you: %(count)s streets sent. They show on the map once the delay has passed.", count), { count: count }, true);
    return;
  }
  if (answer && answer.outcome === "attention") {
    if (kept) await Outbox.remove(survey.key);  // corrected here, not in the list
    result.textContent = "";
    showErrors(answer.result.body || { detail: [gettext("The server refused it.")] });
    return;
  }
  if (!kept) {
    result.textContent = gettext("Not sent (no connection?), and this browser cannot keep it: try again later.");
    return;
  }
  resetChoice();
  result.textContent = gettext("Kept on this phone: it is sent by itself when it can be (see “Waiting to send” above).");
}

/* --------------------------------------------------------------------- start */

function start() {
  part("survey-body").hidden = false;
  part("survey-start").setAttribute("aria-expanded", "true");
  part("survey-start").hidden = true;
  const day = part("survey-day");
  day.value = today();
  day.max = today();
  day.min = daysBefore(today(), Number(section.dataset.maxAgeDays || 30));
  map = L.map("survey-map", { zoomControl: true, tap: true }).setView(config.center, Math.max(config.zoom, STREETS_ZOOM));
  window.cameramapSurveyMap = map;  // for the browser tests
  L.tileLayer(config.tileUrl, { attribution: config.tileAttribution, maxZoom: 19 }).addTo(map);
  map.on("moveend", loadStreets);
  loadStreets();
  drawList();
}

if (section) {
  part("survey-start").addEventListener("click", start);
  part("survey-centre").addEventListener("click", () => { if (map) markCentre(); });
  part("survey-send").addEventListener("click", () => { send().catch(() => { part("survey-send").disabled = false; }); });
  if (window.location.hash === "#survey") start();
}
