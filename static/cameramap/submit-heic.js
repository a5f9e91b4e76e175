/* The capture page, part 4b (see submit-base.js): previews of HEIC/HEIF photos in browsers that
 * cannot draw them (Safari can; Chrome and Firefox cannot). heic-worker.js decodes the photo with
 * the vendored libheif and answers with a small JPEG. The worker, and the 3 MB decoder it loads,
 * are fetched only when such a photo is chosen; photos are decoded one at a time (each takes
 * memory for all its pixels), and the worker is ended when none is left, giving that memory back.
 * Without signal, before the decoder was ever fetched, the photo shows its name instead. */

const PREVIEW_PX = 400;    // longest side of a preview: a tile of the list on a sharp phone screen
let worker = null;
let queue = Promise.resolve();
let waiting = 0;

export const isHeic = (file) => /^image\/hei[cf]/i.test(file.type || "") || /\.(heic|heif)$/i.test(file.name || "");

function decode(file) {
  return new Promise((resolve, reject) => {
    if (!worker) worker = new Worker(new URL("./heic-worker.js", import.meta.url));
    worker.onmessage = (event) => (event.data.blob ? resolve(event.data.blob) : reject(new Error(event.data.error)));
    worker.onerror = (event) => {  // the decoder could not be loaded (no signal) or crashed: start afresh next time
      event.preventDefault();
      worker.terminate();
      worker = null;
      reject(new Error(event.message || "the decoder failed"));
    };
    worker.postMessage({ file: file, size: PREVIEW_PX });
  });
}

/* A JPEG Blob showing the photo, made in the worker; rejects when it cannot be made. */
export function heicPreview(file) {
  waiting += 1;
  const result = queue.then(() => decode(file));
  queue = result.catch(() => {}).then(() => {
    waiting -= 1;
    if (waiting === 0 && worker) {
      worker.terminate();
      worker = null;
    }
  });
  return result;
}
