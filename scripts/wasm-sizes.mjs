// wasm-sizes.mjs: which Go packages a wasm binary's bytes go to. `go tool nm`
// does not read wasm, so this reads the code section and the "name" section
// (present when built without -ldflags=-s) and sums function body sizes per
// package; data segments are reported as one line.
//
//   node scripts/wasm-sizes.mjs build/retold-sym.wasm [top]
import { readFileSync } from 'node:fs';

const buf = readFileSync(process.argv[2]);
const top = Number(process.argv[3] || 30);
let p = 8;
const u32 = () => { let r = 0, s = 0, b; do { b = buf[p++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80); return r >>> 0; };
let imports = 0, bodies = [], names = new Map(), data = 0;
while (p < buf.length) {
  const id = buf[p++], size = u32(), end = p + size;
  if (id === 2) { // imports: count function imports, they shift indexes
    const n = u32();
    for (let i = 0; i < n; i++) {
      // (`p += u32()` would read p before u32 moves it.)
      for (let k = 0; k < 2; k++) { const len = u32(); p += len; }
      const kind = buf[p++];
      if (kind === 0) { u32(); imports++; } else if (kind === 1) { p++; const f = u32(); u32(); if (f & 1) u32(); }
      else if (kind === 2) { const f = u32(); u32(); if (f & 1) u32(); } else { p += 2; }
    }
  } else if (id === 10) {
    const n = u32();
    for (let i = 0; i < n; i++) { const s = u32(); bodies.push(s); p += s; }
  } else if (id === 11) {
    data = size;
  } else if (id === 0) {
    const nl = u32(); const nm = buf.subarray(p, p + nl).toString(); p += nl;
    if (nm === 'name') {
      while (p < end) {
        const sub = buf[p++], ss = u32(), se = p + ss;
        if (sub === 1) { const n = u32(); for (let i = 0; i < n; i++) { const idx = u32(); const l = u32(); names.set(idx, buf.subarray(p, p + l).toString()); p += l; } }
        p = se;
      }
    }
  }
  p = end;
}
const pkg = (n) => { n = n.replace(/^type_\.(eq\.)?/, ""); const m = n.match(/^(github\.com_[^.]*|golang\.org_[^.]*|[^.]*)/); return m[1]; };
const sums = new Map();
bodies.forEach((s, i) => { const k = pkg(names.get(i + imports) || '?'); sums.set(k, (sums.get(k) || 0) + s); });
const rows = [...sums].sort((a, b) => b[1] - a[1]);
console.log(`total ${buf.length} bytes: code ${bodies.reduce((a, b) => a + b, 0)}, data ${data}`);
for (const [k, v] of rows.slice(0, top)) console.log(String(v).padStart(9), k);
