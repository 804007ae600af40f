// End-to-end browser checks of the oversight dashboards on the demo data.
//
//   npm test --prefix tests/browser        (CAREGUARD_BINARY=/path/to/careguard to choose the binary)
//
// The demo national admin (Nadia Khan) signs in, setting up two-step verification, opens
// "Dashboard" (the national dashboard), changes the edition and the breakdown (which go into
// the URL), downloads the CSV, and opens the North West's regional dashboard. The demo ICS
// analyst (Owen Price) opens the ICS dashboard, filters and sorts its organisation table,
// follows a page of it and opens an organisation's status history. A filter value that is not
// offered gets a clear refusal. The demo support adviser (Priya Shah) opens the support
// organisation's dashboard.
//
// Pages checked (harness.mjs: axe WCAG 2.x A/AA, CSP, console, JavaScript started, no sideways
// scrolling) at 1280 px and 375 px. Every chart must be drawn (Chart.js loaded from /assets under
// the Content-Security-Policy) and sit beside a table with the same figures. Screenshots go to
// screenshots/dashboards/ (git-ignored).

import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, createHarness, heading, totp } from './harness.mjs';

// Axe violations awaiting a template fix ({ page, rule, why }). Keep it empty.
const KNOWN_AXE_FAILURES = [];

const H = createHarness({ name: 'dashboards', knownFailures: KNOWN_AXE_FAILURES });
const { checkPage, newContext, newPage, step } = H;

const ADMIN_EMAIL = 'admin@demo.careguard.test';
const ANALYST_EMAIL = 'analyst@demo.careguard.test';
const ADVISER_EMAIL = 'adviser@demo.careguard.test';

let origin;
let nationalUrl;

const contexts = [];
async function person() {
  const context = await newContext();
  contexts.push(context);
  return newPage(context);
}

async function signInWithMfa(page, email) {
  await page.goto(`${origin}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${origin}/account/mfa/setup`);
  const secret = await page.locator('#totp-secret').innerText();
  await page.getByLabel('Security code').fill(totp(secret));
  await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
  await page.locator('ul#recovery-codes').waitFor();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(`${origin}/`);
}

async function signInWithoutMfa(page, email) {
  await page.goto(`${origin}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${origin}/`);
}

// Every chart on the page has been drawn by dashboard.js, and each sits in a section with a
// table (the same figures for people who cannot see the chart).
async function expectChartsDrawn(page, atLeast) {
  const canvases = page.locator('canvas[data-cg-chart]');
  const count = await canvases.count();
  assert.ok(count >= atLeast, `expected at least ${atLeast} charts, found ${count}`);
  await page.waitForFunction(
    (n) => document.querySelectorAll('canvas[data-cg-chart-init]').length === n,
    count,
    { timeout: 5_000 },
  );
  for (const canvas of await canvases.all()) {
    assert.equal(await canvas.getAttribute('role'), 'img');
    assert.match((await canvas.getAttribute('aria-label')) ?? '', /table .* gives the same figures/);
    const box = await canvas.boundingBox();
    assert.ok(box && box.width > 100 && box.height > 100, 'the chart has room to draw');
  }
  const tables = await page.locator('table.nhsuk-table').count();
  assert.ok(tables >= count, `${count} charts but only ${tables} tables`);
}

// The figure in a table row whose first cell is `label`, in the table with that caption.
async function figure(page, caption, label, column = 1) {
  const table = page.locator('table', { has: page.locator('caption', { hasText: caption }) });
  const row = table.locator('tbody tr', { has: page.locator('td:first-child', { hasText: label }) }).first();
  const text = await row.locator('td').nth(column).innerText();
  return text.replace(/^[^\d]*?(?=\d)/, '').trim();
}

before(async () => {
  await H.start();
  origin = H.origin;
});

after(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await H.stop();
});

// ---------------------------------------------------------------------------------------------

let admin;

step('the national admin opens the national dashboard from the menu', async () => {
  admin = await person();
  await signInWithMfa(admin, ADMIN_EMAIL);
  await admin.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Dashboard' }).click();
  await admin.waitForURL(/\/orgs\/\d+\/dashboard$/);
  nationalUrl = admin.url();
  assert.equal(await heading(admin), 'NHS England national cyber team National dashboard');
  // The current edition has no status yet in the demo: no chart of unmet items.
  await expectChartsDrawn(admin, 3);
  await checkPage(admin, 'national', { reload: true });
});

