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
 * the "online" event) never send the same entry at the same time.
 *
 * An entry: {key, created, fields: [[name, value], …], photos: [{blob, name}], state: "waiting" |
 * "attention", attempts, nextTry, problem, status, errors}; once sent: {key, created, sent,
 * state: "sent", reportId, receiptUrl}. Nothing else is stored.
 *
 * Its users import it whole: `import * as Outbox from "./outbox.js"`. */
import { csrfToken } from "./util.js";

const DB_NAME = "cameramap-outbox";
const STORE = "reports";
const LOCK = "cameramap-outbox";
const BACKOFF_FIRST_MS = 15 * 1000;
const BACKOFF_MAX_MS = 15 * 60 * 1000;
const REQUEST_TIMEOUT_MS = 3 * 60 * 1000;

let settings = { api: null, csrfCookie: "csrftoken" };
let dbPromise = null;
let flushing = null;
let timer = null;
const sending = new Set();   // keys this page is sending right now
const listeners = [];
const channel = "BroadcastChannel" in window ? new BroadcastChannel(LOCK) : null;

/* ------------------------------------------------------------------- IndexedDB */

function database() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "key" });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error("IndexedDB blocked"));
    });
    dbPromise.catch(() => { dbPromise = null; });
  }
  return dbPromise;
}

async function transaction(mode, work) {
  const db = await database();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    let result;
    const request = work(tx.objectStore(STORE));
    if (request) request.onsuccess = () => { result = request.result; };
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error("transaction aborted"));
  });
}

export const get = (key) => transaction("readonly", (store) => store.get(key));
const put = (entry) => transaction("readwrite", (store) => store.put(entry));
const del = (key) => transaction("readwrite", (store) => store.delete(key));

export async function all() {
  const entries = (await transaction("readonly", (store) => store.getAll())) || [];
  return entries.sort((a, b) => a.created - b.created);
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
export function post(entry, onProgress) {
  return new Promise((resolve) => {
    const data = new FormData();
    entry.fields.forEach(([name, value]) => data.append(name, value));
    entry.photos.forEach((photo) => data.append("photos", photo.blob, photo.name));
    data.append("idempotency_key", entry.key);
    const request = new XMLHttpRequest();
    request.open("POST", settings.api);
    request.timeout = REQUEST_TIMEOUT_MS;
    request.setRequestHeader("X-CSRFToken", csrfToken(settings.csrfCookie));
    request.setRequestHeader("Accept", "application/json");
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

export function outcomeOf(result) {
  const { status, body } = result;
  if ((status === 201 || status === 200) && body && typeof body.receipt_url === "string") return "sent";
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
                                       problem: result.status === 429 ? "throttled" : result.status ? "server" : "network" });
  }
  await put(saved);
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
