/* The capture page, part 6 (see submit-base.js): sending. The form becomes a report the outbox
 * keeps on the phone (outbox.js) and sends; the answer leads to the receipt page, to the API's
 * errors beside their fields, or to the "waiting to send" list (offline.js). */
import { noticeKept } from "./offline.js";
import * as Outbox from "./outbox.js";
import { randomHex } from "./outbox-keys.js";
import {
  T, TEXT_FIELDS, clearErrors, focusError, form, format, kind, showApiErrors, showError, state
} from "./submit-base.js";
import { resetForm } from "./submit-form.js";
import { gettext } from "./util.js";

function newKey() {
  return window.crypto && crypto.randomUUID ? crypto.randomUUID() : randomHex(16);
}

/* A report as the outbox keeps it: name/value pairs (photos and key apart). */
function fieldPairs() {
  const pairs = [];
  const add = (name, value) => { pairs.push([name, String(value)]); };
  add("kind", kind());
  const camera = form.querySelector("input[name=camera]");
  const cameraId = state.carry.camera !== undefined ? state.carry.camera : camera ? camera.value : "";
  if (cameraId) add("camera", cameraId);
  if (state.location) {
    add("lat", state.location.lat.toFixed(7));
    add("lon", state.location.lon.toFixed(7));
    if (state.location.accuracy) add("accuracy_m", Math.min(10000, Math.round(state.location.accuracy * 10) / 10));
  }
  if (kind() !== "gone") {
    state.directions.forEach((direction) => { add("directions", direction.deg); });
    form.querySelectorAll("#step-attributes input[type=radio]:checked").forEach((input) => {
      add(input.name, input.value);
    });
    TEXT_FIELDS.forEach((name) => {
      const input = form.querySelector("[name=" + name + "]");
      if (input && input.value.trim()) add(name, input.value.trim());
    });
  }
  const notes = form.querySelector("[name=notes]").value.trim();
  if (notes) add("notes", notes);
  return pairs;
}

/* What the API would refuse anyway, said before the report is kept: without signal the
 * volunteer would otherwise learn it only later. */
function checkBeforeKeeping() {
  if (kind() !== "gone" && state.photos.length === 0) {
    focusError(showError("photos", gettext("Add at least one photo of the camera.")));
    return false;
  }
  const noPhotoGps = state.photos.every((photo) => photo.meta && photo.meta.lat == null);
  if (!state.location && noPhotoGps) {
    focusError(showError("location", T.needLocation));
    return false;
  }
  return true;
}

const button = document.getElementById("submit-button");
let sendingKey = null;  // the report this form is sending: not listed as waiting meanwhile

const sendStatus = document.getElementById("send-status");  // read out while sending

export const sending = () => sendingKey;

function sendingState(on) {
  button.disabled = on;
  button.textContent = on ? T.sending : T.send;
  if (sendStatus) sendStatus.textContent = on ? T.sending : "";
}

function progress(fraction) {
  button.textContent = format(T.sendingProgress, { p: Math.round(100 * fraction) });
}

/* Keep the report, send it, and act on the answer: the receipt page when the API has it; the
 * errors beside their fields when it refused it; otherwise it waits in the list. */
async function submitReport() {
  clearErrors();
  if (!checkBeforeKeeping()) return;
  const report = {
    key: state.editing ? state.editing.key : newKey(),
    created: state.editing ? state.editing.created : Date.now(),
    fields: fieldPairs(),
    photos: state.photos.map((photo) => ({ blob: photo.file, name: photo.file.name })),
  };
  sendingState(true);
  sendingKey = report.key;
  let kept = true;
  try {
    await Outbox.save(report);
  } catch (error) {
    kept = false;  // private browsing or a full disk: send it as before, without keeping it
  }
  let answer;
  if (kept) {
    answer = await Outbox.send(report.key, progress);
    if (!answer) answer = await settled(report.key);  // the outbox's own retry got there first
  } else {
    const result = await Outbox.post(report, progress);
    answer = { outcome: Outbox.outcomeOf(result), result: result };
  }
  sendingState(false);
  sendingKey = null;
  const status = answer.result ? answer.result.status : 0;
  const body = answer.result ? answer.result.body : null;
  if (answer.outcome === "sent") {
    const receiptUrl = (kept && answer.entry.receiptUrl) || (body && body.receipt_url);
    if (kept) await Outbox.remove(report.key);  // the receipt page shows the link itself
    window.location.assign(receiptUrl);
    return;
  }
  if (answer.outcome === "attention") {
    // The form still holds the report: it is corrected here, not in the list.
    if (kept) await Outbox.remove(report.key);
    if (body && typeof body === "object") {
      showApiErrors(body);
      if (!body.detail && !body.non_field_errors) showError("detail", T.failed);
    } else {
      focusError(showError("detail", T.failed));
    }
    return;
  }
  if (!kept) {
    // Nothing will send it by itself: the API's own words (which limit, how long) when it gave them.
    const throttled = body && typeof body.detail === "string" ? body.detail
      : format(T.throttled, { min: Math.max(1, Math.ceil((answer.result.retryAfter || 60) / 60)) });
    focusError(showError("detail", status === 429 ? throttled : T.offline));
    return;
  }
  resetForm(true);
  if (answer.entry) noticeKept(answer.entry);  // (none: deleted from the list meanwhile)
}

async function settled(key) {
  const entry = await Outbox.get(key);
  if (!entry) return { outcome: "retry", result: null };
  if (entry.state === "sent") return { outcome: "sent", entry: entry, result: null };
  if (entry.state === "attention") return { outcome: "attention", entry: entry, result: { status: entry.status, body: entry.errors } };
  return { outcome: "retry", entry: entry, result: { status: entry.status || 0, body: null } };
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  submitReport().catch(() => { sendingState(false); sendingKey = null; showError("detail", T.offline); });
});
