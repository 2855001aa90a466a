// Submit once: while a form that creates something is posting, its submit buttons are disabled and say so.
// The server is the real guard (core.submissions): a repeated token answers with the first result.
(function () {
  "use strict";
  var PREFIX = "nj-submitted:";
  function keyOf(form) { return PREFIX + location.pathname + "|" + (form.getAttribute("action") || ""); }
  function tokenOf(form) { return form.querySelector("input[name=submission_token]"); }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !tokenOf(form)) return;
    if (form.dataset.posting === "1") { event.preventDefault(); return; }
    form.dataset.posting = "1";
    try { sessionStorage.setItem(keyOf(form), tokenOf(form).value); } catch (e) { /* private mode: server still guards */ }
    // A disabled button is left out of what the form sends, so the button that was pressed ("publish" rather
    // than "save") would be lost: carry its name and value in a hidden field instead.
    var submitter = event.submitter;
    if (submitter && submitter.name) {
      var carried = form.querySelector("input[type=hidden][data-submitter]");
      if (!carried) {
        carried = document.createElement("input");
        carried.type = "hidden";
        carried.setAttribute("data-submitter", "");
        form.appendChild(carried);
      }
      carried.name = submitter.name;
      carried.value = submitter.value;
    }
    form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]").forEach(function (b) {
      b.disabled = true;
      b.setAttribute("aria-busy", "true");
      if (b.dataset.busyText) { b.textContent = b.dataset.busyText; }
    });
  });

  // Back to a form that was already sent: the browser re-renders the page (a fresh token) but refills what was
  // typed. Put the sent token back, so that sending it again shows the first result instead of a second record.
  var nav = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
  if (nav && nav.type === "back_forward") {
    document.querySelectorAll("form").forEach(function (form) {
      var input = tokenOf(form);
      if (!input) return;
      try { var sent = sessionStorage.getItem(keyOf(form)); if (sent) { input.value = sent; } } catch (e) { /* ignore */ }
    });
  }

  // Back from the browser's page cache: the page is as it was while posting; let the form be used again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-posting='1']").forEach(function (form) {
      delete form.dataset.posting;
      form.querySelectorAll("[aria-busy=true]").forEach(function (b) { b.disabled = false; b.removeAttribute("aria-busy"); });
    });
  });
})();
