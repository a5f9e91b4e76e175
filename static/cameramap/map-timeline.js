/* The public map, the timeline (see map-state.js): the map as of a day. A date field and "Play"
 * in a box over the map, on the map page and in the embed. The day goes into the filters' hidden
 * field "as_of", so that it reaches every request (tiles, cameras, counts) and the address: a
 * permalink shows the same day. "Play" steps month by month from the first record (or from the
 * day shown) to today, redrawing the cameras at each step; "Today" goes back to the data as it is.
 *
 * The headline above the map follows the day (config.urls.summary).
 *
 * The first day and today come from the page (config.timeline); the server refuses any other.
 *
 * Reads the global of the vendored Leaflet (L). */
import { config, form, map } from "./map-state.js";
import { el, getJson, gettext, interpolate } from "./util.js";

const STEP_MS = 1500;  // how long each month stays on the screen while playing
const bounds = config.timeline || {};
const field = form.elements.namedItem("as_of");

// "2026-03-31" + one month → "2026-04-30": the same day of the next month, or its last day.
export function nextMonth(day) {
  const [y, m, d] = day.split("-").map(Number);
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const next = new Date(Date.UTC(y, m, Math.min(d, last)));
  return next.toISOString().slice(0, 10);
}

function dayText(day) {
  const [y, m, d] = day.split("-").map(Number);
  const lang = document.documentElement.lang || undefined;
  return new Intl.DateTimeFormat(lang, { dateStyle: "long", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, d)));
}

function build() {
  const box = el("div", "timeline leaflet-bar");
  box.setAttribute("role", "group");
  box.setAttribute("aria-label", gettext("The map as of a day"));
  const label = el("label", "timeline-label", gettext("As of"));
  const input = el("input");
  input.type = "date";
  input.id = "timeline-day";
  input.min = bounds.first;
  input.max = bounds.today;
  label.setAttribute("for", input.id);
  const play = el("button", "timeline-play", gettext("Play"));
  play.type = "button";
  play.setAttribute("aria-pressed", "false");
  const today = el("button", "timeline-today", gettext("Today"));
  today.type = "button";
  const status = el("output", "timeline-status");
  status.setAttribute("aria-live", "polite");
  const row = el("div", "timeline-row");
  row.append(label, input, play, today);
  box.append(row, status);
  L.DomEvent.disableClickPropagation(box);
  L.DomEvent.disableScrollPropagation(box);
  return { box, input, play, today, status };
}

function start() {
  const parts = build();
  // Top right: the zoom is top left, "Add a camera" bottom right, the attribution bottom right.
  const control = L.control({ position: "topright" });
  control.onAdd = () => parts.box;
  control.addTo(map);

  let timer = null;
  // The headline above the map counts the cameras of the day shown (the server writes it).
  const summary = document.getElementById("map-summary");
  let asked = null;
  const retell = (day) => {
    if (!summary || !config.urls.summary) return;
    asked = day;
    getJson(config.urls.summary + (day ? "?as_of=" + encodeURIComponent(day) : "")).then((body) => {
      if (asked === day) summary.textContent = body.summary;  // only the last day asked for
    }).catch(() => {});
  };
  const show = () => {
    const day = field.value;
    parts.input.value = day;
    parts.today.disabled = !day;
    parts.status.textContent = day ? interpolate(gettext("Cameras as of %(day)s"), { day: dayText(day) }, true)
      : gettext("Cameras as of today");
    parts.box.classList.toggle("past", !!day);
  };
  // Set the day (or "" for today) and redraw: the filters' change redraws the map (map.js).
  const choose = (day) => {
    field.value = day;
    show();
    retell(day);
    form.dispatchEvent(new Event("change", { bubbles: true }));
  };
  const stop = () => {
    clearTimeout(timer);
    timer = null;
    parts.play.textContent = gettext("Play");
    parts.play.setAttribute("aria-pressed", "false");
  };
  const step = () => {
    const next = nextMonth(field.value);
    if (next >= bounds.today) { stop(); choose(""); return; }
    choose(next);
    timer = setTimeout(step, STEP_MS);
  };

  parts.input.addEventListener("change", () => {
    stop();
    const day = parts.input.value;
    if (!day || day >= bounds.today) choose("");
    else choose(day < bounds.first ? bounds.first : day);
  });
  parts.play.addEventListener("click", () => {
    if (timer) { stop(); return; }
    parts.play.textContent = gettext("Pause");
    parts.play.setAttribute("aria-pressed", "true");
    choose(field.value && field.value < bounds.today ? field.value : bounds.first);
    timer = setTimeout(step, STEP_MS);
  });
  parts.today.addEventListener("click", () => { stop(); choose(""); });
  form.addEventListener("reset", () => { stop(); setTimeout(() => { show(); retell(field.value); }, 0); });
  show();
}

// Nothing to show before the first record: no timeline on an empty map.
if (field && bounds.first && bounds.first < bounds.today) start();
