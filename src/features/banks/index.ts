/**
 * Hash banks: named banks of PDQ hashes of known content, their admin API, import and export, and
 * the in-process matcher every server and worker holds.
 */
export { HashBankMatcher } from './matching/hash-bank-matcher';
export type { HashBankMatcherOptions, LoadedBankSummary } from './matching/hash-bank-matcher';
export type { BankMatch, PdqToMatch } from './matching/bank-match';
export { MAX_MATCHES_PER_BANK } from './matching/loaded-bank';
export type { BankChange, BankChangeSink } from './matching/bank-change';
export { NO_BANK_CHANGE_SINK } from './matching/bank-change';
export { BANK_ACTIONS, BANK_ENTRY_SOURCES, BANK_NAME_PATTERN, DEFAULT_BANK_SETTINGS, MAX_BANK_THRESHOLD } from './bank-types';
export type { BankAction, BankEntry, BankEntrySource, BankSettings, HashBank, NewBankEntry } from './bank-types';
export { DEFAULT_BANK_OPTIONS, resolveBankOptions } from './bank-options';
export type { BankOptions, BanksFeatureOptions } from './bank-options';
export type { BankChangeActor, CommandLineBankActor } from './bank-change-actor';
export { HashBankRepository } from './hash-bank.repository';
export { BankEntryRepository } from './bank-entry.repository';
export { HashBanksService } from './hash-banks.service';
export type { HashBankUpdate, NewHashBank } from './hash-banks.service';
export { BankEntriesService } from './bank-entries.service';
export type { BankEntryPage, BankEntryQuery, ImageEntry } from './bank-entries.service';
export { BankTransferService, MAX_REPORTED_INVALID_LINES } from './bank-transfer.service';
export type { ImportReport, ImportRequest } from './bank-transfer.service';
export { HASH_LIST_FORMATS } from './transfer/hash-list';
export type { HashListFormat, InvalidLine } from './transfer/hash-list';
export { EmbeddingBankMatcher } from './embedding/matching/embedding-bank-matcher';
export type { EmbeddingBankHit, EmbeddingBankMatcherOptions, LoadedEmbeddingBankSummary } from './embedding/matching/embedding-bank-matcher';
export { DEFAULT_EMBEDDING_BANK_SETTINGS, MIN_EMBEDDING_THRESHOLD } from './embedding/embedding-bank-types';
export type { EmbeddingBank, EmbeddingBankEntry, EmbeddingBankSettings } from './embedding/embedding-bank-types';
export { EmbeddingBankRepository } from './embedding/embedding-bank.repository';
export { EmbeddingBankEntryRepository } from './embedding/embedding-bank-entry.repository';
export type { BankedDecision } from './embedding/embedding-bank-entry.repository';
export { EmbeddingBanksService } from './embedding/embedding-banks.service';
export { EmbeddingBankEntriesService } from './embedding/embedding-bank-entries.service';
export { ReviewBanking } from './embedding/review-banking';
export type { BankRequest, BankedEntryRef, DecisionForBank } from './embedding/review-banking';
export { BankMatchingModule } from './bank-matching.module';
export { BanksHttpModule } from './banks-http.module';
