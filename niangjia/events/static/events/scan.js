// Staff check-in on a phone: each scan gets an id made here and goes into a queue kept in localStorage; the queue is
// sent whenever the network allows (a retried send is the same scan on the server, so nothing is counted twice).
(function () {
  "use strict";
  var root = document.getElementById("nj-scan");
  if (!root) return;
  var KEY = "nj-scan-queue:" + root.dataset.event;
  var DEVICE_KEY = "nj-scan-device";
  var input = document.getElementById("nj-scan-input");
  var log = document.getElementById("nj-scan-log");
  var pending = document.getElementById("nj-scan-pending");
  var device = localStorage.getItem(DEVICE_KEY);
  if (!device) { device = "dev-" + Math.random().toString(36).slice(2, 12); localStorage.setItem(DEVICE_KEY, device); }
  function queue() { try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; } }
  function save(q) { localStorage.setItem(KEY, JSON.stringify(q)); pending.textContent = String(q.length); }
  function line(text, cls) {
    var li = document.createElement("li");
    li.className = "list-group-item " + (cls || "");
    li.textContent = text;
    log.insertBefore(li, log.firstChild);
  }
  function csrf() { var el = root.querySelector("input[name=csrfmiddlewaretoken]"); return el ? el.value : ""; }
  var sending = false;
  function sync() {
    var q = queue();
    if (sending || !q.length || !navigator.onLine) { save(q); return; }
    sending = true;
    fetch(root.dataset.url, {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf()},
      body: JSON.stringify({device: device, scans: q})})
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (results) {
        var done = {};
        results.forEach(function (s) {
          done[s.scan_id] = true;
          var cls = s.outcome === "checked_in" ? "list-group-item-success" : (s.outcome === "conflict" ? "list-group-item-warning" : "list-group-item-danger");
          line((root.getAttribute("data-label-" + s.outcome) || s.outcome) + " · " + s.scan_id.slice(-6), cls);
          var li = log.firstChild; li.setAttribute("data-outcome", s.outcome);
        });
        save(queue().filter(function (s) { return !done[s.scan_id]; }));
      })
      .catch(function () { /* kept in the queue; sent again later */ })
      .then(function () { sending = false; });
  }
  function add(ticket) {
    ticket = (ticket || "").trim();
    if (!ticket) return;
    var q = queue();
    q.push({scan_id: device + "-" + Date.now() + "-" + Math.random().toString(36).slice(2, 8), ticket: ticket,
            scanned_at: new Date().toISOString()});
    save(q);
    line(root.getAttribute("data-label-queued"), "text-muted");
    sync();
  }
  document.getElementById("nj-scan-add").addEventListener("click", function () { add(input.value); input.value = ""; input.focus(); });
  input.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); add(input.value); input.value = ""; } });
  document.getElementById("nj-scan-sync").addEventListener("click", sync);
  window.addEventListener("online", sync);
  setInterval(sync, 15000);
  save(queue());
  sync();
  // The camera, where the browser can read QR codes itself (BarcodeDetector); otherwise type or paste the code.
  var camera = document.getElementById("nj-scan-camera");
  if (!("BarcodeDetector" in window)) { camera.classList.add("d-none"); return; }
  camera.addEventListener("click", function () {
    var video = document.getElementById("nj-scan-video");
    var detector = new window.BarcodeDetector({formats: ["qr_code"]});
    var last = "";
    navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}}).then(function (stream) {
      video.srcObject = stream; video.classList.remove("d-none"); video.play();
      (function tick() {
        detector.detect(video).then(function (codes) {
          if (codes.length && codes[0].rawValue !== last) { last = codes[0].rawValue; add(last); }
        }).catch(function () {}).then(function () { requestAnimationFrame(tick); });
      })();
    }).catch(function () { camera.disabled = true; });
  });
})();
