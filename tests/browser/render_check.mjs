// Render the Careguard mustache templates with sample contexts and write the
// pages as static HTML, then run a few static checks on them.
//
//   cd tests/browser && npm install && node render_check.mjs [out-dir]
//
// Output goes to tests/browser/screenshots/pages/ by default (git-ignored).
// axe_static.mjs imports renderAll() from here, serves the pages and runs axe.
//
// The server renders with its own small mustache renderer (src/web/mustache.cpp); here we use mustache.js.
// Both follow the mustache spec; the templates only use plain variables,
// sections, inverted sections, comments, partials and one triple mustache.

import Mustache from 'mustache';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const templatesDir = path.join(repoRoot, 'templates');
export const defaultOutDir = path.join(here, 'screenshots', 'pages');

async function template(name) {
  return readFile(path.join(templatesDir, `${name}.mustache`), 'utf8');
}

// A stand-in "QR code": a 25x25 grid with the three finder squares, so the
// .cg-qr style can be checked. It is not a real QR code.
function sampleQrSvg() {
  const n = 25;
  const cells = [];
  const finder = (x, y) => {
    cells.push(`<rect x="${x}" y="${y}" width="7" height="7"/>`);
    cells.push(`<rect x="${x + 1}" y="${y + 1}" width="5" height="5" fill="#fff"/>`);
    cells.push(`<rect x="${x + 2}" y="${y + 2}" width="3" height="3"/>`);
  };
  finder(0, 0);
  finder(n - 7, 0);
  finder(0, n - 7);
  let seed = 7;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const inFinder = (x < 8 && y < 8) || (x >= n - 8 && y < 8) || (x < 8 && y >= n - 8);
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      if (!inFinder && seed % 3 === 0) cells.push(`<rect x="${x}" y="${y}" width="1" height="1"/>`);
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n} ${n}" shape-rendering="crispEdges">${cells.join('')}</svg>\n`;
}

const assets = {
  nhsuk_css_href: '/assets/nhsuk.css',
  css_href: '/assets/app.css',
  nhsuk_js_href: '/assets/nhsuk.js',
  js_href: '/assets/app.js',
};

const signedIn = {
  signed_in: true,
  // Deliberately hostile to prove the layout escapes it.
  user_name: 'Ada <script>alert(1)</script> Okafor',
  org_name: 'Meadowbank Care Home (Sunrise Care Ltd)',
  csrf_token: 'sample-csrf-token-"quoted"',
};

function nav(current) {
  return [
    { href: '/', label: 'Home' },
    { href: '/toolkit', label: 'Toolkit' },
    { href: '/incidents', label: 'Incidents' },
    { href: '/people', label: 'People' },
    { href: '/account', label: 'Your account' },
  ].map((item) => ({ ...item, current: item.href === current }));
}

// Content for the sample pages that are not templates of their own.
const homeContent = `
<h1>Meadowbank Care Home</h1>
<p class="nhsuk-lede-text">Your data security toolkit is 7 of 10 standards complete.</p>
<h2>API token</h2>
<p>Copy this token now. You will not be able to see it again.</p>
<code class="cg-code cg-secret" id="api-token" data-cg-copy="API token">cg_live_9f2c1a7b4e8d0c3f6a5b2e1d7c9f0a4b</code>
<h2>Recovery codes</h2>
<ul class="cg-code-list cg-code">
  <li>7KQ4-M2XD</li><li>P9RT-3HVB</li><li>C6WN-8JZL</li><li>Y2FG-5QKS</li>
  <li>H8MD-4TXE</li><li>R3VB-7NWQ</li><li>L5ZJ-2CPF</li><li>T9GK-6YHA</li>
</ul>
<button class="nhsuk-button nhsuk-button--secondary" data-module="nhsuk-button" type="button" data-cg-print hidden>Print these codes</button>
`;

