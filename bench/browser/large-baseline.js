// The baseline for the large page's longest block: the cheapest plain-JS
// annotator that marks the same claims the same way — every claim quote
// found with indexOf in the page's text (case-insensitive, exact), each hit
// mapped back to a Range on the text nodes, all of them drawn with the CSS
// Custom Highlight API and a page-level ::highlight rule in a constructable
// stylesheet, as ClaimLens does — in one task, as a plain script would.
// Watched like ClaimLens (watch.js): from the call until the frames after it
// have rendered, so the style recalculation the rule causes counts too.
(function () {
  'use strict';
  var state = window.__large;
  var watch = window.__watch;
  var quotes = (window.__largeConfig && window.__largeConfig.quotes) || [];

  function annotate() {
    var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    var nodes = [];
    var starts = [];
    var parts = [];
    var pos = 0;
    for (var n = walker.nextNode(); n; n = walker.nextNode()) {
      nodes.push(n);
      starts.push(pos);
      parts.push(n.data);
      pos += n.data.length;
    }
    var text = parts.join('').toLowerCase();
    // The text node holding offset `at` (binary search), and the offset in it.
    function locate(at) {
      var lo = 0;
      var hi = starts.length - 1;
      while (lo < hi) {
        var mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= at) lo = mid; else hi = mid - 1;
      }
      return [nodes[lo], at - starts[lo]];
    }
    var ranges = [];
    quotes.forEach(function (q) {
      var needle = q.toLowerCase();
      for (var at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) {
        var a = locate(at);
        var b = locate(at + needle.length - 1);
        var r = document.createRange();
        r.setStart(a[0], a[1]);
        r.setEnd(b[0], b[1] + 1);
        ranges.push(r);
      }
    });
    var hl = new Highlight();
    ranges.forEach(function (r) { hl.add(r); });
    CSS.highlights.set('baseline', hl);
    var sheet = new CSSStyleSheet();
    sheet.replaceSync('::highlight(baseline) { background-color: rgba(255, 200, 0, 0.35); text-decoration: underline; }');
    document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
    return ranges.length;
  }

  window.addEventListener('load', function () {
    watch.settle(200).then(function () {
      var t0 = performance.now();
      state.readyAt = t0;
      var count = annotate();
      state.annotatedAt = performance.now();
      state.detail = { count: count, ids: null };
      watch.settle(300).then(function () {
        state.settledAt = performance.now();
        watch.stop();
      });
    });
  });
})();
