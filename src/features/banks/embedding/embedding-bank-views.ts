import { EmbeddingBankEntryEntity } from '../../../database/entities/embedding-bank-entry.entity';
import { EmbeddingBankEntity } from '../../../database/entities/embedding-bank.entity';
import { BankAction } from '../bank-types';
import { EmbeddingBank, EmbeddingBankEntry, EmbeddingBankSettings, EmbeddingEntrySource } from './embedding-bank-types';

/** A bank row as the API shows it. */
export function toEmbeddingBank(row: EmbeddingBankEntity): EmbeddingBank {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    ...embeddingSettingsOfRow(row),
    entryCount: row.entryCount,
    revision: row.revision,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
  };
}

/** An entry row as the API shows it. */
export function toEmbeddingBankEntry(row: EmbeddingBankEntryEntity): EmbeddingBankEntry {
  return {
    id: row.id,
    bankId: row.bankId,
    decisionId: row.decisionId,
    modelHash: row.modelHash,
    label: row.label,
    note: row.note,
    source: row.source as EmbeddingEntrySource,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

/** What a bank matches and what a match means, from its row. */
export function embeddingSettingsOfRow(row: EmbeddingBankEntity): EmbeddingBankSettings {
  return { threshold: row.minSimilarity, action: row.action as BankAction, enabled: row.enabled };
}

/** The state of a bank an audit event records. */
export function auditStateOfEmbeddingBank(row: EmbeddingBankEntity): Record<string, unknown> {
  return { name: row.name, description: row.description, ...embeddingSettingsOfRow(row) };
}

/** The state of an entry an audit event records (not the embedding: 2 KiB of numbers explain nothing). */
export function auditStateOfEmbeddingEntry(row: EmbeddingBankEntryEntity, bankName: string): Record<string, unknown> {
  return { bankName, entryId: row.id, decisionId: row.decisionId, modelHash: row.modelHash, label: row.label, note: row.note, source: row.source };
}
