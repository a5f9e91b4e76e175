/* The capture page, part 3 (see submit-base.js): where the camera is. A pin set by the device's
 * location, a tap on the map, the map's centre (from the keyboard), a photo's GPS or the camera
 * being reported on; a warning when a photo was taken far from the pin.
 *
 * Reads the global of the vendored Leaflet (L). */
import { T, clearError, format, map, state } from "./submit-base.js";
import { placeHandles } from "./submit-directions.js";
import { formatDistance, gettext } from "./util.js";

const FAR_M = 50;          // warn when photo GPS and pin are further apart than this
let accuracyCircle = null;

export function setLocation(lat, lon, accuracy, source) {
  state.location = { lat: lat, lon: lon, accuracy: accuracy, source: source };
  const latlng = L.latLng(lat, lon);
  if (!state.pin) {
    // Dragged with a pointer; from the keyboard the map is moved under it (#pin-centre).
    state.pin = L.marker(latlng, { draggable: true, autoPan: true, keyboard: false, alt: "" }).addTo(map);
    state.pin.on("drag", () => { placeHandles(); });
    state.pin.on("dragend", () => {
      const p = state.pin.getLatLng();
      setLocation(p.lat, p.lng, null, "pin");
    });
  } else {
    state.pin.setLatLng(latlng);
  }
  if (accuracyCircle) { map.removeLayer(accuracyCircle); accuracyCircle = null; }
  if (accuracy) {
    accuracyCircle = L.circle(latlng, { radius: accuracy, weight: 1, fillOpacity: 0.08, interactive: false }).addTo(map);
  }
  if (source !== "pin") map.setView(latlng, Math.max(map.getZoom(), 18));
  const status = { device: format(T.deviceLocation, { distance: formatDistance(accuracy || 0) }), photo: T.photoLocation,
                   pin: T.pinLocation, camera: T.cameraLocation,
                   saved: gettext("The location kept with this report. Drag the pin if it is off.") }[source];
  document.getElementById("location-status").textContent = status;
  clearError("location");
  placeHandles();
  checkPhotoDistance();
}

map.on("click", (event) => {
  setLocation(event.latlng.lat, event.latlng.lng, null, "pin");
});
map.on("zoomend moveend resize", () => { placeHandles(); });

export function locate() {
  const status = document.getElementById("location-status");
  if (!navigator.geolocation) { status.textContent = T.geoUnsupported; return; }
  status.textContent = T.locating;
  navigator.geolocation.getCurrentPosition((position) => {
    setLocation(position.coords.latitude, position.coords.longitude, position.coords.accuracy, "device");
  }, (error) => {
    status.textContent = error.code === error.PERMISSION_DENIED ? T.geoDenied : T.geoUnavailable;
  }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 30000 });
}
document.getElementById("locate").addEventListener("click", locate);
document.getElementById("pin-centre").addEventListener("click", () => {
  const centre = map.getCenter();
  setLocation(centre.lat, centre.lng, null, "pin");
});

/* No location, no pin: the form as the page first opened. */
export function clearLocation() {
  if (state.pin) { map.removeLayer(state.pin); state.pin = null; }
  placeHandles();  // no pin, no arrow
  if (accuracyCircle) { map.removeLayer(accuracyCircle); accuracyCircle = null; }
  state.location = null;
  document.getElementById("location-status").textContent = "";
  document.getElementById("location-warning").hidden = true;
}

/* ------------------------------------------------------------- the photos' own GPS */

export function checkPhotoDistance() {
  const warning = document.getElementById("location-warning");
  warning.hidden = true;
  if (!state.location) return;
  const here = L.latLng(state.location.lat, state.location.lon);
  for (let i = 0; i < state.photos.length; i++) {
    const meta = state.photos[i].meta;
    if (!meta || meta.lat == null) continue;
    const distance = map.distance(here, L.latLng(meta.lat, meta.lon));
    if (distance > FAR_M) {
      document.getElementById("location-warning-text").textContent =
        format(T.farFromPhoto, { distance: formatDistance(distance), n: i + 1 });
      warning.dataset.photo = String(i);
      warning.hidden = false;
      return;
    }
  }
}

document.getElementById("use-photo-location").addEventListener("click", () => {
  const index = Number(document.getElementById("location-warning").dataset.photo || 0);
  const meta = state.photos[index] && state.photos[index].meta;
  if (meta && meta.lat != null) setLocation(meta.lat, meta.lon, meta.accuracy, "photo");
});
