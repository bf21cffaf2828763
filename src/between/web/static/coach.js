// Coaching pages: the break countdown. Everything else works through HTMX or plain forms.
(function () {
  "use strict";

  function pad(n) { return String(n).padStart(2, "0"); }

  function startCountdown(el) {
    var until = new Date(el.getAttribute("data-countdown"));
    if (isNaN(until.getTime())) { return; }
    var clock = until.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    function tick() {
      var left = Math.max(0, Math.round((until.getTime() - Date.now()) / 1000));
      if (left === 0) {
        el.textContent = "Time is up. Come back when you feel ready.";
        return;
      }
      el.textContent = pad(Math.floor(left / 60)) + ":" + pad(left % 60) + " left · back at " + clock;
      window.setTimeout(tick, 1000);
    }
    tick();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-countdown]").forEach(startCountdown);
  });
})();
