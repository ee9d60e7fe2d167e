// screenshot.mjs: what a reader sees, as a PNG. A seed article on a page with
// news-site furniture, highlighted by dist/chrome-dev in headless Chromium,
// with the popover of its best-documented flag open.
//
// With a second argument, that HTML file is the page instead (make demo shows
// docs/sample/page.html, a page that is not in the corpus).
//
//   node scripts/screenshot.mjs docs/screenshot.png [PAGE.html]   (or: make screenshot)
import { readFileSync } from 'node:fs';
import * as h from './exttest/harness.mjs';

const out = process.argv[2] || 'docs/screenshot.png';
let body;
if (process.argv[3]) {
  body = readFileSync(process.argv[3], 'utf8');
} else {
  const seeds = h.seedPages();
  const seed = seeds.find((s) => s.id.startsWith('002')) || seeds[0];
  body = h.newsPage({ ...seed, head: '<style>body{max-width:46rem;margin:1rem auto;font:17px/1.6 Georgia,serif;color:#222} nav ul{display:flex;gap:1rem;list-style:none;padding:0} .ad-banner{background:#eee;padding:.5rem;font:13px sans-serif;color:#555} aside,footer{font:14px sans-serif;color:#555}</style>' });
}
const srv = await h.serve(new Map([['/article', { body }]]));
const ext = await h.launch();
try {
  const page = await ext.context.newPage();
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto(`${srv.base}/article`);
  const flags = await h.scanned(ext, page);
  let best = 0;
  flags.forEach((f, i) => { if (f.versions > flags[best].versions) best = i; });
  for (let i = 0; i <= best; i++) await page.keyboard.press('Alt+Shift+J');
  await page.waitForSelector('retold-popover', { state: 'attached' });
  await page.waitForTimeout(200);
  await page.screenshot({ path: out });
  console.log(`${out}: ${flags.length} flags highlighted, the popover of flag ${best + 1} open`);
} finally {
  await ext.close();
  await srv.close();
}
