// The library kiosk's behaviour: everything still reads without it.
// - Idle reset: after data-idle seconds without a touch a dialog counts down
//   data-countdown seconds (at least 20, WCAG 2.2.1); any touch continues, and at zero
//   the kiosk forgets the reader (storage, forms) and returns to the attract screen.
// - Links replace the current history entry, so the kiosk never has a history to go
//   back through, and the reset leaves one entry: the attract screen.
// - Forms (the search) replace the current history entry too.
// - Print buttons print; the service worker keeps the kiosk working offline.
(function () {
  "use strict";
  var body = document.body;
  var home = body.getAttribute("data-home");
  var idleMs = Number(body.getAttribute("data-idle")) * 1000;
  var countdown = Number(body.getAttribute("data-countdown"));
  var dialog = document.getElementById("idle");
  var counter = document.getElementById("idle-n");
  var attract = body.classList.contains("attract");
  var idleTimer = 0;
  var tick = 0;

  function forget() {
    try { window.sessionStorage.clear(); } catch (e) { /* storage disabled */ }
    try { window.localStorage.clear(); } catch (e) { /* storage disabled */ }
    Array.prototype.forEach.call(document.forms, function (f) { f.reset(); });
    // A reset form shows its page's words again: forget those too, and the results.
    Array.prototype.forEach.call(document.querySelectorAll("input"), function (i) { i.defaultValue = ""; i.value = ""; });
    Array.prototype.forEach.call(document.querySelectorAll("[data-forget]"), function (e) { e.hidden = true; });
  }

  function reset() {
    stopCountdown();
    forget();
    window.location.replace(home);
  }

  function stopCountdown() {
    window.clearInterval(tick);
    tick = 0;
    if (dialog.open) { dialog.close(); }
  }

  function arm() {
    window.clearTimeout(idleTimer);
    if (!attract && !tick) { idleTimer = window.setTimeout(warn, idleMs); }
  }

  function warn() {
    var left = countdown;
    counter.textContent = String(left);
    dialog.showModal();
    tick = window.setInterval(function () {
      left -= 1;
      counter.textContent = String(Math.max(left, 0));
      if (left <= 0) { reset(); }
    }, 1000);
  }

  function keepReading() {
    stopCountdown();
    arm();
  }

  function activity(e) {
    if (tick && !(e.target.closest && e.target.closest("[data-reset-now]"))) {
      keepReading();
      return;
    }
    arm();
  }

  function follow(e) {
    var a = e.target.closest ? e.target.closest("a[href]") : null;
    if (!a || e.defaultPrevented || a.getAttribute("href").charAt(0) === "#") { return; }
    e.preventDefault();
    if (a.hasAttribute("data-reset")) { reset(); return; }
    window.location.replace(a.href);
  }

  // A touch keyboard may type without key events: "input" counts as a touch too.
  // send submits a search form by replacing the page, as links do.
  function send(e) {
    var f = e.target;
    if (e.defaultPrevented || f.method.toLowerCase() !== "get") { return; }
    e.preventDefault();
    var url = new URL(f.action);
    url.search = new URLSearchParams(new FormData(f)).toString();
    window.location.replace(url.href);
  }

  ["pointerdown", "keydown", "input", "wheel", "touchstart"].forEach(function (type) {
    document.addEventListener(type, activity, { capture: true, passive: true });
  });
  document.addEventListener("scroll", function () { arm(); }, { capture: true, passive: true });
  document.addEventListener("click", follow);
  document.addEventListener("submit", send);
  dialog.addEventListener("cancel", function (e) { e.preventDefault(); keepReading(); });
  dialog.querySelector("[data-continue]").addEventListener("click", keepReading);
  dialog.querySelector("[data-reset-now]").addEventListener("click", reset);

  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });

  if (attract) { forget(); }
  arm();
  register();

  // The service worker precaches the whole kiosk. Failures are silent: the kiosk then
  // simply works as a web site. On the attract screen the kiosk checks for new content
  // now and then, and shows it once the new worker has taken over.
  function register() {
    var sw = body.getAttribute("data-sw");
    if (!sw || !("serviceWorker" in navigator) || window.location.protocol.indexOf("http") !== 0) { return; }
    navigator.serviceWorker.register(sw).then(function (reg) {
      if (!attract) { return; }
      reg.update().catch(function () {});
      window.setInterval(function () { reg.update().catch(function () {}); }, 10 * 60 * 1000);
    }).catch(function () {});
    var hadController = Boolean(navigator.serviceWorker.controller);
    navigator.serviceWorker.addEventListener("controllerchange", function () {
      if (attract && hadController) { window.location.replace(home); }
      hadController = true;
    });
  }
}());
