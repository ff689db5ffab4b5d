import { ModerationError } from '../../../engine/errors/moderation-error';
import { AppError, AppErrorCode } from '../../../shared/errors/app-error-code';

/** BANK_NOT_FOUND: no embedding bank has this id or name. */
export function embeddingBankNotFound(bank: string): AppError {
  return new ModerationError(AppErrorCode.BankNotFound, `No embedding bank is called or has the id ${JSON.stringify(bank)}`, { bank });
}

/** BANK_ENTRY_NOT_FOUND: the embedding bank has no entry with this id. */
export function embeddingEntryNotFound(bankId: string, entryId: number): AppError {
  return new ModerationError(AppErrorCode.BankEntryNotFound, `Embedding bank ${bankId} has no entry ${entryId}`, { bankId, entryId });
}
