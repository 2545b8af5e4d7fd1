// A learning path's pages, for the person signed in on this device, from the record kept here:
// on the path, a link to her own role's steps; on her role's page, her own deadline and the steps
// she has done. Mounted on the page's list of steps (ol.ok-steps).
import { fetchMe, kept, latestDone } from "./api.js";
import { el } from "./dom.js";
import { addDays, today } from "./format.js";

function draw() {
  const record = kept();
  if (!record) return;
  const due = document.querySelector(".ok-due[data-days]");
  if (due && record.start_date) {
    const old = due.querySelector(".ok-mine-due");
    if (old) old.remove();
    due.append(el("strong", { class: "ok-mine-due", text: " För dig: klara senast " +
      addDays(record.start_date, Number(due.dataset.days)) + ", räknat från din första dag " + record.start_date + "." }));
  }
  for (const step of document.querySelectorAll(".ok-steps li[data-training]")) {
    const latest = latestDone(step.dataset.training);
    const mark = step.querySelector(".ok-step-done");
    if (mark) mark.remove();
    if (!latest || (latest.expires_on && latest.expires_on <= today())) continue;
    step.append(el("span", { class: "ok-step-done", text: " – klar " + latest.completed_on }));
  }
  const roles = document.querySelector(".ok-roles");
  const own = roles && record.role ? roles.querySelector('a[href$="/' + record.role + '/"]') : null;
  if (own && !document.getElementById("ok-own-role")) {
    roles.before(el("p", { id: "ok-own-role" }, ["Du är " + own.textContent.toLowerCase() + ": ",
      el("a", { href: own.getAttribute("href"), text: "visa dina steg" }), "."]));
  }
}

export function mount() {
  draw();
  fetchMe().then(draw).catch(() => {});
}
