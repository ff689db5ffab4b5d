import { ModerationError } from '../../engine/errors/moderation-error';
import { AppError, AppErrorCode } from '../../shared/errors/app-error-code';

/** BANK_NOT_FOUND: no bank has this id or name. */
export function bankNotFound(bank: string): AppError {
  return new ModerationError(AppErrorCode.BankNotFound, `No hash bank is called or has the id ${JSON.stringify(bank)}`, { bank });
}

/** BANK_NAME_TAKEN: the name belongs to another bank, of either kind (policies name both kinds alike). */
export function bankNameTaken(name: string, kind: 'hash' | 'embedding' = 'hash'): AppError {
  return new ModerationError(AppErrorCode.BankNameTaken, `A${kind === 'hash' ? ' hash' : 'n embedding'} bank called ${JSON.stringify(name)} exists already`, { name, kind });
}

/** BANK_ENTRY_NOT_FOUND: the bank has no entry with this id. */
export function bankEntryNotFound(bankId: string, entryId: number): AppError {
  return new ModerationError(AppErrorCode.BankEntryNotFound, `Hash bank ${bankId} has no entry ${entryId}`, { bankId, entryId });
}

/** BANK_ENTRY_EXISTS: the bank holds the hash already, as `entryId`. */
export function bankEntryExists(bankId: string, hash: string, entryId: number): AppError {
  return new ModerationError(AppErrorCode.BankEntryExists, `Hash bank ${bankId} holds ${hash} already (entry ${entryId})`, { bankId, hash, entryId });
}
