/* The outbox: reports kept on this phone until the reports API has them.
 *
 * Every report the capture page sends is first written here (IndexedDB, its photos as Blobs)
 * under an idempotency key made once, when it is first saved; every attempt sends that same key,
 * so the API answers a repeat with the first report (200) instead of making a second one. An
 * entry is removed only after a 201 or 200; what stays is a small "sent" record with the receipt
 * link, so the volunteer can follow the report. A 4xx other than 408/429 will not heal by itself:
 * the entry waits for the volunteer, with the API's messages. Anything else (no network, 408,
 * 429, 5xx) is tried again with exponential backoff.
 *
 * Sending happens under one Web Lock across every tab of the page, so two tabs (or a timer and
 * the "online" event) never send the same entry at the same time. Each POST carries the phone's
 * install key and the mapping-event code it was given (outbox-keys.js); a code the API refuses
 * is marked so there and the report sent again at once without it.
 *
 * An entry: {key, created, fields: [[name, value], …], photos: [{blob, name}], state: "waiting" |
 * "attention", attempts, nextTry, problem, limit, status, errors}; once sent: {key, created,
 * sent, state: "sent", reportId, receiptUrl}. Nothing else is stored. `nextTry` is never sooner
 * than a 429's Retry-After, and `limit` is the limit the 429 named (report_limits.py). A survey
 * of streets walked (submit-survey.js) is an entry too, with `kind: "survey"` and its own `api`;
 * it is deleted, not kept as "sent", once the server has it.
 *
 * Its users import it whole: `import * as Outbox from "./outbox.js"`. */
import { store } from "./idb.js";
import * as Keys from "./outbox-keys.js";
import { csrfToken } from "./util.js";

const LOCK = "cameramap-outbox";
const BACKOFF_FIRST_MS = 15 * 1000;
const BACKOFF_MAX_MS = 15 * 60 * 1000;
const REQUEST_TIMEOUT_MS = 3 * 60 * 1000;

let settings = { api: null, csrfCookie: "csrftoken" };
let flushing = null;
let timer = null;
const sending = new Set();   // keys this page is sending right now
const listeners = [];
const channel = "BroadcastChannel" in window ? new BroadcastChannel(LOCK) : null;
const reports = store("cameramap-outbox", "reports", "key");

export const get = reports.get;
const put = reports.put;
const del = reports.del;

export async function all() {
  return (await reports.all()).sort((a, b) => a.created - b.created);
}

/* -------------------------------------------------------------- change events */

function notify() {
  listeners.forEach((listener) => listener());
}

function changed() {
  notify();
  if (channel) channel.postMessage("changed");
}

if (channel) channel.onmessage = notify;

function withLock(work) {
  if (navigator.locks && navigator.locks.request) return navigator.locks.request(LOCK, work);
  const run = (withLock.chain || Promise.resolve()).then(work, work);
  withLock.chain = run.catch(() => null);
  return run;
}

/* --------------------------------------------------------------------- sending */

/* One POST of an entry. Resolves to {status, body, retryAfter}; status 0 for no answer. Also
 * sends a report that could not be kept on this phone (private browsing, storage full). */
export async function post(entry, onProgress) {
  const headers = await Keys.headers().catch(() => ({}));
  return new Promise((resolve) => {
    const data = new FormData();
    entry.fields.forEach(([name, value]) => data.append(name, value));
    entry.photos.forEach((photo) => data.append("photos", photo.blob, photo.name));
    data.append("idempotency_key", entry.key);
    const request = new XMLHttpRequest();
    request.open("POST", entry.api || settings.api);  // a survey names its own endpoint
    request.timeout = REQUEST_TIMEOUT_MS;
    request.setRequestHeader("X-CSRFToken", csrfToken(settings.csrfCookie));
    request.setRequestHeader("Accept", "application/json");
    Object.keys(headers).forEach((name) => request.setRequestHeader(name, headers[name]));
    if (onProgress) {
      request.upload.onprogress = (event) => { if (event.lengthComputable) onProgress(event.loaded / event.total); };
    }
    request.onload = () => {
      let body = null;
      try { body = JSON.parse(request.responseText); } catch (error) { body = null; }
      resolve({ status: request.status, body: body, retryAfter: Number(request.getResponseHeader("Retry-After")) || 0 });
    };
    request.onerror = request.ontimeout = request.onabort = () => resolve({ status: 0, body: null, retryAfter: 0 });
    request.send(data);
  });
}

/* The API refused the mapping-event code the report carried (400 naming event_code). */
const codeRefused = (result) => result.status === 400 && !!result.body && !!result.body.event_code;

