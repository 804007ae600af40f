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
// The server, browser and page checks are in harness.mjs, shared with toolkit.test.mjs.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import {
  DEMO_PASSWORD, LEAD_EMAIL, ORG_NAME, base32Decode, createHarness, heading, totp,
} from './harness.mjs';

export { base32Decode, hotp, totp } from './harness.mjs';

const H = createHarness({ name: 'journey' });
const { checkPage, drainEvents, expectErrorSummary, newContext, newPage, readOutbox, signOut, step } = H;

// ---------------------------------------------------------------------------------------------
// Shared state.

let origin;
let leadContext;
let lead;
let inviteeContext;
let invitee;
let orgUrl;
let invitationPath;

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

before(async () => {
  await H.start();
  origin = H.origin;
  leadContext = await newContext();
  lead = await newPage(leadContext);
});

after(async () => {
  await H.stop();
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
