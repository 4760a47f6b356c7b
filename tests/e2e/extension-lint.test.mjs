// The Firefox build, as it ships (dist/claimlens-firefox.zip), checked with
// Mozilla's linter through web-ext (npm, a dev dependency). Its programmatic
// API is used so no update check runs. One manifest serves both browsers, so
// the one warning allowed is Firefox noting that it ignores
// background.service_worker (it uses background.scripts; Chromium the other).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import webExt from 'web-ext';
import { ROOT } from './browser.mjs';

const EXPECTED_WARNINGS = ['BACKGROUND_SERVICE_WORKER_IGNORED'];

test('web-ext lint passes on the Firefox zip', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlens-firefox-'));
  try {
    const unzip = spawnSync('python3', ['-m', 'zipfile', '-e', path.join(ROOT, 'dist', 'claimlens-firefox.zip'), dir]);
    assert.equal(unzip.status, 0, String(unzip.stderr));
    const result = await webExt.cmd.lint(
      { sourceDir: dir, output: 'none', boring: true, metadata: false, pretty: false, selfHosted: false, warningsAsErrors: false },
      { shouldExitProgram: false },
    );
    const show = (list) => list.map((m) => `${m.code}: ${m.message} ${m.description || ''} (${m.file || ''})`);
    assert.deepEqual(show(result.errors), []);
    assert.deepEqual(show(result.warnings.filter((w) => !EXPECTED_WARNINGS.includes(w.code))), []);
    assert.deepEqual(show(result.notices), []);
    assert.equal(result.metadata.manifestVersion, 3);
    assert.equal(result.metadata.id, 'claimlens@claimlens.example');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
