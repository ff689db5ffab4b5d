// Verdicts with an undo window.
//
// Why the verdict waits in the browser rather than being revoked on the server: once the server
// has a verdict it is the decision's final outcome, which apps read (GET /v1/decisions/:id) and act
// on (delete content, notify a user), and which future webhooks would announce. Taking it back
// after that would leave them out of step. So nothing is sent during the window: the item stays
// claimed under the reviewer's lease (the next claim excludes it), and the verdict is sent
//   - when the window ends,
//   - at once when the reviewer moves on (decides the next item, switches queue, signs out),
//   - at once when the page goes away (`pagehide`, with `fetch(..., { keepalive: true })`, which
//     outlives the page),
// and it is kept in session storage until the server has it, so a page that crashed or reloaded
// before any of these sends it on the next sign-in. If none of that can happen (the browser dies
// for good), the lease runs out and the item goes back to its queue: the work is redone, but the
// server never publishes a verdict that is then taken back. Every verdict request is `keepalive`,
// so one under way when the page closes still arrives; a second send of a verdict the server
// already has is recognised by reading the item back.
'use strict';

(function () {
  const { $, state, api, authHeaders, text, say, short } = window.ReviewConsole;

  const PENDING_STORAGE = 'clip-moderation.review-pending';
  const UNDO_STORAGE = 'clip-moderation.review-undo-seconds';
  /** A verdict whose lease would end this soon after its window is sent at once instead. */
  const LEASE_MARGIN_MS = 15_000;
  /** After a network failure, the next try. */
  const RETRY_MS = 5_000;
  const VERDICT_WORDS = { approve: 'Approved', remove: 'Removed', escalate: 'Escalated' };
  const DEFAULT_LABEL = { approve: 'not_violating', remove: 'violating', escalate: 'unsure' };

  let hooks = null;
  let countdown = null;
  let hideTimer = null;

  const undoMs = () => Number($('undo-seconds').value) * 1000;

  function labelsFor(verdict) {
    const labels = [];
    for (const select of $('categories').querySelectorAll('select')) {
      const categoryId = select.dataset.category;
      const flagged = state.item.decision.triggered.includes(categoryId);
      const label = select.value || (flagged ? DEFAULT_LABEL[verdict] : '');
      if (label) labels.push({ categoryId, label });
    }
    return labels;
  }

  /** What the reviewer chose on the page, to put back if they undo. */
  function choices() {
    const chosen = {};
    for (const select of $('categories').querySelectorAll('select')) if (select.value) chosen[select.dataset.category] = select.value;
    return { note: $('note').value, labels: chosen, toBank: $('add-to-bank').checked };
  }

  function restoreChoices(saved) {
    $('note').value = saved.note;
    $('add-to-bank').checked = saved.toBank;
    for (const select of $('categories').querySelectorAll('select')) select.value = saved.labels[select.dataset.category] || '';
  }

  const send = (itemId, body) => api('POST', `/v1/review/items/${itemId}/verdict`, body, true);

  /**
   * Sends a verdict; true when the server has it. A refusal because the item is decided or no
   * longer under this lease may mean an earlier send (the page's `pagehide` request, say) got
   * there first, so the item is read back: saved when it carries this reviewer's same verdict.
   */
  async function deliver(itemId, body) {
    try {
      await send(itemId, body);
      return true;
    } catch (error) {
      if (error.code !== 'REVIEW_CONFLICT' && error.code !== 'REVIEW_LEASE_NOT_HELD') throw error;
      const item = await api('GET', `/v1/review/items/${itemId}`);
      if (item.verdict && item.verdict.reviewerId === state.me.id && item.verdict.verdict === body.verdict) return true;
      throw error;
    }
  }

  function persist(pending) {
    sessionStorage.setItem(PENDING_STORAGE, JSON.stringify({ keyId: state.me.id, itemId: pending.item.id, body: pending.body, word: pending.word }));
  }

  const forget = () => sessionStorage.removeItem(PENDING_STORAGE);

  // ---- the confirmation ------------------------------------------------------------------------

  function toast(message, withUndo) {
    clearTimeout(hideTimer);
    clearInterval(countdown);
    text($('toast-text'), message);
    $('toast-undo-part').hidden = !withUndo;
    $('toast').hidden = false;
    if (withUndo) {
      const tick = () => {
        const pending = state.pending;
        if (pending) text($('toast-timer'), `(${Math.max(0, Math.ceil((pending.deadline - Date.now()) / 1000))} s, U)`);
      };
      tick();
      countdown = setInterval(tick, 250);
    } else {
      hideTimer = setTimeout(() => ($('toast').hidden = true), 4000);
    }
  }

  // ---- deciding, sending, undoing --------------------------------------------------------------

  /** Decides the item on screen; with an undo window, the next item shows while the verdict waits. */
  async function decide(verdict) {
    const item = state.item;
    if (!item || state.busy) return;
    const body = { verdict, labels: labelsFor(verdict) };
    const note = $('note').value.trim();
    if (note) body.note = note;
    // Each item is banked on its own say-so: the box is cleared once used.
    if (verdict === 'remove' && $('add-to-bank').checked && $('bank-picker').value) body.addToBank = $('bank-picker').value;
    $('add-to-bank').checked = false;
    const word = VERDICT_WORDS[verdict];
    const saved = choices();
    // Moving on: a verdict still waiting from the previous item is sent first.
    if (!(await flush())) return;
    const windowMs = undoMs();
    const leaseLeft = item.claim ? Date.parse(item.claim.leaseExpiresAt) - Date.now() : 0;
    if (windowMs === 0 || leaseLeft < windowMs + LEASE_MARGIN_MS) {
      let sent = false;
      await hooks.guarded(async () => {
        await send(item.id, body);
        sent = true;
      });
      if (!sent) return;
      toast(`${word} ${short(item.id)} · saved`, false);
      await hooks.moveOn();
      return;
    }
    const pending = { item, body, word, saved, deadline: Date.now() + windowMs, timer: null };
    pending.timer = setTimeout(() => flush(), windowMs);
    state.pending = pending;
    persist(pending);
    toast(`${word} ${short(item.id)}`, true);
    await hooks.moveOn();
  }

  /** Sends the waiting verdict now; false when the server refused it. */
  async function flush() {
    const pending = state.pending;
    if (!pending) return true;
    state.pending = null;
    clearTimeout(pending.timer);
    try {
      await deliver(pending.item.id, pending.body);
    } catch (error) {
      return failed(pending, error);
    }
    forget();
    toast(`${pending.word} ${short(pending.item.id)} · saved`, false);
    return true;
  }

  function failed(pending, error) {
    if (!(error instanceof window.ReviewConsole.ApiError)) {
      // The network, not the server: keep it and try again shortly (it is still in session storage).
      pending.deadline = Date.now() + RETRY_MS;
      pending.timer = setTimeout(() => flush(), RETRY_MS);
      state.pending = pending;
      toast(`${pending.word} ${short(pending.item.id)} not sent yet (${error.message}); trying again`, true);
      return false;
    }
    forget();
    $('toast').hidden = true;
    say(`The verdict on ${short(pending.item.id)} (${pending.word}) was not saved: ${error.code}: ${error.message}`, true);
    return false;
  }

  /** Takes the waiting verdict back: nothing was sent, and the item shows again. */
  async function undo() {
    const pending = state.pending;
    if (!pending) {
      say('Nothing to undo: the last verdict has already been sent.');
      return;
    }
    state.pending = null;
    clearTimeout(pending.timer);
    forget();
    toast(`Undone: ${short(pending.item.id)} is back, nothing was sent.`, false);
    await hooks.restore(pending.item.id);
    if (state.item && state.item.id === pending.item.id) restoreChoices(pending.saved);
  }

  /** The page is going away: the waiting verdict goes now, on a request that outlives the page. */
  function onPageHide() {
    const pending = state.pending;
    if (!pending) return;
    fetch(`/v1/review/items/${pending.item.id}/verdict`, {
      method: 'POST',
      keepalive: true,
      headers: { ...authHeaders(), 'Content-Type': 'application/json' },
      body: JSON.stringify(pending.body),
    }).catch(() => undefined);
  }

  /** The embedding banks a remove verdict may add the picture to; the choice shows only when there are some. */
  async function loadBanks() {
    const picker = $('bank-picker');
    picker.replaceChildren();
    try {
      const { items } = await api('GET', '/v1/embedding-banks');
      for (const bank of items) picker.append(window.ReviewConsole.make('option', '', bank.name));
    } catch {
      // Banks are optional: without them the console decides as before.
    }
    $('bank-choice').hidden = picker.options.length === 0;
  }

  /** A verdict left waiting by a page that closed before sending it: sent now. */
  async function recover() {
    const saved = JSON.parse(sessionStorage.getItem(PENDING_STORAGE) || 'null');
    if (!saved || saved.keyId !== state.me.id) return;
    try {
      await deliver(saved.itemId, saved.body);
      toast(`${saved.word} ${short(saved.itemId)} · saved (it was waiting when the page closed)`, false);
    } catch (error) {
      say(`A verdict left waiting when the page closed (${saved.word} ${short(saved.itemId)}) was not saved: ${error.message}`, true);
    }
    forget();
  }

  function init(navigation) {
    hooks = navigation;
    const chosen = localStorage.getItem(UNDO_STORAGE);
    if (chosen !== null && [...$('undo-seconds').options].some((option) => option.value === chosen)) $('undo-seconds').value = chosen;
    $('undo-seconds').addEventListener('change', () => localStorage.setItem(UNDO_STORAGE, $('undo-seconds').value));
    $('undo').addEventListener('click', undo);
    $('approve').addEventListener('click', () => decide('approve'));
    $('remove').addEventListener('click', () => decide('remove'));
    $('escalate').addEventListener('click', () => decide('escalate'));
    window.addEventListener('pagehide', onPageHide);
  }

  window.ReviewConsole.verdicts = { decide, flush, undo, recover, loadBanks, init };
})();
