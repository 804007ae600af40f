// Accessibility and rendering check for the Careguard templates.
//
//   (cd web && npm install && npm run build)
//   cd tests/browser && npm install && node axe_static.mjs
//
// 1. Renders the sample pages (render_check.mjs).
// 2. Serves web/dist/ at /assets/ and the pages at / on 127.0.0.1 (ephemeral
//    port), with the strict Content-Security-Policy the server uses (no inline
//    scripts or styles, no other hosts).
// 3. Opens every page in Chromium (playwright-core, /usr/bin/chromium) at 1280
//    and 375 px wide (and 320 px, the WCAG reflow width, for the sideways
//    scrolling check), runs axe-core (WCAG 2.0/2.1/2.2 A and AA), checks that the
//    NHS.UK frontend JavaScript started, that nothing was blocked or failed to
//    load, that no request left 127.0.0.1 and that nothing scrolls sideways.
// 4. Saves full-page screenshots to tests/browser/screenshots/<page>-<width>.png.
//
// Exits 1 if there is any violation or problem.
// Environment: CHROMIUM=/path/to/chromium to use another browser binary.

import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFile, stat, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderAll, defaultOutDir } from './render_check.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const distDir = path.join(repoRoot, 'web', 'dist');
const pagesDir = defaultOutDir;
const shotsDir = path.join(here, 'screenshots');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const WIDTHS = [
  { width: 1280, height: 900 },
  { width: 375, height: 812 },
  { width: 320, height: 640 },
];
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

async function fileIn(root, rel) {
  const full = path.resolve(root, `.${path.posix.normalize(`/${rel}`)}`);
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  try {
    return (await stat(full)).isFile() ? full : null;
  } catch {
    return null;
  }
}

function startServer() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let file = null;
    if (url.pathname.startsWith('/assets/')) {
      file = await fileIn(distDir, decodeURIComponent(url.pathname.slice('/assets/'.length)));
    } else {
      const name = url.pathname === '/' ? 'home' : decodeURIComponent(url.pathname.slice(1));
      file = (await fileIn(pagesDir, name)) ?? (await fileIn(pagesDir, `${name}.html`));
    }
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    res.end(await readFile(file));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function main() {
  try {
    await stat(path.join(distDir, 'nhsuk.css'));
  } catch {
    console.error('web/dist/ is missing: run `npm install && npm run build` in web/ first');
    process.exit(2);
  }

  const { pages, problems } = await renderAll(pagesDir);
  await mkdir(shotsDir, { recursive: true });

  const server = await startServer();
  const origin = `http://127.0.0.1:${server.address().port}`;
  console.log(`serving on ${origin}`);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });

  let violationCount = 0;
  try {
    for (const viewport of WIDTHS) {
      const context = await browser.newContext({ viewport, locale: 'en-GB' });
      for (const { name } of pages) {
        const label = `${name} @${viewport.width}`;
        const page = await context.newPage();
        const pageProblems = [];
        page.on('pageerror', (err) => pageProblems.push(`script error: ${err.message}`));
        page.on('console', (msg) => {
          if (msg.type() === 'error' || msg.type() === 'warning' || /SupportError|Refused to/.test(msg.text())) {
            pageProblems.push(`console ${msg.type()}: ${msg.text()}`);
          }
        });
        page.on('requestfailed', (r) => pageProblems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
        page.on('response', (r) => {
          if (r.status() >= 400) pageProblems.push(`HTTP ${r.status()}: ${r.url()}`);
        });
        page.on('request', (r) => {
          const u = new URL(r.url());
          if (u.protocol !== 'data:' && u.origin !== origin) pageProblems.push(`request to another host: ${r.url()}`);
        });

        await page.goto(`${origin}/${name}`, { waitUntil: 'load' });
        await page.waitForLoadState('networkidle');

        const state = await page.evaluate(() => ({
          supported: document.body.classList.contains('nhsuk-frontend-supported'),
          headerInit: document.querySelector('.nhsuk-header')?.hasAttribute('data-nhsuk-header-init') ?? false,
          scrollWidth: document.documentElement.scrollWidth,
          clientWidth: document.documentElement.clientWidth,
          fonts: [...new Set([...document.querySelectorAll('body *')].map((el) => getComputedStyle(el).fontFamily))],
          copyButtons: document.querySelectorAll('.cg-copy-button').length,
          copyTargets: document.querySelectorAll('[data-cg-copy]').length,
        }));
        if (!state.supported) pageProblems.push('NHS.UK frontend did not mark <body> as supported (nhsuk.js did not run)');
        if (!state.headerInit) pageProblems.push('NHS.UK header component was not initialised');
        if (state.scrollWidth > state.clientWidth) {
          pageProblems.push(`scrolls sideways: content ${state.scrollWidth}px wide in a ${state.clientWidth}px window`);
        }
        if (state.copyButtons !== state.copyTargets) pageProblems.push('app.js did not add a copy button to every [data-cg-copy]');

        const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
        violationCount += results.violations.length;

        const shot = path.join(shotsDir, `${name}-${viewport.width}.png`);
        await page.screenshot({ path: shot, fullPage: true });

        const status = results.violations.length || pageProblems.length ? 'FAIL' : 'ok';
        console.log(`${status.padEnd(4)} ${label.padEnd(30)} axe: ${results.violations.length} violation(s), ${results.passes.length} rule(s) passed, ${results.incomplete.length} to review -> ${path.relative(process.cwd(), shot)}`);
        for (const v of results.violations) {
          console.log(`     [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`);
          for (const node of v.nodes) console.log(`       ${node.target.join(' ')}: ${node.failureSummary?.replace(/\s+/g, ' ')}`);
        }
        for (const inc of results.incomplete) {
          console.log(`     review: ${inc.id} (${inc.nodes.length} node(s)): ${inc.help}`);
        }
        for (const problem of pageProblems) console.log(`     problem: ${problem}`);
        problems.push(...pageProblems.map((p) => `${label}: ${p}`));
        await page.close();
      }
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }

  console.log(`\naxe violations: ${violationCount}; other problems: ${problems.length}`);
  for (const p of problems) console.log(`  - ${p}`);
  process.exit(violationCount || problems.length ? 1 : 0);
}

await main();
