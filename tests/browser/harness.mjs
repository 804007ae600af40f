// Shared machinery for the end-to-end browser tests (journey.test.mjs, toolkit.test.mjs).
//
// Each test file makes its own harness: a `careguard serve` on a fresh SQLite database with the
// demo data, Debian's Chromium (playwright-core, /usr/bin/chromium), and page checks:
//   - axe-core (WCAG 2.0/2.1/2.2 A and AA): zero violations
//   - no sideways scrolling at 375 px (document.documentElement.scrollWidth <= 375)
//   - NHS.UK frontend JavaScript started (no script blocked by the Content-Security-Policy)
//   - no console errors, page errors, failed or 4xx/5xx sub-resource requests
//   - every HTML response carries a Content-Security-Policy without 'unsafe-inline'/'unsafe-eval'
//
//   CAREGUARD_BINARY=/path/to/careguard   choose the binary (default build/careguard)
//   CHROMIUM=/path/to/chromium            choose the browser (default /usr/bin/chromium)
//   CG_TIMING=1                           print how long each page check took

import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const run = promisify(execFile);
export const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
const binary = path.resolve(process.env.CAREGUARD_BINARY || path.join(repoRoot, 'build', 'careguard'));
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

export const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
export const DESKTOP = { width: 1280, height: 900 };
export const MOBILE = { width: 375, height: 812 };
export const DEMO_PASSWORD = 'demo kettle orange bicycle';
export const LEAD_EMAIL = 'lead@demo.careguard.test';
export const ORG_NAME = 'Sunnyside Care Group';

// ---------------------------------------------------------------------------------------------
// TOTP (RFC 6238 with HMAC-SHA-1, 30 s step, 6 digits), as an authenticator app computes it.

