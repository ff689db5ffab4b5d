import { createHash } from 'node:crypto';
import { ModerationError } from '../../engine/errors/moderation-error';
import { ModerationEngine } from '../../engine/moderation-engine';
import { ModerationAction } from '../../engine/policy/moderation-action';
import { isDecisionId } from '../../shared/database/cursor';
import { AppErrorCode } from '../../shared/errors/app-error-code';
import { validationError } from '../../shared/http/validation-error';
import { parseTimeFlag } from '../../shared/time-window';
import { DecisionSearchIndex } from './decision-search-index';
import { FactFilter } from './index/decision-facts';
import { decodeSearchCursor, encodeSearchCursor, searchFingerprint } from './search-cursor';
import { SearchIndexRepository } from './search-index.repository';
import { SearchHit, SearchPage, toSearchHit } from './search-hit';

/** Hits a page holds when the caller does not say. */
export const DEFAULT_SEARCH_LIMIT = 20;
/** Most hits a page holds. */
export const MAX_SEARCH_LIMIT = 100;
/** How deep paging goes: past this many hits a search has no next page. */
export const MAX_SEARCH_DEPTH = 1000;
/** Query texts whose embedding is kept, so paging through one text search encodes it once. */
const TEXT_CACHE_SIZE = 64;

/** The filters and page of a search, as a caller writes them. */
export interface SearchFilters {
  readonly policy?: string;
  readonly action?: ModerationAction;
  /** Decided at or after: ISO-8601 or a duration ago (`7d`), as the decision list reads it. */
  readonly from?: string;
  /** Decided before: ISO-8601 or a duration ago. */
  readonly to?: string;
  /** true: only decisions a person reviewed (approve or remove); false: only the others. */
  readonly reviewed?: boolean;
  /** Leave out hits less similar than this cosine similarity. */
  readonly minSimilarity?: number;
  readonly limit?: number;
  readonly cursor?: string;
}

/** A search by text or by an example decision: exactly one of the two. */
export interface SearchRequest extends SearchFilters {
  readonly text?: string;
  readonly decisionId?: string;
}

export type { SearchHit, SearchPage };

/**
 * Search of past traffic (reviewers and admins): the query (a text, a stored decision, or an
 * uploaded image) becomes a unit embedding, the {@link DecisionSearchIndex} ranks every indexed
 * decision by cosine similarity within the filters, and the page's hits are read back from the
 * decision log. Pages are offsets into the ranked list, so a decision recorded between two pages
 * can shift the second by one.
 */
export class DecisionSearchService {
  private readonly texts = new Map<string, Float32Array>();

  constructor(
    private readonly index: DecisionSearchIndex,
    private readonly repository: SearchIndexRepository,
    private readonly engine: ModerationEngine,
  ) {}

  /** Search by text or by a decision's image. VALIDATION_FAILED for neither or both; DECISION_NOT_FOUND for an unknown decision. */
  async search(request: SearchRequest): Promise<SearchPage> {
    const text = request.text?.trim();
    if ((text === undefined) === (request.decisionId === undefined)) {
      const reason = 'give exactly one of text and decisionId';
      throw validationError([{ field: 'text', reasons: [reason] }, { field: 'decisionId', reasons: [reason] }]);
    }
    if (text !== undefined) {
      if (text === '') throw validationError([{ field: 'text', reasons: ['must not be blank'] }]);
      return this.page({ text }, () => this.embedText(text), request);
    }
    const id = request.decisionId!.toLowerCase();
    return this.page({ decisionId: id }, () => this.exampleOf(id), request);
  }

  /** Search by an uploaded image, embedded by the model without recording a decision. */
  async searchByImage(image: Uint8Array, filters: SearchFilters, signal?: AbortSignal): Promise<SearchPage> {
    const sha256 = createHash('sha256').update(image).digest('hex');
    return this.page({ image: sha256 }, () => this.embedImage(image, signal), filters);
  }

