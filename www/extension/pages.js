// Shared by the extension's own pages (the toolbar popup and the options
// page): asking the background, and showing a status line as text.
export const api = globalThis.browser ?? globalThis.chrome;
export const $ = (id) => document.getElementById(id);

/** Sends a message to the background; its `{ error }` answers become throws. */
export async function ask(msg) {
  const answer = await api.runtime.sendMessage(msg);
  if (answer && answer.error) throw Object.assign(new Error(answer.error.message), answer.error);
  return answer;
}

/** Shows `text` (as text, never markup) in the page's #status line. */
export function say(text, isError = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', isError);
}
