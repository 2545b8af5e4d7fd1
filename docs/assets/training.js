// A training page, for the person signed in on this device: "Markera som genomförd", then the
// rating, and her earlier completion ("Du gick utbildningen …") from the record kept here, so it
// shows after a reload, with a connection or without.
import { HERE, OUTBOX, QUEUED, fetchMe, kept, latestDone, load, mine, who } from "./api.js";
import { el, say } from "./dom.js";
import { renewal, today } from "./format.js";
import { completionId, enqueue, resultOf } from "./outbox.js";

// Completions queued by pages from before the API said `training` still carry `course`.
function queuedCompletion(training) {
  return mine().filter((a) => a.kind === "completion" && (a.body.training || a.body.course) === training)[0];
}

// The service has the last word; this says it before anything is queued when the start date is known.
function dateProblem(day, earlier) {
  if (!day || day > today()) return "Välj ett datum som inte ligger i framtiden.";
  const start = kept() && kept().start_date;
  if (start && !earlier && day < start) {
    return "Datumet är före din första dag här (" + start + "). Gick du utbildningen innan du började här? Kryssa i rutan.";
  }
  if (start && earlier && day >= start) {
    return "Datumet är inte före din första dag här (" + start + "). Ta bort krysset i rutan eller rätta datumet.";
  }
  return null;
}

function recordText(latest) {
  const facts = ["Du gick utbildningen " + latest.completed_on + (latest.before_employment ? ", innan du började här" : "")];
  if (latest.usefulness) facts.push("Ditt betyg: " + latest.usefulness + " av 5");
  if (latest.expires_on) facts.push(renewal(latest.expires_on));
  return facts.join(". ") + ".";
}

// `done` is the page's section.ok-done[data-training][data-title].
export function mount(done) {
  const training = done.dataset.training, title = done.dataset.title;
  const status = el("p", { role: "status", class: "ok-status" });
  const record = el("p", { id: "ok-record", class: "ok-notice", hidden: "" });
  let shownQueued = null;

  function refresh() {
    if (!who()) return;
    const latest = latestDone(training);
    record.hidden = !latest;
    if (latest) say(record, recordText(latest));
    const queued = queuedCompletion(training);
    if (queued) {
      shownQueued = queued;
      say(status, "Markerad som genomförd " + queued.body.completed_on + ". " + QUEUED + ".");
    } else if (shownQueued && resultOf(shownQueued.id)) {
      say(status, "Registrerad som genomförd " + shownQueued.body.completed_on + ".");
      shownQueued = null;
    }
  }

  const date = el("input", { type: "date", id: "ok-done-date", name: "completed_on", value: today(), max: today(),
                             required: "" });
  const earlier = el("input", { type: "checkbox", id: "ok-done-earlier", name: "before_employment" });
  const form = el("form", { class: "ok-form" }, [
    el("label", { for: "ok-done-date", text: "Datum då du blev klar" }), date,
    el("div", { class: "ok-check" }, [earlier,
      el("label", { for: "ok-done-earlier", text: "Jag gick den innan jag började här (tidigare jobb eller skola)" })]),
    el("button", { type: "submit", class: "md-button md-button--primary", text: "Markera som genomförd" }),
  ]);
  const intro = el("p", { text: "Registrera utbildningen så syns den i Min utbildning." });
  done.replaceChildren(done.querySelector("h2"), record, intro, form, status);
  const queued = queuedCompletion(training);
  if (queued) ratingForm(done, queued.body.id, title);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const problem = dateProblem(date.value, earlier.checked);
    if (problem) {
      say(status, problem);
      return (problem.indexOf("rutan") >= 0 ? earlier : date).focus();
    }
    const id = crypto.randomUUID();
    const body = { id: id, training: training, completed_on: date.value };
    if (earlier.checked) body.before_employment = true;
    const sent = await enqueue({ id: id, kind: "completion", method: "POST", path: "completions", body: body,
                                 label: title });
    say(status, sent
      ? "Registrerad som genomförd " + sent.completed_on + (sent.before_employment ? ", innan du började här." : ".")
      : (load(OUTBOX).some((a) => a.id === id) ? QUEUED + "." : "Det gick inte att registrera. Se meddelandet överst på sidan."));
    if (sent || queuedCompletion(training)) ratingForm(done, sent ? sent.id : id, title);
  });
  refresh();
  window.addEventListener("ok-change", refresh);
  window.addEventListener("storage", refresh);
  if (navigator.onLine) fetchMe().then(refresh).catch(() => {});
}

function ratingForm(done, id, title) {
  if (document.getElementById("ok-rate")) return;
  const names = ["inte alls", "lite", "ganska", "mycket", "väldigt mycket"];
  const choices = names.map((name, i) => el("label", { class: "ok-choice" }, [
    el("input", { type: "radio", name: "usefulness", value: String(i + 1) }), " " + (i + 1) + " – " + name,
  ]));
  const comment = el("textarea", { id: "ok-comment", name: "comment", maxlength: "1000", rows: "3" });
  const status = el("p", { role: "status", class: "ok-status" });
  const form = el("form", { class: "ok-form", id: "ok-rate" }, [
    el("fieldset", {}, [el("legend", { text: "Hur användbar var utbildningen i ditt arbete?" })].concat(choices)),
    el("label", { for: "ok-comment", text: "Kommentar (frivillig)" }), comment,
    el("button", { type: "submit", class: "md-button", text: "Skicka betyget" }), status,
  ]);
  done.append(form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = form.querySelector("input[name=usefulness]:checked");
    if (!chosen) {
      say(status, "Välj ett betyg från 1 till 5.");
      return form.querySelector("input").focus();
    }
    const body = { usefulness: Number(chosen.value), comment: comment.value.trim() || null };
    const sent = await enqueue({ id: crypto.randomUUID(), kind: "rating", method: "PUT", body: body,
                                 path: "completions/" + completionId(id) + "/rating", label: "Betyg för " + title });
    say(status, sent ? "Tack! Ditt betyg är sparat." : "Betyget är sparat " + HERE + " och skickas när du har nätverk.");
  });
}
