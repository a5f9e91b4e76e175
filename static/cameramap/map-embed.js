/* cameramap: "Embed this map" on the map page: the <iframe> code of /embed/ for the view shown
 * now (map-state.js announces every new view with the event "cameramap:view"), and a button that
 * copies it. The embed page itself loads this module too and finds nothing to fill. */
import { config } from "./map-state.js";
import { gettext } from "./util.js";

const codeBox = document.getElementById("embed-code");
const copyButton = document.getElementById("embed-copy");
const status = document.getElementById("embed-status");

// The same markup as iframe_html() in web/embed.py (the oEmbed answer), built as text.
function iframeCode(params) {
  const embed = config.embed, src = embed.url + (params.toString() ? "?" + params.toString() : "");
  const attr = (value) => String(value).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  return '<iframe src="' + attr(src) + '" width="' + embed.width + '" height="' + embed.height +
    '" style="border:0" loading="lazy" title="' + attr(embed.title) + '"></iframe>';
}

if (codeBox && config.embed) {
  window.addEventListener("cameramap:view", (event) => {
    codeBox.value = iframeCode(event.detail);
    status.textContent = "";
  });
  codeBox.addEventListener("focus", () => codeBox.select());
  copyButton.addEventListener("click", () => {
    const copied = () => { status.textContent = gettext("The code is copied."); };
    const failed = () => {
      codeBox.focus();
      codeBox.select();
      status.textContent = gettext("Copying is not allowed here: the code is selected, copy it with your keyboard.");
    };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(codeBox.value).then(copied, failed);
    else failed();
  });
}
