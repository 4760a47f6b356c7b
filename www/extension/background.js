// ClaimLens extension background: the Chromium MV3 service worker and the
// Firefox event page (one file, an ES module in both). The wasm core runs
// here, not in the content script: a page's CSP may forbid compiling wasm
// there, while this context runs under the extension's own CSP, which allows
// it ('wasm-unsafe-eval', see the manifest and README.md).
//
// The browser may stop this context whenever it is idle and start it again
// on the next event, so the engine is created lazily and every handler
// awaits it. Nothing here makes a network request: the wasm is one of the
// extension's own files, and databases come from storage.
import init, { ClaimLensEngine } from './claimlens_web.js';

const api = globalThis.browser ?? globalThis.chrome;
const CONTENT_SCRIPT = 'content.js';
const THEMES = ['light', 'dark', 'auto'];
const DEFAULTS = { theme: 'auto', annotate: false };

// --- the engine -------------------------------------------------------------

let engine = null;

/** The engine, created on first use: the bundled claims plus the saved databases. */
function ready() {
  engine ??= (async () => {
    await init({ module_or_path: api.runtime.getURL('claimlens_web_bg.wasm') });
    return build(await savedDatabases());
  })().catch((e) => {
    engine = null; // try again on the next message
    throw e;
  });
  return engine;
}

/** A fresh engine with `databases` loaded over the bundled claims. */
function build(databases) {
  const e = new ClaimLensEngine();
  for (const db of databases) {
    try {
      e.load(db.text, false);
    } catch (err) {
      console.warn(`ClaimLens: saved database "${db.name}" no longer loads:`, err.message);
    }
  }
  return e;
}

async function savedDatabases() {
  return (await api.storage.local.get({ databases: [] })).databases;
}

// --- settings and databases ----------------------------------------------------

async function settings() {
  const { theme, annotate } = await api.storage.local.get(DEFAULTS);
  return { theme: THEMES.includes(theme) ? theme : 'auto', annotate: annotate === true };
}

async function saveSettings({ theme, annotate }) {
  const next = {};
  if (theme !== undefined) {
    if (!THEMES.includes(theme)) throw error('bad-argument', `theme must be one of ${THEMES.join(', ')}`);
    next.theme = theme;
  }
  // Annotate mode: the content script marks every claim on the page.
  if (annotate !== undefined) next.annotate = annotate === true;
  await api.storage.local.set(next);
  return settings();
}

/**
 * Validates a database with the engine and, when it loads, keeps it: the
 * engine keeps the new claims and storage keeps the text for the next start.
 * `name` says where it came from (a file name or the URL the reader typed).
 */
async function addDatabase({ name, text }) {
  if (typeof text !== 'string') throw error('bad-argument', 'the database must be text');
  const e = await ready();
  const result = e.load(text, false); // throws a ClaimLensError on bad input; the claims stay
  const databases = await savedDatabases();
  const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  databases.push({ id, name: String(name || 'database'), text, loaded: result.loaded, skipped: result.skipped, added: new Date().toISOString() });
  try {
    await api.storage.local.set({ databases });
  } catch (err) {
    await replaceEngine(databases.slice(0, -1)); // undo: the engine matches what is stored
    throw error('storage-full', `the database loads, but there is no room left to keep it (${err.message})`);
  }
  return { ok: true, ...result };
}

async function removeDatabase({ id }) {
  const databases = (await savedDatabases()).filter((db) => db.id !== id);
  await api.storage.local.set({ databases });
  await replaceEngine(databases); // the engine has no unload: rebuild it
  return listDatabases();
}

/** Swaps in a fresh engine with `databases` and frees the old one's memory. */
async function replaceEngine(databases) {
  const old = await ready();
  engine = Promise.resolve(build(databases));
  old.free();
}

async function listDatabases() {
  return (await savedDatabases()).map(({ id, name, loaded, skipped, added }) => ({ id, name, loaded, skipped, added }));
}

// --- where the widget runs --------------------------------------------------------

