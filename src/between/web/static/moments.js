// "Use" on a suggestion fills its field. Suggestions never overwrite: a field that already
// holds words gets the suggestion added after them.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-fill]");
  if (!button) return;
  const field = document.getElementById(button.dataset.fill);
  if (!field) return;
  const value = button.dataset.value;
  const current = field.value.trim();
  if (!current.toLowerCase().includes(value.toLowerCase())) {
    field.value = current ? `${current}; ${value}` : value;
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }
  field.focus();
});
