/* Case map: grid outlines, clustered case markers coloured by status and a heat layer.
   Tiles only when the operator configured a tile URL; otherwise a blank background, so the
   page works offline and never calls the internet. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var note = document.getElementById("map-note");
  var map = L.map("map", { maxZoom: 19, minZoom: 3, attributionControl: !!config.tileUrl });
  map.setView([25.87, 114.92], 13);
  if (config.tileUrl) {
    L.tileLayer(config.tileUrl, { maxZoom: 19, attribution: config.tileAttribution || "" }).addTo(map);
  }

  var gridStyle = function (feature) {
    var grid = feature.properties.level === "grid";
    return { color: grid ? "#0f5fa8" : "#334155", weight: grid ? 1 : 2, dashArray: grid ? "4 3" : null,
             fillColor: "#dbeafe", fillOpacity: grid ? 0.25 : 0 };
  };
  var grids = L.geoJSON(null, {
    style: gridStyle,
    onEachFeature: function (feature, layer) { layer.bindTooltip(feature.properties.name, { sticky: true }); }
  }).addTo(map);
  var cluster = L.markerClusterGroup({ showCoverageOnHover: false, disableClusteringAtZoom: 17,
                                       maxClusterRadius: 40 }).addTo(map);
  var heat = L.heatLayer([], { radius: 22, blur: 18, minOpacity: 0.3 });

  function popup(p) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = p.url;
    link.className = "code";
    link.textContent = p.code;
    var line = document.createElement("div");
    line.textContent = (p.category || "未分类") + " · " + p.status;
    box.appendChild(link);
    box.appendChild(line);
    return box;
  }

  function marker(feature) {
    var p = feature.properties;
    var c = feature.geometry.coordinates;
    // An element, not HTML text: a style attribute in markup would break the CSP.
    var dot = document.createElement("span");
    dot.style.background = p.colour;
    var icon = L.divIcon({ className: "case-marker clock-" + p.clock, html: dot, iconSize: [18, 18] });
    return L.marker([c[1], c[0]], { icon: icon, title: p.code }).bindPopup(function () { return popup(p); });
  }

  L.control.layers(null, { "案件": cluster, "热力图": heat, "网格": grids }, { collapsed: false }).addTo(map);

  function load(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
  }

  load(config.gridsUrl).then(function (data) {
    grids.addData(data);
    if (grids.getLayers().length) map.fitBounds(grids.getBounds(), { padding: [10, 10], animate: false });
    return load(config.casesUrl);
  }).then(function (data) {
    var markers = data.features.map(marker);
    cluster.addLayers(markers);
    heat.setLatLngs(data.features.map(function (f) {
      return [f.geometry.coordinates[1], f.geometry.coordinates[0], 1];
    }));
    note.textContent = data.note || ("共 " + data.total + " 件案件");
    if (!grids.getLayers().length && markers.length) map.fitBounds(cluster.getBounds(), { padding: [20, 20], animate: false });
    document.getElementById("map").setAttribute("data-ready", String(markers.length));
  }).catch(function () {
    note.textContent = "地图数据加载失败，请刷新重试或改用列表。";
  });
})();
