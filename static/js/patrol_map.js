/* Patrol map: each patrol's track as broken lines (a break is a gap: no line is guessed across
   it), poor fixes as grey dots, cases found as red dots. Tiles only when configured. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var map = L.map("map", { maxZoom: 19, minZoom: 3, attributionControl: !!config.tileUrl });
  map.setView([25.87, 114.92], 14);
  if (config.tileUrl) {
    L.tileLayer(config.tileUrl, { maxZoom: 19, attribution: config.tileAttribution || "" }).addTo(map);
  }
  var colours = ["#0f5fa8", "#15803d", "#7c3aed", "#c2410c", "#0e7490", "#be185d"];
  // Grid outlines give a blank (tile-less) map its bearings.
  fetch(config.gridsUrl, { credentials: "same-origin" }).then(function (r) { return r.json(); })
    .then(function (data) {
      L.geoJSON(data, { interactive: false, style: { color: "#334155", weight: 1, dashArray: "4 3",
                                                     fillColor: "#dbeafe", fillOpacity: 0.2 } })
        .addTo(map).bringToBack();
    });
  fetch(config.tracksUrl, { credentials: "same-origin" }).then(function (r) { return r.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        style: function (f) {
          var p = f.properties;
          if (p.kind === "poor") return { color: "#94a3b8" };
          if (p.kind === "case") return { color: "#b91c1c" };
          return { color: colours[p.patrol % colours.length], weight: 4 };
        },
        pointToLayer: function (f, latlng) {
          var poor = f.properties.kind === "poor";
          return L.circleMarker(latlng, { radius: poor ? 4 : 7, color: poor ? "#94a3b8" : "#b91c1c",
                                          fillOpacity: 0.8 });
        },
        onEachFeature: function (f, l) {
          var p = f.properties, text = p.kind === "track" ? p.name + " " + p.started + " · " + p.distance_m + " 米"
            : p.kind === "case" ? p.code : "±" + Math.round(p.acc) + " 米";
          l.bindTooltip(text);
        }
      }).addTo(map);
      if (layer.getLayers().length) map.fitBounds(layer.getBounds(), { padding: [20, 20], animate: false });
    });
})();