/** The match pattern for a page's site (a URL, or a pattern already): scheme and host, any port, any path. */
function sitePattern(url) {
  const u = new URL(url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw error('bad-argument', `ClaimLens runs on http(s) pages only, not ${u.protocol}`);
  return `${u.protocol}//${u.hostname}/*`;
}

const scriptId = (pattern) => `site:${pattern}`;

// Site changes run one at a time (the popup and permissions.onAdded may both
// enable the same site).
let siteQueue = Promise.resolve();
function serial(fn) {
  const run = siteQueue.then(fn);
  siteQueue = run.catch(() => {});
  return run;
}

/** Runs the widget once in a tab: the toolbar button's "Check this page" (activeTab). */
async function enableTab(tabId) {
  await api.scripting.executeScript({ target: { tabId }, files: [CONTENT_SCRIPT] });
}

/**
 * Runs the widget on every page of a site from now on. The reader has granted
 * the host permission first (`permissions.request` in the popup's click
 * handler, the only place a browser allows the prompt); without it the
 * browser refuses to register the script.
 */
function enableSite(url) {
  return serial(async () => {
    const pattern = sitePattern(url);
    const id = scriptId(pattern);
    if ((await api.scripting.getRegisteredContentScripts({ ids: [id] })).length === 0) {
      await api.scripting.registerContentScripts([{ id, matches: [pattern], js: [CONTENT_SCRIPT], runAt: 'document_idle' }]);
    }
    const { sites } = await api.storage.local.get({ sites: [] });
    if (!sites.includes(pattern)) await api.storage.local.set({ sites: [...sites, pattern] });
    return pattern;
  });
}

/** Stops running on a site: unregisters the script and gives the permission back. */
function disableSite(url) {
  return serial(async () => {
    const pattern = sitePattern(url);
    const id = scriptId(pattern);
    if ((await api.scripting.getRegisteredContentScripts({ ids: [id] })).length) {
      await api.scripting.unregisterContentScripts({ ids: [id] });
    }
    const { sites } = await api.storage.local.get({ sites: [] });
    await api.storage.local.set({ sites: sites.filter((s) => s !== pattern) });
    await api.permissions.remove({ origins: [pattern] }).catch(() => {}); // not held, or not optional
    return pattern;
  });
}

/** Whether a page's site is always on: `{ pattern, enabled }`. */
async function siteState(url) {
  const pattern = sitePattern(url);
  const { sites } = await api.storage.local.get({ sites: [] });
  const granted = await api.permissions.contains({ origins: [pattern] });
  return { pattern, enabled: sites.includes(pattern) && granted };
}

/**
 * Brings the registered scripts in line with storage and the permissions the
 * reader holds (Firefox may not keep registrations across restarts; the
 * reader may revoke a site in the browser's own settings).
 */
async function syncSites() {
  const { sites } = await api.storage.local.get({ sites: [] });
  for (const pattern of sites) {
    if (await api.permissions.contains({ origins: [pattern] })) await enableSite(pattern);
    else await disableSite(pattern);
  }
}

// --- messages -------------------------------------------------------------------

function error(code, message) {
  return Object.assign(new Error(message), { name: 'ClaimLensError', code });
}

// What a content script (running in a web page) may ask.
const FROM_PAGES = {
  // `page` is what the page says it is about (dom.js pageTopic).
  popover: async ({ text, page }) => (typeof text === 'string'
    ? (await ready()).popover(text, typeof page === 'string' ? page : undefined) : null),
  rules: async () => {
    await ready();
    return ClaimLensEngine.rules();
  },
  'popover-for': async ({ id }) => (typeof id === 'string' ? (await ready()).popoverFor(id) : null),
  annotate: async ({ blocks, page }) => (Array.isArray(blocks)
    ? (await ready()).annotate(blocks, typeof page === 'string' ? page : undefined) : []),
  settings: () => settings(),
};

// What only the extension's own pages (popup, options) may ask.
const FROM_EXTENSION = {
  ...FROM_PAGES,
  'save-settings': (msg) => saveSettings(msg),
  'add-database': (msg) => addDatabase(msg),
  'remove-database': (msg) => removeDatabase(msg),
  databases: () => listDatabases(),
  'enable-tab': ({ tabId }) => enableTab(tabId),
  'enable-site': async ({ url, tabId }) => {
    const pattern = await enableSite(url);
    if (tabId !== undefined) await enableTab(tabId);
    return pattern;
  },
  'disable-site': ({ url }) => disableSite(url),
  'site-state': ({ url }) => siteState(url),
};

function fromExtensionPage(sender) {
  // Content scripts send from the page's URL; the popup and the options page
  // (even when it is open in a tab) from the extension's own.
  return sender.id === api.runtime.id && String(sender.url).startsWith(api.runtime.getURL(''));
}

api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  const handlers = fromExtensionPage(sender) ? FROM_EXTENSION : FROM_PAGES;
  const handler = msg && Object.hasOwn(handlers, msg.type) ? handlers[msg.type] : null;
  if (!handler) return false;
  Promise.resolve()
    .then(() => handler(msg))
    .then(
      (value) => sendResponse(value ?? null),
      (e) => sendResponse({ error: { code: e.code || 'internal', message: String(e.message || e) } }),
    );
  return true; // the answer comes asynchronously
});

// The reader granted a site (Firefox may close the popup for the prompt
// before it hears the answer) or revoked one in the browser's own settings.
api.permissions.onAdded.addListener(({ origins = [] }) => {
  for (const pattern of origins) enableSite(pattern).catch((e) => console.warn('ClaimLens:', e.message));
});
api.permissions.onRemoved.addListener(({ origins = [] }) => {
  for (const pattern of origins) disableSite(pattern).catch(() => {});
});
api.runtime.onStartup.addListener(() => syncSites().catch((e) => console.warn('ClaimLens:', e.message)));
api.runtime.onInstalled.addListener(() => syncSites().catch((e) => console.warn('ClaimLens:', e.message)));

// For the end-to-end test (which cannot click the toolbar button or answer a
// permission prompt) and for the browser's debugger console.
globalThis.claimlens = { enableTab, enableSite, disableSite, ready };
