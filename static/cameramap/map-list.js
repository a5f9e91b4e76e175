/* The public map, part 2 (see map-state.js): the list of the cameras in view, beside the map.
 * Drawn again at every move of the map, so the keyboard focus in it is given back each time. */
import { config, map, markersById, text } from "./map-state.js";
import { el, formatNumber, interpolate, ngettext } from "./util.js";

export const listOut = document.getElementById("camera-list");
export const listStatus = document.getElementById("list-status");
const listZoom = document.getElementById("list-zoom");
const LIST_MAX = 200;

// The control of the list that has the keyboard focus, to give it back after the list is
// drawn again (every move of the map draws it again).
function listFocus() {
  const active = document.activeElement;
  if (!active || !listOut.contains(active)) return null;
  return active.tagName === "BUTTON" ? 'button[data-camera-id="' + active.getAttribute("data-camera-id") + '"]' :
    "#" + active.id;
}
function listFocusRestore(selector) {
  if (!selector) return;
  const again = listOut.querySelector(selector) || document.getElementById("list-heading");
  if (again.id === "list-heading") again.setAttribute("tabindex", "-1");
  again.focus({ preventScroll: true });
}

export function showList(features, count) {
  const focusWas = listFocus();
  showListItems(features, count);
  listFocusRestore(focusWas);
}

// Far away: no list, a button to zoom in to one instead.
export function showListZoom() {
  const focusWas = listFocus();
  listOut.textContent = "";
  listFocusRestore(focusWas);
  listStatus.textContent = text.zoomToList;
  listZoom.hidden = false;
}

function showListItems(features, count) {
  listOut.textContent = "";
  listZoom.hidden = true;
  if (!features.length) { listStatus.textContent = text.noneInView; return; }
  listStatus.textContent = count > features.length ?
    interpolate(ngettext("Showing the first %(shown)s of %(count)s camera in view; zoom in to see all.",
      "Showing the first %(shown)s of %(count)s cameras in view; zoom in to see all.", count),
      { shown: formatNumber(features.length), count: formatNumber(count) }, true) : "";
  features.slice(0, LIST_MAX).forEach((feature) => {
    const props = feature.properties, item = el("li");
    // (Cameras read from a release's tile file carry no operator's name: none is shown then.)
    let name = [config.labels.surveillance_type[props.surveillance_type] || text.camera,
      "operator" in props ? props.operator || text.unknownOperator : null,
      config.labels.operator_type[props.operator_type] || ""].filter((part) => part !== null).join(" · ");
    // Status in words too: on the map a removed or covered camera is only drawn faded.
    if (props.status && props.status !== "present") name += " · " + (config.labels.status[props.status] || props.status);
    // Likewise "imported": on the map such a camera is only drawn hollow.
    if (props.verified === false) name += " · " + text.imported;
    const link = el("a", null, name);
    link.href = config.urls.cameraPage.replace("{id}", encodeURIComponent(feature.id));
    link.id = "camera-item-" + feature.id;
    const show = el("button", "link-button", text.showOnMap);
    show.type = "button";
    show.setAttribute("data-camera-id", String(feature.id));
    show.setAttribute("aria-describedby", link.id);  // which camera: "Show on map" is on every line
    show.addEventListener("click", () => {
      const marker = markersById[feature.id];
      if (marker) { map.panTo(marker.getLatLng()); marker.openPopup(); }
    });
    item.appendChild(link);
    item.appendChild(document.createTextNode(" "));
    item.appendChild(show);
    listOut.appendChild(item);
  });
  if (features.length > LIST_MAX) {
    listOut.appendChild(el("li", "note", interpolate(ngettext("… and %(count)s more on the map.", "… and %(count)s more on the map.", features.length - LIST_MAX),
      { count: formatNumber(features.length - LIST_MAX) }, true)));
  }
}

listZoom.addEventListener("click", () => {
  map.setZoom(config.detailZoom);
  // The button hides once the cameras are listed; the focus goes to the list's heading.
  const heading = document.getElementById("list-heading");
  heading.setAttribute("tabindex", "-1");
  heading.focus();
});
