// The baseline widget's loader, for the time-to-ready comparison: what a
// page would do with fuse.js instead of ClaimLens — load the library, fetch
// the same claim database as JSON, build the search index — then fire
// `baseline:ready`. Structured like www/claimlens.js (a classic script that
// imports a module and fetches its data).
(function () {
  'use strict';
  Promise.all([
    import('/vendor/fuse/fuse.min.mjs'),
    fetch('/claims/klingner-2019.claimreview.json').then(function (r) { return r.json(); })
  ]).then(function (loaded) {
    var Fuse = loaded[0].default;
    var records = Array.isArray(loaded[1]) ? loaded[1] : loaded[1]['@graph'] || [loaded[1]];
    var claims = records.filter(function (r) { return r['@type'] === 'ClaimReview'; }).map(function (r) {
      return { id: r.id, quote: r.quote || r.claimReviewed, claimReviewed: r.claimReviewed };
    });
    var fuse = new Fuse(claims, { keys: ['quote', 'claimReviewed'], includeScore: true, ignoreLocation: true, threshold: 0.4 });
    window.__baselineFuse = fuse;
    document.dispatchEvent(new CustomEvent('baseline:ready', { detail: { claims: claims.length } }));
  });
})();
