// build-extension.mjs assembles one unpacked extension from manifest.json,
// extension/ and the built wasm: node scripts/build-extension.mjs TARGET OUT WASM
//
// TARGET is chrome, firefox or chrome-dev. The manifest is the same for
// Chromium and Firefox; chrome-dev adds content scripts and host permissions
// for http://127.0.0.1 and http://localhost, so tests see pages scanned
// without a reader granting anything. _locales moves to the extension root;
// wasm_exec.js comes from the Go root; lexicon.bin from shared/lexicon;
// background.js gets the wasm's hash (ENGINE_BUILD); warm.html from the seed
// articles; language packs from shared/lexicon/packs/ when there are any.
// Test files never ship.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

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
cpSync(wasm, join(tmp, 'retold.wasm'));
// The background warms Chromium's wasm code cache once per build, the wasm's
// hash, written into its ENGINE_BUILD line: a changed wasm is warmed again.
const build = createHash('sha256').update(readFileSync(wasm)).digest('hex').slice(0, 16);
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
