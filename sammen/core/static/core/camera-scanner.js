// The camera loop shared by the card's door page (card/door.js) and the lending desk (lending/scan.js): open the
// back camera into a <video>, ask the page's decoder for codes a few times a second, and stop the camera as soon as
// the page accepts a code or stops. Each page keeps its own decoder, its own markup and what a code means to it;
// without a camera (or JavaScript) both pages work by typing or with a USB scanner.
(function () {
  "use strict";

  function available() {
    return !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
  }

  // options.video: the <video>; options.detect(video): a promise of a code, a list of codes, or null;
  // options.accept(code): true when the page takes the code (the camera then stops); options.interval: ms between tries.
  // Returns {stop, started}: `started` rejects when the camera cannot be opened.
  function start(options) {
    var video = options.video;
    var interval = options.interval || 200;
    var stream = null;
    var running = true;

    function stop() {
      running = false;
      if (stream) {
        stream.getTracks().forEach(function (track) { track.stop(); });
        stream = null;
      }
    }

    function tick() {
      if (!running) {
        return;
      }
      Promise.resolve()
        .then(function () { return options.detect(video); })
        .then(function (found) {
          if (!running) {
            return;
          }
          var codes = found === null || found === undefined ? [] : [].concat(found);
          for (var i = 0; i < codes.length; i++) {
            if (codes[i] && options.accept(String(codes[i]))) {
              stop();
              return;
            }
          }
          window.setTimeout(tick, interval);
        }, function () {
          window.setTimeout(tick, interval * 2);
        });
    }

    var started = navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (s) {
        if (!running) {
          s.getTracks().forEach(function (track) { track.stop(); });
          return null;
        }
        stream = s;
        video.srcObject = s;
        return video.play();
      })
      .then(function () {
        tick();
      });
    return { stop: stop, started: started };
  }

  window.SammenCamera = { available: available, start: start };
})();
