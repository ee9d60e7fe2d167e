// Retold's background: the only place the engine runs (a service worker in
// Chromium, a background page in Firefox; a page's CSP would block wasm in a
// content script). It answers the content script, the popup and the options
// page; keeps the scan scope (content scripts registered only for the sites
// the reader granted); and syncs the index from the reader's backend.
//
// A service worker is stopped whenever the browser likes, so nothing lives
// only in memory: the accepted index bytes are in IndexedDB and the settings
// in chrome.storage.local, and a restarted worker reloads both before it
// answers. Page text only ever goes to the engine in this worker.
'use strict';

// ---- the engine's wasm: requested and compiled before anything else ----

// When, in ms since the worker started, this script began (before
// wasm_exec.js is loaded), the wasm's response arrived, the module was
// compiled (engineFrom: 'stream' from the response, or 'bytes' if the
// browser refused to stream it) and instantiated, go.run returned, the engine
// could first answer (its lexicon data in), the first page arrived, its
// analysis began (the engine up) and ended, and a warm-up of the code cache
// (below) ended (for the benchmark; reported by status).
const timing = { script: performance.now(), fetched: 0, compiled: 0, instantiated: 0, started: 0, ready: 0, firstRequest: 0, firstEngine: 0, firstAnalysis: 0, warmed: 0, engineFrom: '' };
globalThis.retoldTiming = timing;

// The wasm is compiled from the extension's own file with
// WebAssembly.compileStreaming, and that is what lets a later start skip most
// of the work: Chromium keeps a compiled module's optimised code in its wasm
// code cache, keyed by the response's URL (chrome-extension:// URLs included)
// and checked against a hash of the bytes, once the engine has done enough
// work in one worker's life; the next start deserialises that code, and the
// functions the last run executed are compiled in the background at once
// instead of one by one as go.run and the first analysis reach them. Only a
// fetch() response of the URL itself carries the cache: a Response from Cache
// Storage or built with new Response() compiles from scratch every time,
// which is why the engine is no longer copied there (an older build's copy is
// deleted by the warm-up below), and IndexedDB refuses a WebAssembly.Module.
// The fetch starts before wasm_exec.js is even loaded, by a URL relative to
// this script (the same chrome-extension:// URL, without waking the extension
// API first); the module waits for its imports in startEngine. A failed
// compile is forgotten, so the next request tries again.
const ENGINE_URL = 'retold.wasm';
let engineModule = compileEngine();

function compileEngine() {
  const resp = fetch(ENGINE_URL);
  resp.then(() => { timing.fetched = performance.now(); }, () => {});
  const mod = WebAssembly.compileStreaming(resp).then((m) => {
    timing.engineFrom = 'stream';
    return m;
  }, async () => {
    // Some browsers serve extension files without the wasm MIME type.
    const r = await fetch(ENGINE_URL);
    if (!r.ok) throw new Error(`retold.wasm: ${r.status}`);
    const m = await WebAssembly.compile(await r.arrayBuffer());
    timing.engineFrom = 'bytes';
    return m;
  });
  mod.then(() => { timing.compiled = performance.now(); }, () => { engineModule = null; });
  return mod;
}

