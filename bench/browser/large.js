// The large page for the main-thread benchmark. Configuration comes from the
// driver (window.__largeConfig, set by an init script): how many paragraphs,
// which claim quotes to plant, every how many paragraphs. Then, from
// `claimlens:ready` (annotation mode starts right after it) to
// `claimlens:annotated`: every long task (PerformanceObserver 'longtask',
// tasks of 50 ms or more) and a setTimeout(0) heartbeat whose largest gap
// bounds the longest task from above, whatever its length.
(function () {
  'use strict';
  var cfg = window.__largeConfig || {};
  var paragraphs = cfg.paragraphs || 10000;
  var perSection = cfg.perSection || 20;
  var claimEvery = cfg.claimEvery || 25;
  var quotes = cfg.quotes || [];
  var state = (window.__large = {
    longtasks: [], generateMs: 0, chars: 0, nodes: 0, planted: 0,
    readyAt: null, annotatedAt: null, detail: null, heartbeat: { ticks: 0, maxGap: 0, gaps: [] }
  });

  try {
    new PerformanceObserver(function (list) {
      list.getEntries().forEach(function (e) {
        state.longtasks.push({ start: e.startTime, duration: e.duration, name: e.name });
      });
    }).observe({ type: 'longtask', buffered: true });
    state.longtaskSupported = true;
  } catch (e) {
    state.longtaskSupported = false;
  }

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
  var INLINE = ['a', 'em', 'strong', 'span'];
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
    // Four inline elements around single words, away from the claim.
    var html = parts.join(' ').split(' ');
    for (var k = 0; k < 4; k++) {
      var i = Math.floor(rnd() * Math.min(20, html.length));
      var tag = INLINE[k];
      html[i] = '<' + tag + (tag === 'a' ? ' href="#"' : '') + '>' + html[i] + '</' + tag + '>';
    }
    return '<p>' + html.join(' ') + '</p>';
  }

  var t0 = performance.now();
  var main = document.createElement('main');
  var html = [];
  for (var p = 0, s = 0; p < paragraphs; s++) {
    html.push('<section><h2>Section ' + (s + 1) + '</h2>');
    for (var j = 0; j < perSection && p < paragraphs; j++, p++) html.push(paragraph(p % claimEvery === claimEvery - 1));
    html.push('</section>');
  }
  main.innerHTML = html.join('');
  document.body.insertBefore(main, document.currentScript);
  state.generateMs = performance.now() - t0;
  state.chars = main.textContent.length;
  var walker = document.createTreeWalker(main, NodeFilter.SHOW_ALL);
  while (walker.nextNode()) state.nodes++;

  var hb = state.heartbeat;
  var running = false;
  var last = 0;
  function tick() {
    if (!running) return;
    var now = performance.now();
    var gap = now - last;
    last = now;
    hb.ticks++;
    if (gap > hb.maxGap) hb.maxGap = gap;
    if (gap > 20) hb.gaps.push({ at: now - gap, gap: gap });
    setTimeout(tick, 0);
  }
  document.addEventListener('claimlens:ready', function () {
    state.readyAt = performance.now();
    running = true;
    last = state.readyAt;
    setTimeout(tick, 0);
  }, { once: true });
  document.addEventListener('claimlens:annotated', function (e) {
    state.annotatedAt = performance.now();
    running = false;
    state.detail = { count: e.detail.count, ids: e.detail.ids.length };
  }, { once: true });
})();
