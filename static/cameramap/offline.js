/* The capture page without signal: registers the service worker that keeps the page available
 * offline, starts the outbox (outbox.js) and shows what it keeps: the "waiting to send" list,
 * with each report's time, first photo and state (why it was not sent — a 429 names its limit —
 * and the time of the next try, which is never sooner than the API's Retry-After), a way to
 * delete it (or to correct one the API refused), and the receipt links of reports sent from the
 * list. Every message gives that same time; offline, the banner and the line about the report
 * just kept do not say the same thing twice. */
import * as Outbox from "./outbox.js";
import { config } from "./submit-base.js";
import { el, formatDateTime, formatTime, gettext, interpolate, ngettext } from "./util.js";

const section = document.getElementById("outbox");
const pendingPart = document.getElementById("outbox-pending");
const pendingList = document.getElementById("outbox-list");
const donePart = document.getElementById("outbox-done");
const doneList = document.getElementById("outbox-sent");
const count = document.getElementById("outbox-count");
const noticeLine = document.getElementById("outbox-notice");
const banner = document.getElementById("offline-banner");
let thumbnails = [];  // object URLs of the photos shown, released at each redraw
let capture = null;  // the capture form: {edit(entry), sending()} (startOffline)
let noticeIsOffline = false;  // the notice says what the offline banner says

// Field names of the API, as the volunteer knows them, for messages about kept reports.
const FIELD_LABELS = {
  photos: gettext("Photos"), lat: gettext("Location"), lon: gettext("Location"), location: gettext("Location"),
  accuracy_m: gettext("Location"), directions: gettext("Direction"), camera: gettext("Camera"), kind: gettext("Kind"),
  notes: gettext("Notes"), segments: gettext("Streets"), day: gettext("Day of the walk"),
};

function button(label, onClick, disabled) {
  const node = el("button", "button small", label);
  node.type = "button";
  node.disabled = !!disabled;
  node.addEventListener("click", onClick);
  return node;
}

function errorMessages(entry) {
  const body = entry.errors;
  if (!body || typeof body !== "object") {
    return [interpolate(gettext("The server refused this report (error %(status)s)."), { status: entry.status }, true)];
  }
  return Object.keys(body).map((field) => {
    const messages = (Array.isArray(body[field]) ? body[field] : [body[field]]).map(String).join(" ");
    const label = field === "detail" || field === "non_field_errors" ? "" : (FIELD_LABELS[field] || field) + ": ";
    return label + messages;
  });
}

// Why a kept report was not sent: what its last answer said (outbox.js); a 429 names its limit.
function whyNotSent(entry) {
  if (entry.problem === "throttled") {
    return {
      phone: gettext("Not sent yet: this phone has sent as many reports as one phone may send for now."),
      account: gettext("Not sent yet: this account has sent as many reports as one account may send for now."),
      address: gettext("Not sent yet: many reports came from this network just now (phones on one Wi-Fi or mobile network share its address)."),
      event: gettext("Not sent yet: this mapping event has sent as many reports as we take for now."),
      attempts: gettext("Not sent yet: too many attempts from this network just now."),
    }[entry.limit] || gettext("Not sent yet: too many reports from here just now.");
  }
  return {
    network: gettext("Not sent yet: no connection."),
    server: gettext("Not sent yet: the server could not take it."),
  }[entry.problem] || gettext("Not sent yet.");
}

const nextTryText = (entry) => interpolate(gettext("Next try at %(time)s."), { time: formatTime(entry.nextTry) }, true);

function stateText(entry) {
  if (Outbox.isSending(entry.key)) return gettext("Sending…");
  if (navigator.onLine === false) return gettext("Waiting for a connection.");
  if (!entry.attempts) return gettext("Waiting to send.");
  return whyNotSent(entry) + " " + nextTryText(entry);
}

function thumbnail(entry) {
  const photo = entry.photos && entry.photos[0];
  if (!photo) return el("span", "outbox-thumb no-photo", gettext("no photo"));
  const url = URL.createObjectURL(photo.blob);
  thumbnails.push(url);
  const img = el("img", "outbox-thumb");
  img.alt = interpolate(gettext("Photo of the report from %(time)s"), { time: formatDateTime(entry.created) }, true);
  img.src = url;
  img.addEventListener("error", () => img.replaceWith(el("span", "outbox-thumb no-photo", photo.name)));
  return img;
}

