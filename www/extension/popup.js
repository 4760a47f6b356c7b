// The toolbar button's popup. "Check this page" runs the widget once in the
// active tab (the activeTab permission: the reader clicked the button).
// "Always run on <site>" asks for that site's host permission, in the click
// handler as browsers require, then has the background register the content
// script for it.
import { api, $, ask, say } from './pages.js';


// popup.html?tab=<id> is the popup for that tab: the end-to-end test opens it
// as a page, since automation cannot click the toolbar button.
const forTab = Number(new URLSearchParams(location.search).get('tab'));
const tab = forTab ? await api.tabs.get(forTab) : (await api.tabs.query({ active: true, currentWindow: true }))[0];
const url = tab && /^https?:/.test(tab.url || '') ? tab.url : null;

async function refresh() {
  const { pattern, enabled } = await ask({ type: 'site-state', url });
  for (const el of document.querySelectorAll('.site')) el.textContent = new URL(url).hostname;
  $('always').hidden = enabled;
  $('stop').hidden = !enabled;
  return pattern;
}

$('options').addEventListener('click', (e) => {
  e.preventDefault();
  api.runtime.openOptionsPage();
  window.close();
});

if (!url) {
  // Without a host permission the tab's URL is hidden until activeTab is granted,
  // which opening this popup does; what remains are browser pages.
  $('unsupported').hidden = false;
} else {
  $('actions').hidden = false;
  const pattern = await refresh();

  $('check').addEventListener('click', async () => {
    try {
      await ask({ type: 'enable-tab', tabId: tab.id });
      say('ClaimLens is on for this page. Highlight a sentence.');
    } catch (e) {
      say(`Could not run on this page: ${e.message}`, true);
    }
  });

  $('always').addEventListener('click', async () => {
    // No await before this call: the permission prompt needs the click. (Firefox
    // may close the popup for the prompt; the background then finishes the job
    // from permissions.onAdded.)
    const granted = await api.permissions.request({ origins: [pattern] });
    if (!granted) return say('Not enabled: the permission was not granted.', true);
    try {
      await ask({ type: 'enable-site', url, tabId: tab.id });
      await refresh();
      say(`ClaimLens now runs on every page of ${new URL(url).hostname}.`);
    } catch (e) {
      say(`Could not enable the site: ${e.message}`, true);
    }
  });

  $('stop').addEventListener('click', async () => {
    try {
      await ask({ type: 'disable-site', url });
      await refresh();
      say(`ClaimLens no longer runs by itself on ${new URL(url).hostname}.`);
    } catch (e) {
      say(`Could not disable the site: ${e.message}`, true);
    }
  });
}
