// Public home: "按距离排序" asks the phone for its location and reloads with ?lng=&lat=.
// Without this file the search and the list still work.
(function () {
  "use strict";
  var button = document.getElementById("near-button"), status = document.getElementById("near-status");
  var form = document.getElementById("community-search");
  if (!button || !form || !navigator.geolocation) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = button.getAttribute("data-locating");
    navigator.geolocation.getCurrentPosition(function (p) {
      form.querySelector("[name=lng]").value = p.coords.longitude.toFixed(6);
      form.querySelector("[name=lat]").value = p.coords.latitude.toFixed(6);
      form.submit();
    }, function () { status.textContent = button.getAttribute("data-failed"); },
    { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 });
  });
})();
