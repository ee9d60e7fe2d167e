// The popup: the page's flags (clicking one scrolls to it), on/off for this
// site, and the engine's status. Opening it is the reader's explicit action,
// so with activeTab it scans the current page once even where the site is not
// turned on.
'use strict';
const msg = (k, ...subs) => chrome.i18n.getMessage(k, subs.map(String)) || k;
for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = msg(e.dataset.i18n);

function ask(message) {
  return chrome.runtime.sendMessage(message).then((r) => {
    if (!r || !r.ok) throw new Error((r && r.error) || 'no answer');
    return r.value;
  });
}
function el(tag, cls, ...kids) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  for (const k of kids) e.append(k);
  return e;
}

function statusLine(s) {
  const src = { embedded: msg('sourceEmbedded'), backend: msg('sourceBackend'), imported: msg('sourceImported') }[s.index.source] || s.index.source;
  return msg('status', s.engine, src, s.index.articles, s.index.claims, s.index.date || '?');
}

async function main() {
  const flagsBox = document.getElementById('flags');
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  const st = await ask({ type: 'status' }).catch(() => null);
  if (st) document.getElementById('status').textContent = statusLine(st) + (st.sync && st.sync.error ? ` · ${st.sync.error}` : '');
  let origin = '';
  try { origin = new URL(tab.url).origin; } catch { /* not a web page */ }
  const site = document.getElementById('site');
  if (!/^https?:/.test(origin)) {
    site.disabled = true;
    flagsBox.textContent = msg('popupCannot');
    return;
  }
  const pattern = `${origin}/*`;
  const granted = await chrome.permissions.contains({ origins: [pattern] });
  const { disabled = [] } = await chrome.storage.local.get('disabled');
  site.checked = granted && !disabled.includes(pattern);
  site.addEventListener('change', async () => {
    if (site.checked) {
      // Must run in the click's user gesture.
      const ok = await chrome.permissions.request({ origins: [pattern] });
      site.checked = ok;
      if (ok) await ask({ type: 'setSite', origin: pattern, on: true });
    } else {
      await ask({ type: 'setSite', origin: pattern, on: false });
      await chrome.permissions.remove({ origins: [pattern] }).catch(() => {});
    }
  });

  let flags;
  try {
    flags = await chrome.tabs.sendMessage(tab.id, { type: 'list' });
  } catch {
    try {
      await ask({ type: 'scanTab', tabId: tab.id });
      flags = await chrome.tabs.sendMessage(tab.id, { type: 'list' });
    } catch {
      flagsBox.textContent = msg('popupNotScanned');
      return;
    }
  }
  const list = (flags && flags.value) || [];
  if (!list.length) {
    flagsBox.textContent = st ? msg('popupNothing', st.index.articles, st.index.claims, st.index.date || '?') : msg('popupNothing', '?', '?', '?');
    return;
  }
  const ul = el('ul', 'flags');
  list.forEach((f, i) => {
    const b = el('button', '', el('span', `kind ${f.kind === 'denial' ? 'denial' : 'claim'}`, f.kind === 'denial' ? `\u2715 ${msg('denial')}` : `\u25cf ${msg('claim')}`),
      f.speaker ? ` (${f.speaker}) ` : ' ', f.text.length > 140 ? f.text.slice(0, 140) + '\u2026' : f.text);
    b.type = 'button';
    b.addEventListener('click', () => chrome.tabs.sendMessage(tab.id, { type: 'goto', i }).then(() => window.close()));
    ul.append(el('li', '', b));
  });
  flagsBox.replaceChildren(ul);
}
main();
