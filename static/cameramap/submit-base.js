/* The capture page: photos (with their GPS read here, before upload, because some phone
 * browsers strip it), a pin on the map, direction arrows dragged around the pin, tap choices,
 * then one multipart POST to the reports API. API errors are shown next to their fields.
 *
 * Every report is first kept on the phone by the outbox (outbox.js) and sent from there: when
 * there is no signal (or the server is busy) it stays in the "waiting to send" list (offline.js)
 * and the form is cleared for the next camera. A kept report the API refused can be loaded back
 * into this form to be corrected (submit-form.js).
 *
 * The page's script comes in modules; web/submit_scripts.html loads submit.js, which imports
 * the others, and names each one so that the service worker keeps it for use without signal:
 *   submit-base.js        the settings, the form's state, the map, the error slots (this file)
 *   submit-directions.js  the direction arrows around the pin and their list
 *   submit-location.js    the pin: the device's location, a tap on the map, a photo's GPS
 *   submit-photos.js      the chosen photos, their previews and their EXIF (GPS, heading)
 *   submit-form.js        the kind of report, a form reset or edited again, the start
 *   submit-send.js        the report kept by the outbox and sent, the answer acted on
 *   offline.js            the "waiting to send" list and the service worker
 *   event-code.js         the mapping-event code the organisers give at an event
 *   outbox.js, outbox-keys.js, idb.js   what is kept on the phone, and sending it
 *   submit.js             the start of the form and of the list
 *
 * Reads the global of the vendored Leaflet (L). */
import { pageData } from "./util.js";

export const config = pageData("submit-config");
export const T = config.text;
export const form = document.getElementById("submit-form");
export const state = {
  photos: [],            // {file, url, meta: {lat, lon, heading, accuracy} | null}
  location: null,        // {lat, lon, accuracy, source: device|photo|pin|camera|saved}
  pin: null,             // the map's marker of the location (submit-location.js), once there is one
  directions: [],        // [{deg, handle, line, suggested}]
  editing: null,         // {key, created} of a kept report loaded back into the form
  carry: {},             // its kind and camera, when this page's form cannot show them
};
// The fields typed as text, sent when they are not empty.
export const TEXT_FIELDS = ["operator", "manufacturer", "model", "facial_recognition_evidence"];

export const format = (text, values) => text.replace(/\{(\w+)\}/g, (_, key) => values[key]);

export function kind() {
  if (state.carry.kind) return state.carry.kind;
  const checked = form.querySelector("input[name=kind]:checked") || form.querySelector("input[name=kind]");
  return checked ? checked.value : "new";
}

/* ------------------------------------------------------------------------- the map */

export const map = L.map("submit-map", { zoomControl: true, tap: true }).setView(config.center, config.zoom);
window.cameramapMap = map;  // for the browser tests and for people poking at the page, as on the other maps
L.tileLayer(config.tileUrl, { attribution: config.tileAttribution, maxZoom: 19 }).addTo(map);

/* ------------------------------------------------------------------------- errors */

function errorSlot(field) {
  return form.querySelector('[data-error-for~="' + (window.CSS && CSS.escape ? CSS.escape(field) : field) + '"]');
}

export function showError(field, message) {
  const slot = errorSlot(field) || document.getElementById("form-error");
  slot.textContent = slot.textContent ? slot.textContent + " " + message : message;
  slot.classList.add("shown");
  return slot;
}

export function clearError(field) {
  const slot = errorSlot(field);
  if (slot) { slot.textContent = ""; slot.classList.remove("shown"); }
}

export function clearErrors() {
  form.querySelectorAll("[data-error-for]").forEach((slot) => { slot.textContent = ""; slot.classList.remove("shown"); });
}

export function focusError(slot) {
  slot.scrollIntoView({ block: "center", behavior: "smooth" });
  slot.setAttribute("tabindex", "-1");  // the keyboard goes on from the error
  slot.focus({ preventScroll: true });
}

export function showApiErrors(body) {
  let first = null;
  Object.keys(body || {}).forEach((field) => {
    const messages = Array.isArray(body[field]) ? body[field] : [String(body[field])];
    const slot = showError(field, messages.join(" "));
    first = first || slot;
  });
  if (first) focusError(first);
}