export function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = text.replace(/[\s=-]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const index = alphabet.indexOf(ch);
    if (index < 0) throw new Error(`not base32: ${JSON.stringify(ch)}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function hotp(key, counter, digits = 6) {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const number = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(number % 10 ** digits).padStart(digits, '0');
}

export function totp(secretBase32, unixMillis = Date.now(), digits = 6, step = 30) {
  return hotp(base32Decode(secretBase32), Math.floor(unixMillis / 1000 / step), digits);
}

// ---------------------------------------------------------------------------------------------

export function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `      ${n.target.join(' ')}\n        ${(n.failureSummary ?? '').replace(/:\s*\n\s*/g, ': ').replace(/\s*\n\s*/g, '; ')}\n        ${n.html.slice(0, 300)}`)
        .join('\n');
      return `    [${v.impact}] ${v.id}: ${v.help}\n      ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
}

export async function heading(page) {
  return (await page.locator('h1').innerText()).replace(/\s+/g, ' ').trim();
}

// A harness for one test file.
//   name           screenshots go to screenshots/<name>/ (git-ignored)
//   knownFailures  [{ page, rule, why }]: axe violations of `rule` on the page checked as `page`
//                  are reported but do not fail the step (a template fix is awaited)
export function createHarness({ name, knownFailures = [] }) {
  const shotsDir = path.join(here, 'screenshots', name);
  const watched = new WeakSet();
  const pageEvents = new Map(); // page -> { console: [], documents: [] }
  const h = {
    shotsDir,
    tmpDir: null,
    server: null,
    serverLog: '',
    origin: null,
    browser: null,
    shotNumber: 0,
    broken: false,
    problems: [], // page-quality problems (axe, reflow, CSP, console); printed per step
    knownSeen: new Set(),
  };

  async function waitFor(predicate, timeoutMs, what) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await predicate();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n--- server log ---\n${h.serverLog.slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function careguard(...args) {
    try {
      return await run(binary, args, { timeout: 60_000 });
    } catch (err) {
      throw new Error(`careguard ${args.join(' ')} failed: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`);
    }
  }

  async function startServer() {
    if (!existsSync(binary)) throw new Error(`Careguard binary not found at ${binary}: build it or set CAREGUARD_BINARY`);
    if (!existsSync(path.join(repoRoot, 'web', 'dist', 'nhsuk.css')))
      throw new Error('web/dist/ is missing: run `npm ci --prefix web && npm run build --prefix web`');
    h.tmpDir = await mkdtemp(path.join(os.tmpdir(), `careguard-${name}-`));
    const database = `sqlite:${path.join(h.tmpDir, 'cg.db')}`;
    await careguard('migrate', '--database', database);
    await careguard('demo', '--database', database);
    const portFile = path.join(h.tmpDir, 'port');
    const server = spawn(
      binary,
      ['serve', '--database', database, '--listen', '127.0.0.1:0', '--port-file', portFile,
        '--insecure-cookies', '--share-dir', repoRoot, '--workers', '4'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    h.server = server;
    const keep = (chunk) => {
      h.serverLog = (h.serverLog + chunk.toString()).slice(-200_000);
    };
    server.stdout.on('data', keep);
    server.stderr.on('data', keep);
    let exited = null;
    server.on('exit', (code, signal) => {
      exited = { code, signal };
    });
    const port = await waitFor(async () => {
      if (exited) throw new Error(`careguard serve exited (${JSON.stringify(exited)})\n${h.serverLog}`);
      try {
        const text = (await readFile(portFile, 'utf8')).trim();
        return /^\d+$/.test(text) ? text : null;
      } catch {
        return null;
      }
    }, 15_000, 'the port file');
    h.origin = `http://127.0.0.1:${port}`;
    await waitFor(async () => {
      try {
        return (await fetch(`${h.origin}/readyz`)).ok;
      } catch {
        return false;
      }
    }, 15_000, '/readyz');
  }

  async function stopServer() {
    const server = h.server;
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    const gone = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    const timer = setTimeout(() => server.kill('SIGKILL'), 5_000);
    await gone;
    clearTimeout(timer);
  }

  // Last resort if the runner is torn down without running `after`.
  process.on('exit', () => {
    const server = h.server;
    if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  });

  h.start = async () => {
    await rm(shotsDir, { recursive: true, force: true });
    await mkdir(shotsDir, { recursive: true });
    await startServer();
    h.browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
  };

  h.stop = async () => {
    try {
      await h.browser?.close();
    } finally {
      await stopServer();
      if (h.tmpDir) await rm(h.tmpDir, { recursive: true, force: true });
    }
    if (h.problems.length) console.log(`${h.problems.length} page problem(s) in total`);
    for (const k of knownFailures)
      if (!h.knownSeen.has(k)) console.log(`known failure no longer seen (remove it from the list): ${k.page} ${k.rule}`);
    console.log(`screenshots: ${path.relative(process.cwd(), shotsDir) || '.'}`);
  };

  h.newContext = async () => {
    const context = await h.browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
    context.setDefaultTimeout(15_000);
    context.on('page', watch);
    return context;
  };

  h.newPage = async (context) => {
    const page = await context.newPage();
    watch(page);
    return page;
  };

  // Records console errors, script errors, failed sub-resources and the security headers of every
  // HTML response the page receives.
  function watch(page) {
    if (watched.has(page)) return;
    watched.add(page);
    const events = { console: [], documents: [], aborted: [], navigations: 0 };
    const startedAfter = new WeakMap(); // request -> number of main-frame navigations before it
    pageEvents.set(page, events);
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) events.navigations += 1;
    });
    page.on('console', (msg) => {
      const text = msg.text();
      if (msg.type() !== 'error' && !/Content.Security.Policy|Refused to/i.test(text)) return;
      // Chromium logs the status of a page that is itself an error page (422 form errors, 404);
      // that is the server's intended answer, not a broken resource. Those documents are checked
      // below through their response.
      const loc = msg.location()?.url ?? '';
      if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(text) &&
          events.documents.some((d) => d.url === loc && d.status >= 400 && d.status < 500)) return;
      events.console.push(`console ${msg.type()}: ${text}${loc ? ` (${loc})` : ''}`);
    });
    page.on('pageerror', (err) => events.console.push(`script error: ${err.message}`));
    page.on('requestfailed', (req) => {
      const text = `request failed: ${req.url()} ${req.failure()?.errorText ?? ''}`;
      if (req.failure()?.errorText === 'net::ERR_ABORTED') {
        // A navigation replaced by the next one is "aborted"; that is not a problem.
        if (req.resourceType() === 'document') return;
        // Nor is a sub-resource (say the favicon) cancelled because the page went on to the next
        // one; that is settled when the events are read, after the navigation has been seen.
        events.aborted.push({ text, navigations: startedAfter.get(req) ?? events.navigations });
        return;
      }
      events.console.push(text);
    });
    page.on('request', (req) => {
      startedAfter.set(req, events.navigations);
      const url = new URL(req.url());
      if (url.protocol !== 'data:' && url.origin !== h.origin) events.console.push(`request to another host: ${req.url()}`);
    });
    page.on('response', (res) => {
      const req = res.request();
      if (req.resourceType() === 'document') {
        events.documents.push({ url: res.url(), status: res.status(), headers: res.allHeaders().catch(() => ({})) });
      } else if (res.status() >= 400) {
        events.console.push(`HTTP ${res.status()} for ${req.resourceType()} ${res.url()}`);
      }
    });
  }

  async function settle(page) {
    await page.waitForLoadState('load');
    // nhsuk.js (an ES module) marks <body> when it has started; if the CSP blocked it, it never does.
    try {
      await page.waitForFunction(
        () => document.body.classList.contains('nhsuk-frontend-supported') &&
          document.querySelector('.nhsuk-header')?.hasAttribute('data-nhsuk-header-init'),
        null,
        { timeout: 5_000 },
      );
      return null;
    } catch {
      return 'NHS.UK frontend JavaScript did not start (body not marked supported or header not initialised)';
    }
  }

  function isKnown(pageName, ruleId) {
    const k = knownFailures.find((f) => f.page === pageName && f.rule === ruleId);
    if (k) h.knownSeen.add(k);
    return k;
  }

  async function inspect(page, label, pageName, width) {
    const t0 = Date.now();
    const times = [];
    const lap = (what) => times.push(`${what} ${Date.now() - t0}`);
    const found = [];
    const notStarted = await settle(page);
    if (notStarted) found.push(notStarted);
    await page.evaluate(() => document.fonts.ready);
    // The NHS.UK header moves navigation items into "More" from a debounced resize handler, so
    // right after a viewport change the header can be briefly too wide (seen once in three runs
    // on a loaded machine). Measure again for up to a second before calling it sideways scroll.
    const measure = () =>
      page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
    let layout = await measure();
    for (let i = 0; i < 10 && layout.scrollWidth > width; i++) {
      await page.waitForTimeout(100);
      layout = await measure();
    }
    if (layout.innerWidth !== width) found.push(`viewport is ${layout.innerWidth}px, expected ${width}px`);
    if (layout.scrollWidth > width)
      found.push(`scrolls sideways at ${width}px: document is ${layout.scrollWidth}px wide`);
    lap('settled');
    // resultTypes: only violations are reported in full (passes are counted by rule), which
    // makes long pages much quicker to check; violations are found exactly as before.
    const results = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).withTags(TAGS).analyze();
    lap('axe');
    const known = results.violations.filter((v) => isKnown(pageName, v.id));
    const fresh = results.violations.filter((v) => !known.includes(v));
    if (known.length)
      console.log(`KNOWN ${label} @${width}: ${known.length} known axe failure(s), see the list at the top of the test file\n${formatViolations(known)}`);
    if (fresh.length)
      found.push(`axe: ${fresh.length} violation(s)\n${formatViolations(fresh)}`);
    await page.screenshot({ path: path.join(shotsDir, `${label}-${width}.png`), fullPage: true });
    lap('shot');
    if (process.env.CG_TIMING) console.log(`timing ${label} @${width}: ${times.join(', ')}`);
    return { found, axe: results };
  }

  h.drainEvents = async (page, label) => {
    const events = pageEvents.get(page);
    const found = [];
    if (!events) return found;
    for (const doc of events.documents) {
      doc.csp = (await doc.headers)['content-security-policy'];
      if (!doc.csp) found.push(`no Content-Security-Policy header on ${doc.url} (${doc.status})`);
      else if (/unsafe-inline|unsafe-eval/.test(doc.csp)) found.push(`weak Content-Security-Policy on ${doc.url}: ${doc.csp}`);
    }
    found.push(...events.console);
    for (const a of events.aborted) if (events.navigations <= a.navigations) found.push(a.text);
    events.console.length = 0;
    events.aborted.length = 0;
    events.documents.length = 0;
    return found.map((f) => `${label}: ${f}`);
  };

  // Checks the page the test is on, at 1280 px and (unless mobile is false) at 375 px wide.
  //   reload: the page's GET is safe to repeat and shows nothing one-time, so it is loaded afresh in
  //           a 375 px tab; otherwise the tab is resized to 375 px and back.
  h.checkPage = async (page, pageName, { reload = false, mobile: atMobile = true } = {}) => {
    h.shotNumber += 1;
    const label = `${String(h.shotNumber).padStart(2, '0')}-${pageName}`;
    const report = [];
    const desktop = await inspect(page, label, pageName, DESKTOP.width);
    report.push(...desktop.found.map((f) => `${label} @${DESKTOP.width}: ${f}`));

    let mobile = null;
    if (atMobile && reload) {
      const tab = await h.newPage(page.context());
      try {
        await tab.setViewportSize(MOBILE);
        const res = await tab.goto(page.url(), { waitUntil: 'load' });
        assert.equal(tab.url(), page.url(), `${label}: loading ${page.url()} again at 375px ended elsewhere`);
        assert.ok(res, `${label}: no response when loading at 375px`);
        mobile = await inspect(tab, label, pageName, MOBILE.width);
        report.push(...await h.drainEvents(tab, `${label} @${MOBILE.width}`));
      } finally {
        await tab.close();
      }
    } else if (atMobile) {
      await page.setViewportSize(MOBILE);
      try {
        mobile = await inspect(page, label, pageName, MOBILE.width);
      } finally {
        await page.setViewportSize(DESKTOP);
      }
    }
    if (mobile) report.push(...mobile.found.map((f) => `${label} @${MOBILE.width}: ${f}`));
    report.push(...await h.drainEvents(page, label));

    const status = report.length ? 'FAIL' : 'ok  ';
    const counts = `${desktop.axe.violations.length}${mobile ? `+${mobile.axe.violations.length}` : ''}`;
    console.log(`${status} ${label.padEnd(34)} axe: ${counts} violations, ${desktop.axe.passes.length} rules passed  ${page.url().replace(h.origin, '')}`);
    h.problems.push(...report);
  };

  // A step of the test file's journey. A broken journey (an assertion about what the person sees)
  // stops the later steps; page-quality problems (axe, reflow, console, CSP) fail the step but let
  // the journey go on so one run reports every page.
  h.step = (title, fn) => {
    test(title, async (t) => {
      if (h.broken) {
        t.skip('an earlier step of the journey failed');
        return;
      }
      const before = h.problems.length;
      try {
        await fn(t);
      } catch (err) {
        h.broken = true;
        const errors = h.serverLog.split('\n').filter((l) => /"level":"(error|warn)"/.test(l));
        if (errors.length && err instanceof Error)
          err.message += `\n--- server warnings/errors ---\n${errors.slice(-20).join('\n')}`;
        throw err;
      }
      const fresh = h.problems.slice(before);
      if (fresh.length) assert.fail(`${fresh.length} page problem(s):\n${fresh.join('\n')}`);
    });
  };

  h.expectErrorSummary = async (page, message) => {
    const summary = page.locator('.nhsuk-error-summary');
    await summary.waitFor({ state: 'visible' });
    assert.match(await page.title(), /^Error: /, 'the page title starts with "Error: "');
    assert.match(await summary.locator('h2').innerText(), /There is a problem/);
    if (message) assert.match(await summary.innerText(), message);
    // NHS.UK frontend moves focus to the summary so screen readers announce it.
    await page.waitForFunction(() => document.activeElement?.classList.contains('nhsuk-error-summary'), null, { timeout: 5_000 });
    // Each message links to its field.
    for (const link of await summary.locator('a').all()) {
      const target = (await link.getAttribute('href')) ?? '';
      assert.ok(target.startsWith('#'), `error link ${target} is an in-page link`);
      assert.equal(await page.locator(target).count(), 1, `error summary link ${target} points at a field`);
    }
  };

  h.signOut = async (page) => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${h.origin}/sign-in`);
  };

  h.readOutbox = async (to) => {
    const db = path.join(h.tmpDir, 'cg.db');
    const { stdout } = await run('sqlite3', ['-readonly', '-json', db, 'SELECT to_address, subject, body FROM outbox ORDER BY id'], { timeout: 10_000 });
    const rows = stdout.trim() ? JSON.parse(stdout) : [];
    return rows.filter((r) => r.to_address.toLowerCase() === to.toLowerCase());
  };

  return h;
}
