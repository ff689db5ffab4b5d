// The search page: past uploads by description (POST /v1/search) or by an example image
// (POST /v1/search/by-image), with filters and "More" paging, or "more like this" from a hit.
// Hits show their facts and, where the store still holds the image, a blurred thumbnail.
'use strict';

(function () {
  const { KEY_STORAGE, $, state, ApiError, api, authHeaders, text, make, say, short, thumbs } = window.ReviewConsole;

  const PAGE_SIZE = 20;
  const VERDICT_WORDS = { approve: 'approved', remove: 'removed' };

  /** The search on screen: what it asked (to page on with the same query) and its next cursor. */
  const search = { query: null, cursor: null, shown: 0 };

  async function signIn(key) {
    state.key = key;
    const me = await api('GET', '/v1/auth/me');
    if (me.role !== 'reviewer' && me.role !== 'admin') {
      throw new ApiError(403, { code: 'AUTH_FORBIDDEN', message: `A ${me.role} key cannot search past uploads; use a reviewer or admin key.` });
    }
    state.me = me;
    sessionStorage.setItem(KEY_STORAGE, key);
    text($('who'), `${me.name} · ${me.role}`);
    $('sign-in').hidden = true;
    $('search').hidden = false;
    $('sign-out').hidden = false;
    $('search-text').focus();
    loadPolicyIds();
  }

  /** Suggestions for the policy filter; a key that may not list policies still types one in. */
  async function loadPolicyIds() {
    try {
      const { items } = await api('GET', '/v1/policies');
      $('policy-ids').replaceChildren(...items.map((policy) => Object.assign(make('option'), { value: policy.id })));
    } catch {
      // Only suggestions.
    }
  }

  function filters() {
    const chosen = {};
    const policy = $('filter-policy').value.trim();
    if (policy) chosen.policy = policy;
    if ($('filter-action').value) chosen.action = $('filter-action').value;
    if ($('filter-since').value) chosen.from = $('filter-since').value;
    if ($('filter-reviewed').value) chosen.reviewed = $('filter-reviewed').value === 'true';
    return chosen;
  }

  /** Starts a new search: `query` is `{ text }`, `{ decisionId }` or `{ file }`. */
  async function start(query, what) {
    thumbs.release($('results'));
    $('results').replaceChildren();
    $('more').hidden = true;
    Object.assign(search, { query: { ...query, filters: filters(), what }, cursor: null, shown: 0 });
    await fetchPage();
  }

  async function fetchPage() {
    const query = search.query;
    const paging = { limit: PAGE_SIZE, ...(search.cursor ? { cursor: search.cursor } : {}) };
    text($('search-summary'), `Searching ${query.what}…`);
    say('');
    // One page at a time: a second click would ask for the same cursor again.
    $('more').disabled = true;
    try {
      const page = query.file ? await byImage(query.file, { ...query.filters, ...paging }) : await api('POST', '/v1/search', { ...query.body, ...query.filters, ...paging });
      if (search.query !== query) return;
      $('results').append(...page.items.map((hit, index) => row(hit, search.shown + index + 1)));
      search.shown += page.items.length;
      search.cursor = page.nextCursor;
      $('more').hidden = !page.nextCursor;
      text($('search-summary'), `${search.shown} hit${search.shown === 1 ? '' : 's'} for ${query.what}, most similar first · ${page.indexedDecisions} decisions searchable.`);
    } catch (error) {
      if (search.query !== query) return;
      text($('search-summary'), '');
      say(`${error.code || 'ERROR'}: ${error.message}`, true);
    } finally {
      $('more').disabled = false;
    }
  }

  /** The image goes as the raw body, the filters in the query string (each page sends it again). */
  async function byImage(file, params) {
    const query = new URLSearchParams(Object.entries(params).map(([name, value]) => [name, String(value)]));
    const headers = { ...authHeaders(), 'Content-Type': file.type || 'application/octet-stream' };
    const response = await fetch(`/v1/search/by-image?${query}`, { method: 'POST', headers, body: file, cache: 'no-store' });
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new ApiError(response.status, body);
    return body;
  }

  function row(hit, rank) {
    const entry = make('li', `hit action-${hit.action}`);
    entry.dataset.decisionId = hit.decisionId;
    const facts = make('dl', 'dl hit-facts');
    const fact = (term, value, className) => facts.append(make('dt', '', term), make('dd', className || '', value));
    fact('Similarity', hit.similarity.toFixed(3), 'similarity');
    fact('Decision', `${short(hit.decisionId)} · ${hit.policy.id} @ ${short(hit.policy.version.replace(/^sha256:/, ''))}`);
    fact('Action', `${hit.action}${hit.triggered.length ? ` (${hit.triggered.join(', ')})` : ''}${hit.held ? ' · held' : ''}`, 'action');
    fact('Review outcome', hit.review ? `${VERDICT_WORDS[hit.review.verdict] || hit.review.verdict}${hit.review.reviewedAt ? ` ${new Date(hit.review.reviewedAt).toLocaleString()}` : ''}` : 'not reviewed', 'outcome');
    fact('Decided at', new Date(hit.decidedAt).toLocaleString());
    if (hit.subject || hit.source) fact('Subject · source', `${hit.subject || '–'} · ${hit.source || '–'}`);
    const like = make('button', 'link', 'More like this');
    like.type = 'button';
    like.addEventListener('click', () => start({ body: { decisionId: hit.decisionId } }, `decisions like ${short(hit.decisionId)}`));
    entry.append(make('span', 'rank', `${rank}`), thumbs.thumb(hit), facts, like);
    return entry;
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
    $('search-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const words = $('search-text').value.trim();
      if (words) start({ body: { text: words } }, `“${words}”`);
      else say('Type a description, or pick an example image.', true);
    });
    $('search-image').addEventListener('change', () => {
      const file = $('search-image').files[0];
      if (file) start({ file }, `the image ${file.name}`);
    });
    $('more').addEventListener('click', fetchPage);
    $('thumb-grayscale').addEventListener('change', () => $('results').classList.toggle('grayscale', $('thumb-grayscale').checked));
    const saved = sessionStorage.getItem(KEY_STORAGE);
    if (saved) signIn(saved).catch(() => sessionStorage.removeItem(KEY_STORAGE));
  }

  init();
})();
