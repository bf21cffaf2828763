// Questionnaires on a phone: one item per screen, with Back / Next. Without this script (or on
// a wider screen) every item stays on the page; the form posts the same fields either way.
(function () {
  "use strict";
  var form = document.querySelector("form[data-stepper]");
  if (!form) return;
  var items = Array.prototype.slice.call(form.querySelectorAll("fieldset.item"));
  if (items.length < 2) return;
  var phone = window.matchMedia("(max-width: 40rem)");
  var current = firstToShow();

  var nav = document.createElement("div");
  nav.className = "stepper-nav";
  var back = button("Back", "secondary");
  var status = document.createElement("p");
  status.setAttribute("aria-live", "polite");
  var next = button("Next", "");
  nav.append(back, status, next);
  items[items.length - 1].after(nav);

  back.addEventListener("click", function () { show(current - 1, true); });
  next.addEventListener("click", function () { show(current + 1, true); });
  phone.addEventListener("change", apply);
  apply();

  function button(text, className) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    if (className) b.className = className;
    return b;
  }

  function firstToShow() {
    // After a failed submit start at the first item with an error, else the first unanswered.
    var invalid = items.findIndex(function (f) { return f.classList.contains("invalid"); });
    if (invalid >= 0) return invalid;
    var open = items.findIndex(function (f) { return !f.querySelector("input:checked"); });
    return open >= 0 ? open : 0;
  }

  function show(index, moveFocus) {
    current = Math.max(0, Math.min(items.length - 1, index));
    var stepping = phone.matches;
    items.forEach(function (item, i) { item.hidden = stepping && i !== current; });
    status.textContent = "Question " + (current + 1) + " of " + items.length;
    back.disabled = current === 0;
    next.hidden = current === items.length - 1;
    form.classList.toggle("on-last", current === items.length - 1);
    if (stepping && moveFocus) items[current].focus();
  }

  function apply() {
    form.classList.toggle("stepping", phone.matches);
    nav.hidden = !phone.matches;
    show(current, false);
  }
})();
