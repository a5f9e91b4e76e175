/* cameramap: the small map on a camera page — the camera, its field of view, the street around.
 *
 * Reads the global of the vendored Leaflet (L). */
import { cameraIcon, cones } from "./icons.js";
import { pageData } from "./util.js";

const config = pageData("map-config");
const camera = config.camera;
const here = L.latLng(camera.lat, camera.lon);
const map = L.map("camera-map", { center: here, zoom: 18, maxZoom: 19, scrollWheelZoom: false });
L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
// The zoom buttons come right after the map in the keyboard's order (Leaflet puts them last).
const element = map.getContainer();
element.insertBefore(element.querySelector(".leaflet-control-container"), element.firstChild);
cones(here, camera, config.coneAngles).forEach((cone) => { cone.addTo(map); });
const marker = L.marker(here, { icon: cameraIcon(camera), keyboard: false }).addTo(map);
marker.on("add", () => { marker.getElement().setAttribute("data-camera-id", String(camera.id)); });
if (marker.getElement()) marker.getElement().setAttribute("data-camera-id", String(camera.id));
window.cameramapMap = map;  // for the browser tests and for people poking at the page
