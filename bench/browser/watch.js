// Watches the main thread, for the "longest block" figures. Load it first,
// as a classic script, so its observers see everything (buffered).
//
// Three witnesses, because each misses something:
//   - 'longtask' entries: tasks of 50 ms or more; Chromium leaves out the
//     rendering steps between tasks (a whole-document style recalculation);
//   - a setTimeout(0) heartbeat: each gap between two ticks bounds from
//     above whatever ran in between, rendering included (ticks come every
//     ~4 ms when the thread is idle: nested timers are clamped);
//   - 'long-animation-frame' entries (LoAF, Chromium 123+): frames over
//     50 ms, with when style and layout started, so a block can be
//     attributed to rendering.
// The figure is max(longest longtask, largest heartbeat gap) over a window.
(function () {
  'use strict';
  var w = (window.__watch = { longtasks: [], frames: [], gaps: [], ticks: 0, running: false, supported: {} });

  function observe(type, into, map) {
    try {
      new PerformanceObserver(function (list) {
        list.getEntries().forEach(function (e) { into.push(map(e)); });
      }).observe({ type: type, buffered: true });
      w.supported[type] = true;
    } catch (e) {
      w.supported[type] = false;
    }
  }
  observe('longtask', w.longtasks, function (e) {
    return { start: e.startTime, end: e.startTime + e.duration, duration: e.duration };
  });
  observe('long-animation-frame', w.frames, function (e) {
    var end = e.startTime + e.duration;
    return {
      start: e.startTime, end: end, duration: e.duration,
      blocking: e.blockingDuration,
      // Style recalculation and layout at the end of the frame (0 if none).
      styleAndLayout: e.styleAndLayoutStart ? end - e.styleAndLayoutStart : 0,
      render: e.renderStart ? end - e.renderStart : 0,
      scripts: (e.scripts || []).slice(0, 4).map(function (s) {
        return { invoker: s.invoker, duration: s.duration, source: (s.sourceURL || '').split('/').pop() + ':' + (s.sourceFunctionName || '') };
      })
    };
  });

  var last = 0;
  function tick() {
    if (!w.running) return;
    var now = performance.now();
    var gap = now - last;
    if (gap > 8) w.gaps.push({ start: last, end: now, gap: gap });
    last = now;
    w.ticks++;
    setTimeout(tick, 0);
  }
  /** Starts the heartbeat (a no-op when it runs). */
  w.start = function () {
    if (w.running) return;
    w.running = true;
    last = performance.now();
    setTimeout(tick, 0);
  };
  w.stop = function () { w.running = false; };

  /** Resolves after two animation frames and then `ms` more: trailing rendering has happened. */
  w.settle = function (ms) {
    return new Promise(function (resolve) {
      requestAnimationFrame(function () {
        requestAnimationFrame(function () { setTimeout(resolve, ms || 0); });
      });
    });
  };

  /** What blocked the main thread between t0 and t1 (entries overlapping the window). */
  w.blocks = function (t0, t1) {
    function over(e) { return e.end > t0 && e.start < t1; }
    function longest(list, key) {
      return list.reduce(function (m, e) { return m && m[key] >= e[key] ? m : e; }, null);
    }
    var tasks = w.longtasks.filter(over);
    var gaps = w.gaps.filter(over);
    var frames = w.frames.filter(over);
    var task = longest(tasks, 'duration');
    var gap = longest(gaps, 'gap');
    var frame = longest(frames, 'duration');
    var styled = longest(frames, 'styleAndLayout');
    var longestTaskMs = task ? task.duration : 0;
    var maxGapMs = gap ? gap.gap : 0;
    return {
      blockedMs: Math.max(longestTaskMs, maxGapMs),
      longestTaskMs: longestTaskMs,
      maxGapMs: maxGapMs,
      longtasks: tasks.length,
      gapsOver50ms: gaps.filter(function (g) { return g.gap > 50; }).length,
      worstGaps: gaps.slice().sort(function (a, b) { return b.gap - a.gap; }).slice(0, 5)
        .map(function (g) { return { at: g.start - t0, gap: g.gap }; }),
      longestFrame: frame && { at: frame.start - t0, duration: frame.duration, blocking: frame.blocking, styleAndLayout: frame.styleAndLayout, render: frame.render, scripts: frame.scripts },
      longestStyleAndLayoutMs: styled ? styled.styleAndLayout : 0,
      ticks: w.ticks,
      supported: w.supported
    };
  };
})();
