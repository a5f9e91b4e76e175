/* The capture page, part 3 (see submit-base.js): the photos. Each chosen file is checked (how
 * many, how large, an image), shown as a preview, and its EXIF read here with exifr: its GPS may
 * place the pin and its compass heading suggest a direction. */
(function () {
  "use strict";

  var S = window.CameramapSubmit;
  var config = S.config, T = S.T, state = S.state, format = S.format;
  var previews = document.getElementById("previews");

  S.addFiles = function (files) {
    S.clearError("photos");
    Array.prototype.forEach.call(files, function (file) {
      if (state.photos.length >= config.maxPhotos) { S.showError("photos", T.tooMany); return; }
      if (file.size > config.maxBytes) { S.showError("photos", format(T.tooLarge, { name: file.name })); return; }
      if (file.type && file.type.indexOf("image/") !== 0 && !/\.(heic|heif)$/i.test(file.name)) {
        S.showError("photos", format(T.notImage, { name: file.name }));
        return;
      }
      var photo = { file: file, url: URL.createObjectURL(file), meta: null };
      state.photos.push(photo);
      S.renderPreviews();
      readMetadata(photo);
    });
  };

  function readMetadata(photo) {
    if (!window.exifr) { photo.meta = {}; S.renderPreviews(); return; }
    exifr.parse(photo.file, { gps: true, ifd0: false, exif: false, interop: false, ifd1: false, xmp: false,
                              icc: false, iptc: false, jfif: false, ihdr: false })
      .then(function (tags) {
        tags = tags || {};
        photo.meta = {
          lat: typeof tags.latitude === "number" && isFinite(tags.latitude) ? tags.latitude : null,
          lon: typeof tags.longitude === "number" && isFinite(tags.longitude) ? tags.longitude : null,
          heading: typeof tags.GPSImgDirection === "number" && isFinite(tags.GPSImgDirection) ? tags.GPSImgDirection % 360 : null,
          accuracy: typeof tags.GPSHPositioningError === "number" ? tags.GPSHPositioningError : null,
        };
        if (photo.meta.lat === 0 && photo.meta.lon === 0) { photo.meta.lat = photo.meta.lon = null; }
      })
      .catch(function () { photo.meta = {}; })
      .then(function () {
        if (state.photos.indexOf(photo) < 0) return;  // removed meanwhile
        S.renderPreviews();
        var meta = photo.meta;
        if (meta.lat !== null && meta.lat !== undefined && (!state.location || state.location.source === "camera")) {
          S.setLocation(meta.lat, meta.lon, meta.accuracy, "photo");
        }
        if (meta.heading !== null && meta.heading !== undefined) S.suggestDirection(meta.heading);
        S.checkPhotoDistance();
      });
  }

  S.renderPreviews = function () {
    previews.innerHTML = "";
    state.photos.forEach(function (photo, index) {
      var item = document.createElement("li");
      item.className = "preview";
      var img = document.createElement("img");
      img.alt = photo.file.name;
      img.src = photo.url;
      img.onerror = function () {  // HEIC in a browser that cannot draw it
        var box = document.createElement("span");
        box.className = "no-preview";
        box.textContent = photo.file.name + " (" + T.noPreview + ")";
        img.replaceWith(box);
      };
      item.appendChild(img);
      var caption = document.createElement("span");
      caption.className = "preview-meta";
      if (photo.meta) {
        var parts = [photo.meta.lat != null ? T.photoGps : T.photoNoGps];
        if (photo.meta.heading != null) parts.push(format(T.photoFaced, { deg: Math.round(photo.meta.heading) }));
        caption.textContent = parts.join(" · ");
      }
      item.appendChild(caption);
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "button small remove-photo";
      remove.textContent = T.remove;
      remove.setAttribute("aria-label", T.remove + ": " + photo.file.name);
      remove.addEventListener("click", function () {
        URL.revokeObjectURL(photo.url);
        state.photos.splice(state.photos.indexOf(photo), 1);
        S.renderPreviews();
        S.checkPhotoDistance();
        // The focus goes to the next photo's button, or back to "Choose photos".
        var buttons = previews.querySelectorAll(".remove-photo");
        (buttons[Math.min(index, buttons.length - 1)] || document.getElementById("photo-files")).focus();
      });
      item.appendChild(remove);
      previews.appendChild(item);
    });
  };

  ["photo-camera", "photo-files"].forEach(function (id) {
    var input = document.getElementById(id);
    input.addEventListener("change", function () {
      S.addFiles(input.files);
      input.value = "";  // the same file may be chosen again after removing it
    });
  });
})();
