import { LabelledScores, labelledScores } from '../metrics/labelled-scores';
import { ExampleResult } from './evaluation-result';

/** One category's score for every example, in order (NaN where the example lacks the category). */
export function categoryScores(results: readonly ExampleResult[], categoryId: string): Float64Array {
  return Float64Array.from(results, (result) => result.scores[categoryId] ?? Number.NaN);
}

/** One category's scores paired with its labels, over the examples labelled for it. */
export function categoryLabelledScores(result: { readonly examples: readonly ExampleResult[] }, categoryId: string): LabelledScores {
  return labelledScores(
    categoryScores(result.examples, categoryId),
    result.examples.map((example) => example.labels[categoryId]),
  );
}