// Chromium writes that cache only when V8 says a chunk of newly optimised
// (TurboFan) code is ready, and in practice that means: once 1,000,000 bytes
// of it have piled up in one worker's life (V8's
// --wasm-caching-hard-threshold). The other trigger, 2 s without new optimised
// code after the first 1,000 bytes (--wasm-caching-timeout-ms,
// --wasm-caching-threshold), never fires for us: when code was optimised
// meanwhile, V8's src/wasm/module-compiler.cc
// (CompilationStateImpl::TriggerCachingAfterTimeout) re-posts its task with
// the remaining milliseconds as the delay, which the platform reads as
// seconds. Measured with this engine: a news page plus 5 more analyses of it
// optimise between 0.8 and 1.0 MB (no cache entry); 8 cross it, and the entry
// (1.3 MB) is written at once; a short page (600 characters of text) does not
// cross it in 12. A reader who opens one article per wake (the browser stops a
// worker idle for 30 s) would never get there. So once per build
// (ENGINE_BUILD: the wasm's hash, which build-extension.mjs writes into the
// line below), after the first page a worker has analyzed, it runs WARM.runs
// more analyses in the background, in turn of WARM.page (the default corpus's
// seed articles, which build-extension.mjs writes: the embedded index holds
// them, so these also run the code that builds flags) and of that page (what
// this reader's pages run), WARM.gapMs apart so that a reader's request is not
// held up by more than one of them, and notes the build as warmed
// WARM.noteAfterMs later (a worker stopped before that leaves the next one to
// warm). Both pages together cross the threshold with a first page of 300
// characters; WARM.runs is half as much again as the 8 that crossed with one
// news page, for other V8 versions. A page over WARM.maxBytes leaves the
// warm-up to a smaller one. That costs 1-2 s of background work once per
// build (measured under load); every later start then skips the compile of the hot code and the
// first analysis runs optimised. Unbuilt, nothing is warmed.
const ENGINE_BUILD = 'unbuilt';
const WARM = { runs: 12, gapMs: 50, noteAfterMs: 5000, maxBytes: 512 << 10, key: 'engineWarmed', page: 'warm.html' };
let warmTried = false; // at most one warm-up per worker life

async function warmCodeCache(rt, bytes, url) {
  if (warmTried || bytes.length > WARM.maxBytes || !/^[0-9a-f]{16}$/.test(ENGINE_BUILD)) return;
  warmTried = true;
  try {
    const { [WARM.key]: warmed } = await chrome.storage.local.get(WARM.key);
    if (warmed === ENGINE_BUILD) return;
    // Builds before this one kept a copy of the wasm in Cache Storage.
    if (globalThis.caches) caches.delete('retold-engine').catch(() => {});
    // What the warm-up crosses is Chromium's; Firefox runs this file as a
    // background page, not a service worker, where a second of analyses
    // would buy nothing we have measured, so it only notes the build.
    if (typeof ServiceWorkerGlobalScope !== 'undefined') {
      const seeds = await fetch(WARM.page).then((r) => (r.ok ? r.arrayBuffer() : null)).catch(() => null);
      const pages = [seeds ? [new Uint8Array(seeds), new URL(WARM.page, self.location.href).href] : [bytes, url], [bytes, url]];
      for (let i = 0; i < WARM.runs; i++) {
        await new Promise((ok) => setTimeout(ok, WARM.gapMs));
        await rt.analyze(...pages[i % 2]);
      }
    }
    timing.warmed = performance.now();
    setTimeout(() => chrome.storage.local.set({ [WARM.key]: ENGINE_BUILD }).catch(() => {}), WARM.noteAfterMs);
  } catch { /* a failed warm-up costs only speed */ }
}

if (typeof Go === 'undefined') importScripts('wasm_exec.js');

const SCRIPT_ID = 'retold-content';
const SYNC_ALARM = 'retold-sync';
const SYNC_MINUTES = 60;
const PAGE_BYTES = 4 << 20; // the engine's page limit

// ---- storage: settings in chrome.storage.local, index bytes in IndexedDB ----

const DB = { name: 'retold', store: 'index', key: 'current' };

function idb(mode, fn) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB.name, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(DB.store);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction(DB.store, mode);
      const req = fn(tx.objectStore(DB.store));
      tx.oncomplete = () => { open.result.close(); resolve(req && req.result); };
      tx.onerror = () => { open.result.close(); reject(tx.error); };
    };
  });
}
const savedIndex = () => idb('readonly', (s) => s.get(DB.key));
const saveIndex = (rec) => idb('readwrite', (s) => s.put(rec, DB.key));
const dropIndex = () => idb('readwrite', (s) => s.delete(DB.key));

async function settings() {
  const s = await chrome.storage.local.get(['backend', 'publicKey', 'disabled', 'sync']);
  return { backend: s.backend || '', publicKey: s.publicKey || '', disabled: s.disabled || [], sync: s.sync || {} };
}
async function noteSync(state) {
  await chrome.storage.local.set({ sync: { ...state, at: new Date().toISOString() } });
}

