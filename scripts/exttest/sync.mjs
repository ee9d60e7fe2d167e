// The extension's sync with its backend, end to end: dist/chrome-dev in
// headless Debian Chromium pointed at the real Worker under `wrangler dev` on
// 127.0.0.1 (fresh state, fresh signing key), driven through the options page
// as a reader would. Run with `make test-sync`.
//
// The Worker is started by the Worker's own integration program in -serve
// mode (ITEST, built by make): it prints {base, token, publicKey, pgid} and
// keeps wrangler up until our pipe to its stdin closes, so wrangler dies with
// this test however it ends. The steps build on each other and run in order:
// the seed corpus from the backend, new articles, a 304, a wrong key, and the
// Worker gone. The articles are about an invented event, written for this test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import * as h from './harness.mjs';

const ITEST = process.env.ITEST || join(h.ROOT, 'build/worker-itest');
const WAIT = 20000; // every wait in the browser is bounded by this

// Two outlets report the same invented story in their own words, so the
// index built from them has claims that two versions share.
const articles = [
  { id: 'sync-t1', outlet: 'Northbay Courier', date: '2025-05-10', lang: 'en', url: 'https://northbay.example/ferry',
    title: 'Oskel night ferry to stop',
    text: 'The Varnholm ferry company said on Tuesday that its night service to Oskel Island would stop in June because of rising fuel costs.\n\n' +
      'Council officials said about forty pupils cross to the island school each day.\n\n' +
      "The ferry workers' union denied reports that its crews had refused to sail at night." },
  { id: 'sync-t2', outlet: 'Island Herald', date: '2025-05-11', lang: 'en', url: 'https://herald.example/oskel',
    title: 'Night ferry to Oskel Island ends in June',
    text: 'The night service to Oskel Island will stop in June because fuel costs have risen, the Varnholm ferry company said.\n\n' +
      'About forty pupils cross to the island school every day, council officials said.\n\n' +
      "The ferry workers' union rejected reports that crews had refused night sailings." },
];
// A third outlet's page stating the first claim.
const claimSentence = 'The Varnholm ferry company said its night service to Oskel Island would stop in June because of rising fuel costs.';
const pageText = `${claimSentence}\n\nPassengers on the last evening crossing were surprised by the news.\n\nThe harbour cafe plans to close earlier.`;

let worker; // {proc, base, token, publicKey, pgid}
let srv;
let ext;
let opts; // the options page

function startWorker() {
  return new Promise((resolve, reject) => {
    const proc = spawn(ITEST, ['-serve', '-dir', 'wasm/worker', '-wrangler', 'node_modules/.bin/wrangler'], {
      cwd: h.ROOT, stdio: ['pipe', 'pipe', 'inherit'], detached: true,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
    });
    let out = '';
    const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error('the Worker did not start within 120 s')); }, 120000);
    proc.stdin.on('error', () => {}); // EPIPE once it has gone
    proc.on('error', (e) => { clearTimeout(timer); reject(e); });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${ITEST} -serve exited with ${code}`)); });
    proc.stdout.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      try { resolve({ proc, ...JSON.parse(out.slice(0, nl)) }); } catch (e) { reject(e); }
    });
  });
}

// killWorker ends wrangler and its workerd (their process group), then the -serve program.
async function killWorker() {
  if (!worker || worker.stopped) return;
  worker.stopped = true;
  try { process.kill(-worker.pgid, 'SIGKILL'); } catch { /* already gone */ }
  const exited = new Promise((ok) => { if (worker.proc.exitCode !== null) ok(); else worker.proc.once('exit', ok); });
  worker.proc.stdin.end();
  await Promise.race([exited, new Promise((ok) => setTimeout(ok, 10000))]);
  if (worker.proc.exitCode === null) worker.proc.kill('SIGKILL');
}

async function fetchWorker(path, init = {}) {
  return fetch(worker.base + path, { ...init, signal: AbortSignal.timeout(30000) });
}

// ask sends a message to the background from the options page, as the options page does.
async function ask(message) {
  const r = await opts.evaluate((m) => chrome.runtime.sendMessage(m), message);
  assert.ok(r && r.ok, `background refused ${message.type}: ${r && r.error}`);
  return r.value;
}

// saveBackend types the address and key into the options form and submits it
// (which syncs); update clicks "update now". Both return the options page's
// result line once the page shows the sync they caused.
async function saveBackend(backend, publicKey) {
  await opts.fill('#backend', backend);
  await opts.fill('#key', publicKey);
  return afterSync(() => opts.click('#backend-form button[type=submit]'));
}
const update = () => afterSync(() => opts.click('#update'));
async function afterSync(click) {
  const last = (await ask({ type: 'status' })).sync.at || '';
  await click();
  let at = last;
  for (let t0 = Date.now(); at === last && Date.now() - t0 < WAIT; await opts.waitForTimeout(100)) at = (await ask({ type: 'status' })).sync.at || '';
  assert.notEqual(at, last, 'the sync never finished');
  // refresh() writes the last sync after the result line.
  await opts.waitForFunction((a) => document.getElementById('sync').textContent.includes(a), at, { timeout: WAIT });
  return opts.textContent('#result');
}

// The Worker's own account of the index it serves.
async function served() {
  const r = await fetchWorker('/healthz');
  assert.equal(r.status, 200);
  return (await r.json()).index;
}

function expectSameIndex(status, idx, what) {
  assert.equal(status.index.source, 'backend', `${what}: source`);
  assert.equal(status.index.articles, idx.articles, `${what}: articles`);
  assert.equal(status.index.sentences, idx.sentences, `${what}: sentences`);
  assert.ok(status.index.claims >= idx.claims + idx.denials, `${what}: claims ${status.index.claims} < ${idx.claims}+${idx.denials}`);
}

// claimPage opens a fresh copy of the page stating the new claim and returns
// its flags and the highlighted claim sentences.
let pageN = 0;
async function claimPage() {
  const page = await ext.context.newPage();
  await page.goto(`${srv.base}/ferry/${++pageN}`);
  const flags = await h.scanned(ext, page);
  await page.waitForTimeout(300);
  const hl = await h.highlights(page);
  await page.close();
  return { flags, claims: hl['retold-claim'] };
}
const showsClaim = (r) => r.claims.some((s) => h.fold(s).includes(h.fold('night service to Oskel Island')));

before(async () => {
  worker = await startWorker();
  srv = await h.serve(new Map([...Array(10)].map((_, i) => [`/ferry/${i + 1}`, { body: h.newsPage({ title: 'Last night ferry', outlet: 'Coast Weekly', text: pageText }) }])));
  ext = await h.launch();
  opts = await ext.context.newPage();
  opts.setDefaultTimeout(WAIT);
  await opts.goto(`chrome-extension://${ext.id}/options.html`);
});

