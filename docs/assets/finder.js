// Hitta utbildning: filters over the compact catalogue file, no framework, no page loads.
(function () {
  "use strict";
  var script = document.currentScript;
  var root = new URL("../", script.src);
  var form = document.getElementById("finder");
  var status = document.getElementById("finder-status");
  var list = document.getElementById("finder-results");
  var PAGE = 50;
  var data = null;
  var shown = PAGE;

  function hoursText(h) {
    if (h < 1) return Math.round(h * 60) + " minuter";
    var n = String(Math.round(h * 10) / 10).replace(".", ",");
    return h === 1 ? "1 timme" : n + " timmar";
  }

  function costText(sek) {
    if (sek === null) return "Kostnad varierar";
    return sek === 0 ? "Gratis" : sek.toLocaleString("sv-SE") + " kr";
  }

  function indexOf(vocabulary, id) {
    for (var i = 0; i < vocabulary.length; i++) if (vocabulary[i][0] === id) return i;
    return -1;
  }

  function lengthMatches(id, hours) {
    var lower = 0;
    for (var i = 0; i < data.lengths.length; i++) {
      var bucket = data.lengths[i];
      var upper = bucket[2] === null ? Infinity : bucket[2];
      if (bucket[0] === id) return hours > lower && hours <= upper;
      lower = upper;
    }
    return true;
  }

  function chosen() {
    var f = form.elements;
    return {
      amne: indexOf(data.topics, f.amne.value),
      roll: indexOf(data.roles, f.roll.value),
      format: indexOf(data.formats, f.format.value),
      sprak: indexOf(data.languages, f.sprak.value),
      kommun: indexOf(data.municipalities, f.kommun.value),
      langd: f.langd.value,
      kostnad: f.kostnad.value,
      mobil: f.mobil.checked
    };
  }

  function matches(row, c) {
    // Row: id, title, provider, format, hours, cost, topics, roles, languages, phone, municipalities
    if (c.amne >= 0 && row[6].indexOf(c.amne) < 0) return false;
    if (c.roll >= 0 && row[7].indexOf(c.roll) < 0) return false;
    if (c.format >= 0 && row[3] !== c.format) return false;
    if (c.sprak >= 0 && row[8].indexOf(c.sprak) < 0) return false;
    if (c.kommun >= 0 && row[10].length && row[10].indexOf(c.kommun) < 0) return false;
    if (c.langd && !lengthMatches(c.langd, row[4])) return false;
    if (c.kostnad === "gratis" && row[5] !== 0) return false;
    if (c.kostnad === "betald" && row[5] === 0) return false;
    if (c.mobil && !row[9]) return false;
    return true;
  }

  function item(row) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = new URL("utbildning/" + row[0] + "/", root).pathname;
    a.textContent = row[1];
    var meta = document.createElement("span");
    meta.className = "ok-meta";
    meta.textContent = [
      data.formats[row[3]][1], hoursText(row[4]), costText(row[5]), data.providers[row[2]][1]
    ].join(" · ");
    li.appendChild(a);
    li.appendChild(document.createElement("br"));
    li.appendChild(meta);
    return li;
  }

  function render() {
    var c = chosen();
    var found = data.trainings.filter(function (row) { return matches(row, c); });
    var fragment = document.createDocumentFragment();
    found.slice(0, shown).forEach(function (row) { fragment.appendChild(item(row)); });
    if (found.length > shown) {
      var li = document.createElement("li");
      var more = document.createElement("button");
      more.type = "button";
      more.className = "md-button";
      more.textContent = "Visa fler (" + (found.length - shown) + " till)";
      more.addEventListener("click", function () {
        var next = shown;
        shown += PAGE;
        render();
        var link = list.querySelectorAll("li a")[next];
        if (link) link.focus();
      });
      li.appendChild(more);
      fragment.appendChild(li);
    }
    list.replaceChildren(fragment);
    status.textContent = found.length === 1 ? "1 utbildning passar" : found.length + " utbildningar passar";
  }

  function remember() {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name) return;
      var value = field.type === "checkbox" ? (field.checked ? field.value : "") : field.value;
      if (value) params.set(field.name, value);
    });
    var query = params.toString();
    history.replaceState(null, "", query ? "?" + query : location.pathname);
  }

  function restore() {
    var params = new URLSearchParams(location.search);
    params.forEach(function (value, name) {
      var field = form.elements[name];
      if (!field) return;
      if (field.type === "checkbox") field.checked = value === field.value;
      else field.value = value;
    });
  }

  function update() {
    shown = PAGE;
    render();
    remember();
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { setTimeout(update, 0); });

  status.textContent = "Hämtar utbildningarna …";
  fetch(new URL("katalog.json", script.src))
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(function (loaded) {
      data = loaded;
      document.getElementById("finder-nojs").hidden = true;
      form.hidden = false;
      restore();
      render();
    })
    .catch(function () {
      status.textContent = "Utbildningarna kunde inte hämtas. Bläddra i stället per ämne eller roll nedan.";
    });
})();
