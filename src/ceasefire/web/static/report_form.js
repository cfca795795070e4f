/* The report form: a map to place the event (click or drag; typed positions move the pin),
   sub-event types narrowed to the event type, and the draft kept in this browser as it is
   typed, so a dropped connection or a reload loses nothing; the page confirming a filing
   forgets the draft it filed. The server checks everything again; this script only helps. */
(function () {
  "use strict";

  var PREFIX = "ceasefire.report-draft:";

  /* The confirmation page: forget the draft it filed. */
  var filed = document.getElementById("report-filed");
  if (filed) {
    var key = PREFIX + filed.dataset.user;
    try {
      var kept = JSON.parse(localStorage.getItem(key) || "null");
      if (kept && kept.values && kept.values.draft === filed.dataset.filedDraft) {
        localStorage.removeItem(key);
      }
    } catch (e) { localStorage.removeItem(key); }
    return;
  }

  var form = document.getElementById("report-form");
  if (!form) { return; }
  var storageKey = PREFIX + form.dataset.user;
  var lat = document.getElementById("latitude");
  var lng = document.getElementById("longitude");
  var eventType = document.getElementById("event_type");
  var subType = document.getElementById("sub_event_type");

  /* Sub-event types: only those of the chosen event type. */
  function narrowSubTypes() {
    Array.prototype.forEach.call(subType.querySelectorAll("optgroup"), function (group) {
      var fits = !eventType.value || group.label === eventType.value;
      group.hidden = !fits;
      group.disabled = !fits;
    });
    var chosen = subType.selectedOptions[0];
    if (chosen && chosen.parentElement.tagName === "OPTGROUP" && chosen.parentElement.disabled) {
      subType.value = "";
    }
  }
  eventType.addEventListener("change", narrowSubTypes);

  /* The draft: every field but the files, saved as it changes. */
  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "file" && el.type !== "submit" && el.type !== "button";
    });
  }
  function save() {
    var values = {};
    var weapons = [];
    fields().forEach(function (el) {
      if (el.type === "checkbox") {
        if (el.checked) { weapons.push(el.value); }
      } else {
        values[el.name] = el.value;
      }
    });
    try {
      localStorage.setItem(storageKey, JSON.stringify({
        saved: new Date().toISOString(), values: values, weapons: weapons
      }));
    } catch (e) { /* storage full or off: the form still works, without a kept draft */ }
  }
  function restore() {
    var kept;
    try { kept = JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (e) { kept = null; }
    if (!kept || !kept.values || !kept.values.draft) { return false; }
    fields().forEach(function (el) {
      if (el.type === "checkbox") {
        el.checked = (kept.weapons || []).indexOf(el.value) !== -1;
      } else if (Object.prototype.hasOwnProperty.call(kept.values, el.name)) {
        el.value = kept.values[el.name];
      }
    });
    document.getElementById("draft-saved").textContent =
      new Date(kept.saved).toLocaleString();
    document.getElementById("draft-note").hidden = false;
    return true;
  }
  function localNow() {
    var now = new Date();
    var minutes = -now.getTimezoneOffset();
    var sign = minutes < 0 ? "-" : "+";
    var abs = Math.abs(minutes);
    var offset = sign + String(Math.floor(abs / 60)).padStart(2, "0") + ":" + String(abs % 60).padStart(2, "0");
    var local = new Date(now.getTime() + minutes * 60000).toISOString().slice(0, 16);
    var zone = document.getElementById("utc_offset");
    if (Array.prototype.some.call(zone.options, function (o) { return o.value === offset; })) {
      zone.value = offset;
      document.getElementById("occurred_start").value = local;
    }
  }

  /* A form shown again after a refusal holds what was sent: it is the draft now. An
     untouched new form is no draft until something is typed. */
  if (form.dataset.fresh === "1") {
    if (!restore()) { localNow(); }
  } else {
    save();
  }
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  document.getElementById("draft-discard").addEventListener("click", function () {
    localStorage.removeItem(storageKey);
    window.location.assign("/reports/new");
  });
  narrowSubTypes();

  /* Files over the largest size the server takes are refused here, before a long upload. */
  var files = document.getElementById("evidence");
  var fileProblem = document.getElementById("evidence-problem");
  form.addEventListener("submit", function (e) {
    var largest = Number(form.dataset.largest);
    var problem = "";
    if (files.files.length > Number(form.dataset.maxFiles)) {
      problem = "evidence: choose at most " + form.dataset.maxFiles + " files";
    }
    Array.prototype.forEach.call(files.files, function (f) {
      if (f.size > largest) {
        problem = "evidence: " + f.name + " is larger than " + largest / 1e6 + " MB, the largest file accepted";
      }
    });
    fileProblem.textContent = problem;
    fileProblem.hidden = !problem;
    if (problem) { e.preventDefault(); files.focus(); }
  });

  /* The map: click or drag to place the event; the zones and districts for orientation. */
  var el = document.getElementById("pick-map");
  if (!el || typeof L === "undefined") { return; }
  var map = L.map(el, { center: [39.85, 46.75], zoom: 8, minZoom: 5, maxZoom: 18 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(
    'Boundaries: Made with <a href="https://www.naturalearthdata.com/">Natural Earth</a>');
  var pin = null;

  function fetchJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (!r.ok) { throw new Error(url + " answered " + r.status); }
        return r.json();
      });
  }
  function place(latlng, typed) {
    if (!pin) {
      pin = L.marker(latlng, { draggable: true, keyboard: true, title: "The event", alt: "Event position" }).addTo(map);
      pin.on("dragend", function () { place(pin.getLatLng(), false); });
    } else {
      pin.setLatLng(latlng);
    }
    if (!typed) {
      lat.value = latlng.lat.toFixed(5);
      lng.value = latlng.lng.toFixed(5);
      save();
    }
    el.dataset.placed = lat.value + "," + lng.value;
  }
  function typedPosition() {
    var a = Number(lat.value.replace(",", "."));
    var b = Number(lng.value.replace(",", "."));
    if (lat.value && lng.value && isFinite(a) && isFinite(b) && Math.abs(a) <= 90 && Math.abs(b) <= 180) {
      place(L.latLng(a, b), true);
    }
  }
  map.on("click", function (e) { place(e.latlng, false); });
  lat.addEventListener("change", typedPosition);
  lng.addEventListener("change", typedPosition);

  fetchJSON("/map/boundaries.geojson").then(function (data) {
    L.geoJSON(data, {
      style: { color: "#8a94a3", weight: 1, fillColor: "#fbfbf8", fillOpacity: 1 },
      interactive: false
    }).addTo(map).bringToBack();
  }).catch(function (e) { console.error(e); });
  fetchJSON(el.dataset.api + "/zones").then(function (data) {
    var zones = L.geoJSON(data, {
      style: function (f) {
        var line = f.properties.kind === "line_of_contact";
        return { color: line ? "#c1121f" : "#1d4ed8", weight: line ? 3 : 1.5, dashArray: line ? "8 6" : null,
                 fill: !line, fillOpacity: 0.08, className: "zone zone-" + f.properties.kind };
      },
      onEachFeature: function (f, layer) {
        var name = document.createElement("span");
        name.textContent = f.properties.name;
        layer.bindTooltip(name, { sticky: true });
      }
    }).addTo(map);
    // Clicks on a zone place the event too.
    zones.on("click", function (e) { place(e.latlng, false); });
    if (!lat.value) { map.fitBounds(zones.getBounds(), { padding: [10, 10] }); }
    el.dataset.zones = String(data.features.length);
  }).catch(function (e) { console.error(e); });
  typedPosition();
  if (pin) { map.setView(pin.getLatLng(), 11); }
}());