// ---- the engine ----

let engine = null; // a promise of globalThis.retold, with the saved index loaded

function startEngine() {
  if (!engine) {
    engine = (async () => {
      // The saved index is read from IndexedDB, and the lexicon's data file
      // fetched, while the wasm compiles. The wasm is built without
      // lexicon.bin (data, not code: inside, it only made the module larger).
      const saved = savedIndex().catch(() => null);
      const lexicon = fetch(chrome.runtime.getURL('lexicon.bin')).then((r) => {
        if (!r.ok) throw new Error(`lexicon.bin: ${r.status}`);
        return r.arrayBuffer();
      });
      lexicon.catch(() => {}); // awaited below; no unhandled rejection meanwhile
      const mod = await (engineModule || (engineModule = compileEngine()));
      const go = new Go();
      const inst = await WebAssembly.instantiate(mod, go.importObject);
      timing.instantiated = performance.now();
      go.run(inst); // registers globalThis.retold before returning control
      const rt = globalThis.retold;
      timing.started = performance.now();
      await rt.loadLexicon(new Uint8Array(await lexicon));
      timing.ready = performance.now();
      const rec = await saved;
      if (rec && rec.bytes) {
        try {
          await loadIndex(rt, rec.bytes, rec.publicKey, rec.source);
        } catch (e) {
          await noteSync({ ok: false, error: `saved index refused: ${e.message}` });
        }
      }
      return rt;
    })();
    engine.catch(() => { engine = null; });
  }
  return engine;
}

// Languages whose pack this worker has loaded or found missing.
const triedLangs = new Set();

async function analyze(html, url) {
  if (!timing.firstRequest) timing.firstRequest = performance.now();
  const rt = await startEngine();
  const page = new TextEncoder().encode(html);
  const bytes = page.length > PAGE_BYTES ? page.subarray(0, PAGE_BYTES) : page;
  if (!timing.firstEngine) timing.firstEngine = performance.now();
  let res = JSON.parse(await rt.analyze(bytes, url));
  if (!timing.firstAnalysis) timing.firstAnalysis = performance.now();
  warmCodeCache(rt, bytes, url);
  const needs = (res.needs || []).filter((l) => /^[a-z]{2,3}$/.test(l) && !triedLangs.has(l));
  if (needs.length) {
    let loaded = false;
    for (const lang of needs) {
      triedLangs.add(lang);
      try {
        const r = await fetch(chrome.runtime.getURL(`lang/${lang}.bin`));
        if (!r.ok) continue;
        await rt.loadLanguage(new Uint8Array(await r.arrayBuffer()));
        loaded = true;
      } catch { /* no pack for this language in this build */ }
    }
    if (loaded) res = JSON.parse(await rt.analyze(bytes, url));
  }
  return res;
}

async function status() {
  const rt = await startEngine();
  const s = JSON.parse(await rt.status());
  const { backend, sync } = await settings();
  return { ...s, backend, sync, timing };
}

// ---- index signatures ----
//
// An index from the backend or a file replaces the current one only when its
// ed25519 signature verifies against the key the reader pinned. The check is
// WebCrypto's, here, before the bytes reach the engine: in the engine's wasm,
// Go's crypto/ed25519 linked Go's FIPS 140 module, tens of KB of a binary
// every worker start compiles, for what the browser already does (Ed25519 in
// WebCrypto: Chromium 137, Firefox 129; the manifest asks for both or later).
// The engine then checks the format and the payload's SHA-256, which the
// signed header holds. The header's layout is shared/index/format.go's; these
// checks and messages are shared/index/signature's Verify.
const HEADER = { magic: 'RETOLDIX', size: 152, flags: 10, signedFlag: 1, key: 56, sig: 88 };

