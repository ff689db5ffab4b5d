// What the console shows of an item: its facts (who uploaded it, from where), an appeal's or
// escalation's earlier review, the category scores on labelled scales, and the policy's reports.
'use strict';

(function () {
  const { $, state, api, text, make, openReport } = window.ReviewConsole;

  const KIND_WORDS = { review: 'Review', sample: 'Quality sample', escalation: 'Escalation', appeal: 'Appeal' };
  const VERDICT_PAST = { approve: 'Approved', remove: 'Removed', escalate: 'Escalated' };
  const LABEL_WORDS = { violating: 'violating', not_violating: 'not violating', unsure: 'unsure' };

  /** Each scoring method's scale: the bar's ends and the ticks printed under it. */
  const SCALES = {
    cosine: { low: -1, high: 1, ticks: ['−1', '0', '1'] },
    'contrast-softmax': { low: 0, high: 1, ticks: ['0', '0.5', '1'] },
  };

  function render(item) {
    const decision = item.decision;
    text($('item-title'), `${KIND_WORDS[item.kind] || item.kind} · model said ${decision.action}`);
    const facts = $('item-facts');
    facts.replaceChildren();
    const fact = (term, value) => {
      const cell = make('dd', '', value);
      facts.append(make('dt', '', term), cell);
      return cell;
    };
    fact('Queue', item.queue);
    fact('Priority', `${item.effectivePriority} (base ${item.priority})`);
    fact('Uploader (subject)', decision.subject || 'not given');
    fact('Source', decision.source || 'not given');
    fact('Policy', `${decision.policy.id} @ ${decision.policy.version}`);
    fact('Model', decision.model.id);
    fact('Decided', new Date(decision.decidedAt).toLocaleString());
    fact('Image', `${decision.content.format}, ${decision.content.width}×${decision.content.height}`);
    if (decision.review) fact('Current outcome', `${decision.review.verdict} (${new Date(decision.review.reviewedAt).toLocaleString()})`);
    state.leaseCell = fact('Lease', '');
    const reason = $('item-reason');
    reason.hidden = !item.reason;
    text(reason, item.reason ? `${item.kind === 'appeal' ? 'Appeal reason' : 'Reason'}: ${item.reason}` : '');
    renderPrevious(item);
    renderCategories(item);
    loadEvaluationLink(item);
  }

  /** How the earlier reviewer decided (appeals and escalations): verdict, note, labels. */
  function renderPrevious(item) {
    const previous = item.previousReview;
    $('previous').hidden = !previous;
    if (!previous) return;
    const who = item.kind === 'appeal' ? 'First review' : 'Earlier review';
    text($('previous-title'), `${who}: ${VERDICT_PAST[previous.verdict] || previous.verdict} by another reviewer, ${new Date(previous.decidedAt).toLocaleString()}`);
    text($('previous-note'), previous.note ? `Their note: “${previous.note}”` : 'They left no note.');
    const list = $('previous-labels');
    list.replaceChildren(...previous.labels.map((label) => make('li', '', `${label.categoryId}: ${LABEL_WORDS[label.label] || label.label}`)));
    if (previous.labels.length === 0) list.append(make('li', 'muted', 'No labels.'));
  }

  function renderCategories(item) {
    const body = $('categories');
    body.replaceChildren();
    const policyCategories = new Map(((item.policy && item.policy.categories) || []).map((category) => [category.id, category]));
    const earlier = new Map(((item.previousReview && item.previousReview.labels) || []).map((label) => [label.categoryId, label.label]));
    for (const category of item.decision.categories) {
      const row = make('tr', `action-${category.action}${category.shadow ? ' shadow' : ''}`);
      row.dataset.category = category.id;
      const described = policyCategories.get(category.id);
      const name = make('td', 'category', category.id);
      if (described) name.title = `${described.description} (severity ${described.severity})`;
      if (category.shadow) name.append(make('span', 'tag', 'shadow'));
      const labelCell = make('td');
      const select = $('label-template').content.firstElementChild.cloneNode(true);
      select.dataset.category = category.id;
      select.setAttribute('aria-label', `Label for ${category.id}`);
      labelCell.append(select);
      if (earlier.has(category.id)) labelCell.append(make('span', 'earlier', `earlier: ${LABEL_WORDS[earlier.get(category.id)]}`));
      row.append(name, scoreCell(category), make('td', 'action', category.action), promptCell(category), labelCell);
      body.append(row);
    }
  }

  function scoreCell(category) {
    const scale = SCALES[category.scoring] || SCALES.cosine;
    const at = (value) => `${Math.max(0, Math.min(100, ((value - scale.low) / (scale.high - scale.low)) * 100))}%`;
    const cell = make('td', 'score');
    const meter = make('div', 'meter');
    const fill = make('div', 'fill');
    fill.style.width = at(category.score);
    const reviewMark = make('div', 'mark review');
    reviewMark.style.left = at(category.thresholds.review);
    const blockMark = make('div', 'mark block');
    blockMark.style.left = at(category.thresholds.block);
    meter.append(fill, reviewMark, blockMark);
    const ticks = make('div', 'scale');
    ticks.append(...scale.ticks.map((tick) => make('span', '', tick)));
    const explained =
      category.scoring === 'cosine'
        ? `Cosine similarity of the image to the best-matching prompt, on a scale from −1 to 1 (1: a perfect match, 0: unrelated).`
        : `Probability, from 0 to 1, that the image matches this category's prompts rather than its look-alike (contrast) prompts.`;
    cell.title = `${explained} Review at ${category.thresholds.review} or more, block at ${category.thresholds.block} or more.`;
    cell.append(make('span', 'number', category.score.toFixed(3)), meter, ticks, make('span', 'limits', `review ≥ ${category.thresholds.review} · block ≥ ${category.thresholds.block}`));
    return cell;
  }

  function promptCell(category) {
    const cell = make('td', 'prompt', `“${category.bestPrompt}”`);
    const similarity = make('span', 'similarity', `similarity ${category.bestSimilarity.toFixed(3)}${category.scoring === 'cosine' ? ' (= the score)' : ''}`);
    similarity.title =
      category.scoring === 'cosine'
        ? 'Raw cosine similarity of the image to this prompt (−1 to 1). For a cosine category the score is this number.'
        : 'Raw cosine similarity of the image to this prompt (−1 to 1). The score beside it is a probability computed from this and the similarities to the look-alike prompts, so the two numbers differ.';
    cell.append(similarity);
    return cell;
  }

  // ---- reports ---------------------------------------------------------------------------------

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

  function openEvaluationReport(event) {
    event.preventDefault();
    if (state.evaluation) openReport(state.evaluation.reportUrl, 'evaluation report');
  }

  /** The policy's own page: its versions, the diff of the candidate and the shadow report. */
  function openPolicyReport(event) {
    event.preventDefault();
    if (state.item) openReport(`/v1/policies/${encodeURIComponent(state.item.decision.policy.id)}/report`, 'policy report');
  }

  function init() {
    $('evaluation-link').addEventListener('click', openEvaluationReport);
    $('policy-report-link').addEventListener('click', openPolicyReport);
  }

  window.ReviewConsole.items = { render, init };
})();
