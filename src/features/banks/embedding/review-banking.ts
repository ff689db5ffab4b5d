import type { EntityManager } from 'typeorm';
import { RequestActor, auditActorOf } from '../../access';
import { decodeFloat32Base64 } from '../../../shared/database/float32-base64';
import { validationError } from '../../../shared/http/validation-error';
import { keyIdOfBankChange } from '../bank-change-actor';
import { auditStateOfEmbeddingEntry } from './embedding-bank-views';
import { BankedDecision, EmbeddingBankEntryRepository } from './embedding-bank-entry.repository';
import { EmbeddingBankChangeSink } from './matching/embedding-bank-change';

/** The decision a remove verdict adds to a bank, as the verdict has it. */
export interface DecisionForBank {
  readonly id: string;
  readonly modelHash: string;
  /** The stored embedding of the deciding frame (base64 float32). */
  readonly embedding: string;
}

/** What a remove verdict asks: which bank, and what to write on the entry. */
export interface BankRequest {
  /** The embedding bank's id or name. */
  readonly bank: string;
  readonly label: string | null;
  readonly note: string | null;
}

/** Where the entry a verdict added went, for the verdict's own audit event. */
export interface BankedEntryRef {
  readonly bankId: string;
  readonly bankName: string;
  readonly entryId: number;
  /** False when the bank held the decision already. */
  readonly added: boolean;
}

/**
 * What the review feature uses to add a removed decision's picture to an embedding bank: inside
 * the verdict's transaction (so the verdict, the entry and both audit events commit or fail
 * together; BANK_NOT_FOUND rolls the verdict back), then applied to this process's matcher once
 * the transaction has committed.
 */
export class ReviewBanking {
  constructor(private readonly matcher: EmbeddingBankChangeSink) {}

  /** Adds the decision's embedding to the bank in `transaction`, audited as `bank.entry.add` with the decision and review item. */
  add(transaction: EntityManager, request: BankRequest, decision: DecisionForBank, actor: RequestActor, reviewItemId: string, at: Date): Promise<BankedDecision> {
    if (decision.embedding === '') {
      // Rejected before anything is written: the verdict's transaction rolls back with it.
      return Promise.reject(validationError([{ field: 'addToBank', reasons: ['the decision was made by a bank match without the model, so it has no embedding to bank'] }]));
    }
    const input = { bank: request.bank, decisionId: decision.id, modelHash: decision.modelHash, embedding: decision.embedding, label: request.label, note: request.note, stamp: { at, by: keyIdOfBankChange(actor) } };
    return EmbeddingBankEntryRepository.addDecision(transaction, input, (bank, entry) => ({
      actor: auditActorOf(actor.principal),
      action: 'bank.entry.add',
      subjectType: 'embedding_bank',
      subjectId: bank.id,
      before: null,
      after: { ...auditStateOfEmbeddingEntry(entry, bank.name), reviewItemId },
      at,
      requestId: actor.requestId,
    }));
  }

  /** After the verdict committed: the entry matches in this process from now on. */
  async committed(banked: BankedDecision): Promise<void> {
    if (!banked.revision) return;
    const { entry } = banked;
    await this.matcher.apply({ kind: 'entry-added', revision: banked.revision, entry: { id: entry.id, embedding: Float32Array.from(decodeFloat32Base64(entry.embedding)), label: entry.label, modelHash: entry.modelHash } });
  }

  /** The bank and entry, as the verdict's audit event names them. */
  static refOf(banked: BankedDecision): BankedEntryRef {
    return { bankId: banked.bank.id, bankName: banked.bank.name, entryId: banked.entry.id, added: banked.revision !== null };
  }
}
