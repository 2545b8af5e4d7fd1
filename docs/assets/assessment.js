// A self-assessment page: the answers go through the outbox, and the result with tips on
// trainings for the weakest areas shows here (and in Min utbildning, which draws it the same way).
import { HERE, who } from "./api.js";
import { el, link } from "./dom.js";
import { decimal, hours } from "./format.js";
import { enqueue } from "./outbox.js";

// `form` is form.ok-assessment[data-assessment], a fieldset per statement.
export function mount(form) {
  const submit = form.querySelector(".ok-submit");
  const result = document.getElementById("ok-result");
  submit.hidden = false;
  if (!who()) {
    submit.replaceChildren(link("logga-in/", "Logga in"), " för att spara dina svar och få tips på utbildningar.");
    return;
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const answers = {};
    let missing = null;
    for (const set of form.querySelectorAll("fieldset.ok-statement")) {
      const chosen = set.querySelector("input:checked");
      if (chosen) answers[chosen.name] = Number(chosen.value);
      else if (!missing) missing = set;
    }
    if (missing) {
      result.replaceChildren(el("p", { class: "ok-error", text: "Svara på alla påståenden. Det första som saknar svar: " +
        missing.querySelector("legend").textContent }));
      return missing.querySelector("input").focus();
    }
    const id = crypto.randomUUID();
    const body = { id: id, assessment: form.dataset.assessment, answers: answers };
    const sent = await enqueue({ id: id, kind: "assessment", method: "POST", path: "self-assessments", body: body,
                                 label: document.querySelector("h1").textContent });
    if (sent) {
      result.replaceChildren(el("h2", { text: "Ditt resultat", tabindex: "-1" }), assessmentResult(sent, scaleLabels(form), false));
    } else {
      result.replaceChildren(el("p", { class: "ok-status", tabindex: "-1",
        text: "Dina svar är sparade " + HERE + " och skickas när du har nätverk. Resultatet och tipsen visas sedan i " }),
        link("min-utbildning/", "Min utbildning"));
    }
    result.firstChild.focus();
  });
}

function scaleLabels(form) {
  return Array.from(form.querySelector("fieldset.ok-statement").querySelectorAll("label"), (label) => label.textContent.trim());
}

// Tips are open on the assessment page, folded away in Min utbildning (a long page on a phone).
export function assessmentResult(data, labels, folded) {
  const areas = data.areas.map((area) => {
    const level = area.mean === null ? "inte besvarat"
      : decimal(area.mean) + " av 4" + (labels ? " (" + labels[Math.round(area.mean) - 1] + ")" : "");
    const tips = area.recommended.map((t) => el("li", {}, [link("utbildning/" + t.id + "/", t.title), " – " + hours(t.hours)]));
    let list = tips.length ? el("ul", {}, tips) : null;
    if (list && folded) list = el("details", {}, [el("summary", { text: "Tips för dig (" + tips.length + ")" }), list]);
    else if (list) list = el("div", {}, [el("p", { text: "Tips för dig:" }), list]);
    return el("li", {}, [el("strong", { text: area.title }), ": " + level, list]);
  });
  return el("ul", { class: "ok-list ok-areas" }, areas);
}