function pendingItem(entry) {
  const item = el("li", "outbox-entry state-" + entry.state);
  item.dataset.key = entry.key;
  const photos = (entry.photos || []).length, survey = entry.kind === "survey";
  item.appendChild(survey ? el("span", "outbox-thumb no-photo", gettext("Streets")) : thumbnail(entry));
  const text = el("div", "outbox-text");
  const streets = survey ? entry.fields.filter(([name]) => name === "segments").length : 0;
  text.appendChild(el("span", "outbox-time", formatDateTime(entry.created)));
  text.appendChild(el("span", "outbox-photos", survey
    ? interpolate(ngettext("%(count)s street walked", "%(count)s streets walked", streets), { count: streets }, true)
    : interpolate(ngettext("%(count)s photo", "%(count)s photos", photos), { count: photos }, true)));
  const actions = el("div", "outbox-buttons");
  if (entry.state === "attention") {
    text.appendChild(el("strong", "outbox-state", gettext("Needs your attention: the server refused it.")));
    const errors = el("ul", "outbox-errors");
    errorMessages(entry).forEach((message) => errors.appendChild(el("li", "", message)));
    text.appendChild(errors);
    if (!survey) actions.appendChild(button(gettext("Correct it"), () => capture.edit(entry)));
    actions.appendChild(button(gettext("Try again"), () => Outbox.retry(entry.key)));
  } else {
    text.appendChild(el("span", "outbox-state", stateText(entry)));
  }
  actions.appendChild(button(gettext("Delete"), () => {
    if (window.confirm(gettext("Delete this report from this phone? It has not been sent."))) Outbox.remove(entry.key);
  }, Outbox.isSending(entry.key)));
  text.appendChild(actions);
  item.appendChild(text);
  return item;
}

function doneItem(entry) {
  const item = el("li", "outbox-entry state-sent");
  item.dataset.key = entry.key;
  const text = el("div", "outbox-text");
  text.appendChild(el("span", "outbox-time", interpolate(gettext("Made %(made)s, sent %(sent)s"),
    { made: formatDateTime(entry.created), sent: formatDateTime(entry.sent) }, true)));
  if (entry.receiptUrl) {
    const link = el("a", "outbox-receipt",
      interpolate(gettext("Receipt of report #%(id)s"), { id: entry.reportId }, true));
    link.href = entry.receiptUrl;
    text.appendChild(link);
  }
  const actions = el("div", "outbox-buttons");
  actions.appendChild(button(gettext("Forget"), () => {
    if (window.confirm(gettext("Forget this receipt link? Without it you cannot follow the report."))) Outbox.remove(entry.key);
  }));
  text.appendChild(actions);
  item.appendChild(text);
  return item;
}

async function render() {
  const entries = await Outbox.all().catch(() => null);
  const current = capture.sending();
  const pending = (entries || []).filter((entry) => entry.state !== "sent" && entry.key !== current);
  const done = (entries || []).filter((entry) => entry.state === "sent");
  const waiting = pending.some((entry) => entry.state === "waiting");
  if (entries && !waiting && !current) noticeLine.textContent = "";  // what it said is over
  // Offline, the banner says that reports are kept and sent when the connection is back; when
  // the line above the list says it of the report just made, once is enough.
  banner.hidden = navigator.onLine !== false || (noticeIsOffline && !!noticeLine.textContent);
  if (!entries) return;  // no IndexedDB here: nothing is kept, so nothing to show
  thumbnails.forEach((url) => URL.revokeObjectURL(url));
  thumbnails = [];
  pendingList.replaceChildren(...pending.map(pendingItem));
  doneList.replaceChildren(...done.map(doneItem));
  count.textContent = "(" + pending.length + ")";
  pendingPart.hidden = !pending.length;
  donePart.hidden = !done.length;
  section.hidden = !pending.length && !done.length && !noticeLine.textContent;
}

/* A line above the list: what became of the report the form just kept (noticeKept). */
function notice(text, offline) {
  noticeLine.textContent = text;
  noticeIsOffline = !!offline;
  render().then(() => section.scrollIntoView({ block: "start" }));
}

/* The line for a report the form kept because it could not be sent: when it will be sent by
 * itself — the time of the outbox's next try, never sooner than the API's Retry-After (why it
 * was not sent is said once, in the list just above). */
export function noticeKept(entry) {
  if (entry.problem === "network" && navigator.onLine === false) {
    notice(gettext("No connection. Your report is kept on this phone and will be sent by itself when the connection is back."), true);
    return;
  }
  const when = interpolate(gettext("Your report is kept on this phone and will be sent by itself at %(time)s."),
                           { time: formatTime(entry.nextTry) }, true);
  const hint = entry.problem === "throttled" && (entry.limit === "phone" || entry.limit === "address")
    ? " " + gettext("At a mapping event, the organisers' code raises the limit.") : "";
  notice(when + hint);
}

/* The list, the outbox and the worker, once the form has started (submit.js). The form says how
 * to load a kept report back into it (edit) and which report it is sending (sending). */
export function startOffline(captureForm) {
  capture = captureForm;
  Outbox.onChange(render);
  window.addEventListener("online", render);
  window.addEventListener("offline", render);
  document.getElementById("outbox-send").addEventListener("click", () => {
    noticeLine.textContent = "";
    render();
    Outbox.flush(true);
  });
  render();
  Outbox.start({ api: config.api, csrfCookie: config.csrfCookie }).catch(() => null);

  if ("serviceWorker" in navigator && config.serviceWorker) {
    navigator.serviceWorker.register(config.serviceWorker.url, { scope: config.serviceWorker.scope }).catch(() => null);
  }
}
