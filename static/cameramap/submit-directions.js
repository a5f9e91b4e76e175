/* The capture page, part 4 (see submit-base.js): the directions the camera faces. Each is an
 * arrow dragged around the pin on the map and a number of degrees typed in the list below it;
 * a photo's compass heading suggests one. */
(function () {
  "use strict";

  var S = window.CameramapSubmit;
  var T = S.T, state = S.state, map = S.map, format = S.format;
  var HANDLE_PX = 70;      // distance of a direction handle from the pin, in screen pixels
  var directionList = document.getElementById("directions");
  var suggestButton = document.getElementById("direction-suggest");
  var suggestion = null;

  function bearing(fromPoint, toPoint) {
    var degrees = Math.atan2(toPoint.x - fromPoint.x, fromPoint.y - toPoint.y) * 180 / Math.PI;
    return Math.round((degrees + 360) % 360) % 360;
  }

  function handlePoint(deg) {
    var origin = map.latLngToContainerPoint(S.pin.getLatLng());
    var radians = deg * Math.PI / 180;
    return map.containerPointToLatLng(L.point(origin.x + HANDLE_PX * Math.sin(radians), origin.y - HANDLE_PX * Math.cos(radians)));
  }

  function arrowIcon(deg) {
    var arrow = document.createElement("span");  // an element, not markup: the CSP allows no inline style
    arrow.className = "direction-arrow";
    arrow.textContent = "\u2191";
    arrow.style.transform = "rotate(" + deg + "deg)";
    return L.divIcon({
      className: "direction-handle",
      html: arrow,
      iconSize: [44, 44],
      iconAnchor: [22, 22],
    });
  }

  function turnArrow(direction) {
    var arrow = direction.handle.getElement() && direction.handle.getElement().querySelector(".direction-arrow");
    if (arrow) arrow.style.transform = "rotate(" + direction.deg + "deg)";
    direction.handle.getElement().setAttribute("aria-label", direction.deg + "°");
  }

  S.addDirection = function (deg, suggested) {
    if (state.directions.length >= 8) return;
    if (state.directions.some(function (d) { return d.deg === deg; })) return;
    var direction = { deg: deg, suggested: !!suggested, handle: null, line: null };
    state.directions.push(direction);
    renderDirections();
  };

  function ensureHandle(direction) {
    var pin = S.pin;
    if (!pin) return;
    if (!direction.handle) {
      direction.line = L.polyline([pin.getLatLng(), pin.getLatLng()], { weight: 4, interactive: false, className: "direction-line" }).addTo(map);
      direction.handle = L.marker(pin.getLatLng(), { draggable: true, icon: arrowIcon(direction.deg), keyboard: false,
                                                     title: format(T.direction, { n: state.directions.indexOf(direction) + 1 }) }).addTo(map);
      direction.handle.on("drag", function () {
        var origin = map.latLngToContainerPoint(S.pin.getLatLng());
        direction.deg = bearing(origin, map.latLngToContainerPoint(direction.handle.getLatLng()));
        direction.suggested = false;
        direction.line.setLatLngs([S.pin.getLatLng(), direction.handle.getLatLng()]);
        turnArrow(direction);  // not setIcon: replacing the element would end the drag
        S.renderDirectionList();
      });
      direction.handle.on("dragend", function () { S.placeHandles(); });
    }
  }

  S.placeHandles = function () {
    if (!S.pin) return;
    state.directions.forEach(function (direction) {
      ensureHandle(direction);
      var tip = handlePoint(direction.deg);
      direction.handle.setLatLng(tip);
      turnArrow(direction);
      direction.line.setLatLngs([S.pin.getLatLng(), tip]);
    });
  };

  S.removeDirection = function (direction) {
    if (direction.handle) { map.removeLayer(direction.handle); map.removeLayer(direction.line); }
    state.directions.splice(state.directions.indexOf(direction), 1);
    renderDirections();
  };

  S.renderDirectionList = function () {
    directionList.innerHTML = "";
    state.directions.forEach(function (direction, index) {
      var item = document.createElement("li");
      item.className = "direction";
      var label = document.createElement("label");
      label.textContent = format(T.direction, { n: index + 1 }) + " ";
      var input = document.createElement("input");
      input.type = "number";
      input.min = "0";
      input.max = "359";
      input.inputMode = "numeric";
      input.className = "direction-degrees";
      input.value = String(direction.deg);
      input.addEventListener("change", function () {
        var value = Math.round(Number(input.value));
        if (isFinite(value)) { direction.deg = ((value % 360) + 360) % 360; direction.suggested = false; S.placeHandles(); }
        // Not drawn again: the keyboard focus, already on its way to the next control, stays.
        input.value = String(direction.deg);
        var note = item.querySelector("small");
        if (note && !direction.suggested) note.remove();
      });
      label.appendChild(input);
      label.appendChild(document.createTextNode("°"));
      item.appendChild(label);
      if (direction.suggested && suggestion) {
        var note = document.createElement("small");
        note.textContent = " " + format(T.suggested, { from: Math.round(suggestion.from), deg: direction.deg });
        item.appendChild(note);
      }
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "button small";
      remove.textContent = T.remove;
      remove.setAttribute("aria-label", T.remove + ": " + format(T.direction, { n: index + 1 }));
      remove.addEventListener("click", function () {
        S.removeDirection(direction);
        document.getElementById("direction-add").focus();  // the button itself is gone
      });
      item.appendChild(remove);
      directionList.appendChild(item);
    });
    document.getElementById("direction-unknown-note").hidden = state.directions.length > 0;
  };

  function renderDirections() {
    S.placeHandles();
    S.renderDirectionList();
    S.clearError("directions");
  }

  S.suggestDirection = function (heading) {
    // The phone faced the camera, so the camera faces roughly the other way.
    var deg = Math.round(heading + 180) % 360;
    suggestion = { from: heading, deg: deg };
    if (state.directions.length === 0) {
      S.addDirection(deg, true);
      suggestButton.hidden = true;
    } else if (!state.directions.some(function (d) { return d.deg === deg; })) {
      suggestButton.textContent = format(T.addSuggested, { deg: deg });
      suggestButton.hidden = false;
    }
  };

  /* No suggestion, no arrow (a new form). */
  S.clearDirections = function () {
    state.directions.slice().forEach(S.removeDirection);
    suggestion = null;
    suggestButton.hidden = true;
  };

  suggestButton.addEventListener("click", function () {
    if (suggestion) S.addDirection(suggestion.deg, true);
    suggestButton.hidden = true;
  });

  document.getElementById("direction-add").addEventListener("click", function () {
    if (!S.pin) { S.showError("directions", T.needLocation); return; }
    var taken = state.directions.map(function (d) { return d.deg; });
    var deg = 0;
    while (taken.indexOf(deg) >= 0 && deg < 360) deg += 45;
    S.addDirection(deg % 360, false);
    var inputs = directionList.querySelectorAll(".direction-degrees");  // type the degrees next
    if (inputs.length) inputs[inputs.length - 1].focus();
  });

  document.getElementById("direction-clear").addEventListener("click", function () {
    state.directions.slice().forEach(S.removeDirection);
  });
})();
