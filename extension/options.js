// The options page: the sites scanned without asking, the backend and its
// signing key, "update now", and importing an index file. Every index goes
// through the background's checks (its signature against the key, with
// WebCrypto; then the engine's of format and checksum) before it replaces
// the current one.
'use strict';
const msg = (k, ...subs) => chrome.i18n.getMessage(k, subs.map(String)) || k;
for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = msg(e.dataset.i18n);
const $ = (id) => document.getElementById(id);

function ask(message) {
  return chrome.runtime.sendMessage(message).then((r) => {
    if (!r || !r.ok) throw new Error((r && r.error) || 'no answer');
    return r.value;
  });
}
const say = (text) => { $('result').textContent = text; };

async function refresh() {
  try {
    const s = await ask({ type: 'status' });
    const src = { embedded: msg('sourceEmbedded'), backend: msg('sourceBackend'), imported: msg('sourceImported') }[s.index.source] || s.index.source;
    $('status').textContent = msg('status', s.engine, src, s.index.articles, s.index.claims, s.index.date || '?');
    const sy = s.sync || {};
    $('sync').textContent = msg('lastSync', sy.at ? `${sy.at}${sy.error ? ` \u2014 ${sy.error}` : sy.unchanged ? ' (unchanged)' : ''}` : msg('never'));
  } catch (e) {
    $('status').textContent = e.message;
  }
  const { origins = [] } = await chrome.permissions.getAll();
  const { disabled = [], backend = '', publicKey = '' } = await chrome.storage.local.get(['disabled', 'backend', 'publicKey']);
  const sites = origins.filter((o) => /^https?:\/\//.test(o));
  const ul = $('sites');
  ul.replaceChildren();
  if (!sites.length) ul.append(Object.assign(document.createElement('li'), { textContent: msg('sitesNone') }));
  for (const o of sites) {
    const li = document.createElement('li');
    li.append(document.createTextNode(o.replace(/\/\*$/, '') + (disabled.includes(o) ? ' (off)' : '') + ' '));
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = msg('remove');
    b.setAttribute('aria-label', `${msg('remove')} ${o}`);
    b.addEventListener('click', async () => {
      await chrome.permissions.remove({ origins: [o] }).catch(() => {});
      await ask({ type: 'registerSites' }).catch(() => {});
      refresh();
    });
    li.append(b);
    ul.append(li);
  }
  if (document.activeElement !== $('backend')) $('backend').value = backend;
  if (document.activeElement !== $('key')) $('key').value = publicKey;
}

$('backend-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const backend = $('backend').value.trim();
  say(msg('saved'));
  try {
    const r = await ask({ type: 'setBackend', backend, publicKey: $('key').value.trim() });
    say(r.ok ? msg('saved') : r.error);
  } catch (err) { say(err.message); }
  refresh();
});
$('update').addEventListener('click', async () => {
  try { const r = await ask({ type: 'sync' }); say(r.ok ? (r.unchanged ? 'unchanged' : 'updated') : r.error); } catch (err) { say(err.message); }
  refresh();
});
$('embedded').addEventListener('click', async () => {
  try { await ask({ type: 'useEmbedded' }); say(msg('saved')); } catch (err) { say(err.message); }
  refresh();
});
$('import-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = $('file').files[0];
  if (!f) return;
  const bytes = new Uint8Array(await f.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  try {
    await ask({ type: 'importIndex', bytes: btoa(bin), publicKey: $('import-key').value.trim() });
    say('imported');
  } catch (err) { say(err.message); }
  refresh();
});
refresh();
