// The national meeting's door (issue 14): scan a badge's QR code with the phone's camera and
// check it in. Uses the browser's own BarcodeDetector (Chrome on Android, among others); where
// there is none, the scan button stays hidden and the code is typed. No third-party code, no
// inline script (the page's CSP forbids both). The camera runs outside the block htmx swaps,
// so it keeps running from one badge to the next.
(function () {
  "use strict";
  var start = document.getElementById("scan-start");
  var stop = document.getElementById("scan-stop");
  var video = document.getElementById("scan-video");
  var note = document.getElementById("scan-note");
  if (!start || !video) return;

  var stream = null;
  var detector = null;
  var timer = null;
  var last = "";
  var lastAt = 0;
  var SAME_BADGE_MS = 4000; // the same badge held in view is sent once, not every frame

  function supported() {
    if (!("BarcodeDetector" in window) || !navigator.mediaDevices) return Promise.resolve(false);
    return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      return formats.indexOf("qr_code") >= 0;
    }, function () { return false; });
  }

  function send(code) {
    var now = Date.now();
    if (code === last && now - lastAt < SAME_BADGE_MS) return;
    last = code;
    lastAt = now;
    var form = document.getElementById("door-form");
    var input = form && form.elements.code;
    if (!input) return;
    input.value = code;
    if (form.requestSubmit) form.requestSubmit();
    else form.submit();
  }

  function scan() {
    if (!stream || !detector || video.readyState < 2) return;
    detector.detect(video).then(function (found) {
      if (found.length && found[0].rawValue) send(found[0].rawValue.trim());
    }, function () { /* a frame it could not read: the next one will do */ });
  }

  function stopCamera() {
    if (timer) window.clearInterval(timer);
    timer = null;
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.hidden = true;
    stop.hidden = true;
    start.hidden = false;
  }

  start.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        detector = detector || new window.BarcodeDetector({ formats: ["qr_code"] });
        video.srcObject = media;
        video.hidden = false;
        stop.hidden = false;
        start.hidden = true;
        return video.play();
      })
      .then(function () { timer = window.setInterval(scan, 250); })
      .catch(function () {
        stopCamera();
        note.textContent = "เปิดกล้องไม่ได้ (ไม่ได้รับอนุญาต) พิมพ์รหัสบนบัตรแทน";
        note.hidden = false;
      });
  });
  stop.addEventListener("click", stopCamera);
  window.addEventListener("pagehide", stopCamera);

  supported().then(function (ok) {
    start.hidden = !ok;
    if (note) note.hidden = ok;
  });

  // After each answer the code field is ready for the next badge typed by hand.
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!event.target || event.target.id !== "door") return;
    var input = document.getElementById("f-code");
    if (input && !stream) input.focus();
  });
})();
