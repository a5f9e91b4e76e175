/* The capture page, part 2 (see submit-base.js): the directions the camera faces. Each is an
 * arrow dragged around the pin on the map and a number of degrees typed in the list below it;
 * a photo's compass heading suggests one.
 *
 * Reads the global of the vendored Leaflet (L). */
import { T, clearError, format, map, showError, state } from "./submit-base.js";
import { el } from "./util.js";

const HANDLE_PX = 70;      // distance of a direction handle from the pin, in screen pixels
const directionList = document.getElementById("directions");
const suggestButton = document.getElementById("direction-suggest");
let suggestion = null;

function bearing(fromPoint, toPoint) {
  const degrees = Math.atan2(toPoint.x - fromPoint.x, fromPoint.y - toPoint.y) * 180 / Math.PI;
  return Math.round((degrees + 360) % 360) % 360;
}

function handlePoint(deg) {
  const origin = map.latLngToContainerPoint(state.pin.getLatLng());
  const radians = deg * Math.PI / 180;
  return map.containerPointToLatLng(L.point(origin.x + HANDLE_PX * Math.sin(radians), origin.y - HANDLE_PX * Math.cos(radians)));
}

function arrowIcon(deg) {
  const arrow = el("span", "direction-arrow", "\u2191");  // an element, not markup: the CSP allows no inline style
  arrow.style.transform = "rotate(" + deg + "deg)";
  return L.divIcon({
    className: "direction-handle",
    html: arrow,
    iconSize: [44, 44],
    iconAnchor: [22, 22],
  });
}

function turnArrow(direction) {
  const arrow = direction.handle.getElement() && direction.handle.getElement().querySelector(".direction-arrow");
  if (arrow) arrow.style.transform = "rotate(" + direction.deg + "deg)";
  direction.handle.getElement().setAttribute("aria-label", direction.deg + "°");
}

export function addDirection(deg, suggested) {
  if (state.directions.length >= 8) return;
  if (state.directions.some((d) => d.deg === deg)) return;
  const direction = { deg: deg, suggested: !!suggested, handle: null, line: null };
  state.directions.push(direction);
  renderDirections();
}

function ensureHandle(direction) {
  const pin = state.pin;
  if (!pin) return;
  if (!direction.handle) {
    direction.line = L.polyline([pin.getLatLng(), pin.getLatLng()], { weight: 4, interactive: false, className: "direction-line" }).addTo(map);
    direction.handle = L.marker(pin.getLatLng(), { draggable: true, icon: arrowIcon(direction.deg), keyboard: false,
                                                   title: format(T.direction, { n: state.directions.indexOf(direction) + 1 }) }).addTo(map);
    direction.handle.on("drag", () => {
      const origin = map.latLngToContainerPoint(state.pin.getLatLng());
      direction.deg = bearing(origin, map.latLngToContainerPoint(direction.handle.getLatLng()));
      direction.suggested = false;
      direction.line.setLatLngs([state.pin.getLatLng(), direction.handle.getLatLng()]);
      turnArrow(direction);  // not setIcon: replacing the element would end the drag
      renderDirectionList();
    });
    direction.handle.on("dragend", () => { placeHandles(); });
  }
}

export function placeHandles() {
  if (!state.pin) return;
  state.directions.forEach((direction) => {
    ensureHandle(direction);
    const tip = handlePoint(direction.deg);
    direction.handle.setLatLng(tip);
    turnArrow(direction);
    direction.line.setLatLngs([state.pin.getLatLng(), tip]);
  });
}

function removeDirection(direction) {
  if (direction.handle) { map.removeLayer(direction.handle); map.removeLayer(direction.line); }
  state.directions.splice(state.directions.indexOf(direction), 1);
  renderDirections();
}

export function renderDirectionList() {
  directionList.innerHTML = "";
  state.directions.forEach((direction, index) => {
    const item = el("li", "direction");
    const label = el("label", null, format(T.direction, { n: index + 1 }) + " ");
    const input = el("input", "direction-degrees");
    input.type = "number";
    input.min = "0";
    input.max = "359";
    input.inputMode = "numeric";
    input.value = String(direction.deg);
    input.addEventListener("change", () => {
      const value = Math.round(Number(input.value));
      if (isFinite(value)) { direction.deg = ((value % 360) + 360) % 360; direction.suggested = false; placeHandles(); }
      // Not drawn again: the keyboard focus, already on its way to the next control, stays.
      input.value = String(direction.deg);
      const note = item.querySelector("small");
      if (note && !direction.suggested) note.remove();
    });
    label.appendChild(input);
    label.appendChild(document.createTextNode("°"));
    item.appendChild(label);
    if (direction.suggested && suggestion) {
      item.appendChild(el("small", null, " " + format(T.suggested, { from: Math.round(suggestion.from), deg: direction.deg })));
    }
    const remove = el("button", "button small", T.remove);
    remove.type = "button";
    remove.setAttribute("aria-label", T.remove + ": " + format(T.direction, { n: index + 1 }));
    remove.addEventListener("click", () => {
      removeDirection(direction);
      document.getElementById("direction-add").focus();  // the button itself is gone
    });
    item.appendChild(remove);
    directionList.appendChild(item);
  });
  document.getElementById("direction-unknown-note").hidden = state.directions.length > 0;
}

function renderDirections() {
  placeHandles();
  renderDirectionList();
  clearError("directions");
}

export function suggestDirection(heading) {
  // The phone faced the camera, so the camera faces roughly the other way.
  const deg = Math.round(heading + 180) % 360;
  suggestion = { from: heading, deg: deg };
  if (state.directions.length === 0) {
    addDirection(deg, true);
    suggestButton.hidden = true;
  } else if (!state.directions.some((d) => d.deg === deg)) {
    suggestButton.textContent = format(T.addSuggested, { deg: deg });
    suggestButton.hidden = false;
  }
}

/* No suggestion, no arrow (a new form). */
export function clearDirections() {
  state.directions.slice().forEach(removeDirection);
  suggestion = null;
  suggestButton.hidden = true;
}

suggestButton.addEventListener("click", () => {
  if (suggestion) addDirection(suggestion.deg, true);
  suggestButton.hidden = true;
});

document.getElementById("direction-add").addEventListener("click", () => {
  if (!state.pin) { showError("directions", T.needLocation); return; }
  const taken = state.directions.map((d) => d.deg);
  let deg = 0;
  while (taken.indexOf(deg) >= 0 && deg < 360) deg += 45;
  addDirection(deg % 360, false);
  const inputs = directionList.querySelectorAll(".direction-degrees");  // type the degrees next
  if (inputs.length) inputs[inputs.length - 1].focus();
});

document.getElementById("direction-clear").addEventListener("click", () => {
  state.directions.slice().forEach(removeDirection);
});
