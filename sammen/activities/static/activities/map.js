// The activity map and "near me": progressive enhancement. The list and the search work without this file.
(function () {
  "use strict";

  function setHidden(form, name, value) {
    var input = form.querySelector("input[name=" + name + "]");
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      form.appendChild(input);
    }
    input.value = value;
  }

  function nearMe() {
    var button = document.querySelector("[data-near-me]");
    if (!button || !("geolocation" in navigator)) {
      return;
    }
    var form = button.form;
    button.hidden = false;
    button.addEventListener("click", function () {
      var status = document.getElementById("near-me-status");
      if (status) {
        status.textContent = button.getAttribute("data-finding");
      }
      navigator.geolocation.getCurrentPosition(
        function (position) {
          setHidden(form, "lat", position.coords.latitude.toFixed(5));
          setHidden(form, "lon", position.coords.longitude.toFixed(5));
          form.querySelector("[name=near]").value = "";
          var sort = form.querySelector("[name=sort]");
          if (sort) {
            sort.value = "distance";
          }
          form.submit();
        },
        function () {
          if (status) {
            status.textContent = button.getAttribute("data-failed");
          }
        },
        { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 }
      );
    });
  }

  function activityMap() {
    var el = document.getElementById("activity-map");
    if (!el || !window.L) {
      return;
    }
    var L = window.L;
    el.hidden = false;
    var map = L.map(el, { scrollWheelZoom: false }).setView(
      [parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)],
      12
    );
    var tiles = L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: el.dataset.attribution });
    tiles.on("tileerror", function () {
      // The list above is the real result; a missing map only loses the background.
      el.classList.add("activity-map--no-tiles");
    });
    tiles.addTo(map);
    L.Icon.Default.imagePath = el.dataset.icons;
    var cluster = L.markerClusterGroup ? L.markerClusterGroup() : L.layerGroup();
    cluster.addTo(map);
    var first = true;
    var pending = null;

    function load() {
      var b = map.getBounds();
      var bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) {
        return v.toFixed(5);
      });
      var url = el.dataset.markers + (el.dataset.markers.indexOf("?") >= 0 ? "&" : "?") + "bbox=" + bbox.join(",");
      if (first) {
        url = el.dataset.markers;
      }
      if (pending) {
        pending.abort();
      }
      pending = new AbortController();
      fetch(url, { signal: pending.signal, headers: { Accept: "application/json" } })
        .then(function (r) {
          return r.ok ? r.json() : { markers: [] };
        })
        .then(function (data) {
          cluster.clearLayers();
          var points = [];
          data.markers.forEach(function (m) {
            var marker = L.marker([m.lat, m.lon], { title: m.name, alt: m.name });
            var box = document.createElement("div");
            var link = document.createElement("a");
            link.href = m.url;
            link.textContent = m.name;
            var count = document.createElement("p");
            count.textContent = el.dataset.countLabel.replace("__N__", m.count);
            box.appendChild(link);
            box.appendChild(count);
            marker.bindPopup(box);
            cluster.addLayer(marker);
            points.push([m.lat, m.lon]);
          });
          if (first && points.length) {
            map.fitBounds(points, { padding: [30, 30], maxZoom: 15 });
          }
          first = false;
        })
        .catch(function () {});
    }

    map.on("moveend", function () {
      if (!first) {
        load();
      }
    });
    load();
  }

  document.addEventListener("DOMContentLoaded", function () {
    nearMe();
    activityMap();
  });
})();
