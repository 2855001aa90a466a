// The relief form shows only the fields of the chosen kind (living aid does not ask for costs). Hidden fields are
// disabled so that they are not sent; without JavaScript every field shows and the server ignores the others.
(function () {
  "use strict";
  var form = document.getElementById("relief-apply");
  if (!form) return;
  var kind = form.querySelector("#kind");
  function sync() {
    form.querySelectorAll("[data-kinds]").forEach(function (group) {
      var show = group.dataset.kinds.split(" ").indexOf(kind.value) !== -1;
      group.hidden = !show;
      group.querySelectorAll("input, select, textarea").forEach(function (el) { el.disabled = !show; });
    });
  }
  kind.addEventListener("change", sync);
  sync();
})();
