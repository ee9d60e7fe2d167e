// Retold's content script. It stays small: it sends the page's HTML (bounded)
// to the background, where the engine runs, anchors each flag the engine
// returns in the live DOM, highlights it, and opens a popover on click or
// from the keyboard. It runs in the extension's isolated world, so a page
// that overrides DOM methods changes its own prototypes, not ours.
//
// Anchoring (after hypothesis's): a flag's page_position, in UTF-16 units
// into the page text (every Text node under <body> in document order, minus
// <script>, <style>, <noscript>, <template>), is tried first and kept when the
// text there is the flag's exact text; otherwise a quote match over a folded
// copy of the page text (no white space, one kind of quote and dash, lower
// case, so curly quotes, non-breaking spaces and the engine's folded white
// space all meet), scored by how well prefix and suffix agree. A flag that
// anchors nowhere is dropped, never guessed.
//
// Page and corpus text only ever enter the DOM as text (textContent,
// createTextNode), never as HTML.
(() => {
  'use strict';
  if (globalThis.__retoldContent) return;
  globalThis.__retoldContent = true;

  const MAX_HTML_CHARS = 1300000; // keeps the UTF-8 bytes under the engine's 4 MB limit
  const RESCAN_MS = 800; // quiet time after DOM changes before analyzing again
  const MAX_RESCANS = 30;
  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);
  const msg = (k, ...subs) => chrome.i18n.getMessage(k, subs.map(String)) || k;

  const anchored = []; // {flag, range, key}
  const seen = new Set(); // keys of sentences already highlighted
  let rescans = 0;
  let timer = 0;
  let current = -1;
  let backendSet = false; // whether the reader set a backend, which the popover may ask for a claim's details

  // ---- page text ----

  function pageText() {
    const nodes = [];
    const starts = [];
    let text = '';
    const walker = document.createTreeWalker(document.body || document.documentElement, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode(n) {
        if (n.nodeType === 1) return SKIP.has(n.nodeName.toUpperCase()) || n.localName === 'retold-popover' ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
        return NodeFilter.FILTER_ACCEPT;
      },
    });
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      nodes.push(n);
      starts.push(text.length);
      text += n.data;
    }
    return { text, nodes, starts };
  }

  // locate maps a UTF-16 offset in the page text to a (node, offset) pair.
  function locate(pt, off, atEnd) {
    let lo = 0;
    let hi = pt.nodes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (pt.starts[mid] < off || (!atEnd && pt.starts[mid] === off)) lo = mid; else hi = mid - 1;
    }
    const node = pt.nodes[lo];
    return node ? [node, Math.min(off - pt.starts[lo], node.data.length)] : null;
  }

  function makeRange(pt, start, end) {
    const a = locate(pt, start, false);
    const b = locate(pt, end, true);
    if (!a || !b) return null;
    const r = document.createRange();
    r.setStart(a[0], a[1]);
    r.setEnd(b[0], b[1]);
    return r;
  }

  // ---- folding: the text both sides agree on ----

  const FOLD = { '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'", '\u2032': "'", '`': "'", '\u00b4': "'",
    '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u201f': '"', '\u00ab': '"', '\u00bb': '"', '\u2033': '"',
    '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-', '\u00ad': '' };

  // fold returns the folded string and, per folded char, its UTF-16 offset in s.
  function fold(s, withMap) {
    let out = '';
    const map = withMap ? [] : null;
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (/\s/.test(c) || c === '\u200b' || c === '\ufeff') continue;
      let f = Object.prototype.hasOwnProperty.call(FOLD, c) ? FOLD[c] : c.toLowerCase();
      if (f === '' ) continue;
      if (f.length !== 1) f = f[0];
      out += f;
      if (map) map.push(i);
    }
    return { s: out, map };
  }

  // similarity of two short strings: the length of their common suffix (for
  // prefixes) or prefix (for suffixes), as a share of the shorter.
  function agree(a, b, fromEnd) {
    const n = Math.min(a.length, b.length);
    if (!n) return 0;
    let k = 0;
    while (k < n && (fromEnd ? a[a.length - 1 - k] === b[b.length - 1 - k] : a[k] === b[k])) k++;
    return k / n;
  }

  function anchor(pt, folded, flag) {
    const exact = flag.selector ? flag.selector.exact : flag.text;
    const want = fold(exact || flag.text || '').s;
    if (want.length < 8) return null;
    const pp = flag.page_position;
    if (pp && Number.isInteger(pp.start) && Number.isInteger(pp.end) && pp.start >= 0 && pp.end <= pt.text.length && pp.end > pp.start) {
      if (fold(pt.text.slice(pp.start, pp.end)).s === want) return makeRange(pt, pp.start, pp.end);
    }
    const prefix = fold((flag.selector && flag.selector.prefix) || '').s;
    const suffix = fold((flag.selector && flag.selector.suffix) || '').s;
    let best = null;
    for (let at = folded.s.indexOf(want); at >= 0; at = folded.s.indexOf(want, at + 1)) {
      const before = folded.s.slice(Math.max(0, at - prefix.length), at);
      const after = folded.s.slice(at + want.length, at + want.length + suffix.length);
      const score = agree(before, prefix, true) + agree(after, suffix, false);
      if (!best || score > best.score) best = { at, score };
    }
    if (!best) best = approximate(folded.s, want);
    if (!best) return null;
    const start = folded.map[best.at];
    const end = folded.map[best.at + (best.len || want.length) - 1] + 1;
    return makeRange(pt, start, end);
  }

  // approximate finds a span whose head and tail agree with the sentence's
  // when the middle differs (an inline element the engine's text lacks, a
  // changed word): both ends must be found, in order, at a plausible length.
  function approximate(hay, want) {
    const k = Math.min(24, want.length >> 2);
    if (k < 6) return null;
    const head = want.slice(0, k);
    const tail = want.slice(-k);
    let found = null;
    for (let at = hay.indexOf(head); at >= 0; at = hay.indexOf(head, at + 1)) {
      const t = hay.indexOf(tail, at + k);
      if (t < 0) break;
      const len = t + k - at;
      if (len <= want.length * 1.25 && len >= want.length * 0.8) { found = { at, len, score: 0 }; break; }
    }
    return found;
  }

  // ---- highlights ----

  const hasHighlights = typeof CSS !== 'undefined' && CSS.highlights && typeof Highlight === 'function';

  function paint() {
    if (hasHighlights) {
      for (const kind of ['claim', 'denial']) {
        const ranges = anchored.filter((a) => a.flag.kind === kind).map((a) => a.range);
        if (ranges.length) CSS.highlights.set(`retold-${kind}`, new Highlight(...ranges));
        else CSS.highlights.delete(`retold-${kind}`);
      }
    }
  }

  // markFallback wraps a range's text in <retold-mark> elements, for browsers
  // without the Custom Highlight API.
  function markFallback(a) {
    const r = a.range;
    const texts = [];
    const walker = document.createTreeWalker(r.commonAncestorContainer.nodeType === 3 ? r.commonAncestorContainer.parentNode : r.commonAncestorContainer, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (r.intersectsNode(n)) texts.push(n);
    const marks = [];
    for (let n of texts) {
      const s = n === r.startContainer ? r.startOffset : 0;
      const e = n === r.endContainer ? r.endOffset : n.data.length;
      if (e <= s) continue;
      if (e < n.data.length) n.splitText(e);
      if (s > 0) n = n.splitText(s);
      const m = document.createElement('retold-mark');
      m.className = `retold-${a.flag.kind}`;
      n.parentNode.insertBefore(m, n);
      m.appendChild(n);
      marks.push(m);
    }
    if (marks.length) {
      a.range = document.createRange();
      a.range.setStartBefore(marks[0]);
      a.range.setEndAfter(marks[marks.length - 1]);
    }
  }

  function keyOf(flag) {
    return `${flag.kind}|${fold(flag.text || '').s}`;
  }

  function apply(res) {
    const flags = (res && res.flags) || [];
    backendSet = !!(res && res.backend);
    // Drop anchors whose text left the page.
    for (let i = anchored.length - 1; i >= 0; i--) {
      const r = anchored[i].range;
      if (!r.startContainer.isConnected || !r.endContainer.isConnected || r.collapsed) {
        seen.delete(anchored[i].key);
        anchored.splice(i, 1);
      }
    }
    const fresh = flags.filter((f) => !seen.has(keyOf(f)));
    if (!fresh.length) { paint(); return; }
    const pt = pageText();
    const folded = fold(pt.text, true);
    for (const flag of fresh) {
      const range = anchor(pt, folded, flag);
      if (!range) continue;
      const a = { flag, range, key: keyOf(flag) };
      seen.add(a.key);
      if (!hasHighlights) markFallback(a);
      anchored.push(a);
    }
    anchored.sort((x, y) => x.range.compareBoundaryPoints(Range.START_TO_START, y.range));
    paint();
  }

  // ---- talking to the background ----

  function send(message) {
    return new Promise((resolve, reject) => {
      chrome.runtime.sendMessage(message, (r) => {
        const err = chrome.runtime.lastError;
        if (err) reject(new Error(err.message));
        else if (!r || !r.ok) reject(new Error((r && r.error) || 'no answer'));
        else resolve(r.value);
      });
    });
  }

  let busy = false;
  let again = false;
  async function scan() {
    if (busy) { again = true; return; }
    busy = true;
    try {
      let html = document.documentElement.outerHTML;
      if (html.length > MAX_HTML_CHARS) html = html.slice(0, MAX_HTML_CHARS);
      apply(await send({ type: 'analyze', html, url: location.href }));
    } catch { /* the background is gone or refused: nothing to show */ } finally {
      busy = false;
      if (again) { again = false; schedule(); }
    }
  }

  function schedule() {
    if (rescans >= MAX_RESCANS) return;
    clearTimeout(timer);
    timer = setTimeout(() => { rescans++; scan(); }, RESCAN_MS);
  }

  // Client-rendered pages: analyze again when text arrives, ignoring our own UI.
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      const t = r.target;
      const el = t.nodeType === 1 ? t : t.parentElement;
      if (el && (el.localName === 'retold-popover' || el.localName === 'retold-mark' || (el.closest && el.closest('retold-popover')))) continue;
      if (r.type === 'characterData' || [...r.addedNodes].some((n) => n.localName !== 'retold-popover' && n.localName !== 'retold-mark' && (n.textContent || '').trim().length > 40)) {
        schedule();
        return;
      }
    }
  });

  // ---- the popover ----

  let host = null;
  let returnFocus = null;

  const STYLE = `
:host { all: initial; }
.box { position: fixed; z-index: 2147483647; max-width: min(34rem, calc(100vw - 2rem)); max-height: min(70vh, 36rem); overflow: auto;
  font: 14px/1.45 system-ui, sans-serif; color: #1b1b1b; background: #fff; border: 1px solid #767676; border-radius: 8px;
  box-shadow: 0 6px 24px rgba(0,0,0,.25); padding: .75rem 1rem; box-sizing: border-box; }
h2 { font-size: 15px; margin: 0 2rem .4rem 0; }
.kind { display: inline-block; font-weight: 700; padding: 0 .4rem; border-radius: 4px; margin-right: .4rem; }
.kind.claim { background: #fff1b8; color: #5c4400; border: 2px solid #5c4400; }
.kind.denial { background: #ffe0e6; color: #7a0019; border: 2px dashed #7a0019; }
.counter { margin: .3rem 0; color: #333; }
ol { padding-left: 1.2rem; margin: .4rem 0; }
li { margin: .45rem 0; }
.meta { font-size: 12.5px; color: #444; }
.earliest { font-weight: 700; color: #003f7d; }
mark { background: #d8ecff; color: inherit; text-decoration: underline dotted; }
a { color: #0645ad; }
.about, .hint, .legend { font-size: 12px; color: #444; margin: .35rem 0 0; }
button { font: inherit; cursor: pointer; }
.close { position: absolute; top: .4rem; right: .5rem; border: 0; background: transparent; font-size: 18px; color: #333; padding: .1rem .4rem; }
.details { margin-top: .4rem; }
@media (prefers-color-scheme: dark) {
  .box { background: #1e1f22; color: #e8e8e8; border-color: #8a8a8a; }
  .counter, .meta, .about, .hint, .legend, .close { color: #c9c9c9; }
  .earliest { color: #9ccbff; }
  mark { background: #1f4a73; color: #fff; }
  a { color: #9ccbff; }
  .kind.claim { background: #4a3b00; color: #ffe27a; border-color: #ffe27a; }
  .kind.denial { background: #5a0a1f; color: #ffb3c4; border-color: #ffb3c4; }
}`;

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v; else e.setAttribute(k, v);
    }
    for (const k of kids) if (k != null) e.append(typeof k === 'string' ? document.createTextNode(k) : k);
    return e;
  }

  const words = (s) => s.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+/gu) || [];

  // differing renders text with the words that the page sentence lacks marked;
  // a word counts as kept when the page has it or another form of it (the
  // same first five letters: denied, denies).
  function differing(text, page) {
    const have = new Set();
    for (const w of words(page)) { have.add(w); if (w.length >= 5) have.add(w.slice(0, 5)); }
    const kept = (w) => have.has(w) || (w.length >= 5 && have.has(w.slice(0, 5)));
    const parts = text.split(/([\p{L}\p{N}]+)/u).filter(Boolean);
    const isWord = (part) => /^[\p{L}\p{N}]+$/u.test(part);
    const changed = parts.map((part) => isWord(part) && !kept(part.toLowerCase().normalize('NFKC')));
    // A version that shares under a third of its words with the page (one
    // in another language, which keeps only names and a few cognates, or a
    // wording all its own) is shown unmarked: marking nearly every word
    // would say nothing.
    const nWords = parts.filter(isWord).length;
    const same = nWords - changed.filter(Boolean).length;
    const translated = nWords > 0 && same / nWords < 1 / 3;
    const out = document.createDocumentFragment();
    parts.forEach((part, i) => out.append(changed[i] && !translated ? el('mark', {}, part) : document.createTextNode(part)));
    return out;
  }

  function closePopover() {
    if (!host) return;
    host.remove();
    host = null;
    if (returnFocus && returnFocus.isConnected && typeof returnFocus.focus === 'function') returnFocus.focus();
    returnFocus = null;
  }

  function safeURL(u) {
    try {
      const p = new URL(u);
      return p.protocol === 'https:' || p.protocol === 'http:' ? p.href : '';
    } catch { return ''; }
  }

  // pageKey is a URL as the engine compares a version's with the page's
  // (match.sameURL): without scheme, "www.", query, fragment or a last "/".
  function pageKey(u) {
    return String(u || '').trim().toLowerCase().replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/[?#].*$/, '').replace(/\/$/, '');
  }

  // earliestShown returns the version to mark earliest: the oldest dated one
  // of the whole list the reader sees, the claim's own versions and the
  // "also" versions of other claims alike (the engine marks the claim's
  // earliest only, and an "also" version can be older). On a tie the engine's
  // mark wins, then the better match (the list is best first); with no dates
  // the engine's mark stands.
  function earliestShown(versions) {
    const dated = versions.filter((v) => typeof v.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v.date));
    if (!dated.length) return versions.find((v) => v.earliest) || null;
    const oldest = dated.reduce((m, v) => (v.date < m ? v.date : m), dated[0].date);
    const first = dated.filter((v) => v.date === oldest);
    return first.find((v) => v.earliest) || first[0];
  }

  function openPopover(i) {
    const a = anchored[i];
    if (!a) return;
    if (!host) returnFocus = document.activeElement;
    if (host) host.remove();
    current = i;
    const f = a.flag;
    host = document.createElement('retold-popover');
    const root = host.attachShadow({ mode: 'open' });
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(STYLE);
      root.adoptedStyleSheets = [sheet];
    } catch { root.append(el('style', {}, STYLE)); }
    const titleId = 'retold-title';
    const box = el('div', { class: 'box', role: 'dialog', 'aria-labelledby': titleId, tabindex: '-1' });
    const kindLabel = f.kind === 'denial' ? msg('denial') : msg('claim');
    box.append(el('button', { class: 'close', type: 'button', 'aria-label': msg('close') }, '\u00d7'));
    box.append(el('h2', { id: titleId },
      el('span', { class: `kind ${f.kind === 'denial' ? 'denial' : 'claim'}` }, (f.kind === 'denial' ? '\u2715 ' : '\u25cf ') + kindLabel),
      f.speaker ? msg('by', f.speaker) : ''));
    if (f.counter && f.counter.text) {
      const who = f.counter.speaker || '?';
      box.append(el('p', { class: 'counter' }, f.kind === 'denial' ? msg('counterOfDenial', who) : msg('counterOfClaim', who), ': \u201c', f.counter.text, '\u201d'));
    }
    const versions = (f.versions || []).slice();
    const count = el('p', { class: 'meta' }, msg('versions', versions.length));
    const list = el('ol', {});
    const listVersions = () => {
      const earliest = earliestShown(versions);
      list.replaceChildren(...versions.map((v) => {
        const outlet = v.outlet || msg('unknownOutlet', v.source || '?');
        const href = safeURL(v.url);
        const name = href ? el('a', { href, target: '_blank', rel: 'noreferrer noopener' }, outlet) : el('span', {}, outlet);
        return el('li', { 'data-version': v.source || '' },
          el('div', { class: 'meta' }, name, v.date ? ' \u00b7 ' : '', v.date ? el('time', { datetime: v.date }, v.date) : '', v.lang ? el('span', { class: 'lang' }, ` \u00b7 ${v.lang.toUpperCase()}`) : null, v === earliest ? el('span', { class: 'earliest' }, ` \u00b7 \u2605 ${msg('earliest')}`) : null),
          el('div', { class: 'text' }, differing(v.text || '', f.text || '')));
      }));
      count.textContent = msg('versions', versions.length);
    };
    listVersions();
    box.append(count, list);
    box.append(el('p', { class: 'legend' }, msg('differsLegend')));
    box.append(el('p', { class: 'about' }, msg('about')));
    // The backend's corpus may hold versions this browser's index has not
    // synced yet: asked for on the reader's click only (the claim's id
    // leaves the browser, never the page), they join the list above.
    if (backendSet) {
      const details = el('div', { class: 'details', role: 'status' });
      const more = el('button', { type: 'button' }, msg('details'));
      more.addEventListener('click', async () => {
        more.disabled = true;
        details.replaceChildren(el('p', { class: 'meta' }, msg('detailsLoading')));
        try {
          const c = await send({ type: 'claim', id: f.claim });
          const theirs = Array.isArray(c && c.versions) ? c.versions.filter((v) => v && typeof v === 'object') : [];
          // The page itself, when the backend holds it, is no other version.
          const listed = new Set(versions.map((v) => v.source || v.url));
          const here = pageKey(location.href);
          const added = theirs.filter((v) => !listed.has(v.source || v.url) && !(v.url && pageKey(v.url) === here));
          versions.push(...added);
          if (added.length) listVersions();
          details.replaceChildren(el('p', { class: 'meta' }, added.length ? msg('detailsAdded', theirs.length, added.length) : msg('detailsAll', theirs.length)));
        } catch (e) {
          details.replaceChildren(el('p', { class: 'meta' }, msg('detailsFailed', e.message)));
        }
      });
      details.append(more);
      box.append(details);
    }
    box.append(el('p', { class: 'hint' }, msg('nextFlagHint')));
    root.append(box);
    root.querySelector('.close').addEventListener('click', closePopover);
    box.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.stopPropagation(); closePopover(); } });
    document.documentElement.append(host);
    const rect = a.range.getBoundingClientRect();
    const top = rect.bottom + 8 + 300 < innerHeight ? rect.bottom + 8 : Math.max(8, rect.top - 8 - Math.min(box.offsetHeight, innerHeight * 0.7));
    box.style.top = `${Math.max(8, Math.min(top, innerHeight - 80))}px`;
    box.style.left = `${Math.max(8, Math.min(rect.left, innerWidth - box.offsetWidth - 8))}px`;
    box.focus();
  }

  function goTo(i) {
    const a = anchored[i];
    if (!a) return;
    const node = a.range.startContainer.nodeType === 1 ? a.range.startContainer : a.range.startContainer.parentElement;
    if (node) node.scrollIntoView({ block: 'center' });
    openPopover(i);
  }

  function hit(x, y) {
    let node;
    let off;
    if (document.caretPositionFromPoint) {
      const p = document.caretPositionFromPoint(x, y);
      if (p) { node = p.offsetNode; off = p.offset; }
    } else if (document.caretRangeFromPoint) {
      const r = document.caretRangeFromPoint(x, y);
      if (r) { node = r.startContainer; off = r.startOffset; }
    }
    if (!node) return -1;
    return anchored.findIndex((a) => {
      try { return a.range.isPointInRange(node, off); } catch { return false; }
    });
  }

  document.addEventListener('click', (e) => {
    if (e.composedPath().includes(host)) return;
    const sel = getSelection();
    if (sel && !sel.isCollapsed) return;
    const i = anchored.length ? hit(e.clientX, e.clientY) : -1;
    if (i >= 0) openPopover(i);
    else if (host) closePopover();
  }, true);

  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && host) { closePopover(); return; }
    if (e.altKey && e.shiftKey && (e.code === 'KeyJ' || e.key === 'J' || e.key === 'j')) {
      if (!anchored.length) return;
      e.preventDefault();
      goTo((current + 1) % anchored.length);
    }
  }, true);

  chrome.runtime.onMessage.addListener((m, sender, reply) => {
    if (sender.id !== chrome.runtime.id || !m) return false;
    if (m.type === 'list') {
      firstScan.then(() => reply({ ok: true, value: anchored.map((a) => ({ kind: a.flag.kind, speaker: a.flag.speaker, text: a.flag.text, versions: (a.flag.versions || []).length })) }));
      return true;
    } else if (m.type === 'goto') {
      goTo(Number(m.i));
      reply({ ok: true });
    } else if (m.type === 'rescan') {
      scan().then(() => reply({ ok: true }));
      return true;
    }
    return false;
  });

  observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  const firstScan = scan();
})();
