/* The public map, last part (see map-state.js for the others): the counts of matching cameras,
 * popups and the keyboard, "locate me", a refresh at every change of the view or the filters,
 * the legend's symbols, and the start. */
(function () {
  "use strict";
  var CM = window.CameraMap, P = CM.page;
  var config = P.config, text = P.text, form = P.form, map = P.map, mapElement = P.mapElement;
  var listOut = P.listOut, markersById = P.markersById;

  // --- counts ----------------------------------------------------------------------------
  var totals = {};
  var countOut = document.getElementById("match-count");
  function updateCount(generation) {
    var filters = P.filterParams().toString();
    var inView = new URLSearchParams(filters);
    inView.set("bbox", P.viewBbox());
    var total = totals[filters] !== undefined ? Promise.resolve(totals[filters]) :
      P.getJson(config.urls.count + "?" + filters).then(function (body) { return (totals[filters] = body.count); });
    Promise.all([P.getJson(config.urls.count + "?" + inView.toString()), total]).then(function (results) {
      if (generation !== P.current) return;
      countOut.textContent = "";
      var strong = CM.el("strong", null, results[0].count.toLocaleString());
      countOut.appendChild(strong);
      countOut.appendChild(document.createTextNode(" " + ngettext("matching camera", "matching cameras", results[0].count) + " " + text.inView + " · " +
        results[1].toLocaleString() + " " + text.inAll));
      countOut.dataset.count = results[0].count;
      countOut.dataset.total = results[1];
    }).catch(function () { countOut.textContent = text.loadFailed; });
  }

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
  var timer = null;
  function refresh() {
    P.current++;
    var generation = P.current;
    P.updateUrl();
    updateCount(generation);
    if (map.getZoom() >= config.detailZoom) P.loadCameras(generation);
    else P.loadGroups(generation);
  }
  function refreshSoon() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 150);
  }
  map.on("moveend", refreshSoon);
  form.addEventListener("change", function () { P.clearTiles(); refreshSoon(); });
  form.addEventListener("submit", function (event) { event.preventDefault(); P.clearTiles(); refresh(); });
  form.addEventListener("reset", function () { setTimeout(function () { P.clearTiles(); refresh(); }, 0); });

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
    locateStatus.textContent = P.format(text.locateFailed, { reason: event.message });
  });

  // Legend symbols: the same constant SVG as the markers.
  Array.prototype.forEach.call(document.querySelectorAll(".legend-icon"), function (span) {
    var name = span.getAttribute("data-icon");
    var props = name === "dome" ? { surveillance_type: "camera", camera_type: "dome" } : { surveillance_type: name };
    span.appendChild(CM.cameraIcon(props).createIcon());
  });

  window.cameramapMap = map;  // for the browser tests and for people poking at the page
  refresh();
  if (P.densityBox.checked) P.density();
})();
