/* The capture page, part 4 (see submit-base.js): the photos. Each chosen file is checked (how
 * many, how large, an image), shown as a preview, and its EXIF read here with exifr: its GPS may
 * place the pin and its compass heading suggest a direction.
 *
 * Reads the global of the vendored exifr (exifr). */
import { T, clearError, config, format, showError, state } from "./submit-base.js";
import { suggestDirection } from "./submit-directions.js";
import { checkPhotoDistance, setLocation } from "./submit-location.js";
import { el } from "./util.js";

const previews = document.getElementById("previews");

export function addFiles(files) {
  clearError("photos");
  for (const file of files) {
    if (state.photos.length >= config.maxPhotos) { showError("photos", T.tooMany); continue; }
    if (file.size > config.maxBytes) { showError("photos", format(T.tooLarge, { name: file.name })); continue; }
    if (file.type && file.type.indexOf("image/") !== 0 && !/\.(heic|heif)$/i.test(file.name)) {
      showError("photos", format(T.notImage, { name: file.name }));
      continue;
    }
    const photo = { file: file, url: URL.createObjectURL(file), meta: null };
    state.photos.push(photo);
    renderPreviews();
    readMetadata(photo);
  }
}

function readMetadata(photo) {
  if (!window.exifr) { photo.meta = {}; renderPreviews(); return; }
  exifr.parse(photo.file, { gps: true, ifd0: false, exif: false, interop: false, ifd1: false, xmp: false,
                            icc: false, iptc: false, jfif: false, ihdr: false })
    .then((tags) => {
      tags = tags || {};
      photo.meta = {
        lat: typeof tags.latitude === "number" && isFinite(tags.latitude) ? tags.latitude : null,
        lon: typeof tags.longitude === "number" && isFinite(tags.longitude) ? tags.longitude : null,
        heading: typeof tags.GPSImgDirection === "number" && isFinite(tags.GPSImgDirection) ? tags.GPSImgDirection % 360 : null,
        accuracy: typeof tags.GPSHPositioningError === "number" ? tags.GPSHPositioningError : null,
      };
      if (photo.meta.lat === 0 && photo.meta.lon === 0) { photo.meta.lat = photo.meta.lon = null; }
    })
    .catch(() => { photo.meta = {}; })
    .then(() => {
      if (state.photos.indexOf(photo) < 0) return;  // removed meanwhile
      renderPreviews();
      const meta = photo.meta;
      if (meta.lat !== null && meta.lat !== undefined && (!state.location || state.location.source === "camera")) {
        setLocation(meta.lat, meta.lon, meta.accuracy, "photo");
      }
      if (meta.heading !== null && meta.heading !== undefined) suggestDirection(meta.heading);
      checkPhotoDistance();
    });
}

export function renderPreviews() {
  previews.innerHTML = "";
  state.photos.forEach((photo, index) => {
    const item = el("li", "preview");
    const img = el("img");
    img.alt = photo.file.name;
    img.src = photo.url;
    img.onerror = () => {  // HEIC in a browser that cannot draw it
      img.replaceWith(el("span", "no-preview", photo.file.name + " (" + T.noPreview + ")"));
    };
    item.appendChild(img);
    const caption = el("span", "preview-meta");
    if (photo.meta) {
      const parts = [photo.meta.lat != null ? T.photoGps : T.photoNoGps];
      if (photo.meta.heading != null) parts.push(format(T.photoFaced, { deg: Math.round(photo.meta.heading) }));
      caption.textContent = parts.join(" · ");
    }
    item.appendChild(caption);
    const remove = el("button", "button small remove-photo", T.remove);
    remove.type = "button";
    remove.setAttribute("aria-label", T.remove + ": " + photo.file.name);
    remove.addEventListener("click", () => {
      URL.revokeObjectURL(photo.url);
      state.photos.splice(state.photos.indexOf(photo), 1);
      renderPreviews();
      checkPhotoDistance();
      // The focus goes to the next photo's button, or back to "Choose photos".
      const buttons = previews.querySelectorAll(".remove-photo");
      (buttons[Math.min(index, buttons.length - 1)] || document.getElementById("photo-files")).focus();
    });
    item.appendChild(remove);
    previews.appendChild(item);
  });
}

["photo-camera", "photo-files"].forEach((id) => {
  const input = document.getElementById(id);
  input.addEventListener("change", () => {
    addFiles(input.files);
    input.value = "";  // the same file may be chosen again after removing it
  });
});
