import { HashBankEntryEntity } from '../../database/entities/hash-bank-entry.entity';
import { HashBankEntity } from '../../database/entities/hash-bank.entity';
import { BankAction, BankEntry, BankEntrySource, BankSettings, HashBank } from './bank-types';

/** A bank row as the API and the CLI show it. */
export function toHashBank(row: HashBankEntity): HashBank {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    ...settingsOfRow(row),
    entryCount: row.entryCount,
    revision: row.revision,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
  };
}

/** An entry row as the API and the CLI show it. */
export function toBankEntry(row: HashBankEntryEntity): BankEntry {
  return {
    id: row.id,
    bankId: row.bankId,
    hash: row.hash,
    label: row.label,
    note: row.note,
    source: row.source as BankEntrySource,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

/** What a bank matches and what a match means, from its row. */
export function settingsOfRow(row: HashBankEntity): BankSettings {
  return { threshold: row.distanceThreshold, action: row.action as BankAction, minQuality: row.minQuality, dihedral: row.dihedral, enabled: row.enabled };
}

/** The state of a bank an audit event records. */
export function auditStateOfBank(row: HashBankEntity): Record<string, unknown> {
  return { name: row.name, description: row.description, ...settingsOfRow(row) };
}

/** The state of an entry an audit event records. */
export function auditStateOfEntry(row: HashBankEntryEntity, bankName: string): Record<string, unknown> {
  return { bankName, entryId: row.id, hash: row.hash, label: row.label, note: row.note, source: row.source };
}
