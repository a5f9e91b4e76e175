/* The capture page, part 5 (see submit-base.js): the form as a whole. The kind of report, an
 * empty form for the next camera, a kept report loaded back to be corrected, and the start. */
import {
  TEXT_FIELDS, clearErrors, config, form, kind, showApiErrors, state
} from "./submit-base.js";
import { addDirection, clearDirections, placeHandles, renderDirectionList } from "./submit-directions.js";
import { clearLocation, locate, setLocation } from "./submit-location.js";
import { addFiles, forget, renderPreviews } from "./submit-photos.js";

/* ------------------------------------------------------------------ kind of report */

form.querySelectorAll("input[name=kind]").forEach((input) => {
  input.addEventListener("change", () => {
    form.className = "capture kind-" + kind();
    placeHandles();  // "it's gone" asks for no direction: no grey arrow on the pin
  });
});

/* ------------------------------------------------------------- reset and edit again */

/* An empty form for the next camera (as the page first opened). */
export function resetForm(again) {
  form.reset();
  state.photos.forEach(forget);
  state.photos = [];
  renderPreviews();
  clearDirections();
  clearLocation();
  state.editing = null;
  state.carry = {};
  document.getElementById("editing-note").hidden = true;
  form.className = "capture kind-" + kind();
  clearErrors();
  if (again) start();
  window.scrollTo(0, 0);
}

/* A kept report back in the form, with the API's errors beside their fields. Sending it
 * again replaces the kept one (same key). */
export function edit(entry) {
  resetForm(false);
  const values = {};
  entry.fields.forEach(([name, value]) => { (values[name] = values[name] || []).push(value); });
  const first = (name) => (values[name] ? values[name][0] : "");
  const kindRadio = Array.from(form.querySelectorAll("input[name=kind][type=radio]")).find((input) => input.value === first("kind"));
  if (kindRadio) kindRadio.checked = true;
  else if (first("kind") !== kind()) state.carry.kind = first("kind");
  const camera = form.querySelector("input[name=camera]");
  if ((camera ? camera.value : "") !== first("camera")) state.carry.camera = first("camera");
  form.className = "capture kind-" + kind();
  form.querySelectorAll("#step-attributes input[type=radio]").forEach((input) => {
    if (values[input.name]) input.checked = values[input.name][0] === input.value;
  });
  TEXT_FIELDS.concat(["notes"]).forEach((name) => {
    const input = form.querySelector("[name=" + name + "]");
    if (input) input.value = first(name);
  });
  if (first("lat") && first("lon")) {
    setLocation(Number(first("lat")), Number(first("lon")), first("accuracy_m") ? Number(first("accuracy_m")) : null, "saved");
  }
  (values.directions || []).forEach((deg) => { addDirection(Number(deg), false); });
  addFiles(entry.photos.map((photo) => new File([photo.blob], photo.name, { type: photo.blob.type })));
  state.editing = { key: entry.key, created: entry.created };
  document.getElementById("editing-note").hidden = false;
  if (entry.errors && typeof entry.errors === "object") showApiErrors(entry.errors);
  else form.scrollIntoView({ block: "start" });
}

/* ------------------------------------------------------------------------ start */

export function start() {
  if (config.camera) {
    setLocation(config.camera.lat, config.camera.lon, null, "camera");
    if (kind() === "correct" || kind() === "confirm") {
      (config.camera.directions || []).forEach((deg) => { addDirection(deg, false); });
    }
  }
  renderDirectionList();
  if (navigator.permissions && navigator.permissions.query) {
    navigator.permissions.query({ name: "geolocation" }).then((result) => {
      if (result.state === "granted" && (!state.location || state.location.source === "camera") && !config.camera) locate();
    }).catch(() => {});
  }
}
