/* The public map, part 3 (see map-state.js): close up (from config.detailZoom on), the cameras
 * in view from /api/v1/cameras/?bbox=…, as markers with their field-of-view cones, and listed. */
(function () {
  "use strict";
  var CM = window.CameraMap, P = CM.page;
  var config = P.config, text = P.text, map = P.map, markersById = P.markersById;

  function cameraTitle(props) {
    return (config.labels.surveillance_type[props.surveillance_type] || text.camera) +
      (props.operator ? " · " + props.operator : "");
  }

  function addCamera(id, latlng, props, withPopupFetch) {
    if (markersById[id]) return markersById[id];
    var title = cameraTitle(props);
    var marker = L.marker(latlng, { icon: CM.cameraIcon(props), title: title, alt: title, riseOnHover: true });
    marker.cameraId = id;
    if (withPopupFetch) {
      marker.bindPopup(CM.el("p", null, text.loading));
      marker.on("popupopen", function () {
        P.getJson(config.urls.cameraApi.replace("{id}", encodeURIComponent(id))).then(function (feature) {
          marker.setPopupContent(CM.popupContent(id, feature.properties, config));
        }).catch(function () { marker.setPopupContent(CM.el("p", null, text.loadFailed)); });
      });
    } else {
      marker.bindPopup(function () { return CM.popupContent(id, props, config); });
    }
    marker.on("add", function () {
      var element = marker.getElement();
      if (element) element.setAttribute("data-camera-id", String(id));
    });
    marker.addTo(P.markerLayer);
    markersById[id] = marker;
    return marker;
  }

  // Show exactly these cameras ([{id, latlng, props, fetchPopup}]). Markers already on the map
  // stay where they are, so a popup opened on one (and the keyboard focus in it) survives the
  // reload that follows every move of the map, including the move that opening it causes.
  P.showCameras = function (cameras) {
    var wanted = {};
    cameras.forEach(function (camera) { wanted[camera.id] = true; });
    Object.keys(markersById).forEach(function (id) {
      if (!wanted[id]) { P.markerLayer.removeLayer(markersById[id]); delete markersById[id]; }
    });
    P.coneLayer.clearLayers();
    var cones = map.getZoom() >= config.coneZoom;
    cameras.forEach(function (camera) {
      addCamera(camera.id, camera.latlng, camera.props, camera.fetchPopup);
      if (cones) CM.cones(camera.latlng, camera.props, config.coneAngles).forEach(function (cone) { cone.addTo(P.coneLayer); });
    });
  };

  P.loadCameras = function (generation) {
    var params = P.filterParams();
    params.set("bbox", P.viewBbox());
    params.set("limit", config.maxFeatures);
    P.listStatus.textContent = text.loading;
    P.getJson(config.urls.cameras + "?" + params.toString()).then(function (collection) {
      if (generation !== P.current) return;
      P.groupLayer.clearLayers();
      P.showCameras(collection.features.map(function (feature) {
        var c = feature.geometry.coordinates;  // GeoJSON: [lon, lat]
        return { id: feature.id, latlng: L.latLng(c[1], c[0]), props: feature.properties, fetchPopup: false };
      }));
      P.showList(collection.features, collection.count);
      P.mapElement.setAttribute("data-drawn-zoom", String(map.getZoom()));
    }).catch(function () { if (generation === P.current) P.listStatus.textContent = text.loadFailed; });
  };
})();
