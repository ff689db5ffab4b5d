// The review console: sign in with an API key, claim the next item of a queue, look at the image
// (blurred until asked), decide with the keyboard. Plain browser JavaScript, no build step. This
// file wires the parts the other scripts add to `ReviewConsole`: signing in, choosing a queue,
// moving from item to item (skips are never handed back in the session), leases and the keyboard.
'use strict';

(function () {
  const RC = window.ReviewConsole;
  const { KEY_STORAGE, $, state, ApiError, api, text, say, short, image, items, queues, verdicts } = RC;

  const SKIPPED_STORAGE = 'clip-moderation.review-skipped';
  /** The server takes at most this many ids to pass over in one claim. */
  const MAX_EXCLUSIONS = 200;
  /** Renew the lease when this little of it is left, while the page is open. */
  const RENEW_WHEN_LEFT_MS = 60_000;

  const queueStorage = () => `clip-moderation.review-queue.${state.me.id}`;

  // ---- signing in ------------------------------------------------------------------------------

  async function signIn(key) {
    state.key = key;
    const me = await api('GET', '/v1/auth/me');
    if (me.role !== 'reviewer' && me.role !== 'admin') {
      throw new ApiError(403, { code: 'AUTH_FORBIDDEN', message: `A ${me.role} key cannot review; use a reviewer or admin key.` });
    }
    state.me = me;
    sessionStorage.setItem(KEY_STORAGE, key);
    text($('who'), `${me.name} · ${me.role}${me.authDisabled ? ' · AUTH DISABLED' : ''}`);
    $('sign-in').hidden = true;
    $('console').hidden = false;
    $('sign-out').hidden = false;
    await verdicts.recover();
    await verdicts.loadBanks();
    const overview = await loadQueues();
    const remembered = localStorage.getItem(queueStorage());
    if (remembered && (await openRemembered(remembered))) return;
    const opening = queues.opening(overview, remembered);
    state.queue = opening.name;
    text($('queue-why'), `Opened ${opening.name}: ${opening.why}.`);
    await next();
  }

  /**
   * Opens the reviewer's last queue if it has something for them. A claim decides, not the counts:
   * an item they still hold there (a closed tab's) counts as work, though no longer "available".
   */
  async function openRemembered(name) {
    let opened = false;
    await guarded(async () => {
      const result = await api('POST', claimPath(name), { exclude: exclusions() });
      if (!result.item) return;
      state.queue = name;
      text($('queue-why'), `Opened ${name}: your last queue.`);
      await loadQueues();
      await show(result.item);
      opened = true;
    });
    return opened;
  }

  async function signOut() {
    await verdicts.flush();
    if (state.item) await release(state.item).catch(() => undefined);
    sessionStorage.removeItem(KEY_STORAGE);
    location.reload();
  }

  // ---- queues ----------------------------------------------------------------------------------

  const loadQueues = () => queues.load(switchQueue);

  async function switchQueue(name) {
    if (state.busy || name === state.queue) return;
    await verdicts.flush();
    if (state.item) await release(state.item).catch(() => undefined);
    state.queue = name;
    localStorage.setItem(queueStorage(), name);
    text($('queue-why'), `Opened ${name}: your choice (remembered for next time).`);
    await next();
  }

  // ---- moving between items --------------------------------------------------------------------

  const skipped = () => JSON.parse(sessionStorage.getItem(SKIPPED_STORAGE) || '[]');

  function rememberSkip(id) {
    const ids = skipped().filter((known) => known !== id);
    ids.push(id);
    sessionStorage.setItem(SKIPPED_STORAGE, JSON.stringify(ids.slice(-(MAX_EXCLUSIONS - 1))));
  }

  /** Items the next claim must not hand back: this session's skips, and the item whose verdict waits. */
  function exclusions() {
    const ids = skipped();
    if (state.pending) ids.push(state.pending.item.id);
    return ids.slice(-MAX_EXCLUSIONS);
  }

  const claimPath = (queue) => `/v1/review/queues/${encodeURIComponent(queue)}/claim`;

  async function next() {
    await guarded(async () => {
      const result = await api('POST', claimPath(state.queue), { exclude: exclusions() });
      await loadQueues();
      if (result.item) await show(result.item);
      else showEmpty();
    });
  }

  /** Gives the item on screen back and shows the next; the skipped one is not handed back this session. */
  async function skip() {
    const item = state.item;
    if (!item) return next();
    let released = false;
    await guarded(async () => {
      await release(item);
      rememberSkip(item.id);
      released = true;
    });
    if (released) await next();
  }

  async function unskip() {
    sessionStorage.removeItem(SKIPPED_STORAGE);
    await next();
  }

  /** After a verdict: the item leaves the screen and the next one is claimed. */
  async function moveOn() {
    clearItem();
    await next();
  }

  /** Brings an item the reviewer still holds back on screen (an undone verdict). */
  async function restore(itemId) {
    while (state.busy) await state.step;
    await guarded(async () => {
      const current = state.item;
      if (current && current.id !== itemId) await release(current);
      await show(await api('GET', `/v1/review/items/${itemId}`));
    });
  }

  function showEmpty() {
    clearItem();
    text($('empty-queue'), state.queue);
    const count = skipped().length;
    $('empty-skipped').hidden = count === 0;
    $('unskip').hidden = count === 0;
    text($('empty-skipped'), `${count} item${count === 1 ? '' : 's'} you skipped in this session ${count === 1 ? 'is' : 'are'} left out.`);
    $('empty').hidden = false;
    $('item').hidden = true;
    say(`Nothing else waiting in ${state.queue} for you. Press N to check again.`);
  }

  function clearItem() {
    clearInterval(state.timer);
    state.item = null;
    image.clear();
    RC.similar.clear();
  }

  async function show(item) {
    clearItem();
    state.item = item;
    $('item').dataset.itemId = item.id;
    $('empty').hidden = true;
    $('item').hidden = false;
    $('note').value = '';
    image.setRevealed(false);
    items.render(item);
    // Not awaited: the look-alikes fill in while the reviewer looks at the item.
    RC.similar.load(item);
    startLeaseClock();
    await image.load(item);
    say(`Claimed ${item.kind} ${short(item.id)} from ${item.queue}.`);
  }

  async function release(item) {
    await api('POST', `/v1/review/items/${item.id}/release`);
    if (state.item === item) clearItem();
  }

  // ---- leases ----------------------------------------------------------------------------------

  function startLeaseClock() {
    clearInterval(state.timer);
    const tick = async () => {
      const item = state.item;
      if (!item || !item.claim) return;
      const left = new Date(item.claim.leaseExpiresAt).getTime() - Date.now();
      text(state.leaseCell, left > 0 ? `${Math.ceil(left / 1000)} s left` : 'expired: the item went back to its queue');
      if (left > 0 && left < RENEW_WHEN_LEFT_MS && !state.busy && document.visibilityState === 'visible') {
        try {
          state.item = await api('POST', `/v1/review/items/${item.id}/renew`, {});
        } catch (error) {
          say(`Could not renew the lease: ${error.message}`, true);
        }
      }
    };
    tick();
    state.timer = setInterval(tick, 1000);
  }

  /** Runs one step at a time and reports its failure; a lost lease shows the next item. */
  async function guarded(step) {
    if (state.busy) return;
    state.busy = true;
    state.step = (async () => {
      try {
        await step();
      } catch (error) {
        if (error.code === 'AUTH_INVALID_KEY' || error.code === 'AUTH_REQUIRED') {
          sessionStorage.removeItem(KEY_STORAGE);
          say('Your key is no longer valid. Sign in again.', true);
        } else if (error.code === 'REVIEW_LEASE_NOT_HELD') {
          showEmpty();
          say('Your lease on this item ran out and it went back to the queue. Press N for the next item.', true);
        } else {
          say(`${error.code || 'ERROR'}: ${error.message}`, true);
        }
      } finally {
        state.busy = false;
      }
    })();
    await state.step;
  }

  // ---- wiring ----------------------------------------------------------------------------------

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || $('console').hidden) return;
    const tag = event.target && event.target.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return;
    const zoomKeys = { escape: image.closeZoom, z: image.closeZoom, '+': image.zoomIn, '=': image.zoomIn, '-': image.zoomOut, v: image.toggleReveal, g: () => image.toggleGrayscale(true) };
    const actions = {
      a: () => verdicts.decide('approve'),
      r: () => verdicts.decide('remove'),
      e: () => verdicts.decide('escalate'),
      u: verdicts.undo,
      s: skip,
      n: skip,
      v: image.toggleReveal,
      g: () => image.toggleGrayscale(true),
      z: image.openZoom,
    };
    const action = (image.zoomOpen() ? zoomKeys : actions)[event.key.toLowerCase()];
    if (!action) return;
    event.preventDefault();
    action();
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
    $('sign-out').addEventListener('click', signOut);
    $('skip').addEventListener('click', skip);
    $('check-again').addEventListener('click', next);
    $('unskip').addEventListener('click', unskip);
    image.init();
    items.init();
    verdicts.init({ guarded, moveOn, restore });
    document.addEventListener('keydown', onKey);
    const saved = sessionStorage.getItem(KEY_STORAGE);
    if (saved) signIn(saved).catch(() => sessionStorage.removeItem(KEY_STORAGE));
  }

  init();
})();
