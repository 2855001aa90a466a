// Site-wide behaviour that templates ask for with data-* attributes (the CSP forbids inline handlers):
//   data-confirm="question"   on a button or link: ask before going on;
//   data-autosubmit           on a select: submit its form when changed.
document.addEventListener('click', function (event) {
  const el = event.target.closest('[data-confirm]');
  if (el && !window.confirm(el.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
document.addEventListener('change', function (event) {
  const el = event.target.closest('select[data-autosubmit]');
  if (el && el.form) el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
});

// data-keep-choice on a list of radio buttons that htmx refreshes (the union search on 入会/转会):
// a search answer that arrives after the worker ticked a union must not wipe the tick, which happens on
// slow phones when the debounced search fires after the tap. The ticked union stays, first in the list.
(function () {
  const chosen = new WeakMap();
  document.addEventListener('change', function (event) {
    if (event.target.type !== 'radio' || !event.target.checked) return;
    const box = event.target.closest('[data-keep-choice]');
    if (box) {
      chosen.set(box, event.target.closest('label').cloneNode(true));
      return;
    }
    // A choice of the same group outside the list (e.g. a regional union) replaces the kept one.
    document.querySelectorAll('[data-keep-choice]').forEach(function (other) {
      const kept = chosen.get(other);
      if (kept && kept.querySelector('input').name === event.target.name) chosen.delete(other);
    });
  });
  document.addEventListener('htmx:afterSwap', function (event) {
    const box = event.detail.target;
    if (!box || !box.hasAttribute('data-keep-choice') || !chosen.has(box)) return;
    const kept = chosen.get(box);
    const value = kept.querySelector('input[type=radio]').value;
    let radio = Array.from(box.querySelectorAll('input[type=radio]')).find(r => r.value === value);
    if (!radio) {
      const label = kept.cloneNode(true);
      box.querySelectorAll('.nj-empty').forEach(el => el.remove());
      box.prepend(label);
      radio = label.querySelector('input[type=radio]');
    }
    radio.checked = true;
  });
})();
