/* The dashboard's map: the region's boundaries and the agreements' zones as our own vector
   layers (tiles only when the settings name a tile server), and the incidents the reader
   may see, fetched from the API with the filters of the side panel, clustered when zoomed
   out. Every number shown comes from the API; this script only draws. */
(function () {
  "use strict";

  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }
  var api = el.dataset.api;
  var DAY = 86400000;
  var MAX_PAGES = 20;
  var ZONE_STYLES = {
    line_of_contact: { color: "#c1121f", weight: 3, dashArray: "8 6", fill: false },
    corridor: { color: "#e36414", weight: 2, fillColor: "#e36414", fillOpacity: 0.25 },
    handover_area: { color: "#1d4ed8", weight: 2, fillColor: "#1d4ed8", fillOpacity: 0.15 },
    district: { color: "#5b6470", weight: 1.5, fillColor: "#5b6470", fillOpacity: 0.05 },
    region: { color: "#7e22ce", weight: 2, dashArray: "4 4", fill: false },
    buffer_zone: { color: "#a16207", weight: 2, fillColor: "#facc15", fillOpacity: 0.2 }
  };

  // Clustering needs a maximum zoom, which only a tile layer would otherwise give.
  var map = L.map(el, { center: [39.85, 46.75], zoom: 8, minZoom: 5, maxZoom: 18, keyboard: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(
    'Place names: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0) · ' +
    'Boundaries: Made with <a href="https://www.naturalearthdata.com/">Natural Earth</a>');
  if (el.dataset.tileUrl) {
    L.tileLayer(el.dataset.tileUrl, { attribution: el.dataset.tileAttribution || "" }).addTo(map);
  }
  map.createPane("boundaries").style.zIndex = 350;

  var incidents = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 45 });
  incidents.addTo(map);
  var overlays = { "Incidents": incidents };
  var layers = L.control.layers(null, overlays, { collapsed: true }).addTo(map);

  function text(value) {
    var span = document.createElement("span");
    span.textContent = value == null ? "" : String(value);
    return span.innerHTML;
  }

  function getJSON(url, signal) {
    return fetch(url, { credentials: "same-origin", signal: signal, headers: { Accept: "application/json" } })
      .then(function (r) {
        if (!r.ok) { throw new Error(url + " answered " + r.status); }
        return r.json();
      });
  }

  getJSON("/map/boundaries.geojson").then(function (data) {
    var base = L.geoJSON(data, {
      pane: "boundaries",
      style: { color: "#8a94a3", weight: 1, fillColor: "#fbfbf8", fillOpacity: el.dataset.tileUrl ? 0 : 1, className: "boundary" },
      onEachFeature: function (f, layer) { layer.bindTooltip(text(f.properties.name), { sticky: true }); }
    }).addTo(map);
    layers.addOverlay(base, "Districts and provinces");
  }).catch(function (e) { console.error(e); });

  var zonesReady = getJSON(api + "/zones").then(function (data) {
    var zones = L.geoJSON(data, {
      style: function (f) {
        var s = ZONE_STYLES[f.properties.kind] || ZONE_STYLES.district;
        return Object.assign({ className: "zone zone-" + f.properties.kind }, s);
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        var control = (p.control || []).map(function (c) {
          return text(c.party) + " from " + text(c.since) + (c.until ? " to " + text(c.until) : "");
        }).join("<br>");
        layer.bindPopup("<strong>" + text(p.name) + "</strong><br>" + text(p.kind.replace(/_/g, " ")) +
          (control ? "<br>Controlled by " + control : "") + (p.note ? "<br><small>" + text(p.note) + "</small>" : ""));
        layer.bindTooltip(text(p.name), { sticky: true });
      }
    }).addTo(map);
    layers.addOverlay(zones, "Zones");
    map.fitBounds(zones.getBounds(), { padding: [10, 10] });
    el.dataset.zones = String(data.features.length);
  }).catch(function (e) { console.error(e); });

  /* The time slider: two day offsets from the earliest incident. */
  var first = el.dataset.first ? Date.parse(el.dataset.first + "T00:00:00Z") : null;
  var last = el.dataset.last ? Date.parse(el.dataset.last + "T00:00:00Z") : null;
  var from = document.getElementById("from-day");
  var to = document.getElementById("to-day");
  var days = first !== null ? Math.round((last - first) / DAY) : 0;
  if (from && to) {
    from.max = String(days);
    to.max = String(days);
    to.value = String(days);
  }
  function dayAt(input) { return new Date(first + Number(input.value) * DAY).toISOString().slice(0, 10); }
  function showDays() {
    if (!from || !to) { return; }
    if (Number(from.value) > Number(to.value)) { to.value = from.value; }
    document.getElementById("from-day-text").textContent = dayAt(from);
    document.getElementById("to-day-text").textContent = dayAt(to);
  }

  function query() {
    var params = new URLSearchParams({ format: "geojson", limit: "500" });
    ["event_type", "status", "party", "source_kind"].forEach(function (name) {
      var value = document.querySelector("#map-filters [name=" + name + "]").value;
      if (value) { params.set(name, value); }
    });
    if (from && to) {
      params.set("since", dayAt(from) + "T00:00:00Z");
      params.set("until", dayAt(to) + "T23:59:59.999Z");
    }
    return params;
  }

  function marker(f) {
    var p = f.properties;
    var size = Math.min(40, 14 + 5 * Math.sqrt(p.killed_best));
    var icon = L.divIcon({
      className: "incident-marker status-" + p.status,
      iconSize: [size, size]
    });
    var m = L.marker([f.geometry.coordinates[1], f.geometry.coordinates[0]], {
      icon: icon,
      title: p.place_name + ", " + p.occurred_start.slice(0, 10) + ": " + p.status,
      alt: p.status + " incident"
    });
    m.bindPopup(
      "<strong>" + text(p.event_type) + "</strong><br>" + text(p.place_name) + ", " +
      text(p.occurred_start.slice(0, 16).replace("T", " ")) + " UTC<br>" +
      "Status: " + text(p.status) + " · reports: " + text(p.report_count) +
      " · killed (best): " + text(p.killed_best) +
      (p.attributed_party ? "<br>Attributed: " + text(p.attributed_party) : "") +
      '<br><a href="/incidents/' + encodeURIComponent(f.id) + '">Open the incident</a>');
    return m;
  }

  var count = document.getElementById("map-count");
  var running = null;

  function load() {
    if (running) { running.abort(); }
    var controller = new AbortController();
    running = controller;
    count.textContent = "Loading…";
    var params = query();
    var found = [];
    var pages = 0;
    function page(cursor) {
      if (cursor) { params.set("cursor", cursor); }
      return getJSON(api + "/incidents?" + params.toString(), controller.signal).then(function (data) {
        found = found.concat(data.features);
        pages += 1;
        if (data.next_cursor && pages < MAX_PAGES) { return page(data.next_cursor); }
        return data.next_cursor;
      });
    }
    page(null).then(function (more) {
      incidents.clearLayers();
      incidents.addLayers(found.map(marker));
      count.textContent = found.length + (found.length === 1 ? " incident" : " incidents") +
        " shown" + (more ? " (the newest " + found.length + "; narrow the filters for more)" : "");
      el.dataset.incidents = String(found.length);
    }).catch(function (e) {
      if (e.name === "AbortError") { return; }
      count.textContent = "The incidents could not be loaded: " + e.message;
    });
  }

  var timer = null;
  function later() { clearTimeout(timer); timer = setTimeout(load, 250); }
  document.getElementById("map-filters").addEventListener("change", later);
  document.getElementById("map-filters").addEventListener("submit", function (e) { e.preventDefault(); load(); });
  if (from && to) {
    from.addEventListener("input", showDays);
    to.addEventListener("input", function () {
      if (Number(to.value) < Number(from.value)) { from.value = to.value; }
      showDays();
    });
  }
  zonesReady.then(load);
}());
