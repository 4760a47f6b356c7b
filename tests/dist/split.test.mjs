// What each wasm build exports (scripts/dist.mjs): the script-tag widget's
// leaves out the `engine` feature (`ClaimLensEngine`, which only the
// extension calls), the extension's keeps it; both start the widget.
// Needs dist/ (`make dist`). Run: node --test tests/dist/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The names a shipped glue module exports (importing it runs no wasm). */
async function exportsOf(file) {
  const full = path.join(ROOT, file);
  assert.ok(fs.existsSync(full), `${full} is missing: run \`make dist\` first`);
  return Object.keys(await import(pathToFileURL(full).href)).sort();
}

test('the script-tag glue exports the widget, not the extension\'s engine', async () => {
  const page = await exportsOf('dist/claimlens_web.js');
  assert.ok(page.includes('start') && page.includes('ClaimLens'), page.join(', '));
  assert.ok(!page.includes('ClaimLensEngine'), page.join(', '));
});

test('the extension\'s glue exports the engine its background script imports', async () => {
  const extension = await exportsOf('dist/extension/claimlens_web.js');
  assert.ok(extension.includes('ClaimLensEngine'), extension.join(', '));
  const background = fs.readFileSync(path.join(ROOT, 'dist', 'extension', 'background.js'), 'utf8');
  assert.match(background, /import init, \{ ClaimLensEngine \} from '\.\/claimlens_web\.js'/);
});
