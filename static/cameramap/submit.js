/* The capture page, last part (see submit-base.js for the others): the kind of report, an empty
 * form for the next camera, a kept report loaded back to be corrected, and the start. What the
 * rest of the page may call (offline.js) is window.CameramapCapture. */
(function () {
  "use strict";

  var S = window.CameramapSubmit;
  var config = S.config, form = S.form, state = S.state, kind = S.kind;

  /* ------------------------------------------------------------------ kind of report */

  form.querySelectorAll("input[name=kind]").forEach(function (input) {
    input.addEventListener("change", function () { form.className = "capture kind-" + kind(); });
  });

  /* ------------------------------------------------------------- reset and edit again */

  /* An empty form for the next camera (as the page first opened). */
  S.resetForm = function (again) {
    form.reset();
    state.photos.forEach(function (photo) { URL.revokeObjectURL(photo.url); });
    state.photos = [];
    S.renderPreviews();
    S.clearDirections();
    S.clearLocation();
    state.editing = null;
    state.carry = {};
    document.getElementById("editing-note").hidden = true;
    form.className = "capture kind-" + kind();
    S.clearErrors();
    if (again) start();
    window.scrollTo(0, 0);
  };

  /* A kept report back in the form, with the API's errors beside their fields. Sending it
   * again replaces the kept one (same key). */
  function edit(entry) {
    S.resetForm(false);
    var values = {};
    entry.fields.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
    var first = function (name) { return values[name] ? values[name][0] : ""; };
    var kindRadio = Array.prototype.find.call(form.querySelectorAll("input[name=kind][type=radio]"),
                                              function (input) { return input.value === first("kind"); });
    if (kindRadio) kindRadio.checked = true;
    else if (first("kind") !== kind()) state.carry.kind = first("kind");
    var camera = form.querySelector("input[name=camera]");
    if ((camera ? camera.value : "") !== first("camera")) state.carry.camera = first("camera");
    form.className = "capture kind-" + kind();
    form.querySelectorAll("#step-attributes input[type=radio]").forEach(function (input) {
      if (values[input.name]) input.checked = values[input.name][0] === input.value;
    });
    S.TEXT_FIELDS.concat(["notes"]).forEach(function (name) {
      var input = form.querySelector("[name=" + name + "]");
      if (input) input.value = first(name);
    });
    if (first("lat") && first("lon")) {
      S.setLocation(Number(first("lat")), Number(first("lon")), first("accuracy_m") ? Number(first("accuracy_m")) : null, "saved");
    }
    (values.directions || []).forEach(function (deg) { S.addDirection(Number(deg), false); });
    S.addFiles(entry.photos.map(function (photo) { return new File([photo.blob], photo.name, { type: photo.blob.type }); }));
    state.editing = { key: entry.key, created: entry.created };
    document.getElementById("editing-note").hidden = false;
    if (entry.errors && typeof entry.errors === "object") S.showApiErrors(entry.errors);
    else form.scrollIntoView({ block: "start" });
  }

  window.CameramapCapture = { edit: edit, sending: S.sending };

  /* ------------------------------------------------------------------------ start */

  function start() {
    if (config.camera) {
      S.setLocation(config.camera.lat, config.camera.lon, null, "camera");
      if (kind() === "correct" || kind() === "confirm") {
        (config.camera.directions || []).forEach(function (deg) { S.addDirection(deg, false); });
      }
    }
    S.renderDirectionList();
    if (navigator.permissions && navigator.permissions.query) {
      navigator.permissions.query({ name: "geolocation" }).then(function (result) {
        if (result.state === "granted" && (!state.location || state.location.source === "camera") && !config.camera) S.locate();
      }).catch(function () {});
    }
  }

  start();
})();
