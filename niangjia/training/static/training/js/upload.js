// Chunked, resumable MP4 upload for staff: ask the server how much arrived, send the rest in chunks with
// Upload-Offset; after a dropped connection, choosing the same file again continues where it stopped.
(function () {
  const headers = JSON.parse(document.body.getAttribute('hx-headers') || '{}');
  document.querySelectorAll('form[data-video-upload]').forEach(function (form) {
    const input = form.querySelector('input[type=file]');
    const bar = form.querySelector('.progress-bar');
    const note = form.querySelector('[data-upload-note]');
    const maxBytes = parseInt(form.dataset.maxBytes, 10);
    form.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      const file = input.files[0];
      if (!file) return;
      if (file.size > maxBytes) { note.textContent = form.dataset.tooBig; return; }
      const key = 'nj-upload-' + form.dataset.lesson + '-' + file.name + '-' + file.size;
      let state = null;
      const saved = localStorage.getItem(key);
      if (saved) {
        const r = await fetch(saved, {credentials: 'same-origin'});
        if (r.ok) { state = await r.json(); if (state.status !== 'open') state = null; }
      }
      if (!state) {
        const body = new FormData();
        body.append('total', String(file.size));
        const r = await fetch(form.action, {method: 'POST', body: body, credentials: 'same-origin', headers: headers});
        state = await r.json();
        if (!r.ok) { note.textContent = state.message; return; }
        localStorage.setItem(key, state.url);
      }
      let offset = state.received;
      while (offset < file.size) {
        const chunk = file.slice(offset, Math.min(offset + state.chunk_bytes, file.size));
        const r = await fetch(state.url, {method: 'PUT', body: chunk, credentials: 'same-origin',
          headers: Object.assign({'Upload-Offset': String(offset), 'Content-Type': 'application/octet-stream'}, headers)});
        const data = await r.json();
        if (!r.ok) {
          if (data.details && typeof data.details.received === 'number') { offset = data.details.received; continue; }
          note.textContent = data.message; localStorage.removeItem(key); return;
        }
        offset = data.received;
        bar.style.width = Math.floor(100 * offset / file.size) + '%';
        bar.textContent = Math.floor(100 * offset / file.size) + '%';
      }
      localStorage.removeItem(key);
      note.textContent = form.dataset.done;
      window.location.reload();
    });
  });
})();
