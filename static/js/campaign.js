/* The planning table: turn the ticked cells into the new campaign's classes, channels and
   areas (each once). Without JS the hidden per-cell checkboxes in <noscript> do the same. */
(function () {
  "use strict";
  var form = document.getElementById("plan-pick");
  if (!form) return;
  form.addEventListener("submit", function () {
    var box = document.getElementById("plan-picked");
    box.textContent = "";
    var seen = {};
    form.querySelectorAll("input.pick-cell:checked").forEach(function (el) {
      [["categories", el.dataset.category], ["channels", el.dataset.channel], ["areas", el.dataset.area]].forEach(function (pair) {
        var key = pair[0] + "=" + pair[1];
        if (seen[key]) return;
        seen[key] = true;
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = pair[0];
        input.value = pair[1];
        box.appendChild(input);
      });
    });
  });
})();
