// 云听会: follow a sitting through server-sent events; fall back to polling the snapshot every 5 s when the
// stream is unavailable (a development server, a proxy that buffers). Text is set with textContent only.
(function () {
  var root = document.getElementById("live");
  if (!root) return;
  var d = root.dataset;
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function render(s) {
    var a = s.attendance;
    root.querySelector("[data-testid=live-attendance]").textContent =
      d.lExpected + " " + a.delegates_total + "，" + d.lPresent + " " + a.present + "，" + d.lQuorum + " " + a.quorum;
    var list = root.querySelector("[data-testid=live-agenda]");
    list.textContent = "";
    s.agenda.forEach(function (m) {
      var li = el("li", "card p-3 mb-2");
      li.dataset.motion = m.id;
      li.appendChild(el("div", "small text-muted", m.kind + " · " + m.status_label));
      li.appendChild(el("div", "fw-semibold", m.title));
      if (m.result) {
        li.appendChild(el("div", "fw-semibold " + (m.result.passed ? "text-success" : "text-danger"),
                          m.result.passed ? d.lPassed : d.lNotPassed));
        var ol = el("ol", "small mb-0");
        m.result.explanation.forEach(function (line) { ol.appendChild(el("li", "", line)); });
        (m.result.candidates || []).forEach(function (c) {
          ol.appendChild(el("li", "", c.name + (c.write_in ? d.lWrittenIn : "") + "：" + c.votes + (c.elected ? " · " + d.lElected : "")));
        });
        li.appendChild(ol);
      }
      list.appendChild(li);
    });
    root.dataset.version = String(Number(root.dataset.version || 0) + 1);
  }
  var polling = null;
  function poll() {
    fetch(d.poll, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) { if (s) render(s); }).catch(function () {});
  }
  function fallBack() {
    if (polling) return;
    poll();
    polling = setInterval(poll, 5000);
  }
  if (!window.EventSource) { fallBack(); return; }
  var es = new EventSource(d.stream);
  var opened = false;
  es.addEventListener("open", function () { opened = true; });
  es.addEventListener("snapshot", function (e) { render(JSON.parse(e.data)); });
  es.addEventListener("error", function () {
    if (!opened || es.readyState === EventSource.CLOSED) { es.close(); fallBack(); }
  });
})();
