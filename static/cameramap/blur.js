/* Blurring on the review page. Under review (the report pending, the photo processed with an
   unblurred copy): the unblurred image, served to moderators only, with each box the detector
   found over it; a click turns a box off or on again, a drag adds one, and each change is saved
   at once — the published image is made from this choice at the decision. Any other photo: the
   moderator draws rectangles and the server blurs them for good.
   No inline script: the page's CSP forbids it. */
import { csrfToken, el, gettext, interpolate, ngettext } from "./util.js";

const KINDS = { face: gettext("face"), plate: gettext("licence plate"), manual: gettext("added by a moderator") };

function place(element, box) {
  element.style.left = box.x * 100 + "%";
  element.style.top = box.y * 100 + "%";
  element.style.width = box.w * 100 + "%";
  element.style.height = box.h * 100 + "%";
}

/* The photo with rectangles drawn by dragging over it: onBox(box) for each, in fractions of the
   image. A press on a box's own button is left to the button. */
function drawingStage(src, alt, onBox) {
  const stage = el("div", "blur-stage");
  const image = el("img");
  image.src = src;
  image.alt = alt;
  image.draggable = false;
  stage.appendChild(image);
  let start = null;
  let current = null;

  function fraction(event) {
    const rect = image.getBoundingClientRect();
    return {
      x: Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width)),
      y: Math.min(1, Math.max(0, (event.clientY - rect.top) / rect.height))
    };
  }
  function spanned(p) {
    return { x: Math.min(start.x, p.x), y: Math.min(start.y, p.y), w: Math.abs(p.x - start.x), h: Math.abs(p.y - start.y) };
  }
  stage.addEventListener("pointerdown", (event) => {
    if (event.target.closest("button") || stage.classList.contains("busy")) return;
    event.preventDefault();
    start = fraction(event);
    current = el("div", "blur-box");
    stage.appendChild(current);
    stage.setPointerCapture(event.pointerId);
  });
  stage.addEventListener("pointermove", (event) => {
    if (start) place(current, spanned(fraction(event)));
  });
  stage.addEventListener("pointerup", (event) => {
    if (!start) return;
    const box = spanned(fraction(event));
    start = null;
    if (box.w < 0.01 || box.h < 0.01) { current.remove(); return; }
    place(current, box);
    onBox(box, current);
  });
  return stage;
}

function send(tool, method, boxes) {
  return fetch(tool.dataset.blurUrl, {
    method: method,
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), "Accept": "application/json" },
    body: JSON.stringify({ boxes: boxes })
  }).then((response) => response.json().then((body) => ({ ok: response.ok, body: body })));
}

function failure(body) {
  return (body.boxes || [body.detail || gettext("The photo could not be blurred.")]).join(" ");
}

/* The public files changed (a box added blurs them at once): show the new ones. */
function showPublished(tool, body) {
  const figure = tool.closest("figure");
  const link = figure && figure.querySelector("a");
  const thumb = figure && figure.querySelector("a img");
  if (link) link.href = body.image;
  if (thumb) thumb.src = body.thumbnail;
  tool.dataset.image = body.image;
}

function review(tool) {
  let boxes = JSON.parse(tool.querySelector("script[type='application/json']").textContent);
  const summary = tool.querySelector(".blur-summary");
  const status = el("p", "blur-status");
  status.setAttribute("role", "status");
  const stage = drawingStage(tool.dataset.unblurred, gettext("The photo before blurring (moderators only)"), (box, drawn) => {
    save([...boxes, { ...box, kind: "manual", on: true }], gettext("Area added: it will be blurred.")).finally(() => drawn.remove());
  });
  const help = el("p", "muted", gettext("Solid boxes will be blurred when the report is published; dashed ones will not. " +
    "Click a box to turn it off or on; drag over anything else to hide."));
  tool.append(help, stage, status);

  function draw() {
    stage.querySelectorAll(".blur-toggle").forEach((node) => node.remove());
    boxes.forEach((box, index) => {
      const on = box.on !== false;
      const button = el("button", "blur-toggle" + (on ? " on" : " off"));
      button.type = "button";
      button.setAttribute("aria-pressed", String(on));
      button.setAttribute("aria-label", interpolate(on ? gettext("Area %(n)s (%(kind)s): blurred. Turn off") :
        gettext("Area %(n)s (%(kind)s): not blurred. Turn on"), { n: index + 1, kind: KINDS[box.kind] || box.kind }, true));
      button.title = button.getAttribute("aria-label");
      button.dataset.index = String(index);
      place(button, box);
      button.addEventListener("click", () => {
        const changed = boxes.map((other, i) => (i === index ? { ...other, on: !on } : other));
        save(changed, on ? gettext("Turned off: this area will be published unblurred.") : gettext("Turned on: this area will be blurred."));
      });
      stage.appendChild(button);
    });
    const blurredCount = boxes.filter((box) => box.on !== false).length;
    summary.textContent = interpolate(ngettext("%(on)s of %(all)s area will be blurred when published.",
      "%(on)s of %(all)s areas will be blurred when published.", boxes.length), { on: blurredCount, all: boxes.length }, true);
  }

  function save(changed, done) {
    stage.classList.add("busy");
    status.textContent = gettext("Saving…");
    return send(tool, "PUT", changed).then((result) => {
      if (!result.ok) { status.textContent = failure(result.body); return; }
      boxes = result.body.blur_boxes;
      showPublished(tool, result.body);
      draw();
      status.textContent = done;
    }).catch(() => {
      status.textContent = gettext("No connection: nothing was changed. Try again.");
    }).finally(() => stage.classList.remove("busy"));
  }

  draw();
}

function open(tool) {
  if (tool.querySelector(".blur-editor")) return;
  const editor = el("div", "blur-editor");
  const boxes = [];
  const apply = el("button", null, gettext("Blur these areas"));
  const stage = drawingStage(tool.dataset.image, gettext("The photo to blur: drag over each area to hide"), (box) => {
    boxes.push(box);
    apply.disabled = false;
  });
  const help = el("p", null, gettext("Drag over each face, plate or other detail to hide, then apply."));
  apply.type = "button";
  apply.disabled = true;
  const cancel = el("button", null, gettext("Cancel"));
  cancel.type = "button";
  const status = el("p");
  status.setAttribute("role", "status");
  editor.append(help, stage, apply, cancel, status);
  tool.appendChild(editor);

  cancel.addEventListener("click", () => { editor.remove(); });
  apply.addEventListener("click", () => {
    apply.disabled = true;
    status.textContent = gettext("Blurring…");
    send(tool, "POST", boxes).then((result) => {
      if (!result.ok) {
        status.textContent = failure(result.body);
        apply.disabled = false;
        return;
      }
      showPublished(tool, result.body);
      editor.remove();
      const count = tool.querySelector("p.muted");
      if (count) count.textContent = gettext("Blurred. The published photo shows the blurred version.");
    }).catch(() => {
      status.textContent = gettext("No connection: nothing was blurred. Try again.");
      apply.disabled = false;
    });
  });
}

document.querySelectorAll(".blur-tool[data-unblurred]").forEach(review);
document.addEventListener("click", (event) => {
  const button = event.target.closest(".blur-start");
  if (button) open(button.closest(".blur-tool"));
});
