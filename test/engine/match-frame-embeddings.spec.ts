import { EmbeddingContentMatch, EmbeddingMatcher } from '../../src/engine/scoring/known-content-match';
import { matchFrameEmbeddings } from '../../src/engine/scoring/match-frame-embeddings';

const match = (bank: string, entry: number, similarity: number, action: EmbeddingContentMatch['action'] = 'block'): EmbeddingContentMatch => ({
  kind: 'embedding',
  bank: { id: `id-${bank}`, name: bank },
  entry: { id: entry, label: null },
  similarity,
  threshold: 0.9,
  action,
});

describe('matchFrameEmbeddings', () => {
  it("keeps each entry once, at its best frame's similarity, most similar first", () => {
    // Frame 0 is close to entries 1 and 2, frame 1 closer to entry 2 and to entry 3 of another bank.
    const byFrame = new Map<number, EmbeddingContentMatch[]>([
      [0, [match('a', 1, 0.95, 'review'), match('a', 2, 0.91)]],
      [1, [match('a', 2, 0.99), match('b', 3, 0.95)]],
    ]);
    const seen: number[][] = [];
    const matcher: EmbeddingMatcher = (embedding) => {
      seen.push(Array.from(embedding));
      return byFrame.get(embedding[0]!) ?? [];
    };
    const matches = matchFrameEmbeddings(matcher, [[0, 1], Float32Array.of(1, 0)]);
    expect(seen).toEqual([[0, 1], [1, 0]]);
    // Equal similarity: the stronger action first.
    expect(matches.map((found) => [found.bank.name, found.entry.id, found.similarity])).toEqual([
      ['a', 2, 0.99],
      ['b', 3, 0.95],
      ['a', 1, 0.95],
    ]);
  });

  it('matches nothing when no frame is close to any entry', () => {
    expect(matchFrameEmbeddings(() => [], [[1, 0], [0, 1]])).toEqual([]);
  });
});