const mfaContent = `
<h1>Set up two-step verification</h1>
<ol class="nhsuk-list nhsuk-list--number">
  <li>Open the authenticator app on your phone.</li>
  <li>Scan this QR code.</li>
</ol>
<img class="cg-qr" src="/qr.svg" width="200" height="200" alt="QR code to add Careguard to your authenticator app">
<p>If you cannot scan the code, type this setup key into the app:</p>
<p><code class="cg-code">JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP</code></p>
<form method="post" action="/account/mfa" novalidate>
  <input type="hidden" name="csrf_token" value="sample">
  {{#code_field}}{{> partials/field_text}}{{/code_field}}
  <button class="nhsuk-button" data-module="nhsuk-button" type="submit">Continue</button>
</form>
`;

const signInContent = `
{{#has_errors}}{{> partials/error_summary}}{{/has_errors}}
<h1>Sign in to Careguard</h1>
<form method="post" action="/sign-in" novalidate>
  <input type="hidden" name="csrf_token" value="sample">
  {{#email_field}}{{> partials/field_text}}{{/email_field}}
  {{#password_field}}{{> partials/field_text}}{{/password_field}}
  <button class="nhsuk-button" data-module="nhsuk-button" type="submit">Sign in</button>
</form>
<p><a href="/help#get-an-account">I do not have an account</a></p>
`;

function signInContext(withErrors) {
  const email = {
    id: 'email',
    name: 'email',
    label: 'Work email address',
    hint: 'The email address your organisation invited',
    type: 'email',
    autocomplete: 'email',
    width_class: 'nhsuk-u-width-two-thirds',
  };
  const password = {
    id: 'password',
    name: 'password',
    label: 'Password',
    type: 'password',
    autocomplete: 'current-password',
    width_class: 'nhsuk-u-width-two-thirds',
  };
  if (!withErrors) return { email_field: email, password_field: password };
  const errors = [
    { field: 'email', message: 'Enter an email address in the correct format, like name@example.com' },
    { field: 'password', message: 'Enter your password' },
  ];
  return {
    has_errors: true,
    errors,
    email_field: { ...email, value: 'ada.okafor@', error: errors[0].message },
    password_field: { ...password, error: errors[1].message },
  };
}

// Each sample: name, layout context, and either a content template + context
// or literal content.
async function samples() {
  return [
    {
      name: 'home',
      layout: {
        ...signedIn,
        title: 'Home',
        nav: nav('/'),
        flash: 'Invite sent to sam.jones@meadowbank.example',
      },
      content: homeContent,
      contentContext: {},
    },
    {
      name: 'mfa-setup',
      layout: {
        ...signedIn,
        title: 'Set up two-step verification',
        nav: nav('/account'),
        breadcrumbs: [
          { href: '/', label: 'Home' },
          { href: '/account', label: 'Your account' },
        ],
        breadcrumb_back: { href: '/account', label: 'Your account' },
      },
      content: mfaContent,
      contentContext: {
        code_field: {
          id: 'code',
          name: 'code',
          label: 'Enter the 6-digit code from the app',
          hint: 'For example, 123456',
          autocomplete: 'one-time-code',
          width_class: 'nhsuk-input--width-10',
        },
      },
    },
    {
      name: 'sign-in',
      layout: { signed_in: false, title: 'Sign in', csrf_token: 'x' },
      content: signInContent,
      contentContext: signInContext(false),
    },
    {
      name: 'sign-in-errors',
      layout: { signed_in: false, title: 'Error: Sign in', csrf_token: 'x' },
      content: signInContent,
      contentContext: signInContext(true),
    },
    {
      name: 'error-404',
      layout: { signed_in: false, title: 'Page not found' },
      content: await template('errors/error'),
      contentContext: {
        heading: 'Page not found',
        message: 'If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address.',
        status: 404,
        help_href: '/help',
      },
    },
    {
      name: 'error-403-signed-in',
      layout: { ...signedIn, org_name: false, title: 'You cannot view this page', nav: nav('') },
      content: await template('errors/error'),
      contentContext: {
        heading: 'You cannot view this page',
        message: 'You may need a different role. Ask your organisation lead.',
        status: 403,
      },
    },
    {
      name: 'accessibility',
      layout: { signed_in: false, title: 'Accessibility statement' },
      content: await template('pages/accessibility'),
      contentContext: {},
    },
    {
      name: 'privacy',
      layout: { ...signedIn, title: 'Privacy notice', nav: nav('') },
      content: await template('pages/privacy'),
      contentContext: {},
    },
    {
      name: 'help',
      layout: {
        signed_in: false,
        title: 'Help',
        breadcrumbs: [{ href: '/', label: 'Home' }],
        breadcrumb_back: { href: '/', label: 'Home' },
      },
      content: await template('pages/help'),
      contentContext: {},
    },
  ];
}

