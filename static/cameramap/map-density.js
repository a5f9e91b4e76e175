/* The public map, part 5 (see map-state.js): the density layer. The districts of
 * /api/v1/areas/ coloured by cameras per km² or per 1,000 residents, in five classes of equal
 * count, with a tooltip per district and a legend. */
(function () {
  "use strict";
  var CM = window.CameraMap, P = CM.page;
  var config = P.config, text = P.text, densityBox = P.densityBox, metricSelect = P.metricSelect;
  var areas = null, densityStatus = document.getElementById("density-status");
  var densityLegend = document.getElementById("density-legend");
  var RAMP = ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"];

  function classBreaks(values) {
    var sorted = values.slice().sort(function (a, b) { return a - b; });
    var breaks = [];
    for (var i = 1; i < RAMP.length; i++) breaks.push(sorted[Math.floor(i * sorted.length / RAMP.length)]);
    return breaks;
  }
  function classOf(value, breaks) {
    var i = 0;
    while (i < breaks.length && value >= breaks[i]) i++;
    return i;
  }
  function numberText(value) { return Number(value).toLocaleString(undefined, { maximumFractionDigits: 2 }); }

  function drawDensity() {
    P.densityLayer.clearLayers();
    densityLegend.hidden = true;
    if (!densityBox.checked || !areas) return;
    var metric = metricSelect.value;
    var values = areas.features.map(function (f) { return f.properties[metric]; })
      .filter(function (v) { return v !== null && v !== undefined && isFinite(v); });
    var breaks = classBreaks(values.length ? values : [0]);
    L.geoJSON(areas, {
      style: function (feature) {
        var value = feature.properties[metric], known = value !== null && value !== undefined && isFinite(value);
        return { className: "area" + (known ? "" : " area-nodata"), color: "#555", weight: 1,
          fillColor: known ? RAMP[classOf(value, breaks)] : "#bbb", fillOpacity: known ? 0.55 : 0.25 };
      },
      onEachFeature: function (feature, layer) {
        var p = feature.properties, tip = CM.el("div", "area-tip");
        tip.appendChild(CM.el("strong", null, p.name));
        tip.appendChild(CM.el("div", null, numberText(p.cameras) + " " + ngettext("camera", "cameras", p.cameras)));
        var value = p[metric];
        tip.appendChild(CM.el("div", null, value === null || value === undefined ? text.noData :
          numberText(value) + " " + (metric === "per_km2" ? text.perKm2 : text.per1000)));
        if (p.population) tip.appendChild(CM.el("div", null, text.population + ": " + numberText(p.population)));
        layer.bindTooltip(tip, { sticky: true });
      }
    }).addTo(P.densityLayer);
    densityLegend.textContent = "";
    densityLegend.appendChild(CM.el("h2", null, metric === "per_km2" ? text.perKm2 : text.per1000));
    var list = CM.el("ul", "legend-list");
    var lower = values.length ? Math.min.apply(null, values) : 0;
    RAMP.forEach(function (colour, i) {
      var upper = i < breaks.length ? breaks[i] : (values.length ? Math.max.apply(null, values) : 0);
      var item = CM.el("li");
      var swatch = CM.el("span", "swatch ramp-" + i);
      swatch.setAttribute("aria-hidden", "true");
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(numberText(lower) + " – " + numberText(upper)));
      list.appendChild(item);
      lower = upper;
    });
    var none = CM.el("li");
    var noneSwatch = CM.el("span", "swatch ramp-none");
    noneSwatch.setAttribute("aria-hidden", "true");
    none.appendChild(noneSwatch);
    none.appendChild(document.createTextNode(text.noData));
    list.appendChild(none);
    densityLegend.appendChild(list);
    densityLegend.hidden = false;
  }

  P.density = function () {
    P.updateUrl();
    if (!densityBox.checked) { drawDensity(); densityStatus.textContent = ""; return; }
    if (areas) { drawDensity(); return; }
    densityStatus.textContent = text.loading;
    P.getJson(config.urls.areas).then(function (body) {
      areas = body;
      densityStatus.textContent = "";
      drawDensity();
    }).catch(function () { densityStatus.textContent = text.densityFailed; });
  };
  densityBox.addEventListener("change", P.density);
  metricSelect.addEventListener("change", P.density);
})();
