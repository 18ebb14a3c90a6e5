// Convenience map and station directory with a tile setting: a small map of the listed
// places. The list is the page; "使用我的位置" is home.js, as on the home page.
(function () {
  "use strict";
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
