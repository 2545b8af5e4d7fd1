// Hitta utbildning: filters over the catalogue, no framework, no page loads. The first screen
// needs one small file (finder/start.json: the count, the first trainings, labels); the rest
// comes when a filter or "Visa fler" asks for it (catalogue_site/data.py writes the files):
// - for each chosen filter value, the positions in title order of the trainings it keeps; the
//   trainings that pass are the intersection, so every count is exact;
// - the rows of the trainings shown, from files of `rowsPerFile` trainings in title order.
// A row is read by the names in the start file's `fields`, so a column added or moved by the site
// build moves nothing here. Files seen are kept by the service worker for use offline.
import { el, sitePath } from "./dom.js";
import { cost, hours, plural } from "./format.js";

const FILES = new URL("finder/", import.meta.url);
const loaded = new Map(); // file name -> promise of its JSON

function fetchJson(url) {
  return fetch(url).then((response) => {
    if (!response.ok) throw new Error(response.status);
    keepOffline(url);
    return response.json();
  });
}

// A file fetched before the service worker took over did not pass through it: ask it to keep it.
function keepOffline(url) {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.ready.then((registration) => {
    if (registration.active) registration.active.postMessage({ keep: new URL(url).pathname });
  });
}

function onDemand(start, name) {
  if (!loaded.has(name)) {
    const request = fetchJson(new URL(start.folder + name, FILES));
    request.catch(() => loaded.delete(name)); // not kept: asked again when the connection is back
    loaded.set(name, request);
  }
  return loaded.get(name);
}

// Gaps between ascending positions ([3, 1, 10]) as the positions (3, 4, 14).
function positions(gaps) {
  let at = 0;
  return gaps.map((gap) => (at += gap));
}

// The positions of the trainings every chosen filter value keeps; null when nothing is chosen.
async function passing(start, chosen) {
  if (!chosen.length) return null;
  const lists = await Promise.all(chosen.map((name) => onDemand(start, name).then(positions)));
  lists.sort((a, b) => a.length - b.length);
  return lists.slice(1).reduce((found, list) => {
    const kept = new Set(list);
    return found.filter((position) => kept.has(position));
  }, lists[0]);
}

// Rows as objects keyed by the file's field names, for the given positions in title order.
async function rows(start, wanted) {
  const files = {};
  for (const position of wanted) {
    if (position >= start.first.length) files[Math.floor(position / start.rowsPerFile)] = true;
  }
  const pages = {};
  await Promise.all(Object.keys(files).map((n) => onDemand(start, "rader-" + n + ".json").then((page) => (pages[n] = page))));
  return wanted.map((position) => {
    const row = position < start.first.length
      ? start.first[position]
      : pages[Math.floor(position / start.rowsPerFile)][position % start.rowsPerFile];
    return Object.fromEntries(start.fields.map((name, i) => [name, row[i]]));
  });
}

// The same line as the site's own lists of trainings: format · length · cost · provider.
function item(start, t) {
  const facts = [start.formats[t.format][1], hours(t.hours), cost(t.cost), start.providers[t.provider][1]];
  return el("li", {}, [el("a", { href: sitePath("utbildning/" + t.id + "/"), text: t.title }), el("br"),
    el("span", { class: "ok-meta", text: facts.join(" · ") })]);
}

function range(n) {
  return Array.from({ length: n }, (_, i) => i);
}

// `form` is form#finder, hidden until the start file has come.
export function mount(form) {
  const status = document.getElementById("finder-status");
  const list = document.getElementById("finder-results");
  let start = null, shown = 0, latest = 0; // shown: how many trainings the list may show

  // The chosen filter values as the names of their files: "amne-demens.json".
  function chosen() {
    const names = [];
    for (const field of form.elements) {
      if (!field.name || (field.type === "checkbox" && !field.checked) || !field.value) continue;
      names.push(field.name + "-" + field.value + ".json");
    }
    return names;
  }

  async function render(focusFrom) {
    const asked = ++latest;
    const slow = setTimeout(() => {
      if (asked === latest) status.textContent = "Hämtar utbildningarna …";
    }, 300);
    try {
      const found = await passing(start, chosen());
      const total = found ? found.length : start.count;
      const wanted = found ? found.slice(0, shown) : range(Math.min(shown, total));
      const trainings = await rows(start, wanted);
      if (asked !== latest) return; // a later choice is being shown
      const items = trainings.map((t) => item(start, t));
      if (total > shown) items.push(el("li", {}, [moreButton(total - shown)]));
      list.replaceChildren(...items);
      status.textContent = plural(total, "utbildning", "utbildningar") + " passar";
      const first = focusFrom === undefined ? null : list.querySelectorAll("li a")[focusFrom];
      if (first) first.focus();
    } catch {
      if (asked === latest) {
        status.textContent = "Utbildningarna för det valet kunde inte hämtas. Försök igen när du har nätverk.";
      }
    } finally {
      clearTimeout(slow);
    }
  }

  function moreButton(left) {
    const more = el("button", { type: "button", class: "md-button", text: "Visa fler (" + left + " till)" });
    more.addEventListener("click", () => {
      const next = shown;
      shown += start.shown;
      render(next);
    });
    return more;
  }

  function remember() {
    const params = new URLSearchParams();
    for (const field of form.elements) {
      if (!field.name) continue;
      const value = field.type === "checkbox" ? (field.checked ? field.value : "") : field.value;
      if (value) params.set(field.name, value);
    }
    const query = params.toString();
    history.replaceState(null, "", query ? "?" + query : location.pathname);
  }

  function restore() {
    new URLSearchParams(location.search).forEach((value, name) => {
      const field = form.elements[name];
      if (!field) return;
      if (field.type === "checkbox") field.checked = value === field.value;
      else field.value = value;
    });
  }

  function update() {
    shown = start.shown;
    render();
    remember();
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => setTimeout(update, 0));

  status.textContent = "Hämtar utbildningarna …";
  fetchJson(new URL("start.json", FILES))
    .then((loadedStart) => {
      start = loadedStart;
      document.getElementById("finder-nojs").hidden = true;
      form.hidden = false;
      restore();
      update();
    })
    .catch(() => {
      status.textContent = "Utbildningarna kunde inte hämtas. Bläddra i stället per ämne eller roll nedan.";
    });
}
