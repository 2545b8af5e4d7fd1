// Logga in: the personal code from the form, or from the QR code on a code slip. Without
// JavaScript the same form posts the code to the service, which answers with Min utbildning.
import { OFFLINE, SIGNOUT, api, messageOf, setWho, who } from "./api.js";
import { sitePath } from "./dom.js";
import { flush } from "./outbox.js";

// `form` is form#ok-signin.
export function mount(form) {
  const error = document.getElementById("ok-signin-error");
  const done = document.getElementById("ok-signout-done");
  if (done && new URLSearchParams(location.search).has("utloggad")) done.hidden = false;
  // The form stays when someone is signed in: an expired session, or someone else on a shared device.
  document.getElementById("ok-signed-in").hidden = !who();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const code = form.elements.code.value;
    if (!code.trim()) {
      error.textContent = "Skriv in din personliga kod.";
      return form.elements.code.focus();
    }
    await flush(); // a pending sign-out of the previous person must not end this new session
    // Until the new key is known no tab sends anything: nothing queued may go out under the new cookie.
    const previous = who();
    setWho(null);
    let answer;
    try {
      answer = await api("POST", "session", { code: code });
    } catch (failure) {
      answer = { status: 0, data: { message: OFFLINE } };
    }
    if (answer.status !== 200) {
      setWho(previous); // a wrong code leaves the old session as it was
      error.textContent = messageOf(answer, "Det gick inte att logga in. Försök igen.");
      return form.elements.code.focus();
    }
    setWho(answer.data.key);
    localStorage.removeItem(SIGNOUT);
    form.reset();
    flush();
    location.href = sitePath("min-utbildning/");
  });
  signInFromSlip(form);
}

// The QR code on a code slip opens logga-in/#kod=ABCD-EFGH-JKM: the fragment never reaches a
// server. The code leaves the address (and the history) at once, then signs the person in.
function signInFromSlip(form) {
  const match = /^#kod=([A-Za-z0-9-]{1,64})$/.exec(location.hash);
  if (!match) return;
  history.replaceState(null, "", location.pathname + location.search);
  form.elements.code.value = match[1];
  form.requestSubmit();
}
