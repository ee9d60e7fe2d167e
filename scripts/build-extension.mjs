// build-extension.mjs assembles one unpacked extension from manifest.json,
// extension/ and the built wasm: node scripts/build-extension.mjs TARGET OUT WASM
//
// TARGET is chrome, firefox or chrome-dev. The manifest is the same for
// Chromium and Firefox; chrome-dev adds content scripts and host permissions
// for http://127.0.0.1 and http://localhost, so tests see pages scanned
// without a reader granting anything. _locales moves to the extension root;
// wasm_exec.js comes from the Go root; the wasm gets a larger initial memory
// (ENGINE_MEMORY_PAGES); lexicon.bin from shared/lexicon;
// background.js gets the wasm's hash (ENGINE_BUILD); warm.html from the seed
// articles; language packs from shared/lexicon/packs/ when there are any.
// Test files never ship.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

// The engine's linear memory at instantiation, in 64 KiB wasm pages: 16 MiB.
// Go's linker asks for its data plus 1 MiB (3.4 MiB here), and the runtime
// then grows the memory a few pages at a time as its heap grows: 5 memory.grow
// calls inside go.run and about 20 by the end of the first analysis, which
// holds 10-11 MiB (traced in the service worker; each grow detaches the
// memory's ArrayBuffer and took up to 8 ms there). With 16 MiB from the start
// the runtime takes its first 16 MiB without one (its sbrk grows only past
// the memory it was given). Pages the engine never touches cost no physical
// memory in Chromium or Firefox; only the bytes in the module's memory
// section change.
const ENGINE_MEMORY_PAGES = 256;

// withInitialMemory returns the wasm module with its one memory's minimum
// raised to pages (never lowered), or throws if the module is not laid out as
// Go's linker writes it (one memory section holding one memory, no maximum),
// so that a changed linker fails the build rather than shipping a guess.
function withInitialMemory(bytes, pages) {
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (bytes.length < 8 || magic.some((b, i) => bytes[i] !== b)) throw new Error('retold.wasm: not a wasm 1 module');
  let p = 8;
  const uleb = () => {
    let v = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (p >= bytes.length) break;
      const b = bytes[p++];
      v += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return v;
    }
    throw new Error('retold.wasm: bad LEB128 number');
  };
  const encode = (n) => {
    const out = [];
    do {
      let b = n & 0x7f;
      n = Math.floor(n / 128);
      if (n) b |= 0x80;
      out.push(b);
    } while (n);
    return out;
  };
  while (p < bytes.length) {
    const start = p;
    const id = bytes[p++];
    const size = uleb();
    const end = p + size;
    if (end > bytes.length) throw new Error('retold.wasm: section past the end');
    if (id === 5) {
      const count = uleb();
      const flags = bytes[p++];
      const min = uleb();
      if (count !== 1 || flags !== 0 || p !== end) throw new Error('retold.wasm: memory section not as Go writes it');
      const body = [1, 0, ...encode(Math.max(min, pages))];
      return Buffer.concat([bytes.subarray(0, start), Buffer.from([5, ...encode(body.length), ...body]), bytes.subarray(end)]);
    }
    p = end;
  }
  throw new Error('retold.wasm: no memory section');
}

const [target, out, wasm] = process.argv.slice(2);
if (!['chrome', 'firefox', 'chrome-dev'].includes(target) || !out || !wasm) {
  console.error('usage: build-extension.mjs chrome|firefox|chrome-dev OUTDIR WASM');
  process.exit(2);
}
const tmp = `${out}.tmp`;
rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp, { recursive: true });
for (const f of readdirSync('extension')) {
  if (f === 'test') continue;
  cpSync(join('extension', f), join(tmp, f), { recursive: true });
}
const goroot = execFileSync('go', ['env', 'GOROOT']).toString().trim();
cpSync(join(goroot, 'lib/wasm/wasm_exec.js'), join(tmp, 'wasm_exec.js'));
const engine = withInitialMemory(readFileSync(wasm), ENGINE_MEMORY_PAGES);
writeFileSync(join(tmp, 'retold.wasm'), engine);
// The background warms Chromium's wasm code cache once per build, the wasm's
// hash, written into its ENGINE_BUILD line: a changed wasm is warmed again.
const build = createHash('sha256').update(engine).digest('hex').slice(0, 16);
const bgPath = join(tmp, 'background.js');
const bgLine = /^const ENGINE_BUILD = '[^']*';$/m;
const bg = readFileSync(bgPath, 'utf8');
if (!bgLine.test(bg)) throw new Error('extension/background.js has no ENGINE_BUILD line');
writeFileSync(bgPath, bg.replace(bgLine, `const ENGINE_BUILD = '${build}';`));
// warm.html: the seed articles of the default corpus, which the background
// analyzes with the reader's first page of a build to warm Chromium's wasm
// code cache (background.js, WARM): the embedded index holds them, so the
// warm-up also runs the code that builds flags, and a short first page still
// gets the engine optimised enough for V8 to cache it.
const seedDir = 'shared/corpus/seeds';
const esc = (t) => t.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
const paras = readdirSync(seedDir).filter((f) => f.endsWith('.txt')).sort().flatMap((f) => readFileSync(join(seedDir, f), 'utf8')
  .replace(/^Original url:.*$/gim, '').replace(/^#+\s*/gm, '')
  .split(/\n\s*\n/).map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean));
if (!paras.length) throw new Error(`no seed articles in ${seedDir}`);
// Firefox's background is a page and does not warm (background.js).
if (target !== 'firefox') writeFileSync(join(tmp, 'warm.html'), `<!doctype html>\n<html><head><meta charset="utf-8"><title>Retold</title></head>\n<body><main><article>\n${
  paras.map((t) => `<p>${esc(t)}</p>`).join('\n')}\n</article></main></body></html>\n`);
// The lexicon's data ships beside the wasm, which is built without it
// (Makefile: -tags retold_lexicon_file); the background hands it over.
cpSync('shared/lexicon/lexicon.bin', join(tmp, 'lexicon.bin'));
const packs = 'shared/lexicon/packs';
if (existsSync(packs)) {
  for (const f of readdirSync(packs).filter((f) => /^[a-z]{2,3}\.bin$/.test(f))) {
    mkdirSync(join(tmp, 'lang'), { recursive: true });
    cpSync(join(packs, f), join(tmp, 'lang', f));
  }
}
const manifest = JSON.parse(readFileSync('manifest.json', 'utf8'));
if (target === 'chrome-dev') {
  const local = ['http://127.0.0.1/*', 'http://localhost/*'];
  manifest.name = 'Retold (dev)';
  manifest.host_permissions = local;
  manifest.content_scripts = [{ matches: local, js: ['content.js'], css: ['content.css'], run_at: 'document_idle' }];
}
writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
rmSync(out, { recursive: true, force: true });
renameSync(tmp, out);
