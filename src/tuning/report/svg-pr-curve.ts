import { LabelledScores } from '../metrics/labelled-scores';
import { operatingPoints } from '../metrics/operating-points';
import { ThresholdMetrics } from '../metrics/threshold-metrics';
import { CHART_COLOURS } from './chart-colours';
import { escapeHtml } from './html-escape';

const WIDTH = 380;
const HEIGHT = 260;
const MARGIN = { left: 44, right: 14, top: 14, bottom: 38 };
/** More points than this are thinned (evenly by rank) so a large set does not bloat the file. */
const MAX_POINTS = 400;

/**
 * The precision-recall curve of one category as inline SVG: recall across, precision up, one
 * point per distinct threshold joined in threshold order, the chance level (the share of
 * positives) dashed, and the current review and block thresholds marked and labelled.
 */
export function prCurveSvg(set: LabelledScores, review: ThresholdMetrics, block: ThresholdMetrics, title: string): string {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (recall: number): number => MARGIN.left + recall * plotW;
  const y = (precision: number): number => MARGIN.top + (1 - precision) * plotH;
  const parts: string[] = [];
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<line x1="${x(0)}" x2="${x(1)}" y1="${y(tick)}" y2="${y(tick)}" stroke="${CHART_COLOURS.grid}"/>`);
    parts.push(`<line x1="${x(tick)}" x2="${x(tick)}" y1="${y(0)}" y2="${y(1)}" stroke="${CHART_COLOURS.grid}"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${y(tick) + 4}" text-anchor="end" class="tick">${tick}</text>`);
    parts.push(`<text x="${x(tick)}" y="${y(0) + 14}" text-anchor="middle" class="tick">${tick}</text>`);
  }
  parts.push(`<text x="${x(0.5)}" y="${HEIGHT - 4}" text-anchor="middle" class="axis-label">recall</text>`);
  parts.push(`<text transform="translate(12 ${y(0.5)}) rotate(-90)" text-anchor="middle" class="axis-label">precision</text>`);
  if (set.positives === 0) {
    parts.push(`<text x="${x(0.5)}" y="${y(0.5)}" text-anchor="middle" class="empty">no labelled positives</text>`);
  } else {
    const chance = set.positives / (set.positives + set.negatives);
    parts.push(`<line x1="${x(0)}" x2="${x(1)}" y1="${y(chance)}" y2="${y(chance)}" stroke="${CHART_COLOURS.chance}" stroke-dasharray="4 3"/>`);
    const points = thin(operatingPoints(set)).map((point) => [point.tp / set.positives, point.tp / (point.tp + point.fp)] as const);
    const path = [[0, points[0]![1]] as const, ...points].map(([r, p], index) => `${index === 0 ? 'M' : 'L'}${x(r).toFixed(1)},${y(p).toFixed(1)}`).join(' ');
    parts.push(`<path d="${path}" fill="none" stroke="${CHART_COLOURS.curve}" stroke-width="2"/>`);
    parts.push(markers(review, block, x, y));
  }
  return svg(title, parts);
}

/**
 * The review (ring) and block (square) markers with their labels. Labels stay inside the plot;
 * when the two points (nearly) coincide, as when no example scores between the thresholds, they
 * share one label instead of printing over each other.
 */
function markers(review: ThresholdMetrics, block: ThresholdMetrics, x: (value: number) => number, y: (value: number) => number): string {
  const at = (metrics: ThresholdMetrics): { cx: number; cy: number } | undefined =>
    metrics.recall === null || metrics.precision === null ? undefined : { cx: x(metrics.recall), cy: y(metrics.precision) };
  const reviewAt = at(review);
  const blockAt = at(block);
  const parts: string[] = [];
  if (reviewAt) parts.push(`<circle cx="${reviewAt.cx}" cy="${reviewAt.cy}" r="5" fill="#fff" stroke="${CHART_COLOURS.threshold}" stroke-width="2"/>`);
  if (blockAt) parts.push(`<rect x="${blockAt.cx - 4.5}" y="${blockAt.cy - 4.5}" width="9" height="9" fill="${CHART_COLOURS.threshold}"/>`);
  const together = reviewAt && blockAt && Math.hypot(reviewAt.cx - blockAt.cx, reviewAt.cy - blockAt.cy) < 18;
  if (together) parts.push(label(reviewAt, `review ${review.threshold} · block ${block.threshold}`, 14));
  else {
    if (reviewAt) parts.push(label(reviewAt, `review ${review.threshold}`, -9));
    if (blockAt) parts.push(label(blockAt, `block ${block.threshold}`, 16));
  }
  return parts.join('');
}

function label(point: { cx: number; cy: number }, text: string, dy: number): string {
  // Left of points near the right edge, right of the others; never above or below the plot.
  const anchor = point.cx > WIDTH - 140 ? 'end' : 'start';
  const dx = anchor === 'end' ? -9 : 9;
  const top = MARGIN.top + 10;
  const bottom = HEIGHT - MARGIN.bottom - 4;
  const textY = Math.min(bottom, Math.max(top, point.cy + dy));
  return `<text x="${point.cx + dx}" y="${textY}" text-anchor="${anchor}" class="marker">${escapeHtml(text)}</text>`;
}

function thin<T>(points: readonly T[]): T[] {
  if (points.length <= MAX_POINTS) return [...points];
  const step = (points.length - 1) / (MAX_POINTS - 1);
  return Array.from({ length: MAX_POINTS }, (_, index) => points[Math.round(index * step)]!);
}

function svg(title: string, parts: readonly string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>${parts.join('')}</svg>`;
}
