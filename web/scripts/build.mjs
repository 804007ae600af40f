// Build the static assets served by the Careguard server under /assets/.
//
//   cd web && npm install && npm run build
//
// Output (web/dist/, plain names; the server adds content hashes itself):
//   nhsuk.css          compiled NHS.UK frontend CSS (minified), with the
//                      Frutiger @font-face rules removed (they load fonts from
//                      https://assets.nhs.uk, which our CSP forbids). Text falls
//                      back to the next font in the stack: Arial, sans-serif.
//   nhsuk.js           NHS.UK frontend ES module bundle plus a few lines that
//                      mark <body> as supported and call initAll(). It contains
//                      `export {...}`, so it MUST be loaded with
//                      <script type="module" src="...">.
//   chart.umd.js       Chart.js UMD build (a classic script that sets
//                      window.Chart), for the oversight dashboards; load it
//                      before dashboard.js.
//   app.css, app.js    our own small additions (web/src/).
//   dashboard.js       draws the dashboards' charts from data- attributes
//                      (ES module; needs chart.umd.js).
//   images/...         icons, favicons and logos. nhsuk.css refers to them as
//                      url("/assets/images/..."), so web/dist/ must be served at
//                      /assets/ and these files under their plain names.
//   manifest.json      web app manifest (icon paths relative to /assets/).
//
// The build fails if any output CSS/JS refers to an external host, or if a
// url(...) in the CSS does not resolve to a file in web/dist/.

import { cp, mkdir, readFile, readdir, rm, writeFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.resolve(here, '..');
const distDir = path.join(webDir, 'dist');
const srcDir = path.join(webDir, 'src');

const require = createRequire(import.meta.url);
const pkgJsonPath = require.resolve('nhsuk-frontend/package.json');
const pkgDir = path.dirname(pkgJsonPath);
const pkgVersion = JSON.parse(await readFile(pkgJsonPath, 'utf8')).version;
const nhsukDist = path.join(pkgDir, 'dist', 'nhsuk');

const ASSET_PREFIX = '/assets/';

function fail(message) {
  console.error(`build: ${message}`);
  process.exit(1);
}

function stripSourceMap(text) {
  return text.replace(/\/\*# sourceMappingURL=[^*]*\*\/\s*$/m, '').replace(/\/\/# sourceMappingURL=\S+\s*$/m, '');
}

// Any reference that would make the browser contact another host.
// (xmlns="http://www.w3.org/2000/svg" inside SVG files is a namespace name,
// not a request, and SVGs are not checked here.)
function externalRefs(text) {
  const found = new Set();
  for (const m of text.matchAll(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s"')]*/gi)) {
    found.add(m[0]);
  }
  return [...found];
}

async function exists(p) {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

async function listFiles(dir, base = dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full, base)));
    else out.push(path.relative(base, full));
  }
  return out.sort();
}

