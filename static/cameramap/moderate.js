/* The moderator pages: the mini map (report pin, photo locations, nearby cameras with their
   direction cones, candidates with their scores) and the keyboard shortcuts. No inline script:
   the data comes from a <script type="application/json"> block written by json_script. */
(function () {
  "use strict";

  var CONE_METRES = 18;      // how far a cone reaches on the map
  var CONE_HALF_ANGLE = 30;  // a 60 degree field of view
  var STATUS = { removed: gettext("removed"), covered: gettext("covered") };

  function offset(lat, lon, metres, bearing) {
    var rad = Math.PI / 180;
    var dLat = (metres * Math.cos(bearing * rad)) / 111320;
    var dLon = (metres * Math.sin(bearing * rad)) / (111320 * Math.cos(lat * rad));
    return [lat + dLat, lon + dLon];
  }

  function cone(lat, lon, direction) {
    var points = [[lat, lon]];
    for (var a = direction - CONE_HALF_ANGLE; a <= direction + CONE_HALF_ANGLE; a += 10) {
      points.push(offset(lat, lon, CONE_METRES, a));
    }
    return points;
  }

  function drawCones(layer, lat, lon, directions, style) {
    (directions || []).forEach(function (direction) {
      L.polygon(cone(lat, lon, direction), style).addTo(layer);
    });
  }

  function cameraLabel(camera) {
    var text = "#" + camera.id;
    if (camera.rank) { text = camera.rank + ". " + text; }
    if (camera.score !== null && camera.score !== undefined) { text += " · " + Math.round(camera.score * 100) + " %"; }
    if (camera.status !== "present") { text += " · " + (STATUS[camera.status] || camera.status); }
    return text;
  }

  function drawMap(element) {
    var source = document.getElementById(element.getAttribute("data-map"));
    if (!source || typeof L === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var map = L.map(element, { scrollWheelZoom: false });
    L.tileLayer(data.tiles.url, { attribution: data.tiles.attribution, maxZoom: 20, maxNativeZoom: 19 }).addTo(map);
    var layer = L.featureGroup().addTo(map);
    var bounds = [];

    data.cameras.forEach(function (camera) {
      var isCandidate = camera.rank !== null && camera.rank !== undefined;
      var colour = camera.id === data.named ? "#6a1b9a" : (isCandidate ? "#e65100" : "#546e7a");
      drawCones(layer, camera.lat, camera.lon, camera.directions, { color: colour, weight: 1, fillOpacity: 0.2 });
      var marker = L.circleMarker([camera.lat, camera.lon], {
        radius: isCandidate ? 7 : 5, color: colour, fillColor: colour, fillOpacity: 0.9, weight: 2,
        className: "camera-marker" + (isCandidate ? " candidate-marker" : ""),
      }).addTo(layer);
      marker.bindTooltip(cameraLabel(camera), { permanent: isCandidate, direction: "right", className: "camera-label" });
      marker.on("click", function () { window.location.href = camera.url; });
      bounds.push([camera.lat, camera.lon]);
    });

    (data.pending || []).forEach(function (other) {
      L.circleMarker([other.lat, other.lon], { radius: 4, color: "#9e9e9e", fillOpacity: 0.6, weight: 1 })
        .bindTooltip("#" + other.id).addTo(layer);
      bounds.push([other.lat, other.lon]);
    });

    if (data.report) {
      var r = data.report;
      if (r.accuracy_m) {
        L.circle([r.lat, r.lon], { radius: r.accuracy_m, color: "#c62828", weight: 1, fillOpacity: 0.05, dashArray: "4 4" }).addTo(layer);
      }
      drawCones(layer, r.lat, r.lon, r.directions, { color: "#c62828", weight: 2, fillOpacity: 0.15, dashArray: "5 5" });
      L.circleMarker([r.lat, r.lon], { radius: 8, color: "#fff", fillColor: "#c62828", fillOpacity: 1, weight: 2, className: "report-marker" })
        .bindTooltip(interpolate(gettext("report #%(id)s"), { id: r.id }, true)).addTo(layer);
      bounds.push([r.lat, r.lon]);
      data.photos.forEach(function (photo) {
        L.polyline([[r.lat, r.lon], [photo.lat, photo.lon]], { color: "#1565c0", weight: 1, dashArray: "2 4" }).addTo(layer);
        L.circleMarker([photo.lat, photo.lon], { radius: 6, color: "#fff", fillColor: "#1565c0", fillOpacity: 1, weight: 2, className: "photo-marker" })
          .bindTooltip(gettext("photo GPS")).addTo(layer);
        bounds.push([photo.lat, photo.lon]);
      });
    }

    if (bounds.length > 1) {
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 19 });
    } else if (bounds.length === 1) {
      map.setView(bounds[0], 19);
    } else {
      map.setView([0, 0], 2);
    }
    element.setAttribute("data-ready", "true");
  }

  // --- keyboard shortcuts ----------------------------------------------------------------

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function chooseCandidate(rank) {
    var button = document.querySelector('button[data-candidate="' + rank + '"]');
    var input = document.querySelector('#attach-other-form input[name="camera"]');
    if (!button || !input) { return; }
    input.value = button.value;
    document.querySelectorAll("tr.candidate").forEach(function (row) {
      row.classList.toggle("chosen", row.getAttribute("data-rank") === String(rank));
    });
  }

  function toggleHelp() {
    var help = document.getElementById("shortcuts");
    var toggle = document.querySelector("[data-shortcut-help]");
    if (!help) { return; }
    help.hidden = !help.hidden;
    if (toggle) { toggle.setAttribute("aria-expanded", String(!help.hidden)); }
  }

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var key = event.key;
    if (key === "?") { toggleHelp(); event.preventDefault(); return; }
    if (/^[1-9]$/.test(key)) { chooseCandidate(Number(key)); event.preventDefault(); return; }
    if (key === "r") {
      var reason = document.getElementById("id_reason");
      if (reason) { reason.focus(); event.preventDefault(); }
      return;
    }
    var target = document.querySelector('[data-shortcut="' + key + '"]');
    if (!target) { return; }
    event.preventDefault();
    if (target.tagName === "A") { window.location.href = target.href; return; }
    var form = target.form;
    if (form && form.requestSubmit) { form.requestSubmit(target); } else { target.click(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-map]").forEach(drawMap);
    document.addEventListener("keydown", onKey);
    var helpToggle = document.querySelector("[data-shortcut-help]");
    if (helpToggle) { helpToggle.addEventListener("click", toggleHelp); }
    document.querySelectorAll("button[data-candidate]").forEach(function (button) {
      button.closest("tr").addEventListener("click", function (event) {
        if (event.target.tagName !== "BUTTON" && event.target.tagName !== "A") { chooseCandidate(button.getAttribute("data-candidate")); }
      });
    });
  });
})();
