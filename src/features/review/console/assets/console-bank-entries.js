// The banks page's entry part: one bank's entries (search by label or hash, "More" paging,
// removal for admins), and for hash banks the hash-list import, adding one hash and the export.
// Changes call `changed()` so the page refreshes the bank's entry count.
'use strict';

(function () {
  const { $, state, ApiError, api, authHeaders, text, make, say } = window.ReviewConsole;

  const PAGE_SIZE = 25;
  /** How many invalid lines of an import the page lists (the API reports up to 1000). */
  const INVALID_SHOWN = 10;
  const PATHS = { hash: '/v1/banks', embedding: '/v1/embedding-banks' };

  /** The list on screen: its bank, search and next cursor; a new list replaces the object. */
  let list = null;
  let changed = () => {};

  const bankPath = (bank) => `${PATHS[bank.kind]}/${encodeURIComponent(bank.id)}`;
  const isAdmin = () => state.me && state.me.role === 'admin';

  /** Shows `bank`'s entries from the first page, with `search` (label or hash prefix) when given. */
  async function show(bank, search) {
    list = { bank, search: search || '', cursor: null };
    $('entries').replaceChildren();
    $('entries-more').hidden = true;
    await fetchPage();
  }

  async function fetchPage() {
    const current = list;
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (current.search) query.set('search', current.search);
    if (current.cursor) query.set('cursor', current.cursor);
    $('entries-more').disabled = true;
    try {
      const page = await api('GET', `${bankPath(current.bank)}/entries?${query}`);
      if (list !== current) return;
      $('entries').append(...page.items.map((entry) => row(current.bank, entry)));
      if (!$('entries').children.length) $('entries').append(make('li', 'muted', current.search ? 'No entry matches.' : 'No entries yet.'));
      current.cursor = page.nextCursor;
      $('entries-more').hidden = !page.nextCursor;
    } catch (error) {
      if (list === current) say(`${error.code}: ${error.message}`, true);
    } finally {
      $('entries-more').disabled = false;
    }
  }

  function row(bank, entry) {
    const item = make('li', 'entry');
    item.dataset.entryId = String(entry.id);
    const what = bank.kind === 'hash' ? make('code', 'hash', entry.hash) : make('span', 'decision', `decision ${entry.decisionId}`);
    const facts = make('span', 'muted', `${entry.source} · ${new Date(entry.createdAt).toLocaleString()}${entry.note ? ` · ${entry.note}` : ''}`);
    item.append(what, make('span', 'label', entry.label || '–'), facts);
    if (isAdmin()) {
      const remove = make('button', 'link danger remove-entry', 'Remove');
      remove.type = 'button';
      remove.addEventListener('click', () => removeEntry(bank, entry, item));
      item.append(remove);
    }
    return item;
  }

  async function removeEntry(bank, entry, item) {
    try {
      await api('DELETE', `${bankPath(bank)}/entries/${entry.id}`);
      item.remove();
      say(`Entry ${entry.id}${entry.label ? ` (${entry.label})` : ''} removed.`);
      changed();
    } catch (error) {
      say(`${error.code}: ${error.message}`, true);
    }
  }

  /** Sends a hash list as its own body: text/csv for a .csv file, text/plain otherwise. */
  async function importList(body, type) {
    const bank = list.bank;
    const label = $('import-label').value.trim();
    const query = label ? `?${new URLSearchParams({ label })}` : '';
    const response = await fetch(`${bankPath(bank)}/import${query}`, { method: 'POST', headers: { ...authHeaders(), 'Content-Type': type }, body, cache: 'no-store' });
    const report = await response.json().catch(() => null);
    if (!response.ok) throw new ApiError(response.status, report);
    return report;
  }

  function showReport(report) {
    text($('import-report'), `${report.lines} lines: ${report.added} added, ${report.duplicates} duplicates, ${report.invalid} invalid.`);
    const shown = report.invalidLines.slice(0, INVALID_SHOWN).map((bad) => make('li', 'invalid-line', `line ${bad.line}: ${bad.reason}`));
    if (report.invalid > shown.length) shown.push(make('li', 'muted', `… and ${report.invalid - shown.length} more`));
    $('import-invalid').replaceChildren(...shown);
  }

  async function onImport(event) {
    event.preventDefault();
    const file = $('import-file').files[0];
    const typed = $('import-text').value;
    if (!file && !typed.trim()) return say('Paste hashes or choose a file to import.', true);
    const type = file && (file.type === 'text/csv' || /\.csv$/i.test(file.name)) ? 'text/csv' : 'text/plain';
    $('import-button').disabled = true;
    text($('import-report'), 'Importing…');
    $('import-invalid').replaceChildren();
    try {
      showReport(await importList(file || typed, type));
      $('import-text').value = '';
      $('import-file').value = '';
      changed();
      await show(list.bank, list.search);
    } catch (error) {
      text($('import-report'), '');
      say(`${error.code}: ${error.message}`, true);
    } finally {
      $('import-button').disabled = false;
    }
  }

  async function onAdd(event) {
    event.preventDefault();
    const body = { hash: $('add-hash').value.trim() };
    const label = $('add-label').value.trim();
    if (label) body.label = label;
    try {
      const entry = await api('POST', `${bankPath(list.bank)}/entries`, body);
      $('add-hash').value = '';
      $('add-label').value = '';
      say(`Entry ${entry.id} added.`);
      changed();
      await show(list.bank, list.search);
    } catch (error) {
      say(error.code === 'BANK_ENTRY_EXISTS' ? 'The bank holds that hash already.' : `${error.code}: ${error.message}`, true);
    }
  }

  /** Export needs the key, which a plain link cannot send: fetched, then saved from a blob: URL. */
  async function exportList(format) {
    const bank = list.bank;
    try {
      const response = await fetch(`${bankPath(bank)}/export?format=${format}`, { headers: authHeaders(), cache: 'no-store' });
      if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
      const url = URL.createObjectURL(await response.blob());
      const link = Object.assign(make('a'), { href: url, download: `${bank.name}.${format === 'csv' ? 'csv' : 'txt'}` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      say(`The export failed: ${error.message}`, true);
    }
  }

  /** Binds the part's controls; `onChanged` runs after every change to the entries. */
  function init(onChanged) {
    changed = onChanged;
    $('entry-search').addEventListener('submit', (event) => {
      event.preventDefault();
      if (list) show(list.bank, $('entry-search-text').value.trim());
    });
    $('entries-more').addEventListener('click', fetchPage);
    $('import-form').addEventListener('submit', onImport);
    $('add-form').addEventListener('submit', onAdd);
    $('export-text').addEventListener('click', () => exportList('text'));
    $('export-csv').addEventListener('click', () => exportList('csv'));
  }

  window.ReviewConsole.bankEntries = { init, show, bankPath };
})();