after(async () => {
  if (ext) await ext.close().catch(() => {});
  if (srv) await srv.close().catch(() => {});
  await killWorker();
});

let seedIdx;
test('the seed corpus from the backend: verified, switched to, with the Worker\'s counts', { timeout: 60000 }, async () => {
  const embedded = await ask({ type: 'status' });
  assert.equal(embedded.index.source, 'embedded');
  const before = await claimPage();
  assert.ok(!showsClaim(before), 'the invented story is highlighted before any sync');

  seedIdx = await served();
  const result = await saveBackend(worker.base, worker.publicKey);
  const s = await ask({ type: 'status' });
  assert.ok(s.sync.ok, `sync failed: ${result} ${s.sync.error}`);
  expectSameIndex(s, seedIdx, 'after the first sync');
  assert.match(await opts.textContent('#status'), new RegExp(`\\b${s.index.articles}\\b`));
});

let newIdx;
test('new articles: posted with the token, fetched by "update now", and a page stating one is highlighted', { timeout: 90000 }, async () => {
  const body = articles.map((a) => JSON.stringify(a)).join('\n') + '\n';
  const r = await fetchWorker('/v1/articles', { method: 'POST', body, headers: { Authorization: `Bearer ${worker.token}` } });
  const added = await r.json();
  assert.equal(r.status, 200, JSON.stringify(added));
  assert.equal(added.added, 2);
  assert.ok(added.published, JSON.stringify(added));
  newIdx = await served();
  assert.notEqual(newIdx.snapshot, seedIdx.snapshot);

  const result = await update();
  assert.equal(result, 'updated');
  const s = await ask({ type: 'status' });
  expectSameIndex(s, newIdx, 'after the update');
  assert.notEqual(s.index.articles, seedIdx.articles, 'the article count did not change');

  const p = await claimPage();
  assert.ok(showsClaim(p), `the new claim is not highlighted: ${JSON.stringify(p)}`);
});

test('a second update with nothing changed is a 304', { timeout: 60000 }, async () => {
  const result = await update();
  assert.equal(result, 'unchanged');
  const s = await ask({ type: 'status' });
  assert.equal(s.sync.unchanged, true);
  assert.match(await opts.textContent('#sync'), /unchanged/);
  expectSameIndex(s, newIdx, 'after the 304');
  // The ETag the extension keeps is the one the Worker answers 304 to.
  const etag = await opts.evaluate(() => new Promise((ok, no) => {
    const o = indexedDB.open('retold');
    o.onerror = () => no(o.error);
    o.onsuccess = () => { const g = o.result.transaction('index').objectStore('index').get('current'); g.onsuccess = () => { ok(g.result.etag); o.result.close(); }; };
  }));
  assert.ok(etag, 'no ETag saved');
  const r = await fetchWorker('/v1/index', { headers: { 'If-None-Match': etag } });
  assert.equal(r.status, 304);
});

