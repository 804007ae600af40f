// End-to-end browser checks of the pages journey.test.mjs and toolkit.test.mjs do not visit.
//
//   npm test --prefix tests/browser        (CAREGUARD_BINARY=/path/to/careguard to choose the binary)
//
// The lead of the demo "Sunnyside Care Group" signs in (setting up two-step verification), looks
// at the Cyber Essentials certificates page and sends its form empty (error state), works through
// the first check of the Cyber Essentials readiness checklist, starts the
// 2026-27 assessment, looks at the CAF view, fills in the improvement plan for every unmet item
// and publishes Standards Not Met with their password. They open the publications list, the
// printable summary and the independent review, where they ask the demo auditor (Ruth Allen) to
// review the publication. The auditor (no two-step verification) judges every item, saves,
// finalises and opens the printable report; the lead reads the finalised review. The demo
// support adviser (Priya Shah, "Care Cyber Support North West") sees Sunnyside on the portfolio
// progress page and comments on an item of its assessment; the lead sees the comment on the
// question page. Last, the adviser uses "Forgotten your password?": the request form (empty, then
// filled), "Check your email", the link from the outbox, a refused weak password, and signing in
// with the new one.
//
// Pages checked (harness.mjs: axe WCAG 2.x A/AA, CSP, console, JavaScript started, no sideways
// scrolling) at 1280 px, and at 375 px as well for the certificates page, portfolio progress and
// the password reset pages.
// Screenshots go to screenshots/more_pages/ (git-ignored).

import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, LEAD_EMAIL, ORG_NAME, createHarness, heading, totp } from './harness.mjs';

// Axe violations awaiting a template fix ({ page, rule, why }). Keep it empty.
const KNOWN_AXE_FAILURES = [];

const H = createHarness({ name: 'more_pages', knownFailures: KNOWN_AXE_FAILURES });
const { checkPage, expectErrorSummary, newContext, newPage, step } = H;

const AUDITOR_EMAIL = 'auditor@demo.careguard.test';
const AUDITOR_NAME = 'Ruth Allen';
const ADVISER_EMAIL = 'adviser@demo.careguard.test';
const SUPPORT_NAME = 'Care Cyber Support North West';
const COMMENT = 'Please add the ICO registration number: we can help you find it.';

let origin;
let lead;
let orgUrl;
let toolkitUrl;
let taskListUrl;
let publicationsUrl;
let summaryUrl;
let reviewUrl;
let commentItem; // { id, href }

function londonDate(offsetDays = 0) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(Date.now() + offsetDays * 86_400_000));
}

function successBanner(page) {
  return page.locator('.nhsuk-notification-banner--success .nhsuk-notification-banner__heading');
}

async function signInWithoutMfa(page, email) {
  await page.goto(`${origin}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${origin}/`);
  assert.match(await heading(page), /^Welcome, /);
}

const contexts = [];
async function person() {
  const context = await newContext();
  contexts.push(context);
  return newPage(context);
}

before(async () => {
  await H.start();
  origin = H.origin;
  lead = await person();
});

after(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await H.stop();
});

// ---------------------------------------------------------------------------------------------

step('the organisation lead signs in and sets up two-step verification', async () => {
  await lead.goto(`${origin}/sign-in`);
  await lead.getByLabel('Email address').fill(LEAD_EMAIL);
  await lead.getByLabel('Password').fill(DEMO_PASSWORD);
  await lead.getByRole('button', { name: 'Sign in' }).click();
  await lead.waitForURL(`${origin}/account/mfa/setup`);
  const secret = await lead.locator('#totp-secret').innerText();
  await lead.getByLabel('Security code').fill(totp(secret));
  await lead.getByRole('button', { name: 'Turn on two-step verification' }).click();
  await lead.locator('ul#recovery-codes').waitFor();
  await lead.getByRole('button', { name: 'Continue' }).click();
  await lead.waitForURL(`${origin}/`);
  await lead.goto(`${origin}/orgs`);
  await lead.getByRole('main').getByRole('link', { name: ORG_NAME, exact: true }).click();
  await lead.waitForURL(/\/orgs\/\d+$/);
  orgUrl = lead.url();
  toolkitUrl = `${orgUrl}/toolkit`;
});

step('the Cyber Essentials certificates page, and its error state', async () => {
  await lead.goto(`${orgUrl}/certificates`);
  assert.equal(await heading(lead), `${ORG_NAME} Cyber Essentials certificates`);
  assert.match(await lead.getByRole('main').innerText(), /You have not added a certificate yet/);
  await checkPage(lead, 'certificates', { reload: true });

  await lead.getByRole('button', { name: 'Add certificate' }).click();
  await expectErrorSummary(lead);
  assert.equal(lead.url(), `${orgUrl}/certificates`);
  assert.ok(await lead.locator('.nhsuk-error-message').count() >= 1, 'the fields show their errors');
  await checkPage(lead, 'certificates-error');
});

