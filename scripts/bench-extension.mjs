// bench-extension.mjs prints the extension's figures, measured in headless
// Chromium with dist/chrome-dev: service-worker cold start to engine ready,
// page load to highlights, analyze beside a bare html.Parse of the same page
// in the same wasm and beside Readability.js (Mozilla's reader view, the
// @mozilla/readability devDependency) in the same browser, and the wasm's
// size raw and brotli. Pages: a sample of the real news pages in
// $SHARED/data/article-extraction-benchmark.
//
// Readability runs the way an extension would run it on a page already
// loaded: each page is parsed once into a Document (DOMParser), and what is
// timed is `new Readability(doc.cloneNode(true)).parse()`, the clone included
// (Readability changes the document it reads). It runs in a plain page of the
// loopback server, as it needs no extension privileges. Every figure is the
// best of RUNS runs per page (5; the shared machine's noise only adds time, and
// 3 left the ratios moving by 0.3x between runs), then the median over pages.
//
//   make bench-extension   (N=30 pages, RUNS=5 runs a page, COLD=7 cold starts after READ=1 page, IDLE=1000 ms,
//                           TRACE=5 init traces by default; EXT=dir measures another build;
//                           SW_NETWORK=1 with DevTools' Network domain on in the worker)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import * as h from './exttest/harness.mjs';

const N = Number(process.env.N || 30);
const COLD = Number(process.env.COLD || 7); // cold starts measured
const READ = Number(process.env.READ || 1); // pages read in the session before them
const IDLE = Number(process.env.IDLE || 1000); // ms a woken worker idles before the next stop
const TRACE = Number(process.env.TRACE || 5); // package init traces taken
const RUNS = Number(process.env.RUNS || 5); // runs of analyze, parse and Readability a page; the least counts
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[(s.length - 1) >> 1] : NaN; };
const p90 = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * 0.9))] : NaN; };
// The trace events a traced cold start keeps (the rest of a trace is dropped as it arrives).
const TRACED = /^(v8\.wasm\.moduleCache|wasm\.|thread_name$|EmbeddedWorkerInstanceClientImpl::StartWorker$)/;
const ms = (v) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a');

// The size is the shipped engine's (dist/chrome); dist/chrome-dev, which the timings load, also
// links the bare html.Parse they compare analyze with.
const wasm = readFileSync(join(process.env.SHIP || join(h.ROOT, 'dist/chrome'), 'retold.wasm'));
const devWasm = readFileSync(join(process.env.EXT || join(h.ROOT, 'dist/chrome-dev'), 'retold.wasm'));
const brotli = brotliCompressSync(wasm, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: wasm.length } });