test('a wrong public key: the update is refused with the reason and the current index stays', { timeout: 60000 }, async () => {
  const wrong = Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x, 'base64url').toString('base64');
  assert.notEqual(wrong, worker.publicKey);
  for (const step of [() => saveBackend(worker.base, wrong), () => update()]) {
    const result = await step();
    assert.match(result, /refused/, `not refused: ${result}`);
    const s = await ask({ type: 'status' });
    assert.equal(s.sync.ok, false);
    assert.match(s.sync.error, /does not verify|signature/i);
    assert.match(await opts.textContent('#sync'), /refused/);
    expectSameIndex(s, newIdx, 'after a refused update');
  }
  assert.ok(showsClaim(await claimPage()), 'the current index was dropped');

  // The right key again: a clean sync.
  await saveBackend(worker.base, worker.publicKey);
  const s = await ask({ type: 'status' });
  assert.ok(s.sync.ok, s.sync.error);
  expectSameIndex(s, newIdx, 'with the right key again');
});

test('more versions from the backend: a version added since the last sync joins the popover on the reader\'s click', { timeout: 60000 }, async () => {
  const third = { id: 'sync-t3', outlet: 'Harbour Post', date: '2025-05-12', lang: 'en', url: 'https://harbourpost.example/night-ferry',
    title: 'Night crossings to Oskel end',
    text: 'The Varnholm ferry company said its night crossings to Oskel Island would stop in June because of rising fuel costs.\n\n' +
      'Regular passengers said the evening boat was often full in summer.' };
  // The page the reader opens is on the backend too: it is no other version of itself.
  const url = `${srv.base}/ferry/${++pageN}`;
  const own = { id: 'sync-own', outlet: 'Coast Weekly', date: '2025-05-13', lang: 'en', url, title: 'Last night ferry', text: pageText };
  const r = await fetchWorker('/v1/articles', { method: 'POST', body: JSON.stringify(third) + '\n' + JSON.stringify(own) + '\n', headers: { Authorization: `Bearer ${worker.token}` } });
  assert.equal(r.status, 200, await r.text());

  const page = await ext.context.newPage();
  await page.goto(url);
  await h.scanned(ext, page);
  await page.keyboard.press('Alt+Shift+J');
  await page.waitForSelector('retold-popover', { state: 'attached', timeout: WAIT });
  const sources = () => page.evaluate(() => [...document.querySelector('retold-popover').shadowRoot.querySelectorAll('[data-version]')].map((e) => e.dataset.version));
  const before = await sources();
  assert.ok(before.includes('sync-t1') && !before.includes('sync-t3'), `before the click: ${before}`);
  await page.locator('retold-popover .details button').click();
  // The button gives way to "Loading…", then to the answer's line.
  await page.waitForFunction(() => /Versions of this claim|Could not/.test(document.querySelector('retold-popover').shadowRoot.querySelector('.details').textContent), null, { timeout: WAIT });
  const after = await sources();
  assert.deepEqual(after.slice(0, before.length), before, 'the versions shown before moved');
  const line = await page.evaluate(() => document.querySelector('retold-popover').shadowRoot.querySelector('.details').textContent);
  assert.ok(after.includes('sync-t3'), `the backend's new version is not listed: ${after}; ${line}`);
  assert.equal(new Set(after).size, after.length, `a version is listed twice: ${after}`);
  assert.ok(!after.includes('sync-own'), `the page itself is listed: ${after}`);
  assert.match(line, /: 4, of which 1 new/, `the four outlets' versions on the backend, one of them new here and one the page: ${line}`);
  await page.close();
});

test('the Worker gone: the update fails gracefully and pages are still analyzed with the current index', { timeout: 60000 }, async () => {
  await killWorker();
  await assert.rejects(fetchWorker('/healthz'), 'the Worker still answers');
  const result = await update();
  assert.match(result, /unreachable/, `not reported: ${result}`);
  const s = await ask({ type: 'status' });
  assert.equal(s.sync.ok, false);
  assert.match(s.sync.error, /keeping the current corpus/);
  expectSameIndex(s, newIdx, 'with the Worker gone');
  assert.ok(showsClaim(await claimPage()), 'no highlight with the Worker gone');
});
