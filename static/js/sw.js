/* Sen service worker: keeps the app shell for use without signal; never stores pages with personal data.
   The server puts `self.SEN = {version, shell, offline}` before this file. */
"use strict";

const SHELL_CACHE = "sen-shell-" + self.SEN.version;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL_CACHE).then(function (cache) { return cache.addAll(self.SEN.shell); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) { return key.indexOf("sen-") === 0 && key !== SHELL_CACHE; })
      .map(function (key) { return caches.delete(key); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET") { return; }  // submissions always go to the network
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf("/static/") === 0) {
    // Versioned file names (?v=…): a cached copy is always the right one.
    event.respondWith(caches.match(request).then(function (hit) { return hit || fetch(request); }));
    return;
  }
  if (request.mode === "navigate") {
    // Pages come from the network only; without signal, the offline page says what to do.
    event.respondWith(fetch(request).catch(function () { return caches.match(self.SEN.offline); }));
  }
});
