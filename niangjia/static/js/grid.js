// The list grid: drop-downs submit their form, "select all" and the selected count for bulk actions.
// No inline handlers, so a strict Content-Security-Policy can forbid inline script.
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches("[data-grid-autosubmit] select")) { el.form.requestSubmit(); return; }
  const grid = el.closest(".nj-grid");
  if (!grid) return;
  if (el.matches("[data-grid-select-all]")) {
    grid.querySelectorAll("[data-grid-row]").forEach((box) => { box.checked = el.checked; });
  }
  if (el.matches("[data-grid-select-all], [data-grid-row]")) {
    const n = grid.querySelectorAll("[data-grid-row]:checked").length;
    grid.querySelectorAll("[data-grid-selected]").forEach((out) => { out.textContent = n; });
    grid.querySelectorAll("[data-grid-needs-selection]").forEach((btn) => { btn.disabled = n === 0; });
  }
});
