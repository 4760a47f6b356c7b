// Where ClaimLens's start-up goes, step by step, as www/claimlens.js does
// it: import the glue, fetch + compile + instantiate the wasm
// (instantiateStreaming), then start() (reads the bundled index, sets up
// the widget, fires claimlens:ready). start() runs in one task: its time
// is a main-thread block.
const t0 = performance.now();
const glue = await import('/dist/claimlens_web.js');
const t1 = performance.now();
await glue.default({ module_or_path: fetch('/dist/claimlens_web_bg.wasm') });
const t2 = performance.now();
glue.start({ root: 'body', theme: 'auto', mode: 'select', claims: null });
const t3 = performance.now();
window.__startup = { importMs: t1 - t0, instantiateMs: t2 - t1, startMs: t3 - t2, claims: window.ClaimLens.claims().length };
