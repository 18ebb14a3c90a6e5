/* Shop inspection: record where the phone was, when it may tell; the form works without it. */
(function () {
  "use strict";
  var form = document.getElementById("inspect-form");
  if (!form || !navigator.geolocation) return;
  navigator.geolocation.getCurrentPosition(function (pos) {
    form.querySelector("input[name=lng]").value = pos.coords.longitude.toFixed(6);
    form.querySelector("input[name=lat]").value = pos.coords.latitude.toFixed(6);
  }, function () {}, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
})();
