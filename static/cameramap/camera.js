/* cameramap: the small map on a camera page — the camera, its field of view, the street around. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var camera = config.camera, CM = window.CameraMap;
  var here = L.latLng(camera.lat, camera.lon);
  var map = L.map("camera-map", { center: here, zoom: 18, maxZoom: 19, scrollWheelZoom: false });
  L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
  // The zoom buttons come right after the map in the keyboard's order (Leaflet puts them last).
  var element = map.getContainer();
  element.insertBefore(element.querySelector(".leaflet-control-container"), element.firstChild);
  CM.cones(here, camera, config.coneAngles).forEach(function (cone) { cone.addTo(map); });
  var marker = L.marker(here, { icon: CM.cameraIcon(camera), keyboard: false }).addTo(map);
  marker.on("add", function () { marker.getElement().setAttribute("data-camera-id", String(camera.id)); });
  if (marker.getElement()) marker.getElement().setAttribute("data-camera-id", String(camera.id));
  window.cameramapMap = map;
})();