// Static checks on a rendered page. Returns a list of problems.
function staticChecks(name, html, layoutContext) {
  const problems = [];
  const p = (msg) => problems.push(`${name}: ${msg}`);
  if (!html.trimStart().startsWith('<!DOCTYPE html>')) p('does not start with <!DOCTYPE html>');
  if (!/<html lang="en-GB">/.test(html)) p('missing <html lang="en-GB">');
  if (/\{\{|\}\}/.test(html)) p('unrendered mustache tag');
  if (!html.includes(`<title>${Mustache.escape(layoutContext.title)} – Careguard</title>`)) p('bad <title>');
  for (const m of html.matchAll(/<script\b([^>]*)>/g)) {
    if (!/\bsrc=/.test(m[1])) p('inline <script> (CSP forbids it)');
    if (!/\btype="module"/.test(m[1])) p(`script without type="module": ${m[0]}`);
  }
  if (/<style\b/i.test(html)) p('inline <style> (CSP forbids it)');
  if (/\sstyle="/i.test(html)) p('style attribute (CSP forbids it)');
  if (/\son[a-z]+="/i.test(html)) p('inline event handler (CSP forbids it)');
  for (const m of html.matchAll(/<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)="((?:https?:)?\/\/[^"]*)"/gi)) {
    p(`loads a resource from another host: ${m[1]}`);
  }
  if (/<script>alert\(1\)<\/script>/.test(html)) p('user_name was not escaped');
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (dup.length) p(`duplicate ids: ${[...new Set(dup)].join(', ')}`);
  if (layoutContext.signed_in) {
    if (!/<form class="nhsuk-header__account-form" action="\/sign-out" method="post"/.test(html)) p('no POST sign-out form');
    if (!/<input type="hidden" name="csrf_token" value="[^"]+">/.test(html)) p('sign-out form has no csrf_token');
    if (/<a [^>]*href="\/sign-out"/.test(html)) p('plain link to /sign-out');
  }
  return problems;
}

export async function renderAll(outDir = defaultOutDir) {
  const layout = await template('layout');
  const partials = {
    'partials/error_summary': await template('partials/error_summary'),
    'partials/field_text': await template('partials/field_text'),
  };
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, 'qr.svg'), sampleQrSvg());
  const pages = [];
  const problems = [];
  for (const s of await samples()) {
    const content = Mustache.render(s.content, s.contentContext, partials);
    const html = Mustache.render(layout, { ...assets, ...s.layout, content }, partials);
    problems.push(...staticChecks(s.name, html, s.layout));
    const file = path.join(outDir, `${s.name}.html`);
    await writeFile(file, html);
    pages.push({ name: s.name, file, title: s.layout.title });
  }
  await writeFile(path.join(outDir, 'pages.json'), JSON.stringify(pages, null, 2));
  return { pages, problems };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2] ? path.resolve(process.argv[2]) : defaultOutDir;
  const { pages, problems } = await renderAll(outDir);
  for (const page of pages) console.log(`rendered ${path.relative(process.cwd(), page.file)}`);
  if (problems.length) {
    console.error(`\n${problems.length} problem(s):`);
    for (const problem of problems) console.error(`  - ${problem}`);
    process.exit(1);
  }
  console.log(`\n${pages.length} pages rendered, static checks passed`);
}
