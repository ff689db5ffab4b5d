import { BANK_ACTIONS, DEFAULT_BANK_SETTINGS, MAX_BANK_THRESHOLD, MIN_EMBEDDING_THRESHOLD } from '../../banks';
import { BANKS_SCRIPT_FILES, ConsoleAssets } from './console-assets';

const actionOptions = (selected: string): string =>
  BANK_ACTIONS.map((action) => `<option value="${action}"${action === selected ? ' selected' : ''}>${action}</option>`).join('');

/**
 * The console's banks page (`/review/banks`): hash and embedding banks with their settings and
 * entries. Like the other pages it carries no data; the scripts fetch everything with the session
 * key, and show the controls that change banks to admin keys only (the API refuses others anyway).
 */
export function renderBanksPage(assets: ConsoleAssets): string {
  const scripts = BANKS_SCRIPT_FILES.map((file) => `<script src="/review/js/${file}?v=${assets.scripts.get(file)!.version}" defer></script>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Banks · clip-moderation</title>
<link rel="icon" href="/review/icon.svg?v=${assets.icon.version}" type="image/svg+xml">
<link rel="stylesheet" href="/review/console.css?v=${assets.style.version}">
</head>
<body>
<header class="bar">
  <h1>Banks</h1>
  <a class="nav" href="/review">Review console</a>
  <a class="nav" href="/review/search">Search past uploads</a>
  <span id="who" class="who"></span>
  <button type="button" id="sign-out" class="link" hidden>Sign out</button>
</header>
<section id="sign-in" class="sign-in">
  <form id="sign-in-form" autocomplete="off">
    <label for="key-input">API key (reviewer or admin)</label>
    <input id="key-input" name="key" type="password" spellcheck="false" required>
    <button type="submit" id="sign-in-button">Sign in</button>
    <p id="sign-in-error" class="error" role="alert"></p>
    <p class="hint">The key stays in this tab only (session storage), shared with the review console.</p>
  </form>
</section>
<main id="banks" class="banks" hidden>
  <p id="read-only" class="hint" hidden>Read-only: changing banks needs an admin key.</p>
  <form id="create-form" class="panel admin-only" autocomplete="off" hidden>
    <h2>New hash bank</h2>
    <div class="fields">
      <label>Name <input id="create-name" required maxlength="100" spellcheck="false" placeholder="e.g. ncii-shared"></label>
      <label>Threshold <input id="create-threshold" type="number" min="0" max="${MAX_BANK_THRESHOLD}" step="1" value="${DEFAULT_BANK_SETTINGS.threshold}"></label>
      <label>Action <select id="create-action">${actionOptions(DEFAULT_BANK_SETTINGS.action)}</select></label>
      <label>Min quality <input id="create-min-quality" type="number" min="0" max="100" step="1" value="${DEFAULT_BANK_SETTINGS.minQuality}"></label>
      <label><input id="create-dihedral" type="checkbox"> Dihedral</label>
      <button type="submit" id="create-button">Create</button>
    </div>
    <p class="hint">Threshold: largest Hamming distance (of 256 bits) that matches. Embedding banks are created with the API.</p>
  </form>
  <h2 class="section-title">Hash banks</h2>
  <table class="bank-table">
    <thead><tr><th>Name</th><th>Threshold</th><th>Action</th><th>Min quality</th><th>Dihedral</th><th>Enabled</th><th>Entries</th></tr></thead>
    <tbody id="hash-banks"></tbody>
  </table>
  <h2 class="section-title">Embedding banks</h2>
  <table class="bank-table">
    <thead><tr><th>Name</th><th>Threshold</th><th>Action</th><th>Enabled</th><th>Entries</th></tr></thead>
    <tbody id="embedding-banks"></tbody>
  </table>
  <section id="bank" class="panel bank-detail" hidden>
    <h2 id="bank-title"></h2>
    <p id="bank-description" class="hint"></p>
    <form id="settings-form" class="fields admin-only" autocomplete="off" data-hash-max="${MAX_BANK_THRESHOLD}" data-embedding-min="${MIN_EMBEDDING_THRESHOLD}" hidden>
      <label>Threshold <input id="settings-threshold" type="number" required></label>
      <label>Action <select id="settings-action">${actionOptions('')}</select></label>
      <label><input id="settings-enabled" type="checkbox"> Enabled</label>
      <button type="submit" id="settings-save">Save</button>
      <button type="button" id="delete-bank" class="danger">Delete bank…</button>
    </form>
    <p id="delete-confirm" class="confirm" role="alertdialog" hidden><span id="delete-question"></span> <button type="button" id="delete-yes" class="danger">Delete for good</button> <button type="button" id="delete-no">Cancel</button></p>
    <p id="export" class="hash-only">Export: <button type="button" id="export-text" class="link">text</button> · <button type="button" id="export-csv" class="link">CSV</button></p>
    <div class="hash-only admin-only columns">
      <form id="import-form" autocomplete="off">
        <h3>Import a hash list</h3>
        <textarea id="import-text" rows="4" spellcheck="false" placeholder="One PDQ hash (64 hex digits) per line; # comments"></textarea>
        <div class="fields">
          <label>or a file <input id="import-file" type="file" accept=".txt,.csv,text/plain,text/csv"></label>
          <label>Label <input id="import-label" maxlength="255"></label>
          <button type="submit" id="import-button">Import</button>
        </div>
        <p id="import-report" class="import-report" role="status" aria-live="polite"></p>
        <ul id="import-invalid" class="import-invalid"></ul>
      </form>
      <form id="add-form" autocomplete="off">
        <h3>Add one hash</h3>
        <div class="fields">
          <input id="add-hash" required pattern="[0-9a-fA-F]{64}" maxlength="64" spellcheck="false" placeholder="64 hex digits" aria-label="Hash">
          <input id="add-label" maxlength="255" placeholder="label" aria-label="Label">
          <button type="submit" id="add-button">Add</button>
        </div>
      </form>
    </div>
    <form id="entry-search" class="fields" role="search" autocomplete="off">
      <h3>Entries</h3>
      <input id="entry-search-text" type="search" maxlength="100" aria-label="Search entries">
      <button type="submit" id="entry-search-button">Search</button>
    </form>
    <ul id="entries" class="entries"></ul>
    <button type="button" id="entries-more" class="more" hidden>More</button>
  </section>
  <p id="status" class="status" role="status" aria-live="polite"></p>
</main>
${scripts}
</body>
</html>
`;
}
