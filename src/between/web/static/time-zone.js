// Sign-up: the browser's time zone, so every time is shown on the person's own clock from the
// start. Without JavaScript the field stays empty and the account starts on UTC (changeable on /account).
(function () {
  "use strict";
  var field = document.querySelector("[data-browser-time-zone]");
  if (!field || field.value) return;
  try {
    field.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (e) {
    field.value = "";
  }
})();
