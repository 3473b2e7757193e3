// browser.js - open each HTML report in headless Chromium and check it, as TAP.
//
//   NODE_PATH=CACHE/node_modules node browser.js SHOTS_DIR PAGE.html...
//
// Per page: it loads with no console error and no page error; it makes no
// request at all beyond the page itself (every other request is counted
// and refused); a full-page screenshot is written to SHOTS_DIR; axe-core
// finds no violation of WCAG 2.0/2.1 level A or AA; printed on A4 (its
// printable width), nothing is wider than the paper.  Chromium is the
// Debian package, driven by playwright-core with a fresh profile.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const EXECUTABLE = process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const A4_PRINTABLE_PX = Math.floor((210 - 2 * 12) / 25.4 * 96); // 12 mm side margins

let n = 0;
let failed = 0;
function ok(cond, what, diag) {
  n++;
  if (!cond) failed++;
  console.log(`${cond ? 'ok' : 'not ok'} ${n} - ${what}`);
  if (!cond && diag) for (const line of String(diag).split('\n')) console.log(`# ${line}`);
}

async function check(context, file, shots) {
  const name = path.basename(file, '.html');
  const url = 'file://' + path.resolve(file);
  const page = await context.newPage();
  page.setDefaultTimeout(300000); // a long page on a loaded machine
  const errors = [];
  const requests = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.route('**/*', (route) => {
    if (route.request().url() === url) return route.continue();
    requests.push(route.request().url());
    return route.abort();
  });
  await page.goto(url, { waitUntil: 'load' });
  ok(errors.length === 0, `${name}: no console error`, errors.join('\n'));
  ok(requests.length === 0, `${name}: no request beyond the page itself`, requests.join('\n'));
  const png = path.join(shots, name + '.png');
  await page.screenshot({ path: png, fullPage: true });
  ok(fs.statSync(png).size > 10000, `${name}: screenshot ${png}`);

  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  const v = result.violations.map((x) => `${x.id} (${x.impact}): ${x.help}; ` +
    x.nodes.slice(0, 3).map((nd) => nd.target.join(' ')).join(' | '));
  ok(v.length === 0, `${name}: no accessibility violation of WCAG 2.1 A or AA ` +
    `(${result.passes.length} rules passed)`, v.join('\n'));

  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: A4_PRINTABLE_PX, height: 1000 });
  const wide = await page.evaluate(() => {
    const limit = document.documentElement.clientWidth + 1;
    return [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > limit)
      .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className}: ` +
        `${Math.round(e.getBoundingClientRect().right)} px`);
  });
  ok(wide.length === 0, `${name}: printed on A4, nothing wider than the paper`, wide.join('\n'));
  const pdf = path.join(shots, name + '.pdf');
  await page.pdf({ path: pdf, format: 'A4', margin: { top: '14mm', bottom: '14mm' } });
  ok(fs.statSync(pdf).size > 10000, `${name}: printed to ${pdf}`);
  await page.close();
}

(async () => {
  const [shots, ...files] = process.argv.slice(2);
  fs.mkdirSync(shots, { recursive: true });
  console.log(`1..${files.length * 6}`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'thrive-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: EXECUTABLE, headless: true, args: FLAGS,
      viewport: { width: 1280, height: 900 }, offline: true,
    });
    for (const f of files) await check(context, f, shots);
  } catch (e) {
    ok(false, 'the browser ran', e.stack || e);
  } finally {
    if (context) await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
})();
