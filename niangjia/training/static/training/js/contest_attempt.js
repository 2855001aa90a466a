// The answer sheet of a skill contest (a static file: the CSP allows no inline scripts).
// - The timer counts down to the SERVER's deadline: the offset between the server's clock and this phone's is
//   taken from the page, so a phone with a wrong clock still shows the right time. The server stays the judge.
// - Every answer is saved as soon as it is chosen (PUT …/answers/{question}); a failed save is retried, and
//   saving the same answer twice is harmless on the server.
// - Copy/paste and leaving the page are reported for staff to see; nothing is blocked.
// - At zero the paper is handed in; if the server says time is up, the page reloads and shows the result.
(function () {
  "use strict";
  var root = document.getElementById("nj-attempt");
  if (!root) { return; }
  var api = root.dataset.api, csrf = root.dataset.csrf;
  var deadline = Date.parse(root.dataset.deadline);
  var offset = Date.parse(root.dataset.serverNow) - Date.now();
  var timer = document.getElementById("nj-timer");
  var finishing = false;
  var pending = {};

  function send(method, path, body) {
    return fetch(api + path, {
      method: method, credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json"},
      body: body === undefined ? undefined : JSON.stringify(body)
    });
  }

  function finish() {
    if (finishing) { return; }
    finishing = true;
    timer.textContent = root.dataset.timeup;
    root.querySelectorAll("input").forEach(function (el) { el.disabled = true; });
    // a second after zero, so the server's clock has surely passed the deadline too (it has 5 s of grace)
    setTimeout(function () {
      send("POST", "/submit").then(function () { window.location.reload(); },
                                   function () { window.location.reload(); });
    }, 1000);
  }

  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function tick() {
    var left = Math.ceil((deadline - (Date.now() + offset)) / 1000);
    if (left <= 0) { timer.textContent = "00:00"; finish(); return; }
    var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
    timer.textContent = (h > 0 ? h + ":" : "") + pad(m) + ":" + pad(s);
    timer.classList.toggle("text-bg-danger", left <= 60);
  }

  function valueOf(fs) {
    if (fs.dataset.kind === "fill") { return fs.querySelector("input").value; }
    var picked = [];
    fs.querySelectorAll("input:checked").forEach(function (el) { picked.push(el.value); });
    return picked.join("");
  }

  function countAnswered() {
    var el = document.getElementById("nj-answered");
    if (!el) { return; }
    var n = 0;
    root.querySelectorAll(".nj-question").forEach(function (fs) { if (valueOf(fs).trim()) { n += 1; } });
    el.textContent = el.dataset.template.replace("{a}", String(n));
  }

  function save(fs, attempt) {
    var state = fs.querySelector(".nj-save-state");
    var value = valueOf(fs);
    if (!value.trim()) { return; }
    state.textContent = root.dataset.saving;
    send("PUT", "/answers/" + fs.dataset.question, {answer: value}).then(function (resp) {
      if (resp.ok) { state.textContent = root.dataset.saved; state.dataset.state = "saved"; countAnswered(); return; }
      if (resp.status === 409) { finish(); return; }
      return resp.json().then(function (err) { state.textContent = err.message || root.dataset.failed; });
    }, function () {
      state.textContent = root.dataset.failed;
      if ((attempt || 0) < 5) { setTimeout(function () { save(fs, (attempt || 0) + 1); }, 2000); }
    });
  }

  root.querySelectorAll(".nj-question").forEach(function (fs) {
    fs.addEventListener("change", function () { save(fs); });
    if (fs.dataset.kind === "fill") {
      fs.querySelector("input").addEventListener("input", function () {
        clearTimeout(pending[fs.dataset.question]);
        pending[fs.dataset.question] = setTimeout(function () { save(fs); }, 800);
      });
    }
  });
  ["copy", "paste"].forEach(function (kind) {
    document.addEventListener(kind, function () { send("POST", "/events", {kind: kind}); });
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && !finishing) { send("POST", "/events", {kind: "tab"}); }
  });
  tick();
  setInterval(tick, 500);
})();
