import { categoryLabelledScores } from '../evaluation/category-scores';
import { EvaluationReport } from '../evaluation/evaluation-report';
import { CategoryEvaluation } from '../evaluation/evaluation-result';
import { formatLintWarning } from '../lint/policy-lint-warning';
import { ThresholdMetrics } from '../metrics/threshold-metrics';
import { CategoryExampleLists, DEFAULT_LIST_LENGTH, ListedExample, categoryExampleLists } from './example-lists';
import { formatNumber } from './format-number';
import { escapeHtml } from './html-escape';
import { REPORT_STYLES } from './report-styles';
import { prCurveSvg } from './svg-pr-curve';
import { scoreHistogramSvg } from './svg-score-histogram';

/** Options of {@link renderEvaluationReport}. */
export interface RenderReportOptions {
  /** Small images by example id, as `data:` URIs; examples without one are listed by name only. */
  readonly thumbnails?: ReadonlyMap<string, string>;
  /** Examples per list (top-scoring, false positives, missed); default {@link DEFAULT_LIST_LENGTH}. */
  readonly listLength?: number;
}

/**
 * The evaluation as one self-contained HTML page: a summary table of every category, then per
 * category the PR curve and score histogram (inline SVG), the confusion counts at the review and
 * block thresholds, and the examples worth looking at. No script, no external resource: it can be
 * mailed, archived or opened offline, and nothing in it phones home.
 */
export function renderEvaluationReport(report: EvaluationReport, options: RenderReportOptions = {}): string {
  const { evaluation } = report;
  const limit = options.listLength ?? DEFAULT_LIST_LENGTH;
  const title = `Evaluation of policy ${evaluation.policy.id}`;
  const body = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="meta">Policy version <code>${escapeHtml(evaluation.policy.version)}</code> · model <code>${escapeHtml(evaluation.model.id ?? '')}</code> <code>${escapeHtml(evaluation.model.hash.slice(0, 23))}…</code><br>`,
    setLine(report),
    report.failures.length > 0 ? ` · <strong>${report.failures.length} could not be scored</strong>` : '',
    ` · ${escapeHtml(evaluation.evaluatedAt)}</p>`,
    `<div class="notice"><strong>Read with care.</strong> ${escapeHtml(report.notice)}</div>`,
    options.thumbnails && options.thumbnails.size > 0 ? WELLNESS_CONTROLS : '',
    summaryTable(evaluation.categories),
    lintBlock(report),
    failuresBlock(report),
    ...evaluation.categories.map((category) =>
      categorySection(category, categoryExampleLists(evaluation.examples, category.id, category.thresholds.review, limit), report, options.thumbnails),
    ),
    `<footer>Flagged means a score at or above the threshold, as the engine decides. Precision: of the flagged images, the share labelled positive. Recall: of the positives, the share flagged. FPR: of the negatives, the share flagged. AP (average precision) and ROC-AUC measure the ranking itself, whatever the thresholds.</footer>`,
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${REPORT_STYLES}</style></head>
<body><main>${body.join('\n')}</main></body></html>
`;
}

/**
 * The review console's wellness defaults, without a script (the report has none): thumbnails are
 * blurred until clicked (a checkbox inside each), and the page can turn them all grayscale or
 * reveal them all at once.
 */
const WELLNESS_CONTROLS =
  '<p class="wellness">Thumbnails are blurred: click one to reveal it. ' +
  '<label><input type="checkbox" id="grayscale"> Grayscale</label> <label><input type="checkbox" id="reveal-all"> Reveal all</label></p>';

/** Where the labelled examples came from: image files, or decisions reviewers labelled. */
function setLine(report: EvaluationReport): string {
  const count = report.evaluation.examples.length;
  if (report.set.kind === 'reviewed') {
    const other = report.set.skipped?.otherModels ?? 0;
    return (
      `${count} reviewer-labelled decisions: ${escapeHtml(report.set.source)} · embeddings from the decision log` +
      (other > 0 ? ` · ${other} made with another model left out` : '')
    );
  }
  return (
    `${count} labelled images from ${escapeHtml(report.set.kind)} <code>${escapeHtml(report.set.source)}</code>` +
    ` · embeddings ${report.embeddings.computed} computed, ${report.embeddings.cached} cached`
  );
}

function summaryTable(categories: readonly CategoryEvaluation[]): string {
  const rate = (metrics: ThresholdMetrics): string => [metrics.precision, metrics.recall, metrics.f1, metrics.fpr].map((value) => `<td>${formatNumber(value)}</td>`).join('');
  const rows = categories.map(
    (category) =>
      `<tr><td><a href="#cat-${escapeHtml(category.id)}">${escapeHtml(category.id)}</a>${category.shadow ? ' <span class="tag shadow">shadow</span>' : ''}</td>` +
      `<td>${category.positives}</td><td>${category.negatives}</td><td>${formatNumber(category.averagePrecision)}</td><td>${formatNumber(category.rocAuc)}</td>` +
      `<td class="group-start">${category.thresholds.review}</td>${rate(category.atReview)}` +
      `<td class="group-start">${category.thresholds.block}</td>${rate(category.atBlock)}</tr>`,
  );
  return `<table><thead>
<tr><th rowspan="2">Category</th><th rowspan="2">Positives</th><th rowspan="2">Negatives</th><th rowspan="2">AP</th><th rowspan="2">ROC-AUC</th><th class="group" colspan="5">At review threshold</th><th class="group" colspan="5">At block threshold</th></tr>
<tr><th class="group-start">threshold</th><th>precision</th><th>recall</th><th>F1</th><th>FPR</th><th class="group-start">threshold</th><th>precision</th><th>recall</th><th>F1</th><th>FPR</th></tr>
</thead><tbody>${rows.join('')}</tbody></table>`;
}

