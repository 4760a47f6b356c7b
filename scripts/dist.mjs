// Turns what `wasm-pack build` wrote to pkg/ into what ships, after
// `make dist` has built it:
//
//   pkg/   the npm package: the wasm optimised with wasm-opt -Oz (from the
//          npm package binaryen), the glue, its TypeScript declarations,
//          and a package.json with an `exports` map;
//   dist/  the script-tag widget: the loader (claimlens.js), the glue
//          bundled and minified with esbuild (the shared DOM helpers of
//          src/dom.js inlined, so the page makes one request for it), and
//          the wasm. Its wasm is a build of its own, without the `engine`
//          feature (`ClaimLensEngine`, which only the extension calls;
//          about 3 KB gzipped). The names the glue and the wasm call each
//          other by (wasm-bindgen's, such as
//          `__wbg_querySelectorAll_6c1bd81d448fb480`) are shortened in
//          both (`minifyBoundary`): about 3 KB of the wasm's gzipped size
//          was those names' hashes.
//   target/extension-core/
//          the package's wasm and glue, shortened and bundled the same
//          way, for the extension (`scripts/pack-extension.mjs`).
//
// Then it prints each file's size, raw and gzipped, the total a page
// downloads, and the Subresource Integrity value for the loader's tag.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PKG = path.join(ROOT, 'pkg');
const DIST = path.join(ROOT, 'dist');
/** The script-tag widget's own wasm build (without the `engine` feature). */
const WIDGET = path.join(ROOT, 'target', 'widget');
/** The extension's copy of the package's wasm and glue. */
const EXTENSION_CORE = path.join(ROOT, 'target', 'extension-core');
const NAME = 'claimlens_web';
/** The wasm features rustc enables by default for wasm32-unknown-unknown. */
const WASM_FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];

/** The files a page downloads, in the order it asks for them. */
export const PAGE_FILES = ['claimlens.js', `${NAME}.js`, `${NAME}_bg.wasm`];

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
}

/** Optimises a wasm in place, as the package's and the page's are. */
function optimise(file) {
  run(path.join(ROOT, 'node_modules/.bin/wasm-opt'), ['-Oz', ...WASM_FEATURES, '--strip-debug', '--strip-producers', file, '-o', file]);
}

// The package's wasm (every export), optimised once.
const wasm = path.join(PKG, `${NAME}_bg.wasm`);
optimise(wasm);

// The npm package: what wasm-pack wrote, plus an exports map.
const pkgJson = JSON.parse(fs.readFileSync(path.join(PKG, 'package.json'), 'utf8'));
pkgJson.exports = {
  '.': { types: `./${NAME}.d.ts`, import: `./${NAME}.js`, default: `./${NAME}.js` },
  [`./${NAME}_bg.wasm`]: `./${NAME}_bg.wasm`,
  './package.json': './package.json',
};
pkgJson.type = 'module';
pkgJson.files = [...new Set([...(pkgJson.files || []), 'snippets', `${NAME}_bg.wasm`, `${NAME}.js`, `${NAME}.d.ts`])];
pkgJson.description = 'Fact-check popovers for highlighted claims: a WebAssembly widget with a typed API.';
pkgJson.license = 'MIT OR Apache-2.0';
fs.writeFileSync(path.join(PKG, 'package.json'), `${JSON.stringify(pkgJson, null, 2)}\n`);

// The typings declare [Symbol.dispose](): they bring the lib that names
// it, so a project on lib es2022 with skipLibCheck off accepts them.
const dts = path.join(PKG, `${NAME}.d.ts`);
const typings = fs.readFileSync(dts, 'utf8');
const disposable = '/// <reference lib="esnext.disposable" />\n';
if (!typings.startsWith(disposable)) fs.writeFileSync(dts, disposable + typings);

/**
 * Shortens the names across the glue–wasm boundary of `wasmOut` (a copy of
 * the package's wasm) and returns `glue` (wasm-bindgen's glue, unbundled)
 * rewritten to match. binaryen renames the wasm's imports, exports and
 * import module and prints the mapping; the glue names each import once,
 * as a key of the object `__wbg_get_imports` builds, the module once, and
 * reaches exports as `wasm.<name>`. Anything that does not line up
 * afterwards fails the build: the glue must name every import the wasm
 * asks for, and only exports the wasm has.
 */
