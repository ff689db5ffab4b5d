import { expandPrompts } from '../../engine/policy/expand-prompts';
import { CompiledPolicy } from '../../engine/scoring/compiled-policy';
import { PolicyLintWarning } from './policy-lint-warning';

/** Cosine similarity above which two prompts count as saying the same thing. */
export const NEAR_DUPLICATE_SIMILARITY = 0.95;

interface SourcePrompt {
  readonly categoryIndex: number;
  readonly categoryId: string;
  readonly kind: 'prompts' | 'contrastPrompts';
  readonly index: number;
  readonly text: string;
  /** Unit embeddings of the prompt in each of its templates. */
  readonly embeddings: readonly Float32Array[];
}

/**
 * Prompts the model cannot tell apart, by the engine's own text embeddings (cosine above
 * `threshold`, taking the closest pair of their templated forms):
 * - a prompt and a contrast prompt of the same category: the softmax splits the image between
 *   them, so the category's score hovers around its share of prompts whatever the image shows;
 * - two prompts (or two contrast prompts) of one category: redundant, and in a softmax they
 *   double the weight of one idea;
 * - prompts of two categories: both categories fire on the same images.
 * Forms of one prompt under different templates are of course alike and not compared.
 */
export function nearDuplicatePrompts(compiled: CompiledPolicy, threshold = NEAR_DUPLICATE_SIMILARITY): PolicyLintWarning[] {
  const sources = sourcePrompts(compiled);
  const warnings: PolicyLintWarning[] = [];
  for (let a = 0; a < sources.length; a++) {
    for (let b = a + 1; b < sources.length; b++) {
      const first = sources[a]!;
      const second = sources[b]!;
      // Contrast prompts of different categories overlap on purpose (shared benign look-alikes).
      if (first.categoryIndex !== second.categoryIndex && (first.kind === 'contrastPrompts' || second.kind === 'contrastPrompts')) continue;
      const similarity = closest(first.embeddings, second.embeddings);
      if (similarity <= threshold) continue;
      warnings.push({
        code: 'near-duplicate-prompts',
        policyId: compiled.policy.id,
        categoryId: second.categoryId,
        field: `categories[${second.categoryIndex}].${second.kind}[${second.index}]`,
        message: `"${second.text}" is nearly identical to ${describe(first, second)} "${first.text}" (cosine ${similarity.toFixed(3)}): ${consequence(first, second)}`,
        details: { similarity, other: { categoryId: first.categoryId, field: `categories[${first.categoryIndex}].${first.kind}[${first.index}]`, text: first.text } },
      });
    }
  }
  return warnings;
}

function sourcePrompts(compiled: CompiledPolicy): SourcePrompt[] {
  const sources: SourcePrompt[] = [];
  compiled.categories.forEach((entry, categoryIndex) => {
    const { category } = entry;
    const rows = new Map<string, Float32Array>();
    entry.prompts.forEach((text, row) => rows.set(text, entry.promptMatrix.subarray(row * compiled.dim, (row + 1) * compiled.dim)));
    entry.contrastPrompts.forEach((text, row) => rows.set(text, entry.contrastMatrix.subarray(row * compiled.dim, (row + 1) * compiled.dim)));
    for (const kind of ['prompts', 'contrastPrompts'] as const) {
      category[kind].forEach((text, index) => {
        const embeddings = expandPrompts([text], category.templates).flatMap((expanded) => rows.get(expanded) ?? []);
        sources.push({ categoryIndex, categoryId: category.id, kind, index, text, embeddings });
      });
    }
  });
  return sources;
}

function closest(first: readonly Float32Array[], second: readonly Float32Array[]): number {
  let best = -Infinity;
  for (const a of first) {
    for (const b of second) {
      let sum = 0;
      for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
      if (sum > best) best = sum;
    }
  }
  return best;
}

function describe(first: SourcePrompt, second: SourcePrompt): string {
  const kind = first.kind === 'prompts' ? 'prompt' : 'contrast prompt';
  return first.categoryIndex === second.categoryIndex ? `its ${kind}` : `${first.categoryId}'s ${kind}`;
}

function consequence(first: SourcePrompt, second: SourcePrompt): string {
  if (first.categoryIndex !== second.categoryIndex) return 'both categories will fire on the same images; merge them or make them distinct';
  if (first.kind !== second.kind) return 'the category cannot tell what it looks for from its benign look-alike, so its score stays near its share of prompts';
  return 'one adds nothing, and under contrast-softmax the pair weighs one idea twice; drop or reword one';
}
