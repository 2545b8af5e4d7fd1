// The outbox: every action goes into it (localStorage) with its client-made id BEFORE any network
// attempt, tagged with the non-personal key of the person who took it. It leaves the outbox only
// on a 2xx (sent) or a 409, 410 or 422: a fault in the action itself that can never succeed (shown
// to its owner). Any other refusal (403, 413, an unexpected status) may lie with the way there, so
// the action stays and sending pauses until the next attempt. The service treats a repeated id
// as the same action, so retries are safe. An action is sent only after /api/me confirms that
// the browser's session belongs to the person who took it (shared devices).
import {
  OUTBOX, PROBLEMS, SIGNOUT, api, changed, fetchMe, forgetRecord, keepCompletion, load, messageOf, mine,
  save, setWho, who,
} from "./api.js";
import { sitePath } from "./dom.js";
import { plural } from "./format.js";

const results = {}; // the service's answers to actions sent from this page, by action id
const renamed = {}; // completion ids the service knew under another id (same training, same day)
// What the bar says about sending: the session has expired, or the service's last reason for
// refusing a queued action that stays queued.
const status = { sessionExpired: false, refusal: null };
let flushing = null;
let retryTimer = null;
let retryDelay = 5000;
let lastFlushEnded = 0;

// Queue an action and try to send it; resolves with the service's answer, or null while queued.
export async function enqueue(action) {
  action.owner = who();
  save(OUTBOX, load(OUTBOX).concat([action]));
  changed(status);
  await flush();
  return results[action.id] || null;
}

export function resultOf(id) {
  return results[id] || null;
}

// The id a rating must name: a completion may have been recorded under another id.
export function completionId(id) {
  return renamed[id] || id;
}

export function flush() {
  if (!flushing) {
    flushing = sendQueued().finally(() => {
      flushing = null;
      lastFlushEnded = Date.now();
      changed(status);
    });
  }
  return flushing;
}

// Failed sends retry with backoff by themselves; this catches a session fixed in another tab.
export function flushIfIdle() {
  if (Date.now() - lastFlushEnded > 60000) flush();
}

function retryLater() {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(flush, retryDelay);
  retryDelay = Math.min(retryDelay * 2, 300000);
}

async function sendQueued() {
  if (localStorage.getItem(SIGNOUT)) await endServerSession();
  if (!who() || !load(OUTBOX).length) return;
  let me;
  try {
    me = await fetchMe();
  } catch (error) {
    return retryLater();
  }
  if (me.status === 401) {
    status.sessionExpired = true;
    return;
  }
  if (me.status !== 200) return retryLater();
  status.sessionExpired = false;
  let pending;
  while ((pending = mine()).length) {
    const outcome = await sendOne(pending[0]);
    if (outcome !== "done") return outcome === "retry" ? retryLater() : undefined;
  }
  retryDelay = 5000;
}

async function sendOne(action) {
  let answer;
  try {
    answer = await api(action.method, action.path, action.body);
  } catch (error) {
    return "retry";
  }
  if (answer.status === 401) {
    status.sessionExpired = true;
    return "stop";
  }
  if (answer.status >= 500 || answer.status === 429) return "retry";
  if (answer.status >= 300 && [409, 410, 422].indexOf(answer.status) < 0) {
    status.refusal = messageOf(answer, "felkod " + answer.status);
    return "stop";
  }
  status.refusal = null;
  save(OUTBOX, load(OUTBOX).filter((a) => a.id !== action.id));
  if (answer.status < 300) sent(action, answer.data || {});
  else {
    const message = messageOf(answer, "Tjänsten tog inte emot det.");
    save(PROBLEMS, load(PROBLEMS).concat([{ owner: action.owner, label: action.label, message: message }]));
  }
  return "done";
}

function sent(action, data) {
  results[action.id] = data;
  if (action.kind !== "assessment") keepCompletion(data);
  if (action.kind === "completion" && data.id && data.id !== action.body.id) renameCompletion(action.body.id, data.id);
}

// The same training on the same day was already recorded under another id: queued ratings follow it.
function renameCompletion(from, to) {
  renamed[from] = to;
  save(OUTBOX, load(OUTBOX).map((a) => {
    if (a.path === "completions/" + from + "/rating") a.path = "completions/" + to + "/rating";
    return a;
  }));
}

// --- Signing out ---------------------------------------------------------------------------

// Without a connection the end of the server session waits in ok-signout for the next attempt.
export async function endServerSession() {
  try {
    await api("DELETE", "session");
    localStorage.removeItem(SIGNOUT);
  } catch (error) {
    localStorage.setItem(SIGNOUT, "1");
  }
}

export async function signOut() {
  await flush();
  const left = mine().length;
  if (left) {
    const text = "Du har " + plural(left, "sparad åtgärd", "sparade åtgärder") + " som inte har skickats än. " +
      "Loggar du ut skickas " + (left === 1 ? "den" : "de") + " först när du loggar in igen här. " +
      "Logga ut ändå?";
    if (!window.confirm(text)) return;
  }
  setWho(null);
  forgetRecord();
  status.sessionExpired = false;
  await endServerSession();
  location.href = sitePath("logga-in/") + "?utloggad=1";
}
