// The door page: read the card's QR code with the camera. Progressive enhancement: without a camera,
// BarcodeDetector or JavaScript, staff type the 16 digits, and the form works the same.
(function () {
  "use strict";

  var script = document.currentScript;
  var wasmUrl = script ? script.getAttribute("data-wasm-url") : null;

  function ready() {
    var result = document.getElementById("door-result");
    if (result) {
      result.focus();
    }
    var box = document.getElementById("door-scan");
    var input = document.querySelector("input[name='card_number']");
    if (!box || !input) {
      return;
    }
    // The polyfill (barcode-detector, ZXing-C++ as WebAssembly) loads its reader from our own static files.
    if (window.BarcodeDetectionAPI && wasmUrl) {
      window.BarcodeDetectionAPI.setZXingModuleOverrides({
        locateFile: function (path, prefix) {
          return path.endsWith(".wasm") ? wasmUrl : prefix + path;
        }
      });
    }
    if (!("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      return;
    }
    box.hidden = false;
    var startButton = document.getElementById("door-scan-start");
    var video = document.getElementById("door-video");
    var status = document.getElementById("door-scan-status");
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    var stream = null;
    var scanning = false;

    function stop() {
      scanning = false;
      if (stream) {
        stream.getTracks().forEach(function (track) { track.stop(); });
        stream = null;
      }
      video.hidden = true;
    }

    function found(value) {
      var digits = String(value || "").replace(/\D/g, "");
      if (digits.length !== 16) {
        return false;
      }
      input.value = digits;
      stop();
      status.textContent = input.getAttribute("data-found-text") || "";
      var submit = document.querySelector(".door-submit");
      if (submit) {
        submit.focus();
      }
      return true;
    }

    function tick() {
      if (!scanning) {
        return;
      }
      detector.detect(video).then(function (codes) {
        for (var i = 0; i < codes.length; i++) {
          if (found(codes[i].rawValue)) {
            return;
          }
        }
        window.setTimeout(tick, 150);
      }).catch(function () {
        window.setTimeout(tick, 300);
      });
    }

    startButton.addEventListener("click", function () {
      if (scanning) {
        stop();
        return;
      }
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        scanning = true;
        status.textContent = startButton.getAttribute("data-scanning-text") || "";
        return video.play();
      }).then(tick).catch(function () {
        stop();
        status.textContent = startButton.getAttribute("data-denied-text") || "";
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
