// Offline finder: keeps "Hitta utbildning", its script, styles and catalogue file in the cache.
// Network first, so visitors online always get the current catalogue; the cache when offline.
"use strict";
var CACHE = "hitta-utbildning-v1";
var SCOPE = new URL("./", self.location).pathname;
var PAGE = SCOPE + "hitta-utbildning/";

async function pageAssets() {
  var html = await (await fetch(PAGE, { cache: "no-cache" })).text();
  var found = Array.from(html.matchAll(/(?:href|src)="([^"]+\.(?:css|js)(?:\?[^"]*)?)"/g), function (m) {
    return new URL(m[1], self.location.origin + PAGE).pathname;
  });
  return [PAGE, SCOPE + "assets/katalog.json"].concat(found);
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    pageAssets()
      .then(function (urls) {
        return caches.open(CACHE).then(function (cache) { return cache.addAll(urls); });
      })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(
    caches.open(CACHE).then(function (cache) {
      var key = url.pathname;
      return cache.match(key).then(function (cached) {
        if (!cached) return fetch(request);
        return fetch(request)
          .then(function (response) {
            if (response.ok) cache.put(key, response.clone());
            return response;
          })
          .catch(function () { return cached; });
      });
    })
  );
});