step('the edition and breakdown go into the URL; the figures add up', async () => {
  await admin.getByLabel('Toolkit edition').selectOption('2025-26');
  await admin.getByLabel('Break down by').selectOption('region');
  await admin.getByRole('button', { name: 'Show figures' }).click();
  await admin.waitForURL(/\?edition=2025-26&by=region$/);
  assert.match(await admin.getByRole('heading', { level: 2, name: /By region, 2025-26/ }).innerText(), /By region/);
  // The demo's five organisations: Meadow House met, Oak Lodge not met, Helping Hands
  // approaching; Sunnyside Care Group and Brookside have no 2025-26 status.
  const caption = 'Organisations at each status, 2025-26';
  assert.equal(await figure(admin, caption, 'Standards Met'), '1');
  assert.equal(await figure(admin, caption, 'Standards Not Met'), '1');
  assert.equal(await figure(admin, caption, 'Approaching Standards'), '1');
  assert.equal(await figure(admin, caption, 'All organisations'), '5');
  assert.match(await admin.getByRole('main').innerText(), /Improvement plans overdue\s+\d+ organisations?/);
  await expectChartsDrawn(admin, 4);
  await checkPage(admin, 'national-2025-26-by-region', { reload: true });

  // The download has the same figures.
  const href = await admin.getByRole('link', { name: /^CSV/ }).getAttribute('href');
  assert.match(href, /dashboard\.csv\?edition=2025-26&by=region$/);
  const csv = await admin.request.get(`${origin}${href}`);
  assert.equal(csv.status(), 200);
  assert.match(csv.headers()['content-disposition'], /attachment; filename="dashboard-/);
  assert.match(await csv.text(), /\r\nStandards Met,1,20%\r\n/);
});

step('the national admin opens the regional dashboard from the breakdown', async () => {
  await admin.goto(`${origin}/orgs`);
  await admin.getByRole('main').getByRole('link', { name: 'North West', exact: true }).click();
  await admin.waitForURL(/\/orgs\/\d+$/);
  await admin.goto(`${admin.url()}/dashboard?edition=2025-26`);
  assert.equal(await heading(admin), 'North West Regional dashboard');
  await expectChartsDrawn(admin, 4);
  assert.equal(await admin.locator('#organisations').count(), 1, 'a region lists its organisations');
  await checkPage(admin, 'region', { reload: true });
});

let analyst;

step('the ICS analyst filters and sorts the organisation table', async () => {
  analyst = await person();
  await signInWithMfa(analyst, ANALYST_EMAIL);
  await analyst.goto(`${origin}/dashboard`);
  await analyst.waitForURL(/\/orgs\/\d+\/dashboard$/);
  assert.equal(await heading(analyst), 'Cheshire and Merseyside ICS ICS dashboard');
  await analyst.getByLabel('Toolkit edition').selectOption('2025-26');
  await analyst.getByRole('button', { name: 'Show figures' }).click();
  await analyst.waitForURL(/edition=2025-26/);
  await expectChartsDrawn(analyst, 4);
  await checkPage(analyst, 'ics', { reload: true });

  const orgTable = analyst.locator('table', { has: analyst.locator('caption', { hasText: 'Organisations in the area' }) });
  assert.equal(await orgTable.locator('tbody tr').count(), 5);
  await analyst.getByLabel('Status in 2025-26', { exact: true }).selectOption('not_published');
  await analyst.getByRole('button', { name: 'Filter organisations' }).click();
  await analyst.waitForURL(/status=not_published/);
  assert.deepEqual(
    await orgTable.locator('tbody tr td:first-child > a:first-of-type').allInnerTexts(),
    ['Brookside Supported Living', 'Sunnyside Care Group'],
  );
  await analyst.getByRole('link', { name: 'Name', exact: true }).click();
  await analyst.waitForURL(/sort=.*dir=desc|dir=desc/);
  assert.deepEqual(
    await orgTable.locator('tbody tr td:first-child > a:first-of-type').allInnerTexts(),
    ['Sunnyside Care Group', 'Brookside Supported Living'],
  );
  assert.equal(await analyst.locator('th[aria-sort="descending"]').count(), 1);
  await checkPage(analyst, 'ics-filtered', { reload: true });
});

step("the analyst opens an organisation's status history", async () => {
  await analyst.getByRole('link', { name: 'Clear the filters' }).click();
  await analyst.getByRole('link', { name: 'Status history of Sunnyside Care Home - Oak Lodge' }).click();
  await analyst.waitForURL(/\/orgs\/\d+\/status-history$/);
  assert.equal(await heading(analyst), 'Sunnyside Care Home - Oak Lodge (VO5678) Status history');
  assert.match(await analyst.getByRole('main').innerText(), /2025-26\s+Standards Not Met/);
  await checkPage(analyst, 'status-history', { reload: true });
});

step('a filter value that is not offered is refused with a reason', async () => {
  const res = await analyst.goto(`${nationalUrl}?edition=nope`);
  // The analyst may not see the national dashboard at all.
  assert.equal(res.status(), 404);
  await analyst.goto(`${origin}/dashboard`);
  const ics = analyst.url();
  const bad = await analyst.goto(`${ics}?edition=2025-26&status=brilliant&page=0`);
  assert.equal(bad.status(), 400);
  assert.match(await analyst.getByRole('main').innerText(), /The status must be .* The page must be a whole number/);
  await checkPage(analyst, 'bad-filter', { mobile: false });
});

step('the support adviser sees who needs help now', async () => {
  const adviser = await person();
  await signInWithoutMfa(adviser, ADVISER_EMAIL);
  await adviser.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Dashboard' }).click();
  await adviser.waitForURL(/\/orgs\/\d+\/dashboard$/);
  assert.equal(await heading(adviser), 'Care Cyber Support North West Support organisation dashboard');
  const help = adviser.locator('table', { has: adviser.locator('caption', { hasText: 'need help now' }) });
  assert.match(await help.innerText(), /Sunnyside Care Group[\s\S]*Not started this year/);
  await expectChartsDrawn(adviser, 1);
  await checkPage(adviser, 'support', { reload: true });
});
