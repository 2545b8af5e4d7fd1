// Offline use: the start page, "Hitta utbildning", the staff pages (Logga in, Min utbildning),
// the offline page and every script module a page may load are kept at install; every page
// visited afterwards is kept too, so it opens without a connection and an action taken there can
// be queued. Network first, so visitors online always get the current site; the cache when the
// service cannot be reached. A page never visited leads to the offline page, which lists what is
// kept. The API is never cached: it answers with personal data.
//
// Pages load assets/site.js by that name, always asked for anew, and it loads the other modules by
// names with a fingerprint of their content: a page kept by an earlier version loads the current
// scripts, and the worker of a new version drops the modules the list no longer names. A new
// CACHE name makes an old worker's whole cache go at activation. Actions queued on the device stay
// (they are in localStorage, not here) and send from the new pages.
"use strict";
var CACHE = "omsorgskatalogen-v5";
var SCOPE = new URL("./", self.location).pathname;
var FINDER = SCOPE + "hitta-utbildning/";
var OFFLINE = SCOPE + "utan-natverk/";
var PAGES = ["", "hitta-utbildning/", "utan-natverk/", "logga-in/", "min-utbildning/"];
// The part of the stylesheet pages load after their first paint (the rest is inline in each page)
// and every script module (site.js loads the others by the data-ok-module attributes of a page):
// a page kept for offline use finds its styles and its features' modules even where they never
// loaded online. Pages link nothing else: no theme script, no theme stylesheet. The stylesheet's
// name carries a fingerprint of its content; the build writes it in place of OKLATERCSS
// (catalogue_site/plugin.py), and each module's fingerprinted name in place of its plain name
// here (catalogue_site/modules.py). tests/site/test_offline_files.py checks the list against the
// built site and what its pages load.
var FILES = [
  "OKLATERCSS",
  "assets/site.js",
  "assets/api.js",
  "assets/dom.js",
  "assets/format.js",
  "assets/outbox.js",
  "assets/signin.js",
  "assets/training.js",
  "assets/path.js",
  "assets/mine.js",
  "assets/assessment.js",
  "assets/offline.js",
  "assets/finder.js",
  "assets/search.js",
];
var ASSET = new RegExp("^" + SCOPE + "assets/");
var FINGERPRINTED = /\.[0-9a-f]{8,}\.min\.(js|css)$/;
var FINDER_FILE = new RegExp("^" + SCOPE + "assets/finder/([0-9a-f]+/)?[a-z0-9-]+\\.json$");
var NOT_KEPT = new RegExp("^" + SCOPE + "(api|pagefind)/");

// A page of the site (a folder URL), not a file and not the API or the search index.
function isPage(path) {
  return path.startsWith(SCOPE) && path.endsWith("/") && !NOT_KEPT.test(path);
}

// The finder's start file only when installed from the finder (the finder's other files are kept
// as they load, or as the finder asks when they came before the worker took over): a first visit
// to any other page must not download the catalogue's data on a weak connection.
// The page that installed the worker is kept too, so it opens offline from the first visit on.
async function precacheList() {
  var windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  var open = windows.map(function (client) { return new URL(client.url).pathname; });
  var urls = PAGES.concat(FILES).map(function (path) { return SCOPE + path; });
  if (open.indexOf(FINDER) >= 0) urls.push(SCOPE + "assets/finder/start.json");
  urls = urls.concat(open.filter(isPage));
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

// Modules and stylesheets of earlier versions: fingerprinted names this version's list does not name.
function dropEarlierFiles() {
  var current = FILES.map(function (path) { return SCOPE + path; });
  return caches.open(CACHE).then(function (cache) {
    return cache.keys().then(function (requests) {
      return Promise.all(requests.filter(function (request) {
        var path = new URL(request.url).pathname;
        return FINGERPRINTED.test(path) && current.indexOf(path) < 0;
      }).map(function (request) { return cache.delete(request); }));
    });
  });
}

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (names) {
        return Promise.all(names.filter(function (n) { return n !== CACHE; }).map(function (n) { return caches.delete(n); }));
      })
      .then(dropEarlierFiles)
      .then(function () { return self.clients.claim(); })
  );
});

// A page, or a file of the finder's, that loaded before this worker took over.
self.addEventListener("message", function (event) {
  var path = event.data && event.data.keep;
  if (typeof path !== "string" || !(isPage(path) || FINDER_FILE.test(path))) return;
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return cache.match(path).then(function (kept) { return kept || cache.add(path); });
    })
  );
});

// Unreachable and not kept: the offline page, told which page was asked for.
function offline(cache, request, path) {
  if (request.mode !== "navigate") return Response.error();
  return cache.match(OFFLINE).then(function (page) {
    return page ? Response.redirect(OFFLINE + "?fran=" + encodeURIComponent(path), 302) : Response.error();
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith(SCOPE + "api/")) return;
  var key = url.pathname;
  var kept = request.mode === "navigate" ? isPage(key) : ASSET.test(key);
  event.respondWith(
    caches.open(CACHE).then(function (cache) {
      return cache.match(key).then(function (cached) {
        if (!cached && !kept) return fetch(request);
        return fetch(request)
          .then(function (response) {
            if (response.ok && !response.redirected) cache.put(key, response.clone());
            return response;
          })
          .catch(function () { return cached || offline(cache, request, key); });
      });
    })
  );
});
