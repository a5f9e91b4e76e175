/* The public map, part 5 (see map-state.js): the density layer. The districts of
 * /api/v1/areas/ coloured by cameras per km² or per 1,000 residents, in up to five classes of
 * about equal count (never two classes for one value), with a tooltip per district and a legend.
 *
 * Reads the global of the vendored Leaflet (L). */
import { config, densityBox, densityLayer, metricSelect, text, updateUrl } from "./map-state.js";
import { el, formatNumber, getJson, ngettext } from "./util.js";

let areas = null;
const densityStatus = document.getElementById("density-status");
const densityLegend = document.getElementById("density-legend");
const RAMP = ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"];

// Values as the legend writes them (two decimals at most): two values that read the same are
// one value, so 0.2712 and 0.2738 never make a class "0.27 – 0.27".
const shown = (value) => Math.round(value * 100) / 100;

// Up to five classes of about equal count. Quantiles of few or equal values repeat, so repeated
// boundaries are dropped: equal values make one class, never a class like "0.27 – 0.27".
function classBreaks(values) {
  const sorted = values.slice().sort((a, b) => a - b);
  const breaks = [];
  for (let i = 1; i < RAMP.length; i++) {
    const boundary = sorted[Math.floor(i * sorted.length / RAMP.length)];
    if (boundary > sorted[0] && (!breaks.length || boundary > breaks[breaks.length - 1])) breaks.push(boundary);
  }
  return breaks;
}
function classOf(value, breaks) {
  let i = 0;
  while (i < breaks.length && value >= breaks[i]) i++;
  return i;
}
// Fewer classes keep the ramp's ends: the lightest and the darkest colour, the rest between.
function colourOf(index, classes) {
  return classes === 1 ? RAMP.length - 1 : Math.round(index * (RAMP.length - 1) / (classes - 1));
}
// [lower, upper] of each class; a class of one value is that value.
function classRanges(values, breaks) {
  const known = values.length ? values : [0];
  const bounds = [Math.min(...known), ...breaks, Math.max(...known)];
  return breaks.map((_b, i) => [bounds[i], bounds[i + 1]]).concat([[bounds[breaks.length], bounds[breaks.length + 1]]]);
}

function drawDensity() {
  densityLayer.clearLayers();
  densityLegend.hidden = true;
  if (!densityBox.checked || !areas) return;
  const metric = metricSelect.value;
  const values = areas.features.map((f) => f.properties[metric])
    .filter((v) => v !== null && v !== undefined && isFinite(v)).map(shown);
  const breaks = classBreaks(values.length ? values : [0]);
  L.geoJSON(areas, {
    style: (feature) => {
      const value = feature.properties[metric], known = value !== null && value !== undefined && isFinite(value);
      return { className: "area" + (known ? "" : " area-nodata"), color: "#555", weight: 1,
        fillColor: known ? RAMP[colourOf(classOf(shown(value), breaks), breaks.length + 1)] : "#bbb",
        fillOpacity: known ? 0.55 : 0.25 };
    },
    onEachFeature: (feature, layer) => {
      const p = feature.properties, tip = el("div", "area-tip");
      tip.appendChild(el("strong", null, p.name));
      tip.appendChild(el("div", null, formatNumber(p.cameras) + " " + ngettext("camera", "cameras", p.cameras)));
      const value = p[metric];
      tip.appendChild(el("div", null, value === null || value === undefined ? text.noData :
        formatNumber(value) + " " + (metric === "per_km2" ? text.perKm2 : text.per1000)));
      if (p.population) tip.appendChild(el("div", null, text.population + ": " + formatNumber(p.population)));
      layer.bindTooltip(tip, { sticky: true });
    }
  }).addTo(densityLayer);
  densityLegend.textContent = "";
  densityLegend.appendChild(el("h2", null, metric === "per_km2" ? text.perKm2 : text.per1000));
  const list = el("ul", "legend-list");
  const ranges = classRanges(values, breaks);
  ranges.forEach(([lower, upper], i) => {
    const item = el("li");
    const swatch = el("span", "swatch ramp-" + colourOf(i, ranges.length));
    swatch.setAttribute("aria-hidden", "true");
    item.appendChild(swatch);
    const label = lower === upper ? formatNumber(lower) : formatNumber(lower) + " – " + formatNumber(upper);
    item.appendChild(document.createTextNode(label));
    list.appendChild(item);
  });
  const none = el("li");
  const noneSwatch = el("span", "swatch ramp-none");
  noneSwatch.setAttribute("aria-hidden", "true");
  none.appendChild(noneSwatch);
  none.appendChild(document.createTextNode(text.noData));
  list.appendChild(none);
  densityLegend.appendChild(list);
  densityLegend.hidden = false;
}

export function density() {
  updateUrl();
  if (!densityBox.checked) { drawDensity(); densityStatus.textContent = ""; return; }
  // The classes are in the legend, which starts closed on a phone: switching density on opens it.
  const legend = densityLegend.closest("details");
  if (legend) legend.open = true;
  if (areas) { drawDensity(); return; }
  densityStatus.textContent = text.loading;
  getJson(config.urls.areas).then((body) => {
    areas = body;
    densityStatus.textContent = "";
    drawDensity();
  }).catch(() => { densityStatus.textContent = text.densityFailed; });
}
densityBox.addEventListener("change", density);
metricSelect.addEventListener("change", density);
