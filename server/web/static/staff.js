// Staff pages: progressive enhancement only. Every page works without this script.
(function () {
  "use strict";

  // Language picker: filter the grouped list by any name of a language — English, the
  // page's language, its own name, or its code ("Farsi", "فارسی", "fa").
  function fold(s) {
    return s.normalize("NFKD").replace(/[\u0300-\u036f\u064b-\u065f\u0670]/g, "").toLowerCase();
  }
  var filter = document.getElementById("language-filter");
  var select = document.getElementById("language");
  if (filter && select) {
    filter.hidden = false;
    filter.addEventListener("input", function () {
      var q = fold(filter.value.trim());
      var first = null;
      Array.prototype.forEach.call(select.querySelectorAll("option[data-search]"), function (o) {
        var match = q === "" || fold(o.getAttribute("data-search") + " " + o.textContent).indexOf(q) >= 0;
        o.hidden = !match;
        o.disabled = !match;
        if (match && !first) { first = o; }
      });
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (g) {
        g.hidden = !g.querySelector("option:not([hidden])");
      });
      if (q !== "" && (select.selectedIndex < 1 || select.options[select.selectedIndex].hidden)) {
        select.value = first ? first.value : ""; // never keep a choice the reader cannot see
      }
    });
  }

  // Request form: confidential is checked and locked for sexual- and domestic-violence
  // cases; the location is asked only for in-person requests, the start only when
  // scheduled. The server enforces the same rules.
  var form = document.querySelector(".request-form");
  if (form) {
    var caseType = form.querySelector("#case_type");
    var confidential = form.querySelector("#confidential");
    var locked = ["sexual_violence", "domestic_violence"];
    var sync = function () {
      var must = locked.indexOf(caseType.value) >= 0;
      if (must) { confidential.checked = true; }
      confidential.disabled = must;
      var modality = form.querySelector("input[name=modality]:checked");
      var urgency = form.querySelector("input[name=urgency]:checked");
      Array.prototype.forEach.call(form.querySelectorAll(".when-in-person"), function (el) {
        el.hidden = !(modality && modality.value === "in_person") && !el.classList.contains("invalid");
      });
      Array.prototype.forEach.call(form.querySelectorAll(".when-scheduled"), function (el) {
        el.hidden = !(urgency && urgency.value === "scheduled") && !el.classList.contains("invalid");
      });
    };
    form.addEventListener("change", sync);
    form.addEventListener("submit", function () {
      if (confidential.disabled) {
        confidential.disabled = false; // a disabled box is not sent
      }
    });
    sync();
  }

  // Live pages: reload when news arrives about what the page shows, or when the current
  // escalation step's deadline passes.
  var status = document.querySelector("[data-request]");
  var offers = document.querySelector(".offers, [data-live]");
  if ((status || offers || document.querySelector("[data-live-any]")) && window.EventSource) {
    Array.prototype.forEach.call(document.querySelectorAll(".js-hide"), function (el) { el.hidden = true; });
    var id = status ? Number(status.getAttribute("data-request")) : 0;
    var main = document.getElementById("main");
    var source = new EventSource("/staff/events?after=" + encodeURIComponent(main.getAttribute("data-events-after") || ""));
    var kinds = ["offer", "offer_withdrawn", "request_offered", "request_accepted", "request_fallback", "request_cancelled", "coordinator_alert"];
    kinds.forEach(function (kind) {
      source.addEventListener(kind, function (e) {
        var data = {};
        try { data = JSON.parse(e.data); } catch (err) { return; }
        if (!status || data.request_id === id) {
          source.close();
          window.location.reload();
        }
      });
    });
    var deadline = status && Number(status.getAttribute("data-deadline"));
    if (deadline) {
      setTimeout(function () { window.location.reload(); }, Math.max(1000, deadline - Date.now() + 1500));
    }
  }
}());
