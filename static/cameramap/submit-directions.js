/* The capture page, part 2 (see submit-base.js): the directions the camera faces. Each is an
 * arrow dragged around the pin on the map and a number of degrees typed in the list below it;
 * a photo's compass heading suggests one.
 *
 * As soon as there is a pin and no direction, an arrow stands on it all the same, grey and
 * dashed: the arrow to drag (the text says "Drag the arrow"). It points to the photo's suggested
 * direction when there is one, else north, and it is not a direction of the report — "don't
 * know" stays the answer — until it is dragged or "Add a direction" makes it one: a direction
 * nobody gave is never sent.
 *
 * Reads the global of the vendored Leaflet (L). */
import { T, clearError, format, kind, map, showError, state } from "./submit-base.js";
import { el } from "./util.js";

const HANDLE_PX = 70;      // distance of a direction handle from the pin, in screen pixels
const directionList = document.getElementById("directions");
const suggestButton = document.getElementById("direction-suggest");
const unknownNote = document.getElementById("direction-unknown-note");
let suggestion = null;
let draft = null;          // the grey arrow: {deg, handle, line}, not in state.directions

function bearing(fromPoint, toPoint) {
  const degrees = Math.atan2(toPoint.x - fromPoint.x, fromPoint.y - toPoint.y) * 180 / Math.PI;
  return Math.round((degrees + 360) % 360) % 360;
}

function handlePoint(deg) {
  const origin = map.latLngToContainerPoint(state.pin.getLatLng());
  const radians = deg * Math.PI / 180;
  return map.containerPointToLatLng(L.point(origin.x + HANDLE_PX * Math.sin(radians), origin.y - HANDLE_PX * Math.cos(radians)));
}

function arrowIcon(deg, isDraft) {
  const arrow = el("span", "direction-arrow", "\u2191");  // an element, not markup: the CSP allows no inline style
  arrow.style.transform = "rotate(" + deg + "deg)";
  return L.divIcon({
    className: "direction-handle" + (isDraft ? " draft" : ""),
    html: arrow,
    iconSize: [44, 44],
    iconAnchor: [22, 22],
  });
}

function turnArrow(direction) {
  const element = direction.handle.getElement();
  if (!element) return;
  const arrow = element.querySelector(".direction-arrow");
  if (arrow) arrow.style.transform = "rotate(" + direction.deg + "deg)";
  element.setAttribute("aria-label", direction === draft ? T.dragArrow : direction.deg + "°");
}

/* The arrow and its line from the pin, for a direction or for the grey arrow. */
function makeHandle(direction, isDraft) {
  const pin = state.pin;
  direction.line = L.polyline([pin.getLatLng(), pin.getLatLng()],
                              { weight: 4, interactive: false, className: "direction-line" + (isDraft ? " draft" : "") }).addTo(map);
  const title = isDraft ? T.dragArrow : format(T.direction, { n: state.directions.indexOf(direction) + 1 });
  direction.handle = L.marker(pin.getLatLng(), { draggable: true, icon: arrowIcon(direction.deg, isDraft), keyboard: false,
                                                 title: title }).addTo(map);
  direction.handle.on("drag", () => {
    if (direction === draft) adoptDraft();  // dragged: now it is a direction the volunteer gave
    const origin = map.latLngToContainerPoint(state.pin.getLatLng());
    direction.deg = bearing(origin, map.latLngToContainerPoint(direction.handle.getLatLng()));
    direction.suggested = false;
    direction.line.setLatLngs([state.pin.getLatLng(), direction.handle.getLatLng()]);
    turnArrow(direction);  // not setIcon: replacing the element would end the drag
    renderDirectionList();
  });
  direction.handle.on("dragend", () => { placeHandles(); });
}

function removeHandle(direction) {
  if (!direction.handle) return;
  map.removeLayer(direction.handle);
  map.removeLayer(direction.line);
  direction.handle = direction.line = null;
}

/* The grey arrow becomes the first direction, keeping its marker (a drag in progress goes on). */
function adoptDraft() {
  const direction = draft;
  draft = null;
  direction.suggested = !!(suggestion && direction.deg === suggestion.deg);
  state.directions.push(direction);
  direction.handle.getElement().classList.remove("draft");
  direction.line.getElement().classList.remove("draft");
  direction.handle.getElement().title = format(T.direction, { n: state.directions.length });
  clearError("directions");
}

/* The grey arrow is there exactly when the pin is, no direction is, and directions are asked. */
function syncDraft() {
  const wanted = !!state.pin && state.directions.length === 0 && kind() !== "gone";
  const deg = suggestion ? suggestion.deg : 0;
  if (draft && (!wanted || draft.deg !== deg)) { removeHandle(draft); draft = null; }
  if (wanted && !draft) {
    draft = { deg: deg, suggested: false, handle: null, line: null };
    makeHandle(draft, true);
  }
  unknownNote.textContent = draft ? T.unknownDirectionDrag : T.unknownDirection;
}

export function addDirection(deg, suggested) {
  if (state.directions.length >= 8) return;
  if (state.directions.some((d) => d.deg === deg)) return;
  const direction = { deg: deg, suggested: !!suggested, handle: null, line: null };
  state.directions.push(direction);
  renderDirections();
}

export function placeHandles() {
  syncDraft();
  if (!state.pin) return;
  state.directions.concat(draft ? [draft] : []).forEach((direction) => {
    if (!direction.handle) makeHandle(direction, false);
    const tip = handlePoint(direction.deg);
    direction.handle.setLatLng(tip);
    turnArrow(direction);
    direction.line.setLatLngs([state.pin.getLatLng(), tip]);
  });
}

function removeDirection(direction) {
  removeHandle(direction);
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
  unknownNote.hidden = state.directions.length > 0;
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
  renderDirections();
}

suggestButton.addEventListener("click", () => {
  if (suggestion) addDirection(suggestion.deg, true);
  suggestButton.hidden = true;
});

document.getElementById("direction-add").addEventListener("click", () => {
  if (!state.pin) { showError("location", T.needLocation); return; }
  if (draft) {
    adoptDraft();  // the arrow already on the pin, at its direction
    renderDirections();
  } else {
    const taken = state.directions.map((d) => d.deg);
    let deg = 0;
    while (taken.indexOf(deg) >= 0 && deg < 360) deg += 45;
    addDirection(deg % 360, false);
  }
  const inputs = directionList.querySelectorAll(".direction-degrees");  // type the degrees next
  if (inputs.length) inputs[inputs.length - 1].focus();
});

document.getElementById("direction-clear").addEventListener("click", () => {
  state.directions.slice().forEach(removeDirection);
});
