/*! ClaimLens loader. Paste on an article page:
 *    <script src="https://your.cdn/any/path/claimlens.js" async></script>
 *  It finds its own <script> tag, reads the data- attributes (data-root,
 *  data-theme, data-claims, data-mode), starts fetching the wasm and the
 *  glue from next to itself at once, and hands over. All logic lives in
 *  the wasm; the only global is window.ClaimLens, which it defines when
 *  ready (then `claimlens:ready` fires). */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) {
    console.error('ClaimLens: load claimlens.js with a <script src=...> tag');
    return;
  }
  // A second copy on the same page (or the browser extension): one widget only.
  var html = document.documentElement;
  if (window.ClaimLens || html.hasAttribute('data-claimlens')) return;
  html.setAttribute('data-claimlens', 'loading');

  var base = new URL('./', script.src);
  var data = script.dataset;
  var options = {
    root: data.root || 'body',
    theme: data.theme || 'auto',
    mode: data.mode || 'select',
    // Resolved against the page, as a publisher writing the attribute expects.
    claims: data.claims ? new URL(data.claims, document.baseURI).href : null
  };
  // Both requests start now: the wasm compiles while it streams in
  // (instantiateStreaming, served as application/wasm), while the glue loads.
  var wasm = fetch(new URL('claimlens_web_bg.wasm', base), { credentials: 'same-origin' });
  import(new URL('claimlens_web.js', base).href)
    .then(function (glue) {
      return glue.default({ module_or_path: wasm }).then(function () {
        glue.start(options);
        html.setAttribute('data-claimlens', 'ready');
      });
    })
    .catch(function (err) {
      html.removeAttribute('data-claimlens');
      console.error('ClaimLens: could not start:', err);
    });
})();
