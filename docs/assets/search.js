// Full-text search with Pagefind, loaded only once the visitor searches.
(function () {
  "use strict";
  var root = new URL("../", document.currentScript.src);
  var form = document.getElementById("search");
  var field = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var pagefind = null;
  var timer = null;
  var latest = 0;

  document.getElementById("search-nojs").hidden = true;

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        // Without the worker: one script less to download, and a query is quick on the main thread.
        return module.options({ baseUrl: root.pathname, noWorker: true }).then(function () { return module; });
      });
    }
    return pagefind;
  }

  function item(result) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = result.url;
    a.textContent = (result.meta && result.meta.title) || result.url;
    var excerpt = document.createElement("span");
    excerpt.className = "ok-meta";
    // Pagefind's excerpt is escaped page text with <mark> around the hits.
    excerpt.innerHTML = result.excerpt;
    li.appendChild(a);
    li.appendChild(document.createElement("br"));
    li.appendChild(excerpt);
    return li;
  }

  function search(query) {
    var ticket = ++latest;
    if (!query.trim()) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    status.textContent = "Söker …";
    load()
      .then(function (module) { return module.search(query); })
      .then(function (found) {
        return Promise.all(found.results.slice(0, 10).map(function (r) { return r.data(); })).then(
          function (results) { return { total: found.results.length, results: results }; }
        );
      })
      .then(function (answer) {
        if (ticket !== latest) return;
        list.replaceChildren.apply(list, answer.results.map(item));
        status.textContent = answer.total === 0
          ? "Inga träffar på " + query + "."
          : answer.total + (answer.total === 1 ? " träff" : " träffar") + " på " + query +
            (answer.total > 10 ? ", de tio bästa visas." : ".");
      })
      .catch(function () {
        if (ticket === latest) status.textContent = "Sökningen fungerar inte just nu. Försök igen om en stund.";
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(location.href);
    url.searchParams.set("q", field.value);
    history.replaceState(null, "", url);
    search(field.value);
  });
  field.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(field.value); }, 300);
  });

  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    field.value = initial;
    search(initial);
  }
})();