  /** Every indexed decision, for status lines. */
  get indexedDecisions(): number {
    return this.index.status().decisions;
  }

  private async page(query: Record<string, string>, embed: () => Promise<Float32Array>, filters: SearchFilters): Promise<SearchPage> {
    const limit = Math.min(MAX_SEARCH_LIMIT, Math.max(1, Math.trunc(filters.limit ?? DEFAULT_SEARCH_LIMIT)));
    const fingerprint = searchFingerprint([query, filters.policy, filters.action, filters.from, filters.to, filters.reviewed, filters.minSimilarity]);
    const cursor = filters.cursor === undefined ? undefined : decodeSearchCursor(filters.cursor, fingerprint);
    const nowMs = cursor?.nowMs ?? Date.now();
    const filter = this.factFilter(filters, new Date(nowMs));
    const offset = cursor?.offset ?? 0;
    const end = Math.min(offset + limit, MAX_SEARCH_DEPTH);
    if (offset >= end) return { items: [], nextCursor: null, indexedDecisions: this.indexedDecisions };
    const vector = await embed();
    // One more than the page, to know whether another follows.
    const matches = await this.index.search(vector, filter, { limit: end + 1, minSimilarity: filters.minSimilarity });
    const pageMatches = matches.slice(offset, end);
    const rows = new Map((await this.repository.hits(pageMatches.map((match) => match.id))).map((row) => [row.id, row]));
    const items: SearchHit[] = [];
    for (const match of pageMatches) {
      const row = rows.get(match.id);
      // Deleted from the log since it was indexed: it leaves the index too.
      if (!row) this.index.remove(match.id);
      else items.push(toSearchHit(row, match.similarity));
    }
    const more = matches.length > end && end < MAX_SEARCH_DEPTH;
    return { items, nextCursor: more ? encodeSearchCursor({ offset: end, nowMs, fingerprint }) : null, indexedDecisions: this.indexedDecisions };
  }

  private factFilter(filters: SearchFilters, now: Date): FactFilter {
    return {
      policyId: filters.policy,
      action: filters.action,
      fromMs: filters.from === undefined ? undefined : parseTimeFlag(filters.from, 'from', now).getTime(),
      toMs: filters.to === undefined ? undefined : parseTimeFlag(filters.to, 'to', now).getTime(),
      reviewed: filters.reviewed,
    };
  }

  private async embedText(text: string): Promise<Float32Array> {
    const cached = this.texts.get(text);
    if (cached) return cached;
    const [embedding] = await this.engine.embedTexts([text]);
    if (this.texts.size >= TEXT_CACHE_SIZE) this.texts.delete(this.texts.keys().next().value!);
    this.texts.set(text, embedding!);
    return embedding!;
  }

  private async exampleOf(id: string): Promise<Float32Array> {
    const example = isDecisionId(id) ? await this.repository.example(id) : null;
    if (!example) throw new ModerationError(AppErrorCode.DecisionNotFound, `No decision with id "${id}"`, { id });
    if (example.modelId !== this.engine.model.id) {
      throw validationError([{ field: 'decisionId', reasons: [`was decided with the model ${example.modelId}, whose embeddings do not compare with ${this.engine.model.id}'s`] }]);
    }
    if (example.embedding.length === 0) {
      throw validationError([{ field: 'decisionId', reasons: ['was decided by a bank match without the model, so it has no embedding to search by'] }]);
    }
    return example.embedding;
  }

  /**
   * The image's embedding, from scoring it under any loaded policy (the scores are thrown away and
   * nothing is recorded): decoding and one vision pass, with the engine's admission control, so a
   * full engine answers ENGINE_OVERLOADED as for a moderation. It counts in the engine's scored images.
   */
  private async embedImage(image: Uint8Array, signal: AbortSignal | undefined): Promise<Float32Array> {
    const [policy] = this.engine.policies.list();
    const decision = await this.engine.scoreWith(image, policy!, { signal });
    return Float32Array.from(decision.embedding);
  }
}
