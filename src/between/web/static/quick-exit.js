// Quick exit: leave for a neutral page at once, without leaving this page in history.
// Triggers: a click on any [data-quick-exit] element, or Esc pressed twice within a second.
// Markup: <a href="/recipes/today" data-quick-exit="/recipes/today">Quick exit</a> works without JS.
(function () {
  "use strict";
  // The exit address ends the session (unless the person turned that off) and lands on the
  // neutral page; both addresses are unrelated to the app.
  var DEFAULT_TARGET = "/recipes/today";
  var DOUBLE_ESC_MS = 1000;
  var lastEsc = 0;

  // Same-site paths only, so a stray attribute can never send anyone elsewhere.
  function targetOf(el) {
    var value = el && el.getAttribute("data-quick-exit");
    return value && value.charAt(0) === "/" && value.charAt(1) !== "/" ? value : DEFAULT_TARGET;
  }

  function leave(target) {
    document.title = "";
    // Blank the page first so a back-swipe or tab preview shows nothing.
    while (document.body && document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    window.location.replace(target);
  }

  document.addEventListener("click", function (event) {
    var el = event.target && event.target.closest && event.target.closest("[data-quick-exit]");
    if (!el) return;
    event.preventDefault();
    leave(targetOf(el));
  }, true);

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") return;
    var now = Date.now();
    if (now - lastEsc <= DOUBLE_ESC_MS) {
      leave(targetOf(document.querySelector("[data-quick-exit]")));
    }
    lastEsc = now;
  }, true);
})();