function minifyBoundary(glue, wasmOut) {
  const r = spawnSync(path.join(ROOT, 'node_modules/.bin/wasm-opt'),
    [...WASM_FEATURES, '--minify-imports-and-exports-and-modules', wasmOut, '-o', wasmOut], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`wasm-opt --minify-imports-and-exports-and-modules failed: ${r.stderr}`);
  const mapping = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
  const module = new WebAssembly.Module(fs.readFileSync(wasmOut));
  const imports = WebAssembly.Module.imports(module);
  const exported = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
  const modules = [...new Set(imports.map((i) => i.module))];
  const oldModules = [...new Set(mapping.imports.map(([m]) => m))];
  if (modules.length !== 1 || oldModules.length !== 1) throw new Error(`one import module expected: ${modules} / ${oldModules}`);
  const replaceOnce = (text, from, to, what) => {
    const at = text.indexOf(from);
    if (at < 0 || text.indexOf(from, at + from.length) >= 0) throw new Error(`the glue should name ${what} exactly once`);
    return text.slice(0, at) + to + text.slice(at + from.length);
  };
  let out = glue;
  for (const [, from, to] of mapping.imports) {
    out = replaceOnce(out, `\n        ${from}: function`, `\n        ${JSON.stringify(to)}: function`, `the import ${from}`);
  }
  out = replaceOnce(out, `${JSON.stringify(oldModules[0])}: import0`, `${JSON.stringify(modules[0])}: import0`, 'the import module');
  const renamed = new Map(mapping.exports);
  out = out.replace(/\bwasm\.([A-Za-z0-9_$]+)/g, (whole, name) => {
    const to = renamed.get(name);
    if (!to || !exported.has(to)) throw new Error(`the glue reaches wasm.${name}, which the wasm does not export`);
    return `wasm.${to}`;
  });
  for (const { name } of imports) {
    if (!out.includes(`\n        ${JSON.stringify(name)}: function`)) throw new Error(`the glue does not give the wasm's import ${name}`);
  }
  return out;
}

/**
 * Writes `from`'s wasm and glue (as wasm-bindgen left them, the wasm
 * optimised) to `to`: the wasm with short boundary names, the glue
 * rewritten to match and bundled (with its snippets) into one minified
 * file.
 */
async function ship(from, to) {
  fs.mkdirSync(to, { recursive: true });
  const out = path.join(to, `${NAME}_bg.wasm`);
  fs.copyFileSync(path.join(from, `${NAME}_bg.wasm`), out);
  const glue = minifyBoundary(fs.readFileSync(path.join(from, `${NAME}.js`), 'utf8'), out);
  await esbuild.build({
    stdin: { contents: glue, resolveDir: from, sourcefile: `${NAME}.js`, loader: 'js' },
    outfile: path.join(to, `${NAME}.js`),
    bundle: true,
    format: 'esm',
    minify: true,
    target: 'es2020',
    logLevel: 'warning',
  });
}

// The script-tag widget: the same crate without the `engine` feature,
// through wasm-bindgen (the version setup.sh installs, equal to the
// crate's) and the same optimisation.
run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '-p', 'claimlens', '--no-default-features']);
fs.rmSync(WIDGET, { recursive: true, force: true });
run('wasm-bindgen', ['--target', 'web', '--out-dir', WIDGET, '--out-name', NAME, '--no-typescript',
  path.join(ROOT, 'target', 'wasm32-unknown-unknown', 'release', 'claimlens.wasm')]);
optimise(path.join(WIDGET, `${NAME}_bg.wasm`));
fs.rmSync(DIST, { recursive: true, force: true });
await ship(WIDGET, DIST);
fs.copyFileSync(path.join(ROOT, 'www', 'claimlens.js'), path.join(DIST, 'claimlens.js'));

// The extension's: the package's, with `ClaimLensEngine`.
fs.rmSync(EXTENSION_CORE, { recursive: true, force: true });
await ship(PKG, EXTENSION_CORE);

let raw = 0;
let gz = 0;
for (const f of PAGE_FILES) {
  const body = fs.readFileSync(path.join(DIST, f));
  const z = zlib.gzipSync(body, { level: 9 }).length;
  raw += body.length;
  gz += z;
  console.log(`dist/${f.padEnd(24)} ${String(body.length).padStart(8)} B  ${String(z).padStart(7)} B gzipped`);
}
console.log(`${'total'.padEnd(29)} ${String(raw).padStart(8)} B  ${String(gz).padStart(7)} B gzipped`);
const loader = fs.readFileSync(path.join(DIST, 'claimlens.js'));
console.log(`integrity="sha384-${crypto.createHash('sha384').update(loader).digest('base64')}"`);
