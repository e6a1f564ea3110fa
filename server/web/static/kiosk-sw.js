// The kiosk's service worker. The server puts "const KIOSK = {cache, prefix, home, urls}"
// before this file: the cache's name carries a hash of the kiosk's content, so new
// content installs as a new cache, and the old one is deleted once the new is complete.
// Every request is answered from the cache first, so a dropped network changes nothing
// on the screen; a page the cache lacks falls back to the network, then, without one,
// to the attract screen: never to an error.
/* global KIOSK */
"use strict";

function absolute(u) { return new URL(u, self.location).href; }

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(KIOSK.cache).then(function (cache) {
    return cache.addAll(KIOSK.urls.map(function (u) { return new Request(absolute(u), { cache: "reload" }); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) {
      return n.indexOf(KIOSK.prefix) === 0 && n !== KIOSK.cache;
    }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  if (event.request.method !== "GET") { return; }
  event.respondWith(answer(event.request));
});

function answer(request) {
  return caches.open(KIOSK.cache).then(function (cache) {
    return cache.match(request, { ignoreSearch: true }).then(function (hit) {
      if (hit) { return hit; }
      return fetch(request).catch(function () {
        var quiet = new Response("", { status: 503, statusText: "Offline" });
        if (request.mode !== "navigate") { return quiet; }
        return cache.match(absolute(KIOSK.home)).then(function (home) { return home || quiet; });
      });
    });
  });
}