step('the lead works through the Cyber Essentials checklist', async () => {
  await lead.goto(toolkitUrl);
  await lead.getByRole('button', { name: 'Start the Cyber Essentials checklist' }).click();
  await lead.waitForURL(/\/toolkit\/\d+$/);
  const checklistUrl = lead.url();
  assert.equal(await heading(lead), `${ORG_NAME} Cyber Essentials`);
  assert.match(await lead.getByRole('main').innerText(), /0 of 28 checks in place/);
  await checkPage(lead, 'checklist', { reload: true });

  await lead.goto(`${checklistUrl}/items/firewalls.1`);
  await checkPage(lead, 'checklist-question', { mobile: false });
  await lead.locator('input[name="answer"][value="yes"]').check();
  await lead.getByRole('button', { name: 'Save and continue' }).click();
  await lead.goto(checklistUrl);
  assert.match(await lead.getByRole('main').innerText(), /1 of 28 checks in place/);
  assert.equal(await lead.getByRole('link', { name: 'Check your answers and publish' }).count(), 0);
});

step('the lead starts the assessment and looks at the CAF view', async () => {
  await lead.goto(toolkitUrl);
  await lead.getByRole('button', { name: 'Start the assessment' }).click();
  await lead.waitForURL(/\/toolkit\/\d+$/);
  taskListUrl = lead.url();
  commentItem = { id: '1.1', href: `${taskListUrl}/items/1.1` };

  const res = await lead.goto(`${taskListUrl}/caf`);
  assert.equal(res.status(), 200);
  assert.match(await heading(lead), /CAF/);
  await checkPage(lead, 'caf', { mobile: false });
});

step('the lead plans every unmet item and publishes Standards Not Met', async () => {
  await lead.goto(`${taskListUrl}/plan`);
  const fieldsets = lead.locator('form fieldset');
  const count = await fieldsets.count();
  assert.ok(count > 0, 'the plan lists the unmet items');
  const target = londonDate(60);
  await lead.evaluate(({ target }) => {
    for (const [i, fs] of [...document.querySelectorAll('form fieldset')].entries()) {
      const action = fs.querySelector('textarea[name$="-action"]');
      if (action && !action.value.trim()) action.value = `Agree and carry out the work for entry ${i + 1}.`;
      fs.querySelector('input[name$="-owner"]').value = 'Grace Okafor, registered manager';
      fs.querySelector('input[name$="-date"]').value = target;
    }
  }, { target });
  await lead.getByRole('button', { name: 'Save the plan' }).click();
  await successBanner(lead).waitFor();

  await lead.goto(`${taskListUrl}/check`);
  await lead.getByLabel('Your password').fill(DEMO_PASSWORD);
  await lead.getByRole('button', { name: 'Publish' }).click();
  await lead.waitForURL(toolkitUrl);
  assert.equal((await successBanner(lead).innerText()).trim(), 'Published: Standards Not Met');
});

step('the publications list and the printable summary', async () => {
  publicationsUrl = `${taskListUrl}/publications`;
  await lead.goto(publicationsUrl);
  assert.match(await heading(lead), /Publications of the /);
  const rows = lead.locator('table tbody tr');
  assert.equal(await rows.count(), 1);
  assert.equal((await rows.first().locator('.nhsuk-tag').innerText()).trim(), 'Standards Not Met');
  await checkPage(lead, 'publications', { mobile: false });

  await rows.first().getByRole('link', { name: /^Printable summary/ }).click();
  await lead.waitForURL(/\/publications\/\d+\/summary$/);
  summaryUrl = lead.url();
  reviewUrl = summaryUrl.replace(/\/summary$/, '/review');
  assert.match(await lead.getByRole('main').innerText(), new RegExp(ORG_NAME));
  await checkPage(lead, 'summary', { mobile: false });
});

step('the lead asks the demo auditor for an independent review', async () => {
  await lead.goto(publicationsUrl);
  await lead.getByRole('link', { name: /^Independent review/ }).click();
  await lead.waitForURL(reviewUrl);
  assert.match(await heading(lead), /Independent review$/);
  assert.match(await lead.getByRole('main').innerText(), /Ask for an independent review/);
  await checkPage(lead, 'review-request', { mobile: false });

  await lead.getByLabel(AUDITOR_NAME).check();
  await lead.getByRole('button', { name: 'Ask for the review' }).click();
  await lead.waitForURL(reviewUrl);
  assert.match(await successBanner(lead).innerText(), new RegExp(`${AUDITOR_NAME} has been asked to review this publication`));
});

