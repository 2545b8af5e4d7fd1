// Offline use: keeps "Hitta utbildning" with its catalogue file, the staff pages (Logga in,
// Min utbildning) and the shared scripts in the cache, plus every training and self-assessment
// page once visited, so an action taken offline can be queued there. Network first, so visitors
// online always get the current site; the cache when offline. The API is never cached: it answers with personal data.
"use strict";
var CACHE = "omsorgskatalogen-v2";
var SCOPE = new URL("./", self.location).pathname;
var PAGE = SCOPE + "hitta-utbildning/";
var KEPT = new RegExp("^" + SCOPE + "(utbildning|sjalvskattning)/[^/]+/$|^" + SCOPE + "assets/");

async function pageAssets() {
  var html = await (await fetch(PAGE, { cache: "no-cache" })).text();
  var found = Array.from(html.matchAll(/(?:href|src)="([^"]+\.(?:css|js)(?:\?[^"]*)?)"/g), function (m) {
    return new URL(m[1], self.location.origin + PAGE).pathname;
  });
  return [PAGE, SCOPE + "logga-in/", SCOPE + "min-utbildning/"].concat(found);
}

// The catalogue file only when installed from the finder (a later visit caches it as it loads):
// a first visit to any other page must not download the whole catalogue on a weak connection.
// The page that installed the worker is kept too, so it opens offline from the first visit on.
async function precacheList() {
  var windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  var open = windows.map(function (client) { return new URL(client.url).pathname; });
  var urls = await pageAssets();
  if (open.indexOf(PAGE) >= 0) urls.push(SCOPE + "assets/katalog.json");
  urls = urls.concat(open.filter(function (path) { return KEPT.test(path); }));
  return urls.filter(function (url, i) { return urls.indexOf(url) === i; }); // addAll refuses duplicates
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    precacheList()
      .then(function (urls) {
        return caches.open(CACHE).then(function (cache) { return cache.addAll(urls); });
      })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (names) {
        return Promise.all(names.filter(function (n) { return n !== CACHE; }).map(function (n) { return caches.delete(n); }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("message", function (event) {
  var path = event.data && event.data.keep;
  if (typeof path !== "string" || !KEPT.test(path)) return;
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return cache.match(path).then(function (kept) { return kept || cache.add(path); });
    })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith(SCOPE + "api/")) return;
  event.respondWith(
    caches.open(CACHE).then(function (cache) {
      var key = url.pathname;
      return cache.match(key).then(function (cached) {
        if (!cached && !KEPT.test(key)) return fetch(request);
        return fetch(request)
          .then(function (response) {
            if (response.ok) cache.put(key, response.clone());
            return response;
          })
          .catch(function () { return cached || Response.error(); });
      });
    })
  );
});
