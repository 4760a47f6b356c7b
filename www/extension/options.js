// The options page: theme, annotate mode, claim databases, always-on sites.
// Databases are validated by the engine in the background (the same format
// and checks as ClaimLens.load); errors are shown as text.
import { api, $, ask, say } from './pages.js';
// The engine's limit: a larger file is refused before it is read.
const { maxDatabaseBytes: LIMIT } = await ask({ type: 'rules' });


// --- settings ---

const settings = await ask({ type: 'settings' });
for (const radio of document.querySelectorAll('input[name=theme]')) {
  radio.checked = radio.value === settings.theme;
  radio.addEventListener('change', () => ask({ type: 'save-settings', theme: radio.value }));
}
$('annotate').checked = settings.annotate;
$('annotate').addEventListener('change', () => ask({ type: 'save-settings', annotate: $('annotate').checked }));

// --- databases ---

function item(label, buttonText, onClick) {
  const li = document.createElement('li');
  li.textContent = label;
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = buttonText;
  button.addEventListener('click', onClick);
  li.append(button);
  return li;
}

async function showDatabases() {
  const list = await ask({ type: 'databases' });
  $('databases').replaceChildren(...list.map((db) => item(
    `${db.name}: ${db.loaded} claim${db.loaded === 1 ? '' : 's'}${db.skipped ? `, ${db.skipped} skipped` : ''}`,
    'Remove',
    async () => {
      await ask({ type: 'remove-database', id: db.id });
      say(`Removed ${db.name}.`);
      showDatabases();
    },
  )));
  $('no-databases').hidden = list.length > 0;
}

async function add(name, text) {
  try {
    const r = await ask({ type: 'add-database', name, text });
    say(`Added ${name}: ${r.loaded} claim${r.loaded === 1 ? '' : 's'} loaded${r.skipped ? `, ${r.skipped} skipped` : ''}; ${r.total} in all.`);
    await showDatabases();
  } catch (e) {
    fail(name, e);
  }
}

function fail(name, e) {
  say(`Could not add ${name}: ${e.message}${e.code ? ` [${e.code}]` : ''}`, true);
}

const tooLarge = (size) => Object.assign(new Error(`${size} bytes; the limit is ${LIMIT} bytes`), { code: 'too-large' });

$('file').addEventListener('change', () => {
  const file = $('file').files[0];
  if (!file) return;
  if (file.size > LIMIT) return fail(file.name, tooLarge(file.size));
  const reader = new FileReader();
  reader.onload = () => add(file.name, reader.result).finally(() => { $('file').value = ''; });
  reader.onerror = () => fail(file.name, Object.assign(new Error('the file could not be read'), { code: 'unreadable' }));
  reader.readAsText(file);
});

// The one network request the extension ever makes, and only on this click.
$('from-url').addEventListener('submit', async (event) => {
  event.preventDefault();
  const url = $('url').value.trim();
  let text;
  try {
    if (!/^https?:\/\//i.test(url)) throw Object.assign(new Error('only http(s) URLs are loaded'), { code: 'unreachable' });
    say(`Loading ${url}…`);
    const response = await fetch(url, { credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-store' });
    if (!response.ok) throw Object.assign(new Error(`HTTP ${response.status}`), { code: 'unreachable' });
    const length = Number(response.headers.get('content-length'));
    if (length > LIMIT) throw tooLarge(length);
    text = await response.text();
  } catch (e) {
    const message = e.code ? e.message : `the server did not answer, or does not let other sites read the file (CORS): ${e.message}`;
    return fail(url, Object.assign(new Error(message), { code: e.code || 'unreachable' }));
  }
  await add(url, text);
});

// --- sites ---

async function showSites() {
  const { sites } = await api.storage.local.get({ sites: [] });
  $('sites').replaceChildren(...sites.map((pattern) => item(pattern, 'Stop', async () => {
    await ask({ type: 'disable-site', url: pattern });
    showSites();
  })));
  $('no-sites').hidden = sites.length > 0;
}

await Promise.all([showDatabases(), showSites()]);
