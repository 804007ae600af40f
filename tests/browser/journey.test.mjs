// End-to-end browser journey against a real Careguard server.
//
//   npm test --prefix tests/browser        (CAREGUARD_BINARY=/path/to/careguard to choose the binary)
//
// Starts `careguard serve` on a fresh SQLite database with the demo data, then drives Debian's
// Chromium (playwright-core, /usr/bin/chromium) the way a person would:
//
//   organisation lead signs in -> is sent to set up two-step verification -> types a wrong code,
//   then the right one (TOTP computed here from the key on the page) -> recovery codes -> home ->
//   organisations -> organisation -> people -> invite someone (empty form, then filled in) ->
//   success banner -> audit trail -> account (creates an API token) -> a missing page (404);
//   the invitation link is read from the outbox table; in a fresh browser context the invitee
//   opens it, tries a weak password, accepts with three random words, tries a wrong password,
//   signs in, signs out; the lead signs out.
//
// Every page visited (error states too) is checked at 1280 px and 375 px wide:
//   - axe-core (WCAG 2.0/2.1/2.2 A and AA): zero violations
//   - no sideways scrolling at 375 px (document.documentElement.scrollWidth <= 375)
//   - NHS.UK frontend JavaScript started (no script blocked by the Content-Security-Policy)
//   - no console errors, page errors, failed or 4xx/5xx sub-resource requests
//   - every HTML response carries a Content-Security-Policy without 'unsafe-inline'/'unsafe-eval'
// Pages whose GET is safe to repeat are loaded again in a 375 px tab; the others (results of a
// POST, pages showing a one-time banner, and the set-up page, whose GET makes a new key) are
// resized to 375 px in place. Full-page screenshots go to screenshots/journey/ (git-ignored).

import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createHmac, randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const binary = path.resolve(process.env.CAREGUARD_BINARY || path.join(here, '..', '..', 'build', 'careguard'));
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const shotsDir = path.join(here, 'screenshots', 'journey');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const DESKTOP = { width: 1280, height: 900 };
const MOBILE = { width: 375, height: 812 };
const DEMO_PASSWORD = 'demo kettle orange bicycle';
const LEAD_EMAIL = 'lead@demo.careguard.test';
const ORG_NAME = 'Sunnyside Care Group';

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
// Shared state.

let tmpDir;
let server;
let serverLog = '';
let origin;
let browser;
let leadContext;
let lead;
let inviteeContext;
let invitee;
let orgUrl;
let invitationPath;
let shotNumber = 0;
let journeyBroken = false;
const problems = []; // page-quality problems (axe, reflow, CSP, console); printed per step
const watched = new WeakSet();
const pageEvents = new Map(); // page -> { console: [], documents: [] }

const invitedName = 'Priya Shah';
const invitedEmail = `priya.shah.${Date.now().toString(36)}@demo.careguard.test`;
const WORDS = [
  'anchor', 'biscuit', 'candle', 'dolphin', 'engine', 'falcon', 'garden', 'harbour', 'island',
  'jigsaw', 'kitten', 'lantern', 'meadow', 'nutmeg', 'orchard', 'pebble', 'quilt', 'rocket',
  'saddle', 'teapot', 'umbrella', 'velvet', 'walnut', 'yonder', 'zephyr', 'marble', 'copper',
  'thistle', 'bramble', 'puffin', 'tractor', 'lagoon',
];
const invitedPassword = Array.from({ length: 3 }, () => WORDS[randomInt(WORDS.length)]).join(' ');

// ---------------------------------------------------------------------------------------------
// Server and browser.

async function waitFor(predicate, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n--- server log ---\n${serverLog.slice(-4000)}`);
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
  tmpDir = await mkdtemp(path.join(os.tmpdir(), 'careguard-journey-'));
  const database = `sqlite:${path.join(tmpDir, 'cg.db')}`;
  await careguard('migrate', '--database', database);
  await careguard('demo', '--database', database);
  const portFile = path.join(tmpDir, 'port');
  server = spawn(
    binary,
    ['serve', '--database', database, '--listen', '127.0.0.1:0', '--port-file', portFile,
      '--insecure-cookies', '--share-dir', repoRoot, '--workers', '4'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const keep = (chunk) => {
    serverLog = (serverLog + chunk.toString()).slice(-200_000);
  };
  server.stdout.on('data', keep);
  server.stderr.on('data', keep);
  let exited = null;
  server.on('exit', (code, signal) => {
    exited = { code, signal };
  });
  const port = await waitFor(async () => {
    if (exited) throw new Error(`careguard serve exited (${JSON.stringify(exited)})\n${serverLog}`);
    try {
      const text = (await readFile(portFile, 'utf8')).trim();
      return /^\d+$/.test(text) ? text : null;
    } catch {
      return null;
    }
  }, 15_000, 'the port file');
  origin = `http://127.0.0.1:${port}`;
  await waitFor(async () => {
    try {
      return (await fetch(`${origin}/readyz`)).ok;
    } catch {
      return false;
    }
  }, 15_000, '/readyz');
}

