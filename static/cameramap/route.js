/* /route/: choose a start and an end (a tap on the map, the map's centre for the keyboard, or the
 * phone's location for the start), ask GET /api/v1/routes/ and show both routes with their
 * figures. The points stay in this page: the only thing sent is that one request. Without signal
 * the page says so and keeps the points until the connection is back. */
import { clearRoutes, config, drawRoutes, map, placeMarker } from "./route-map.js";
import { el, formatDistance, formatNumber, gettext, interpolate, ngettext } from "./util.js";

const pgettext = window.pgettext || ((context, text) => text);

const form = document.getElementById("route-form");
const status = document.getElementById("route-status");
const results = document.getElementById("route-results");
const offline = document.getElementById("route-offline");
const go = document.getElementById("route-go");
const outputs = { start: document.getElementById("route-start"), end: document.getElementById("route-end") };
const points = { start: null, end: null };  // [lat, lng]
const NOT_SET = outputs.start.textContent;
const NAMES = { shortest: gettext("Shortest route"), least_watched: gettext("Least-watched route") };
const TITLES = { start: pgettext("route point", "Start"), end: pgettext("route point", "End") };

function say(text, isError) {
  status.textContent = text;
  status.classList.toggle("is-error", !!isError);
}

function pointText(latlng) {
  return latlng ? latlng[0].toFixed(5) + ", " + latlng[1].toFixed(5) : NOT_SET;
}

function setPoint(which, latlng) {
  points[which] = latlng;
  outputs[which].textContent = pointText(latlng);
  placeMarker(which, latlng, TITLES[which]);
  clearRoutes();
  results.hidden = true;
  if (points.start && points.end) say(gettext("Start and end are set: choose “Find routes”."));
  else if (points.start) say(gettext("Start set. Now tap the map (or use the button) for the end."));
}

// A tap sets the start first, then the end; once both are set, a tap moves the end.
map.on("click", (event) => {
  const latlng = [event.latlng.lat, event.latlng.lng];
  setPoint(points.start ? "end" : "start", latlng);
});

function centre() {
  const c = map.getCenter();
  return [c.lat, c.lng];
}
document.getElementById("route-start-centre").addEventListener("click", () => setPoint("start", centre()));
document.getElementById("route-end-centre").addEventListener("click", () => setPoint("end", centre()));
document.getElementById("route-clear").addEventListener("click", () => {
  setPoint("start", null);
  setPoint("end", null);
  say("");
});

// The phone's location: asked only when the button is pressed, used only as this start point.
document.getElementById("route-locate").addEventListener("click", () => {
  if (!navigator.geolocation) { say(gettext("This browser cannot tell where you are: tap the map instead."), true); return; }
  say(gettext("Finding where you are…"));
  navigator.geolocation.getCurrentPosition(
    (position) => {
      const latlng = [position.coords.latitude, position.coords.longitude];
      setPoint("start", latlng);
      map.setView(latlng, 16);  // the streets around, whatever the zoom was
    },
    () => say(gettext("Your location is not available (permission refused, or no fix): tap the map instead."), true),
    { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
  );
});

function figureRow(list, term, value) {
  list.appendChild(el("dt", null, term));
  list.appendChild(el("dd", null, value));
}

function showRoutes(body) {
  results.textContent = "";
  for (const feature of body.features) {
    const p = feature.properties;
    const item = el("li");
    item.dataset.route = feature.id;
    const heading = el("h2");
    heading.appendChild(el("span", "route-swatch route-swatch-" + feature.id));
    heading.appendChild(document.createTextNode(NAMES[feature.id]));
    item.appendChild(heading);
    const list = el("dl");
    figureRow(list, gettext("Length"), formatDistance(p.length_m));
    figureRow(list, gettext("In view of cameras"), interpolate(gettext("%(distance)s (%(share)s)"),
      { distance: formatDistance(p.watched_m), share: formatNumber(Math.round(p.watched_share * 1000) / 10) + "\u00a0%" }, true));
    figureRow(list, gettext("Cameras passed"), interpolate(ngettext("%(count)s camera", "%(count)s cameras", p.cameras.length),
      { count: formatNumber(p.cameras.length) }, true));
    item.appendChild(list);
    results.appendChild(item);
  }
  results.hidden = false;
  const [shortest, least] = body.features.map((f) => f.properties);
  const same = least.length_m === shortest.length_m && least.watched_m === shortest.watched_m;
  say(same ? gettext("No less-watched way within the detour limit: the shortest route is also the least watched.")
    : interpolate(gettext("The least-watched route is at most %(limit)s times as long as the shortest."),
      { limit: formatNumber(body.detour_limit) }, true));
}

function firstMessage(body) {
  for (const key of ["from", "to", "avoid", "detail"]) {
    const value = body && body[key];
    if (value) return Array.isArray(value) ? value[0] : String(value);
  }
  return gettext("The routes could not be computed.");
}

function showOffline() { offline.hidden = navigator.onLine !== false; }
window.addEventListener("online", showOffline);
window.addEventListener("offline", showOffline);
showOffline();

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!points.start || !points.end) { say(gettext("Set both the start and the end first."), true); return; }
  const query = new URLSearchParams({
    from: points.start[1].toFixed(6) + "," + points.start[0].toFixed(6),
    to: points.end[1].toFixed(6) + "," + points.end[0].toFixed(6),
    avoid: form.elements.avoid.value,
  });
  go.disabled = true;
  say(gettext("Computing the routes…"));
  try {
    // no-store: the answer is kept by no cache, the browser's included.
    const response = await fetch(config.urls.routes + "?" + query.toString(), { headers: { Accept: "application/json" }, cache: "no-store" });
    const body = await response.json().catch(() => null);
    if (!response.ok) { clearRoutes(); results.hidden = true; say(firstMessage(body), true); return; }
    drawRoutes(body);
    showRoutes(body);
  } catch (error) {
    offline.hidden = false;
    say(gettext("No connection: the routes could not be asked for. Try again when you have signal."), true);
  } finally {
    go.disabled = false;
  }
});