function lintBlock(report: EvaluationReport): string {
  if (report.lint.length === 0) return '';
  return `<div class="lint"><strong>Policy lint: ${report.lint.length} warning${report.lint.length === 1 ? '' : 's'}</strong><ul>${report.lint
    .map((warning) => `<li>${escapeHtml(formatLintWarning(warning))}</li>`)
    .join('')}</ul></div>`;
}

function failuresBlock(report: EvaluationReport): string {
  if (report.failures.length === 0) return '';
  return `<div class="lint"><strong>Images that could not be scored</strong><ul>${report.failures
    .map((failure) => `<li><code>${escapeHtml(failure.id)}</code>: ${escapeHtml(failure.code)} – ${escapeHtml(failure.message)}</li>`)
    .join('')}</ul></div>`;
}

function categorySection(category: CategoryEvaluation, lists: CategoryExampleLists, report: EvaluationReport, thumbnails: ReadonlyMap<string, string> | undefined): string {
  const set = categoryLabelledScores(report.evaluation, category.id);
  const name = escapeHtml(category.id);
  return `<section id="cat-${name}">
<h2>${name} ${category.shadow ? '<span class="tag shadow">shadow</span>' : ''} <span class="tag">${escapeHtml(category.scoring)}</span> <span class="tag">${escapeHtml(category.severity)}</span></h2>
<p class="meta">${category.positives} positives, ${category.negatives} negatives${category.unlabelled > 0 ? `, ${category.unlabelled} unlabelled` : ''} · AP ${formatNumber(category.averagePrecision)} · ROC-AUC ${formatNumber(category.rocAuc)}${
    category.scoreRange ? ` · scores ${formatNumber(category.scoreRange.min)} to ${formatNumber(category.scoreRange.max)}` : ''
  }</p>
<div class="charts">
<figure>${prCurveSvg(set, category.atReview, category.atBlock, `Precision-recall curve of ${category.id}`)}<figcaption>Precision against recall over every threshold; the dashed line is the share of positives (a random ranking). Markers: the current thresholds.</figcaption></figure>
<figure>${scoreHistogramSvg(set, category.thresholds, category.scoring, `Score histogram of ${category.id}`)}<figcaption>Scores of labelled positives and negatives, each as a share of its class, with the current thresholds.</figcaption></figure>
</div>
<div class="charts">${confusionTable('At review', category.atReview)}${confusionTable('At block', category.atBlock)}</div>
<div class="lists">
${exampleList('Highest scores', lists.top, thumbnails)}
${exampleList('False positives at review', lists.falsePositives, thumbnails)}
${exampleList('Missed at review', lists.missed, thumbnails)}
</div>
</section>`;
}

function confusionTable(title: string, metrics: ThresholdMetrics): string {
  return `<table class="confusion"><caption><h3>${escapeHtml(title)} ${metrics.threshold}</h3></caption>
<tr><th></th><th>labelled positive</th><th>labelled negative</th></tr>
<tr><th>flagged</th><td class="label-pos">${metrics.tp} true positives</td><td>${metrics.fp} false positives</td></tr>
<tr><th>not flagged</th><td>${metrics.fn} missed</td><td class="label-neg">${metrics.tn} true negatives</td></tr>
<tr><th></th><td colspan="2">precision ${formatNumber(metrics.precision)} · recall ${formatNumber(metrics.recall)} · F1 ${formatNumber(metrics.f1)} · FPR ${formatNumber(metrics.fpr)}</td></tr>
</table>`;
}

function exampleList(title: string, examples: readonly ListedExample[], thumbnails: ReadonlyMap<string, string> | undefined): string {
  const items = examples.map((example) => {
    const image = thumbnails?.get(example.id);
    const label =
      example.label === true ? '<span class="label-pos" title="labelled positive">pos</span>' : example.label === false ? '<span class="label-neg" title="labelled negative">neg</span>' : '<span class="label-none" title="not labelled">–</span>';
    const thumb = image
      ? `<label class="thumb" title="Click to reveal or blur"><input type="checkbox" aria-label="Reveal ${escapeHtml(example.id)}"><img src="${escapeHtml(image)}" alt=""></label>`
      : '';
    return `<li>${thumb}<span class="id">${escapeHtml(example.id)}</span>${label}<span class="score">${formatNumber(example.score)}</span></li>`;
  });
  return `<div><h3>${escapeHtml(title)}</h3>${items.length > 0 ? `<ol>${items.join('')}</ol>` : '<p class="empty-list">none</p>'}</div>`;
}
