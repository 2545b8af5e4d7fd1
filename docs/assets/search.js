// Full-text search with Pagefind, loaded only once the visitor searches. Ten results at a time
// with "Visa fler" for the rest; the filters (topic, format, cost) are the ones each training's
// search record declares (catalogue_site/search_index.py), so a filter alone lists every training
// that matches it.
import { sitePath } from "./dom.js";
import { plural } from "./format.js";

var PAGE_SIZE = 10;
var FILTERS = { amne: "Ämne", format: "Format", kostnad: "Kostnad" };

// `form` is form#search.
export function mount(form) {
  var field = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var pagefind = null;
  var timer = null;
  var latest = 0;
  var found = [];

  document.getElementById("search-nojs").hidden = true;
  document.getElementById("search-filters").hidden = false;

  function load() {
    if (!pagefind) {
      var loading = import(sitePath("pagefind/pagefind.js")).then(function (module) {
        // Without the worker: one script less to download, and a query is quick on the main thread.
        return module.options({ baseUrl: sitePath(""), noWorker: true }).then(function () { return module; });
      });
      // A load that failed (no connection) is tried again by the next search, not kept as failed.
      loading.catch(function () { if (pagefind === loading) pagefind = null; });
      pagefind = loading;
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

  function chosenFilters() {
    var chosen = {};
    Object.keys(FILTERS).forEach(function (name) {
      var value = form.elements[name].value;
      if (value) chosen[FILTERS[name]] = value;
    });
    return chosen;
  }

  function describe(total, query) {
    var what = query.trim() ? " på " + query.trim() : "";
    if (total === 0) return "Inga träffar" + what + ".";
    var shown = Math.min(list.children.length, total);
    return plural(total, "träff", "träffar") + what +
      (total > shown ? ". Visar de " + shown + " första." : ".");
  }

  function showNext(ticket, query) {
    var start = list.children.length;
    return Promise.all(found.slice(start, start + PAGE_SIZE).map(function (r) { return r.data(); }))
      .then(function (results) {
        if (ticket !== latest) return;
        results.forEach(function (result) { list.appendChild(item(result)); });
        more.hidden = list.children.length >= found.length;
        status.textContent = describe(found.length, query);
        return list.children[start];
      });
  }

  function search() {
    var query = field.value;
    var filters = chosenFilters();
    var ticket = ++latest;
    if (!query.trim() && !Object.keys(filters).length) {
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "";
      return;
    }
    status.textContent = "Söker …";
    load()
      .then(function (module) { return module.search(query.trim() || null, { filters: filters }); })
      .then(function (answer) {
        if (ticket !== latest) return;
        found = answer.results;
        list.replaceChildren();
        return showNext(ticket, query);
      })
      .catch(function () {
        if (ticket === latest) failed();
      });
  }

  // Mostly a lost connection: the finder works with what was seen before, also offline.
  function failed() {
    var finder = document.createElement("a");
    finder.href = sitePath("hitta-utbildning/");
    finder.textContent = "Hitta utbildning";
    status.replaceChildren("Sökningen fungerar inte just nu. Försök igen om en stund. Utan nätverk kan du använda ",
      finder, ", som visar det du har sett förut.");
  }

  function remember() {
    var url = new URL(location.href);
    url.search = new URLSearchParams(new FormData(form)).toString();
    history.replaceState(null, "", url);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    remember();
    search();
  });
  form.addEventListener("change", function (event) {
    if (event.target === field) return;
    remember();
    search();
  });
  field.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 300);
  });
  more.addEventListener("click", function () {
    showNext(latest, field.value).then(function (first) {
      if (first) first.querySelector("a").focus(); // keyboard and screen-reader users continue where the new ones start
    });
  });

  var params = new URLSearchParams(location.search);
  field.value = params.get("q") || "";
  Object.keys(FILTERS).forEach(function (name) {
    if (params.get(name)) form.elements[name].value = params.get(name);
  });
  if (field.value || Object.keys(chosenFilters()).length) search();
}