export function outcomeOf(result) {
  const { status, body } = result;
  if ((status === 201 || status === 200) && body && (typeof body.receipt_url === "string" || body.kind === "survey")) return "sent";
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) return "attention";
  return "retry";
}

function backoff(attempts, retryAfterSeconds) {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * Math.pow(2, Math.max(0, attempts - 1)));
  const jittered = base * (0.8 + 0.4 * Math.random());  // phones that lost signal together do not retry together
  return Math.round(Math.max(jittered, retryAfterSeconds * 1000));
}

/* Send one waiting entry; the caller holds the lock. Resolves to {outcome, result, entry}, or
 * null when the entry is no longer waiting (deleted, or sent by another tab). */
async function attempt(key, onProgress) {
  const entry = await get(key);
  if (!entry || entry.state !== "waiting") return null;
  sending.add(key);
  changed();
  let result;
  try {
    result = await post(entry, onProgress);
    if (codeRefused(result)) {
      // The event is over, or the code was never right: say so beside the code, and send the
      // report without it rather than hold it back.
      await Keys.refuseEventCode([].concat(result.body.event_code).map(String).join(" "));
      result = await post(entry, onProgress);
    }
  } finally {
    sending.delete(key);
  }
  const outcome = outcomeOf(result);
  let saved;
  if (outcome === "sent") {
    const receipt = result.body.receipt_url;
    saved = { key: key, created: entry.created, sent: Date.now(), state: "sent", reportId: result.body.id,
              receiptUrl: /^\/(?!\/)/.test(receipt) ? receipt : null };
  } else if (outcome === "attention") {
    saved = Object.assign({}, entry, { state: "attention", status: result.status,
                                       errors: result.body && typeof result.body === "object" ? result.body : null });
  } else {
    const attempts = (entry.attempts || 0) + 1;
    saved = Object.assign({}, entry, { attempts: attempts, nextTry: Date.now() + backoff(attempts, result.retryAfter),
                                       status: result.status,
                                       problem: result.status === 429 ? "throttled" : result.status ? "server" : "network",
                                       limit: result.status === 429 && result.body ? String(result.body.limit || "") : null });
  }
  // A survey the server has is forgotten here at once: the phone keeps no trace of the walk.
  if (outcome === "sent" && entry.kind === "survey") await del(key); else await put(saved);
  changed();
  return { outcome: outcome, result: result, entry: saved };
}

/* Send every waiting entry that is due (all of them when forced: page load, back online,
 * "Send now"), one at a time, then set the timer for the next retry. */
export function flush(force) {
  if (flushing) return flushing.then(() => (force ? flush(true) : null));
  flushing = withLock(async () => {
    for (const entry of await all()) {
      if (navigator.onLine === false) break;
      // (a second's slack: timers may fire a little early, and a retry need not wait for the next)
      if (entry.state === "waiting" && (force || (entry.nextTry || 0) <= Date.now() + 1000)) await attempt(entry.key);
    }
  }).catch(() => null).then(() => { flushing = null; schedule(); });
  return flushing;
}

async function schedule() {
  clearTimeout(timer);
  if (navigator.onLine === false) return;  // the "online" event will send them
  const waiting = (await all().catch(() => [])).filter((entry) => entry.state === "waiting");
  if (!waiting.length) return;
  const next = Math.min(...waiting.map((entry) => entry.nextTry || 0));
  timer = setTimeout(() => flush(false), Math.min(BACKOFF_MAX_MS, Math.max(1000, next - Date.now())));
}


/* -------------------------------------------------------------------- the API */

export function start(options) {
  settings = Object.assign(settings, options);
  window.addEventListener("online", () => flush(true));
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") flush(false); });
  return flush(true);
}

export function onChange(listener) { listeners.push(listener); }

export const isSending = (key) => sending.has(key);

/* Keep a report: {key, created, fields, photos}; replaces an entry with the same key. */
export async function save(report) {
  await put(Object.assign({}, report, { state: "waiting", attempts: 0, nextTry: 0, status: null, problem: null, errors: null }));
  // Ask the browser not to evict what is kept here under storage pressure.
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => false);
  changed();
}

/* Send one entry now (the capture form's own send), with upload progress. */
export function send(key, onProgress) {
  return withLock(() => attempt(key, onProgress)).finally(schedule);
}

export async function retry(key) {
  await withLock(async () => {
    const entry = await get(key);
    if (entry && entry.state === "attention") await put(Object.assign({}, entry, { state: "waiting", attempts: 0, nextTry: 0 }));
  });
  changed();
  return flush(true);
}

/* Delete a kept report, or forget a sent one's receipt. Waits for a send in progress. */
export async function remove(key) {
  await withLock(() => del(key));
  changed();
}
