import { StoredDecision } from '../decisions/decision.types';
import { DecisionResponse } from './decision.dto';

/** A stored decision as the API returns it: everything but the embeddings, which stay in the log. */
export function toDecisionResponse(decision: StoredDecision & { reused?: boolean }): DecisionResponse {
  const { embedding: _embedding, frameEmbeddings: _frameEmbeddings, ...rest } = decision;
  return {
    ...rest,
    triggered: [...rest.triggered],
    categories: rest.categories.map((category) => ({ ...category, thresholds: { ...category.thresholds } })),
    matches: rest.matches.map((match) => ({ ...match, bank: { ...match.bank }, entry: { ...match.entry } })),
  };
}
