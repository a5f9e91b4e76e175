/* The capture page: photos (with their GPS read here, before upload, because some phone
 * browsers strip it), a pin on the map, direction arrows dragged around the pin, tap choices,
 * then one multipart POST to the reports API. API errors are shown next to their fields.
 *
 * Every report is first kept on the phone by the outbox (outbox.js) and sent from there: when
 * there is no signal (or the server is busy) it stays in the "waiting to send" list (offline.js)
 * and the form is cleared for the next camera. A kept report the API refused can be loaded back
 * into this form to be corrected (CameramapCapture.edit). */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("submit-config").textContent);
  var T = config.text;
  var form = document.getElementById("submit-form");
  var FAR_M = 50;          // warn when photo GPS and pin are further apart than this
  var HANDLE_PX = 70;      // distance of a direction handle from the pin, in screen pixels
  var Outbox = window.CameramapOutbox;
  var gettext = window.gettext || function (text) { return text; };

  var state = {
    photos: [],            // {file, url, meta: {lat, lon, heading, accuracy} | null}
    location: null,        // {lat, lon, accuracy, source: device|photo|pin|camera|saved}
    directions: [],        // [{deg, handle, line, suggested}]
    editing: null,         // {key, created} of a kept report loaded back into the form
    carry: {},             // its kind and camera, when this page's form cannot show them
  };

  function format(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function kind() {
    if (state.carry.kind) return state.carry.kind;
    var checked = form.querySelector("input[name=kind]:checked") || form.querySelector("input[name=kind]");
    return checked ? checked.value : "new";
  }

  /* ---------------------------------------------------------------- the map and the pin */

  var map = L.map("submit-map", { zoomControl: true, tap: true }).setView(config.center, config.zoom);
  L.tileLayer(config.tileUrl, { attribution: config.tileAttribution, maxZoom: 19 }).addTo(map);
  var pin = null;
  var accuracyCircle = null;

  function setLocation(lat, lon, accuracy, source) {
    state.location = { lat: lat, lon: lon, accuracy: accuracy, source: source };
    var latlng = L.latLng(lat, lon);
    if (!pin) {
      // Dragged with a pointer; from the keyboard the map is moved under it (#pin-centre).
      pin = L.marker(latlng, { draggable: true, autoPan: true, keyboard: false, alt: "" }).addTo(map);
      pin.on("drag", function () { placeHandles(); });
      pin.on("dragend", function () {
        var p = pin.getLatLng();
        setLocation(p.lat, p.lng, null, "pin");
      });
    } else {
      pin.setLatLng(latlng);
    }
    if (accuracyCircle) { map.removeLayer(accuracyCircle); accuracyCircle = null; }
    if (accuracy) {
      accuracyCircle = L.circle(latlng, { radius: accuracy, weight: 1, fillOpacity: 0.08, interactive: false }).addTo(map);
    }
    if (source !== "pin") map.setView(latlng, Math.max(map.getZoom(), 18));
    var status = { device: format(T.deviceLocation, { m: Math.round(accuracy || 0) }), photo: T.photoLocation,
                   pin: T.pinLocation, camera: T.cameraLocation,
                   saved: gettext("The location kept with this report. Drag the pin if it is off.") }[source];
    document.getElementById("location-status").textContent = status;
    clearError("location");
    placeHandles();
    checkPhotoDistance();
  }

  map.on("click", function (event) {
    setLocation(event.latlng.lat, event.latlng.lng, null, "pin");
  });
  map.on("zoomend moveend resize", function () { placeHandles(); });

  function locate() {
    var status = document.getElementById("location-status");
    if (!navigator.geolocation) { status.textContent = T.geoUnsupported; return; }
    status.textContent = T.locating;
    navigator.geolocation.getCurrentPosition(function (position) {
      setLocation(position.coords.latitude, position.coords.longitude, position.coords.accuracy, "device");
    }, function (error) {
      status.textContent = error.code === error.PERMISSION_DENIED ? T.geoDenied : T.geoUnavailable;
    }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 30000 });
  }
  document.getElementById("locate").addEventListener("click", locate);
  document.getElementById("pin-centre").addEventListener("click", function () {
    var centre = map.getCenter();
    setLocation(centre.lat, centre.lng, null, "pin");
  });

  /* ------------------------------------------------------------------------- photos */

  var previews = document.getElementById("previews");

  function addFiles(files) {
    clearError("photos");
    Array.prototype.forEach.call(files, function (file) {
      if (state.photos.length >= config.maxPhotos) { showError("photos", T.tooMany); return; }
      if (file.size > config.maxBytes) { showError("photos", format(T.tooLarge, { name: file.name })); return; }
      if (file.type && file.type.indexOf("image/") !== 0 && !/\.(heic|heif)$/i.test(file.name)) {
        showError("photos", format(T.notImage, { name: file.name }));
        return;
      }
      var photo = { file: file, url: URL.createObjectURL(file), meta: null };
      state.photos.push(photo);
      renderPreviews();
      readMetadata(photo);
    });
  }

  function readMetadata(photo) {
    if (!window.exifr) { photo.meta = {}; renderPreviews(); return; }
    exifr.parse(photo.file, { gps: true, ifd0: false, exif: false, interop: false, ifd1: false, xmp: false,
                              icc: false, iptc: false, jfif: false, ihdr: false })
      .then(function (tags) {
        tags = tags || {};
        photo.meta = {
          lat: typeof tags.latitude === "number" && isFinite(tags.latitude) ? tags.latitude : null,
          lon: typeof tags.longitude === "number" && isFinite(tags.longitude) ? tags.longitude : null,
          heading: typeof tags.GPSImgDirection === "number" && isFinite(tags.GPSImgDirection) ? tags.GPSImgDirection % 360 : null,
          accuracy: typeof tags.GPSHPositioningError === "number" ? tags.GPSHPositioningError : null,
        };
        if (photo.meta.lat === 0 && photo.meta.lon === 0) { photo.meta.lat = photo.meta.lon = null; }
      })
      .catch(function () { photo.meta = {}; })
      .then(function () {
        if (state.photos.indexOf(photo) < 0) return;  // removed meanwhile
        renderPreviews();
        var meta = photo.meta;
        if (meta.lat !== null && meta.lat !== undefined && (!state.location || state.location.source === "camera")) {
          setLocation(meta.lat, meta.lon, meta.accuracy, "photo");
        }
        if (meta.heading !== null && meta.heading !== undefined) suggestDirection(meta.heading);
        checkPhotoDistance();
      });
  }

  function renderPreviews() {
    previews.innerHTML = "";
    state.photos.forEach(function (photo, index) {
      var item = document.createElement("li");
      item.className = "preview";
      var img = document.createElement("img");
      img.alt = photo.file.name;
      img.src = photo.url;
      img.onerror = function () {  // HEIC in a browser that cannot draw it
        var box = document.createElement("span");
        box.className = "no-preview";
        box.textContent = photo.file.name + " (" + T.noPreview + ")";
        img.replaceWith(box);
      };
      item.appendChild(img);
      var caption = document.createElement("span");
      caption.className = "preview-meta";
      if (photo.meta) {
        var parts = [photo.meta.lat != null ? T.photoGps : T.photoNoGps];
        if (photo.meta.heading != null) parts.push(format(T.photoFaced, { deg: Math.round(photo.meta.heading) }));
        caption.textContent = parts.join(" · ");
      }
      item.appendChild(caption);
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "button small remove-photo";
      remove.textContent = T.remove;
      remove.setAttribute("aria-label", T.remove + ": " + photo.file.name);
      remove.addEventListener("click", function () {
        URL.revokeObjectURL(photo.url);
        state.photos.splice(state.photos.indexOf(photo), 1);
        renderPreviews();
        checkPhotoDistance();
        // The focus goes to the next photo's button, or back to "Choose photos".
        var buttons = previews.querySelectorAll(".remove-photo");
        (buttons[Math.min(index, buttons.length - 1)] || document.getElementById("photo-files")).focus();
      });
      item.appendChild(remove);
      previews.appendChild(item);
    });
  }

  ["photo-camera", "photo-files"].forEach(function (id) {
    var input = document.getElementById(id);
    input.addEventListener("change", function () {
      addFiles(input.files);
      input.value = "";  // the same file may be chosen again after removing it
    });
  });

  function checkPhotoDistance() {
    var warning = document.getElementById("location-warning");
    warning.hidden = true;
    if (!state.location) return;
    var here = L.latLng(state.location.lat, state.location.lon);
    for (var i = 0; i < state.photos.length; i++) {
      var meta = state.photos[i].meta;
      if (!meta || meta.lat == null) continue;
      var distance = map.distance(here, L.latLng(meta.lat, meta.lon));
      if (distance > FAR_M) {
        document.getElementById("location-warning-text").textContent =
          format(T.farFromPhoto, { distance: distance < 10000 ? Math.round(distance) + " m" : Math.round(distance / 1000) + " km", n: i + 1 });
        warning.dataset.photo = String(i);
        warning.hidden = false;
        return;
      }
    }
  }

  document.getElementById("use-photo-location").addEventListener("click", function () {
    var index = Number(document.getElementById("location-warning").dataset.photo || 0);
    var meta = state.photos[index] && state.photos[index].meta;
    if (meta && meta.lat != null) setLocation(meta.lat, meta.lon, meta.accuracy, "photo");
  });

  /* --------------------------------------------------------------------- directions */

  var directionList = document.getElementById("directions");
  var suggestButton = document.getElementById("direction-suggest");
  var suggestion = null;

  function bearing(fromPoint, toPoint) {
    var degrees = Math.atan2(toPoint.x - fromPoint.x, fromPoint.y - toPoint.y) * 180 / Math.PI;
    return Math.round((degrees + 360) % 360) % 360;
  }

  function handlePoint(deg) {
    var origin = map.latLngToContainerPoint(pin.getLatLng());
    var radians = deg * Math.PI / 180;
    return map.containerPointToLatLng(L.point(origin.x + HANDLE_PX * Math.sin(radians), origin.y - HANDLE_PX * Math.cos(radians)));
  }

  function arrowIcon(deg) {
    var arrow = document.createElement("span");  // an element, not markup: the CSP allows no inline style
    arrow.className = "direction-arrow";
    arrow.textContent = "\u2191";
    arrow.style.transform = "rotate(" + deg + "deg)";
    return L.divIcon({
      className: "direction-handle",
      html: arrow,
      iconSize: [44, 44],
      iconAnchor: [22, 22],
    });
  }

  function turnArrow(direction) {
    var arrow = direction.handle.getElement() && direction.handle.getElement().querySelector(".direction-arrow");
    if (arrow) arrow.style.transform = "rotate(" + direction.deg + "deg)";
    direction.handle.getElement().setAttribute("aria-label", direction.deg + "°");
  }

  function addDirection(deg, suggested) {
    if (state.directions.length >= 8) return;
    if (state.directions.some(function (d) { return d.deg === deg; })) return;
    var direction = { deg: deg, suggested: !!suggested, handle: null, line: null };
    state.directions.push(direction);
    renderDirections();
  }

  function ensureHandle(direction) {
    if (!pin) return;
    if (!direction.handle) {
      direction.line = L.polyline([pin.getLatLng(), pin.getLatLng()], { weight: 4, interactive: false, className: "direction-line" }).addTo(map);
      direction.handle = L.marker(pin.getLatLng(), { draggable: true, icon: arrowIcon(direction.deg), keyboard: false,
                                                     title: format(T.direction, { n: state.directions.indexOf(direction) + 1 }) }).addTo(map);
      direction.handle.on("drag", function () {
        var origin = map.latLngToContainerPoint(pin.getLatLng());
        direction.deg = bearing(origin, map.latLngToContainerPoint(direction.handle.getLatLng()));
        direction.suggested = false;
        direction.line.setLatLngs([pin.getLatLng(), direction.handle.getLatLng()]);
        turnArrow(direction);  // not setIcon: replacing the element would end the drag
        renderDirectionList();
      });
      direction.handle.on("dragend", function () { placeHandles(); });
    }
  }

  function placeHandles() {
    if (!pin) return;
    state.directions.forEach(function (direction) {
      ensureHandle(direction);
      var tip = handlePoint(direction.deg);
      direction.handle.setLatLng(tip);
      turnArrow(direction);
      direction.line.setLatLngs([pin.getLatLng(), tip]);
    });
  }

  function removeDirection(direction) {
    if (direction.handle) { map.removeLayer(direction.handle); map.removeLayer(direction.line); }
    state.directions.splice(state.directions.indexOf(direction), 1);
    renderDirections();
  }

  function renderDirectionList() {
    directionList.innerHTML = "";
    state.directions.forEach(function (direction, index) {
      var item = document.createElement("li");
      item.className = "direction";
      var label = document.createElement("label");
      label.textContent = format(T.direction, { n: index + 1 }) + " ";
      var input = document.createElement("input");
      input.type = "number";
      input.min = "0";
      input.max = "359";
      input.inputMode = "numeric";
      input.className = "direction-degrees";
      input.value = String(direction.deg);
      input.addEventListener("change", function () {
        var value = Math.round(Number(input.value));
        if (isFinite(value)) { direction.deg = ((value % 360) + 360) % 360; direction.suggested = false; placeHandles(); }
        // Not drawn again: the keyboard focus, already on its way to the next control, stays.
        input.value = String(direction.deg);
        var note = item.querySelector("small");
        if (note && !direction.suggested) note.remove();
      });
      label.appendChild(input);
      label.appendChild(document.createTextNode("°"));
      item.appendChild(label);
      if (direction.suggested && suggestion) {
        var note = document.createElement("small");
        note.textContent = " " + format(T.suggested, { from: Math.round(suggestion.from), deg: direction.deg });
        item.appendChild(note);
      }
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "button small";
      remove.textContent = T.remove;
      remove.setAttribute("aria-label", T.remove + ": " + format(T.direction, { n: index + 1 }));
      remove.addEventListener("click", function () {
        removeDirection(direction);
        document.getElementById("direction-add").focus();  // the button itself is gone
      });
      item.appendChild(remove);
      directionList.appendChild(item);
    });
    document.getElementById("direction-unknown-note").hidden = state.directions.length > 0;
  }

  function renderDirections() {
    placeHandles();
    renderDirectionList();
    clearError("directions");
  }

  function suggestDirection(heading) {
    // The phone faced the camera, so the camera faces roughly the other way.
    var deg = Math.round(heading + 180) % 360;
    suggestion = { from: heading, deg: deg };
    if (state.directions.length === 0) {
      addDirection(deg, true);
      suggestButton.hidden = true;
    } else if (!state.directions.some(function (d) { return d.deg === deg; })) {
      suggestButton.textContent = format(T.addSuggested, { deg: deg });
      suggestButton.hidden = false;
    }
  }

  suggestButton.addEventListener("click", function () {
    if (suggestion) addDirection(suggestion.deg, true);
    suggestButton.hidden = true;
  });

  document.getElementById("direction-add").addEventListener("click", function () {
    if (!pin) { showError("directions", T.needLocation); return; }
    var taken = state.directions.map(function (d) { return d.deg; });
    var deg = 0;
    while (taken.indexOf(deg) >= 0 && deg < 360) deg += 45;
    addDirection(deg % 360, false);
    var inputs = directionList.querySelectorAll(".direction-degrees");  // type the degrees next
    if (inputs.length) inputs[inputs.length - 1].focus();
  });

  document.getElementById("direction-clear").addEventListener("click", function () {
    state.directions.slice().forEach(removeDirection);
  });

  /* ------------------------------------------------------------------ kind of report */

  form.querySelectorAll("input[name=kind]").forEach(function (input) {
    input.addEventListener("change", function () { form.className = "capture kind-" + kind(); });
  });

  /* ---------------------------------------------------------------- errors and submit */

  function errorSlot(field) {
    return form.querySelector('[data-error-for~="' + (window.CSS && CSS.escape ? CSS.escape(field) : field) + '"]');
  }

  function showError(field, message) {
    var slot = errorSlot(field) || document.getElementById("form-error");
    slot.textContent = slot.textContent ? slot.textContent + " " + message : message;
    slot.classList.add("shown");
    return slot;
  }

  function clearError(field) {
    var slot = errorSlot(field);
    if (slot) { slot.textContent = ""; slot.classList.remove("shown"); }
  }

  function clearErrors() {
    form.querySelectorAll("[data-error-for]").forEach(function (slot) { slot.textContent = ""; slot.classList.remove("shown"); });
  }

  function showApiErrors(body) {
    var first = null;
    Object.keys(body || {}).forEach(function (field) {
      var messages = Array.isArray(body[field]) ? body[field] : [String(body[field])];
      var slot = showError(field, messages.join(" "));
      first = first || slot;
    });
    if (first) focusError(first);
  }

  function focusError(slot) {
    slot.scrollIntoView({ block: "center", behavior: "smooth" });
    slot.setAttribute("tabindex", "-1");  // the keyboard goes on from the error
    slot.focus({ preventScroll: true });
  }

  /* A report as the outbox keeps it: name/value pairs (photos and key apart). */
  function fieldPairs() {
    var pairs = [];
    function add(name, value) { pairs.push([name, String(value)]); }
    add("kind", kind());
    var camera = form.querySelector("input[name=camera]");
    var cameraId = state.carry.camera !== undefined ? state.carry.camera : camera ? camera.value : "";
    if (cameraId) add("camera", cameraId);
    if (state.location) {
      add("lat", state.location.lat.toFixed(7));
      add("lon", state.location.lon.toFixed(7));
      if (state.location.accuracy) add("accuracy_m", Math.min(10000, Math.round(state.location.accuracy * 10) / 10));
    }
    if (kind() !== "gone") {
      state.directions.forEach(function (direction) { add("directions", direction.deg); });
      form.querySelectorAll("#step-attributes input[type=radio]:checked").forEach(function (input) {
        add(input.name, input.value);
      });
      TEXT_FIELDS.forEach(function (name) {
        var input = form.querySelector("[name=" + name + "]");
        if (input && input.value.trim()) add(name, input.value.trim());
      });
    }
    var notes = form.querySelector("[name=notes]").value.trim();
    if (notes) add("notes", notes);
    return pairs;
  }

  var TEXT_FIELDS = ["operator", "manufacturer", "model", "facial_recognition_evidence"];

  /* What the API would refuse anyway, said before the report is kept: without signal the
   * volunteer would otherwise learn it only later. */
  function checkBeforeKeeping() {
    if (kind() !== "gone" && state.photos.length === 0) {
      focusError(showError("photos", gettext("Add at least one photo of the camera.")));
      return false;
    }
    var noPhotoGps = state.photos.every(function (photo) { return photo.meta && photo.meta.lat == null; });
    if (!state.location && noPhotoGps) {
      focusError(showError("location", T.needLocation));
      return false;
    }
    return true;
  }

  var button = document.getElementById("submit-button");
  var sendingKey = null;  // the report this form is sending: not listed as waiting meanwhile

  var sendStatus = document.getElementById("send-status");  // read out while sending

  function sendingState(on) {
    button.disabled = on;
    button.textContent = on ? T.sending : T.send;
    if (sendStatus) sendStatus.textContent = on ? T.sending : "";
  }

  function progress(fraction) {
    button.textContent = format(T.sendingProgress, { p: Math.round(100 * fraction) });
  }

  /* Keep the report, send it, and act on the answer: the receipt page when the API has it; the
   * errors beside their fields when it refused it; otherwise it waits in the list. */
  async function submitReport() {
    clearErrors();
    if (!checkBeforeKeeping()) return;
    var report = {
      key: state.editing ? state.editing.key : newKey(),
      created: state.editing ? state.editing.created : Date.now(),
      fields: fieldPairs(),
      photos: state.photos.map(function (photo) { return { blob: photo.file, name: photo.file.name }; }),
    };
    sendingState(true);
    sendingKey = report.key;
    var kept = true;
    try {
      await Outbox.save(report);
    } catch (error) {
      kept = false;  // private browsing or a full disk: send it as before, without keeping it
    }
    var answer;
    if (kept) {
      answer = await Outbox.send(report.key, progress);
      if (!answer) answer = await settled(report.key);  // the outbox's own retry got there first
    } else {
      var result = await Outbox.post(report, progress);
      answer = { outcome: Outbox.outcomeOf(result), result: result };
    }
    sendingState(false);
    sendingKey = null;
    var status = answer.result ? answer.result.status : 0;
    var body = answer.result ? answer.result.body : null;
    if (answer.outcome === "sent") {
      var receiptUrl = (kept && answer.entry.receiptUrl) || (body && body.receipt_url);
      if (kept) await Outbox.remove(report.key);  // the receipt page shows the link itself
      window.location.assign(receiptUrl);
      return;
    }
    if (answer.outcome === "attention") {
      // The form still holds the report: it is corrected here, not in the list.
      if (kept) await Outbox.remove(report.key);
      if (body && typeof body === "object") {
        showApiErrors(body);
        if (!body.detail && !body.non_field_errors) showError("detail", T.failed);
      } else {
        focusError(showError("detail", T.failed));
      }
      return;
    }
    if (!kept) {
      focusError(showError("detail", status === 429 ? format(T.throttled, { min: Math.max(1, Math.ceil((answer.result.retryAfter || 60) / 60)) }) : T.offline));
      return;
    }
    resetForm(true);
    var notice = status === 429
      ? gettext("Too many reports from here just now. Your report is kept on this phone and will be sent by itself in a few minutes.")
      : status
        ? gettext("The server could not take your report just now. It is kept on this phone and will be sent by itself.")
        : gettext("No connection. Your report is kept on this phone and will be sent by itself when the connection is back.");
    if (window.CameramapOffline) window.CameramapOffline.notice(notice);
  }

  async function settled(key) {
    var entry = await Outbox.get(key);
    if (!entry) return { outcome: "retry", result: null };
    if (entry.state === "sent") return { outcome: "sent", entry: entry, result: null };
    if (entry.state === "attention") return { outcome: "attention", entry: entry, result: { status: entry.status, body: entry.errors } };
    return { outcome: "retry", entry: entry, result: { status: entry.status || 0, body: null } };
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    submitReport().catch(function () { sendingState(false); sendingKey = null; showError("detail", T.offline); });
  });

  /* ------------------------------------------------------------- reset and edit again */

  function clearLocation() {
    if (pin) { map.removeLayer(pin); pin = null; }
    if (accuracyCircle) { map.removeLayer(accuracyCircle); accuracyCircle = null; }
    state.location = null;
    document.getElementById("location-status").textContent = "";
    document.getElementById("location-warning").hidden = true;
  }

  /* An empty form for the next camera (as the page first opened). */
  function resetForm(again) {
    form.reset();
    state.photos.forEach(function (photo) { URL.revokeObjectURL(photo.url); });
    state.photos = [];
    renderPreviews();
    state.directions.slice().forEach(removeDirection);
    suggestion = null;
    suggestButton.hidden = true;
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
  function edit(entry) {
    resetForm(false);
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
    TEXT_FIELDS.concat(["notes"]).forEach(function (name) {
      var input = form.querySelector("[name=" + name + "]");
      if (input) input.value = first(name);
    });
    if (first("lat") && first("lon")) {
      setLocation(Number(first("lat")), Number(first("lon")), first("accuracy_m") ? Number(first("accuracy_m")) : null, "saved");
    }
    (values.directions || []).forEach(function (deg) { addDirection(Number(deg), false); });
    addFiles(entry.photos.map(function (photo) { return new File([photo.blob], photo.name, { type: photo.blob.type }); }));
    state.editing = { key: entry.key, created: entry.created };
    document.getElementById("editing-note").hidden = false;
    if (entry.errors && typeof entry.errors === "object") showApiErrors(entry.errors);
    else form.scrollIntoView({ block: "start" });
  }

  window.CameramapCapture = { edit: edit, sending: function () { return sendingKey; } };

  /* ------------------------------------------------------------------------ start */

  function start() {
    if (config.camera) {
      setLocation(config.camera.lat, config.camera.lon, null, "camera");
      if (kind() === "correct" || kind() === "confirm") {
        (config.camera.directions || []).forEach(function (deg) { addDirection(deg, false); });
      }
    }
    renderDirectionList();
    if (navigator.permissions && navigator.permissions.query) {
      navigator.permissions.query({ name: "geolocation" }).then(function (result) {
        if (result.state === "granted" && (!state.location || state.location.source === "camera") && !config.camera) locate();
      }).catch(function () {});
    }
  }

  start();
})();