async function stopServer() {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const gone = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), 5_000);
  await gone;
  clearTimeout(timer);
}

// Last resort if the runner is torn down without running `after`.
process.on('exit', () => {
  if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
});

async function newContext() {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
  context.setDefaultTimeout(15_000);
  context.on('page', watch);
  return context;
}

async function newPage(context) {
  const page = await context.newPage();
  watch(page);
  return page;
}

// Records console errors, script errors, failed sub-resources and the security headers of every
// HTML response the page receives.
function watch(page) {
  if (watched.has(page)) return;
  watched.add(page);
  const events = { console: [], documents: [] };
  pageEvents.set(page, events);
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
    // A navigation replaced by the next one is "aborted"; that is not a problem.
    if (req.failure()?.errorText === 'net::ERR_ABORTED' && req.resourceType() === 'document') return;
    events.console.push(`request failed: ${req.url()} ${req.failure()?.errorText ?? ''}`);
  });
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.protocol !== 'data:' && url.origin !== origin) events.console.push(`request to another host: ${req.url()}`);
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

// ---------------------------------------------------------------------------------------------
// Page checks.

function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `      ${n.target.join(' ')}\n        ${(n.failureSummary ?? '').replace(/:\s*\n\s*/g, ': ').replace(/\s*\n\s*/g, '; ')}\n        ${n.html.slice(0, 300)}`)
        .join('\n');
      return `    [${v.impact}] ${v.id}: ${v.help}\n      ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
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

async function inspect(page, label, width) {
  const found = [];
  const notStarted = await settle(page);
  if (notStarted) found.push(notStarted);
  await page.evaluate(() => document.fonts.ready);
  const layout = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    innerWidth: window.innerWidth,
  }));
  if (layout.innerWidth !== width) found.push(`viewport is ${layout.innerWidth}px, expected ${width}px`);
  if (layout.scrollWidth > width)
    found.push(`scrolls sideways at ${width}px: document is ${layout.scrollWidth}px wide`);
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  if (results.violations.length)
    found.push(`axe: ${results.violations.length} violation(s)\n${formatViolations(results.violations)}`);
  const file = path.join(shotsDir, `${label}-${width}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return { found, axe: results };
}

async function drainEvents(page, label) {
  const events = pageEvents.get(page);
  const found = [];
  if (!events) return found;
  for (const doc of events.documents) {
    doc.csp = (await doc.headers)['content-security-policy'];
    if (!doc.csp) found.push(`no Content-Security-Policy header on ${doc.url} (${doc.status})`);
    else if (/unsafe-inline|unsafe-eval/.test(doc.csp)) found.push(`weak Content-Security-Policy on ${doc.url}: ${doc.csp}`);
  }
  found.push(...events.console);
  events.console.length = 0;
  events.documents.length = 0;
  return found.map((f) => `${label}: ${f}`);
}

