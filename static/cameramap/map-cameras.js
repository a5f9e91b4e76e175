/* The public map, part 3 (see map-state.js): close up (from config.detailZoom on), the cameras
 * in view from /api/v1/cameras/?bbox=…, as markers with their fields of view, and listed. The
 * fields of view are the server's polygons (/api/v1/fields-of-view/, clipped by buildings); a
 * camera the server has not computed one for yet gets the wedge icons.js draws.
 *
 * Reads the global of the vendored Leaflet (L). */
import { cameraIcon, cones, fieldOfView, popupContent } from "./icons.js";
import { listStatus, showList } from "./map-list.js";
import {
  coneLayer, config, filterParams, groupLayer, isLatest, map, mapElement, markerLayer, markersById, text, viewBbox
} from "./map-state.js";
import { el, getJson } from "./util.js";

function cameraTitle(props) {
  return (config.labels.surveillance_type[props.surveillance_type] || text.camera) +
    (props.operator ? " · " + props.operator : "");
}

function addCamera(id, latlng, props, withPopupFetch) {
  if (markersById[id]) return markersById[id];
  const title = cameraTitle(props);
  const marker = L.marker(latlng, { icon: cameraIcon(props), title: title, alt: title, riseOnHover: true });
  marker.cameraId = id;
  if (withPopupFetch) {
    marker.bindPopup(el("p", null, text.loading));
    marker.on("popupopen", () => {
      const asOf = filterParams().get("as_of");  // the camera as it was on the timeline's day
      getJson(config.urls.cameraApi.replace("{id}", encodeURIComponent(id)) + (asOf ? "?as_of=" + asOf : "")).then((feature) => {
        marker.setPopupContent(popupContent(id, feature.properties, config));
      }).catch(() => { marker.setPopupContent(el("p", null, text.loadFailed)); });
    });
  } else {
    marker.bindPopup(() => popupContent(id, props, config));
  }
  marker.on("add", () => {
    const element = marker.getElement();
    if (element) element.setAttribute("data-camera-id", String(id));
  });
  marker.addTo(markerLayer);
  markersById[id] = marker;
  return marker;
}

// Show exactly these cameras ([{id, latlng, props, fetchPopup}]). Markers already on the map
// stay where they are, so a popup opened on one (and the keyboard focus in it) survives the
// reload that follows every move of the map, including the move that opening it causes.
// ``views``: camera id → the server's field of view (a GeoJSON geometry), when fetched.
export function showCameras(cameras, views) {
  const wanted = {};
  cameras.forEach((camera) => { wanted[camera.id] = true; });
  Object.keys(markersById).forEach((id) => {
    if (!wanted[id]) { markerLayer.removeLayer(markersById[id]); delete markersById[id]; }
  });
  coneLayer.clearLayers();
  const withCones = map.getZoom() >= config.coneZoom;
  cameras.forEach((camera) => {
    addCamera(camera.id, camera.latlng, camera.props, camera.fetchPopup);
    if (!withCones) return;
    const view = views && views[camera.id];
    const shapes = view ? [fieldOfView(view, camera.props)] : cones(camera.latlng, camera.props, config.coneAngles);
    shapes.forEach((shape) => { shape.addTo(coneLayer); });
  });
}

export function loadCameras(refresh) {
  const params = filterParams();
  params.set("bbox", viewBbox());
  params.set("limit", config.maxFeatures);
  listStatus.textContent = text.loading;
  // The fields of view only where they are drawn; when they fail to load, the wedges stand in.
  const views = map.getZoom() >= config.coneZoom
    ? getJson(config.urls.fieldsOfView + "?" + params.toString()).catch(() => ({ features: [] }))
    : Promise.resolve({ features: [] });
  Promise.all([getJson(config.urls.cameras + "?" + params.toString()), views]).then(([collection, fovs]) => {
    if (!isLatest(refresh)) return;
    groupLayer.clearLayers();
    const byId = {};
    fovs.features.forEach((feature) => { byId[feature.id] = feature.geometry; });
    showCameras(collection.features.map((feature) => {
      const c = feature.geometry.coordinates;  // GeoJSON: [lon, lat]
      return { id: feature.id, latlng: L.latLng(c[1], c[0]), props: feature.properties, fetchPopup: false };
    }), byId);
    showList(collection.features, collection.count);
    mapElement.setAttribute("data-drawn-zoom", String(map.getZoom()));
  }).catch(() => { if (isLatest(refresh)) listStatus.textContent = text.loadFailed; });
}
