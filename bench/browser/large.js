// The large page for the main-thread benchmark (large.html for ClaimLens in
// annotation mode, large-baseline.html for the plain-JS baseline). The
// configuration comes from the driver (window.__largeConfig, set by an init
// script): how many paragraphs, which claim quotes to plant, every how many
// paragraphs. The page's size is the issue's: about 2 MB of HTML and
// 27,000 nodes. After building it, the page is laid out once (before any
// widget starts, so its first layout is not counted), and the main thread
// is watched (watch.js) from then on; ClaimLens's window runs from
// `claimlens:ready` (annotation starts right after it) until the frames
// after `claimlens:annotated` have rendered, so the style recalculation
// the highlight causes is inside it.
(function () {
  'use strict';
  var cfg = window.__largeConfig || {};
  var paragraphs = cfg.paragraphs || 1930;
  var perSection = cfg.perSection || 20;
  var claimEvery = cfg.claimEvery || 25;
  // Every how many paragraphs one more inline element (tunes the node count).
  var extraInlineEvery = cfg.extraInlineEvery || 4;
  var made = 0;
  var quotes = cfg.quotes || [];
  var state = (window.__large = {
    generateMs: 0, layoutMs: 0, chars: 0, htmlBytes: 0, nodes: 0, elements: 0, planted: 0,
    builtAt: null, readyAt: null, annotatedAt: null, settledAt: null, detail: null
  });

  // A small deterministic PRNG (mulberry32), so every run builds the same page.
  var seed = cfg.seed || 12345;
  function rnd() {
    seed = (seed + 0x6d2b79f5) | 0;
    var t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  function pick(a) { return a[Math.floor(rnd() * a.length)]; }
  // News prose: common words, plus words the claim database knows, so the
  // engine has candidates to weigh in ordinary sentences too.
  var WORDS = ('the of and to in a that for on with as by at from was were is are has have had will would could said ' +
    'government minister officials council city report week year month people public plan budget election vote ' +
    'party leader policy economy market prices trade workers company industry energy climate weather storm rain ' +
    'school students hospital health court judge police investigation statement interview spokesman agency ' +
    'analysts experts data survey percent million billion increase decline growth season team coach players match ' +
    'league championship museum festival film music artist community residents neighbourhood council housing ' +
    'transport railway airport bridge road traffic water supply summit talks sanctions president administration ' +
    'nuclear missile North Korea Trump Kim Pyongyang Washington diplomatic meeting agreement United States Nations ' +
    'military exercises deterrence negotiations regime weapons').split(' ');
  var INLINE = ['a', 'em', 'strong', 'span', 'b'];
  function sentence() {
    var n = 8 + Math.floor(rnd() * 18);
    var w = [];
    for (var i = 0; i < n; i++) w.push(pick(WORDS));
    w[0] = w[0][0].toUpperCase() + w[0].slice(1);
    return w.join(' ') + '.';
  }
  function paragraph(withClaim) {
    var parts = [];
    var len = 0;
    while (len < 950) {
      var s = sentence();
      parts.push(s);
      len += s.length + 1;
    }
    if (withClaim && quotes.length) {
      var q = quotes[state.planted++ % quotes.length];
      parts.splice(Math.floor(parts.length / 2), 0, q.charAt(0).toUpperCase() + q.slice(1) + (/[.!?]$/.test(q) ? '' : '.'));
    }
    // Four inline elements (five in every extraInlineEvery-th paragraph)
    // around single words, away from the claim.
    var html = parts.join(' ').split(' ');
    var inline = made++ % extraInlineEvery === 0 ? 5 : 4;
    for (var k = 0; k < inline; k++) {
      var i = Math.floor(rnd() * Math.min(20, html.length));
      var tag = INLINE[k];
      html[i] = '<' + tag + (tag === 'a' ? ' href="#"' : '') + '>' + html[i] + '</' + tag + '>';
    }
    return '<p>' + html.join(' ') + '</p>';
  }

  var t0 = performance.now();
  var main = document.createElement('main');
  var html = [];
  for (var p = 0, sec = 0; p < paragraphs; sec++) {
    html.push('<section><h2>Section ' + (sec + 1) + '</h2>');
    for (var j = 0; j < perSection && p < paragraphs; j++, p++) html.push(paragraph(p % claimEvery === claimEvery - 1));
    html.push('</section>');
  }
  main.innerHTML = html.join('');
  document.body.insertBefore(main, document.currentScript);
  state.generateMs = performance.now() - t0;
  // The page's first style and layout, now, before any widget starts.
  var t1 = performance.now();
  void document.body.getBoundingClientRect().height;
  state.layoutMs = performance.now() - t1;
  state.chars = document.body.textContent.length;
  state.htmlBytes = new Blob([document.documentElement.outerHTML]).size;
  state.elements = document.getElementsByTagName('*').length;
  var walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
  while (walker.nextNode()) state.nodes++;
  state.builtAt = performance.now();

  var watch = window.__watch;
  watch.start();
  document.addEventListener('claimlens:ready', function () {
    state.readyAt = performance.now();
  }, { once: true });
  document.addEventListener('claimlens:annotated', function (e) {
    state.annotatedAt = performance.now();
    state.detail = { count: e.detail.count, ids: e.detail.ids.length };
    watch.settle(300).then(function () {
      state.settledAt = performance.now();
      watch.stop();
    });
  }, { once: true });
})();
