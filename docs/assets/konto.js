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
(function () {
  "use strict";
  var root = new URL("../", document.currentScript.src);
  var API = new URL("api/", root);
  var OUTBOX = "ok-outbox", PROBLEMS = "ok-problems", WHO = "ok-who", SIGNOUT = "ok-signout";
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
        "Loggar du ut skickas " + (left === 1 ? "den" : "de") + " först när du loggar in igen på den här enheten. " +
        "Logga ut ändå?";
      if (!window.confirm(text)) return;
    }
    localStorage.removeItem(WHO);
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
    if (own) lines.push("Sparad på enheten – skickas när du har nätverk (" + own + ")");
    if (own && sessionExpired) lines.push(". Din inloggning har gått ut: logga in igen så skickas det.");
    else if (own && refusal) {
      lines.push(". Tjänsten tog inte emot det just nu (" + refusal.replace(/\.$/, "") + "). " +
        "Det finns kvar på enheten och skickas igen senare.");
    }
    if (others) {
      lines.push((own ? " " : "") + plural(others, "sparad åtgärd", "sparade åtgärder") +
        " från en annan person väntar tills den personen loggar in igen på enheten.");
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
      el("p", { text: "Det här kunde inte sparas i tjänsten och har tagits bort från enheten:" }),
      el("ul", {}, items), close,
    ]);
  }

  // --- Training pages: "Markera som genomförd" and the rating --------------------------------

  var done = document.querySelector(".ok-done[data-course]");
  var doneStatus = el("p", { role: "status", class: "ok-status" });
  var shownQueued = null;

  function queuedCompletion(course) {
    return mine().filter(function (a) { return a.kind === "completion" && a.body.course === course; })[0];
  }

  function refreshTrainingStatus() {
    if (!done || !who()) return;
    var queued = queuedCompletion(done.dataset.course);
    if (queued) {
      shownQueued = queued;
      doneStatus.textContent = "Markerad som genomförd " + queued.body.completed_on +
        ". Sparad på enheten – skickas när du har nätverk.";
    } else if (shownQueued && results[shownQueued.id]) {
      doneStatus.textContent = "Registrerad som genomförd " + shownQueued.body.completed_on + ".";
      shownQueued = null;
    }
  }

  function trainingWidget() {
    if (!done || !who()) return;
    var course = done.dataset.course, title = done.dataset.title;
    var date = el("input", { type: "date", id: "ok-done-date", name: "completed_on", value: today(),
                             max: today(), required: "" });
    var form = el("form", { class: "ok-form" }, [
      el("label", { for: "ok-done-date", text: "Datum då du blev klar" }), date,
      el("button", { type: "submit", class: "md-button md-button--primary", text: "Markera som genomförd" }),
    ]);
    var intro = el("p", { text: "Registrera utbildningen så syns den i Min utbildning." });
    done.replaceChildren(done.querySelector("h2"), intro, form, doneStatus);
    var queued = queuedCompletion(course);
    if (queued) ratingForm(queued.body.id, title);
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      if (!date.value || date.value > today()) {
        doneStatus.textContent = "Välj ett datum som inte ligger i framtiden.";
        return date.focus();
      }
      var id = crypto.randomUUID();
      var body = { id: id, course: course, completed_on: date.value };
      var sent = await enqueue({ id: id, kind: "completion", method: "POST", path: "completions", body: body,
                                 label: title });
      doneStatus.textContent = sent
        ? "Registrerad som genomförd " + sent.completed_on + "."
        : (load(OUTBOX).some(function (a) { return a.id === id; })
          ? "Sparad på enheten – skickas när du har nätverk."
          : "Det gick inte att registrera. Se meddelandet överst på sidan.");
      if (sent || queuedCompletion(course)) ratingForm(sent ? sent.id : id, title);
    });
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
      status.textContent = sent ? "Tack! Ditt betyg är sparat." : "Betyget är sparat på enheten och skickas när du har nätverk.";
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
          text: "Dina svar är sparade på enheten och skickas när du har nätverk. Resultatet och tipsen visas sedan i " }),
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

  async function myPage(box) {
    if (!who()) {
      box.replaceChildren(el("p", {}, ["Du är inte inloggad. ", link("logga-in/", "Logga in med din personliga kod"), "."]));
      return;
    }
    var answer;
    try {
      answer = await api("GET", "me");
    } catch (error) {
      box.replaceChildren(el("p", { class: "ok-notice", text: "Du är inte ansluten just nu. Det du har gjort utan nätverk är sparat på enheten och skickas när du är ansluten igen." }), waiting() || "");
      return;
    }
    if (answer.status === 401) {
      localStorage.removeItem(WHO);
      render();
      box.replaceChildren(el("p", {}, [messageOf(answer, "Du är inte inloggad.") + " ", link("logga-in/", "Logga in")]));
      return;
    }
    var me = answer.data;
    localStorage.setItem(WHO, me.person.key);
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

  var KINDS = { completion: "Genomförd", rating: "Betyg", assessment: "Självskattning" };

  function waiting() {
    var queued = mine();
    if (!queued.length) return null;
    var items = queued.map(function (a) {
      var when = a.kind === "completion" ? " " + a.body.completed_on : "";
      return el("li", { text: KINDS[a.kind] + when + ": " + a.label.replace(/^Betyg för /, "") });
    });
    return el("div", { class: "ok-notice" }, [
      el("h2", { text: "Sparat på enheten, inte skickat än" }), el("ul", {}, items),
    ]);
  }

  function completionsList(completions, box) {
    if (!completions.length) {
      return el("p", {}, ["Inga ännu. ", link("hitta-utbildning/", "Hitta en utbildning"), "."]);
    }
    var total = completions.reduce(function (sum, c) { return sum + c.hours; }, 0);
    var items = completions.map(function (c) {
      var facts = ["Genomförd " + c.completed_on, hoursText(c.hours)];
      if (c.expires_on) facts.push((c.expires_on <= today() ? "Behöver förnyas – gick ut " : "Förnyas senast ") + c.expires_on);
      if (c.rating) facts.push("Ditt betyg: " + c.rating.usefulness + " av 5");
      return el("li", {}, [link("utbildning/" + c.course + "/", c.title), el("br"),
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
  window.addEventListener("online", flush);
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
