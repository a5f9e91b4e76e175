/* cameramap: the public map at /. Reads its settings from the json_script "map-config".
 *
 * Below config.detailZoom it draws the vector tiles of /api/v1/tiles/ (the server groups the
 * cameras of each tile, so the page holds at most a few dozen points per tile whatever the
 * density); from detailZoom on it loads the cameras in view from /api/v1/cameras/?bbox=… (at
 * most config.maxFeatures) and lists them beside the map. Filters, the view and the density
 * layer live in the URL, so the address is always a permalink. Data is only ever put in the
 * page as text. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var CM = window.CameraMap;
  // Messages from Django's JavaScript catalogue (/jsi18n/, loaded by base.html before this script).
  var text = {
    inView: gettext("in view"), inAll: gettext("in all"),
    zoomToList: gettext("Zoom in to list the cameras in view."), noneInView: gettext("No matching camera in view."),
    locating: gettext("Finding your location…"), locateFailed: gettext("Your location is not available: %(reason)s"),
    perKm2: gettext("cameras per km²"), per1000: gettext("cameras per 1,000 residents"), noData: gettext("no data"),
    densityFailed: gettext("District statistics are not available right now."),
    population: gettext("population"), loading: gettext("Loading…"), loadFailed: gettext("The cameras could not be loaded."),
    showOnMap: gettext("Show on map"), camera: gettext("Camera"), unknownOperator: gettext("unknown")
  };
  var form = document.getElementById("filters");
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
  var densityBox = document.getElementById("density"), metricSelect = document.getElementById("density-metric");
  densityBox.checked = initial.get("density") === "1";
  if (initial.get("metric") === "per_1000") metricSelect.value = "per_1000";

  // --- the map ---------------------------------------------------------------------------
  var map = L.map("map", {
    center: lat !== null && lon !== null ? [lat, lon] : config.center,
    zoom: zoom !== null ? Math.round(zoom) : config.zoom,
    maxZoom: 19
  });
  L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
  var densityLayer = L.layerGroup().addTo(map);
  var coneLayer = L.layerGroup().addTo(map);
  var markerLayer = L.layerGroup().addTo(map);
  var groupLayer = L.layerGroup().addTo(map);
  var markersById = {};
  // Keyboard order inside the map: the map itself, its controls (zoom, attribution), then the
  // markers. Leaflet puts its controls after the panes; they are positioned absolutely, so moving
  // them first in the page changes only the order of Tab.
  var mapElement = map.getContainer();
  mapElement.insertBefore(mapElement.querySelector(".leaflet-control-container"), mapElement.firstChild);

  function filterParams() {
    var params = new URLSearchParams();
    FILTER_NAMES.forEach(function (name) {
      Array.prototype.forEach.call(form.elements, function (input) {
        if (input.name !== name) return;
        if (input.type === "checkbox" && input.checked) params.append(name, input.value);
        if (input.type === "date" && input.value) params.append(name, input.value);
      });
    });
    return params;
  }

  function clamp(value, min, max) { return Math.max(min, Math.min(max, value)); }

  function viewBbox() {
    var b = map.getBounds();
    return [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90), clamp(b.getEast(), -180, 180),
      clamp(b.getNorth(), -90, 90)].map(function (n) { return n.toFixed(6); }).join(",");
  }

  function updateUrl() {
    var params = filterParams(), center = map.getCenter();
    params.set("z", map.getZoom());
    params.set("lat", center.lat.toFixed(5));
    params.set("lon", center.lng.toFixed(5));
    if (densityBox.checked) {
      params.set("density", "1");
      params.set("metric", metricSelect.value);
    }
    history.replaceState(null, "", window.location.pathname + "?" + params.toString());
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return String(values[key]); });
  }

  function getJson(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + response.statusText);
      return response.json();
    });
  }

  // --- counts ----------------------------------------------------------------------------
  var totals = {};
  var countOut = document.getElementById("match-count");
  function updateCount(generation) {
    var filters = filterParams().toString();
    var inView = new URLSearchParams(filters);
    inView.set("bbox", viewBbox());
    var total = totals[filters] !== undefined ? Promise.resolve(totals[filters]) :
      getJson(config.urls.count + "?" + filters).then(function (body) { return (totals[filters] = body.count); });
    Promise.all([getJson(config.urls.count + "?" + inView.toString()), total]).then(function (results) {
      if (generation !== current) return;
      countOut.textContent = "";
      var strong = CM.el("strong", null, results[0].count.toLocaleString());
      countOut.appendChild(strong);
      countOut.appendChild(document.createTextNode(" " + ngettext("matching camera", "matching cameras", results[0].count) + " " + text.inView + " · " +
        results[1].toLocaleString() + " " + text.inAll));
      countOut.dataset.count = results[0].count;
      countOut.dataset.total = results[1];
    }).catch(function () { countOut.textContent = text.loadFailed; });
  }

  // --- cameras in view (close up) ----------------------------------------------------------
  var listOut = document.getElementById("camera-list"), listStatus = document.getElementById("list-status");
  var listZoom = document.getElementById("list-zoom");
  var LIST_MAX = 200;

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
        getJson(config.urls.cameraApi.replace("{id}", encodeURIComponent(id))).then(function (feature) {
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
    marker.addTo(markerLayer);
    markersById[id] = marker;
    return marker;
  }

  // Show exactly these cameras ([{id, latlng, props, fetchPopup}]). Markers already on the map
  // stay where they are, so a popup opened on one (and the keyboard focus in it) survives the
  // reload that follows every move of the map, including the move that opening it causes.
  function showCameras(cameras) {
    var wanted = {};
    cameras.forEach(function (camera) { wanted[camera.id] = true; });
    Object.keys(markersById).forEach(function (id) {
      if (!wanted[id]) { markerLayer.removeLayer(markersById[id]); delete markersById[id]; }
    });
    coneLayer.clearLayers();
    var cones = map.getZoom() >= config.coneZoom;
    cameras.forEach(function (camera) {
      addCamera(camera.id, camera.latlng, camera.props, camera.fetchPopup);
      if (cones) CM.cones(camera.latlng, camera.props, config.coneAngles).forEach(function (cone) { cone.addTo(coneLayer); });
    });
  }

  // The control of the list that has the keyboard focus, to give it back after the list is
  // drawn again (every move of the map draws it again).
  function listFocus() {
    var active = document.activeElement;
    if (!active || !listOut.contains(active)) return null;
    return active.tagName === "BUTTON" ? 'button[data-camera-id="' + active.getAttribute("data-camera-id") + '"]' :
      "#" + active.id;
  }
  function listFocusRestore(selector) {
    if (!selector) return;
    var again = listOut.querySelector(selector) || document.getElementById("list-heading");
    if (again.id === "list-heading") again.setAttribute("tabindex", "-1");
    again.focus({ preventScroll: true });
  }

  function showList(features, count) {
    var focusWas = listFocus();
    showListItems(features, count);
    listFocusRestore(focusWas);
  }

  function showListItems(features, count) {
    listOut.textContent = "";
    listZoom.hidden = true;
    if (!features.length) { listStatus.textContent = text.noneInView; return; }
    listStatus.textContent = count > features.length ?
      interpolate(ngettext("Showing the first %(shown)s of %(count)s camera in view; zoom in to see all.",
        "Showing the first %(shown)s of %(count)s cameras in view; zoom in to see all.", count),
        { shown: features.length.toLocaleString(), count: count.toLocaleString() }, true) : "";
    features.slice(0, LIST_MAX).forEach(function (feature) {
      var props = feature.properties, item = CM.el("li");
      var name = (config.labels.surveillance_type[props.surveillance_type] || text.camera) +
        " · " + (props.operator || text.unknownOperator) + " · " + (config.labels.operator_type[props.operator_type] || "");
      // Status in words too: on the map a removed or covered camera is only drawn faded.
      if (props.status && props.status !== "present") name += " · " + (config.labels.status[props.status] || props.status);
      var link = CM.el("a", null, name);
      link.href = config.urls.cameraPage.replace("{id}", encodeURIComponent(feature.id));
      link.id = "camera-item-" + feature.id;
      var show = CM.el("button", "link-button", text.showOnMap);
      show.type = "button";
      show.setAttribute("data-camera-id", String(feature.id));
      show.setAttribute("aria-describedby", link.id);  // which camera: "Show on map" is on every line
      show.addEventListener("click", function () {
        var marker = markersById[feature.id];
        if (marker) { map.panTo(marker.getLatLng()); marker.openPopup(); }
      });
      item.appendChild(link);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(show);
      listOut.appendChild(item);
    });
    if (features.length > LIST_MAX) {
      listOut.appendChild(CM.el("li", "note", interpolate(ngettext("… and %(count)s more on the map.", "… and %(count)s more on the map.", features.length - LIST_MAX),
        { count: (features.length - LIST_MAX).toLocaleString() }, true)));
    }
  }

  function loadCameras(generation) {
    var params = filterParams();
    params.set("bbox", viewBbox());
    params.set("limit", config.maxFeatures);
    listStatus.textContent = text.loading;
    getJson(config.urls.cameras + "?" + params.toString()).then(function (collection) {
      if (generation !== current) return;
      groupLayer.clearLayers();
      showCameras(collection.features.map(function (feature) {
        var c = feature.geometry.coordinates;  // GeoJSON: [lon, lat]
        return { id: feature.id, latlng: L.latLng(c[1], c[0]), props: feature.properties, fetchPopup: false };
      }));
      showList(collection.features, collection.count);
      mapElement.setAttribute("data-drawn-zoom", String(map.getZoom()));
    }).catch(function () { if (generation === current) listStatus.textContent = text.loadFailed; });
  }

  // --- groups (far away): vector tiles -----------------------------------------------------
  var tileCache = {}, tileCacheSize = 0;
  function fetchTile(url) {
    if (!tileCache[url]) {
      if (tileCacheSize > 400) { tileCache = {}; tileCacheSize = 0; }
      tileCacheSize++;
      tileCache[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.arrayBuffer();
      }).then(CM.readTile);
      tileCache[url].catch(function () { delete tileCache[url]; });
    }
    return tileCache[url];
  }

  function loadGroups(generation) {
    var z = map.getZoom(), n = Math.pow(2, z), pixels = map.getPixelBounds();
    var x0 = clamp(Math.floor(pixels.min.x / 256), 0, n - 1), x1 = clamp(Math.floor(pixels.max.x / 256), 0, n - 1);
    var y0 = clamp(Math.floor(pixels.min.y / 256), 0, n - 1), y1 = clamp(Math.floor(pixels.max.y / 256), 0, n - 1);
    var query = filterParams().toString(), requests = [];
    for (var x = x0; x <= x1; x++) {
      for (var y = y0; y <= y1; y++) {
        var url = config.urls.tiles.replace("{z}", z).replace("{x}", x).replace("{y}", y) + (query ? "?" + query : "");
        requests.push(fetchTile(url).then((function (tx, ty) {
          return function (points) { return { x: tx, y: ty, points: points }; };
        })(x, y)));
      }
    }
    var focusWas = listFocus();
    listOut.textContent = "";
    listFocusRestore(focusWas);
    listStatus.textContent = text.zoomToList;
    listZoom.hidden = false;
    Promise.all(requests).then(function (tiles) {
      if (generation !== current) return;
      groupLayer.clearLayers();
      var singles = [];
      tiles.forEach(function (tile) {
        tile.points.forEach(function (point) {
          var latlng = CM.tileLatLng(z, tile.x, tile.y, point.x, point.y), props = point.properties;
          if (props.count > 1) {
            var group = L.marker(latlng, { icon: CM.groupIcon(props.count), title: interpolate(ngettext("%(count)s camera here; zoom in", "%(count)s cameras here; zoom in", props.count), { count: props.count }, true) });
            var zoomToGroup = function () {
              // The group's marker goes once the map zooms: keep the keyboard focus in the map.
              if (document.activeElement === group.getElement()) mapElement.focus({ preventScroll: true });
              map.setView(latlng, Math.min(z + 2, config.detailZoom));
            };
            group.on("click", zoomToGroup);
            // Leaflet answers Enter only on markers with a popup; a group zooms in on it too.
            group.on("keypress", function (event) { if (event.originalEvent.key === "Enter") zoomToGroup(); });
            group.addTo(groupLayer);
          } else if (props.id !== undefined) {
            singles.push({ id: props.id, latlng: latlng, props: props, fetchPopup: true });
          }
        });
      });
      showCameras(singles);
      mapElement.setAttribute("data-drawn-zoom", String(z));  // what is drawn is this zoom's (for tests)
    }).catch(function () { if (generation === current) listStatus.textContent = text.loadFailed; });
  }

  listZoom.addEventListener("click", function () {
    map.setZoom(config.detailZoom);
    // The button hides once the cameras are listed; the focus goes to the list's heading.
    var heading = document.getElementById("list-heading");
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  });

  // --- popups and the keyboard ---------------------------------------------------------------
  // A popup opened from a marker or from "Show on map" takes the focus, so it is read out and its
  // link is the next Tab; Escape (or its close button) closes it and gives the focus back.
  var popupOpener = null;
  map.on("popupopen", function (event) {
    var active = document.activeElement, marker = event.popup._source;
    if (!active || active === document.body || active === mapElement) { popupOpener = null; return; }
    popupOpener = { element: active, cameraId: marker && marker.cameraId, inList: !!listOut.contains(active) };
    var box = event.popup.getElement().querySelector(".leaflet-popup-content-wrapper");
    box.setAttribute("tabindex", "-1");
    box.setAttribute("role", "dialog");
    if (marker && marker.options.title) box.setAttribute("aria-label", marker.options.title);
    box.focus({ preventScroll: true });
  });
  map.on("popupclose", function (event) {
    var opener = popupOpener, box = event.popup.getElement();
    popupOpener = null;
    if (!opener || (document.activeElement !== document.body && !(box && box.contains(document.activeElement)))) return;
    var target = opener.element;
    if (!document.contains(target) && opener.inList) {  // the list was drawn again meanwhile
      target = listOut.querySelector('button[data-camera-id="' + String(opener.cameraId) + '"]');
    } else if (!document.contains(target) && markersById[opener.cameraId]) {
      target = markersById[opener.cameraId].getElement();
    }
    if (target && document.contains(target)) target.focus({ preventScroll: true });
  });
  mapElement.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && event.target.closest && event.target.closest(".leaflet-popup")) {
      event.stopPropagation();
      map.closePopup();
    }
  });

  // --- refresh on every change -------------------------------------------------------------
  var current = 0, timer = null;
  function refresh() {
    current++;
    var generation = current;
    updateUrl();
    updateCount(generation);
    if (map.getZoom() >= config.detailZoom) loadCameras(generation);
    else loadGroups(generation);
  }
  function refreshSoon() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 150);
  }
  map.on("moveend", refreshSoon);
  form.addEventListener("change", function () { tileCache = {}; refreshSoon(); });
  form.addEventListener("submit", function (event) { event.preventDefault(); tileCache = {}; refresh(); });
  form.addEventListener("reset", function () { setTimeout(function () { tileCache = {}; refresh(); }, 0); });

  // --- locate me ---------------------------------------------------------------------------
  var locateStatus = document.getElementById("locate-status"), here = null;
  document.getElementById("locate").addEventListener("click", function () {
    locateStatus.textContent = text.locating;
    map.locate({ setView: true, maxZoom: Math.max(config.detailZoom, 16), enableHighAccuracy: true, timeout: 15000 });
  });
  map.on("locationfound", function (event) {
    locateStatus.textContent = "";
    if (here) here.remove();
    here = L.circle(event.latlng, { radius: event.accuracy, className: "you-are-here", interactive: false }).addTo(map);
  });
  map.on("locationerror", function (event) {
    locateStatus.textContent = format(text.locateFailed, { reason: event.message });
  });

  // --- density by district -----------------------------------------------------------------
  var areas = null, densityStatus = document.getElementById("density-status");
  var densityLegend = document.getElementById("density-legend");
  var RAMP = ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"];

  function classBreaks(values) {
    var sorted = values.slice().sort(function (a, b) { return a - b; });
    var breaks = [];
    for (var i = 1; i < RAMP.length; i++) breaks.push(sorted[Math.floor(i * sorted.length / RAMP.length)]);
    return breaks;
  }
  function classOf(value, breaks) {
    var i = 0;
    while (i < breaks.length && value >= breaks[i]) i++;
    return i;
  }
  function numberText(value) { return Number(value).toLocaleString(undefined, { maximumFractionDigits: 2 }); }

  function drawDensity() {
    densityLayer.clearLayers();
    densityLegend.hidden = true;
    if (!densityBox.checked || !areas) return;
    var metric = metricSelect.value;
    var values = areas.features.map(function (f) { return f.properties[metric]; })
      .filter(function (v) { return v !== null && v !== undefined && isFinite(v); });
    var breaks = classBreaks(values.length ? values : [0]);
    L.geoJSON(areas, {
      style: function (feature) {
        var value = feature.properties[metric], known = value !== null && value !== undefined && isFinite(value);
        return { className: "area" + (known ? "" : " area-nodata"), color: "#555", weight: 1,
          fillColor: known ? RAMP[classOf(value, breaks)] : "#bbb", fillOpacity: known ? 0.55 : 0.25 };
      },
      onEachFeature: function (feature, layer) {
        var p = feature.properties, tip = CM.el("div", "area-tip");
        tip.appendChild(CM.el("strong", null, p.name));
        tip.appendChild(CM.el("div", null, numberText(p.cameras) + " " + ngettext("camera", "cameras", p.cameras)));
        var value = p[metric];
        tip.appendChild(CM.el("div", null, value === null || value === undefined ? text.noData :
          numberText(value) + " " + (metric === "per_km2" ? text.perKm2 : text.per1000)));
        if (p.population) tip.appendChild(CM.el("div", null, text.population + ": " + numberText(p.population)));
        layer.bindTooltip(tip, { sticky: true });
      }
    }).addTo(densityLayer);
    densityLegend.textContent = "";
    densityLegend.appendChild(CM.el("h2", null, metric === "per_km2" ? text.perKm2 : text.per1000));
    var list = CM.el("ul", "legend-list");
    var lower = values.length ? Math.min.apply(null, values) : 0;
    RAMP.forEach(function (colour, i) {
      var upper = i < breaks.length ? breaks[i] : (values.length ? Math.max.apply(null, values) : 0);
      var item = CM.el("li");
      var swatch = CM.el("span", "swatch ramp-" + i);
      swatch.setAttribute("aria-hidden", "true");
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(numberText(lower) + " – " + numberText(upper)));
      list.appendChild(item);
      lower = upper;
    });
    var none = CM.el("li");
    var noneSwatch = CM.el("span", "swatch ramp-none");
    noneSwatch.setAttribute("aria-hidden", "true");
    none.appendChild(noneSwatch);
    none.appendChild(document.createTextNode(text.noData));
    list.appendChild(none);
    densityLegend.appendChild(list);
    densityLegend.hidden = false;
  }

  function density() {
    updateUrl();
    if (!densityBox.checked) { drawDensity(); densityStatus.textContent = ""; return; }
    if (areas) { drawDensity(); return; }
    densityStatus.textContent = text.loading;
    getJson(config.urls.areas).then(function (body) {
      areas = body;
      densityStatus.textContent = "";
      drawDensity();
    }).catch(function () { densityStatus.textContent = text.densityFailed; });
  }
  densityBox.addEventListener("change", density);
  metricSelect.addEventListener("change", density);

  // Legend symbols: the same constant SVG as the markers.
  Array.prototype.forEach.call(document.querySelectorAll(".legend-icon"), function (span) {
    var name = span.getAttribute("data-icon");
    var props = name === "dome" ? { surveillance_type: "camera", camera_type: "dome" } : { surveillance_type: name };
    span.appendChild(CM.cameraIcon(props).createIcon());
  });

  window.cameramapMap = map;  // for the browser tests and for people poking at the page
  refresh();
  if (densityBox.checked) density();
})();
