/* Enlarge evidence photos on the page (no inline script: CSP-ready).
   Markup: <a href="full.jpg" data-lightbox="group">thumbnail</a> and one <dialog id="nj-lightbox"> (core/_evidence.html)
   holding <img>, <figcaption> and buttons with data-act="prev|next|close". Arrow keys step, Esc closes. */
(function () {
  "use strict";
  var dialog, img, caption, openLink, items = [], index = 0;

  function show() {
    var a = items[index];
    img.src = a.href;
    img.alt = a.getAttribute("data-caption") || "";
    caption.textContent = (a.getAttribute("data-caption") || "") + " (" + (index + 1) + "/" + items.length + ")";
    if (openLink) { openLink.href = a.href; }
    if (!dialog.open) { dialog.showModal(); }
  }

  function step(delta) {
    if (!items.length) { return; }
    index = (index + delta + items.length) % items.length;
    show();
  }

  function init() {
    dialog = document.getElementById("nj-lightbox");
    if (!dialog || typeof dialog.showModal !== "function") { return; } // old browsers keep the plain link
    img = dialog.querySelector("img");
    caption = dialog.querySelector("figcaption");
    openLink = dialog.querySelector("[data-act=open]");
    document.addEventListener("click", function (event) {
      var a = event.target.closest("a[data-lightbox]");
      if (!a) { return; }
      event.preventDefault();
      items = Array.prototype.slice.call(
        document.querySelectorAll('a[data-lightbox="' + a.getAttribute("data-lightbox") + '"]'));
      index = items.indexOf(a);
      show();
    });
    dialog.addEventListener("click", function (event) {
      var act = event.target.closest("[data-act]");
      if (event.target === dialog) { dialog.close(); return; } // a tap on the backdrop
      if (!act) { return; }
      if (act.getAttribute("data-act") === "prev") { step(-1); }
      if (act.getAttribute("data-act") === "next") { step(1); }
      if (act.getAttribute("data-act") === "close") { dialog.close(); }
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") { step(-1); }
      if (event.key === "ArrowRight") { step(1); }
    });
    dialog.addEventListener("close", function () { img.removeAttribute("src"); });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
