// The progress service's API, and what this phone or tablet keeps for the person signed in on it.
//
// localStorage, under the keys earlier versions of the site used too (an action queued before an
// update must still send after it):
//   ok-outbox    actions not sent yet, each tagged with the key of the person who took it
//   ok-problems  actions the service refused for good, until their owner has read why
//   ok-who       the non-personal key of the person signed in here
//   ok-signout   a sign-out whose end of the server session is still to be sent
//   ok-mine      her own record, for pages without a connection: which trainings she completed,
//                when, her rating and when each must be renewed, her start date and role; no
//                name, unit or comment. It goes at sign-out.
const API = new URL("../api/", import.meta.url);
export const OUTBOX = "ok-outbox";
export const PROBLEMS = "ok-problems";
export const SIGNOUT = "ok-signout";
const WHO = "ok-who";
const MINE = "ok-mine";

export const HERE = "i telefonen eller surfplattan";
export const QUEUED = "Sparad " + HERE + " – skickas när du har nätverk";
export const OFFLINE = "Ingen kontakt med tjänsten. Kontrollera nätverket och försök igen.";

// Resolves with { status, data } for any answer; rejects only when the service cannot be reached.
export async function api(method, path, body) {
  const options = { method: method, headers: {}, credentials: "same-origin" };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(new URL(path, API), options);
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  return { status: response.status, data: data };
}

export function apiPath(path) {
  return new URL(path, API).pathname;
}

export function messageOf(answer, fallback) {
  return (answer.data && answer.data.message) || fallback;
}

// The bar and the features redraw on this event; an outbox status rides along as its detail.
export function changed(detail) {
  window.dispatchEvent(new CustomEvent("ok-change", { detail: detail }));
}

export function load(key) {
  try {
    return JSON.parse(localStorage.getItem(key) || "[]");
  } catch (error) {
    return [];
  }
}

export function save(key, list) {
  localStorage.setItem(key, JSON.stringify(list));
}

export function who() {
  return localStorage.getItem(WHO);
}

export function setWho(key) {
  if (key) localStorage.setItem(WHO, key);
  else localStorage.removeItem(WHO);
}

// The signed-in person's entries of a list (the outbox unless named); others' stay hidden on a shared device.
export function mine(list) {
  const key = who();
  return load(list || OUTBOX).filter((entry) => key && entry.owner === key);
}

// --- Her own record -------------------------------------------------------------------------

export function kept() {
  let record;
  try {
    record = JSON.parse(localStorage.getItem(MINE) || "null");
  } catch (error) {
    record = null;
  }
  return record && record.owner === who() ? record : null;
}

export function doneItem(c) {
  return { id: c.id, training: c.training, title: c.title, completed_on: c.completed_on,
           before_employment: !!c.before_employment, expires_on: c.expires_on,
           usefulness: c.rating ? c.rating.usefulness : null };
}

function keep(me) {
  localStorage.setItem(MINE, JSON.stringify({ owner: me.person.key, start_date: me.person.start_date,
    role: me.person.role, done: me.completions.map(doneItem) }));
}

export function keepCompletion(completion) {
  const record = kept();
  if (!record || !completion || !completion.id) return;
  record.done = record.done.filter((d) => d.id !== completion.id).concat([doneItem(completion)]);
  localStorage.setItem(MINE, JSON.stringify(record));
}

export function forgetRecord() {
  localStorage.removeItem(MINE);
}

// The latest completion of a training, from the kept record (kept before the API said `training`: `course`).
export function latestDone(training) {
  const record = kept();
  const found = record ? record.done.filter((d) => (d.training || d.course) === training) : [];
  found.sort((a, b) => (a.completed_on < b.completed_on ? 1 : -1));
  return found[0] || null;
}

// /api/me, and the key and record it confirms kept for the pages without a connection.
export async function fetchMe() {
  const answer = await api("GET", "me");
  if (answer.status === 200) {
    setWho(answer.data.person.key);
    keep(answer.data);
  }
  return answer;
}
