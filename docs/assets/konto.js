// Staff features on every page: sign-in state, "Markera som genomförd", self-assessments,
// Min utbildning, and the offline outbox that sends each action exactly once.
//
// Every action goes into the outbox (localStorage) with its client-made id BEFORE any network
// attempt, tagged with the non-personal key of the person who made it. It leaves the outbox only
// on a 2xx (sent) or a 409, 410 or 422: a fault in the action itself that can never succeed (shown
// to the user). Any other refusal (403, 413, an unexpected status) may lie with the way there, so
// the action stays and sending pauses until the next attempt. The service treats a
// repeated id as the same action, so retries are safe. An action is sent only after /api/me
// confirms that the browser's session belongs to the person who made it (shared devices).
//
// Besides the outbox, the signed-in person's own record is kept (MINE): which trainings she
// completed, when, her rating and when each must be renewed, her start date and role; no name,
// unit or comment. Training and path pages show it without a connection. It goes at sign-out.
(function () {
  "use strict";
  var root = new URL("../", document.currentScript.src);
  var API = new URL("api/", root);
  var OUTBOX = "ok-outbox", PROBLEMS = "ok-problems", WHO = "ok-who", SIGNOUT = "ok-signout", MINE = "ok-mine";
  var results = {}, renamed = {};
  var flushing = null, retryTimer = null, retryDelay = 5000, sessionExpired = false, lastFlushEnded = 0;
  var refusal = null; // the service's last reason for refusing a queued action that stays queued

  // --- Small helpers -------------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else if (attrs[name] !== null && attrs[name] !== false) node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      if (child) node.append(child);
    });
    return node;
  }

  function link(path, text) {
    return el("a", { href: new URL(path, root).pathname, text: text });
  }

  function load(key) {
    try {
      return JSON.parse(localStorage.getItem(key) || "[]");
    } catch (error) {
      return [];
    }
  }

  function save(key, list) {
    localStorage.setItem(key, JSON.stringify(list));
  }

  function who() {
    return localStorage.getItem(WHO);
  }

  function today() {
    var now = new Date();
    return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
  }

  function hoursText(h) {
    if (h < 1) return plural(Math.round(h * 60), "minut", "minuter");
    var n = Math.round(h * 10) / 10;
    return String(n).replace(".", ",") + (n === 1 ? " timme" : " timmar");
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  async function api(method, path, body) {
    var options = { method: method, headers: {}, credentials: "same-origin" };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    var response = await fetch(new URL(path, API), options);
    var data = null;
    if (response.status !== 204) data = await response.json().catch(function () { return null; });
    return { status: response.status, data: data };
  }

  function messageOf(answer, fallback) {
    return (answer.data && answer.data.message) || fallback;
  }

  var OFFLINE = "Ingen kontakt med tjänsten. Kontrollera nätverket och försök igen.";
  var HERE = "i telefonen eller surfplattan";
  var QUEUED = "Sparad " + HERE + " – skickas när du har nätverk";

  // --- The person's own record, kept for offline pages ----------------------------------------

  function kept() {
    var record;
    try {
      record = JSON.parse(localStorage.getItem(MINE) || "null");
    } catch (error) {
      record = null;
    }
    return record && record.owner === who() ? record : null;
  }

  function doneItem(c) {
    return { id: c.id, training: c.training, title: c.title, completed_on: c.completed_on,
             before_employment: !!c.before_employment, expires_on: c.expires_on,
             usefulness: c.rating ? c.rating.usefulness : null };
  }

  function keep(me) {
    localStorage.setItem(MINE, JSON.stringify({ owner: me.person.key, start_date: me.person.start_date,
      role: me.person.role, done: me.completions.map(doneItem) }));
  }

  function keepCompletion(completion) {
    var record = kept();
    if (!record || !completion || !completion.id) return;
    record.done = record.done.filter(function (d) { return d.id !== completion.id; }).concat([doneItem(completion)]);
    localStorage.setItem(MINE, JSON.stringify(record));
  }

  // The latest completion of a course, from the kept record.
  function latestDone(course) {
    var record = kept();
    var found = record ? record.done.filter(function (d) { return (d.training || d.course) === course; }) : [];
    found.sort(function (a, b) { return a.completed_on < b.completed_on ? 1 : -1; });
    return found[0] || null;
  }

  function expiryText(expires) {
    if (!expires) return "";
    return expires <= today() ? "Behöver förnyas – gick ut " + expires : "Förnyas senast " + expires;
  }

  async function fetchMe() {
    var answer = await api("GET", "me");
    if (answer.status === 200) {
      localStorage.setItem(WHO, answer.data.person.key);
      keep(answer.data);
    }
    return answer;
  }

  // --- The outbox ----------------------------------------------------------------------------

  // The signed-in person's entries of a list (default: the outbox); others' stay hidden on a shared device.
  function mine(list) {
    var key = who();
    return load(list || OUTBOX).filter(function (a) { return key && a.owner === key; });
  }

  // Queue an action and try to send it; resolves with the service's answer, or null while queued.
  async function enqueue(action) {
    action.owner = who();
    save(OUTBOX, load(OUTBOX).concat([action]));
    render();
    await flush();
    return results[action.id] || null;
  }

  function flush() {
    if (!flushing) {
      flushing = sendQueued().finally(function () {
        flushing = null;
        lastFlushEnded = Date.now();
        render();
      });
    }
    return flushing;
  }

  function retryLater() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 300000);
  }

  async function sendQueued() {
    if (localStorage.getItem(SIGNOUT)) await endServerSession();
    if (!who() || !load(OUTBOX).length) return;
    var me;
    try {
      me = await api("GET", "me");
    } catch (error) {
      return retryLater();
    }
    if (me.status === 401) {
      sessionExpired = true;
      return;
    }
    if (me.status !== 200) return retryLater();
    sessionExpired = false;
    localStorage.setItem(WHO, me.data.person.key);
    keep(me.data);
    var pending;
    while ((pending = mine()).length) {
      var outcome = await sendOne(pending[0]);
      if (outcome !== "done") return outcome === "retry" ? retryLater() : undefined;
    }
    retryDelay = 5000;
  }

  async function sendOne(action) {
    var answer;
    try {
      answer = await api(action.method, action.path, action.body);
    } catch (error) {
      return "retry";
    }
    if (answer.status === 401) {
      sessionExpired = true;
      return "stop";
    }
    if (answer.status >= 500 || answer.status === 429) return "retry";
    if (answer.status >= 300 && [409, 410, 422].indexOf(answer.status) < 0) {
      refusal = messageOf(answer, "felkod " + answer.status);
      return "stop";
    }
    refusal = null;
    remove(action.id);
    if (answer.status < 300) {
      results[action.id] = answer.data || {};
      if (action.kind !== "assessment") keepCompletion(answer.data);
      if (action.kind === "completion" && answer.data && answer.data.id !== action.body.id) {
        renameCompletion(action.body.id, answer.data.id);
      }
    } else {
      var problem = { owner: action.owner, label: action.label, message: messageOf(answer, "Tjänsten tog inte emot det.") };
      save(PROBLEMS, load(PROBLEMS).concat([problem]));
    }
    return "done";
  }

  function remove(id) {
    save(OUTBOX, load(OUTBOX).filter(function (a) { return a.id !== id; }));
  }

  // The same training on the same day was already recorded under another id: queued ratings follow it.
  function renameCompletion(from, to) {
    renamed[from] = to;
    save(OUTBOX, load(OUTBOX).map(function (a) {
      if (a.path === "completions/" + from + "/rating") a.path = "completions/" + to + "/rating";
      return a;
    }));
  }

  // --- Signing in and out --------------------------------------------------------------------

  async function endServerSession() {
    try {
      await api("DELETE", "session");
      localStorage.removeItem(SIGNOUT);
    } catch (error) {
      localStorage.setItem(SIGNOUT, "1");
    }
  }

  async function signOut() {
    await flush();
    var left = mine().length;
    if (left) {
      var text = "Du har " + plural(left, "sparad åtgärd", "sparade åtgärder") + " som inte har skickats än. " +
        "Loggar du ut skickas " + (left === 1 ? "den" : "de") + " först när du loggar in igen här. " +
        "Logga ut ändå?";
      if (!window.confirm(text)) return;
    }
    localStorage.removeItem(WHO);
    localStorage.removeItem(MINE);
    sessionExpired = false;
    await endServerSession();
    location.href = new URL("logga-in/", root).pathname + "?utloggad=1";
  }

  function signInPage(form) {
    var box = document.getElementById("ok-signed-in");
    var error = document.getElementById("ok-signin-error");
    var done = document.getElementById("ok-signout-done");
    if (done && new URLSearchParams(location.search).has("utloggad")) done.hidden = false;
    box.hidden = !who(); // the form stays: an expired session, or someone else on a shared device
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      error.textContent = "";
      var code = form.elements.code.value;
      if (!code.trim()) {
        error.textContent = "Skriv in din personliga kod.";
        return form.elements.code.focus();
      }
      await flush(); // a pending sign-out of the previous person must not end this new session
      // Until the new key is known no tab sends anything: nothing queued may go out under the new cookie.
      var previous = who();
      localStorage.removeItem(WHO);
      var answer;
      try {
        answer = await api("POST", "session", { code: code });
      } catch (failure) {
        answer = { status: 0, data: { message: OFFLINE } };
      }
      if (answer.status !== 200) {
        if (previous) localStorage.setItem(WHO, previous); // a wrong code leaves the old session as it was
        error.textContent = messageOf(answer, "Det gick inte att logga in. Försök igen.");
        return form.elements.code.focus();
      }
      localStorage.setItem(WHO, answer.data.key);
      localStorage.removeItem(SIGNOUT);
      sessionExpired = false;
      form.reset();
      flush();
      location.href = new URL("min-utbildning/", root).pathname;
    });
    signInFromSlip(form);
  }

  // The QR code on a code slip opens logga-in/#kod=ABCD-EFGH-JKM: the fragment never reaches a
  // server. The code leaves the address (and the history) at once, then signs the person in.
  function signInFromSlip(form) {
    var match = /^#kod=([A-Za-z0-9-]{1,64})$/.exec(location.hash);
    if (!match) return;
    history.replaceState(null, "", location.pathname + location.search);
    form.elements.code.value = match[1];
    form.requestSubmit();
  }

  // --- The bar on every page -----------------------------------------------------------------

  var bar = el("div", { class: "ok-bar", id: "ok-bar" });
  var queueStatus = el("p", { class: "ok-queue", role: "status" });

  function render() {
    var signedIn = !!who() && !sessionExpired;
    var account = signedIn
      ? [link("min-utbildning/", "Min utbildning"), " ",
         el("button", { type: "button", class: "ok-link-button", id: "ok-signout", text: "Logga ut" })]
      : [link("logga-in/", "Logga in")];
    var line = el("p", { class: "ok-account" }, account);
    queueStatus.replaceChildren.apply(queueStatus, queueLines());
    bar.replaceChildren(line, queueStatus, problemsBox() || "");
    var button = document.getElementById("ok-signout");
    if (button) button.addEventListener("click", signOut);
    refreshTrainingStatus();
  }

  function queueLines() {
    var lines = [];
    var own = mine().length;
    var others = load(OUTBOX).length - own;
    if (own) lines.push(QUEUED + " (" + own + ")");
    if (own && sessionExpired) lines.push(". Din inloggning har gått ut: logga in igen så skickas det.");
    else if (own && refusal) {
      lines.push(". Tjänsten tog inte emot det just nu (" + refusal.replace(/\.$/, "") + "). " +
        "Det finns kvar " + HERE + " och skickas igen senare.");
    }
    if (others) {
      lines.push((own ? " " : "") + plural(others, "sparad åtgärd", "sparade åtgärder") +
        " från en annan person väntar tills den personen loggar in igen här.");
    }
    return lines;
  }

  function problemsBox() {
    var problems = mine(PROBLEMS);
    if (!problems.length) return null;
    var items = problems.map(function (p) { return el("li", { text: p.label + ": " + p.message }); });
    var close = el("button", { type: "button", class: "ok-link-button", text: "Jag har läst det" });
    close.addEventListener("click", function () {
      save(PROBLEMS, load(PROBLEMS).filter(function (p) { return p.owner !== who(); }));
      render();
    });
    return el("div", { class: "ok-notice", role: "alert" }, [
      el("p", { text: "Det här kunde inte sparas i tjänsten och har tagits bort från telefonen eller surfplattan:" }),
      el("ul", {}, items), close,
    ]);
  }

  // --- Training pages: "Markera som genomförd" and the rating --------------------------------

  var done = document.querySelector(".ok-done[data-course]");
  var doneStatus = el("p", { role: "status", class: "ok-status" });
  var record = el("p", { id: "ok-record", class: "ok-notice", hidden: "" });
  var shownQueued = null;

  function queuedCompletion(course) {
    return mine().filter(function (a) { return a.kind === "completion" && (a.body.training || a.body.course) === course; })[0];
  }

  function refreshTrainingStatus() {
    if (!done || !who()) return;
    showRecord();
    var queued = queuedCompletion(done.dataset.course);
    if (queued) {
      shownQueued = queued;
      doneStatus.textContent = "Markerad som genomförd " + queued.body.completed_on + ". " + QUEUED + ".";
    } else if (shownQueued && results[shownQueued.id]) {
      doneStatus.textContent = "Registrerad som genomförd " + shownQueued.body.completed_on + ".";
      shownQueued = null;
    }
  }

  // "Du gick utbildningen …": from the kept record, so it shows after a reload, online or not.
  function showRecord() {
    var latest = latestDone(done.dataset.course);
    record.hidden = !latest;
    if (!latest) return;
    var facts = ["Du gick utbildningen " + latest.completed_on + (latest.before_employment ? ", innan du började här" : "")];
    if (latest.usefulness) facts.push("Ditt betyg: " + latest.usefulness + " av 5");
    if (latest.expires_on) facts.push(expiryText(latest.expires_on));
    record.textContent = facts.join(". ") + ".";
  }

  function trainingWidget() {
    if (!done || !who()) return;
    var course = done.dataset.course, title = done.dataset.title;
    var date = el("input", { type: "date", id: "ok-done-date", name: "completed_on", value: today(),
                             max: today(), required: "" });
    var earlier = el("input", { type: "checkbox", id: "ok-done-earlier", name: "before_employment" });
    var form = el("form", { class: "ok-form" }, [
      el("label", { for: "ok-done-date", text: "Datum då du blev klar" }), date,
      el("div", { class: "ok-check" }, [earlier,
        el("label", { for: "ok-done-earlier", text: "Jag gick den innan jag började här (tidigare jobb eller skola)" })]),
      el("button", { type: "submit", class: "md-button md-button--primary", text: "Markera som genomförd" }),
    ]);
    var intro = el("p", { text: "Registrera utbildningen så syns den i Min utbildning." });
    done.replaceChildren(done.querySelector("h2"), record, intro, form, doneStatus);
    var queued = queuedCompletion(course);
    if (queued) ratingForm(queued.body.id, title);
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      var problem = dateProblem(date.value, earlier.checked);
      if (problem) {
        doneStatus.textContent = problem;
        return (problem.indexOf("rutan") >= 0 ? earlier : date).focus();
      }
      var id = crypto.randomUUID();
      var body = { id: id, training: course, completed_on: date.value };
      if (earlier.checked) body.before_employment = true;
      var sent = await enqueue({ id: id, kind: "completion", method: "POST", path: "completions", body: body,
                                 label: title });
      doneStatus.textContent = sent
        ? "Registrerad som genomförd " + sent.completed_on + (sent.before_employment ? ", innan du började här." : ".")
        : (load(OUTBOX).some(function (a) { return a.id === id; })
          ? QUEUED + "."
          : "Det gick inte att registrera. Se meddelandet överst på sidan.");
      if (sent || queuedCompletion(course)) ratingForm(sent ? sent.id : id, title);
    });
    if (navigator.onLine) fetchMe().then(render).catch(function () {});
  }

  // The service has the last word; this says it before anything is queued when the start date is known.
  function dateProblem(day, earlier) {
    if (!day || day > today()) return "Välj ett datum som inte ligger i framtiden.";
    var start = kept() && kept().start_date;
    if (start && !earlier && day < start) {
      return "Datumet är före din första dag här (" + start + "). Gick du utbildningen innan du började här? Kryssa i rutan.";
    }
    if (start && earlier && day >= start) {
      return "Datumet är inte före din första dag här (" + start + "). Ta bort krysset i rutan eller rätta datumet.";
    }
    return null;
  }

  function ratingForm(completionId, title) {
    if (document.getElementById("ok-rate")) return;
    var names = ["inte alls", "lite", "ganska", "mycket", "väldigt mycket"];
    var choices = names.map(function (name, i) {
      return el("label", { class: "ok-choice" }, [
        el("input", { type: "radio", name: "usefulness", value: String(i + 1) }), " " + (i + 1) + " – " + name,
      ]);
    });
    var comment = el("textarea", { id: "ok-comment", name: "comment", maxlength: "1000", rows: "3" });
    var status = el("p", { role: "status", class: "ok-status" });
    var form = el("form", { class: "ok-form", id: "ok-rate" }, [
      el("fieldset", {}, [el("legend", { text: "Hur användbar var utbildningen i ditt arbete?" })].concat(choices)),
      el("label", { for: "ok-comment", text: "Kommentar (frivillig)" }), comment,
      el("button", { type: "submit", class: "md-button", text: "Skicka betyget" }), status,
    ]);
    done.append(form);
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      var chosen = form.querySelector("input[name=usefulness]:checked");
      if (!chosen) {
        status.textContent = "Välj ett betyg från 1 till 5.";
        return form.querySelector("input").focus();
      }
      var body = { usefulness: Number(chosen.value), comment: comment.value.trim() || null };
      var sent = await enqueue({ id: crypto.randomUUID(), kind: "rating", method: "PUT", body: body,
                                 path: "completions/" + (renamed[completionId] || completionId) + "/rating", label: "Betyg för " + title });
      status.textContent = sent ? "Tack! Ditt betyg är sparat." : "Betyget är sparat " + HERE + " och skickas när du har nätverk.";
    });
  }

  // --- Self-assessments ----------------------------------------------------------------------

  function assessmentPage(form) {
    var submit = form.querySelector(".ok-submit");
    var result = document.getElementById("ok-result");
    submit.hidden = false;
    if (!who()) {
      submit.replaceChildren(link("logga-in/", "Logga in"), " för att spara dina svar och få tips på utbildningar.");
      return;
    }
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      var answers = {}, missing = null;
      form.querySelectorAll("fieldset.ok-statement").forEach(function (set) {
        var chosen = set.querySelector("input:checked");
        if (chosen) answers[chosen.name] = Number(chosen.value);
        else if (!missing) missing = set;
      });
      if (missing) {
        result.replaceChildren(el("p", { class: "ok-error", text: "Svara på alla påståenden. Det första som saknar svar: " +
          missing.querySelector("legend").textContent }));
        return missing.querySelector("input").focus();
      }
      var id = crypto.randomUUID();
      var body = { id: id, assessment: form.dataset.assessment, answers: answers };
      var sent = await enqueue({ id: id, kind: "assessment", method: "POST", path: "self-assessments", body: body,
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
    return Array.from(form.querySelectorAll("fieldset.ok-statement")[0].querySelectorAll("label"))
      .map(function (label) { return label.textContent.trim(); });
  }

  // Tips are open on the assessment page, folded away in Min utbildning (a long page on a phone).
  function assessmentResult(data, labels, folded) {
    var areas = data.areas.map(function (area) {
      var level = area.mean === null ? "inte besvarat"
        : String(Math.round(area.mean * 10) / 10).replace(".", ",") + " av 4" +
          (labels ? " (" + labels[Math.round(area.mean) - 1] + ")" : "");
      var tips = area.recommended.map(function (t) {
        return el("li", {}, [link("utbildning/" + t.id + "/", t.title), " – " + hoursText(t.hours)]);
      });
      var list = tips.length ? el("ul", {}, tips) : null;
      if (list && folded) list = el("details", {}, [el("summary", { text: "Tips för dig (" + tips.length + ")" }), list]);
      else if (list) list = el("div", {}, [el("p", { text: "Tips för dig:" }), list]);
      return el("li", {}, [el("strong", { text: area.title }), ": " + level, list]);
    });
    return el("ul", { class: "ok-list ok-areas" }, areas);
  }

  // --- Min utbildning ------------------------------------------------------------------------

  var mineRetry = 5000, mineTimer = null;

  // Without a connection: what is queued and what was kept, and a new attempt by itself (with a
  // stopped service the browser never reports going online again, so a timer asks).
  async function myPage(box) {
    clearTimeout(mineTimer);
    var answer;
    try {
      answer = await fetchMe();
    } catch (error) {
      answer = { status: 0 };
    }
    if (answer.status === 401 || (answer.status === 0 && !who())) {
      var expired = !!who();
      localStorage.removeItem(WHO);
      render();
      var text = expired ? messageOf(answer, "Du är inte inloggad.") + " " : "Du är inte inloggad. ";
      box.replaceChildren(el("p", {}, [text, link("logga-in/", "Logga in med din personliga kod"), "."]));
      return;
    }
    if (answer.status !== 200) {
      box.replaceChildren(el("p", { class: "ok-notice", text: "Du är inte ansluten just nu. Sidan uppdateras av sig " +
        "själv när kontakten är tillbaka. Det du har gjort utan nätverk är sparat " + HERE + " och skickas då." }),
        waiting() || "", keptList() || "");
      mineTimer = setTimeout(function () { flush().then(function () { myPage(box); }); }, mineRetry);
      mineRetry = Math.min(mineRetry * 2, 60000);
      return;
    }
    mineRetry = 5000;
    render();
    var me = answer.data;
    box.replaceChildren(
      el("p", { text: "Inloggad som " + me.person.name + ", " + me.person.unit + ", " + me.person.municipality + "." }),
      waiting() || "",
      el("h2", { text: "Genomförda utbildningar" }), completionsList(me.completions, box),
      el("h2", { text: "Mina utbildningsvägar" }), pathsList(me.paths),
      el("h2", { text: "Mina självskattningar" }),
      me.self_assessments.length ? el("ul", { class: "ok-list" }, me.self_assessments.map(function (s) {
        return el("li", {}, [el("h3", { text: s.title + " – " + s.submitted_at.slice(0, 10) }), assessmentResult(s, null, true)]);
      })) : el("p", {}, ["Inga ännu. ", link("sjalvskattning/", "Gör en självskattning"), "."]),
      el("h2", { text: "Dina uppgifter" }),
      el("p", {}, [el("a", { href: new URL("me/export", API).pathname, download: "mina-uppgifter.json",
                             text: "Ladda ner allt som finns sparat om dig (JSON-fil)" })])
    );
  }

  function keptList() {
    var record = kept();
    if (!record || !record.done.length) return null;
    var items = record.done.map(function (d) {
      return el("li", {}, [link("utbildning/" + (d.training || d.course) + "/", d.title), el("br"),
        el("span", { class: "ok-meta", text: doneFacts(d).join(" · ") })]);
    });
    return el("div", {}, [el("h2", { text: "Genomförda utbildningar, som de såg ut senast" }), el("ul", { class: "ok-list" }, items)]);
  }

  function doneFacts(d) {
    var facts = ["Genomförd " + d.completed_on + (d.before_employment ? ", innan du började här" : "")];
    if (d.expires_on) facts.push(expiryText(d.expires_on));
    if (d.usefulness) facts.push("Ditt betyg: " + d.usefulness + " av 5");
    return facts;
  }

  var KINDS = { completion: "Genomförd", rating: "Betyg", assessment: "Självskattning" };

  function waiting() {
    var queued = mine();
    if (!queued.length) return null;
    var items = queued.map(function (a) {
      var when = a.kind === "completion" ? " " + a.body.completed_on : "";
      return el("li", { text: KINDS[a.kind] + when + ": " + a.label.replace(/^Betyg för /, "") });
    });
    return el("div", { class: "ok-notice" }, [
      el("h2", { text: "Sparat " + HERE + ", inte skickat än" }), el("ul", {}, items),
    ]);
  }

  function completionsList(completions, box) {
    if (!completions.length) {
      return el("p", {}, ["Inga ännu. ", link("hitta-utbildning/", "Hitta en utbildning"), "."]);
    }
    var total = completions.reduce(function (sum, c) { return sum + c.hours; }, 0);
    var items = completions.map(function (c) {
      var facts = doneFacts(doneItem(c));
      facts.splice(1, 0, hoursText(c.hours));
      return el("li", {}, [link("utbildning/" + c.training + "/", c.title), el("br"),
        el("span", { class: "ok-meta", text: facts.join(" · ") }), changeForm(c, box)]);
    });
    return el("div", {}, [el("p", { text: "Totalt " + hoursText(total) + "." }), el("ul", { class: "ok-list" }, items)]);
  }

  function changeForm(c, box) {
    var id = "ok-date-" + c.id;
    var date = el("input", { type: "date", id: id, value: c.completed_on, max: today() });
    var save_ = el("button", { type: "button", class: "md-button", text: "Spara nytt datum" });
    var drop = el("button", { type: "button", class: "md-button", text: "Ta bort registreringen" });
    var status = el("p", { role: "status", class: "ok-status" });
    async function change(method, body) {
      try {
        var answer = await api(method, "completions/" + c.id, body);
        if (answer.status >= 300) return (status.textContent = messageOf(answer, "Det gick inte att ändra."));
        myPage(box);
      } catch (error) {
        status.textContent = OFFLINE;
      }
    }
    save_.addEventListener("click", function () { change("PATCH", { completed_on: date.value }); });
    drop.addEventListener("click", function () {
      if (window.confirm("Ta bort registreringen av " + c.title + "?")) change("DELETE");
    });
    return el("details", {}, [el("summary", { text: "Rätta eller ta bort" }),
      el("label", { for: id, text: "Rätt datum" }), date, save_, drop, status]);
  }

  var REQUIREMENT = { mandatory: "Obligatorisk", recommended: "Rekommenderad", optional: "Valfri" };

  function pathsList(paths) {
    if (!paths.length) return el("p", { text: "Inga utbildningsvägar gäller din roll." });
    return el("ul", { class: "ok-list" }, paths.map(function (p) {
      var facts = [["mandatory", "Obligatoriska steg klara: "], ["recommended", "Rekommenderade steg klara: "]]
        .map(function (kind) {
          var steps = p.steps.filter(function (s) { return s.requirement === kind[0]; });
          var done = steps.filter(function (s) { return s.done; }).length;
          return steps.length ? kind[1] + done + " av " + steps.length : null;
        })
        .filter(Boolean);
      if (p.due_on) facts.push((p.mandatory_done ? "De obligatoriska skulle vara klara " : "De obligatoriska ska vara klara senast ") + p.due_on);
      var steps = p.steps.map(function (s) {
        return el("li", {}, [link("utbildning/" + s.training + "/", s.title),
          " – " + REQUIREMENT[s.requirement] + ", " + (s.done ? "klar " + s.completed_on : "inte klar")]);
      });
      return el("li", {}, [el("h3", {}, [link("vag/" + p.id + "/", p.title)]),
        el("p", { text: facts.join(". ") + "." }),
        el("details", {}, [el("summary", { text: "Visa stegen" }), el("ol", {}, steps)])]);
    }));
  }

  // --- Utbildningsvägar: her deadline, her own role, the steps she has done --------------------

  function addDays(day, days) {
    var date = new Date(day + "T00:00:00Z");
    date.setUTCDate(date.getUTCDate() + days);
    return date.toISOString().slice(0, 10);
  }

  function pathPage() {
    var record = kept();
    if (!record) return;
    var due = document.querySelector(".ok-due[data-days]");
    if (due && record.start_date) {
      var old = due.querySelector(".ok-mine-due");
      if (old) old.remove();
      due.append(el("strong", { class: "ok-mine-due", text: " För dig: klara senast " +
        addDays(record.start_date, Number(due.dataset.days)) + ", räknat från din första dag " + record.start_date + "." }));
    }
    document.querySelectorAll(".ok-steps li[data-training]").forEach(function (step) {
      var latest = latestDone(step.dataset.training);
      var mark = step.querySelector(".ok-step-done");
      if (mark) mark.remove();
      if (!latest || (latest.expires_on && latest.expires_on <= today())) return;
      step.append(el("span", { class: "ok-step-done", text: " – klar " + latest.completed_on }));
    });
    var roles = document.querySelector(".ok-roles");
    var own = roles && record.role ? roles.querySelector('a[href$="/' + record.role + '/"]') : null;
    if (own && !document.getElementById("ok-own-role")) {
      roles.before(el("p", { id: "ok-own-role" }, ["Du är " + own.textContent.toLowerCase() + ": ",
        el("a", { href: own.getAttribute("href"), text: "visa dina steg" }), "."]));
    }
  }

  // --- The offline page: what can be opened without a connection ------------------------------

  async function offlinePage(list) {
    var wanted = new URLSearchParams(location.search).get("fran");
    if (wanted && wanted.charAt(0) === "/") {
      document.getElementById("ok-offline-wanted").append(" ", el("a", { href: wanted, text: "Försök igen" }));
    }
    if (!("caches" in window)) return;
    var pages = {};
    for (var name of await caches.keys()) {
      var cache = await caches.open(name);
      for (var request of (await cache.keys()).slice(0, 300)) {
        var path = new URL(request.url).pathname;
        if (!path.endsWith("/") || path === location.pathname) continue;
        var title = new DOMParser().parseFromString(await (await cache.match(request)).text(), "text/html").title;
        pages[path] = path === root.pathname ? "Startsidan" : title.replace(/ - Omsorgskatalogen$/, "");
      }
    }
    var paths = Object.keys(pages).sort(function (a, b) { return pages[a].localeCompare(pages[b], "sv"); });
    if (paths.length) {
      list.replaceChildren.apply(list, paths.map(function (path) { return el("li", {}, [el("a", { href: path, text: pages[path] })]); }));
    }
  }

  // --- Start ---------------------------------------------------------------------------------

  var article = document.querySelector("article.md-content__inner");
  if (article) article.prepend(bar);
  render();
  trainingWidget();
  var signInForm = document.getElementById("ok-signin");
  if (signInForm) signInPage(signInForm);
  var assessment = document.querySelector("form.ok-assessment");
  if (assessment) assessmentPage(assessment);
  var myBox = document.getElementById("ok-me");
  if (myBox) flush().then(function () { myPage(myBox); });
  else flush();
  window.addEventListener("online", function () {
    flush().then(function () { if (myBox) myPage(myBox); });
  });
  if (who() && document.querySelector(".ok-due, .ok-roles, .ok-steps li[data-training]")) {
    pathPage();
    fetchMe().then(pathPage).catch(function () {});
  }
  var offlineList = document.getElementById("ok-offline-pages");
  if (offlineList) offlinePage(offlineList).catch(function () {});
  // Periodic retry with backoff is scheduled by a failed send; this catches a session fixed elsewhere.
  setInterval(function () { if (mine().length && Date.now() - lastFlushEnded > 60000) flush(); }, 60000);
  window.addEventListener("storage", render);
  // Offline use for the finder and for signed-in staff; an anonymous first visit elsewhere does not
  // pay for the worker's downloads on a weak connection.
  if ("serviceWorker" in navigator && (who() || document.getElementById("finder"))) {
    navigator.serviceWorker.register(new URL("sw.js", root).pathname).catch(function () {});
    // A page opened before the worker took over did not pass through it: ask it to keep this one.
    navigator.serviceWorker.ready.then(function (registration) {
      registration.active.postMessage({ keep: location.pathname });
    });
  }
})();
