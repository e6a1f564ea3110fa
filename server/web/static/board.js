// The coordinators' board, kept current: on any live event for the signed-in user, and
// every 10 seconds while the page is visible (waiting times and deadlines move on their
// own), the page is fetched again and the board region replaced. Without JavaScript the
// "Refresh" link does the same.
(function () {
  "use strict";
  var board = document.getElementById("board");
  if (!board || !window.fetch || !window.DOMParser) { return; }
  var busy = false;
  function reload() {
    if (busy || document.hidden) { return; }
    busy = true;
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (res) {
        if (res.redirected || !res.ok) { throw new Error("board: " + res.status); }
        return res.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("board");
        if (fresh) { board.innerHTML = fresh.innerHTML; }
        var stamp = doc.querySelector("[data-updated]"), mine = document.querySelector("[data-updated]");
        if (stamp && mine) { mine.textContent = stamp.textContent; }
      })
      .catch(function () { /* the next event or tick tries again */ })
      .then(function () { busy = false; });
  }
  if (window.EventSource && board.dataset.events) {
    var es = new EventSource(board.dataset.events);
    es.onmessage = reload;
    ["offer", "offer_withdrawn", "request_offered", "request_accepted", "request_fallback", "request_cancelled", "coordinator_alert"]
      .forEach(function (kind) { es.addEventListener(kind, reload); });
  }
  window.setInterval(reload, 10000);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { reload(); } });
})();
