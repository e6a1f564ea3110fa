// "Leave this page quickly": go to a neutral page and leave no history entry of this
// one behind (the plain link works without this script). Escape does the same.
(function () {
  "use strict";
  var a = document.getElementById("quick-exit");
  if (!a) { return; }
  function leave(e) {
    if (e) { e.preventDefault(); }
    document.title = "";
    document.body.hidden = true;
    window.location.replace(a.href);
  }
  a.addEventListener("click", leave);
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { leave(e); }
  });
}());
