// "Similar past items" beside the item under review: the reviewed decisions whose images look most
// like this one (POST /v1/search by the item's decision), with the verdict people gave each, so
// reviewers decide alike. Informative only: it never decides anything itself.
'use strict';

(function () {
  const { $, state, api, text, make } = window.ReviewConsole;

  /** How many reviewed look-alikes to ask for. */
  const LIMIT = 5;
  const VERDICT_WORDS = { approve: 'Approved', remove: 'Removed' };

  async function load(item) {
    const list = $('similar-list');
    clear();
    text($('similar-state'), 'Looking for similar reviewed items…');
    try {
      const page = await api('POST', '/v1/search', { decisionId: item.decision.id, reviewed: true, limit: LIMIT });
      if (state.item !== item) return;
      // An appeal's own decision is reviewed already, and ranks first: it is not a look-alike of itself.
      const hits = page.items.filter((hit) => hit.decisionId !== item.decision.id && hit.review);
      list.append(...hits.map(row));
      text($('similar-state'), hits.length === 0 ? 'No similar item has been reviewed yet.' : 'Reviewed past uploads most like this one, most similar first.');
    } catch (error) {
      if (state.item === item) text($('similar-state'), `Similar items are not available: ${error.message}`);
    }
  }

  function row(hit) {
    const entry = make('li', `similar-hit verdict-${hit.review.verdict}`);
    entry.dataset.decisionId = hit.decisionId;
    const facts = make('div', 'similar-facts');
    const reviewedAt = hit.review.reviewedAt ? ` ${new Date(hit.review.reviewedAt).toLocaleDateString()}` : '';
    facts.append(
      make('strong', 'verdict', `${VERDICT_WORDS[hit.review.verdict] || hit.review.verdict}${reviewedAt}`),
      make('span', 'similarity', `similarity ${hit.similarity.toFixed(3)}`),
      make('span', 'muted', `model said ${hit.action}${hit.triggered.length ? ` (${hit.triggered.join(', ')})` : ''} · ${hit.policy.id}`),
    );
    entry.append(window.ReviewConsole.thumbs.thumb(hit), facts);
    return entry;
  }

  function clear() {
    const list = $('similar-list');
    window.ReviewConsole.thumbs.release(list);
    list.replaceChildren();
    text($('similar-state'), '');
  }

  window.ReviewConsole.similar = { load, clear };
})();
