// The review console: sign in with an API key, claim the next item of a queue, look at the image
// (blurred until asked), decide with the keyboard. Plain browser JavaScript, no build step; every
// request carries the key, and nothing from the server is ever inserted as HTML.
'use strict';

(function () {
  const KEY_STORAGE = 'clip-moderation.review-key';
  const QUEUE_STORAGE = 'clip-moderation.review-queue';
  /** Renew the lease when this little of it is left, while the page is open. */
  const RENEW_WHEN_LEFT_MS = 60_000;
  const VERDICT_WORDS = { approve: 'Approved', remove: 'Removed', escalate: 'Escalated' };
  const DEFAULT_LABEL = { approve: 'not_violating', remove: 'violating', escalate: 'unsure' };

  const $ = (id) => document.getElementById(id);
  const state = { key: null, me: null, queue: null, item: null, imageUrl: null, busy: false, timer: null, evaluation: null };

  /** A failed API call: the server's stable code and message. */
  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.message) || `HTTP ${status}`);
      this.status = status;
      this.code = (body && body.code) || `HTTP_${status}`;
    }
  }

  async function api(method, path, body) {
    const headers = { Authorization: `Bearer ${state.key}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
    const text = await response.text();
    const parsed = text ? JSON.parse(text) : null;
    if (!response.ok) throw new ApiError(response.status, parsed);
    return parsed;
  }

  function text(element, value) {
    element.textContent = value == null ? '' : String(value);
    return element;
  }

  function make(tag, className, value) {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (value !== undefined) text(element, value);
    return element;
  }

  function say(message, isError) {
    const status = $('status');
    text(status, message);
    status.classList.toggle('error', Boolean(isError));
  }

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
    const queues = await loadQueues();
    const remembered = sessionStorage.getItem(QUEUE_STORAGE);
    const withWork = queues.find((queue) => queue.availableToYou > 0);
    state.queue = remembered || (withWork ? withWork.name : 'review');
    await next();
  }

  async function signOut() {
    if (state.item) await release(true).catch(() => undefined);
    sessionStorage.removeItem(KEY_STORAGE);
    location.reload();
  }

  // ---- queues ----------------------------------------------------------------------------------

  async function loadQueues() {
    const overview = await api('GET', '/v1/review/queues');
    const list = $('queue-list');
    list.replaceChildren();
    for (const queue of overview.items) {
      const button = make('button', 'queue');
      button.type = 'button';
      button.dataset.queue = queue.name;
      const counts = `${queue.pending} waiting${queue.claimed > 0 ? ` · ${queue.claimed} held` : ''}`;
      button.append(make('span', 'name', queue.name), make('span', 'count', counts));
      button.title = `${queue.pending} pending (${queue.availableToYou} for you), ${queue.claimed} claimed, ${queue.order} first`;
      button.classList.toggle('current', queue.name === state.queue);
      button.addEventListener('click', () => switchQueue(queue.name));
      const item = make('li');
      item.append(button);
      list.append(item);
    }
    return overview.items;
  }

  async function switchQueue(name) {
    if (state.busy || name === state.queue) return;
    if (state.item) await release(true).catch(() => undefined);
    state.queue = name;
    sessionStorage.setItem(QUEUE_STORAGE, name);
    await next();
  }

  // ---- items -----------------------------------------------------------------------------------

  async function next() {
    await guarded(async () => {
      const result = await api('POST', `/v1/review/queues/${encodeURIComponent(state.queue)}/claim`, {});
      await loadQueues();
      if (result.item) await show(result.item);
      else showEmpty();
    });
  }

  function showEmpty() {
    clearItem();
    text($('empty-queue'), state.queue);
    $('empty').hidden = false;
    $('item').hidden = true;
  }

  function clearItem() {
    state.item = null;
    if (state.imageUrl) URL.revokeObjectURL(state.imageUrl);
    state.imageUrl = null;
    $('image').removeAttribute('src');
  }

  async function show(item) {
    clearItem();
    state.item = item;
    $('empty').hidden = true;
    $('item').hidden = false;
    $('note').value = '';
    setRevealed(false);
    const decision = item.decision;
    const kindWords = { review: 'Review', sample: 'Quality sample', escalation: 'Escalation', appeal: 'Appeal' };
    text($('item-title'), `${kindWords[item.kind] || item.kind} · model said ${decision.action}`);
    const facts = $('item-facts');
    facts.replaceChildren();
    const fact = (term, value) => facts.append(make('dt', '', term), make('dd', '', value));
    fact('Queue', item.queue);
    fact('Priority', `${item.effectivePriority} (base ${item.priority})`);
    fact('Policy', `${decision.policy.id} @ ${decision.policy.version}`);
    fact('Model', decision.model.id);
    fact('Decided', new Date(decision.decidedAt).toLocaleString());
    fact('Image', `${decision.content.format}, ${decision.content.width}×${decision.content.height}`);
    if (decision.review) fact('Current outcome', `${decision.review.verdict} (${new Date(decision.review.reviewedAt).toLocaleString()})`);
    fact('Lease', '');
    const reason = $('item-reason');
    reason.hidden = !item.reason;
    text(reason, item.reason ? `Reason: ${item.reason}` : '');
    renderCategories(item);
    loadEvaluationLink(item);
    startLeaseClock();
    await loadImage(item);
    say(`Claimed ${item.kind} ${item.id.slice(0, 8)} from ${item.queue}.`);
  }

  function renderCategories(item) {
    const body = $('categories');
    body.replaceChildren();
    const policyCategories = new Map(((item.policy && item.policy.categories) || []).map((category) => [category.id, category]));
    for (const category of item.decision.categories) {
      const row = make('tr', `action-${category.action}${category.shadow ? ' shadow' : ''}`);
      row.dataset.category = category.id;
      const described = policyCategories.get(category.id);
      const name = make('td', 'category', category.id);
      if (described) name.title = `${described.description} (severity ${described.severity})`;
      if (category.shadow) name.append(make('span', 'tag', 'shadow'));
      const score = make('td', 'score');
      const meter = make('div', 'meter');
      const fill = make('div', 'fill');
      const range = category.scoring === 'cosine' ? { low: -1, high: 1 } : { low: 0, high: 1 };
      const at = (value) => `${Math.max(0, Math.min(100, ((value - range.low) / (range.high - range.low)) * 100))}%`;
      fill.style.width = at(category.score);
      const reviewMark = make('div', 'mark review');
      reviewMark.style.left = at(category.thresholds.review);
      const blockMark = make('div', 'mark block');
      blockMark.style.left = at(category.thresholds.block);
      meter.append(fill, reviewMark, blockMark);
      score.append(make('span', 'number', category.score.toFixed(3)), meter, make('span', 'limits', `review ≥ ${category.thresholds.review} · block ≥ ${category.thresholds.block}`));
      const prompt = make('td', 'prompt', `“${category.bestPrompt}” (${category.bestSimilarity.toFixed(3)})`);
      const labelCell = make('td');
      const select = $('label-template').content.firstElementChild.cloneNode(true);
      select.dataset.category = category.id;
      select.setAttribute('aria-label', `Label for ${category.id}`);
      labelCell.append(select);
      row.append(name, score, make('td', 'action', category.action), prompt, labelCell);
      body.append(row);
    }
  }

  // ---- evaluation reports ----------------------------------------------------------------------

  /** Shows a link to the latest evaluation of the item's policy, when there is one. */
  async function loadEvaluationLink(item) {
    $('evaluation').hidden = true;
    state.evaluation = null;
    try {
      const page = await api('GET', `/v1/tuning/evaluations?policy=${encodeURIComponent(item.decision.policy.id)}&limit=1`);
      const latest = page.items[0];
      if (state.item !== item || !latest) return;
      state.evaluation = latest;
      text($('evaluation-meta'), `(${latest.examples} labelled decisions, ${new Date(latest.createdAt).toLocaleString()}, version ${latest.policy.version})`);
      $('evaluation').hidden = false;
    } catch (error) {
      // Reports are a convenience: without one (or without access) the link stays hidden.
    }
  }

  /**
   * Opens the report in a new tab. The report route needs the key, which a plain link cannot send,
   * so the page is fetched with it and shown from a blob: URL. The tab is opened at the click, before
   * the fetch, so popup blockers let it through.
   */
  async function openEvaluationReport(event) {
    event.preventDefault();
    const evaluation = state.evaluation;
    if (!evaluation) return;
    const tab = window.open('', '_blank');
    try {
      const response = await fetch(evaluation.reportUrl, { headers: { Authorization: `Bearer ${state.key}` }, cache: 'no-store' });
      if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
      const url = URL.createObjectURL(new Blob([await response.text()], { type: 'text/html' }));
      if (tab) tab.location.href = url;
      else location.href = url;
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      if (tab) tab.close();
      say(`The evaluation report could not be opened: ${error.message}`, true);
    }
  }

  async function loadImage(item) {
    const stateText = $('image-state');
    if (item.image.status !== 'available') {
      text(stateText, item.image.status === 'purged' ? `Image purged ${new Date(item.image.purgedAt).toLocaleDateString()} (retention); scores remain.` : 'No image was kept for this decision.');
      return;
    }
    text(stateText, '');
    const response = await fetch(item.image.url, { headers: { Authorization: `Bearer ${state.key}` }, cache: 'no-store' });
    if (!response.ok) {
      text(stateText, `The image could not be loaded (HTTP ${response.status}).`);
      return;
    }
    if (state.item !== item) return;
    state.imageUrl = URL.createObjectURL(await response.blob());
    $('image').src = state.imageUrl;
  }

  function setRevealed(revealed) {
    $('figure').classList.toggle('blurred', !revealed);
    text($('reveal'), revealed ? 'Blur (V)' : 'Reveal (V)');
    $('veil').hidden = revealed;
  }

  function toggleReveal() {
    if (!state.item) return;
    setRevealed($('figure').classList.contains('blurred'));
  }

  function toggleGrayscale(fromKeyboard) {
    const box = $('grayscale');
    if (fromKeyboard) box.checked = !box.checked;
    $('figure').classList.toggle('grayscale', box.checked);
  }

  // ---- leases ----------------------------------------------------------------------------------

  function startLeaseClock() {
    clearInterval(state.timer);
    const tick = async () => {
      const item = state.item;
      if (!item || !item.claim) return;
      const left = new Date(item.claim.leaseExpiresAt).getTime() - Date.now();
      const cells = $('item-facts').querySelectorAll('dd');
      text(cells[cells.length - 1], left > 0 ? `${Math.ceil(left / 1000)} s left` : 'expired: the item went back to its queue');
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

  // ---- verdicts --------------------------------------------------------------------------------

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

  async function decide(verdict) {
    const item = state.item;
    if (!item) return;
    let decided = false;
    await guarded(async () => {
      const note = $('note').value.trim();
      await api('POST', `/v1/review/items/${item.id}/verdict`, { verdict, labels: labelsFor(verdict), ...(note ? { note } : {}) });
      clearInterval(state.timer);
      say(`${VERDICT_WORDS[verdict]} ${item.id.slice(0, 8)}. Loading the next item…`);
      clearItem();
      decided = true;
    });
    if (decided) await next();
  }

  async function release(quiet) {
    const item = state.item;
    if (!item) return;
    clearInterval(state.timer);
    await api('POST', `/v1/review/items/${item.id}/release`);
    clearItem();
    if (!quiet) {
      say(`Released ${item.id.slice(0, 8)} to ${item.queue}.`);
      showEmpty();
      await loadQueues();
    }
  }

  /** Runs one step at a time and reports its failure; a lost lease shows the next item. */
  async function guarded(step) {
    if (state.busy) return;
    state.busy = true;
    try {
      await step();
    } catch (error) {
      if (error.code === 'AUTH_INVALID_KEY' || error.code === 'AUTH_REQUIRED') {
        sessionStorage.removeItem(KEY_STORAGE);
        say('Your key is no longer valid. Sign in again.', true);
      } else if (error.code === 'REVIEW_LEASE_NOT_HELD') {
        say('Your lease on this item ran out and it went back to the queue. Press N for the next item.', true);
        clearItem();
        showEmpty();
      } else {
        say(`${error.code || 'ERROR'}: ${error.message}`, true);
      }
    } finally {
      state.busy = false;
    }
  }

  // ---- wiring ----------------------------------------------------------------------------------

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || $('console').hidden) return;
    const tag = event.target && event.target.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return;
    const actions = {
      a: () => decide('approve'),
      r: () => decide('remove'),
      e: () => decide('escalate'),
      v: toggleReveal,
      g: () => toggleGrayscale(true),
      u: () => guarded(() => release(false)),
      n: () => (state.item ? undefined : next()),
    };
    const action = actions[event.key.toLowerCase()];
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
    $('figure').addEventListener('click', toggleReveal);
    $('reveal').addEventListener('click', toggleReveal);
    $('grayscale').addEventListener('change', () => toggleGrayscale(false));
    $('approve').addEventListener('click', () => decide('approve'));
    $('remove').addEventListener('click', () => decide('remove'));
    $('escalate').addEventListener('click', () => decide('escalate'));
    $('release').addEventListener('click', () => guarded(() => release(false)));
    $('check-again').addEventListener('click', next);
    $('evaluation-link').addEventListener('click', openEvaluationReport);
    document.addEventListener('keydown', onKey);
    const saved = sessionStorage.getItem(KEY_STORAGE);
    if (saved) signIn(saved).catch(() => sessionStorage.removeItem(KEY_STORAGE));
  }

  init();
})();
