// The other way to serve the wasm: `init()` with no argument, which fetches
// `new URL('claimlens_web_bg.wasm', import.meta.url)`. esbuild leaves that
// expression as it is, so the URL is relative to the bundle, and the wasm
// must be copied next to it (the test copies
// node_modules/claimlens/claimlens_web_bg.wasm into the bundle's directory).
import init, { start } from 'claimlens';

await init();
const lens = start({ root: 'article' });
declare global {
  interface Window {
    __defaultUrl: { ids: string[] };
  }
}
window.__defaultUrl = { ids: lens.match(document.querySelector('article')?.textContent ?? '').map((m) => m.id) };
