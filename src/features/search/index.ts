/**
 * Search of past traffic: stored decisions found by text, by an example decision or by an
 * uploaded image, over an exact int8 index of their CLIP image embeddings (reviewers and admins).
 */
export { DecisionSearchIndex } from './decision-search-index';
export type { DecisionSearchIndexOptions, DecisionSearchIndexStatus } from './decision-search-index';
export { DecisionSearchService, DEFAULT_SEARCH_LIMIT, MAX_SEARCH_DEPTH, MAX_SEARCH_LIMIT } from './decision-search.service';
export type { SearchFilters, SearchHit, SearchPage, SearchRequest } from './decision-search.service';
export { SearchIndexRepository } from './search-index.repository';
export { DEFAULT_SEARCH_OPTIONS, databaseLabel, resolveSearchOptions, searchSettings } from './search-options';
export type { ResolvedSearchOptions, SearchFeatureOptions, SearchOptions } from './search-options';
export { SearchHttpModule } from './search-http.module';
