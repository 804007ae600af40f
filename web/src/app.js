// Careguard progressive enhancements. Served as /assets/app.js and loaded with
// <script type="module">, so it only runs in browsers NHS.UK frontend supports.
// Pages must work without it. No inline scripts or styles: everything hooks on
// data- attributes.
//
// Copy button:
//   <code class="cg-code cg-secret" id="api-token" data-cg-copy="API token">…</code>
//   adds "Copy API token" (visually "Copy") after the element.
//   Works on <input>/<textarea> (copies the value) and on any other element
//   (copies its text).
//
// Print button (for recovery codes):
//   <button class="nhsuk-button nhsuk-button--secondary" type="button" data-cg-print hidden>Print these codes</button>
//   is shown and prints the page.

function textOf(el) {
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) return el.value;
  return (el.textContent || '').trim();
}

function selectContents(el) {
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
    el.focus();
    el.select();
    return;
  }
  const selection = window.getSelection();
  if (!selection) return;
  const range = document.createRange();
  range.selectNodeContents(el);
  selection.removeAllRanges();
  selection.addRange(range);
}

function addCopyButton(el) {
  if (el.hasAttribute('data-cg-copy-init')) return;
  el.setAttribute('data-cg-copy-init', '');
  const what = el.getAttribute('data-cg-copy') || 'text';

  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'nhsuk-button nhsuk-button--secondary nhsuk-button--small cg-copy-button';
  button.append('Copy');
  const hidden = document.createElement('span');
  hidden.className = 'nhsuk-u-visually-hidden';
  hidden.textContent = ` ${what}`;
  button.append(hidden);

  const status = document.createElement('span');
  status.className = 'cg-copy-status';
  status.setAttribute('role', 'status');

  button.addEventListener('click', async () => {
    status.textContent = '';
    try {
      if (!navigator.clipboard || !window.isSecureContext) throw new Error('no clipboard');
      await navigator.clipboard.writeText(textOf(el));
      status.textContent = 'Copied';
    } catch {
      selectContents(el);
      status.textContent = 'Selected – press Ctrl and C (or ⌘ and C) to copy';
    }
  });

  el.insertAdjacentElement('afterend', button);
  button.insertAdjacentElement('afterend', status);
}

function initPrintButtons(scope) {
  scope.querySelectorAll('[data-cg-print]').forEach((button) => {
    if (!(button instanceof HTMLButtonElement) || typeof window.print !== 'function') return;
    button.hidden = false;
    button.addEventListener('click', () => window.print());
  });
}

function init(scope = document) {
  scope.querySelectorAll('[data-cg-copy]').forEach(addCopyButton);
  initPrintButtons(scope);
}

init();
