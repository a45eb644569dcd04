// Maps as an extra: a list's items on a map, a map to pick a proposal's place, and one place
// on a proposal's page. Each reads what the page already says (the list, the latitude and
// longitude fields) and adds nothing a person needs that is not also in the words.
(function () {
  "use strict";

  if (!window.L) {
    return;
  }

  function number(text) {
    var value = parseFloat(text);
    return isFinite(value) ? value : null;
  }

  function newMap(element, box, options) {
    var map = L.map(element, Object.assign({ zoomControl: false, scrollWheelZoom: false }, options));
    L.tileLayer(box.dataset.mapTiles, {
      attribution: box.dataset.mapAttribution || "",
      maxZoom: 19,
    }).addTo(map);
    if (options.zoomControl !== false) {
      L.control.zoom({
        zoomInTitle: box.dataset.mapZoomIn || "Zoom in",
        zoomOutTitle: box.dataset.mapZoomOut || "Zoom out",
      }).addTo(map);
    }
    return map;
  }

  // A marker that is a link: reached with Tab and followed with Enter like any other link,
  // named by the hidden text; the tooltip shows the same name on hover and on focus.
  function linkMarker(point, title, href) {
    var link = document.createElement("a");
    link.className = "map-pin";
    link.href = href;
    var name = document.createElement("span");
    name.className = "visually-hidden";
    name.textContent = title;
    link.appendChild(name);
    var marker = L.marker(point, {
      icon: L.divIcon({ html: link, className: "map-pin-holder", iconSize: [28, 28], iconAnchor: [14, 28] }),
      keyboard: false,
    });
    // A text node, not a string: Leaflet puts a string in as HTML, and titles are residents'.
    var tip = document.createElement("span");
    tip.textContent = title;
    marker.bindTooltip(tip, { direction: "top", offset: [0, -28] });
    link.addEventListener("focus", function () { marker.openTooltip(); });
    link.addEventListener("blur", function () { marker.closeTooltip(); });
    return marker;
  }

  function plainMarker(point) {
    return L.marker(point, {
      icon: L.divIcon({ html: '<span class="map-pin"></span>', className: "map-pin-holder", iconSize: [28, 28], iconAnchor: [14, 28] }),
      keyboard: false,
      interactive: false,
    });
  }

  function listView(view) {
    var toggle = view.querySelector("[data-map-toggle]");
    var panel = view.querySelector("[data-map-panel]");
    var holder = view.querySelector("[data-map]");
    var map = null;
    var layer = null;

    function items() {
      var list = document.querySelector(view.dataset.mapList);
      return list ? Array.prototype.slice.call(list.querySelectorAll("[data-map-lat]")) : [];
    }

    function draw() {
      layer.clearLayers();
      var points = [];
      items().forEach(function (item) {
        var point = [number(item.dataset.mapLat), number(item.dataset.mapLon)];
        if (point[0] === null || point[1] === null) {
          return;
        }
        points.push(point);
        linkMarker(point, item.dataset.mapTitle, item.dataset.mapHref).addTo(layer);
      });
      if (points.length) {
        map.fitBounds(points, { padding: [32, 32], maxZoom: 16 });
      }
    }

    function refresh() {
      // Filtering the list (htmx swaps it) may leave no item with a place: then no map.
      view.hidden = items().length === 0;
      if (map && !view.hidden) {
        draw();
      }
    }

    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      toggle.textContent = open ? view.dataset.mapHide : view.dataset.mapShow;
      panel.hidden = !open;
      if (!open) {
        return;
      }
      // Tiles are fetched only once someone asks for the map.
      if (!map) {
        map = newMap(holder, view, {});
        layer = L.layerGroup().addTo(map);
        draw();
      } else {
        map.invalidateSize();
      }
    });
    document.body.addEventListener("htmx:afterSettle", refresh);
    refresh();
  }

  function picker(box) {
    var latitude = document.querySelector(box.dataset.mapLatitude);
    var longitude = document.querySelector(box.dataset.mapLongitude);
    if (!latitude || !longitude) {
      return;
    }
    // Beside the fields it fills in, where the page's order puts it after them.
    var group = longitude.closest(".form-group");
    if (group) {
      group.after(box);
    }
    box.hidden = false;
    var map = newMap(box.querySelector("[data-map]"), box, {});
    var marker = null;

    function typed() {
      var point = [number(latitude.value), number(longitude.value)];
      return point[0] === null || point[1] === null ? null : point;
    }

    function place(point) {
      if (marker) {
        marker.setLatLng(point);
      } else {
        marker = plainMarker(point).addTo(map);
      }
    }

    var start = typed();
    var bounds = (box.dataset.mapBounds || "").split(",").map(number);
    if (start) {
      place(start);
      map.setView(start, 15);
    } else if (bounds.length === 4 && bounds.every(function (v) { return v !== null; })) {
      map.fitBounds([[bounds[0], bounds[1]], [bounds[2], bounds[3]]]);
    } else {
      map.setView([56.5, -4.2], 6);
    }
    map.on("click", function (event) {
      var point = event.latlng.wrap();
      latitude.value = point.lat.toFixed(6);
      longitude.value = point.lng.toFixed(6);
      place([point.lat, point.lng]);
    });
    [latitude, longitude].forEach(function (input) {
      input.addEventListener("change", function () {
        var point = typed();
        if (point) {
          place(point);
          map.panTo(point);
        }
      });
    });
  }

  function point(box) {
    var here = [number(box.dataset.mapLat), number(box.dataset.mapLon)];
    if (here[0] === null || here[1] === null) {
      return;
    }
    box.hidden = false;
    var map = newMap(box, box, {
      zoomControl: false, dragging: false, keyboard: false, doubleClickZoom: false,
      boxZoom: false, touchZoom: false,
    });
    map.setView(here, 15);
    plainMarker(here).addTo(map);
  }

  document.querySelectorAll("[data-map-view]").forEach(listView);
  document.querySelectorAll("[data-map-picker]").forEach(picker);
  document.querySelectorAll("[data-map-point]").forEach(point);
})();