step('the auditor reviews, finalises and opens the report', async () => {
  const auditor = await person();
  await signInWithoutMfa(auditor, AUDITOR_EMAIL);
  await auditor.goto(reviewUrl);
  assert.match(await auditor.getByRole('main').innerText(), /Your review/);
  await checkPage(auditor, 'review-form', { mobile: false });

  // Agree with every item, except partly agree with the first, with a note.
  const groups = auditor.locator('form[action$="/review"] fieldset:has(input[type=radio][value=agree])');
  const n = await groups.count();
  assert.ok(n > 0, 'items to judge');
  await auditor.evaluate(() => {
    for (const r of document.querySelectorAll('form input[type=radio][value=agree]')) r.checked = true;
  });
  const first = groups.first();
  await first.locator('input[type=radio][value=partly]').check();
  const firstNote = auditor.locator('form[action$="/review"] textarea[name^="note-"]').first();
  await firstNote.fill('The answer is not backed by evidence yet.');
  await auditor.getByLabel('Areas of good practice').fill('A named lead for data security.');
  await auditor.getByLabel('Areas for improvement').fill('Record evidence for each answer.');
  await auditor.locator('input[name=assurance]').first().check();
  await auditor.getByRole('button', { name: 'Save your review' }).click();
  await auditor.waitForURL(reviewUrl);
  assert.match(await successBanner(auditor).innerText(), /Your review has been saved/);
  assert.match(await auditor.getByRole('main').innerText(), new RegExp(`You have judged ${n} of ${n} items`));

  await auditor.getByRole('button', { name: 'Finalise the review' }).click();
  await auditor.waitForURL(reviewUrl);
  assert.match(await successBanner(auditor).innerText(), /The review has been finalised/);
  assert.match(await auditor.getByRole('main').innerText(), /Overall level of assurance: /);
  await checkPage(auditor, 'review-finalised-auditor', { mobile: false });

  await auditor.getByRole('link', { name: 'View and print the review report' }).click();
  await auditor.waitForURL(`${reviewUrl}/report`);
  assert.match(await auditor.getByRole('main').innerText(), /Item by item/);
  await checkPage(auditor, 'review-report', { mobile: false });
});

step('the lead reads the finalised review', async () => {
  await lead.goto(reviewUrl);
  const main = await lead.getByRole('main').innerText();
  assert.match(main, /Overall level of assurance: /);
  assert.match(main, /Who will do it and by when/);
  await checkPage(lead, 'review-finalised-lead', { mobile: false });
});

step('the support adviser sees Sunnyside on the portfolio progress page', async () => {
  const adviser = await person();
  await signInWithoutMfa(adviser, ADVISER_EMAIL);
  await adviser.goto(`${origin}/orgs`);
  await adviser.getByRole('main').getByRole('link', { name: SUPPORT_NAME, exact: true }).click();
  await adviser.waitForURL(/\/orgs\/\d+$/);
  const supportUrl = adviser.url();
  await adviser.goto(`${supportUrl}/portfolio/progress`);
  assert.equal(await heading(adviser), `${SUPPORT_NAME} Portfolio progress`);
  const row = adviser.locator('table tbody tr', { hasText: ORG_NAME });
  assert.equal(await row.count(), 1, 'Sunnyside is in the portfolio');
  assert.equal((await row.locator('.nhsuk-tag').innerText()).trim(), 'Standards Not Met');
  await checkPage(adviser, 'portfolio-progress', { reload: true });

  // The adviser comments on an item of Sunnyside's assessment.
  await adviser.goto(`${commentItem.href}/comments`);
  assert.match(await heading(adviser), new RegExp(`^Comments on ${commentItem.id.replace('.', '\\.')} `));
  assert.match(await adviser.getByRole('main').innerText(), /No comments yet/);
  await adviser.getByLabel('Add a comment').fill(COMMENT);
  await adviser.getByRole('button', { name: 'Add comment' }).click();
  await adviser.waitForURL(`${commentItem.href}/comments`);
  assert.match(await successBanner(adviser).innerText(), /Your comment has been added/);
  await checkPage(adviser, 'comments-adviser', { mobile: false });
});

step('the lead sees the comment on the question page', async () => {
  await lead.goto(commentItem.href);
  const comments = lead.locator('h2#comments ~ ul .nhsuk-card');
  assert.equal(await comments.count(), 1);
  const text = await comments.first().innerText();
  assert.match(text, /Priya Shah/);
  assert.ok(text.includes(COMMENT), 'the comment text is shown');
  await checkPage(lead, 'question-with-comment', { mobile: false });
});

