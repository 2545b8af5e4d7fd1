// Hitta utbildning: filters over the compact catalogue file, no framework, no page loads. A
// training's row is read by the names in the file's `fields`, so a column added or moved by the
// site build moves nothing here; vocabularies are [id, label] lists the rows point into.
import { el, sitePath } from "./dom.js";
import { cost, hours, plural } from "./format.js";

const PAGE = 50;

function indexOf(vocabulary, id) {
  return vocabulary.findIndex((entry) => entry[0] === id);
}

// Rows as objects keyed by the file's field names.
function trainings(data) {
  return data.trainings.map((row) => Object.fromEntries(data.fields.map((name, i) => [name, row[i]])));
}

function lengthMatches(lengths, id, h) {
  let lower = 0;
  for (const [bucket, , upperBound] of lengths) {
    const upper = upperBound === null ? Infinity : upperBound;
    if (bucket === id) return h > lower && h <= upper;
    lower = upper;
  }
  return true;
}

function matches(data, t, c) {
  if (c.amne >= 0 && t.topics.indexOf(c.amne) < 0) return false;
  if (c.roll >= 0 && t.roles.indexOf(c.roll) < 0) return false;
  if (c.format >= 0 && t.format !== c.format) return false;
  if (c.sprak >= 0 && t.languages.indexOf(c.sprak) < 0) return false;
  if (c.kommun >= 0 && t.municipalities.length && t.municipalities.indexOf(c.kommun) < 0) return false;
  if (c.langd && !lengthMatches(data.lengths, c.langd, t.hours)) return false;
  if (c.kostnad === "gratis" && t.cost !== 0) return false;
  if (c.kostnad === "betald" && !(t.cost > 0)) return false; // an unknown price (null) is not a known cost
  if (c.mobil && !t.phone) return false;
  return true;
}

// The same line as the site's own lists of trainings: format · length · cost · provider.
function item(data, t) {
  const facts = [data.formats[t.format][1], hours(t.hours), cost(t.cost), data.providers[t.provider][1]];
  return el("li", {}, [el("a", { href: sitePath("utbildning/" + t.id + "/"), text: t.title }), el("br"),
    el("span", { class: "ok-meta", text: facts.join(" · ") })]);
}

// `form` is form#finder, hidden until the catalogue file has come.
export function mount(form) {
  const status = document.getElementById("finder-status");
  const list = document.getElementById("finder-results");
  let data = null, rows = [], shown = PAGE;

  function chosen() {
    const f = form.elements;
    return {
      amne: indexOf(data.topics, f.amne.value),
      roll: indexOf(data.roles, f.roll.value),
      format: indexOf(data.formats, f.format.value),
      sprak: indexOf(data.languages, f.sprak.value),
      kommun: indexOf(data.municipalities, f.kommun.value),
      langd: f.langd.value,
      kostnad: f.kostnad.value,
      mobil: f.mobil.checked,
    };
  }

  function render() {
    const c = chosen();
    const found = rows.filter((t) => matches(data, t, c));
    const items = found.slice(0, shown).map((t) => item(data, t));
    if (found.length > shown) {
      const more = el("button", { type: "button", class: "md-button", text: "Visa fler (" + (found.length - shown) + " till)" });
      more.addEventListener("click", () => {
        const next = shown;
        shown += PAGE;
        render();
        const first = list.querySelectorAll("li a")[next];
        if (first) first.focus();
      });
      items.push(el("li", {}, [more]));
    }
    list.replaceChildren(...items);
    status.textContent = plural(found.length, "utbildning", "utbildningar") + " passar";
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
    shown = PAGE;
    render();
    remember();
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => setTimeout(update, 0));

  status.textContent = "Hämtar utbildningarna …";
  fetch(new URL("katalog.json", import.meta.url))
    .then((response) => {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then((loaded) => {
      data = loaded;
      rows = trainings(loaded);
      document.getElementById("finder-nojs").hidden = true;
      form.hidden = false;
      restore();
      render();
    })
    .catch(() => {
      status.textContent = "Utbildningarna kunde inte hämtas. Bläddra i stället per ämne eller roll nedan.";
    });
}
