// Camera scanning at the desk and in self-service: progressive enhancement over typing or a barcode scanner.
// Uses the browser's BarcodeDetector where it exists, else ZXing (npm @zxing/library, served from our own origin).
(function () {
  "use strict";

  var script = document.currentScript;
  var zxingUrl = script ? script.getAttribute("data-zxing") : null;
  var zxingLoading = null;

  function canUseCamera() {
    return !!(window.SammenCamera && window.SammenCamera.available()) && window.isSecureContext;
  }

  function loadZxing() {
    if (window.ZXing) { return Promise.resolve(window.ZXing); }
    if (!zxingUrl) { return Promise.reject(new Error("no decoder")); }
    if (!zxingLoading) {
      zxingLoading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = zxingUrl;
        tag.onload = function () { resolve(window.ZXing); };
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
    }
    return zxingLoading;
  }

  function makeDetector() {
    if ("BarcodeDetector" in window) {
      var native = new window.BarcodeDetector();
      return Promise.resolve(function (video) {
        return native.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : null; });
      });
    }
    return loadZxing().then(function (ZXing) {
      var reader = new ZXing.BrowserMultiFormatReader();
      var canvas = document.createElement("canvas");
      return function (video) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        if (!canvas.width) { return Promise.resolve(null); }
        canvas.getContext("2d").drawImage(video, 0, 0);
        try {
          var source = new ZXing.HTMLCanvasElementLuminanceSource(canvas);
          var bitmap = new ZXing.BinaryBitmap(new ZXing.HybridBinarizer(source));
          return Promise.resolve(reader.decodeBitmap(bitmap).getText());
        } catch (error) {
          return Promise.resolve(null);
        }
      };
    });
  }

  function startScan(input) {
    var dialog = document.getElementById("scan-dialog");
    var video = document.getElementById("scan-video");
    var status = document.getElementById("scan-dialog-status");
    var close = document.getElementById("scan-dialog-close");
    if (!dialog || !video) { return; }
    var scan = null;
    var running = true;
    var opener = document.activeElement;

    function stop() {
      running = false;
      if (scan) { scan.stop(); scan = null; }
      dialog.hidden = true;
      close.removeEventListener("click", stop);
      document.removeEventListener("keydown", onKey);
      if (opener && opener.focus) { opener.focus(); }
    }
    function onKey(event) { if (event.key === "Escape") { stop(); } }

    dialog.hidden = false;
    close.addEventListener("click", stop);
    document.addEventListener("keydown", onKey);
    close.focus();
    status.textContent = dialog.getAttribute("data-starting") || "";

    makeDetector().then(function (detect) {
      if (!running) { return null; }
      // The camera loop is shared with the card's door page (core/camera-scanner.js); the decoding stays here.
      scan = window.SammenCamera.start({
        video: video,
        detect: detect,
        accept: function (code) {
          if (!running) { return false; }
          input.value = code;
          stop();
          var form = input.form;
          var button = form && form.querySelector("button[type=submit]");
          if (form) { form.requestSubmit(button || undefined); }
          return true;
        }
      });
      return scan.started;
    }).catch(function () {
      stop();
    });
  }

  function wire(root) {
    if (!canUseCamera()) { return; }
    (root || document).querySelectorAll("[data-scan-target]").forEach(function (button) {
      if (button.dataset.scanWired) { return; }
      button.dataset.scanWired = "1";
      button.hidden = false;
      button.addEventListener("click", function () {
        var input = document.getElementById(button.getAttribute("data-scan-target"));
        if (input) { startScan(input); }
      });
    });
  }

  // Desk forms keep their scan field: it is emptied as soon as its code is sent, so a barcode scanner can type the
  // next code while the server answers; requests queue one after another (hx-sync), and focus stays in the field.
  function scanForm(event) {
    var elt = event.detail && event.detail.elt;
    return elt && elt.closest ? elt.closest("form[data-scan-form]") : null;
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = scanForm(event);
    var input = form && form.querySelector("[data-scan-input]");
    if (input) { input.value = ""; }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = scanForm(event);
    if (!form) { return; }
    var input = form.querySelector("[data-scan-input]");
    if (event.detail.successful && document.querySelector("#return-results .returned-line") && form.contains(document.getElementById("return-condition"))) {
      document.getElementById("return-condition").selectedIndex = 0;
      document.getElementById("return-note").value = "";
    }
    if (input) { input.focus(); }
  });

  document.addEventListener("DOMContentLoaded", function () { wire(document); });
  document.addEventListener("htmx:afterSwap", function (event) { wire(event.target); });
})();
