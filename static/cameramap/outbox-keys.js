/* What the phone keeps for sending reports, besides the reports themselves (IndexedDB database
 * "cameramap-phone", store "values"), and the headers it adds to each report from it:
 *
 * - the install key (X-Install-Key): 128 random bits made on this phone, so that the server can
 *   limit reports per phone as well as per address (phones on one Wi-Fi share an address). It is
 *   derived from nothing and names nothing; a new one is made every UTC day — when the server's
 *   throttle forgets its counters anyway — so that even a server that kept them could not link a
 *   phone's reports across days. Where nothing can be kept (private browsing) the page makes one
 *   for as long as it is open.
 * - the mapping-event code a volunteer entered (X-Event-Code): {code, name, startsAt, endsAt} as
 *   the server confirmed it, sent while the event runs and forgotten after it ends; when the
 *   server refuses it, it is kept with the server's message (`refused`) and no longer sent,
 *   until the volunteer removes it or enters another.
 *
 * Nothing here leaves the phone except in those two headers, to our own API. */
import { store } from "./idb.js";

const values = store("cameramap-phone", "values", "name");
const DAY_MS = 24 * 3600 * 1000;
let pageKey = null;  // the key of a page that cannot keep one

/* `bytes` random bytes as hex digits, from the browser's cryptographic generator. */
export function randomHex(bytes) {
  const random = new Uint8Array(bytes);
  crypto.getRandomValues(random);
  return Array.from(random, (b) => ("0" + b.toString(16)).slice(-2)).join("");
}

export async function installKey(now = Date.now()) {
  const day = Math.floor(now / DAY_MS);
  try {
    const kept = await values.get("installKey");
    if (kept && kept.day === day) return kept.value;
    const fresh = { name: "installKey", value: randomHex(16), day: day };
    await values.put(fresh);
    return fresh.value;
  } catch (error) {
    pageKey = pageKey && pageKey.day === day ? pageKey : { value: randomHex(16), day: day };
    return pageKey.value;
  }
}

/* The event code kept on this phone, or null; an event that is over is forgotten here. */
export async function eventCode(now = Date.now()) {
  const kept = await values.get("eventCode").catch(() => null);
  if (kept && kept.endsAt <= now) {
    await forgetEventCode();
    return null;
  }
  return kept || null;
}

/* Keep the event the server confirmed (api: POST /api/v1/mapping-events/check). */
export function keepEventCode(event) {
  return values.put({ name: "eventCode", code: event.code, title: event.name,
                      startsAt: Date.parse(event.starts_at), endsAt: Date.parse(event.ends_at), refused: null });
}

export const forgetEventCode = () => values.del("eventCode").catch(() => null);

/* The server refused the code of a report: say why from now on, and send without it. */
export async function refuseEventCode(message) {
  const kept = await eventCode();
  if (kept) await values.put(Object.assign({}, kept, { refused: message }));
}

/* The headers of a report sent now. */
export async function headers(now = Date.now()) {
  const result = { "X-Install-Key": await installKey(now) };
  const event = await eventCode(now);
  if (event && !event.refused && event.startsAt <= now) result["X-Event-Code"] = event.code;
  return result;
}
