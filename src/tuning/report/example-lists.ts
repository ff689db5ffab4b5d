import { ExampleResult } from '../evaluation/evaluation-result';

/** Examples per list in a report, unless the caller asks for another number. */
export const DEFAULT_LIST_LENGTH = 8;

/** An example as listed in a report. */
export interface ListedExample {
  readonly id: string;
  readonly score: number;
  readonly label: boolean | undefined;
}

/** The examples a person should look at for one category. */
export interface CategoryExampleLists {
  /** Highest-scoring examples, labelled or not: what the category reacts to most. */
  readonly top: readonly ListedExample[];
  /** Negatives at or above the review threshold, highest first: false alarms. */
  readonly falsePositives: readonly ListedExample[];
  /** Positives below the review threshold, lowest first: what the category misses. */
  readonly missed: readonly ListedExample[];
}

/** Picks the lists for one category, at most `limit` examples each. */
export function categoryExampleLists(examples: readonly ExampleResult[], categoryId: string, reviewThreshold: number, limit: number): CategoryExampleLists {
  const listed = examples.map((example) => ({ id: example.id, score: example.scores[categoryId] ?? Number.NaN, label: example.labels[categoryId] }));
  const byScore = [...listed].sort((a, b) => b.score - a.score);
  return {
    top: byScore.slice(0, limit),
    falsePositives: byScore.filter((example) => example.label === false && example.score >= reviewThreshold).slice(0, limit),
    missed: byScore
      .filter((example) => example.label === true && example.score < reviewThreshold)
      .reverse()
      .slice(0, limit),
  };
}
