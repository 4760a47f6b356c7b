/*! ClaimLens loader. Paste on an article page:
 *    <script src="https://your.cdn/any/path/claimlens.js" async></script>
 *  It finds its own <script> tag, reads the data- attributes (data-root,
 *  data-theme, data-claims, data-mode), loads the wasm core from next to itself and
 *  hands over. All logic lives in Rust; the only global is window.ClaimLens,
 *  which the core defines when ready (then `claimlens:ready` fires). */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) {
    console.error('ClaimLens: load claimlens.js with a <script src=...> tag');
    return;
  }
  // A second copy on the same page (or the browser extension): one widget only.
  if (window.ClaimLens || document.documentElement.hasAttribute('data-claimlens')) return;
  document.documentElement.setAttribute('data-claimlens', 'loading');

  var base = new URL('./', script.src);
  var data = script.dataset;
  var options = {
    root: data.root || 'body',
    theme: data.theme || 'auto',
    mode: data.mode || 'select',
    // Resolved against the page, as a publisher writing the attribute expects.
    claims: data.claims ? new URL(data.claims, document.baseURI).href : null
  };

  import(new URL('claimlens_core.js', base).href)
    .then(function (core) {
      return core.default({ module_or_path: new URL('claimlens_core_bg.wasm', base) })
        .then(function () { core.start(options); });
    })
    .then(function () {
      document.documentElement.setAttribute('data-claimlens', 'ready');
    })
    .catch(function (err) {
      document.documentElement.removeAttribute('data-claimlens');
      console.error('ClaimLens: could not start:', err);
    });
})();
