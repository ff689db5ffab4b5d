import { expandPrompts } from '../policy/expand-prompts';
import { Policy } from '../policy/policy.types';
import { CompiledCategory, CompiledPolicy } from './compiled-policy';

/** Turns prompt texts into unit embeddings, from a cache or the text encoder. */
export type PromptEmbedder = (prompts: readonly string[]) => Promise<ReadonlyMap<string, Float32Array>>;

/** Embeds every prompt of a policy (templates applied) once, for one model. */
export async function compilePolicy(policy: Policy, modelHash: string, embed: PromptEmbedder): Promise<CompiledPolicy> {
  const expanded = policy.categories.map((category) => ({
    category,
    prompts: expandPrompts(category.prompts, category.templates),
    contrastPrompts: expandPrompts(category.contrastPrompts, category.templates),
  }));
  const embeddings = await embed(expanded.flatMap((entry) => [...entry.prompts, ...entry.contrastPrompts]));
  let dim = 0;
  const matrix = (prompts: readonly string[]): Float32Array => {
    const rows = prompts.map((prompt) => {
      const embedding = embeddings.get(prompt);
      if (!embedding) throw new Error(`No embedding for prompt "${prompt}"`);
      dim ||= embedding.length;
      return embedding;
    });
    const out = new Float32Array(rows.length * dim);
    rows.forEach((row, index) => out.set(row, index * dim));
    return out;
  };
  const categories: CompiledCategory[] = expanded.map((entry) => ({
    category: entry.category,
    prompts: entry.prompts,
    promptMatrix: matrix(entry.prompts),
    contrastPrompts: entry.contrastPrompts,
    contrastMatrix: matrix(entry.contrastPrompts),
  }));
  return { policy, modelHash, dim, categories };
}
