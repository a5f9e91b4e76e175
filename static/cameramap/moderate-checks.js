/* A report still being checked (its photos processing, or its pre-checks not run yet): the page
   holds its approve and attach buttons. This asks the moderation API about the report every few
   seconds, and when the checks are done reloads the page, so that the moderator decides with the
   results in view. A moderator who has started typing a rejection keeps what was typed: the
   buttons are released and the banner says the checks are done, with a link to see them. */
import { getJson, gettext } from "./util.js";

const FIRST_WAIT_MS = 2000;
const LONGEST_WAIT_MS = 15000;

function release(banner) {
  document.querySelectorAll("[data-waits-for-checks]").forEach((button) => {
    button.disabled = false;
    button.removeAttribute("data-waits-for-checks");
  });
  banner.classList.remove("banner-checking");
  banner.textContent = gettext("The checks are done: you can decide now.") + " ";
  const link = document.createElement("a");
  link.href = window.location.href;
  link.textContent = gettext("Show their results");
  banner.append(link);
}

export function waitForChecks() {
  const banner = document.getElementById("checks-pending");
  if (!banner) return;
  let typed = false;
  document.querySelectorAll(".actions form").forEach((form) => {
    form.addEventListener("input", () => { typed = true; });
  });
  let wait = FIRST_WAIT_MS;
  const ask = async () => {
    try {
      const report = await getJson(banner.getAttribute("data-status-url"));
      if (report.status !== "pending") { window.location.reload(); return; }  // decided meanwhile
      if (report.checks_done) {
        if (typed) { release(banner); } else { window.location.reload(); }
        return;
      }
    } catch (error) {
      // No signal or a busy server: ask again later.
    }
    wait = Math.min(wait * 1.5, LONGEST_WAIT_MS);
    window.setTimeout(ask, wait);
  };
  window.setTimeout(ask, wait);
}
