// Every page: the account bar at the top of the article, the features the page carries, and the
// service worker that keeps pages for use without a connection.
//
// A feature is mounted by a data attribute on the element it serves: data-ok-module="training"
// loads assets/training.js and hands it that element (its `mount`); with data-ok-signed-in, only
// when someone is signed in on this device. A page without such an element loads nothing of it,
// and the outbox loads only when something waits to be sent or someone signs out.
import { HERE, OUTBOX, PROBLEMS, QUEUED, SIGNOUT, load, mine, save, who } from "./api.js";
import { el, link, sitePath } from "./dom.js";
import { plural } from "./format.js";

const outbox = () => import("./outbox.js");
// Each feature's module by the name pages give it. Modules name each other only by such literal
// specifiers: the build gives them fingerprinted names and rewrites these (catalogue_site/modules.py).
const FEATURES = {
  assessment: () => import("./assessment.js"),
  finder: () => import("./finder.js"),
  mine: () => import("./mine.js"),
  offline: () => import("./offline.js"),
  path: () => import("./path.js"),
  search: () => import("./search.js"),
  signin: () => import("./signin.js"),
  training: () => import("./training.js"),
};
const bar = el("div", { class: "ok-bar", id: "ok-bar" });
const queueStatus = el("p", { class: "ok-queue", role: "status" });
let sending = { sessionExpired: false, refusal: null }; // the outbox's last word, once it has loaded

function render() {
  const signedIn = !!who() && !sending.sessionExpired;
  const account = signedIn
    ? [link("min-utbildning/", "Min utbildning"), " ", signOutButton()]
    : [link("logga-in/", "Logga in")];
  queueStatus.replaceChildren(...queueLines());
  bar.replaceChildren(el("p", { class: "ok-account" }, account), queueStatus, problemsBox() || "");
}

function signOutButton() {
  const button = el("button", { type: "button", class: "ok-link-button", id: "ok-signout", text: "Logga ut" });
  button.addEventListener("click", () => outbox().then((o) => o.signOut()));
  return button;
}

function queueLines() {
  const lines = [];
  const own = mine().length;
  const others = load(OUTBOX).length - own;
  if (own) lines.push(QUEUED + " (" + own + ")");
  if (own && sending.sessionExpired) lines.push(". Din inloggning har gått ut: logga in igen så skickas det.");
  else if (own && sending.refusal) {
    lines.push(". Tjänsten tog inte emot det just nu (" + sending.refusal.replace(/\.$/, "") + "). " +
      "Det finns kvar " + HERE + " och skickas igen senare.");
  }
  if (others) {
    lines.push((own ? " " : "") + plural(others, "sparad åtgärd", "sparade åtgärder") +
      " från en annan person väntar tills den personen loggar in igen här.");
  }
  return lines;
}

function problemsBox() {
  const problems = mine(PROBLEMS);
  if (!problems.length) return null;
  const close = el("button", { type: "button", class: "ok-link-button", text: "Jag har läst det" });
  close.addEventListener("click", () => {
    save(PROBLEMS, load(PROBLEMS).filter((p) => p.owner !== who()));
    render();
  });
  return el("div", { class: "ok-notice", role: "alert" }, [
    el("p", { text: "Det här kunde inte sparas i tjänsten och har tagits bort från telefonen eller surfplattan:" }),
    el("ul", {}, problems.map((p) => el("li", { text: p.label + ": " + p.message }))), close,
  ]);
}

function mountFeatures() {
  for (const node of document.querySelectorAll("[data-ok-module]")) {
    const name = node.dataset.okModule;
    if (!Object.hasOwn(FEATURES, name) || (node.hasAttribute("data-ok-signed-in") && !who())) continue;
    FEATURES[name]().then((feature) => feature.mount(node));
  }
}

// Anyone's queued actions while someone is signed in: /api/me may say the session is another
// person's than this device last knew (signed in without JavaScript), whose actions then go.
function sendWaiting() {
  if ((who() && load(OUTBOX).length) || localStorage.getItem(SIGNOUT)) outbox().then((o) => o.flush());
}

// Offline use for the finder and for signed-in staff; an anonymous first visit elsewhere does not
// pay for the worker's downloads on a weak connection.
function keepOffline() {
  if (!("serviceWorker" in navigator) || !(who() || document.querySelector("[data-ok-module=finder]"))) return;
  navigator.serviceWorker.register(sitePath("sw.js")).catch(() => {});
  // A page opened before the worker took over did not pass through it: ask it to keep this one.
  navigator.serviceWorker.ready.then((registration) => registration.active.postMessage({ keep: location.pathname }));
}

const article = document.querySelector("article.md-content__inner");
if (article) article.prepend(bar);
render();
window.addEventListener("ok-change", (event) => {
  if (event.detail) sending = event.detail;
  render();
});
window.addEventListener("storage", render);
mountFeatures();
sendWaiting();
window.addEventListener("online", sendWaiting);
setInterval(() => {
  if (mine().length) outbox().then((o) => o.flushIfIdle());
}, 60000);
keepOffline();
