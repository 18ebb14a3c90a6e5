/* Check-in: ask the phone for one good fix and put it, with its accuracy, in the form. */
(function () {
  "use strict";
  var button = document.getElementById("geo-button");
  var status = document.getElementById("geo-status");
  if (!button || !navigator.geolocation) return;
  button.hidden = false;
  function set(name, value) { document.querySelector("input[name=" + name + "]").value = value; }
  function locate() {
    status.textContent = button.dataset.locating;
    navigator.geolocation.getCurrentPosition(function (pos) {
      set("lng", pos.coords.longitude.toFixed(6));
      set("lat", pos.coords.latitude.toFixed(6));
      set("accuracy", Math.round(pos.coords.accuracy));
      status.textContent = button.dataset.located.replace("{m}", Math.round(pos.coords.accuracy));
    }, function () { status.textContent = button.dataset.failed; },
    { enableHighAccuracy: true, timeout: 15000, maximumAge: 0 });
  }
  button.addEventListener("click", locate);
  locate();
})();
