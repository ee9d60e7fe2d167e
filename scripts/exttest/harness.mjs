// harness.mjs: what the browser tests, the benchmark and the screenshot
// share: a loopback HTTP server for test pages, the pages themselves (seed
// articles wrapped in realistic news-site markup, eval pages and real pages
// read in place from $SHARED), and headless Chromium with the dev extension.
import { createServer } from 'node:http';
import { readFileSync, readdirSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const SHARED = resolve(process.env.SHARED || join(ROOT, '../shared'));
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));

// newsPage wraps article text (paragraphs split at blank lines) in the
// furniture of a news site: navigation, ads, a related list, a footer.
export function newsPage({ title, outlet = 'The Test Gazette', date = '', text, head = '', bodyEnd = '', lang = 'en' }) {
  const paras = text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  return `<!doctype html>
<html lang="${esc(lang)}"><head><meta charset="utf-8"><title>${esc(title)} | ${esc(outlet)}</title>
<meta property="og:site_name" content="${esc(outlet)}">${date ? `<meta property="article:published_time" content="${esc(date)}">` : ''}
${head}</head>
<body>
<header><a href="/">${esc(outlet)}</a><nav><ul><li><a href="/world">World</a></li><li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li><li><a href="/opinion">Opinion</a></li></ul></nav></header>
<div class="ad-banner" aria-hidden="true">Advertisement — Subscribe today and save 50% on your first year</div>
<main><article><h1>${esc(title)}</h1><p class="byline">By Staff Reporter${date ? ` · ${esc(date)}` : ''}</p>
${paras.map((p) => `<p>${esc(p)}</p>`).join('\n')}
</article>
<aside class="related"><h2>Most read</h2><ul><li><a href="/a">Markets close higher on tech rally</a></li><li><a href="/b">Weather: storms expected this weekend</a></li><li><a href="/c">Local team wins the cup final</a></li></ul></aside></main>
<footer><p>© The Test Gazette. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
${bodyEnd}</body></html>`;
}

// seedPages: the seed articles of the default corpus, as pages.
export function seedPages() {
  const dir = join(ROOT, 'shared/corpus/seeds');
  const sources = JSON.parse(readFileSync(join(dir, 'sources.json'), 'utf8'));
  const meta = (f) => (sources.seeds || {})[f] || {};
  return readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => {
    let text = readFileSync(join(dir, f), 'utf8');
    text = text.replace(/^#+\s*/gm, '').replace(/^Original url:.*$/gim, '');
    const title = text.trim().split('\n')[0].slice(0, 120);
    const m = meta(f);
    return { id: f.replace(/\.txt$/, ''), title, text, outlet: m.outlet || 'The Test Gazette', date: m.date || '' };
  });
}

// evalPages: the development set's pages with their labels, read in place.
export function evalPages() {
  const dir = join(SHARED, 'eval');
  if (!existsSync(join(dir, 'pages'))) return null;
  const gold = JSON.parse(readFileSync(join(dir, 'gold/pages.json'), 'utf8'));
  const claims = JSON.parse(readFileSync(join(dir, 'gold/claims.json'), 'utf8'));
  const seeds = JSON.parse(readFileSync(join(dir, 'gold/seeds.json'), 'utf8'));
  const kind = new Map(claims.map((c) => [c.id, c.kind]));
  const inSeeds = new Set(seeds.map((s) => s.group).filter((g) => g && kind.get(g) !== 'context'));
  return readdirSync(join(dir, 'pages')).filter((f) => f.endsWith('.json')).sort().map((f) => {
    const p = JSON.parse(readFileSync(join(dir, 'pages', f), 'utf8'));
    return { ...p, gold: gold[p.id] || [], inSeeds };
  });
}

// realPages: up to n real news pages of the extraction benchmark, read in place.
export function realPages(n) {
  const dir = join(SHARED, 'data/article-extraction-benchmark/html');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.html.gz')).sort().slice(0, n).map((f) => ({
    id: f.slice(0, 16), html: gunzipSync(readFileSync(join(dir, f))),
  }));
}

// serve starts a loopback server; routes maps a path to {body, headers} or a function of the request.
export async function serve(routes) {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    let r = routes.get(path);
    if (typeof r === 'function') r = r(req);
    if (!r) { res.writeHead(404, { 'content-type': 'text/plain' }); res.end('not found'); return; }
    res.writeHead(r.status || 200, { 'content-type': 'text/html; charset=utf-8', ...(r.headers || {}) });
    res.end(r.body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, base: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((ok) => server.close(ok)) };
}

export const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

// launch starts headless Chromium with dist/chrome-dev loaded, in a fresh profile (its
// directory is `profile`, deleted by close).
export async function launch({ ext = join(ROOT, 'dist/chrome-dev'), colorScheme = 'light' } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'retold-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, colorScheme, viewport: { width: 1200, height: 900 },
    args: [...FLAGS, '--headless=new', `--disable-extensions-except=${ext}`, `--load-extension=${ext}`],
  });
  let sw = context.serviceWorkers()[0];
  if (!sw) sw = await context.waitForEvent('serviceworker', { timeout: 20000 });
  const id = new URL(sw.url()).host;
  return {
    context, id, profile,
    worker: () => context.serviceWorkers().filter((w) => w.url().startsWith(`chrome-extension://${id}/`)).at(-1),
    close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); },
  };
}

// highlights reads the Custom Highlight API registry from the page.
export function highlights(page) {
  return page.evaluate(() => {
    const out = {};
    for (const k of ['retold-claim', 'retold-denial']) {
      const h = CSS.highlights.get(k);
      out[k] = h ? [...h].map((r) => r.toString()) : [];
    }
    return out;
  });
}

// scanned waits until the content script has analyzed the page once, asking it
// from the service worker, and returns its flags.
export async function scanned(ext, page) {
  for (let i = 0; i < 100; i++) {
    const sw = ext.worker();
    try {
      const r = await sw.evaluate(async (url) => {
        const [tab] = await chrome.tabs.query({ url });
        return tab ? chrome.tabs.sendMessage(tab.id, { type: 'list' }) : null;
      }, page.url());
      if (r && r.ok) return r.value;
    } catch { /* the content script is not there yet */ }
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`the page ${page.url()} was never scanned`);
}

export const fold = (s) => s.replace(/[\s\u00a0\u200b]+/g, '').replace(/[\u2018\u2019`´]/g, "'").replace(/[\u201c\u201d«»]/g, '"').replace(/[\u2010-\u2015]/g, '-').toLowerCase();
