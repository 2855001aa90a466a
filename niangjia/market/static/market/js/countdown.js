// Flash-sale countdowns (a static file: the CSP allows no inline scripts). Each `.nj-countdown` carries
// `data-until` (ISO instant) and `data-done` (the text once reached); the server stays the judge of open/closed.
(function () {
  "use strict";
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function tick() {
    var now = Date.now();
    document.querySelectorAll(".nj-countdown").forEach(function (el) {
      var left = Math.floor((Date.parse(el.dataset.until) - now) / 1000);
      if (isNaN(left)) { return; }
      if (left <= 0) { el.textContent = el.dataset.done; return; }
      var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
      el.textContent = (h > 0 ? h + ":" : "") + pad(m) + ":" + pad(s);
    });
  }
  tick();
  setInterval(tick, 1000);
})();
