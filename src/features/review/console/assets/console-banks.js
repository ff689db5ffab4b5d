// The banks page: hash and embedding banks with their settings and entry counts; for admins,
// creating a hash bank, changing a bank's threshold, action and enabled flag, and deleting it
// after a confirm step. Reviewers get the same page read-only (the API refuses their changes anyway).
'use strict';

(function () {
  const { KEY_STORAGE, $, state, ApiError, api, text, make, say, bankEntries } = window.ReviewConsole;

  /** Threshold inputs per kind: a Hamming distance for hashes, a least cosine for embeddings (limits from the page). */
  const limits = $('settings-form').dataset;
  const THRESHOLD_INPUT = { hash: { min: '0', max: limits.hashMax, step: '1' }, embedding: { min: limits.embeddingMin, max: '1', step: '0.01' } };

  /** The bank opened below the lists, as last fetched. */
  let open = null;

  async function signIn(key) {
    state.key = key;
    const me = await api('GET', '/v1/auth/me');
    if (me.role !== 'reviewer' && me.role !== 'admin') {
      throw new ApiError(403, { code: 'AUTH_FORBIDDEN', message: `A ${me.role} key cannot see banks; use a reviewer or admin key.` });
    }
    state.me = me;
    sessionStorage.setItem(KEY_STORAGE, key);
    text($('who'), `${me.name} · ${me.role}`);
    const admin = me.role === 'admin';
    for (const element of document.querySelectorAll('.admin-only')) element.hidden = !admin;
    $('read-only').hidden = admin;
    $('sign-in').hidden = true;
    $('banks').hidden = false;
    $('sign-out').hidden = false;
    await loadBanks();
  }

  async function loadBanks() {
    try {
      const [hash, embedding] = await Promise.all([api('GET', '/v1/banks'), api('GET', '/v1/embedding-banks')]);
      fillTable('hash-banks', 'hash', hash.items, 7);
      fillTable('embedding-banks', 'embedding', embedding.items, 5);
      if (open) {
        const fresh = [...hash.items.map((bank) => ({ ...bank, kind: 'hash' })), ...embedding.items.map((bank) => ({ ...bank, kind: 'embedding' }))].find((bank) => bank.id === open.id);
        if (fresh) showHeader(fresh);
        else closeBank();
      }
    } catch (error) {
      say(`${error.code}: ${error.message}`, true);
    }
  }

  function fillTable(id, kind, banks, columns) {
    const rows = banks.map((bank) => {
      const row = make('tr', bank.enabled ? '' : 'disabled');
      row.dataset.bankName = bank.name;
      const name = make('button', 'link bank-name', bank.name);
      name.type = 'button';
      name.addEventListener('click', () => openBank({ ...bank, kind }));
      const cell = (value, className) => row.append(make('td', className || '', value));
      row.append(make('td'));
      row.lastChild.append(name);
      cell(bank.threshold, 'threshold');
      cell(bank.action, `action action-${bank.action}`);
      if (kind === 'hash') {
        cell(bank.minQuality, 'min-quality');
        cell(bank.dihedral ? 'yes' : 'no', 'dihedral');
      }
      cell(bank.enabled ? 'yes' : 'no', 'enabled');
      cell(bank.entryCount, 'count');
      return row;
    });
    if (!rows.length) {
      const none = make('tr', 'muted');
      none.append(Object.assign(make('td', '', 'None yet.'), { colSpan: columns }));
      rows.push(none);
    }
    $(id).replaceChildren(...rows);
  }

  function showHeader(bank) {
    open = bank;
    text($('bank-title'), `${bank.kind === 'hash' ? 'Hash' : 'Embedding'} bank ${bank.name} · ${bank.entryCount} entr${bank.entryCount === 1 ? 'y' : 'ies'}`);
    text($('bank-description'), bank.description || '');
  }

  async function openBank(bank) {
    showHeader(bank);
    Object.assign($('settings-threshold'), THRESHOLD_INPUT[bank.kind], { value: String(bank.threshold) });
    $('settings-action').value = bank.action;
    $('settings-enabled').checked = bank.enabled;
    $('delete-confirm').hidden = true;
    for (const element of document.querySelectorAll('.hash-only')) element.classList.toggle('absent', bank.kind !== 'hash');
    text($('import-report'), '');
    $('import-invalid').replaceChildren();
    $('entry-search-text').value = '';
    $('entry-search-text').placeholder = bank.kind === 'hash' ? 'label or hash prefix' : 'label or decision id';
    $('bank').hidden = false;
    say('');
    await bankEntries.show(bank, '');
  }

  function closeBank() {
    open = null;
    $('bank').hidden = true;
  }

  async function onCreate(event) {
    event.preventDefault();
    const body = {
      name: $('create-name').value.trim(),
      threshold: Number($('create-threshold').value),
      action: $('create-action').value,
      minQuality: Number($('create-min-quality').value),
      dihedral: $('create-dihedral').checked,
    };
    try {
      const bank = await api('POST', '/v1/banks', body);
      $('create-name').value = '';
      await loadBanks();
      await openBank({ ...bank, kind: 'hash' });
      say(`Bank ${bank.name} created.`);
    } catch (error) {
      say(error.code === 'BANK_NAME_TAKEN' ? `A bank is already called ${body.name}.` : `${error.code}: ${error.message}`, true);
    }
  }

  async function onSave(event) {
    event.preventDefault();
    const bank = open;
    const body = { threshold: Number($('settings-threshold').value), action: $('settings-action').value, enabled: $('settings-enabled').checked };
    try {
      await api('PATCH', bankEntries.bankPath(bank), body);
      await loadBanks();
      say(`Bank ${bank.name} saved: threshold ${body.threshold}, ${body.action}, ${body.enabled ? 'enabled' : 'disabled'}.`);
    } catch (error) {
      say(`${error.code}: ${error.message}`, true);
    }
  }

  /** Deleting drops every entry with the bank, so it takes a second, explicit click. */
  function askDelete() {
    text($('delete-question'), `Delete ${open.name} and its ${open.entryCount} entr${open.entryCount === 1 ? 'y' : 'ies'}? This cannot be undone.`);
    $('delete-confirm').hidden = false;
    $('delete-no').focus();
  }

  async function onDelete() {
    const bank = open;
    try {
      await api('DELETE', bankEntries.bankPath(bank));
      closeBank();
      await loadBanks();
      say(`Bank ${bank.name} deleted.`);
    } catch (error) {
      say(`${error.code}: ${error.message}`, true);
    }
  }

  function init() {
    $('sign-in-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      text($('sign-in-error'), '');
      try {
        await signIn($('key-input').value.trim());
        $('key-input').value = '';
      } catch (error) {
        state.key = null;
        text($('sign-in-error'), error.code === 'AUTH_INVALID_KEY' ? 'That key is unknown or revoked.' : error.message);
      }
    });
    $('sign-out').addEventListener('click', () => {
      sessionStorage.removeItem(KEY_STORAGE);
      location.reload();
    });
    $('create-form').addEventListener('submit', onCreate);
    $('settings-form').addEventListener('submit', onSave);
    $('delete-bank').addEventListener('click', askDelete);
    $('delete-no').addEventListener('click', () => ($('delete-confirm').hidden = true));
    $('delete-yes').addEventListener('click', onDelete);
    bankEntries.init(loadBanks);
    const saved = sessionStorage.getItem(KEY_STORAGE);
    if (saved) signIn(saved).catch(() => sessionStorage.removeItem(KEY_STORAGE));
  }

  init();
})();
