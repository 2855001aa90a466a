// Submit once: while a form that creates something is posting, its submit buttons are disabled and say so.
// The server is the real guard (core.submissions); this spares a double tap on a slow phone.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.querySelector("input[name=submission_token]")) return;
    if (form.dataset.posting === "1") { event.preventDefault(); return; }
    form.dataset.posting = "1";
    form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]").forEach(function (b) {
      b.disabled = true;
      b.setAttribute("aria-busy", "true");
      if (b.dataset.busyText) { b.textContent = b.dataset.busyText; }
    });
  });
  // Coming back to the page from the browser's cache (the back button): let the form be used again. A resubmit
  // then carries the same token, and the server answers with the first result.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-posting='1']").forEach(function (form) {
      delete form.dataset.posting;
      form.querySelectorAll("[aria-busy=true]").forEach(function (b) { b.disabled = false; b.removeAttribute("aria-busy"); });
    });
  });
})();
