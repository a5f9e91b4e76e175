/* The public map, part 4 (see map-state.js): far away (below config.detailZoom), the vector
 * tiles of /api/v1/tiles/. The server groups the cameras of each tile: a group is a marker that
 * zooms in, a camera alone in its place is a marker of its own. */
(function () {
  "use strict";
  var CM = window.CameraMap, P = CM.page;
  var config = P.config, text = P.text, map = P.map, clamp = P.clamp;
  var tileCache = {}, tileCacheSize = 0;

  function fetchTile(url) {
    if (!tileCache[url]) {
      if (tileCacheSize > 400) { tileCache = {}; tileCacheSize = 0; }
      tileCacheSize++;
      tileCache[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.arrayBuffer();
      }).then(CM.readTile);
      tileCache[url].catch(function () { delete tileCache[url]; });
    }
    return tileCache[url];
  }

  // The filters changed: the tiles fetched so far are of the old ones.
  P.clearTiles = function () { tileCache = {}; };

  P.loadGroups = function (generation) {
    var z = map.getZoom(), n = Math.pow(2, z), pixels = map.getPixelBounds();
    var x0 = clamp(Math.floor(pixels.min.x / 256), 0, n - 1), x1 = clamp(Math.floor(pixels.max.x / 256), 0, n - 1);
    var y0 = clamp(Math.floor(pixels.min.y / 256), 0, n - 1), y1 = clamp(Math.floor(pixels.max.y / 256), 0, n - 1);
    var query = P.filterParams().toString(), requests = [];
    for (var x = x0; x <= x1; x++) {
      for (var y = y0; y <= y1; y++) {
        var url = config.urls.tiles.replace("{z}", z).replace("{x}", x).replace("{y}", y) + (query ? "?" + query : "");
        requests.push(fetchTile(url).then((function (tx, ty) {
          return function (points) { return { x: tx, y: ty, points: points }; };
        })(x, y)));
      }
    }
    P.showListZoom();
    Promise.all(requests).then(function (tiles) {
      if (generation !== P.current) return;
      P.groupLayer.clearLayers();
      var singles = [];
      tiles.forEach(function (tile) {
        tile.points.forEach(function (point) {
          var latlng = CM.tileLatLng(z, tile.x, tile.y, point.x, point.y), props = point.properties;
          if (props.count > 1) {
            var group = L.marker(latlng, { icon: CM.groupIcon(props.count), title: interpolate(ngettext("%(count)s camera here; zoom in", "%(count)s cameras here; zoom in", props.count), { count: props.count }, true) });
            var zoomToGroup = function () {
              // The group's marker goes once the map zooms: keep the keyboard focus in the map.
              if (document.activeElement === group.getElement()) P.mapElement.focus({ preventScroll: true });
              map.setView(latlng, Math.min(z + 2, config.detailZoom));
            };
            group.on("click", zoomToGroup);
            // Leaflet answers Enter only on markers with a popup; a group zooms in on it too.
            group.on("keypress", function (event) { if (event.originalEvent.key === "Enter") zoomToGroup(); });
            group.addTo(P.groupLayer);
          } else if (props.id !== undefined) {
            singles.push({ id: props.id, latlng: latlng, props: props, fetchPopup: true });
          }
        });
      });
      P.showCameras(singles);
      P.mapElement.setAttribute("data-drawn-zoom", String(z));  // what is drawn is this zoom's (for tests)
    }).catch(function () { if (generation === P.current) P.listStatus.textContent = text.loadFailed; });
  };
})();
