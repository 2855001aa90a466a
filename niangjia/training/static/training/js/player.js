// Lesson player: resume where the learner stopped (on any device) and save the position every 10 s, on pause
// and at the end. The server credits learning time no faster than the clock. No inline script (CSP).
(function () {
  const video = document.getElementById('nj-player');
  if (!video) return;
  const url = video.dataset.progressUrl;
  const resume = parseInt(video.dataset.resume || '0', 10);
  const status = document.querySelector('[data-testid="lesson-status"]');
  const headers = JSON.parse(document.body.getAttribute('hx-headers') || '{}');
  let lastSent = -1;
  let sending = false;

  // The metadata may already be in when this script runs (a fast or cached load fires loadedmetadata before the
  // listener exists), so resume at once in that case; otherwise when it arrives.
  function resumeAt() {
    if (resume > 0 && resume < (video.duration || 0) - 1) video.currentTime = resume;
  }
  if (video.readyState >= 1) resumeAt();
  else video.addEventListener('loadedmetadata', resumeAt, {once: true});

  let again = false;
  function save(force) {
    if (!url) return;
    // A pause or an end while a save is still on its way must not be lost (on a slow network the play heartbeat
    // may still be in flight): remember it and send it when the first one is back.
    if (sending) { again = again || force; return; }
    const position = Math.floor(video.currentTime || 0);
    if (!force && position === lastSent) return;
    sending = true;
    fetch(url, {method: 'PUT', credentials: 'same-origin',
      headers: Object.assign({'Content-Type': 'application/json'}, headers),
      body: JSON.stringify({position_seconds: position})})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        lastSent = position;
        video.dataset.saved = String(position);
        if (data && status) {
          if (data.course_completed && data.certificate_number) {
            status.textContent = status.dataset.certText + ' ' + data.certificate_number;
            status.dataset.state = 'certificate';
          } else if (data.completed) {
            status.textContent = status.dataset.doneText;
            status.dataset.state = 'completed';
          }
        }
      })
      .catch(function () { /* offline: the next heartbeat tries again */ })
      .finally(function () {
        sending = false;
        if (again) { again = false; save(true); }
      });
  }

  setInterval(function () { if (!video.paused) save(false); }, 10000);
  // A heartbeat when playback starts sets the server's clock baseline for the time credited next.
  video.addEventListener('play', function () { save(true); });
  video.addEventListener('pause', function () { save(true); });
  video.addEventListener('ended', function () { save(true); });
  document.addEventListener('visibilitychange', function () { if (document.hidden) save(true); });
})();
