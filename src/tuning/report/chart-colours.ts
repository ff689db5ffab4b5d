/**
 * Chart colours: blue and orange stay distinguishable with the common colour-vision deficiencies,
 * and every series is also named in a legend, never told by colour alone.
 */
export const CHART_COLOURS = Object.freeze({
  positive: '#e8590c',
  negative: '#1971c2',
  curve: '#1971c2',
  axis: '#495057',
  grid: '#e9ecef',
  threshold: '#212529',
  chance: '#adb5bd',
});
