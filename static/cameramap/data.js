// /data/: while a release is being built, follow its progress through the API and reload the
// page when it is done. Without JavaScript the page still shows the progress when loaded.
import { getJson } from "./util.js";

document.querySelectorAll("progress[data-release-progress]").forEach((bar) => {
  const text = bar.parentNode.querySelector(".progress-text");
  const poll = () => {
    getJson(bar.getAttribute("data-release-progress"))
      .then((release) => {
        bar.value = release.progress;
        bar.textContent = release.progress + "%";
        if (text) { text.textContent = release.progress + "%"; }
        if (release.status === "building") { window.setTimeout(poll, 2000); } else { window.location.reload(); }
      })
      .catch(() => { window.setTimeout(poll, 10000); });
  };
  window.setTimeout(poll, 2000);
});
