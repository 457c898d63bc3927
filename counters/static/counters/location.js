// The office location step: click on the map to fill the coordinates; typed coordinates move the
// marker. Without Leaflet or tiles (no network, tile server down) the typed coordinates still work.
(function () {
  "use strict";
  function toAscii(text) {
    return String(text || "").replace(/[۰-۹]/g, function (d) { return "۰۱۲۳۴۵۶۷۸۹".indexOf(d); })
      .replace(/[٠-٩]/g, function (d) { return "٠١٢٣٤٥٦٧٨٩".indexOf(d); }).replace("٫", ".");
  }
  // A picked point is written as the form shows numbers: Persian digits and decimal mark.
  function toPersian(number) {
    return number.toFixed(6).replace(/[0-9]/g, function (d) { return "۰۱۲۳۴۵۶۷۸۹"[d]; }).replace(".", "٫");
  }
  function start() {
    var box = document.getElementById("office-map");
    var fallback = document.getElementById("map-fallback");
    var lat = document.getElementById("id_latitude");
    var lon = document.getElementById("id_longitude");
    if (!box || !lat || !lon) { return; }
    if (typeof L === "undefined" || !box.dataset.tileUrl) {
      box.hidden = true; fallback.hidden = false; return;
    }
    var start = [parseFloat(toAscii(lat.value)) || 32.4, parseFloat(toAscii(lon.value)) || 53.7];
    var map = L.map(box).setView(start, lat.value ? 15 : 5);
    var failures = 0;
    L.tileLayer(box.dataset.tileUrl, { maxZoom: 19, attribution: box.dataset.tileAttribution })
      .on("tileerror", function () { failures += 1; if (failures >= 4) { fallback.hidden = false; } })
      .addTo(map);
    var marker = lat.value ? L.marker(start).addTo(map) : null;
    map.on("click", function (event) {
      var p = event.latlng;
      lat.value = toPersian(p.lat); lon.value = toPersian(p.lng);
      if (marker) { marker.setLatLng(p); } else { marker = L.marker(p).addTo(map); }
    });
    function typed() {
      var a = parseFloat(toAscii(lat.value)), b = parseFloat(toAscii(lon.value));
      if (isNaN(a) || isNaN(b)) { return; }
      if (marker) { marker.setLatLng([a, b]); } else { marker = L.marker([a, b]).addTo(map); }
      map.panTo([a, b]);
    }
    lat.addEventListener("change", typed); lon.addEventListener("change", typed);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
