// Convenience map and station directory: "使用我的位置" fills ?lng=&lat= and reloads; with a
// tile setting, a small map of the listed places. Without this file the list still works.
(function () {
  "use strict";
  var button = document.getElementById("near-button"), status = document.getElementById("near-status");
  var form = document.getElementById("find-form");
  if (button && form && navigator.geolocation) {
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = button.getAttribute("data-locating");
      navigator.geolocation.getCurrentPosition(function (p) {
        form.querySelector("[name=lng]").value = p.coords.longitude.toFixed(6);
        form.querySelector("[name=lat]").value = p.coords.latitude.toFixed(6);
        form.querySelector("[name=c]").value = "";
        form.submit();
      }, function () { status.textContent = button.getAttribute("data-failed"); },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 });
    });
  }
  var holder = document.getElementById("map-config");
  if (!holder || !window.L) return;
  var config = JSON.parse(holder.textContent);
  var map = L.map("map", { maxZoom: 19, minZoom: 3 });
  L.tileLayer(config.tileUrl, { maxZoom: 19, attribution: config.tileAttribution || "" }).addTo(map);
  var layer = L.featureGroup(config.points.map(function (p) {
    return L.circleMarker([p.lat, p.lng], { radius: 7, color: "#0f5fa8", fillOpacity: 0.8 }).bindTooltip(p.name);
  })).addTo(map);
  if (layer.getLayers().length) map.fitBounds(layer.getBounds(), { padding: [20, 20], animate: false, maxZoom: 17 });
  else map.setView([25.87, 114.92], 14);
})();
