// /data/: while a release is being built, follow its progress through the API and reload the
// page when it is done. Without JavaScript the page still shows the progress when loaded.
(function () {
  "use strict";
  var bars = document.querySelectorAll("progress[data-release-progress]");
  bars.forEach(function (bar) {
    var text = bar.parentNode.querySelector(".progress-text");
    function poll() {
      fetch(bar.getAttribute("data-release-progress"), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
        .then(function (release) {
          bar.value = release.progress;
          bar.textContent = release.progress + "%";
          if (text) { text.textContent = release.progress + "%"; }
          if (release.status === "building") { window.setTimeout(poll, 2000); } else { window.location.reload(); }
        })
        .catch(function () { window.setTimeout(poll, 10000); });
    }
    window.setTimeout(poll, 2000);
  });
})();
