/* The receipt page: the link to keep is the only way back to a report (we do not know who sent
 * it), so keeping it takes one tap — "Copy link", and "Share" (the Web Share API: a messenger, a
 * note, an e-mail to oneself) where the phone has it; without it the button stays hidden. */
import { gettext, pageData } from "./util.js";

const link = document.getElementById("receipt-link");
const copyButton = document.getElementById("receipt-copy");
const shareButton = document.getElementById("receipt-share");
const status = document.getElementById("receipt-copied");
const { title, text } = pageData("receipt-share-data");

async function copy() {
  try {
    await navigator.clipboard.writeText(link.value);
  } catch (error) {
    // No clipboard API (a page not served over HTTPS) or no permission: the old way.
    link.select();
    if (!document.execCommand("copy")) {
      status.textContent = gettext("Select the link above and copy it.");
      return;
    }
  }
  status.textContent = gettext("Link copied.");
}

copyButton.hidden = false;
copyButton.addEventListener("click", copy);

const shared = { title: title, text: text, url: link.value };
if (navigator.share && (!navigator.canShare || navigator.canShare(shared))) {
  shareButton.hidden = false;
  // (rejected when the volunteer closes the share sheet: nothing to say then)
  shareButton.addEventListener("click", () => navigator.share(shared).catch(() => null));
}
