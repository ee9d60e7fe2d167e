// package-extension.mjs writes the store packages, byte for byte the same on
// every build: dist/retold-chrome.zip, dist/retold-firefox.zip and
// dist/retold-source.zip (the source archive Firefox's store asks for: every
// file git tracks). Entries are sorted, every timestamp is 1980-01-01 and
// permissions are fixed, so only the content decides the bytes.
//
//   node scripts/package-extension.mjs dist
import { readdirSync, readFileSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { deflateRawSync, crc32 } from 'node:zlib';
import { createHash } from 'node:crypto';

const out = process.argv[2] || 'dist';

function walk(dir, root = dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p, root) : [relative(root, p)];
  });
}

// zip builds a zip archive of [name, bytes] pairs.
function zip(entries) {
  const locals = [];
  const central = [];
  let offset = 0;
  const DOS_TIME = 0;
  const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
  for (const [name, data] of entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const nameBuf = Buffer.from(name, 'utf8');
    const deflated = deflateRawSync(data, { level: 9 });
    const stored = deflated.length >= data.length;
    const body = stored ? data : deflated;
    const crc = crc32(data);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(0x0800, 6); // UTF-8 names
    head.writeUInt16LE(stored ? 0 : 8, 8);
    head.writeUInt16LE(DOS_TIME, 10);
    head.writeUInt16LE(DOS_DATE, 12);
    head.writeUInt32LE(crc, 14);
    head.writeUInt32LE(body.length, 18);
    head.writeUInt32LE(data.length, 22);
    head.writeUInt16LE(nameBuf.length, 26);
    head.writeUInt16LE(0, 28);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0);
    cen.writeUInt16LE((3 << 8) | 20, 4); // made by Unix
    cen.writeUInt16LE(20, 6);
    cen.writeUInt16LE(0x0800, 8);
    cen.writeUInt16LE(stored ? 0 : 8, 10);
    cen.writeUInt16LE(DOS_TIME, 12);
    cen.writeUInt16LE(DOS_DATE, 14);
    cen.writeUInt32LE(crc, 16);
    cen.writeUInt32LE(body.length, 20);
    cen.writeUInt32LE(data.length, 24);
    cen.writeUInt16LE(nameBuf.length, 28);
    cen.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    cen.writeUInt32LE(offset, 42);
    locals.push(head, nameBuf, body);
    central.push(cen, nameBuf);
    offset += head.length + nameBuf.length + body.length;
  }
  const cenSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cenSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...central, end]);
}

function write(path, buf) {
  writeFileSync(`${path}.tmp`, buf);
  renameSync(`${path}.tmp`, path);
  console.log(`${path}  ${buf.length} bytes  sha256 ${createHash('sha256').update(buf).digest('hex')}`);
}

for (const target of ['chrome', 'firefox']) {
  const dir = join(out, target);
  write(join(out, `retold-${target}.zip`), zip(walk(dir).map((f) => [f.split('\\').join('/'), readFileSync(join(dir, f))])));
}
const tracked = execFileSync('git', ['ls-files', '-z']).toString().split('\0').filter((f) => f && f !== 'node_modules');
write(join(out, 'retold-source.zip'), zip(tracked.map((f) => [f, readFileSync(f)])));
