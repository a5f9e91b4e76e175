/* The capture page: photos (with their GPS read here, before upload, because some phone
 * browsers strip it), a pin on the map, direction arrows dragged around the pin, tap choices,
 * then one multipart POST to the reports API. API errors are shown next to their fields.
 *
 * Every report is first kept on the phone by the outbox (outbox.js) and sent from there: when
 * there is no signal (or the server is busy) it stays in the "waiting to send" list (offline.js)
 * and the form is cleared for the next camera. A kept report the API refused can be loaded back
 * into this form to be corrected (CameramapCapture.edit).
 *
 * The page's script comes in parts, loaded in this order by web/submit_scripts.html and sharing
 * one object, window.CameramapSubmit:
 *   submit-base.js        the settings, the form's state, the map, the error slots (this file)
 *   submit-location.js    the pin: the device's location, a tap on the map, a photo's GPS
 *   submit-photos.js      the chosen photos, their previews and their EXIF (GPS, heading)
 *   submit-directions.js  the direction arrows around the pin and their list
 *   submit-send.js        the report kept by the outbox and sent, the answer acted on
 *   submit.js             the kind of report, a form reset or edited again, the start
 * Each part only defines things and listens; submit.js, last, starts the page. */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("submit-config").textContent);
  var form = document.getElementById("submit-form");

  var S = window.CameramapSubmit = {
    config: config,
    T: config.text,
    form: form,
    state: {
      photos: [],            // {file, url, meta: {lat, lon, heading, accuracy} | null}
      location: null,        // {lat, lon, accuracy, source: device|photo|pin|camera|saved}
      directions: [],        // [{deg, handle, line, suggested}]
      editing: null,         // {key, created} of a kept report loaded back into the form
      carry: {},             // its kind and camera, when this page's form cannot show them
    },
    map: null,               // the Leaflet map, below
    pin: null,               // its marker of the location (submit-location.js), once there is one
  };

  S.format = function (text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  };

  S.kind = function () {
    if (S.state.carry.kind) return S.state.carry.kind;
    var checked = form.querySelector("input[name=kind]:checked") || form.querySelector("input[name=kind]");
    return checked ? checked.value : "new";
  };

  /* ------------------------------------------------------------------------- the map */

  S.map = L.map("submit-map", { zoomControl: true, tap: true }).setView(config.center, config.zoom);
  L.tileLayer(config.tileUrl, { attribution: config.tileAttribution, maxZoom: 19 }).addTo(S.map);

  /* ------------------------------------------------------------------------- errors */

  function errorSlot(field) {
    return form.querySelector('[data-error-for~="' + (window.CSS && CSS.escape ? CSS.escape(field) : field) + '"]');
  }

  S.showError = function (field, message) {
    var slot = errorSlot(field) || document.getElementById("form-error");
    slot.textContent = slot.textContent ? slot.textContent + " " + message : message;
    slot.classList.add("shown");
    return slot;
  };

  S.clearError = function (field) {
    var slot = errorSlot(field);
    if (slot) { slot.textContent = ""; slot.classList.remove("shown"); }
  };

  S.clearErrors = function () {
    form.querySelectorAll("[data-error-for]").forEach(function (slot) { slot.textContent = ""; slot.classList.remove("shown"); });
  };

  S.focusError = function (slot) {
    slot.scrollIntoView({ block: "center", behavior: "smooth" });
    slot.setAttribute("tabindex", "-1");  // the keyboard goes on from the error
    slot.focus({ preventScroll: true });
  };

  S.showApiErrors = function (body) {
    var first = null;
    Object.keys(body || {}).forEach(function (field) {
      var messages = Array.isArray(body[field]) ? body[field] : [String(body[field])];
      var slot = S.showError(field, messages.join(" "));
      first = first || slot;
    });
    if (first) S.focusError(first);
  };
})();
