/* The capture page's service worker (served by cameramap.web.pwa.service_worker, registered by
 * static/cameramap/offline.js with the scope of the capture page).
 *
 * It keeps the capture page usable without signal: the page itself, its scripts and styles,
 * Leaflet, exifr and the JavaScript translations are cached when the worker installs. The page
 * and the translations come from the network first (they follow the language and the session)
 * with the cached copy used when the network fails or is too slow; static files come from the
 * cache first. Reports are not touched here: the page keeps them in IndexedDB and sends them
 * itself (static/cameramap/outbox.js). Requests to other origins (map tiles) and anything but
 * GET pass straight through. */
"use strict";

const CONFIG = {{ config|safe }};
const PREFIX = "cameramap-capture-";
const CACHE = PREFIX + CONFIG.version;
const NETWORK_TIMEOUT_MS = 6000;  // on a weak signal, show the cached page rather than wait

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // "reload": past the browser's HTTP cache, so a new version never caches an old file.
    const urls = CONFIG.pages.concat(CONFIG.assets);
    await cache.addAll(urls.map((url) => new Request(url, { cache: "reload", credentials: "same-origin" })));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith(PREFIX) && name !== CACHE).map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    if (url.pathname !== CONFIG.page) return;
    // Only the plain page is stored; /submit/?camera=… falls back to it when offline.
    const plain = !url.search;
    event.respondWith(networkFirst(event, request, plain ? request.url : new URL(CONFIG.page, url).href, plain));
  } else if (CONFIG.pages.includes(url.pathname)) {
    // By path: the catalogue comes as /jsi18n/?l=<language>; each language is kept under its own URL.
    event.respondWith(networkFirst(event, request, request.url, true));
  } else if (url.pathname.startsWith(CONFIG.staticUrl)) {
    event.respondWith(cacheFirst(request));
  }
});

async function networkFirst(event, request, cacheKey, store) {
  const cache = await caches.open(CACHE);
  const raw = fetch(request);
  const network = raw.then(async (response) => {
    if (response.status >= 500) throw new Error("server error " + response.status);
    if (store && response.ok && !response.redirected) await cache.put(cacheKey, response.clone());
    return response;
  });
  event.waitUntil(network.catch(() => null));  // let a late answer still refresh the cache
  const late = new Promise((resolve) => setTimeout(resolve, NETWORK_TIMEOUT_MS, null));
  try {
    const response = await Promise.race([network, late]);
    if (response) return response;
  } catch (error) {
    // offline, or the server failed: the cached copy below
  }
  const cached = await cache.match(cacheKey, { ignoreVary: true });
  if (cached) return cached;
  return raw;  // nothing cached: the network's own answer (even an error page) or failure
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request, { ignoreVary: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") await cache.put(request, response.clone());
  return response;
}
