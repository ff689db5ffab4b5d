import { CategoryThresholds } from '../../engine/policy/policy.types';
import { LabelledScores } from '../metrics/labelled-scores';
import { CHART_COLOURS } from './chart-colours';
import { escapeHtml } from './html-escape';

const WIDTH = 380;
const HEIGHT = 260;
/** The top band holds the legend (first row) and the review and block labels (one row each), so none can collide. */
const MARGIN = { left: 44, right: 14, top: 52, bottom: 38 };
const ROWS = { legend: 13, review: 31, block: 45 };
const BINS = 20;

/**
 * Score histogram of one category as inline SVG: labelled positives and negatives side by side
 * in each bin, each as a share of its own class (so a handful of positives is not flattened by
 * thousands of negatives), with the review and block thresholds drawn across. The x range is the
 * scoring method's range for contrast-softmax, and the scores seen (plus thresholds) for cosine,
 * whose scores sit in a narrow band.
 */
export function scoreHistogramSvg(set: LabelledScores, thresholds: CategoryThresholds, scoring: 'cosine' | 'contrast-softmax', title: string): string {
  const [low, high] = xRange(set, thresholds, scoring);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (score: number): number => MARGIN.left + ((score - low) / (high - low)) * plotW;
  const positives = new Array<number>(BINS).fill(0);
  const negatives = new Array<number>(BINS).fill(0);
  set.scores.forEach((score, index) => {
    const bin = Math.min(BINS - 1, Math.max(0, Math.floor(((score - low) / (high - low)) * BINS)));
    (set.positive[index] ? positives : negatives)[bin]!++;
  });
  const share = (counts: number[], total: number): number[] => counts.map((count) => (total === 0 ? 0 : count / total));
  const pos = share(positives, set.positives);
  const neg = share(negatives, set.negatives);
  // A round top (10 %, 20 %, …) keeps the axis labels round.
  const top = Math.max(0.1, Math.ceil(Math.max(...pos, ...neg) * 10) / 10);
  const y = (value: number): number => MARGIN.top + (1 - value / top) * plotH;
  const parts: string[] = [];
  for (const tick of [0, top / 2, top]) {
    parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="${CHART_COLOURS.grid}"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${y(tick) + 4}" text-anchor="end" class="tick">${Math.round(tick * 100)}%</text>`);
  }
  for (const value of niceTicks(low, high)) {
    parts.push(`<text x="${x(value)}" y="${y(0) + 14}" text-anchor="middle" class="tick">${round(value)}</text>`);
  }
  const binW = plotW / BINS;
  for (let bin = 0; bin < BINS; bin++) {
    const left = MARGIN.left + bin * binW;
    parts.push(bar(left + 1, binW / 2 - 1, neg[bin]!, y, CHART_COLOURS.negative, `${negatives[bin]} negatives`));
    parts.push(bar(left + binW / 2, binW / 2 - 1, pos[bin]!, y, CHART_COLOURS.positive, `${positives[bin]} positives`));
  }
  for (const [level, value, dash] of [['review', thresholds.review, '5 3'], ['block', thresholds.block, '']] as const) {
    if (value < low || value > high) continue;
    const row = ROWS[level];
    parts.push(`<line x1="${x(value)}" x2="${x(value)}" y1="${row - 10}" y2="${y(0)}" stroke="${CHART_COLOURS.threshold}" stroke-width="1.5"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`);
    // Review's label reads to the left of its line and block's to the right (review ≤ block), unless the edge is too close.
    const left = level === 'review' ? x(value) - MARGIN.left > 80 : WIDTH - MARGIN.right - x(value) < 80;
    parts.push(`<text x="${x(value) + (left ? -5 : 5)}" y="${row}" text-anchor="${left ? 'end' : 'start'}" class="marker">${level} ${value}</text>`);
  }
  parts.push(legend());
  parts.push(`<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 4}" text-anchor="middle" class="axis-label">score</text>`);
  parts.push(`<text transform="translate(12 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" class="axis-label">share of class</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>${parts.join('')}</svg>`;
}

function bar(left: number, width: number, value: number, y: (value: number) => number, colour: string, label: string): string {
  if (value === 0) return '';
  return `<rect x="${left.toFixed(1)}" y="${y(value).toFixed(1)}" width="${Math.max(1, width).toFixed(1)}" height="${(y(0) - y(value)).toFixed(1)}" fill="${colour}"><title>${label}</title></rect>`;
}

function legend(): string {
  const item = (x: number, colour: string, text: string): string =>
    `<rect x="${x}" y="${ROWS.legend - 9}" width="10" height="10" fill="${colour}"/><text x="${x + 14}" y="${ROWS.legend}" class="legend">${text}</text>`;
  return item(MARGIN.left, CHART_COLOURS.negative, 'negatives') + item(MARGIN.left + 84, CHART_COLOURS.positive, 'positives');
}

function xRange(set: LabelledScores, thresholds: CategoryThresholds, scoring: 'cosine' | 'contrast-softmax'): [number, number] {
  if (scoring === 'contrast-softmax') return [0, 1];
  const values = [...set.scores, thresholds.review, thresholds.block];
  const min = Math.min(...values);
  const max = Math.max(...values);
  const pad = Math.max(0.01, (max - min) * 0.05);
  // Tenths at the ends keep the tick labels round.
  return [Math.max(-1, Math.floor((min - pad) * 10) / 10), Math.min(1, Math.ceil((max + pad) * 10) / 10)];
}

/** Ticks at a round step (0.1, 0.2, 0.25 or 0.5) giving at most six labels across the range. */
function niceTicks(low: number, high: number): number[] {
  const step = [0.1, 0.2, 0.25, 0.5, 1].find((candidate) => (high - low) / candidate <= 5) ?? 1;
  const ticks: number[] = [];
  for (let value = Math.ceil(low / step - 1e-9) * step; value <= high + 1e-9; value += step) ticks.push(Number(value.toFixed(4)));
  return ticks;
}

function round(value: number): string {
  return Number(value.toFixed(2)).toString();
}
