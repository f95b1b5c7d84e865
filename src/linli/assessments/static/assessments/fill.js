/* Filling in an assessment on a phone. The form works without this file; with it, the
   answers are kept in this browser as they are given (a dropped connection or a closed tab
   loses nothing), progress is counted, and questions can be shown one at a time. */
(function () {
  "use strict";

  // After a successful save the next page names the key to forget.
  var clear = document.querySelector("[data-autosave-clear]");
  if (clear) {
    try { window.localStorage.removeItem(clear.getAttribute("data-autosave-clear")); } catch (e) { /* storage off */ }
  }

  var form = document.querySelector("form[data-autosave]");
  if (!form) { return; }
  var key = form.getAttribute("data-autosave");
  var questions = Array.prototype.slice.call(form.querySelectorAll("[data-question]"));

  function fieldsOf() {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "submit" || el.type === "button") { return; }
      if ((el.type === "radio" || el.type === "checkbox")) {
        if (el.checked) { (out[el.name] = out[el.name] || []).push(el.value); }
      } else if (el.value !== "") {
        out[el.name] = [el.value];
      }
    });
    return out;
  }

  function store() {
    try {
      window.localStorage.setItem(key, JSON.stringify({ at: Date.now(), fields: fieldsOf() }));
    } catch (e) { /* storage full or off: the server draft is the fallback */ }
  }

  function restore() {
    var saved;
    try { saved = JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { saved = null; }
    if (!saved || !saved.fields) { return; }
    if (JSON.stringify(saved.fields) === JSON.stringify(fieldsOf())) { return; }
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "submit" || el.type === "button") { return; }
      var values = saved.fields[el.name] || [];
      if (el.type === "radio" || el.type === "checkbox") {
        el.checked = values.indexOf(el.value) !== -1;
      } else {
        el.value = values.length ? values[0] : "";
      }
    });
    var note = document.querySelector("[data-restored-note]");
    if (note) { note.hidden = false; }
  }

  function answered(q) {
    var inputs = q.querySelectorAll("input, textarea, select");
    for (var i = 0; i < inputs.length; i++) {
      var el = inputs[i];
      if ((el.type === "radio" || el.type === "checkbox") ? el.checked : el.value.trim() !== "") { return true; }
    }
    return false;
  }

  var counter = form.querySelector("[data-answered]");
  function count() {
    if (counter) { counter.textContent = questions.filter(answered).length; }
  }

  // "None of these" and the other choices of a multiple-choice item exclude each other.
  form.addEventListener("change", function (event) {
    var el = event.target;
    if (el.type === "checkbox") {
      var q = el.closest("[data-question]");
      q.querySelectorAll("input[type=checkbox]").forEach(function (other) {
        if (other !== el && el.checked && (el.hasAttribute("data-none") || other.hasAttribute("data-none"))) {
          other.checked = false;
        }
      });
    }
    store();
    count();
    if (form.classList.contains("one-at-a-time") && el.type === "radio") {
      window.setTimeout(function () { show(current + 1); }, 250);
    }
  });
  form.addEventListener("input", function () { store(); count(); });

  // One question at a time.
  var current = 0;
  var step = form.querySelector("[data-step]");
  var stepCount = form.querySelector("[data-step-count]");
  function show(index) {
    current = Math.max(0, Math.min(index, questions.length - 1));
    questions.forEach(function (q, i) { q.classList.toggle("is-current", i === current); });
    if (stepCount) { stepCount.textContent = (current + 1) + " / " + questions.length; }
    var top = questions[current].getBoundingClientRect().top + window.scrollY - 140;
    window.scrollTo(0, Math.max(top, 0));
  }
  var toggle = form.querySelector("[data-mode-toggle]");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var on = form.classList.toggle("one-at-a-time");
      step.hidden = !on;
      toggle.textContent = toggle.getAttribute(on ? "data-label-all" : "data-label-one");
      if (on) {
        var firstOpen = questions.findIndex(function (q) { return !answered(q); });
        show(firstOpen === -1 ? 0 : firstOpen);
      }
    });
  }
  form.querySelector("[data-prev]").addEventListener("click", function () { show(current - 1); });
  form.querySelector("[data-next]").addEventListener("click", function () { show(current + 1); });

  form.querySelector("[data-tools]").hidden = false;
  restore();
  count();
})();