step('the support adviser forgets their password and resets it', async () => {
  const adviser = await person();
  await adviser.goto(`${origin}/sign-in`);
  await adviser.getByRole('link', { name: 'Forgotten your password?' }).click();
  await adviser.waitForURL(`${origin}/password-reset`);
  assert.equal(await heading(adviser), 'Reset your password');
  await checkPage(adviser, 'password-reset', { reload: true });

  await adviser.getByRole('button', { name: 'Send me a link' }).click();
  await expectErrorSummary(adviser, /Enter your email address/);
  await checkPage(adviser, 'password-reset-error');

  await adviser.getByLabel('Email address').fill(ADVISER_EMAIL);
  await adviser.getByRole('button', { name: 'Send me a link' }).click();
  assert.equal(await heading(adviser), 'Check your email');
  await checkPage(adviser, 'password-reset-sent');

  const mails = (await H.readOutbox(ADVISER_EMAIL)).filter((m) => m.subject === 'Reset your Careguard password');
  assert.equal(mails.length, 1, 'one reset email was written');
  const match = mails[0].body.match(/\/password-reset\/[A-Za-z0-9_-]{43}/);
  assert.ok(match, 'the email holds a reset link');
  await adviser.goto(`${origin}${match[0]}`);
  assert.equal(await heading(adviser), 'Choose a new password');
  await checkPage(adviser, 'password-reset-new', { reload: true });

  await adviser.getByLabel('New password', { exact: true }).fill('password123');
  await adviser.getByLabel('Type your new password again').fill('password123');
  await adviser.getByRole('button', { name: 'Change password' }).click();
  await expectErrorSummary(adviser);
  await checkPage(adviser, 'password-reset-new-error');

  const fresh = 'harbour violet teapot';
  await adviser.getByLabel('New password', { exact: true }).fill(fresh);
  await adviser.getByLabel('Type your new password again').fill(fresh);
  await adviser.getByRole('button', { name: 'Change password' }).click();
  await adviser.waitForURL(`${origin}/sign-in`);
  assert.match(await successBanner(adviser).innerText(), /Your password has been changed/);
  await adviser.getByLabel('Email address').fill(ADVISER_EMAIL);
  await adviser.getByLabel('Password', { exact: true }).fill(fresh);
  await adviser.getByRole('button', { name: 'Sign in' }).click();
  await adviser.waitForURL(`${origin}/`);
  assert.match(await heading(adviser), /^Welcome, /);
});

step('the national team adds providers to a portfolio from a list, and a provider stops sharing', async () => {
  const admin = await person();
  await admin.goto(`${origin}/sign-in`);
  await admin.getByLabel('Email address').fill('admin@demo.careguard.test');
  await admin.getByLabel('Password').fill(DEMO_PASSWORD);
  await admin.getByRole('button', { name: 'Sign in' }).click();
  await admin.waitForURL(`${origin}/account/mfa/setup`);
  const secret = await admin.locator('#totp-secret').innerText();
  await admin.getByLabel('Security code').fill(totp(secret));
  await admin.getByRole('button', { name: 'Turn on two-step verification' }).click();
  await admin.locator('ul#recovery-codes').waitFor();
  await admin.goto(`${origin}/orgs?q=${encodeURIComponent('Care Cyber Support')}`);
  await admin.getByRole('main').getByRole('link', { name: SUPPORT_NAME, exact: true }).click();
  await admin.waitForURL(/\/orgs\/\d+$/);
  const supportUrl = admin.url();
  await checkPage(admin, 'support-org', { reload: true });

  await admin.getByRole('link', { name: 'Add a list of providers at once' }).click();
  await admin.waitForURL(`${supportUrl}/portfolio/assign`);
  assert.match(await heading(admin), /Add care providers to the portfolio/);
  await checkPage(admin, 'portfolio-assign', { reload: true });
  await admin.getByLabel('ODS codes').fill('AB8S3\nZZ9Z9');
  await admin.getByRole('button', { name: 'Add to portfolio' }).click();
  await expectErrorSummary(admin, /Line 2: no organisation has the ODS code ZZ9Z9/);
  await checkPage(admin, 'portfolio-assign-error');
  await admin.getByLabel('ODS codes').fill('AB8S3');
  await admin.getByRole('button', { name: 'Add to portfolio' }).click();
  await admin.waitForURL(supportUrl);
  assert.match(await successBanner(admin).innerText(), /1 provider was added/);

  // Sunnyside's lead sees who can read its toolkit, and stops one.
  await lead.goto(orgUrl);
  const sharing = lead.getByRole('main');
  assert.match(await sharing.innerText(), /Who can see your toolkit/);
  await lead.getByRole('button', { name: `Stop sharing with ${SUPPORT_NAME}` }).click();
  await lead.waitForURL(`${orgUrl}#sharing`);
  assert.match(await successBanner(lead).innerText(), /Sharing has stopped/);
  assert.match(await lead.getByRole('main').innerText(), /Only people in your organisation can see your toolkit/);
  await checkPage(lead, 'org-sharing-stopped', { reload: true });
});
