/* A worker of the capture page (submit-heic.js): a small JPEG preview of a HEIC/HEIF photo, for
 * the browsers that cannot draw one (Chrome, Firefox). The photo is decoded here, off the page's
 * thread, by libheif compiled to JavaScript (static/vendor/libheif-js, LGPL-3.0): a 12-megapixel
 * photo takes seconds, and the page stays usable meanwhile. Nothing leaves the phone.
 *
 * Message in: {file: Blob, size: longest side of the preview in pixels}.
 * Message out: {blob: the preview as a JPEG Blob} or {error: why not}. */
importScripts("../vendor/libheif-js/libheif.js");  // the global `libheif`: a factory of the module

const ready = libheif();

function pixelsOf(image) {
  return new Promise((resolve, reject) => {
    const width = image.get_width(), height = image.get_height();
    const pixels = new ImageData(width, height);
    // libheif applies the photo's rotation and mirroring while decoding: the preview is upright.
    image.display(pixels, (result) => (result ? resolve(pixels) : reject(new Error("the photo could not be decoded"))));
  });
}

async function preview(file, size) {
  const heif = await ready;
  const decoder = new heif.HeifDecoder();
  const images = decoder.decode(new Uint8Array(await file.arrayBuffer()));
  if (!images.length) throw new Error("no image in the file");
  const image = images.find((candidate) => candidate.is_primary()) || images[0];
  const pixels = await pixelsOf(image);
  images.forEach((candidate) => candidate.free());
  const scale = Math.min(1, size / Math.max(pixels.width, pixels.height));
  const bitmap = await createImageBitmap(pixels, { resizeWidth: Math.max(1, Math.round(pixels.width * scale)),
                                                   resizeHeight: Math.max(1, Math.round(pixels.height * scale)),
                                                   resizeQuality: "high" });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  canvas.getContext("2d").drawImage(bitmap, 0, 0);
  bitmap.close();
  return canvas.convertToBlob({ type: "image/jpeg", quality: 0.85 });
}

self.onmessage = (event) => {
  preview(event.data.file, event.data.size)
    .then((blob) => { self.postMessage({ blob: blob }); })
    .catch((error) => { self.postMessage({ error: String(error && error.message || error) }); });
};
