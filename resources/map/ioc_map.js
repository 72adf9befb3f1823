// The page side of the map tile (IOC Wall Console): draw, update and remove features by id.
//
// Python computes what changed (ioc_console/model/map_features.py) and calls ioc.apply once
// per update with JSON data; nothing here is ever reloaded. Every text that comes from data is
// set with textContent / createTextNode and passed to Leaflet as a DOM node, never as HTML:
// Leaflet would put a string into innerHTML.
(function () {
  "use strict";

  // bottom to top; Leaflet's own overlayPane is 400, tooltips 650, popups 700
  var PANES = { outline: 405, shapes: 410, areas: 420, markers: 450, priority: 455, gauges: 460 };

  function textBlock(lines) {
    var box = document.createElement("div");
    box.className = "ioc-popup";
    lines.forEach(function (line, index) {
      var row = document.createElement(index === 0 ? "strong" : "div");
      row.textContent = String(line);
      box.appendChild(row);
    });
    return box;
  }

  function textNode(text) {
    var span = document.createElement("span");
    span.textContent = String(text);
    return span;
  }

  var ioc = {
    map: null,
    layers: {},      // name -> {group, items: {id -> {item, f}}}
    renderers: {},
    scale: 1,
    wanted: null,    // the last view asked for, re-applied when the map changes size
    errors: [],

    ready: function () {
      if (this.map) { return this.map; }
      var map = window.map_main, self = this;
      Object.keys(PANES).forEach(function (name) {
        var pane = map.createPane("ioc-" + name);
        pane.style.zIndex = PANES[name];
        // SVG, not canvas: stacked canvases would hide the lower panes from the mouse,
        // and one batched update of 1000 SVG markers still takes only milliseconds
        self.renderers[name] = L.svg({ pane: "ioc-" + name, padding: 0.3 });
      });
      map.on("resize", function () { self.reapplyView(); });
      this.map = map;
      return map;
    },

    layer: function (name) {
      var map = this.ready();
      if (!this.layers[name]) {
        this.layers[name] = { group: L.featureGroup().addTo(map), items: {} };
      }
      return this.layers[name];
    },

    markerStyle: function (f) {
      var pane = f.pane || "markers";
      // a dark rim sets a marker off the map; a hollow one (camera offline) is a dashed ring
      return { radius: Math.max(4, f.r * this.scale), color: f.hollow ? f.color : "#05080d",
        weight: f.hollow ? 3 : 2, fillColor: f.color, fillOpacity: f.hollow ? 0.15 : 0.95,
        dashArray: f.hollow ? "5 4" : null, pane: "ioc-" + pane,
        renderer: this.renderers[pane] };
    },

    shapeStyle: function (f) {
      var pane = f.pane || "shapes";
      return { color: f.color, weight: f.weight || 3, fillColor: f.color,
        fillOpacity: f.fill === undefined ? 0.25 : f.fill, pane: "ioc-" + pane,
        renderer: this.renderers[pane] };
    },

    make: function (f) {
      var self = this;
      if (f.t === "marker") {
        return L.circleMarker([f.lat, f.lon], this.markerStyle(f));
      }
      if (f.t === "circle") {  // a CAP circle: a true circle, radius in metres
        return L.circle([f.lat, f.lon], L.extend(this.shapeStyle(f), { radius: f.radius_m }));
      }
      var style = this.shapeStyle(f);
      return L.geoJSON(f.geometry, L.extend({}, style, {
        style: function () { return style; },
        pointToLayer: function (_point, latlng) {
          return L.circleMarker(latlng, self.markerStyle({ r: 6, color: f.color, pane: f.pane }));
        }
      }));
    },

    // Tooltips and popups get DOM nodes from functions that read the entry's feature when
    // they open: an update that changes 1000 hover tips then costs no DOM work at all.
    decorate: function (entry, old) {
      var f = entry.f, item = entry.item;
      if (!old) {
        item.bindPopup(function () { return textBlock(entry.f.popup || []); },
          { maxWidth: 520, className: "ioc-popup-frame" });
      }
      var text = f.label || f.tip || null, had = old ? (old.label || old.tip || null) : null;
      if (!text) {
        if (had) { item.unbindTooltip(); }
        return;
      }
      if (!had || !!f.label !== !!old.label || f.r !== old.r) {
        item.unbindTooltip();
        item.bindTooltip(function () { return textNode(entry.f.label || entry.f.tip || ""); },
          { permanent: !!f.label, direction: "right",
            className: f.pane === "gauges" ? "ioc-label ioc-label-top" : "ioc-label",
            offset: [Math.round((f.r || 6) * this.scale) + 4, 0] });
        return;
      }
      if (text !== had && item.isTooltipOpen()) { item.getTooltip().update(); }
    },

    // In place, touching only what changed. Leaflet's setStyle rewrites every SVG attribute
    // and setLatLng fires a "move" event per marker: for 1000 markers that is 25 ms + 15 ms,
    // against 3 ms + 10 ms here. Relies on Leaflet 1.9 internals (_latlng, _radius, _path);
    // fetch_map_assets.sh pins 1.9.4.
    updateMarker: function (item, o, f) {
      var moved = o.lat !== f.lat || o.lon !== f.lon, resized = o.r !== f.r;
      if (o.hollow !== f.hollow) {
        item.setStyle(this.markerStyle(f));
      } else if (o.color !== f.color) {
        item.options.fillColor = f.color;
        if (item._path) { item._path.setAttribute("fill", f.color); } else { item.setStyle({ fillColor: f.color }); }
      }
      if (resized) { item._radius = Math.max(4, f.r * this.scale); item.options.radius = item._radius; }
      if (moved) { item._latlng = L.latLng(f.lat, f.lon); }
      if (moved || resized) { item.redraw(); }
      if (moved && item.isTooltipOpen()) { item.getTooltip().setLatLng(item._latlng); }
      if (moved && item.isPopupOpen()) { item.getPopup().setLatLng(item._latlng); }
    },

    upsert: function (layer, f) {
      var old = layer.items[f.id];
      if (old && old.f.t === "marker" && f.t === "marker" && old.f.pane === f.pane) {
        var before = old.f;
        this.updateMarker(old.item, before, f);
        old.f = f;
        this.decorate(old, before);
        return;
      }
      if (old) { layer.group.removeLayer(old.item); }
      var entry = { item: this.make(f), f: f };
      this.decorate(entry, null);
      layer.group.addLayer(entry.item);
      layer.items[f.id] = entry;
    },

    // ops: [{layer, upsert: [feature], remove: [id]}]; one call per update from Python
    apply: function (ops) {
      var self = this, errors = [];
      ops.forEach(function (op) {
        var layer = self.layer(op.layer), ordered = false;
        (op.remove || []).forEach(function (id) {
          var old = layer.items[id];
          if (old) { layer.group.removeLayer(old.item); delete layer.items[id]; }
        });
        (op.upsert || []).forEach(function (f) {
          try {
            self.upsert(layer, f);
            ordered = ordered || f.z !== undefined;
          } catch (error) {  // one bad feature must not cost the rest of the batch
            errors.push(op.layer + "/" + f.id + ": " + error);
          }
        });
        if (ordered) { self.restack(layer); }
        if (self.wanted && self.wanted.fit === op.layer) { self.reapplyView(); }
      });
      this.errors = this.errors.concat(errors).slice(-20);
      return { errors: errors };
    },

    // most severe alert areas on top, whatever order they arrived in
    restack: function (layer) {
      Object.keys(layer.items).map(function (id) { return layer.items[id]; })
        .sort(function (a, b) { return (a.f.z || 0) - (b.f.z || 0); })
        .forEach(function (entry) { entry.item.bringToFront(); });
    },

    setView: function (lat, lon, zoom) {
      this.wanted = { center: [lat, lon], zoom: zoom };
      this.reapplyView();
    },

    fitLayer: function (name) {
      this.wanted = { fit: name };
      this.reapplyView();
    },

    // A tile not on screen has (almost) no size, and fitting into less than the padding gives
    // zoom NaN, a dead map. So the view waits for the resize that showing the tile brings.
    reapplyView: function () {
      var map = this.ready(), wanted = this.wanted, size = map.getSize(), pad = 16;
      if (!wanted || size.x <= 4 * pad || size.y <= 4 * pad) { return; }
      if (wanted.center) { map.setView(wanted.center, wanted.zoom, { animate: false }); return; }
      var layer = this.layers[wanted.fit];
      if (layer && layer.group.getLayers().length) {
        map.fitBounds(layer.group.getBounds(), { padding: [pad, pad], animate: false });
      }
    },

    // sizes from the wall's typography: text via CSS variables, markers via the scale
    setTypography: function (sizes) {
      var root = document.documentElement.style, self = this;
      root.setProperty("--ioc-body", sizes.body + "px");
      root.setProperty("--ioc-title", sizes.title + "px");
      if (sizes.scale === this.scale) { return; }
      this.scale = sizes.scale;
      Object.keys(this.layers).forEach(function (name) {
        var items = self.layers[name].items;
        Object.keys(items).forEach(function (id) {
          var entry = items[id];
          if (entry.f.t !== "marker") { return; }
          entry.item.setRadius(Math.max(4, entry.f.r * self.scale));
          var tooltip = entry.item.getTooltip();
          if (tooltip) {
            tooltip.options.offset = [Math.round(entry.f.r * self.scale) + 4, 0];
            if (entry.item.isTooltipOpen()) { tooltip.update(); }
          }
        });
      });
    },

    // --- read-back for tests and diagnostics ------------------------------------------------
    state: function (name, id) {
      var entry = this.layers[name] && this.layers[name].items[id];
      if (!entry) { return null; }
      var item = entry.item, ll = item.getLatLng ? item.getLatLng() : null;
      var tooltip = item.getTooltip();
      return { t: entry.f.t, lat: ll && ll.lat, lon: ll && ll.lng,
        color: item.options.fillColor || entry.f.color,
        radius: item.getRadius ? item.getRadius() : null,
        label: tooltip ? tooltip.getElement() && tooltip.getElement().textContent : null };
    },

    openPopup: function (name, id) {
      var entry = this.layers[name] && this.layers[name].items[id];
      if (!entry) { return false; }
      entry.item.openPopup();
      return true;
    },

    counts: function () {
      var out = {}, self = this;
      Object.keys(this.layers).forEach(function (name) {
        out[name] = Object.keys(self.layers[name].items).length;
      });
      return out;
    }
  };

  window.ioc = ioc;
})();
