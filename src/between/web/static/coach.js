// Coaching pages: the break countdown. Everything else works through HTMX or plain forms.
(function () {
  "use strict";

  function pad(n) { return String(n).padStart(2, "0"); }

  function startCountdown(el) {
    var until = new Date(el.getAttribute("data-countdown"));
    if (isNaN(until.getTime())) { return; }
    // The server writes the time on the person's own clock (their time zone); keep its words.
    var shown = el.querySelector("time");
    var clock = shown ? shown.textContent : until.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
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

  // A turn is being sent: a draft save still waiting on its delay must not follow it (it
  // would carry older words than the ones sent). The server drops a late one too.
  document.addEventListener("submit", function (event) {
    event.target.setAttribute("data-sending", "");
  }, true);
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form");
    if (form && form.hasAttribute("data-sending")) { event.preventDefault(); }
  });
})();