const reals = h.realPages(N);
const seeds = h.seedPages();
const routes = new Map(seeds.map((s) => [`/seed/${s.id}`, { body: h.newsPage(s) }]));
for (const p of reals) routes.set(`/real/${p.id}`, { body: p.html });
const readabilityJS = readFileSync(createRequire(join(h.ROOT, 'package.json')).resolve('@mozilla/readability/Readability.js'));
routes.set('/readability.js', { body: readabilityJS, headers: { 'content-type': 'text/javascript' } });
routes.set('/readability', { body: '<!doctype html><title>Readability</title><script src="/readability.js"></script>' });
const srv = await h.serve(routes);
// Playwright attaches to the extension's service worker and, unless told not to, enables DevTools'
// Network domain there, which keeps a copy of every response body the worker reads: traced, that
// copy of the 4.9 MB wasm held up the compiled module for 20-45 ms on every start (Blink's
// ResponseBodyLoader::DidFinishLoadingBody after V8 had finished). A reader's browser has no
// DevTools attached, so the worker is measured without it (nothing here reads its requests);
// SW_NETWORK=1 measures with it, as this benchmark did before.
if (!process.env.SW_NETWORK) process.env.PLAYWRIGHT_DISABLE_SERVICE_WORKER_NETWORK = '1';
// Start-up and page load (sections 1 and 2) are timed on the engine readers get: START_EXT is
// dist/chrome-dev's layout around the shipped wasm (the Makefile builds it), since the wasm's bytes
// are most of a start. Sections 3 to 5 need the html.Parse baseline, so they load EXT
// (dist/chrome-dev, whose wasm also links it).
let ext = await h.launch({ ext: process.env.START_EXT || process.env.EXT || undefined });
const rows = [];
try {
  // 1. Service-worker cold start. The first start is the one at launch, in a fresh profile:
  // nothing of the engine cached anywhere. Then a reader's session: the worker analyzes READ
  // pages and idles 5 s (a browser keeps an idle worker for 30 s), which is when Chromium
  // writes its wasm code cache (background.js warms it once per build). Then COLD cold starts: stop the worker (DevTools'
  // ServiceWorker.stopAllWorkers, as the browser does after 30 s idle), wake it with a page,
  // read its timing, let it idle IDLE ms. One more cold start is traced to see whether V8
  // took the module from the code cache (trace event v8.wasm.moduleCacheHit); it is not timed.
  await ext.worker().evaluate(() => new Promise((ok) => { const t = setInterval(() => { if (globalThis.retoldTiming.ready) { clearInterval(t); ok(); } }, 20); }));
  const first = await ext.worker().evaluate(() => globalThis.retoldTiming);
  const visit = async (s) => {
    const page = await ext.context.newPage();
    await page.goto(`${srv.base}/seed/${s.id}`);
    await h.scanned(ext, page);
    await page.close();
  };
  for (let i = 0; i < READ; i++) await visit(seeds[i % seeds.length]);
  await new Promise((ok) => setTimeout(ok, 5000));
  const session = await ext.worker().evaluate(() => globalThis.retoldTiming);
  const coldStart = async (i, trace) => {
    const blank = await ext.context.newPage();
    await blank.goto(`chrome-extension://${ext.id}/icon.svg`); // an extension page that does not wake the worker
    const cdp = await ext.context.newCDPSession(blank);
    const events = [];
    let traced = null;
    if (trace) {
      cdp.on('Tracing.dataCollected', (e) => events.push(...e.value.filter((v) => TRACED.test(v.name))));
      traced = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
      await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['disabled-by-default-devtools.timeline', 'v8.wasm',
        'disabled-by-default-v8.wasm.detailed', 'ServiceWorker'] } });
    }
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await blank.waitForTimeout(300);
    await visit(seeds[i % seeds.length]);
    const timing = await ext.worker().evaluate(() => globalThis.retoldTiming);
    if (trace) { await cdp.send('Tracing.end'); await traced; }
    await blank.close();
    await new Promise((ok) => setTimeout(ok, IDLE));
    return { timing, events };
  };
  // What one traced start spends where, from V8's and Chromium's trace events on the worker's
  // thread (the timed starts are not traced: tracing V8's wasm events adds time).
  const startParts = (events, t) => {
    const names = new Map(events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
    const start = events.find((e) => e.name === 'EmbeddedWorkerInstanceClientImpl::StartWorker');
    const sw = events.filter((e) => names.get(`${e.pid}:${e.tid}`) === 'ServiceWorker thread' && start && e.ts >= start.ts);
    if (!start || !sw.length) return null;
    const at = (e) => (e.ts - start.ts) / 1000;
    const dur = (e) => (e ? (e.dur || 0) / 1000 : NaN);
    const one = (name) => sw.find((e) => e.name === name);
    const bytes = sw.filter((e) => e.name === 'wasm.OnBytesReceived');
    const after = one('wasm.CompilationAfterDeserialization');
    // go.run's window in trace time: the worker's own marks are ms since it started.
    const inRun = (e) => at(e) >= t.instantiated - 1 && at(e) <= t.started + 1;
    const lazy = sw.filter((e) => e.name === 'wasm.CompileLazy' && inRun(e));
    const grows = sw.filter((e) => e.name === 'wasm.GrowMemory');
    const sum = (xs) => xs.reduce((n, e) => n + dur(e), 0);
    return {
      urlSet: one('wasm.SetUrl') ? at(one('wasm.SetUrl')) : NaN,
      read: bytes.length && one('wasm.SetUrl') ? at(bytes.at(-1)) + dur(bytes.at(-1)) - at(one('wasm.SetUrl')) : NaN,
      finish: dur(one('wasm.FinishStreaming')), deserialize: dur(one('wasm.Deserialize')),
      eager: after ? after.args.num_eager_functions : NaN, lazyFns: after ? after.args.num_lazy_functions : NaN,
      build: dur(one('wasm.InstanceBuilder.Build')), runLazy: lazy.length, runLazyMs: sum(lazy),
      grows: grows.length, growMs: sum(grows), runGrows: grows.filter(inRun).length,
    };
  };
  const colds = [];
  for (let i = 0; i < COLD; i++) {
    const { timing } = await coldStart(i, false);
    if (timing) colds.push(timing);
  }
  const { events: hits, timing: tracedTiming } = await coldStart(COLD, true);
  const tp = startParts(hits, tracedTiming);
  const spread = (xs) => `${ms(Math.min(...xs))}–${ms(Math.max(...xs))}`;
  // The parts of a start; a build without the `compiled` field has compile and instantiate in one.
  const parts = (t) => [t.script, t.fetched - t.script, (t.compiled || t.instantiated) - t.fetched, t.instantiated - (t.compiled || t.instantiated),
    t.started - t.instantiated, t.ready - t.started];
  const partNames = 'background.js running / wasm response / compiled / instantiated / go.run / lexicon data handed in';
  rows.push(['first service worker start after install (fresh profile, nothing cached) to engine ready', ms(first.ready)]);
  rows.push([`  of which: ${partNames}`, parts(first).map(ms).join(' / ')]);
  rows.push([`later starts: service worker start to engine ready (${colds.length} cold starts after ${READ} pages read, median; range)`, `${ms(median(colds.map((t) => t.ready)))}; ${spread(colds.map((t) => t.ready))}`]);
  rows.push([`  of which (medians): ${partNames}`, parts(colds[0]).map((_, k) => ms(median(colds.map((t) => parts(t)[k])))).join(' / ')]);
  rows.push(['  wasm compiled from', [...new Set(colds.map((t) => t.engineFrom || '?'))].join(', ')]);
  rows.push(['  V8 code cache on one more (traced) cold start', hits.some((e) => e.name === 'v8.wasm.moduleCacheHit')
    ? `hit, ${(Number((hits.find((e) => e.name === 'v8.wasm.moduleCacheHit').args || {}).consumedCacheSize || 0) / 1e6).toFixed(2)} MB of compiled code`
    : `no hit${hits.length ? ` (${hits.map((e) => e.name).join(', ')})` : ''}`]);
  if (tp) {
    rows.push(['  traced start: the wasm response in (streaming begins) / its 4.9 MB read / compile finished after the last byte (of which the code cache deserialised) / instantiate\'s InstanceBuilder',
      `${ms(tp.urlSet)} / ${ms(tp.read)} / ${ms(tp.finish)} (${ms(tp.deserialize)}) / ${ms(tp.build)}`]);
    rows.push(['  traced start: functions V8 compiles after the cache hit, in the background / left lazy; compiled on first call inside go.run; memory.grow calls (inside go.run)',
      `${tp.eager} / ${tp.lazyFns}; ${tp.runLazy} (${ms(tp.runLazyMs)}); ${tp.grows} (${tp.runGrows}), ${ms(tp.growMs)}`]);
  }
  rows.push(['  warm-up of a new build: its analyses in the background after the session\'s first page', session.warmed
    ? ms(session.warmed - session.firstAnalysis) : 'none (this build was warmed before, or it does not warm)']);
  rows.push(['later starts: service worker start to the first page analyzed (includes that page loading and sending its HTML)', ms(median(colds.map((t) => t.firstAnalysis)))]);
  rows.push(['  of which: the page\'s HTML arriving / the engine up for it / the first analysis itself',
    [median(colds.map((t) => t.firstRequest)), median(colds.map((t) => t.firstEngine)), median(colds.map((t) => t.firstAnalysis - t.firstEngine))].map(ms).join(' / ')]);

  // 2. Page load to highlights, on the seed pages (they carry flags).
  const loads = [];
  for (const s of seeds) {
    const page = await ext.context.newPage();
    await page.addInitScript(() => {
      const poll = () => {
        if (CSS.highlights.size) { window.__retoldFirstHighlight = performance.now(); return; }
        requestAnimationFrame(poll);
      };
      requestAnimationFrame(poll);
    });
    await page.goto(`${srv.base}/seed/${s.id}`);
    await h.scanned(ext, page);
    const v = await page.evaluate(() => window.__retoldFirstHighlight || NaN);
    if (Number.isFinite(v)) loads.push(v);
    await page.close();
  }
  rows.push([`navigation start to highlights painted (${loads.length} seed pages, median)`, ms(median(loads))]);

  if (process.env.START_EXT) {
    await ext.close();
    ext = await h.launch({ ext: process.env.EXT || undefined }); // EXT: another build's unpacked dir, to compare
  }

  // 3. analyze beside html.Parse, in one fresh engine in an extension page.
  const bench = await ext.context.newPage();
  await bench.goto(`chrome-extension://${ext.id}/options.html`);
  const res = await bench.evaluate(async ([pages, runs]) => {
    await new Promise((ok, fail) => { const s = document.createElement('script'); s.src = 'wasm_exec.js'; s.onload = ok; s.onerror = fail; document.head.append(s); });
    const bytes = await (await fetch('retold.wasm')).arrayBuffer();
    const lexicon = new Uint8Array(await (await fetch('lexicon.bin')).arrayBuffer());
    const t0 = performance.now();
    const mod = await WebAssembly.compile(bytes);
    const t1 = performance.now();
    const go = new Go();
    const inst = await WebAssembly.instantiate(mod, go.importObject);
    go.run(inst);
    await globalThis.retold.loadLexicon(lexicon);
    const t2 = performance.now();
    await globalThis.retold.status();
    const t3 = performance.now();
    const out = { compile: t1 - t0, run: t2 - t1, firstIndex: t3 - t2, pages: [] };
    for (const p of pages) {
      const r = await fetch(p.url);
      const page = new Uint8Array(await r.arrayBuffer());
      let a = Infinity;
      let b = Infinity;
      let flags = 0;
      for (let k = 0; k < runs; k++) {
        let t = performance.now();
        await globalThis.retold.parse(page);
        b = Math.min(b, performance.now() - t);
        t = performance.now();
        flags = JSON.parse(await globalThis.retold.analyze(page, p.url)).flags.length;
        a = Math.min(a, performance.now() - t);
      }
      out.pages.push({ size: page.length, analyze: a, parse: b, flags });
    }
    return out;
  }, [reals.map((p) => ({ url: `${srv.base}/real/${p.id}` })), RUNS]);
  await bench.close();

  // 5. The Go package init trace (GODEBUG=inittrace=1) of the engine in this browser: TRACE
  // fresh instances, each in a fresh extension page, the least time of each package kept (the
  // machine's noise only ever adds). Package init runs inside go.run at every cold start.
  const inits = new Map(); // package -> { ms, bytes, allocs }
  const runs = [];
  for (let k = 0; k < TRACE; k++) {
    const tp = await ext.context.newPage();
    const lines = [];
    tp.on('console', (m) => { if (m.text().startsWith('init ')) lines.push(m.text()); });
    await tp.goto(`chrome-extension://${ext.id}/options.html`);
    const run = await tp.evaluate(async () => {
      await new Promise((ok, fail) => { const s = document.createElement('script'); s.src = 'wasm_exec.js'; s.onload = ok; s.onerror = fail; document.head.append(s); });
      const mod = await WebAssembly.compile(await (await fetch('retold.wasm')).arrayBuffer());
      const go = new Go();
      go.env = { GODEBUG: 'inittrace=1' };
      const inst = await WebAssembly.instantiate(mod, go.importObject);
      const t = performance.now();
      go.run(inst);
      return performance.now() - t;
    });
    await tp.waitForTimeout(100); // console events arrive asynchronously
    await tp.close();
    runs.push({ run, sum: 0 });
    for (const l of lines) {
      const m = /^init (\S+) @[\d.]+ ms, ([\d.]+) ms clock, (\d+) bytes, (\d+) allocs/.exec(l);
      if (!m) continue;
      runs[k].sum += Number(m[2]);
      const prev = inits.get(m[1]);
      if (!prev || Number(m[2]) < prev.ms) inits.set(m[1], { ms: Number(m[2]), bytes: Number(m[3]), allocs: Number(m[4]) });
    }
  }

  // 4. Readability.js on the same pages, in the same browser.
  const rpage = await ext.context.newPage();
  await rpage.goto(`${srv.base}/readability`);
  const rd = await rpage.evaluate(async ([pages, runs]) => {
    const out = [];
    for (const p of pages) {
      const doc = new DOMParser().parseFromString(await (await fetch(p.url)).text(), 'text/html');
      let best = Infinity;
      let chars = 0;
      for (let k = 0; k < runs; k++) {
        const t = performance.now();
        const art = new Readability(doc.cloneNode(true)).parse();
        best = Math.min(best, performance.now() - t);
        chars = art && art.textContent ? art.textContent.length : 0;
      }
      out.push({ readability: best, chars });
    }
    return out;
  }, [reals.map((p) => ({ url: `${srv.base}/real/${p.id}` })), RUNS]);
  await rpage.close();

  rows.push(['wasm compile (WebAssembly.compile)', ms(res.compile)]);
  rows.push(['Go runtime and package init to binding ready (go.run, then loadLexicon)', ms(res.run)]);
  rows.push(['first index decode (embedded corpus, wakes the lexicon)', ms(res.firstIndex)]);
  const an = res.pages.map((p) => p.analyze);
  const pa = res.pages.map((p) => p.parse);
  const ratios = res.pages.map((p) => p.analyze / p.parse);
  rows.push([`analyze, ${res.pages.length} real pages (median / p90)`, `${ms(median(an))} / ${ms(p90(an))}`]);
  rows.push(['bare html.Parse of the same pages (median / p90)', `${ms(median(pa))} / ${ms(p90(pa))}`]);
  rows.push(['analyze ÷ parse, per page (median)', `${median(ratios).toFixed(2)}x`]);
  const rt = rd.map((p) => p.readability);
  rows.push(['Readability.js parse of a clone of the same pages, same browser (median / p90)', `${ms(median(rt))} / ${ms(p90(rt))}`]);
  rows.push(['analyze ÷ Readability, per page (median)', `${median(res.pages.map((p, i) => p.analyze / rt[i])).toFixed(2)}x`]);
  rows.push(['flags on these pages (unrelated to the corpus)', String(res.pages.reduce((n, p) => n + p.flags, 0))]);
  if (inits.size) {
    const all = [...inits.values()].reduce((n, v) => n + v.ms, 0);
    rows.push([`package init, ${TRACE} traced go.run in a page (median go.run; median of the inits' sum; sum of each package's least)`,
      `${ms(median(runs.map((r) => r.run)))}; ${median(runs.map((r) => r.sum)).toFixed(2)} ms; ${all.toFixed(2)} ms in ${inits.size} packages`]);
    for (const [name, v] of [...inits].sort((a, b) => b[1].ms - a[1].ms).slice(0, 10)) {
      rows.push([`  init ${name} (least of ${TRACE}; bytes, allocs)`, `${v.ms.toFixed(2)} ms; ${v.bytes} B, ${v.allocs}`]);
    }
  }
} finally {
  await ext.close();
  await srv.close();
}
rows.push([`wasm size raw / brotli (quality 11), shipped (dist/chrome${process.env.START_EXT ? '; the start-up and page-load rows ran it' : ''})`, `${(wasm.length / 1e6).toFixed(2)} MB / ${(brotli.length / 1e6).toFixed(2)} MB (brotli ${brotli.length} bytes)`]);
rows.push(['wasm size raw, the build with the html.Parse baseline that analyze and parse are timed in (dist/chrome-dev)', `${(devWasm.length / 1e6).toFixed(2)} MB`]);
const lex = readFileSync(join(h.ROOT, 'dist/chrome-dev/lexicon.bin'));
const lexBr = brotliCompressSync(lex, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
rows.push(['lexicon.bin beside it, raw / brotli (fetched while the wasm compiles)', `${(lex.length / 1e6).toFixed(2)} MB / ${(lexBr.length / 1e6).toFixed(2)} MB`]);
const w = Math.max(...rows.map((r) => r[0].length));
console.log(`| ${'what'.padEnd(w)} | figure |\n|${'-'.repeat(w + 2)}|---|`);
for (const [k, v] of rows) console.log(`| ${k.padEnd(w)} | ${v} |`);
