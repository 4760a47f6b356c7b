// Runs right before the ClaimLens <script> tag: the start of the
// "script tag executing -> claimlens:ready" measure (a file, not inline,
// so the page needs no inline script). Also notes when ClaimLens (or the
// baseline loader, on ready-baseline.html) reports ready. Where watch.js is
// loaded, its heartbeat starts here, so the main thread is watched from the
// tag on.
(function () {
  'use strict';
  var t0 = performance.now();
  if (window.__watch) window.__watch.start();
  var marks = (window.__benchMarks = { start: t0, ready: null, baselineReady: null, claims: null });
  window.__claimlensReady = new Promise(function (resolve) {
    document.addEventListener('claimlens:ready', function (e) {
      marks.ready = performance.now();
      marks.claims = e.detail && e.detail.claims;
      resolve(e.detail);
    }, { once: true });
  });
  window.__baselineReady = new Promise(function (resolve) {
    document.addEventListener('baseline:ready', function (e) {
      marks.baselineReady = performance.now();
      resolve(e.detail);
    }, { once: true });
  });
})();