async function verifyIndex(bytes, publicKey) {
  let key = null;
  try { key = Uint8Array.from(atob(String(publicKey).trim()), (c) => c.charCodeAt(0)); } catch { /* not base64 */ }
  if (!key || key.length !== 32) throw new Error('the public key is not a base64 ed25519 public key (32 bytes)');
  if (bytes.length < HEADER.size || String.fromCharCode(...bytes.subarray(0, 8)) !== HEADER.magic) throw new Error('not a Retold index');
  if (!(bytes[HEADER.flags] & HEADER.signedFlag)) throw new Error('index is not signed');
  // The file names its signer; only the pinned key counts.
  const signer = bytes.subarray(HEADER.key, HEADER.key + 32);
  let ok = signer.every((b, i) => b === key[i]);
  if (ok) {
    let k;
    try {
      k = await crypto.subtle.importKey('raw', key, { name: 'Ed25519' }, false, ['verify']);
    } catch (e) {
      if (e && e.name === 'NotSupportedError') throw new Error(`this browser cannot check ed25519 signatures (${e.message}): update it`);
      throw new Error('the public key is not a base64 ed25519 public key (32 bytes)');
    }
    ok = await crypto.subtle.verify({ name: 'Ed25519' }, k, bytes.subarray(HEADER.sig, HEADER.sig + 64), bytes.subarray(0, HEADER.sig));
  }
  if (!ok) throw new Error('index signature does not verify');
}

// loadIndex makes bytes the engine's index once their signature verifies;
// it throws on refusal, and the current index stays.
async function loadIndex(rt, bytes, publicKey, source) {
  await verifyIndex(bytes, publicKey);
  return rt.loadIndex(bytes, source);
}

// ---- backend sync (GET {backend}/v1/index with the ETag) ----

function endpoint(backend, path) {
  const u = new URL(path, backend.endsWith('/') ? backend : backend + '/');
  if (u.protocol !== 'https:' && !/^(127\.0\.0\.1|localhost|\[::1\])$/.test(u.hostname)) {
    throw new Error('the backend address must use https (http only on this computer)');
  }
  return u.href;
}

let syncing = null;
function sync(force) {
  if (!syncing) syncing = doSync(force).finally(() => { syncing = null; });
  return syncing;
}

async function doSync(force) {
  const { backend, publicKey } = await settings();
  if (!backend || !publicKey) return { ok: false, error: 'no backend set' };
  const rt = await startEngine();
  const rec = await savedIndex().catch(() => null);
  const headers = {};
  // The ETag stands only for bytes already verified against this backend and this key.
  if (!force && rec && rec.source === 'backend' && rec.etag && rec.backend === backend && rec.publicKey === publicKey) headers['If-None-Match'] = rec.etag;
  let resp;
  try {
    resp = await fetch(endpoint(backend, 'v1/index'), { headers, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' });
  } catch (e) {
    // Offline or unreachable: keep what we have (the saved index or the embedded corpus).
    const state = { ok: false, error: `backend unreachable (${e.message}); keeping the current corpus` };
    await noteSync(state);
    return state;
  }
  if (resp.status === 304) {
    const state = { ok: true, unchanged: true };
    await noteSync(state);
    return state;
  }
  if (!resp.ok) {
    const state = { ok: false, error: `backend answered ${resp.status}; keeping the current corpus` };
    await noteSync(state);
    return state;
  }
  const bytes = new Uint8Array(await resp.arrayBuffer());
  try {
    await loadIndex(rt, bytes, publicKey, 'backend');
  } catch (e) {
    const state = { ok: false, error: `index refused: ${e.message}; keeping the current corpus` };
    await noteSync(state);
    return state;
  }
  await saveIndex({ bytes, publicKey, source: 'backend', etag: resp.headers.get('ETag') || '', backend });
  const state = { ok: true };
  await noteSync(state);
  return state;
}

async function importIndex(b64, publicKey) {
  const rt = await startEngine();
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  await loadIndex(rt, bytes, publicKey, 'imported'); // throws on refusal: the current index stays
  await saveIndex({ bytes, publicKey, source: 'imported', etag: '', backend: '' });
  await noteSync({ ok: true, imported: true });
}

async function useEmbedded() {
  const rt = await startEngine();
  await rt.resetIndex();
  await dropIndex();
}

async function claimDetails(id) {
  const { backend } = await settings();
  if (!backend) throw new Error('no backend set');
  if (!/^c[0-9a-f]{12}$/.test(id)) throw new Error('not a claim id');
  const r = await fetch(endpoint(backend, `v1/claims/${id}`), { credentials: 'omit', referrerPolicy: 'no-referrer' });
  if (!r.ok) throw new Error(`backend answered ${r.status}`);
  return r.json();
}

// ---- scan scope: content scripts only on the sites the reader granted ----

async function registerSites() {
  const { origins = [] } = await chrome.permissions.getAll();
  const { disabled } = await settings();
  const matches = origins.filter((o) => /^https?:\/\//.test(o) && !disabled.includes(o));
  const existing = await chrome.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] }).catch(() => []);
  if (existing.length) await chrome.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
  if (matches.length) {
    await chrome.scripting.registerContentScripts([{
      id: SCRIPT_ID, matches, js: ['content.js'], css: ['content.css'], runAt: 'document_idle', persistAcrossSessions: true,
    }]);
  }
}

