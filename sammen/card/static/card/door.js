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
    if (!("BarcodeDetector" in window) || !window.SammenCamera || !window.SammenCamera.available()) {
      return;
    }
    box.hidden = false;
    var startButton = document.getElementById("door-scan-start");
    var video = document.getElementById("door-video");
    var status = document.getElementById("door-scan-status");
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    var scan = null;

    function stop() {
      if (scan) {
        scan.stop();
        scan = null;
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

    startButton.addEventListener("click", function () {
      if (scan) {
        stop();
        return;
      }
      // The camera loop is shared with the lending desk (core/camera-scanner.js); the QR decoding stays here.
      var current = window.SammenCamera.start({
        video: video,
        interval: 150,
        detect: function (frame) {
          return detector.detect(frame).then(function (codes) {
            return codes.map(function (code) { return code.rawValue; });
          });
        },
        accept: found
      });
      scan = current;
      current.started.then(function () {
        if (scan === current) {
          video.hidden = false;
          status.textContent = startButton.getAttribute("data-scanning-text") || "";
        }
      }).catch(function () {
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
