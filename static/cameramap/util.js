/* cameramap: the small helpers more than one page needs — the translations, numbers, times and
 * distances written for people, elements built from text, the data a page hands over, JSON from our API,
 * the CSRF token, and a point some metres away in a direction.
 *
 * Reads the globals of Django's JavaScript catalogue (gettext, ngettext, interpolate): a classic
 * script that base.html loads before every module. */

// --- translations --------------------------------------------------------------------------
// Without the catalogue (the capture page offline, before the worker kept it) the English text.
export const gettext = window.gettext || ((text) => text);
export const ngettext = window.ngettext || ((one, many, n) => (n === 1 ? one : many));
// Only the named form, interpolate(text, {name: value}, true), is used by our modules.
export const interpolate = window.interpolate ||
  ((text, values) => text.replace(/%\((\w+)\)s/g, (_, key) => String(values[key])));

// --- numbers and times -----------------------------------------------------------------------
// Numbers as the page's language writes them (<html lang>; 1,759 in English, 1.759 in Serbian),
// as the server writes them in the same page; the browser's own locale if it does not know it.
function numberFormat() {
  try {
    return new Intl.NumberFormat(document.documentElement.lang || undefined, { maximumFractionDigits: 2 });
  } catch (error) {
    return new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
  }
}
const numbers = numberFormat();

export const formatNumber = (value) => numbers.format(Number(value));

// Times in the page's language (<html lang>); in the browser's own if it does not know that one.
function dateText(milliseconds, options) {
  const date = new Date(milliseconds);
  try {
    return date.toLocaleString(document.documentElement.lang || undefined, options);
  } catch (error) {
    return date.toLocaleString(undefined, options);
  }
}

export const formatDateTime = (milliseconds) => dateText(milliseconds, { dateStyle: "medium", timeStyle: "short" });
export const formatTime = (milliseconds) => dateText(milliseconds, { hour: "2-digit", minute: "2-digit" });

// A distance for people, in the page's language: "8.5 m", "312 m", "1.2 km", "6,937.5 km"
// ("6.937,5 km" in Serbian) — the rule of cameramap/units.py: one decimal under 10 m, whole
// metres under 1 km, then kilometres with one decimal; a zero decimal is left out.
export function formatDistance(metres) {
  const km = metres >= 999.5;
  const options = { maximumFractionDigits: km || metres < 9.95 ? 1 : 0 };
  let number;
  try {
    number = new Intl.NumberFormat(document.documentElement.lang || undefined, options);
  } catch (error) {
    number = new Intl.NumberFormat(undefined, options);
  }
  return number.format(km ? metres / 1000 : metres) + "\u00a0" + (km ? "km" : "m");
}

// --- the page --------------------------------------------------------------------------------
// An element with a class and a text: data only ever goes into a page as text, never as HTML.
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

// What the server hands the page in a json_script element (the CSP allows no inline script).
export const pageData = (id) => JSON.parse(document.getElementById(id).textContent);

export async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(response.status + " " + response.statusText);
  return response.json();
}

// The CSRF token: from its cookie when the page names one, else from a form's hidden input.
export function csrfToken(cookieName) {
  if (cookieName) {
    const prefix = cookieName + "=";
    const cookie = document.cookie.split("; ").find((part) => part.startsWith(prefix));
    if (cookie) return decodeURIComponent(cookie.slice(prefix.length));
  }
  const input = document.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

// --- places ----------------------------------------------------------------------------------
// The point `metres` away from lat, lon towards `bearing` (degrees from north), as [lat, lon]:
// flat arithmetic, fine at the tens of metres a field-of-view cone spans.
export function pointAt(lat, lon, bearing, metres) {
  const rad = Math.PI / 180;
  return [lat + metres * Math.cos(bearing * rad) / 111320,
    lon + metres * Math.sin(bearing * rad) / (111320 * Math.cos(lat * rad))];
}
