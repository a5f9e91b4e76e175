/* Moderators draw rectangles over a photo; the server blurs them for good (faces and plates
   the automatic detector missed). No inline script: the page's CSP forbids it. */
(function () {
  "use strict";
  var gettext = window.gettext || function (s) { return s; };

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function open(tool) {
    if (tool.querySelector(".blur-editor")) return;
    var editor = document.createElement("div");
    editor.className = "blur-editor";
    var stage = document.createElement("div");
    stage.className = "blur-stage";
    var image = document.createElement("img");
    image.src = tool.dataset.image;
    image.alt = gettext("The photo to blur: drag over each area to hide");
    image.draggable = false;
    stage.appendChild(image);
    var help = document.createElement("p");
    help.textContent = gettext("Drag over each face, plate or other detail to hide, then apply.");
    var apply = document.createElement("button");
    apply.type = "button";
    apply.textContent = gettext("Blur these areas");
    apply.disabled = true;
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.textContent = gettext("Cancel");
    var status = document.createElement("p");
    status.setAttribute("role", "status");
    editor.append(help, stage, apply, cancel, status);
    tool.appendChild(editor);

    var boxes = [];
    var start = null;
    var current = null;

    function fraction(event) {
      var rect = image.getBoundingClientRect();
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
    stage.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      start = fraction(event);
      current = document.createElement("div");
      current.className = "blur-box";
      stage.appendChild(current);
      stage.setPointerCapture(event.pointerId);
    });
    stage.addEventListener("pointermove", function (event) {
      if (!start) return;
      var p = fraction(event);
      place(current, { x: Math.min(start.x, p.x), y: Math.min(start.y, p.y), w: Math.abs(p.x - start.x), h: Math.abs(p.y - start.y) });
    });
    stage.addEventListener("pointerup", function (event) {
      if (!start) return;
      var p = fraction(event);
      var box = { x: Math.min(start.x, p.x), y: Math.min(start.y, p.y), w: Math.abs(p.x - start.x), h: Math.abs(p.y - start.y) };
      start = null;
      if (box.w < 0.01 || box.h < 0.01) { current.remove(); return; }
      place(current, box);
      boxes.push(box);
      apply.disabled = false;
    });
    cancel.addEventListener("click", function () { editor.remove(); });
    apply.addEventListener("click", function () {
      apply.disabled = true;
      status.textContent = gettext("Blurring…");
      fetch(tool.dataset.blurUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), "Accept": "application/json" },
        body: JSON.stringify({ boxes: boxes })
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      }).then(function (result) {
        if (!result.ok) {
          status.textContent = (result.body.boxes || [result.body.detail || gettext("The photo could not be blurred.")]).join(" ");
          apply.disabled = false;
          return;
        }
        var figure = tool.closest("figure");
        var link = figure && figure.querySelector("a");
        var thumb = figure && figure.querySelector("a img");
        if (link) link.href = result.body.image;
        if (thumb) thumb.src = result.body.thumbnail;
        tool.dataset.image = result.body.image;
        editor.remove();
        var count = tool.querySelector("p.muted");
        if (count) count.textContent = gettext("Blurred. The published photo shows the blurred version.");
      }).catch(function () {
        status.textContent = gettext("No connection: nothing was blurred. Try again.");
        apply.disabled = false;
      });
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".blur-start");
    if (button) open(button.closest(".blur-tool"));
  });
})();
