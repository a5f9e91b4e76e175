/* The capture page, part 2 (see submit-base.js): where the camera is. A pin set by the device's
 * location, a tap on the map, the map's centre (from the keyboard), a photo's GPS or the camera
 * being reported on; a warning when a photo was taken far from the pin. */
(function () {
  "use strict";

  var S = window.CameramapSubmit;
  var T = S.T, state = S.state, map = S.map, format = S.format;
  var FAR_M = 50;          // warn when photo GPS and pin are further apart than this
  var gettext = window.gettext || function (text) { return text; };
  var accuracyCircle = null;

  S.setLocation = function setLocation(lat, lon, accuracy, source) {
    state.location = { lat: lat, lon: lon, accuracy: accuracy, source: source };
    var latlng = L.latLng(lat, lon);
    if (!S.pin) {
      // Dragged with a pointer; from the keyboard the map is moved under it (#pin-centre).
      S.pin = L.marker(latlng, { draggable: true, autoPan: true, keyboard: false, alt: "" }).addTo(map);
      S.pin.on("drag", function () { S.placeHandles(); });
      S.pin.on("dragend", function () {
        var p = S.pin.getLatLng();
        setLocation(p.lat, p.lng, null, "pin");
      });
    } else {
      S.pin.setLatLng(latlng);
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
    S.clearError("location");
    S.placeHandles();
    S.checkPhotoDistance();
  };

  map.on("click", function (event) {
    S.setLocation(event.latlng.lat, event.latlng.lng, null, "pin");
  });
  map.on("zoomend moveend resize", function () { S.placeHandles(); });

  S.locate = function () {
    var status = document.getElementById("location-status");
    if (!navigator.geolocation) { status.textContent = T.geoUnsupported; return; }
    status.textContent = T.locating;
    navigator.geolocation.getCurrentPosition(function (position) {
      S.setLocation(position.coords.latitude, position.coords.longitude, position.coords.accuracy, "device");
    }, function (error) {
      status.textContent = error.code === error.PERMISSION_DENIED ? T.geoDenied : T.geoUnavailable;
    }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 30000 });
  };
  document.getElementById("locate").addEventListener("click", S.locate);
  document.getElementById("pin-centre").addEventListener("click", function () {
    var centre = map.getCenter();
    S.setLocation(centre.lat, centre.lng, null, "pin");
  });

  /* No location, no pin: the form as the page first opened. */
  S.clearLocation = function () {
    if (S.pin) { map.removeLayer(S.pin); S.pin = null; }
    if (accuracyCircle) { map.removeLayer(accuracyCircle); accuracyCircle = null; }
    state.location = null;
    document.getElementById("location-status").textContent = "";
    document.getElementById("location-warning").hidden = true;
  };

  /* ------------------------------------------------------------- the photos' own GPS */

  S.checkPhotoDistance = function () {
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
  };

  document.getElementById("use-photo-location").addEventListener("click", function () {
    var index = Number(document.getElementById("location-warning").dataset.photo || 0);
    var meta = state.photos[index] && state.photos[index].meta;
    if (meta && meta.lat != null) S.setLocation(meta.lat, meta.lon, meta.accuracy, "photo");
  });
})();
