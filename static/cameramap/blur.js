/* Moderators draw rectangles over a photo; the server blurs them for good (faces and plates
   the automatic detector missed). No inline script: the page's CSP forbids it. */
import { csrfToken, el, gettext } from "./util.js";

function open(tool) {
  if (tool.querySelector(".blur-editor")) return;
  const editor = el("div", "blur-editor");
  const stage = el("div", "blur-stage");
  const image = el("img");
  image.src = tool.dataset.image;
  image.alt = gettext("The photo to blur: drag over each area to hide");
  image.draggable = false;
  stage.appendChild(image);
  const help = el("p", null, gettext("Drag over each face, plate or other detail to hide, then apply."));
  const apply = el("button", null, gettext("Blur these areas"));
  apply.type = "button";
  apply.disabled = true;
  const cancel = el("button", null, gettext("Cancel"));
  cancel.type = "button";
  const status = el("p");
  status.setAttribute("role", "status");
  editor.append(help, stage, apply, cancel, status);
  tool.appendChild(editor);

  const boxes = [];
  let start = null;
  let current = null;

  function fraction(event) {
    const rect = image.getBoundingClientRect();
    return {
      x: Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width)),
      y: Math.min(1, Math.max(0, (event.clientY - rect.top) / rect.height))
    };
  }
  function place(element, box) {
    element.style.left = box.x * 100 + "%";
    element.style.top = box.y * 100 + "%";
    element.style.width = box.w * 100 + "%";
    element.style.height = box.h * 100 + "%";
  }
  stage.addEventListener("pointerdown", (event) => {
    event.preventDefault();
    start = fraction(event);
    current = el("div", "blur-box");
    stage.appendChild(current);
    stage.setPointerCapture(event.pointerId);
  });
  stage.addEventListener("pointermove", (event) => {
    if (!start) return;
    const p = fraction(event);
    place(current, { x: Math.min(start.x, p.x), y: Math.min(start.y, p.y), w: Math.abs(p.x - start.x), h: Math.abs(p.y - start.y) });
  });
  stage.addEventListener("pointerup", (event) => {
    if (!start) return;
    const p = fraction(event);
    const box = { x: Math.min(start.x, p.x), y: Math.min(start.y, p.y), w: Math.abs(p.x - start.x), h: Math.abs(p.y - start.y) };
    start = null;
    if (box.w < 0.01 || box.h < 0.01) { current.remove(); return; }
    place(current, box);
    boxes.push(box);
    apply.disabled = false;
  });
  cancel.addEventListener("click", () => { editor.remove(); });
  apply.addEventListener("click", () => {
    apply.disabled = true;
    status.textContent = gettext("Blurring…");
    fetch(tool.dataset.blurUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), "Accept": "application/json" },
      body: JSON.stringify({ boxes: boxes })
    }).then((response) => response.json().then((body) => ({ ok: response.ok, body: body })))
      .then((result) => {
        if (!result.ok) {
          status.textContent = (result.body.boxes || [result.body.detail || gettext("The photo could not be blurred.")]).join(" ");
          apply.disabled = false;
          return;
        }
        const figure = tool.closest("figure");
        const link = figure && figure.querySelector("a");
        const thumb = figure && figure.querySelector("a img");
        if (link) link.href = result.body.image;
        if (thumb) thumb.src = result.body.thumbnail;
        tool.dataset.image = result.body.image;
        editor.remove();
        const count = tool.querySelector("p.muted");
        if (count) count.textContent = gettext("Blurred. The published photo shows the blurred version.");
      }).catch(() => {
        status.textContent = gettext("No connection: nothing was blurred. Try again.");
        apply.disabled = false;
      });
  });
}

document.addEventListener("click", (event) => {
  const button = event.target.closest(".blur-start");
  if (button) open(button.closest(".blur-tool"));
});
