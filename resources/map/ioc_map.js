// The page side of the map tile: draw, update and remove features by id.
// Every text from data is set with textContent / createTextNode, never as HTML.
(function () {
  "use strict";
  function textBlock(lines) {
    var box = document.createElement("div");
    box.className = "ioc-popup";
    (lines || []).forEach(function (line, index) {
      var row = document.createElement(index === 0 ? "strong" : "div");
      row.appendChild(document.createTextNode(String(line)));
      box.appendChild(row);
      if (index === 0) { box.appendChild(document.createElement("br")); }
    });
    return box;
  }
  function labelNode(text) {
    var span = document.createElement("span");
    span.textContent = String(text);
    return span;
  }
  var ioc = {
    map: null,
    layers: {},
    init: function (map) { this.map = map; },
    layer: function (name) {
      if (!this.map) { this.map = window.map_main; }
      if (!this.layers[name]) { this.layers[name] = { group: L.featureGroup().addTo(this.map), items: {} }; }
      return this.layers[name];
    },
    make: function (f) {
      if (f.t === "marker") {
        return L.circleMarker([f.lat, f.lon], { radius: f.radius, color: "#05080d", weight: 2,
          fillColor: f.color, fillOpacity: 0.95 });
      }
      if (f.t === "circle") {
        return L.circle([f.lat, f.lon], { radius: f.radius_m, color: f.color, weight: 3,
          fillColor: f.color, fillOpacity: 0.25 });
      }
      return L.geoJSON(f.geometry, { style: { color: f.color, weight: 3, fillColor: f.color,
        fillOpacity: f.fill } });
    },
    decorate: function (item, f, old) {
      // rebuilding DOM for unchanged labels is what makes big updates slow: only what changed
      // the popup is built when it opens, from the feature as it is then: no DOM per update
      item._iocFeature = f;
      if (!old) { item.bindPopup(function (layer) { return textBlock(layer._iocFeature.popup); }); }
      if (!old || old.label !== f.label) {
        if (f.label && item.getTooltip()) { item.setTooltipContent(labelNode(f.label)); }
        else {
          item.unbindTooltip();
          if (f.label) { item.bindTooltip(labelNode(f.label), { permanent: true,
            direction: "right", className: "ioc-label", offset: [14, 0] }); }
        }
      }
    },
    apply: function (batch) {
      var self = this;
      batch.forEach(function (op) {
        var layer = self.layer(op.layer);

        (op.remove || []).forEach(function (id) {
          var old = layer.items[id];
          if (old) { layer.group.removeLayer(old.item); delete layer.items[id]; }
        });
        (op.upsert || []).forEach(function (f) {
          var old = layer.items[f.id];
          if (old && old.t === "marker" && f.t === "marker") {
            if (old.f.lat !== f.lat || old.f.lon !== f.lon) {
              // setLatLng fires a move event per marker (0.2 ms each: 200 ms for 1000);
              // Leaflet 1.9 keeps the position in _latlng, and one redraw() repaints it
              old.item._latlng = L.latLng(f.lat, f.lon);
              old.item.redraw();
            }
            if (old.f.color !== f.color) { old.item.setStyle({ fillColor: f.color }); }
            if (old.f.radius !== f.radius) { old.item.setRadius(f.radius); }
            self.decorate(old.item, f, old.f);
            old.f = f;
            return;
          }
          if (old) { layer.group.removeLayer(old.item); }
          var item = self.make(f);
          self.decorate(item, f);
          layer.group.addLayer(item);
          layer.items[f.id] = { item: item, t: f.t, f: f };
        });
      });
      return Object.keys(self.layers).length;
    },
    setView: function (lat, lon, zoom) { (this.map || window.map_main).setView([lat, lon], zoom); },
    fit: function (name) {
      var layer = this.layers[name];
      if (layer && layer.group.getLayers().length) { this.map.fitBounds(layer.group.getBounds(), { padding: [20, 20] }); }
    },
    setFont: function (px) { document.documentElement.style.setProperty("--ioc-font", px + "px"); },
    markerState: function (name, id) {
      var entry = this.layers[name] && this.layers[name].items[id];
      if (!entry) { return null; }
      var ll = entry.item.getLatLng ? entry.item.getLatLng() : null;
      return { lat: ll && ll.lat, lon: ll && ll.lng, color: entry.item.options.fillColor };
    },
    popupText: function (name, id) {
      var entry = this.layers[name] && this.layers[name].items[id];
      if (!entry) { return null; }
      var content = entry.item.getPopup() && entry.item.getPopup().getContent();
      if (typeof content === "function") { content = content(entry.item); }
      return content ? { text: content.textContent, images: content.getElementsByTagName("img").length } : null;
    }
  };
  window.ioc = ioc;
})();
