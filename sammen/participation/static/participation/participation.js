// Progressive enhancement for the idea portal: fill in the map point from the phone's position.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-geolocate]");
    if (!button || !("geolocation" in navigator)) {
      return;
    }
    var status = document.querySelector("[data-geolocate-status]");
    var latitude = document.getElementById("id_latitude");
    var longitude = document.getElementById("id_longitude");
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = button.getAttribute("data-busy") || "";
      navigator.geolocation.getCurrentPosition(
        function (position) {
          latitude.value = position.coords.latitude.toFixed(6);
          longitude.value = position.coords.longitude.toFixed(6);
          status.textContent = button.getAttribute("data-done") || "";
        },
        function () {
          status.textContent = button.getAttribute("data-failed") || "";
        },
        { enableHighAccuracy: true, timeout: 10000 }
      );
    });
  });
})();