async function scanTab(tabId) {
  await chrome.scripting.insertCSS({ target: { tabId }, files: ['content.css'] });
  await chrome.scripting.executeScript({ target: { tabId }, files: ['content.js'] });
}

// ---- messages ----

const handlers = {
  // The answer says whether a backend is set, for the popover's "details".
  analyze: (m, sender) => Promise.all([analyze(String(m.html || ''), String(m.url || (sender.tab && sender.tab.url) || '')), settings()]).then(([res, s]) => {
    if (sender.tab && sender.tab.id >= 0) {
      chrome.action.setBadgeText({ tabId: sender.tab.id, text: res.flags.length ? String(res.flags.length) : '' }).catch(() => {});
    }
    return { ...res, backend: Boolean(s.backend) };
  }),
  status: () => status(),
  // "Update now" asks with the ETag: an unchanged index costs a 304, not a download.
  sync: () => sync(false),
  importIndex: (m) => importIndex(String(m.bytes || ''), String(m.publicKey || '')),
  useEmbedded: () => useEmbedded(),
  claim: (m) => claimDetails(String(m.id || '')),
  registerSites: () => registerSites(),
  scanTab: (m) => scanTab(m.tabId),
  setBackend: async (m) => {
    await chrome.storage.local.set({ backend: String(m.backend || '').trim(), publicKey: String(m.publicKey || '').trim() });
    return sync(true);
  },
  setSite: async (m) => {
    const { disabled } = await settings();
    const next = disabled.filter((o) => o !== m.origin);
    if (!m.on) next.push(m.origin);
    await chrome.storage.local.set({ disabled: next });
    await registerSites();
  },
};

chrome.runtime.onMessage.addListener((msg, sender, reply) => {
  const h = msg && handlers[msg.type];
  if (!h || sender.id !== chrome.runtime.id) return false;
  // Only the content script may ask for analysis; only extension pages for the rest.
  const fromPage = Boolean(sender.tab) && !String(sender.url || '').startsWith(chrome.runtime.getURL(''));
  if (fromPage && !['analyze', 'claim', 'status'].includes(msg.type)) return false;
  Promise.resolve().then(() => h(msg, sender))
    .then((value) => reply({ ok: true, value }), (e) => reply({ ok: false, error: String((e && e.message) || e) }));
  return true;
});

chrome.permissions.onAdded.addListener(() => registerSites());
chrome.permissions.onRemoved.addListener(() => registerSites());
chrome.alarms.onAlarm.addListener((a) => { if (a.name === SYNC_ALARM) sync(false); });
chrome.runtime.onInstalled.addListener(() => {
  chrome.alarms.create(SYNC_ALARM, { periodInMinutes: SYNC_MINUTES, delayInMinutes: 1 });
  registerSites();
});
chrome.runtime.onStartup.addListener(() => { sync(false); });

// Start the engine as soon as the worker starts: a content script's first
// message usually is what woke it.
startEngine();
