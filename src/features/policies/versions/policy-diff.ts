import { ModerationAction } from '../../../engine/policy/moderation-action';
import { CategoryPolicy, CategorySeverity, ScoringMethod } from '../../../engine/policy/policy.types';

/** A value that differs between two versions. */
export interface ValueChange<T> {
  readonly from: T;
  readonly to: T;
}

/** Entries of a list present in only one of two versions. */
export interface ListChange {
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/** How one category present in both versions changed; a field is absent when it did not change. */
export interface CategoryDiff {
  readonly id: string;
  readonly prompts: ListChange;
  readonly contrastPrompts: ListChange;
  readonly templates: ListChange;
  readonly thresholds: { readonly review?: ValueChange<number>; readonly block?: ValueChange<number> };
  readonly scoring?: ValueChange<ScoringMethod>;
  readonly shadow?: ValueChange<boolean>;
  readonly severity?: ValueChange<CategorySeverity>;
  readonly description?: ValueChange<string>;
}

/**
 * What changed from one version of a policy to another, as data: policy-level fields, categories
 * added and removed (whole), and per category present in both, prompts added and removed,
 * thresholds, scoring, shadow and severity changes.
 */
export interface PolicyDiff {
  readonly policyId: string;
  readonly from: string;
  readonly to: string;
  /** True when the versions decide identically (same content: the same hash). */
  readonly identical: boolean;
  readonly description?: ValueChange<string>;
  readonly defaultAction?: ValueChange<ModerationAction>;
  readonly logitScale?: ValueChange<number>;
  readonly categories: {
    readonly added: readonly CategoryPolicy[];
    readonly removed: readonly CategoryPolicy[];
    readonly changed: readonly CategoryDiff[];
    readonly unchanged: readonly string[];
  };
}
