/* cameramap: what every page needs — Leaflet speaking the page's language, Space on every
 * "button", and the header's menu on a phone.
 *
 * Leaflet's own words (the zoom buttons' names, the popups' close button, the title of the
 * attribution's "Leaflet" link, a marker's default alternative text) are English in leaflet.js.
 * They are options of Leaflet's classes, set here once for every map: base.html loads this module
 * before any page's own (modules run in the order of the page, after the classic leaflet.js), so
 * every map is made after it. */
import { gettext } from "./util.js";

if (window.L) {
  L.Control.Zoom.mergeOptions({ zoomInTitle: gettext("Zoom in"), zoomOutTitle: gettext("Zoom out") });
  L.Marker.mergeOptions({ alt: gettext("Marker") });
  // The prefix is markup (a link, with Leaflet's flag): only the link's title is replaced, as text.
  const title = document.createElement("span");
  title.textContent = gettext("A JavaScript library for interactive maps");
  const escaped = title.innerHTML.replace(/"/g, "&quot;");
  const prefix = L.Control.Attribution.prototype.options.prefix;
  if (typeof prefix === "string") {
    L.Control.Attribution.mergeOptions({ prefix: prefix.replace(/title="[^"]*"/, 'title="' + escaped + '"') });
  }
  // The close button is made with each popup, its name written into it: named again when it opens.
  L.Map.addInitHook(function () {
    this.on("popupopen", (event) => {
      const element = event.popup.getElement();
      const close = element && element.querySelector(".leaflet-popup-close-button");
      if (close) close.setAttribute("aria-label", gettext("Close popup"));
    });
  });
}

/* Some controls are not native buttons but
 * say role="button": Leaflet's zoom buttons and popup close button (links) and its markers
 * (images or boxes). People who use a keyboard expect anything called a button to answer Space
 * as well as Enter; links answer Enter by themselves, and Leaflet opens a marker's popup on
 * Enter. Space is given the same meaning here: a click. */
document.addEventListener("keydown", (event) => {
  const target = event.target;
  if (event.key !== " " || event.repeat || !target || !target.matches) return;
  if (!target.matches("[role=button]:not(button, input, summary)")) return;
  event.preventDefault();  // no page scroll
  target.click();
});

/* The header's "Menu" on a phone (base.html): a <details>, which opens and closes by itself with
 * Enter, Space or a tap. As people expect of a menu, Escape closes it too (the focus back on its
 * button), and so does a tap anywhere else on the page or the focus leaving it (Tab past its last
 * control): open, it lies over the page, and would hide what has the focus. */
const menu = document.querySelector(".site-menu");
if (menu) {
  const summary = menu.querySelector("summary");
  const folded = () => menu.open && summary.getClientRects().length > 0;  // not on a wide screen, where it is a row
  menu.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !folded()) return;
    menu.open = false;
    summary.focus();
  });
  document.addEventListener("click", (event) => {
    if (folded() && !menu.contains(event.target)) menu.open = false;
  });
  menu.addEventListener("focusout", (event) => {
    if (folded() && event.relatedTarget && !menu.contains(event.relatedTarget)) menu.open = false;
  });
}
