import { EmbeddingContentMatch, EmbeddingMatcher, KnownContentAction } from './known-content-match';

/**
 * The embedding bank entries any of an image's frames matched, each once with its best frame's
 * similarity: most similar first, then the stronger action, then by bank name and entry id, so
 * the order never depends on which frame came first. An animation is as bad as its worst frame,
 * as with categories.
 */
export function matchFrameEmbeddings(matcher: EmbeddingMatcher, frames: readonly ArrayLike<number>[]): EmbeddingContentMatch[] {
  const best = new Map<string, EmbeddingContentMatch>();
  for (const frame of frames) {
    const embedding = frame instanceof Float32Array ? frame : Float32Array.from(frame);
    for (const match of matcher(embedding)) {
      const key = `${match.bank.id}:${match.entry.id}`;
      const held = best.get(key);
      if (!held || match.similarity > held.similarity) best.set(key, match);
    }
  }
  return [...best.values()].sort(
    (a, b) => b.similarity - a.similarity || severity(b.action) - severity(a.action) || a.bank.name.localeCompare(b.bank.name) || a.entry.id - b.entry.id,
  );
}

function severity(action: KnownContentAction): number {
  return action === 'block' ? 2 : action === 'review' ? 1 : 0;
}
