/* cameramap: the public map at /. Reads its settings from the json_script "map-config".
 *
 * Below config.detailZoom it draws the vector tiles of /api/v1/tiles/ (the server groups the
 * cameras of each tile, so the page holds at most a few dozen points per tile whatever the
 * density); from detailZoom on it loads the cameras in view from /api/v1/cameras/?bbox=… (at
 * most config.maxFeatures) and lists them beside the map. Filters, the view and the density
 * layer live in the URL, so the address is always a permalink. Data is only ever put in the
 * page as text.
 *
 * The page's script comes in parts, loaded in this order by web/map.html after icons.js (which
 * makes window.CameraMap) and sharing one object, window.CameraMap.page:
 *   map-state.js    the settings, the filters and the view read from and written to the URL,
 *                   the Leaflet map and its layers (this file)
 *   map-list.js     the list of the cameras in view, and the keyboard focus in it
 *   map-cameras.js  close up: the cameras in view as markers, their cones, and the list
 *   map-groups.js   far away: the groups of the vector tiles
 *   map-density.js  the density layer by district and its legend
 *   map.js          the counts, popups and the keyboard, "locate me", refreshing, the start
 * Each part only defines things and listens; map.js, last, draws the map. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var CM = window.CameraMap;
  var P = CM.page = {
    config: config,
    // Messages from Django's JavaScript catalogue (/jsi18n/, loaded by base.html before this script).
    text: {
      inView: gettext("in view"), inAll: gettext("in all"),
      zoomToList: gettext("Zoom in to list the cameras in view."), noneInView: gettext("No matching camera in view."),
      locating: gettext("Finding your location…"), locateFailed: gettext("Your location is not available: %(reason)s"),
      perKm2: gettext("cameras per km²"), per1000: gettext("cameras per 1,000 residents"), noData: gettext("no data"),
      densityFailed: gettext("District statistics are not available right now."),
      population: gettext("population"), loading: gettext("Loading…"), loadFailed: gettext("The cameras could not be loaded."),
      showOnMap: gettext("Show on map"), camera: gettext("Camera"), unknownOperator: gettext("unknown")
    },
    form: document.getElementById("filters"),
    // The latest refresh (map.js); an answer to an older one is dropped.
    current: 0
  };
  var form = P.form;
  var FILTER_NAMES = ["surveillance_type", "operator_type", "facial_recognition", "status", "added_since"];

  // --- state from the URL ---------------------------------------------------------------
  var initial = new URLSearchParams(window.location.search);
  function number(name, min, max) {
    var value = parseFloat(initial.get(name));
    return isFinite(value) && value >= min && value <= max ? value : null;
  }
  var lat = number("lat", -85, 85), lon = number("lon", -180, 180), zoom = number("z", 0, 19);
  FILTER_NAMES.forEach(function (name) {
    initial.getAll(name).forEach(function (value) {
      Array.prototype.forEach.call(form.elements, function (input) {
        if (input.name !== name) return;
        if (input.type === "checkbox" && input.value === value) input.checked = true;
        if (input.type === "date" && /^\d{4}-\d{2}-\d{2}$/.test(value)) input.value = value;
      });
    });
  });
  var densityBox = P.densityBox = document.getElementById("density");
  var metricSelect = P.metricSelect = document.getElementById("density-metric");
  densityBox.checked = initial.get("density") === "1";
  if (initial.get("metric") === "per_1000") metricSelect.value = "per_1000";

  // --- the map ---------------------------------------------------------------------------
  var map = P.map = L.map("map", {
    center: lat !== null && lon !== null ? [lat, lon] : config.center,
    zoom: zoom !== null ? Math.round(zoom) : config.zoom,
    maxZoom: 19
  });
  L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
  P.densityLayer = L.layerGroup().addTo(map);
  P.coneLayer = L.layerGroup().addTo(map);
  P.markerLayer = L.layerGroup().addTo(map);
  P.groupLayer = L.layerGroup().addTo(map);
  P.markersById = {};
  // Keyboard order inside the map: the map itself, its controls (zoom, attribution), then the
  // markers. Leaflet puts its controls after the panes; they are positioned absolutely, so moving
  // them first in the page changes only the order of Tab.
  var mapElement = P.mapElement = map.getContainer();
  mapElement.insertBefore(mapElement.querySelector(".leaflet-control-container"), mapElement.firstChild);

  P.filterParams = function () {
    var params = new URLSearchParams();
    FILTER_NAMES.forEach(function (name) {
      Array.prototype.forEach.call(form.elements, function (input) {
        if (input.name !== name) return;
        if (input.type === "checkbox" && input.checked) params.append(name, input.value);
        if (input.type === "date" && input.value) params.append(name, input.value);
      });
    });
    return params;
  };

  P.clamp = function (value, min, max) { return Math.max(min, Math.min(max, value)); };

  P.viewBbox = function () {
    var b = map.getBounds(), clamp = P.clamp;
    return [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90), clamp(b.getEast(), -180, 180),
      clamp(b.getNorth(), -90, 90)].map(function (n) { return n.toFixed(6); }).join(",");
  };

  P.updateUrl = function () {
    var params = P.filterParams(), center = map.getCenter();
    params.set("z", map.getZoom());
    params.set("lat", center.lat.toFixed(5));
    params.set("lon", center.lng.toFixed(5));
    if (densityBox.checked) {
      params.set("density", "1");
      params.set("metric", metricSelect.value);
    }
    history.replaceState(null, "", window.location.pathname + "?" + params.toString());
  };

  P.format = function (template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return String(values[key]); });
  };

  P.getJson = function (url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + response.statusText);
      return response.json();
    });
  };
})();
