// Min utbildning: her completions with hours and renewals, her learning paths, her
// self-assessments and the download of everything stored about her, fresh from the service.
// Without a connection: what is queued and what was kept, and a new attempt by itself (with a
// stopped service the browser never reports going online again, so a timer asks).
import { HERE, OFFLINE, api, apiPath, changed, doneItem, fetchMe, kept, messageOf, mine, setWho, who } from "./api.js";
import { assessmentResult } from "./assessment.js";
import { el, link, say } from "./dom.js";
import { hours, renewal, today } from "./format.js";
import { flush } from "./outbox.js";

const KINDS = { completion: "Genomförd", rating: "Betyg", assessment: "Självskattning" };
const REQUIREMENT = { mandatory: "Obligatorisk", recommended: "Rekommenderad", optional: "Valfri" };

// `box` is div#ok-me.
export function mount(box) {
  let retry = 5000, timer = null;

  async function show() {
    clearTimeout(timer);
    let answer;
    try {
      answer = await fetchMe();
    } catch (error) {
      answer = { status: 0 };
    }
    if (answer.status === 401 || (answer.status === 0 && !who())) return signedOut(box, answer);
    if (answer.status !== 200) {
      box.replaceChildren(el("p", { class: "ok-notice", text: "Du är inte ansluten just nu. Sidan uppdateras av sig " +
        "själv när kontakten är tillbaka. Det du har gjort utan nätverk är sparat " + HERE + " och skickas då." }),
        waiting() || "", keptList() || "");
      timer = setTimeout(() => flush().then(show), retry);
      retry = Math.min(retry * 2, 60000);
      return;
    }
    retry = 5000;
    changed();
    record(box, answer.data, show);
  }

  flush().then(show);
  window.addEventListener("online", () => flush().then(show));
}

function signedOut(box, answer) {
  const expired = !!who();
  setWho(null);
  changed();
  const text = expired ? messageOf(answer, "Du är inte inloggad.") + " " : "Du är inte inloggad. ";
  box.replaceChildren(el("p", {}, [text, link("logga-in/", "Logga in med din personliga kod"), "."]));
}

function record(box, me, show) {
  box.replaceChildren(
    el("p", { text: "Inloggad som " + me.person.name + ", " + me.person.unit + ", " + me.person.municipality + "." }),
    waiting() || "",
    el("h2", { text: "Genomförda utbildningar" }), completionsList(me.completions, show),
    el("h2", { text: "Mina utbildningsvägar" }), pathsList(me.paths),
    el("h2", { text: "Mina självskattningar" }),
    me.self_assessments.length ? el("ul", { class: "ok-list" }, me.self_assessments.map((s) =>
      el("li", {}, [el("h3", { text: s.title + " – " + s.submitted_at.slice(0, 10) }), assessmentResult(s, null, true)])))
      : el("p", {}, ["Inga ännu. ", link("sjalvskattning/", "Gör en självskattning"), "."]),
    el("h2", { text: "Dina uppgifter" }),
    el("p", {}, [el("a", { href: apiPath("me/export"), download: "mina-uppgifter.json",
                           text: "Ladda ner det som finns sparat om dig (JSON-fil)" })])
  );
}

function keptList() {
  const record = kept();
  if (!record || !record.done.length) return null;
  const items = record.done.map((d) => el("li", {}, [link("utbildning/" + (d.training || d.course) + "/", d.title), el("br"),
    el("span", { class: "ok-meta", text: doneFacts(d).join(" · ") })]));
  return el("div", {}, [el("h2", { text: "Genomförda utbildningar, som de såg ut senast" }), el("ul", { class: "ok-list" }, items)]);
}

function doneFacts(d) {
  const facts = ["Genomförd " + d.completed_on + (d.before_employment ? ", innan du började här" : "")];
  if (d.expires_on) facts.push(renewal(d.expires_on));
  if (d.usefulness) facts.push("Ditt betyg: " + d.usefulness + " av 5");
  return facts;
}

function waiting() {
  const queued = mine();
  if (!queued.length) return null;
  const items = queued.map((a) => {
    const when = a.kind === "completion" ? " " + a.body.completed_on : "";
    return el("li", { text: KINDS[a.kind] + when + ": " + a.label.replace(/^Betyg för /, "") });
  });
  return el("div", { class: "ok-notice" }, [el("h2", { text: "Sparat " + HERE + ", inte skickat än" }), el("ul", {}, items)]);
}

function completionsList(completions, show) {
  if (!completions.length) return el("p", {}, ["Inga ännu. ", link("hitta-utbildning/", "Hitta en utbildning"), "."]);
  const total = completions.reduce((sum, c) => sum + c.hours, 0);
  const items = completions.map((c) => {
    const facts = doneFacts(doneItem(c));
    facts.splice(1, 0, hours(c.hours));
    return el("li", {}, [link("utbildning/" + c.training + "/", c.title), el("br"),
      el("span", { class: "ok-meta", text: facts.join(" · ") }), changeForm(c, show)]);
  });
  return el("div", {}, [el("p", { text: "Totalt " + hours(total) + "." }), el("ul", { class: "ok-list" }, items)]);
}

function changeForm(c, show) {
  const id = "ok-date-" + c.id;
  const date = el("input", { type: "date", id: id, value: c.completed_on, max: today() });
  const move = el("button", { type: "button", class: "md-button", text: "Spara nytt datum" });
  const drop = el("button", { type: "button", class: "md-button", text: "Ta bort registreringen" });
  const status = el("p", { role: "status", class: "ok-status" });
  async function change(method, body) {
    try {
      const answer = await api(method, "completions/" + c.id, body);
      if (answer.status >= 300) return say(status, messageOf(answer, "Det gick inte att ändra."));
      show();
    } catch (error) {
      say(status, OFFLINE);
    }
  }
  // A date on the wrong side of the first day: the service says what to do from this form.
  move.addEventListener("click", () => change("PATCH", { completed_on: date.value }));
  drop.addEventListener("click", () => {
    if (window.confirm("Ta bort registreringen av " + c.title + "?")) change("DELETE");
  });
  return el("details", {}, [el("summary", { text: "Rätta eller ta bort" }),
    el("label", { for: id, text: "Rätt datum" }), date, move, drop, status]);
}

function pathsList(paths) {
  if (!paths.length) return el("p", { text: "Inga utbildningsvägar gäller din roll." });
  return el("ul", { class: "ok-list" }, paths.map((p) => {
    const facts = [["mandatory", "Obligatoriska steg klara: "], ["recommended", "Rekommenderade steg klara: "]]
      .map(([kind, text]) => {
        const steps = p.steps.filter((s) => s.requirement === kind);
        return steps.length ? text + steps.filter((s) => s.done).length + " av " + steps.length : null;
      })
      .filter(Boolean);
    if (p.due_on) facts.push((p.mandatory_done ? "De obligatoriska skulle vara klara " : "De obligatoriska ska vara klara senast ") + p.due_on);
    const steps = p.steps.map((s) => el("li", {}, [link("utbildning/" + s.training + "/", s.title),
      " – " + REQUIREMENT[s.requirement] + ", " + (s.done ? "klar " + s.completed_on : "inte klar")]));
    return el("li", {}, [el("h3", {}, [link("vag/" + p.id + "/", p.title)]),
      el("p", { text: facts.join(". ") + "." }),
      el("details", {}, [el("summary", { text: "Visa stegen" }), el("ol", {}, steps)])]);
  }));
}
