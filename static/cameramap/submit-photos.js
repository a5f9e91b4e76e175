/* The capture page, part 4 (see submit-base.js): the photos. Each chosen file is checked (how
 * many, how large, an image), shown as a preview, and its EXIF read here with exifr: its GPS may
 * place the pin and its compass heading suggest a direction. A HEIC/HEIF photo the browser cannot
 * draw is previewed from a copy decoded by submit-heic.js.
 *
 * Reads the global of the vendored exifr (exifr). */
import { T, clearError, config, format, showError, state } from "./submit-base.js";
import { suggestDirection } from "./submit-directions.js";
import { heicPreview, isHeic } from "./submit-heic.js";
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
    // url: the file itself; preview: a drawable copy, when the browser cannot draw the file (HEIC)
    const photo = { file: file, url: URL.createObjectURL(file), preview: null, previewState: null, meta: null };
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
    item.appendChild(previewImage(photo));
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
      forget(photo);
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

/* The photo's preview: the file itself when the browser draws it; for a HEIC/HEIF it cannot,
 * "Preparing a preview…" while a copy is decoded, then that copy (or the name, when it fails). */
function previewImage(photo) {
  if (photo.previewState === "decoding") return el("span", "no-preview", T.preparingPreview);
  if (photo.previewState === "failed") return el("span", "no-preview", photo.file.name + " (" + T.noPreview + ")");
  const img = el("img");
  img.alt = photo.file.name;
  img.src = photo.preview || photo.url;
  img.onerror = () => {
    if (photo.preview || !isHeic(photo.file)) {
      photo.previewState = "failed";
    } else {
      photo.previewState = "decoding";
      heicPreview(photo.file).then((blob) => {
        photo.preview = URL.createObjectURL(blob);
        photo.previewState = "decoded";
      }, () => {
        photo.previewState = "failed";
      }).then(() => {
        if (state.photos.indexOf(photo) >= 0) renderPreviews();
        else forget(photo);  // removed meanwhile
      });
    }
    img.replaceWith(previewImage(photo));
  };
  return img;
}

/* The object URLs of a photo given back: the photo is no longer in the form. */
export function forget(photo) {
  URL.revokeObjectURL(photo.url);
  if (photo.preview) URL.revokeObjectURL(photo.preview);
}

["photo-camera", "photo-files"].forEach((id) => {
  const input = document.getElementById(id);
  input.addEventListener("change", () => {
    addFiles(input.files);
    input.value = "";  // the same file may be chosen again after removing it
  });
});
