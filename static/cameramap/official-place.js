/* Placing an unlocated official entry by hand: click the map (or drag the pin) and the latitude
   and longitude fields follow; typing in the fields moves the pin. The list's located entries
   are shown as small grey dots for orientation. Data from a json_script block (no inline script).

   Reads the global of the vendored Leaflet (L). */
const element = document.querySelector("[data-place-map]");
if (element && typeof L !== "undefined") {
  const data = JSON.parse(document.getElementById(element.dataset.placeMap).textContent);
  const lat = document.getElementById("place-lat");
  const lon = document.getElementById("place-lon");
  const map = L.map(element);
  window.cameramapMap = map;
  L.tileLayer(data.tiles.url, { attribution: data.tiles.attribution, maxZoom: 20, maxNativeZoom: 19 }).addTo(map);
  data.others.forEach(([y, x, ref]) => {
    L.circleMarker([y, x], { radius: 3, color: "#757575", weight: 1, fillOpacity: 0.6 }).bindTooltip(ref).addTo(map);
  });
  let marker = null;
  function put(latlng, fromFields) {
    if (marker === null) {
      marker = L.marker(latlng, { draggable: true, keyboard: true }).addTo(map);
      marker.on("dragend", () => put(marker.getLatLng(), false));
    } else {
      marker.setLatLng(latlng);
    }
    if (!fromFields) {
      lat.value = latlng.lat.toFixed(7);
      lon.value = latlng.lng.toFixed(7);
    }
  }
  const start = lat.value && lon.value ? [Number(lat.value), Number(lon.value)] : data.entry;
  if (start) { put(L.latLng(start[0], start[1]), true); }
  if (start) { map.setView(start, 18); }
  else if (data.others.length) { map.fitBounds(data.others.map(([y, x]) => [y, x]), { maxZoom: 17 }); }
  else if (data.centre) { map.setView(data.centre, 15); }
  else { map.setView([0, 0], 2); }
  map.on("click", (event) => put(event.latlng, false));
  [lat, lon].forEach((input) => input.addEventListener("change", () => {
    if (lat.value !== "" && lon.value !== "" && !Number.isNaN(Number(lat.value)) && !Number.isNaN(Number(lon.value))) {
      put(L.latLng(Number(lat.value), Number(lon.value)), true);
    }
  }));
}
