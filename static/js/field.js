/* Field pages: ask the phone where it is, then reload with ?lng=&lat= so the server can sort
   tasks by distance and show how far the case point is. Without JS the pages still work,
   sorted by deadline and without a recorded position. */
(function () {
  "use strict";
  if (!navigator.geolocation) return;
  var params = new URLSearchParams(window.location.search);
  var known = params.has("lng") && params.has("lat");

  function fill(lng, lat) {
    document.querySelectorAll("input[type=hidden][name=lng]").forEach(function (el) { el.value = lng; });
    document.querySelectorAll("input[type=hidden][name=lat]").forEach(function (el) { el.value = lat; });
  }

  navigator.geolocation.getCurrentPosition(
    function (pos) {
      var lng = pos.coords.longitude.toFixed(6);
      var lat = pos.coords.latitude.toFixed(6);
      fill(lng, lat);
      // Reload once to sort by distance, unless that would lose a message just shown.
      if (!known && !document.querySelector(".messages")) {
        params.set("lng", lng);
        params.set("lat", lat);
        window.location.replace(window.location.pathname + "?" + params.toString());
      }
    },
    function () {
      var note = document.getElementById("field-position");
      if (note && !known) note.textContent = note.dataset.unlocated;
    },
    { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 }
  );
})();
