// /data/: while a release or a dossier is being built, follow its progress through the API and
// reload the page when it is done. Without JavaScript the page still shows the progress when loaded.
import { getJson } from "./util.js";

document.querySelectorAll("progress[data-release-progress], progress[data-dossier-progress]").forEach((bar) => {
  const url = bar.getAttribute("data-release-progress") || bar.getAttribute("data-dossier-progress");
  const text = bar.parentNode.querySelector(".progress-text");
  const poll = () => {
    getJson(url)
      .then((work) => {
        bar.value = work.progress;
        bar.textContent = work.progress + "%";
        if (text) { text.textContent = work.progress + "%"; }
        if (work.status === "building") { window.setTimeout(poll, 2000); } else { window.location.reload(); }
      })
      .catch(() => { window.setTimeout(poll, 10000); });
  };
  window.setTimeout(poll, 2000);
});
