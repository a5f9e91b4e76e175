/* The progress of an official list's import: polls the job's status (JSON) every second and
   updates the progress bar and the message until the job is done or failed. No inline script:
   the URLs come from data- attributes. */
import { gettext } from "./util.js";

const STATES = { queued: gettext("queued"), running: gettext("running"), done: gettext("done"), failed: gettext("failed") };

function field(box, name) { return box.querySelector(`[data-field="${name}"]`); }

async function poll(box) {
  let status;
  try {
    const response = await fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (!response.ok) { throw new Error(response.status); }
    status = await response.json();
  } catch (error) {
    window.setTimeout(() => poll(box), 3000);
    return;
  }
  box.querySelector("progress").value = status.progress;
  box.querySelector("progress").textContent = status.progress + "%";
  field(box, "state").textContent = STATES[status.state] || status.state;
  field(box, "progress").textContent = status.progress;
  field(box, "message").textContent = status.message;
  if (status.list) {
    field(box, "list-link").href = box.dataset.listUrlTemplate.replace("/0/", "/" + status.list + "/");
    field(box, "done").hidden = false;
  }
  if (!status.finished) { window.setTimeout(() => poll(box), 1000); }
}

document.querySelectorAll("[data-status-url]").forEach((box) => poll(box));
