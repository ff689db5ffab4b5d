import { CategoryPolicy, Policy } from '../policy/policy.types';

/** A category with its prompt texts embedded, ready to score images. */
export interface CompiledCategory {
  readonly category: CategoryPolicy;
  /** Prompts after templates are applied, in order. */
  readonly prompts: readonly string[];
  /** Row-major [prompts.length, dim] unit vectors. */
  readonly promptMatrix: Float32Array;
  readonly contrastPrompts: readonly string[];
  /** Row-major [contrastPrompts.length, dim] unit vectors. */
  readonly contrastMatrix: Float32Array;
}

/** A policy whose prompts are all embedded for one model. */
export interface CompiledPolicy {
  readonly policy: Policy;
  readonly modelHash: string;
  readonly dim: number;
  readonly categories: readonly CompiledCategory[];
}
