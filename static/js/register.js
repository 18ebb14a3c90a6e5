/* The desk's registration form: pick the place on a map (the grid outlines help), kept in the
   hidden lng/lat inputs in the map's datum. Without this file the community and address do. */
(function () {
  "use strict";
  var box = document.getElementById("pick-map");
  if (!box || !window.L) return;
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var lng = document.getElementById("id_lng"), lat = document.getElementById("id_lat");
  var status = document.getElementById("pick-status");
  function text(name, values) {
    return (status.getAttribute("data-" + name) || "").replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
  }
  box.hidden = false;
  var map = L.map(box, { maxZoom: 19, minZoom: 3, attributionControl: !!config.tileUrl });
  map.setView([25.87, 114.92], 13);
  if (config.tileUrl) {
    L.tileLayer(config.tileUrl, { maxZoom: 19, attribution: config.tileAttribution || "" }).addTo(map);
  }
  var marker = null;
  function place(latlng) {
    if (marker) marker.setLatLng(latlng); else marker = L.marker(latlng).addTo(map);
    lng.value = latlng.lng.toFixed(6); lat.value = latlng.lat.toFixed(6);
    status.textContent = text("picked", { lng: lng.value, lat: lat.value });
  }
  var grids = L.geoJSON(null, {
    style: function (f) {
      var grid = f.properties.level === "grid";
      return { color: grid ? "#0f5fa8" : "#334155", weight: grid ? 1 : 2, fillColor: "#dbeafe", fillOpacity: grid ? 0.2 : 0 };
    },
    onEachFeature: function (f, layer) {
      layer.bindTooltip(f.properties.name, { sticky: true });
      layer.on("click", function (e) { place(e.latlng); });
    }
  }).addTo(map);
  map.on("click", function (e) { place(e.latlng); });
  if (lng.value && lat.value) {
    place(L.latLng(parseFloat(lat.value), parseFloat(lng.value)));
    map.setView(marker.getLatLng(), 16);
  } else {
    status.textContent = text("hint", {});
  }
  fetch(config.gridsUrl, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
    grids.addData(data);
    if (!marker && grids.getLayers().length) map.fitBounds(grids.getBounds(), { padding: [10, 10], animate: false });
  });
  var form = document.getElementById("register-form");
  form.addEventListener("submit", function (e) {
    var button = document.getElementById("register-button");
    if (button.disabled) { e.preventDefault(); return; }
    setTimeout(function () { button.disabled = true; }, 0);
  });
})();