async function checkCssUrls(name, css) {
  for (const m of css.matchAll(/url\(\s*(["']?)([^"')]+)\1\s*\)/g)) {
    const ref = m[2];
    if (ref.startsWith('data:')) continue;
    if (!ref.startsWith(ASSET_PREFIX)) fail(`${name}: url(${ref}) is not under ${ASSET_PREFIX}`);
    const file = path.join(distDir, ref.slice(ASSET_PREFIX.length).split(/[?#]/)[0]);
    if (!(await exists(file))) fail(`${name}: url(${ref}) does not resolve to ${path.relative(webDir, file)}`);
  }
}

await rm(distDir, { recursive: true, force: true });
await mkdir(distDir, { recursive: true });

// 1. Assets the CSS refers to (url("/assets/images/...")) and the manifest.
await cp(path.join(nhsukDist, 'assets'), distDir, { recursive: true });

// 2. NHS.UK frontend CSS without the external Frutiger web font.
let css = await readFile(path.join(nhsukDist, 'nhsuk-frontend.min.css'), 'utf8');
const fontFaces = css.match(/@font-face\s*\{[^}]*\}/g) ?? [];
for (const rule of fontFaces) {
  if (externalRefs(rule).length) css = css.replace(rule, '');
}
css = stripSourceMap(css);
const cssExternal = externalRefs(css);
if (cssExternal.length) fail(`nhsuk.css still refers to external URLs: ${cssExternal.join(', ')}`);
if (/@import/.test(css)) fail('nhsuk.css contains @import');
css = `/*! nhsuk-frontend ${pkgVersion} (MIT, NHS England). Frutiger @font-face removed by web/scripts/build.mjs: text uses Arial. */\n${css}\n`;
await writeFile(path.join(distDir, 'nhsuk.css'), css);

// 3. NHS.UK frontend JS: the ES module bundle, initialised. The upstream page
// template sets <body class="nhsuk-frontend-supported"> from an inline
// <script>; our CSP forbids inline scripts, so the module does it. Only
// browsers that run type="module" scripts get here, which is exactly the
// condition the inline snippet tests ('noModule' in HTMLScriptElement).
let js = await readFile(path.join(nhsukDist, 'nhsuk-frontend.min.js'), 'utf8');
js = stripSourceMap(js);
if (!/\bexport\s*\{[^}]*\binitAll\b/.test(js)) fail('nhsuk-frontend.min.js no longer exports initAll; check the package');
const jsExternal = externalRefs(js);
if (jsExternal.length) fail(`nhsuk.js refers to external URLs: ${jsExternal.join(', ')}`);
js =
  `/*! nhsuk-frontend ${pkgVersion} (MIT, NHS England). ES module: load with <script type="module">. */\n` +
  `${js}\n` +
  `document.body.classList.add("js-enabled","nhsuk-frontend-supported");\n` +
  `initAll();\n`;
await writeFile(path.join(distDir, 'nhsuk.js'), js);

// 4. Chart.js (UMD build: a classic script that sets window.Chart), for the oversight
// dashboards. Its licence banners name web sites (not requests); they keep their text
// without the scheme so the external-reference check below still covers the code itself.
// (Its package.json is not exported, so the folder is found from the main entry, dist/.)
const chartDist = path.dirname(require.resolve('chart.js'));
const chartVersion = JSON.parse(await readFile(path.join(chartDist, '..', 'package.json'), 'utf8')).version;
let chartJs = await readFile(path.join(chartDist, 'chart.umd.min.js'), 'utf8');
chartJs = stripSourceMap(chartJs).replace(/\/\*![\s\S]*?\*\//g, (banner) => banner.replace(/https?:\/\//g, ''));
const chartExternal = externalRefs(chartJs);
if (chartExternal.length) fail(`chart.umd.js refers to external URLs: ${chartExternal.join(', ')}`);
if (!/\.Chart\s*=/.test(chartJs)) fail('chart.umd.min.js no longer sets window.Chart; check the package');
await writeFile(path.join(distDir, 'chart.umd.js'), `/*! chart.js ${chartVersion} (MIT). Classic script: sets window.Chart. */\n${chartJs}\n`);

// 5. Our own additions.
for (const name of ['app.css', 'app.js', 'dashboard.js']) {
  const text = await readFile(path.join(srcDir, name), 'utf8');
  const ext = externalRefs(text);
  if (ext.length) fail(`src/${name} refers to external URLs: ${ext.join(', ')}`);
  await writeFile(path.join(distDir, name), text);
}

// 6. Every url(...) must resolve under /assets/.
await checkCssUrls('nhsuk.css', css);
await checkCssUrls('app.css', await readFile(path.join(distDir, 'app.css'), 'utf8'));

const files = await listFiles(distDir);
console.log(`build: nhsuk-frontend ${pkgVersion} -> ${path.relative(process.cwd(), distDir) || '.'}/ (${files.length} files)`);
for (const f of files) console.log(`  ${f}`);
