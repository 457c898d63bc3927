// The list of counter offices: with the applicant's consent, the browser's location is sent as
// `lat` and `lng` so that the nearest offices come first. Without geolocation the button stays hidden.
(function () {
  "use strict";
  var form = document.getElementById("office-place-form");
  if (!form || !("geolocation" in navigator)) return;
  var button = form.querySelector("[data-geolocate]");
  var status = form.querySelector("[data-geolocate-status]");
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = "در حال یافتن موقعیت شما…";
    navigator.geolocation.getCurrentPosition(
      function (position) {
        form.querySelector("[data-lat]").value = position.coords.latitude.toFixed(6);
        form.querySelector("[data-lng]").value = position.coords.longitude.toFixed(6);
        form.submit();
      },
      function () {
        status.textContent = "موقعیت شما در دسترس نیست؛ استان خود را برگزینید.";
      },
      { timeout: 10000, maximumAge: 600000 }
    );
  });
})();