// Checks the page the journey is on, at 1280 px and at 375 px wide.
//   reload: the page's GET is safe to repeat and shows nothing one-time, so it is loaded afresh in
//           a 375 px tab; otherwise the tab is resized to 375 px and back.
async function checkPage(page, name, { reload = false } = {}) {
  shotNumber += 1;
  const label = `${String(shotNumber).padStart(2, '0')}-${name}`;
  const report = [];
  const desktop = await inspect(page, label, DESKTOP.width);
  report.push(...desktop.found.map((f) => `${label} @${DESKTOP.width}: ${f}`));

  let mobile;
  if (reload) {
    const tab = await newPage(page.context());
    try {
      await tab.setViewportSize(MOBILE);
      const res = await tab.goto(page.url(), { waitUntil: 'load' });
      assert.equal(tab.url(), page.url(), `${label}: loading ${page.url()} again at 375px ended elsewhere`);
      assert.ok(res, `${label}: no response when loading at 375px`);
      mobile = await inspect(tab, label, MOBILE.width);
      report.push(...await drainEvents(tab, `${label} @${MOBILE.width}`));
    } finally {
      await tab.close();
    }
  } else {
    await page.setViewportSize(MOBILE);
    try {
      mobile = await inspect(page, label, MOBILE.width);
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  }
  report.push(...mobile.found.map((f) => `${label} @${MOBILE.width}: ${f}`));
  report.push(...await drainEvents(page, label));

  const status = report.length ? 'FAIL' : 'ok  ';
  console.log(`${status} ${label.padEnd(34)} axe: ${desktop.axe.violations.length}+${mobile.axe.violations.length} violations, ${desktop.axe.passes.length} rules passed  ${page.url().replace(origin, '')}`);
  problems.push(...report);
}

// A journey step. A broken journey (an assertion about what the person sees) stops the later
// steps; page-quality problems (axe, reflow, console, CSP) fail the step but let the journey go on
// so one run reports every page.
function step(name, fn) {
  test(name, async (t) => {
    if (journeyBroken) {
      t.skip('an earlier step of the journey failed');
      return;
    }
    const before = problems.length;
    try {
      await fn(t);
    } catch (err) {
      journeyBroken = true;
      const errors = serverLog.split('\n').filter((l) => /"level":"(error|warn)"/.test(l));
      if (errors.length && err instanceof Error)
        err.message += `\n--- server warnings/errors ---\n${errors.slice(-20).join('\n')}`;
      throw err;
    }
    const fresh = problems.slice(before);
    if (fresh.length) assert.fail(`${fresh.length} page problem(s):\n${fresh.join('\n')}`);
  });
}

async function expectErrorSummary(page, message) {
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
}

async function heading(page) {
  return (await page.locator('h1').innerText()).replace(/\s+/g, ' ').trim();
}

async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${origin}/sign-in`);
}

async function readOutbox(to) {
  const db = path.join(tmpDir, 'cg.db');
  const { stdout } = await run('sqlite3', ['-readonly', '-json', db, 'SELECT to_address, subject, body FROM outbox ORDER BY id'], { timeout: 10_000 });
  const rows = stdout.trim() ? JSON.parse(stdout) : [];
  return rows.filter((r) => r.to_address.toLowerCase() === to.toLowerCase());
}

// ---------------------------------------------------------------------------------------------

before(async () => {
  await rm(shotsDir, { recursive: true, force: true });
  await mkdir(shotsDir, { recursive: true });
  await startServer();
  browser = await chromium.launch({
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
  leadContext = await newContext();
  lead = await newPage(leadContext);
});

after(async () => {
  try {
    await browser?.close();
  } finally {
    await stopServer();
    if (tmpDir) await rm(tmpDir, { recursive: true, force: true });
  }
  if (problems.length) console.log(`${problems.length} page problem(s) in total`);
  console.log(`screenshots: ${path.relative(process.cwd(), shotsDir) || '.'}`);
});

test('TOTP helper matches the RFC 6238 test vectors', () => {
  const base32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // the ASCII key 12345678901234567890
  assert.equal(base32Decode(base32).toString(), '12345678901234567890');
  assert.equal(totp(base32, 59_000, 8), '94287082');
  assert.equal(totp(base32, 1_111_111_109_000, 8), '07081804');
  assert.equal(totp('GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ', 1_234_567_890_000, 8), '89005924');
  assert.equal(totp(base32, 59_000), '287082');
});

step('the organisation lead signs in and is sent to set up two-step verification', async () => {
  const first = await lead.goto(`${origin}/`);
  assert.ok(first, 'the home page answered');
  assert.equal(new URL(lead.url()).pathname, '/sign-in', 'a signed-out visitor is sent to sign in');
  assert.equal(await heading(lead), 'Sign in to Careguard');
  await checkPage(lead, 'sign-in', { reload: true });

  await lead.getByLabel('Email address').fill(LEAD_EMAIL);
  await lead.getByLabel('Password').fill(DEMO_PASSWORD);
  await lead.getByRole('button', { name: 'Sign in' }).click();
  await lead.waitForURL(`${origin}/account/mfa/setup`);
  assert.equal(await heading(lead), 'Set up two-step verification');
  await checkPage(lead, 'mfa-setup');
});

step('a wrong security code is refused with an error summary', async () => {
  const secret = await lead.locator('#totp-secret').innerText();
  const now = Date.now();
  const valid = new Set([-1, 0, 1].map((d) => totp(secret, now + d * 30_000)));
  let wrong = '123456';
  while (valid.has(wrong)) wrong = String(randomInt(1_000_000)).padStart(6, '0');
  await lead.getByLabel('Security code').fill(wrong);
  await lead.getByRole('button', { name: 'Turn on two-step verification' }).click();
  await lead.waitForURL(`${origin}/account/mfa/setup`);
  await expectErrorSummary(lead);
  assert.equal((await lead.locator('#totp-secret').innerText()).replace(/\s/g, ''), secret.replace(/\s/g, ''),
    'the key stays the same after a wrong code');
  await checkPage(lead, 'mfa-setup-error');
});

step('the right code turns on two-step verification and shows recovery codes', async () => {
  const secret = await lead.locator('#totp-secret').innerText();
  assert.match(secret, /^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/, 'the key is base32 in groups of four');
  await lead.getByLabel('Security code').fill(totp(secret));
  await lead.getByRole('button', { name: 'Turn on two-step verification' }).click();
  await lead.locator('ul#recovery-codes').waitFor();
  assert.equal(await heading(lead), 'Save your recovery codes');
  const codes = await lead.locator('ul#recovery-codes li').allInnerTexts();
  assert.ok(codes.length >= 5, `shows recovery codes (got ${codes.length})`);
  for (const code of codes) assert.match(code.trim(), /^[a-z0-9]{4}(-[a-z0-9]{4}){2}$/i);
  await checkPage(lead, 'recovery-codes');

  await lead.getByRole('button', { name: 'Continue' }).click();
  await lead.waitForURL(`${origin}/`);
  assert.match(await heading(lead), /^Welcome, /);
  assert.equal(await lead.getByText('Two-step verification is not set up').count(), 0);
  await checkPage(lead, 'home', { reload: true });
});

step('the lead looks at the organisation and its people', async () => {
  await lead.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Organisations' }).click();
  await lead.waitForURL(`${origin}/orgs`);
  assert.equal(await heading(lead), 'Organisations');
  await checkPage(lead, 'orgs', { reload: true });

  await lead.getByRole('main').getByRole('link', { name: ORG_NAME, exact: true }).click();
  await lead.waitForURL(/\/orgs\/\d+$/);
  orgUrl = lead.url();
  assert.match(await heading(lead), new RegExp(ORG_NAME));
  await checkPage(lead, 'org', { reload: true });

  await lead.getByRole('link', { name: `People and roles at ${ORG_NAME}` }).click();
  await lead.waitForURL(`${orgUrl}/people`);
  assert.equal(await heading(lead), `People at ${ORG_NAME}`);
  await checkPage(lead, 'people', { reload: true });
});

step('the lead invites a new staff member', async () => {
  await lead.getByRole('button', { name: 'Invite someone' }).click();
  await lead.waitForURL(`${orgUrl}/invitations/new`);
  assert.match(await heading(lead), /Invite someone/);
  await checkPage(lead, 'invite', { reload: true });

  // Sending the empty form shows every problem at once.
  await lead.getByRole('button', { name: 'Send invitation' }).click();
  await lead.waitForURL(`${orgUrl}/invitations/new`);
  await expectErrorSummary(lead);
  await checkPage(lead, 'invite-error');

  await lead.getByLabel('Full name').fill(invitedName);
  await lead.getByLabel('Email address').fill(invitedEmail);
  await lead.getByRole('radio', { name: 'Staff member', exact: true }).check();
  await lead.getByRole('button', { name: 'Send invitation' }).click();
  await lead.waitForURL(`${orgUrl}/people`);
  const banner = lead.locator('.nhsuk-notification-banner--success');
  await banner.waitFor();
  assert.match(await banner.innerText(), new RegExp(`We have sent an invitation to ${invitedEmail.replace(/\./g, '\\.')}`));
  const row = lead.locator('table').filter({ hasText: 'Invitations waiting' }).locator('tbody tr', { hasText: invitedEmail });
  assert.equal(await row.count(), 1, 'the invitation is listed');
  assert.match(await row.innerText(), /Staff member/);
  await checkPage(lead, 'people-invited');
});

step('the invitation email is in the outbox', async () => {
  const mails = await readOutbox(invitedEmail);
  assert.equal(mails.length, 1, 'one email to the invited person');
  const link = mails[0].body.match(/https?:\/\/\S+?(\/invitations\/[A-Za-z0-9_-]+)/);
  assert.ok(link, `the email contains an invitation link:\n${mails[0].body}`);
  invitationPath = link[1];
});

step('the lead checks the audit trail and their account', async () => {
  await lead.goto(orgUrl);
  await lead.getByRole('link', { name: 'Audit trail: who changed what' }).click();
  await lead.waitForURL(`${orgUrl}/audit`);
  assert.match(await heading(lead), /Audit trail/);
  await checkPage(lead, 'audit', { reload: true });

  await lead.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Your account' }).click();
  await lead.waitForURL(`${origin}/account`);
  assert.equal(await heading(lead), 'Your account');
  await checkPage(lead, 'account', { reload: true });

  await lead.getByLabel('Token name').fill('Spreadsheet export');
  await lead.getByRole('button', { name: 'Create token' }).click();
  await lead.waitForURL(`${origin}/account/tokens`);
  await lead.locator('#new-token').waitFor();
  await lead.getByRole('button', { name: 'Copy API token' }).waitFor();
  await checkPage(lead, 'account-token');
});

step('a page that does not exist shows the NHS.UK error page', async () => {
  const res = await lead.goto(`${origin}/orgs/999999999`);
  assert.ok([403, 404].includes(res.status()), `status ${res.status()}`);
  await checkPage(lead, 'not-found', { reload: true });
});

step('the invited person opens the link and accepts with a strong password', async () => {
  inviteeContext = await newContext();
  invitee = await newPage(inviteeContext);
  const res = await invitee.goto(`${origin}${invitationPath}`);
  assert.equal(res.status(), 200);
  assert.equal(await heading(invitee), `Join ${ORG_NAME} on Careguard`);
  assert.match(await invitee.locator('.nhsuk-summary-list').innerText(), /Staff member/);
  await checkPage(invitee, 'accept', { reload: true });

  await invitee.getByLabel('Your full name').fill(invitedName);
  await invitee.getByLabel('Create a password').fill('password');
  await invitee.getByRole('button', { name: 'Accept invitation' }).click();
  await invitee.waitForURL(`${origin}${invitationPath}`);
  await expectErrorSummary(invitee);
  await checkPage(invitee, 'accept-error');

  await invitee.getByLabel('Create a password').fill(invitedPassword);
  await invitee.getByRole('button', { name: 'Accept invitation' }).click();
  await invitee.waitForURL(`${origin}/sign-in`);
  assert.match(await invitee.locator('.nhsuk-notification-banner--success').innerText(), /invitation has been accepted/);
  await checkPage(invitee, 'accepted-sign-in');
});

step('a wrong password is refused with the NHS.UK error summary', async () => {
  await invitee.getByLabel('Email address').fill(invitedEmail);
  await invitee.getByLabel('Password').fill(`${invitedPassword} wrong`);
  await invitee.getByRole('button', { name: 'Sign in' }).click();
  await invitee.waitForURL(`${origin}/sign-in`);
  await expectErrorSummary(invitee, /Enter a correct email address and password/);
  assert.equal(await invitee.getByLabel('Password').inputValue(), '', 'the password is not sent back');
  await checkPage(invitee, 'sign-in-error');
});

step('the invited person signs in and sees the organisation', async () => {
  await invitee.getByLabel('Email address').fill(invitedEmail);
  await invitee.getByLabel('Password').fill(invitedPassword);
  await invitee.getByRole('button', { name: 'Sign in' }).click();
  await invitee.waitForURL(`${origin}/`);
  assert.equal(await heading(invitee), `Welcome, ${invitedName}`);
  const org = invitee.getByRole('main').getByRole('link', { name: ORG_NAME, exact: true });
  assert.equal(await org.count(), 1, 'the new staff member has a role at the organisation');
  assert.match(await invitee.getByRole('main').innerText(), /Your role: Staff member/);
  await checkPage(invitee, 'invitee-home', { reload: true });
});

step('both people sign out', async () => {
  await signOut(invitee);
  assert.equal(await heading(invitee), 'Sign in to Careguard');
  await checkPage(invitee, 'signed-out', { reload: true });
  await invitee.goto(`${origin}/`);
  assert.equal(new URL(invitee.url()).pathname, '/sign-in', 'after signing out the home page asks to sign in');

  await signOut(lead);
  await lead.goto(`${origin}/account`);
  assert.equal(new URL(lead.url()).pathname, '/sign-in', 'the lead is signed out too');
  const leftovers = [...await drainEvents(lead, 'lead after sign-out'), ...await drainEvents(invitee, 'invitee after sign-out')];
  assert.deepEqual(leftovers, [], 'no console errors or weak CSP after signing out');
});
